"""The 12-3-2 network in vector form: one line of numpy per formula, for all images at once.

Row n of X (n x 12) is image n's pixels, row n of T (n x 2) its target t.
The 47 parameters live in a dict: W2 (3 x 12), b2 (3,), W3 (2 x 3), b3 (2,), where
W2[j, i] is the book's w^2_ji (Python counts from 0, the prose from 1).
A gradient dict has the same keys: grads["W2"] is dC_T/dW2, called dW2 below.
At the end: one image's unit errors, from deltas and measured by finite differences.
"""

import numpy as np

import dataset

SHAPES = {"W2": (3, 12), "b2": (3,), "W3": (2, 3), "b3": (2,)}
SCALE = 1.0  # standard deviation of the initial parameters
H = 1e-6     # the nudge of a finite difference of C in z


def init_parameters(seed, scale=SCALE):
    """Every parameter drawn from a normal distribution with mean 0 and deviation `scale`."""
    rng = np.random.default_rng(seed)
    return {name: scale * rng.standard_normal(shape) for name, shape in SHAPES.items()}


def parameter_count(params):
    """12*3 + 3 + 3*2 + 2 = 47"""
    return sum(p.size for p in params.values())


# --8<-- [start:sigma]
def sigma(Z):
    """sigma(z) = 1 / (1 + e^-z), entry by entry"""
    with np.errstate(over="ignore"):  # e^-z overflows to inf for z < -709; 1/(1 + inf) = 0 is right
        return 1.0 / (1.0 + np.exp(-Z))
# --8<-- [end:sigma]


# --8<-- [start:forward]
def forward(params, X):
    """Z2 = X W2^T + b2,  A2 = sigma(Z2),  Z3 = A2 W3^T + b3,  A3 = sigma(Z3)"""
    Z2 = X @ params["W2"].T + params["b2"]
    A2 = sigma(Z2)
    Z3 = A2 @ params["W3"].T + params["b3"]
    A3 = sigma(Z3)
    return Z2, A2, Z3, A3
# --8<-- [end:forward]


# --8<-- [start:cost]
def cost(A3, T):
    """C_T = 1/2 sum over images and outputs of (T - A3)^2"""
    return 0.5 * np.sum((T - A3) ** 2)


def total_cost(params, X, T):
    """C_T of the network with these parameters on the images X with targets T"""
    return cost(forward(params, X)[3], T)
# --8<-- [end:cost]


# --8<-- [start:deltas]
def deltas(params, A2, A3, T):
    """Delta3 = (A3 - T) * A3 * (1 - A3),  Delta2 = (Delta3 W3) * A2 * (1 - A2)

    Row n holds image n's unit errors; * multiplies entry by entry.
    """
    Delta3 = (A3 - T) * A3 * (1 - A3)
    Delta2 = (Delta3 @ params["W3"]) * A2 * (1 - A2)
    return Delta2, Delta3
# --8<-- [end:deltas]


# --8<-- [start:gradients]
def gradients(params, X, T):
    """dW3 = Delta3^T A2,  db3 = sum of Delta3's rows,
    dW2 = Delta2^T X,   db2 = sum of Delta2's rows"""
    Z2, A2, Z3, A3 = forward(params, X)
    Delta2, Delta3 = deltas(params, A2, A3, T)
    dW3 = Delta3.T @ A2  # the matrix product sums delta3_k a2_j over the images
    db3 = Delta3.sum(axis=0)
    dW2 = Delta2.T @ X
    db2 = Delta2.sum(axis=0)
    return {"W2": dW2, "b2": db2, "W3": dW3, "b3": db3}
# --8<-- [end:gradients]


# --8<-- [start:step]
def step(params, grads, eta):
    """p <- p - eta dC_T/dp, for all 47 parameters at once"""
    return {name: params[name] - eta * grads[name] for name in params}
# --8<-- [end:step]


# --8<-- [start:train]
def train(params, X, T, eta, epochs):
    """Full-batch gradient descent: `epochs` steps on C_T.

    Returns the final parameters and the history of C_T: history[e] is C_T after
    e epochs, from history[0] (the start) to history[epochs] (the end).
    """
    history = [total_cost(params, X, T)]
    for epoch in range(epochs):
        params = step(params, gradients(params, X, T), eta)
        history.append(total_cost(params, X, T))
    return params, history
# --8<-- [end:train]


# --8<-- [start:image_step]
def image_step(params, x, t, eta):
    """One step of stochastic gradient descent, on the cost C of one image:
    W^l <- W^l - eta delta^l (a^(l-1))^T,  b^l <- b^l - eta delta^l"""
    a2 = sigma(params["W2"] @ x + params["b2"])
    a3 = sigma(params["W3"] @ a2 + params["b3"])
    delta3 = (a3 - t) * a3 * (1 - a3)
    delta2 = (params["W3"].T @ delta3) * a2 * (1 - a2)
    return {"W2": params["W2"] - eta * np.outer(delta2, x), "b2": params["b2"] - eta * delta2,
            "W3": params["W3"] - eta * np.outer(delta3, a2), "b3": params["b3"] - eta * delta3}
