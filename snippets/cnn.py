# %% [markdown]
# # A convolutional network by hand
#
# This lesson runs the convolutional network of the book's fifth chapter once, on one
# training image, in plain Python. It prints the nine products of one filter position, the
# four candidates of one pool, the three outputs and the cost; then the unit errors, the
# error routed through one pool to its winner, and the sixteen terms of one filter weight's
# partial derivative. It checks all 69 partial derivatives against numpy and a few against
# nudging, and finally trains the network on the 96 images.

# %%
import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector

# %% [markdown]
# ## One image and the starting parameters
#
# Image 33 of the training set is the first "2": its prototype in the top-left corner,
# without its two optional pixels. Its target is $\mathbf{t} = (0, 1, 0)$. The parameters
# are the random ones the book's training run starts from, as nested lists:
# `wF[k][p][q]` is $w^{\mathrm{F}}_{k+1,p+1,q+1}$, counted from 0.

# %%
images = cnn_dataset.load_dataset()
pixels, label = images[32]
x = cnn_expanded.as_grid(pixels)
t = cnn_dataset.target(label)
params = cnn_vector.to_expanded(cnn_vector.init_parameters(cnn_parameters.SEED))
wF, bF, wO, bO = params
for row in x:
    print("".join("#" if v else "." for v in row))
print("label:", label, " target t:", t)

# %% [markdown]
# ## The nine products of one filter position
#
# Filter $k$ laid on the image with its top-left corner on pixel $(i, j)$; the cell below
# takes filter 1 at $(1, 1)$:
#
# /// pair | Filter $k$ at position $(i, j)$
#     check: convolution_layer.unfolded
# //// expanded
# $$z^{\mathrm{F}}_{kij} = x_{i,j}\, w^{\mathrm{F}}_{k11} + x_{i,j+1}\, w^{\mathrm{F}}_{k12} + \cdots + x_{i+2,j+2}\, w^{\mathrm{F}}_{k33} + b^{\mathrm{F}}_k$$
# ////
# //// vector
# $$\mathbf{z}^{\mathrm{F}}_k = U \mathbf{w}^{\mathrm{F}}_k + b^{\mathrm{F}}_k \mathbf{1}$$
# ////
# ///
#
# The products on paper pixels are zero.

# %%
k, i, j = 0, 0, 0
terms = [f"({wF[k][p][q]:.3f})({x[i + p][j + q]:g})" for p in range(3) for q in range(3)]
z = cnn_expanded.filter_position(wF[k], bF[k], x, i, j)
print(" + ".join(terms) + f" + ({bF[k]:.3f}) = {z:.4f}")

# %% [markdown]
# ## The forward pass, and the four candidates of one pool
#
# All three maps, their sigmoids, the pooled maps, the outputs and the cost. Then block
# $(1, 1)$ of map 1: its four candidates, and the winner, the first largest in reading order.

# %%
zF, aF, aP, zO, aO = cnn_expanded.forward(params, x)
value, r, s = cnn_expanded.pool_position(aF[0], 0, 0)
candidates = [aF[0][0][0], aF[0][0][1], aF[0][1][0], aF[0][1][1]]
print("candidates:", [round(a, 4) for a in candidates], f"-> max {value:.4f} at row {r + 1}, column {s + 1}")
print("outputs aO:", [round(a, 4) for a in aO])
C = cnn_expanded.cost(aO, t)
print(f"C = 1/2 [({t[0]:g} - {aO[0]:.4f})^2 + ({t[1]:g} - {aO[1]:.4f})^2 + ({t[2]:g} - {aO[2]:.4f})^2] = {C:.6f}")

# %% [markdown]
# The printed numbers are rounded to four decimals; every result is computed from the
# unrounded ones, so a sum you redo by hand may differ in its last digit.
#
# ## The unit errors
#
# At the outputs and at the pooled values:
#
# /// pair | The output errors of one image
#     check: conv_errors.output_errors
# //// expanded
# $$\delta^{\mathrm{O}}_d = \left(a^{\mathrm{O}}_d - t_d\right) a^{\mathrm{O}}_d \left(1 - a^{\mathrm{O}}_d\right), \qquad d = 1, 2, 3$$
# ////
# //// vector
# $$\boldsymbol{\delta}^{\mathrm{O}} = \left(\mathbf{a}^{\mathrm{O}} - \mathbf{t}\right) \odot \mathbf{a}^{\mathrm{O}} \odot \left(\mathbf{1} - \mathbf{a}^{\mathrm{O}}\right)$$
# ////
# ///
#
# /// pair | The errors of the pooled values of one image
#     check: conv_errors.pooled_errors
# //// expanded
# $$\delta^{\mathrm{P}}_{kij} = \delta^{\mathrm{O}}_1\, w^{\mathrm{O}}_{1,kij} + \delta^{\mathrm{O}}_2\, w^{\mathrm{O}}_{2,kij} + \delta^{\mathrm{O}}_3\, w^{\mathrm{O}}_{3,kij}$$
# ////
# //// vector
# $$\boldsymbol{\delta}^{\mathrm{P}} = \left(W^{\mathrm{O}}\right)^\mathsf{T} \boldsymbol{\delta}^{\mathrm{O}}$$
# ////
# ///
#
# In the maps, a unit's error is the block's error times the sigmoid's slope at the block's
# winner, and 0 at the other three units.

