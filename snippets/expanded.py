"""The 12-3-2 network written out term by term, the way one spreadsheet row computes it.

Plain Python floats and lists, no numpy. The 47 parameters are the tuple
(w2, b2, w3, b3) of nested lists:

    w2[j][i]  weight from pixel i to hidden unit j      3 rows of 12
    b2[j]     bias of hidden unit j                     3
    w3[k][j]  weight from hidden unit j to output k     2 rows of 3
    b3[k]     bias of output unit k                     2

Python counts from 0 and the prose from 1: w2[0][0] is the book's w^2_11.
An image is (x, label) with x the 12 pixels row by row; its target t comes from dataset.target.
"""

import math

from dataset import batches, shuffler, target


# --8<-- [start:sigma]
def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:  # e^-z is too big for a float when z < -709; sigma(z) is 0 there
        return 0.0
# --8<-- [end:sigma]


# --8<-- [start:sigma_prime]
def sigma_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    s = sigma(z)
    return s * (1 - s)
# --8<-- [end:sigma_prime]


# --8<-- [start:forward]
def forward(params, x):
    """z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j,   a2_j = sigma(z2_j)
    z3_k = w3_k1 a2_1 + w3_k2 a2_2 + w3_k3 a2_3 + b3_k,   a3_k = sigma(z3_k)"""
    w2, b2, w3, b3 = params
    z2, a2 = [], []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += w2[j][i] * x[i]
        z2.append(z)
        a2.append(sigma(z))
    z3, a3 = [], []
    for k in range(2):
        z = b3[k]
        for j in range(3):
            z += w3[k][j] * a2[j]
        z3.append(z)
        a3.append(sigma(z))
    return z2, a2, z3, a3
# --8<-- [end:forward]


# --8<-- [start:cost]
def cost(a3, t):
    """C = 1/2 [(t_1 - a3_1)^2 + (t_2 - a3_2)^2]"""
    return 0.5 * ((t[0] - a3[0]) ** 2 + (t[1] - a3[1]) ** 2)


def total_cost(params, images):
    """C_T = the sum of C over the images"""
    C_T = 0.0
    for x, label in images:
        z2, a2, z3, a3 = forward(params, x)
        C_T += cost(a3, target(label))
    return C_T
# --8<-- [end:cost]


# --8<-- [start:deltas]
def deltas(params, a2, a3, t):
    """delta3_k = (a3_k - t_k) a3_k (1 - a3_k)
    delta2_j = (delta3_1 w3_1j + delta3_2 w3_2j) a2_j (1 - a2_j)"""
    w2, b2, w3, b3 = params
    delta3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
    delta2 = []
    for j in range(3):
        back = 0.0  # the error that flows back to hidden unit j from both outputs
        for k in range(2):
            back += delta3[k] * w3[k][j]
        delta2.append(back * a2[j] * (1 - a2[j]))
    return delta2, delta3
# --8<-- [end:deltas]


# --8<-- [start:gradients]
def gradients(params, images):
    """All 47 partial derivatives of C_T, summed over the images:
    dC_T/dw3_kj = sum of delta3_k a2_j,  dC_T/db3_k = sum of delta3_k,
    dC_T/dw2_ji = sum of delta2_j x_i,   dC_T/db2_j = sum of delta2_j.
    Returned as (dw2, db2, dw3, db3), shaped like the parameters."""
    dw2 = [[0.0] * 12 for j in range(3)]
    db2 = [0.0] * 3
    dw3 = [[0.0] * 3 for k in range(2)]
    db3 = [0.0] * 2
    for x, label in images:
        z2, a2, z3, a3 = forward(params, x)
        delta2, delta3 = deltas(params, a2, a3, target(label))
        for k in range(2):
            for j in range(3):
                dw3[k][j] += delta3[k] * a2[j]
            db3[k] += delta3[k]
        for j in range(3):
            for i in range(12):
                dw2[j][i] += delta2[j] * x[i]
            db2[j] += delta2[j]
    return dw2, db2, dw3, db3
# --8<-- [end:gradients]


# --8<-- [start:step]
def step(params, grads, eta):
    """w <- w - eta dC_T/dw and b <- b - eta dC_T/db, one parameter at a time"""
    w2, b2, w3, b3 = params
    dw2, db2, dw3, db3 = grads
    w2 = [[w2[j][i] - eta * dw2[j][i] for i in range(12)] for j in range(3)]
    b2 = [b2[j] - eta * db2[j] for j in range(3)]
    w3 = [[w3[k][j] - eta * dw3[k][j] for j in range(3)] for k in range(2)]
    b3 = [b3[k] - eta * db3[k] for k in range(2)]
    return w2, b2, w3, b3
