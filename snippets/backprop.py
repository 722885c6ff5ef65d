# %% [markdown]
# # Backpropagation by hand
#
# This lesson runs backpropagation once, on one training image, with nothing hidden. Every
# number is computed by a short line you can read, and printed with the numbers that went
# into it, so that you can redo each multiplication with a calculator: the five unit
# errors, the partial derivatives of the image's cost, one weight moved by gradient
# descent, and the cost falling. Then two checks, and the whole training set. It follows
# the book's Backpropagation chapter step by step.

# %%
import numpy as np

import dataset
import expanded
import parameters
import vector

# %% [markdown]
# ## One image and the starting parameters
#
# The first training image is a "0", so its target is $\mathbf{t} = (1, 0)$. The
# parameters are the random ones the book's training run starts from. `expanded.py` keeps
# them as plain nested lists: `w2[j][i]` is $w^2_{ji}$, counted from 0, so `w2[0][3]` is
# $w^2_{14}$.

# %%
images = dataset.load_dataset()
x, label = images[0]
t = dataset.target(label)
params = vector.to_expanded(vector.init_parameters(parameters.SEED))
w2, b2, w3, b3 = params
print("pixels x:", x, " label:", label, " target t:", t)
print("inked pixels:", [i + 1 for i in range(12) if x[i]])

# %% [markdown]
# ## Step 1: forward
#
# Each layer weighs the activations of the layer before, adds its biases and squashes:
#
# /// pair | One layer, from the activations of the layer before
#     check: backprop.layer
# //// expanded
# $$z^l_j = w^l_{j1} a^{l-1}_1 + w^l_{j2} a^{l-1}_2 + \cdots + b^l_j, \qquad a^l_j = \sigma(z^l_j)$$
# ////
# //// vector
# $$\mathbf{z}^l = W^l \mathbf{a}^{l-1} + \mathbf{b}^l, \qquad \mathbf{a}^l = \sigma(\mathbf{z}^l)$$
# ////
# ///
#
# Only inked pixels contribute to $z^2_j$, so its sum has one weight per inked pixel.
# The cost of the image is $C = \tfrac12 [(t_1 - a^3_1)^2 + (t_2 - a^3_2)^2]$.

# %%
z2, a2, z3, a3 = expanded.forward(params, x)
for j in range(3):
    terms = " + ".join(f"({w2[j][i]:.4f})" for i in range(12) if x[i])
    print(f"z2_{j + 1} = {terms} + ({b2[j]:.4f}) = {z2[j]:.4f},  a2_{j + 1} = sigma(z2_{j + 1}) = {a2[j]:.4f}")
for k in range(2):
    terms = " + ".join(f"({w3[k][j]:.4f})({a2[j]:.4f})" for j in range(3))
    print(f"z3_{k + 1} = {terms} + ({b3[k]:.4f}) = {z3[k]:.4f},  a3_{k + 1} = {a3[k]:.4f}")
C = expanded.cost(a3, t)
print(f"C = 1/2 [({t[0]:g} - {a3[0]:.4f})^2 + ({t[1]:g} - {a3[1]:.4f})^2] = {C:.6f}")

# %% [markdown]
# The same layers in vector form: numpy multiplies the matrix $W^l$ by the column
# $\mathbf{a}^{l-1}$ in one go. Both forms give the same weighted inputs, for this image
# and, as `CHECKS` records for the book's tests, for random parameters and images.

# %%
def layer_expanded(params, x):
    """z2 and z3 term by term, as expanded.forward computes them"""
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return z2 + z3  # the five weighted inputs in one list


def layer_vector(params, x):
    """z2 = W2 x + b2 and z3 = W3 a2 + b3"""
    z2 = params["W2"] @ np.asarray(x, dtype=float) + params["b2"]
    z3 = params["W3"] @ vector.sigma(z2) + params["b3"]
    return np.concatenate([z2, z3])


def random_layer_input(rng):
    """Random parameters and a random 0/1 image"""
    return {"params": parameters.random_parameters(rng), "x": [float(p) for p in rng.integers(0, 2, size=12)]}