# %%
deltaF, deltaP, deltaO = cnn_expanded.deltas(params, aF, aO, t)
print("deltaO:", [round(d, 6) for d in deltaO])
print("deltaP of map 1:", [[round(d, 6) for d in row] for row in deltaP[0]])
print(f"block (1, 1) of map 1: deltaF at the winner = {deltaP[0][0][0]:+.6f} x {aF[0][r][s]:.4f} "
      f"x (1 - {aF[0][r][s]:.4f}) = {deltaF[0][r][s]:+.6f}")
print("deltaF of map 1:")
for row in deltaF[0]:
    print("  ", " ".join(f"{d:+.5f}" for d in row))

# %% [markdown]
# ## One filter weight: sixteen positions
#
# $w^{\mathrm{F}}_{111}$ meets pixel $x_{i,j}$ at position $(i, j)$, so its partial
# derivative adds $\delta^{\mathrm{F}}_{1ij} x_{i,j}$ over the sixteen positions. Only the
# winners have an error, and only the ink pixels count.

# %%
terms = [deltaF[0][i][j] * x[i][j] for i in range(4) for j in range(4)]
shown = [f"({deltaF[0][i][j]:+.5f})({x[i][j]:g})" for i in range(4) for j in range(4) if deltaF[0][i][j]]
print("nonzero terms: " + " + ".join(shown) + f" = {sum(terms):+.6f}")
gwF, gbF, gwO, gbO = cnn_expanded.gradients(params, [(pixels, label)])
print(f"cnn_expanded.gradients gives dC/dwF_111 = {gwF[0][0][0]:+.6f}")

# %% [markdown]
# ## Check 1: nudge a parameter
#
# Raise one weight by $h$, lower it by $h$, divide the change of the cost by $2h$.

# %%
def cost_with(k, p, q, value):
    """C of this image with wF[k][p][q] replaced by value."""
    nudged = [[row[:] for row in f] for f in wF]
    nudged[k][p][q] = value
    return cnn_expanded.cost(cnn_expanded.forward((nudged, bF, wO, bO), x)[4], t)


h = 1e-6
for k, p, q in [(0, 0, 0), (1, 0, 1), (2, 2, 1)]:
    slope = (cost_with(k, p, q, wF[k][p][q] + h) - cost_with(k, p, q, wF[k][p][q] - h)) / (2 * h)
    print(f"wF[{k}][{p}][{q}]: backprop {gwF[k][p][q]:+.8f}, nudging {slope:+.8f}")

# %% [markdown]
# ## Check 2: numpy, all 69 at once
#
# `cnn_vector.gradients` computes the same numbers with matrix products over the unfolded
# windows.

# %%
X, T = cnn_dataset.to_arrays([(pixels, label)])
numpy_theta = cnn_vector.theta_vector(cnn_vector.gradients(cnn_vector.init_parameters(cnn_parameters.SEED), X, T))
ours = np.array(cnn_expanded.flatten((gwF, gbF, gwO, gbO)))
print(f"{ours.size} partial derivatives; largest difference from numpy: {np.max(np.abs(numpy_theta - ours)):.1e}")

# %% [markdown]
# ## Train on all 96 images
#
# Full-batch gradient descent with the book's learning rate, in numpy for speed: each epoch
# is one step against the gradient of $C_T$.

# %%
X, T = cnn_dataset.to_arrays(images)
trained, history = cnn_vector.train(cnn_vector.init_parameters(cnn_parameters.SEED), X, T,
                                    cnn_parameters.ETA, cnn_parameters.EPOCHS)
for epoch in (0, 10, 50, 100, cnn_parameters.EPOCHS):
    print(f"epoch {epoch:4d}: C_T = {history[epoch]:.4f}")
print(f"correct after training: {cnn_vector.correct(trained, X, T)}/{len(X)}")

# %% [markdown]
# ## Try it
#
# - Take image 65, the first "3", instead of image 33. Which output errors change sign?
# - Set `k, i, j = 2, 3, 3` in the first cell of the forward pass and read the nine products
#   of filter 3 at the last position.
# - Train with `cnn_parameters.ETA` replaced by 0.2, then by 0.5. How often does $C_T$ rise?
