# %% [markdown]
# # Backpropagation by hand
#
# This lesson runs backpropagation once, on one training image, with nothing hidden: every
# unit error and every one of the 47 partial derivatives is computed by a short loop you
# can read, then checked: a few against nudging the parameters, all 47 against numpy. It
# follows the book's Backpropagation chapter step by step.

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
# them as plain nested lists: `w2[j][i]` is $w^2_{ji}$, counted from 0.

# %%
images = dataset.load_dataset()
x, label = images[0]
t = dataset.target(label)
params = vector.to_expanded(vector.init_parameters(parameters.SEED))
w2, b2, w3, b3 = params
print("pixels x:", x, " label:", label, " target t:", t)

# %% [markdown]
# ## Step 1: forward
#
# Each layer is $z^l_j = w^l_{j1} a^{l-1}_1 + w^l_{j2} a^{l-1}_2 + \cdots + b^l_j$ and
# $a^l_j = \sigma(z^l_j)$; in vector form $\mathbf{z}^l = W^l \mathbf{a}^{l-1} + \mathbf{b}^l$.

# %%
z2, a2, z3, a3 = expanded.forward(params, x)
C = expanded.cost(a3, t)
print("z2 =", [round(z, 4) for z in z2], " a2 =", [round(a, 4) for a in a2])
print("z3 =", [round(z, 4) for z in z3], " a3 =", [round(a, 4) for a in a3])
print("cost C =", round(C, 6))

# %% [markdown]
# ## Step 2: the output errors
#
# $\delta^3_k = (a^3_k - t_k)\, a^3_k (1 - a^3_k)$ for $k = 1, 2$; in vector form
# $\boldsymbol{\delta}^3 = (\mathbf{a}^3 - \mathbf{t}) \odot \sigma'(\mathbf{z}^3)$.

# %%
delta3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
print("delta3 =", [round(d, 6) for d in delta3])

# %% [markdown]
# ## Step 3: back to the hidden layer
#
# $\delta^2_j = (w^3_{1j} \delta^3_1 + w^3_{2j} \delta^3_2)\, a^2_j (1 - a^2_j)$ for
# $j = 1, 2, 3$; in vector form
# $\boldsymbol{\delta}^2 = ((W^3)^\mathsf{T} \boldsymbol{\delta}^3) \odot \sigma'(\mathbf{z}^2)$.

# %%
delta2 = [(w3[0][j] * delta3[0] + w3[1][j] * delta3[1]) * a2[j] * (1 - a2[j]) for j in range(3)]
print("delta2 =", [round(d, 6) for d in delta2])

# %% [markdown]
# ## Step 4: every partial derivative
#
# A weight's partial derivative is the error of the unit it leads into times the
# activation it comes from, $\partial C / \partial w^l_{ji} = \delta^l_j a^{l-1}_i$; a
# bias's is the unit error alone. The names start with `g`: gradients of one image's $C$.

# %%
gw2 = [[delta2[j] * x[i] for i in range(12)] for j in range(3)]
gb2 = delta2
gw3 = [[delta3[k] * a2[j] for j in range(3)] for k in range(2)]
gb3 = delta3
count = 3 * 12 + 3 + 2 * 3 + 2
print(f"{count} partial derivatives; the first row of gw2, zero where the pixel is paper:")
print([round(g, 5) if x[i] else 0 for i, g in enumerate(gw2[0])])

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
# ## Step 5: learn
#
# One step of gradient descent moves every parameter against its partial derivative of
# $C_T$. Repeat it, and the cost of the training set falls.

# %%
eta = parameters.ETA
for epoch in range(1, 31):
    params = expanded.step(params, expanded.gradients(params, images), eta)
    if epoch % 10 == 0:
        print(f"after {epoch} epochs: C_T = {expanded.total_cost(params, images):.4f}")

# %% [markdown]
# ## Try it
#
# - Pick another image (`images[40]` is a "1") and run the lesson again. Which signs of
#   $\boldsymbol{\delta}^3$ change, and why?
# - Nudge `w2[0][4]`, the weight on pixel 5, which is paper in every "0". What does
#   backpropagation say its partial derivative is for this image, and does nudging agree?
# - Change `eta` to 3 and watch $C_T$ over the first epochs.