# --8<-- [end:step]


# --8<-- [start:train]
def train(params, images, eta, epochs):
    """Full-batch gradient descent: `epochs` steps on C_T.
    Returns the final parameters and history, where history[e] is C_T after e epochs."""
    history = [total_cost(params, images)]
    for epoch in range(epochs):
        params = step(params, gradients(params, images), eta)
        history.append(total_cost(params, images))
    return params, history
# --8<-- [end:train]


# --8<-- [start:image_step]
def image_step(params, x, t, eta):
    """One step of stochastic gradient descent, on the cost C of one image:
    w3_kj <- w3_kj - eta delta3_k a2_j,  b3_k <- b3_k - eta delta3_k,
    w2_ji <- w2_ji - eta delta2_j x_i,   b2_j <- b2_j - eta delta2_j"""
    w2, b2, w3, b3 = params
    z2, a2, z3, a3 = forward(params, x)
    delta2, delta3 = deltas(params, a2, a3, t)
    w2 = [[w2[j][i] - eta * delta2[j] * x[i] for i in range(12)] for j in range(3)]
    b2 = [b2[j] - eta * delta2[j] for j in range(3)]
    w3 = [[w3[k][j] - eta * delta3[k] * a2[j] for j in range(3)] for k in range(2)]
    b3 = [b3[k] - eta * delta3[k] for k in range(2)]
    return w2, b2, w3, b3
# --8<-- [end:image_step]


# --8<-- [start:batch_step]
def batch_step(params, batch, eta):
    """One step of mini-batch gradient descent: against the gradient of the cost of the
    images in `batch`, summed over them as gradients sums over a training set"""
    return step(params, gradients(params, batch), eta)


def train_minibatch(params, images, eta, epochs, batch_size, seed):
    """Mini-batch gradient descent: each epoch shuffles the images and steps once per batch.
    batch_size 1 is stochastic gradient descent, len(images) is full batch (train).
    Returns the final parameters and history, where history[e] is C_T after e epochs."""
    rng = shuffler(seed)
    history = [total_cost(params, images)]
    for epoch in range(epochs):
        for batch in batches(len(images), batch_size, rng):
            params = batch_step(params, [images[n] for n in batch], eta)
        history.append(total_cost(params, images))
    return params, history
# --8<-- [end:batch_step]


def flatten(params):
    """theta = (w2_11, ..., w2_3,12, b2_1, b2_2, b2_3, w3_11, ..., w3_23, b3_1, b3_2):
    the 47 numbers of (w2, b2, w3, b3), or of (dw2, db2, dw3, db3), in one list"""
    w2, b2, w3, b3 = params
    theta = []
    for j in range(3):
        for i in range(12):
            theta.append(w2[j][i])
    for j in range(3):
        theta.append(b2[j])
    for k in range(2):
        for j in range(3):
            theta.append(w3[k][j])
    for k in range(2):
        theta.append(b3[k])
    return theta


def unflatten(theta):
    """(w2, b2, w3, b3) from the 47 numbers of theta, in flatten's order"""
    numbers = iter(theta)
    w2 = [[next(numbers) for i in range(12)] for j in range(3)]
    b2 = [next(numbers) for j in range(3)]
    w3 = [[next(numbers) for j in range(3)] for k in range(2)]
    b3 = [next(numbers) for k in range(2)]
    return w2, b2, w3, b3


if __name__ == "__main__":
    from dataset import load_dataset
    from parameters import ETA, SEED
    from vector import init_parameters, to_expanded

    images = load_dataset()
    params = to_expanded(init_parameters(SEED))  # the book's start
    x, label = images[0]
    z2, a2, z3, a3 = forward(params, x)
    print(f"image 1: x = {x}, label {label}, t = {target(label)}")
    print("z2 =", [round(z, 4) for z in z2], " a2 =", [round(a, 4) for a in a2])
    print("z3 =", [round(z, 4) for z in z3], " a3 =", [round(a, 4) for a in a3])
    print(f"C = {cost(a3, target(label)):.4f} for this image; "
          f"C_T = {total_cost(params, images):.4f} over all {len(images)}")
    params, history = train(params, images, eta=ETA, epochs=10)
    print(f"after 10 epochs with eta = {ETA}: C_T = {history[-1]:.4f}")