CHECKS = {"layer": (layer_expanded, layer_vector, random_layer_input)}

start = vector.init_parameters(parameters.SEED)
print("z, term by term:", np.round(layer_expanded(start, x), 4))
print("z, vector form: ", np.round(layer_vector(start, x), 4))

# %% [markdown]
# The printed numbers are rounded to four decimals and every result is computed from the
# unrounded ones, so a sum you redo by hand may differ in its last digit.
#
# ## Step 2: the output errors
#
# $\delta^3_k = (a^3_k - t_k)\, a^3_k (1 - a^3_k)$ for $k = 1, 2$: the gap times the slope
# of the sigmoid. In vector form
# $\boldsymbol{\delta}^3 = (\mathbf{a}^3 - \mathbf{t}) \odot \sigma'(\mathbf{z}^3)$.

# %%
delta3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
for k in range(2):
    print(f"delta3_{k + 1} = ({a3[k]:.4f} - {t[k]:g}) x {a3[k]:.4f} x (1 - {a3[k]:.4f}) = {delta3[k]:+.6f}")

# %% [markdown]
# ## Step 3: back to the hidden layer
#
# $\delta^2_j = (w^3_{1j} \delta^3_1 + w^3_{2j} \delta^3_2)\, a^2_j (1 - a^2_j)$ for
# $j = 1, 2, 3$: each output sends back its error times the weight that joins it to unit
# $j$, and the unit scales the total by its own slope. In vector form
# $\boldsymbol{\delta}^2 = ((W^3)^\mathsf{T} \boldsymbol{\delta}^3) \odot \sigma'(\mathbf{z}^2)$.

# %%
delta2 = [(w3[0][j] * delta3[0] + w3[1][j] * delta3[1]) * a2[j] * (1 - a2[j]) for j in range(3)]
for j in range(3):
    print(f"delta2_{j + 1} = (({w3[0][j]:.4f})({delta3[0]:+.6f}) + ({w3[1][j]:.4f})({delta3[1]:+.6f}))"
          f" x {a2[j]:.4f} x (1 - {a2[j]:.4f}) = {delta2[j]:+.6f}")
print("the five unit errors:", [round(d, 6) for d in delta2 + delta3])

# %% [markdown]
# ## Step 4: every partial derivative
#
# A weight's partial derivative is the error of the unit it leads into times the
# activation it comes from, $\partial C / \partial w^l_{ji} = \delta^l_j a^{l-1}_i$, with
# $a^1_i = x_i$; a bias's is the unit error alone. The names start with `g`: gradients
# of one image's $C$ (a `d` name would be a derivative of $C_T$).

# %%
gw2 = [[delta2[j] * x[i] for i in range(12)] for j in range(3)]
gb2 = delta2
gw3 = [[delta3[k] * a2[j] for j in range(3)] for k in range(2)]
gb3 = delta3
print(f"dC/dw3_11 = delta3_1 a2_1 = ({delta3[0]:+.6f})({a2[0]:.4f}) = {gw3[0][0]:+.6f}")
print(f"dC/dw3_21 = delta3_2 a2_1 = ({delta3[1]:+.6f})({a2[0]:.4f}) = {gw3[1][0]:+.6f}")
print(f"dC/db3_1  = delta3_1 = {gb3[0]:+.6f}")
print(f"dC/dw2_14 = delta2_1 x_4 = ({delta2[0]:+.6f})({x[3]}) = {gw2[0][3]:+.6f}")
count = 3 * 12 + 3 + 2 * 3 + 2
print(f"{count} partial derivatives in all. The first row of gw2, as computed:")
print([round(g, 6) + 0.0 for g in gw2[0]])  # + 0.0 shows -0.0 as 0.0