# --8<-- [end:image_step]


# --8<-- [start:batch_step]
def batch_step(params, X_B, T_B, eta):
    """One step of mini-batch gradient descent, on the images whose rows are X_B and T_B:
    W^l <- W^l - eta (Delta^l_B)^T A^(l-1)_B,  b^l <- b^l - eta (Delta^l_B)^T 1"""
    return step(params, gradients(params, X_B, T_B), eta)


def epoch(params, X, T, eta, batch_size, rng):
    """One epoch of mini-batch descent: a step on each batch, in a shuffled order"""
    for batch in dataset.batches(len(X), batch_size, rng):
        params = batch_step(params, X[batch], T[batch], eta)
    return params


def train_minibatch(params, X, T, eta, epochs, batch_size, seed):
    """Mini-batch gradient descent: batch_size 1 is stochastic, len(X) is full batch (train).
    The seed fixes the sequence of shuffled orders, one per epoch, so a run can be repeated;
    history[e] is C_T after e epochs."""
    rng = dataset.shuffler(seed)
    history = [total_cost(params, X, T)]
    for e in range(epochs):
        params = epoch(params, X, T, eta, batch_size, rng)
        history.append(total_cost(params, X, T))
    return params, history
# --8<-- [end:batch_step]


def predict(params, X):
    """The label of each image: "0" if a3_1 > a3_2 and "1" otherwise, as network.answer says"""
    A3 = forward(params, X)[3]
    return (A3[:, 1] >= A3[:, 0]).astype(int)


def correct(params, X, T):
    """How many images the network labels as their targets do"""
    return int((predict(params, X) == T.argmax(axis=1)).sum())


def accuracy(params, X, T):
    """The fraction of images labelled correctly"""
    return correct(params, X, T) / len(X)


def to_expanded(params):
    """The same numbers as expanded.py's nested lists (w2, b2, w3, b3): w2[j][i] = W2[j, i]"""
    return tuple(params[name].tolist() for name in SHAPES)


def from_expanded(expanded_params):
    """The dict of arrays holding the numbers of expanded.py's (w2, b2, w3, b3)"""
    return {name: np.array(p, dtype=float) for name, p in zip(SHAPES, expanded_params)}


# One image's unit errors, twice: from deltas, and by nudging each z and watching the
# image's cost C (finite differences), which needs no formula for delta at all.

# --8<-- [start:cost_from_z]
def cost_from_z3(params, z3, t):
    """C as a function of z3: a3 = sigma(z3), C = 1/2 |t - a3|^2"""
    a3 = sigma(np.asarray(z3, dtype=float))
    return 0.5 * np.sum((np.asarray(t) - a3) ** 2)


def cost_from_z2(params, z2, t):
    """C as a function of z2: everything the network does after z2"""
    a2 = sigma(np.asarray(z2, dtype=float))
    z3 = params["W3"] @ a2 + params["b3"]
    return cost_from_z3(params, z3, t)
# --8<-- [end:cost_from_z]


# --8<-- [start:numerical]
def delta_numerical(cost_of_z, z, h=H):
    """delta_j ~ [C(z + h e_j) - C(z - h e_j)] / 2h, one unit j at a time"""
    z = np.asarray(z, dtype=float)
    delta = np.zeros_like(z)
    for j in range(len(z)):
        nudge = np.zeros_like(z)
        nudge[j] = h
        delta[j] = (cost_of_z(z + nudge) - cost_of_z(z - nudge)) / (2 * h)
    return delta
# --8<-- [end:numerical]


def numerical_deltas(params, x, t, h=H):
    """(delta2, delta3) of one image by finite differences of C in z2 and in z3."""
    Z2, A2, Z3, A3 = forward(params, np.array([x], dtype=float))
    delta2 = delta_numerical(lambda z2: cost_from_z2(params, z2, t), Z2[0], h)
    delta3 = delta_numerical(lambda z3: cost_from_z3(params, z3, t), Z3[0], h)
    return delta2, delta3


def formula_deltas(params, x, t):
    """(delta2, delta3) of one image from deltas, the formulas of the backprop chapter."""
    X, T = np.array([x], dtype=float), np.array([t], dtype=float)
    Z2, A2, Z3, A3 = forward(params, X)
    Delta2, Delta3 = deltas(params, A2, A3, T)
    return Delta2[0], Delta3[0]


if __name__ == "__main__":
    from dataset import load_dataset, to_arrays
    from parameters import ETA, SEED

    X, T = to_arrays(load_dataset())
    params = init_parameters(SEED)  # the book's start
    print(f"{parameter_count(params)} parameters:", {name: p.shape for name, p in params.items()})
    print(f"C_T = {total_cost(params, X, T):.4f} before training")
    params, history = train(params, X, T, eta=ETA, epochs=100)
    print(f"C_T = {history[-1]:.4f} after 100 epochs with eta = {ETA}; "
          f"{correct(params, X, T)}/{len(X)} correct")
