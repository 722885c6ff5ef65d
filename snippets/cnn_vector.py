"""The convolutional network in vector form: numpy over the whole batch of images at once.

X (n x 6 x 6) holds the images, X[n, i, j] the pixel in row i + 1, column j + 1 of image
n + 1; T (n x 3) their one-hot targets (cnn_dataset.to_arrays). The 69 parameters live in a
dict of arrays:

    WF (3 x 3 x 3)  the filters: WF[k] is filter k + 1, the book's W^F_{k+1}
    bF (3,)         their biases
    WO (3 x 12)     output weights; column m weighs pooled value m (map by map, row by row)
    bO (3,)         output biases

A gradient dict has the same keys: grads["WF"] is dC_T/dW^F, called dWF below.

The convolution is computed two ways that give the same numbers: as a sliding inner
product (the filter laid on each of the 16 windows in turn, convolve_sliding) and as one
matrix product of the unfolded windows (im2col, convolve_unfolded). The forward pass uses
the second. Ties in max pooling go to the first largest value in reading order, as in
cnn_expanded.py.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

FILTERS, WIDTH, SIZE, OUTPUTS = 3, 3, 6, 3
MAP = SIZE - WIDTH + 1    # 4: a feature map is 4 x 4
POOLED = MAP // 2         # 2: a pooled map is 2 x 2
SHAPES = {"WF": (FILTERS, WIDTH, WIDTH), "bF": (FILTERS,),
          "WO": (OUTPUTS, FILTERS * POOLED * POOLED), "bO": (OUTPUTS,)}
SCALE = 1.0  # standard deviation of the initial parameters


def init_parameters(seed, scale=SCALE):
    """Every parameter drawn from a normal distribution with mean 0 and deviation `scale`."""
    rng = np.random.default_rng(seed)
    return {name: scale * rng.standard_normal(shape) for name, shape in SHAPES.items()}


def parameter_count(params):
    """3*9 + 3 + 3*12 + 3 = 69"""
    return sum(p.size for p in params.values())


def sigma(Z):
    """sigma(z) = 1 / (1 + e^-z), entry by entry"""
    with np.errstate(over="ignore"):  # e^-z overflows to inf for z < -709; 1/(1 + inf) = 0 is right
        return 1.0 / (1.0 + np.exp(-Z))


# --8<-- [start:sliding]
def convolve_sliding(WF, bF, X):
    """Z^F_k = W^F_k * x + b^F_k: at each position (i, j), the inner product of filter k with
    the 3 x 3 window of the image whose top-left pixel is (i, j), plus b^F_k"""
    ZF = np.zeros((len(X), len(WF), MAP, MAP))
    for i in range(MAP):
        for j in range(MAP):
            window = X[:, i:i + WIDTH, j:j + WIDTH]                  # n x 3 x 3
            ZF[:, :, i, j] = np.tensordot(window, WF, axes=([1, 2], [1, 2])) + bF
    return ZF
# --8<-- [end:sliding]


# --8<-- [start:unfold]
def unfold(X):
    """U (n x 16 x 9): row 4i + j of U[n] is the window at (i, j) of image n, row by row (im2col)"""
    windows = sliding_window_view(X, (WIDTH, WIDTH), axis=(1, 2))   # n x 4 x 4 x 3 x 3
    return windows.reshape(len(X), MAP * MAP, WIDTH * WIDTH)


def convolve_unfolded(WF, bF, X):
    """All 16 positions and 3 filters in one matrix product: U (W^F)^T + 1 (b^F)^T,
    where row k of the 3 x 9 matrix W^F is filter k read row by row"""
    U = unfold(X)
    ZF = U @ WF.reshape(len(WF), WIDTH * WIDTH).T + bF             # n x 16 x 3
    return ZF.transpose(0, 2, 1).reshape(len(X), len(WF), MAP, MAP)
# --8<-- [end:unfold]


# --8<-- [start:pool]
def blocks(AF):
    """n x 3 x 2 x 2 x 4: the four candidates of each pool, in reading order"""
    n, maps = AF.shape[:2]
    return (AF.reshape(n, maps, POOLED, 2, POOLED, 2)
              .transpose(0, 1, 2, 4, 3, 5).reshape(n, maps, POOLED, POOLED, 4))


def pool(AF):
    """A^P_k = the largest of each 2 x 2 block of A^F_k"""
    return blocks(AF).max(axis=-1)


def winners(AF):
    """1 where a unit of A^F is the first largest of its block, 0 elsewhere (n x 3 x 4 x 4)"""
    n, maps = AF.shape[:2]
    first = np.eye(4)[blocks(AF).argmax(axis=-1)]    # argmax picks the first largest
    return (first.reshape(n, maps, POOLED, POOLED, 2, 2)
                 .transpose(0, 1, 2, 4, 3, 5).reshape(n, maps, MAP, MAP))
# --8<-- [end:pool]


# --8<-- [start:forward]
def forward(params, X):
    """Z^F = W^F * x + b^F,  A^F = sigma(Z^F),  A^P = maxpool(A^F),
    Z^O = A^P W^O^T + 1 b^O^T,  A^O = sigma(Z^O)   (one row of A^P per image, 12 values)"""
    ZF = convolve_unfolded(params["WF"], params["bF"], X)
    AF = sigma(ZF)
    AP = pool(AF).reshape(len(X), -1)                  # n x 12, map by map, row by row
    ZO = AP @ params["WO"].T + params["bO"]
    AO = sigma(ZO)
    return ZF, AF, AP, ZO, AO
# --8<-- [end:forward]


# --8<-- [start:cost]
def cost(AO, T):
    """C_T = 1/2 sum over images and outputs of (T - A^O)^2"""
    return 0.5 * np.sum((T - AO) ** 2)


def total_cost(params, X, T):
    """C_T of the network with these parameters on the images X with targets T"""
    return cost(forward(params, X)[4], T)
# --8<-- [end:cost]


# --8<-- [start:deltas]
def deltas(params, AF, AO, T):
    """Delta^O = (A^O - T) * A^O * (1 - A^O),   Delta^P = Delta^O W^O,
    Delta^F = (Delta^P spread to each block's winner) * A^F * (1 - A^F)"""
    DeltaO = (AO - T) * AO * (1 - AO)
    DeltaP = (DeltaO @ params["WO"]).reshape(AF.shape[0], AF.shape[1], POOLED, POOLED)
    spread = DeltaP.repeat(2, axis=2).repeat(2, axis=3)   # each block's error on its four units
    DeltaF = spread * winners(AF) * AF * (1 - AF)
    return DeltaF, DeltaP, DeltaO
# --8<-- [end:deltas]


# --8<-- [start:gradients]
def gradients(params, X, T):
    """dW^O = (Delta^O)^T A^P,  db^O = (Delta^O)^T 1,
    dW^F = (Delta^F)^T U over every image and position,  db^F = the sum of Delta^F"""
    ZF, AF, AP, ZO, AO = forward(params, X)
    DeltaF, DeltaP, DeltaO = deltas(params, AF, AO, T)
    U = unfold(X).reshape(-1, WIDTH * WIDTH)                        # (16 n) x 9
    D = DeltaF.transpose(0, 2, 3, 1).reshape(-1, FILTERS)          # (16 n) x 3, same rows
    return {"WF": (D.T @ U).reshape(FILTERS, WIDTH, WIDTH),
            "bF": DeltaF.sum(axis=(0, 2, 3)),
            "WO": DeltaO.T @ AP,
            "bO": DeltaO.sum(axis=0)}
# --8<-- [end:gradients]


# --8<-- [start:step]
def step(params, grads, eta):
    """p <- p - eta dC_T/dp, for all 69 parameters at once"""
    return {name: params[name] - eta * grads[name] for name in params}
# --8<-- [end:step]


# --8<-- [start:train]
def train(params, X, T, eta, epochs, every=None):
    """Full-batch gradient descent: `epochs` steps on C_T.

    Returns the final parameters and the history of C_T: history[e] is C_T after e epochs.
    If `every` is a function, it is called as every(epoch, params) after each epoch
    (and before the first, with epoch 0).
    """
    history = [total_cost(params, X, T)]
    if every:
        every(0, params)
    for epoch in range(1, epochs + 1):
        params = step(params, gradients(params, X, T), eta)
        history.append(total_cost(params, X, T))
        if every:
            every(epoch, params)
    return params, history
# --8<-- [end:train]


def predict(params, X):
    """The digit each image is read as: 1, 2 or 3, for its largest output (the first on a tie)"""
    return forward(params, X)[4].argmax(axis=1) + 1


def correct(params, X, T):
    """How many images the network reads as the digit of their target"""
    return int((predict(params, X) == T.argmax(axis=1) + 1).sum())


def accuracy(params, X, T):
    """The fraction of images read correctly"""
    return correct(params, X, T) / len(X)


def to_expanded(params):
    """The same numbers as cnn_expanded.py's nested lists (wF, bF, wO, bO)"""
    return tuple(params[name].tolist() for name in SHAPES)


def from_expanded(expanded_params):
    """The dict of arrays holding the numbers of cnn_expanded.py's (wF, bF, wO, bO)"""
    return {name: np.array(p, dtype=float) for name, p in zip(SHAPES, expanded_params)}


def theta_vector(params):
    """theta = (W^F filter by filter, row by row, b^F, W^O row by row, b^O): 69 numbers"""
    return np.concatenate([np.ravel(params[name]) for name in SHAPES])


def from_theta(theta):
    """The dict of WF, bF, WO, bO whose numbers, laid end to end, are theta"""
    params, start = {}, 0
    for name, shape in SHAPES.items():
        size = int(np.prod(shape))
        params[name] = np.array(theta[start:start + size], dtype=float).reshape(shape)
        start += size
    return params


if __name__ == "__main__":
    import cnn_dataset
    import cnn_parameters

    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = init_parameters(cnn_parameters.SEED)
    print(f"{parameter_count(params)} parameters:", {name: p.shape for name, p in params.items()})
    print(f"C_T = {total_cost(params, X, T):.4f} before training")
    params, history = train(params, X, T, cnn_parameters.ETA, cnn_parameters.EPOCHS)
    print(f"C_T = {history[-1]:.4f} after {cnn_parameters.EPOCHS} epochs with "
          f"eta = {cnn_parameters.ETA}; {correct(params, X, T)}/{len(X)} correct")