# %% [markdown]
# Look at the row above: the derivative is exactly 0 wherever the pixel is paper, because
# $x_i = 0$ there. Nothing forces those zeros; they come out of the formula
# $\delta^2_1 x_i$.
#
# ## Step 5: one step downhill on this image's cost
#
# Gradient descent moves a parameter against its partial derivative,
# $w \leftarrow w - \eta\, \partial C / \partial w$. Here is one weight, then all 47 at
# once. This step uses the cost $C$ of this one image, not of the training set: it is a
# step of *stochastic* gradient descent.

# %%
eta = parameters.ETA
print(f"w3_11 <- {w3[0][0]:.4f} - {eta} x ({gw3[0][0]:+.6f}) = {w3[0][0] - eta * gw3[0][0]:.4f}")
stepped = expanded.step(params, (gw2, gb2, gw3, gb3), eta)
C_after = expanded.cost(expanded.forward(stepped, x)[3], t)
print(f"C of this image: {C:.6f} before the step, {C_after:.6f} after it")

# %% [markdown]
# ## Check 1: nudge a parameter
#
# Raise a weight by a small $h$, lower it by $h$, and divide the change of the cost by
# $2h$: a central difference, which needs no calculus at all. We try three weights,
# $w^2_{14}$, $w^2_{26}$ and $w^2_{3,11}$, that is `w2[0][3]`, `w2[1][5]` and
# `w2[2][10]`, on pixels 4, 6 and 11, which are ink in this image.

# %%
def cost_with(j, i, value):
    """C for this image with w2[j][i] replaced by value."""
    w2_nudged = [row[:] for row in w2]
    w2_nudged[j][i] = value
    return expanded.cost(expanded.forward((w2_nudged, b2, w3, b3), x)[3], t)


h = 1e-6
for j, i in [(0, 3), (1, 5), (2, 10)]:
    nudged = (cost_with(j, i, w2[j][i] + h) - cost_with(j, i, w2[j][i] - h)) / (2 * h)
    print(f"w2[{j}][{i}]: backprop {gw2[j][i]:+.8f}, nudging {nudged:+.8f}")

# %% [markdown]
# ## Check 2: numpy, all 47 at once
#
# The book's numpy code computes the same gradient with a few matrix products, here for a
# training set of this one image. Compare it with the four lists above, entry by entry.

# %%
X, T = dataset.to_arrays([(x, label)])
numpy_grads = vector.gradients(vector.init_parameters(parameters.SEED), X, T)
ours = {"W2": gw2, "b2": gb2, "W3": gw3, "b3": gb3}
largest = max(np.max(np.abs(numpy_grads[name] - np.array(ours[name]))) for name in ours)
print(f"largest difference between our 47 numbers and numpy's: {largest:.1e}")

# %% [markdown]
# ## Step 6: learn from all 64 images
#
# Training the book's way switches from one image's cost $C$ to the cost of the training
# set, $C_T$, the sum of the 64 images' costs. Its gradient is the sum of the 64 images'
# gradients, each computed exactly as above, and each epoch takes one step against that
# sum. The loop prints $C_T$ after each of the first ten epochs and then every tenth.

# %%
params = vector.to_expanded(vector.init_parameters(parameters.SEED))
print(f"before training: C_T = {expanded.total_cost(params, images):.4f}")
for epoch in range(1, 31):
    params = expanded.step(params, expanded.gradients(params, images), eta)
    if epoch <= 10 or epoch % 10 == 0:
        epochs = "epoch " if epoch == 1 else "epochs"
        print(f"after {epoch:2d} {epochs}: C_T = {expanded.total_cost(params, images):.4f}")

# %% [markdown]
# ## Try it
#
# - Pick another image (`images[40]` is a "1") and run the lesson again. Which signs of
#   $\boldsymbol{\delta}^3$ change, and why?
# - Nudge `w2[0][4]`, the weight on pixel 5, which is paper in every "0". What does
#   backpropagation say its partial derivative is for this image, and does nudging agree?
# - Set `eta = 3` in Step 5 and run Steps 5 and 6 again. Does $C$ of the one image still
#   fall? How does $C_T$ behave over the first ten epochs?
