"""The convolutional network written out term by term: plain Python floats and lists, no numpy.

The network reads a 6 x 6 image x (a list of 6 rows of 6 pixels, x[i][j] is the book's
x_{i+1,j+1}) and has three layers after it:

    convolution F   3 filters of 3 x 3 and a bias each, sigmoid: three 4 x 4 feature maps
    pooling P       the largest of each 2 x 2 block of a map:      three 2 x 2 pooled maps
    output O        3 sigmoid units, each weighing all 12 pooled values

The 69 parameters are the tuple (wF, bF, wO, bO) of nested lists:

    wF[k][p][q]   entry (p, q) of filter k                            3 filters of 3 x 3
    bF[k]         bias of filter k                                    3
    wO[d][m]      weight from pooled value m to output unit d         3 rows of 12
    bO[d]         bias of output unit d                               3

The 12 pooled values are read map by map, and each map row by row: place m = 4k + 2i + j
holds aP[k][i][j]. Python counts from 0 and the prose from 1: wF[0][0][0] is w^F_{111},
wO[0][0] is w^O_{1,111}. An image is (x, label), its target t comes from cnn_dataset.target.

Ties in max pooling: when several of a block's four values are equal and largest, the
first of them in reading order (row by row) is the block's winner, and only the winner
gets the block's error. The cost is the same whichever tied value wins, and so is every
gradient when the tied values come from equal windows of the image (the usual case, a
blank corner); see docs/convolution/conv-gradients.md, "Ties do no harm".
"""

from cnn_dataset import target
from expanded import sigma

FILTERS = 3   # k = 0, 1, 2
SIZE = 6      # the image is SIZE x SIZE
WIDTH = 3     # a filter is WIDTH x WIDTH
MAP = SIZE - WIDTH + 1   # a feature map is MAP x MAP = 4 x 4
POOLED = MAP // 2        # a pooled map is POOLED x POOLED = 2 x 2
OUTPUTS = 3   # d = 0, 1, 2 in the code: output units for the digits 1, 2, 3


# --8<-- [start:filter_position]
def filter_position(w, b, x, i, j):
    """z_ij = w_11 x_i,j + w_12 x_i,j+1 + ... + w_33 x_i+2,j+2 + b: one filter at one position,
    nine products and the bias"""
    return (w[0][0] * x[i][j] + w[0][1] * x[i][j + 1] + w[0][2] * x[i][j + 2]
            + w[1][0] * x[i + 1][j] + w[1][1] * x[i + 1][j + 1] + w[1][2] * x[i + 1][j + 2]
            + w[2][0] * x[i + 2][j] + w[2][1] * x[i + 2][j + 1] + w[2][2] * x[i + 2][j + 2]
            + b)
# --8<-- [end:filter_position]


# --8<-- [start:convolve]
def convolve(w, b, x):
    """The 4 x 4 weighted inputs of one filter: filter_position at every (i, j)"""
    return [[filter_position(w, b, x, i, j) for j in range(MAP)] for i in range(MAP)]
# --8<-- [end:convolve]


# --8<-- [start:pool_position]
def pool_position(a, i, j):
    """The four candidates of pool (i, j), and the first largest: (its value, its row, its column)"""
    candidates = [(a[2 * i][2 * j], 2 * i, 2 * j), (a[2 * i][2 * j + 1], 2 * i, 2 * j + 1),
                  (a[2 * i + 1][2 * j], 2 * i + 1, 2 * j), (a[2 * i + 1][2 * j + 1], 2 * i + 1, 2 * j + 1)]
    best = candidates[0]
    for candidate in candidates[1:]:
        if candidate[0] > best[0]:  # strictly larger: on a tie the first one stays
            best = candidate
    return best
# --8<-- [end:pool_position]


def pool(a):
    """The 2 x 2 pooled map of a 4 x 4 map: the largest of each 2 x 2 block"""
    return [[pool_position(a, i, j)[0] for j in range(POOLED)] for i in range(POOLED)]


def flatten_pooled(aP):
    """The 12 pooled values in one list, map by map, row by row: place 4k + 2i + j"""
    return [aP[k][i][j] for k in range(FILTERS) for i in range(POOLED) for j in range(POOLED)]


# --8<-- [start:forward]
def forward(params, x):
    """zF_kij = (filter k at position i, j) + bF_k,  aF_kij = sigma(zF_kij),
    aP_kij = max of the four aF_k in block (i, j),
    zO_c = wO_c1 aP_1 + ... + wO_c12 aP_12 + bO_c,  aO_c = sigma(zO_c)"""
    wF, bF, wO, bO = params
    zF = [convolve(wF[k], bF[k], x) for k in range(FILTERS)]
    aF = [[[sigma(z) for z in row] for row in zF[k]] for k in range(FILTERS)]
    aP = [pool(aF[k]) for k in range(FILTERS)]
    a = flatten_pooled(aP)
    zO, aO = [], []
    for d in range(OUTPUTS):
        z = bO[d]
        for m in range(len(a)):
            z += wO[d][m] * a[m]
        zO.append(z)
        aO.append(sigma(z))
    return zF, aF, aP, zO, aO
# --8<-- [end:forward]


# --8<-- [start:cost]
def cost(aO, t):
    """C = 1/2 [(t_1 - aO_1)^2 + (t_2 - aO_2)^2 + (t_3 - aO_3)^2]"""
    return 0.5 * ((t[0] - aO[0]) ** 2 + (t[1] - aO[1]) ** 2 + (t[2] - aO[2]) ** 2)


def total_cost(params, images):
    """C_T = the sum of C over the images, each (pixels or grid, label)"""
    C_T = 0.0
    for x, label in images:
        aO = forward(params, as_grid(x))[4]
        C_T += cost(aO, target(label))
    return C_T
# --8<-- [end:cost]


# --8<-- [start:deltas]
def deltas(params, aF, aO, t):
    """The unit errors of one image, from the output back:
    deltaO_c = (aO_c - t_c) aO_c (1 - aO_c)
    deltaP_kij = deltaO_1 wO_1,kij + deltaO_2 wO_2,kij + deltaO_3 wO_3,kij
    deltaF_kij = deltaP of its block times aF_kij (1 - aF_kij) if (i, j) is the block's winner, else 0"""
    wF, bF, wO, bO = params
    deltaO = [(aO[d] - t[d]) * aO[d] * (1 - aO[d]) for d in range(OUTPUTS)]
    deltaP = [[[0.0] * POOLED for i in range(POOLED)] for k in range(FILTERS)]
    for k in range(FILTERS):
        for i in range(POOLED):
            for j in range(POOLED):
                m = 4 * k + 2 * i + j
                back = 0.0  # the error that flows back to pooled value (k, i, j) from the outputs
                for d in range(OUTPUTS):
                    back += deltaO[d] * wO[d][m]
                deltaP[k][i][j] = back
    deltaF = [[[0.0] * MAP for i in range(MAP)] for k in range(FILTERS)]
    for k in range(FILTERS):
        for i in range(POOLED):
            for j in range(POOLED):
                value, r, s = pool_position(aF[k], i, j)  # only the winner passes the error on
                deltaF[k][r][s] = deltaP[k][i][j] * aF[k][r][s] * (1 - aF[k][r][s])
    return deltaF, deltaP, deltaO
# --8<-- [end:deltas]


# --8<-- [start:gradients]
def gradients(params, images):
    """All 69 partial derivatives of C_T, summed over the images:
    dC_T/dwO_cm = sum of deltaO_c aP_m,          dC_T/dbO_c = sum of deltaO_c,
    dC_T/dwF_kpq = sum over images and the 16 positions (i, j) of deltaF_kij x_i+p,j+q,
    dC_T/dbF_k = sum over images and the 16 positions of deltaF_kij.
    Returned as (dwF, dbF, dwO, dbO), shaped like the parameters."""
    dwF = [[[0.0] * WIDTH for p in range(WIDTH)] for k in range(FILTERS)]
    dbF = [0.0] * FILTERS
    dwO = [[0.0] * (FILTERS * POOLED * POOLED) for d in range(OUTPUTS)]
    dbO = [0.0] * OUTPUTS
    for x, label in images:
        x = as_grid(x)
        zF, aF, aP, zO, aO = forward(params, x)
        deltaF, deltaP, deltaO = deltas(params, aF, aO, target(label))
        a = flatten_pooled(aP)
        for d in range(OUTPUTS):
            for m in range(len(a)):
                dwO[d][m] += deltaO[d] * a[m]
            dbO[d] += deltaO[d]
        for k in range(FILTERS):
            for i in range(MAP):
                for j in range(MAP):  # the filter was used at every position: add them all
                    for p in range(WIDTH):
                        for q in range(WIDTH):
                            dwF[k][p][q] += deltaF[k][i][j] * x[i + p][j + q]
                    dbF[k] += deltaF[k][i][j]
    return dwF, dbF, dwO, dbO
# --8<-- [end:gradients]


# --8<-- [start:step]
def step(params, grads, eta):
    """Every parameter p <- p - eta dC_T/dp, one at a time"""
    wF, bF, wO, bO = params
    dwF, dbF, dwO, dbO = grads
    wF = [[[wF[k][p][q] - eta * dwF[k][p][q] for q in range(WIDTH)] for p in range(WIDTH)]
          for k in range(FILTERS)]
    bF = [bF[k] - eta * dbF[k] for k in range(FILTERS)]
    wO = [[wO[d][m] - eta * dwO[d][m] for m in range(len(wO[d]))] for d in range(OUTPUTS)]
    bO = [bO[d] - eta * dbO[d] for d in range(OUTPUTS)]
    return wF, bF, wO, bO
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


def as_grid(x):
    """A 6 x 6 list of lists, from an image given as 36 pixels row by row or already as a grid"""
    if len(x) == SIZE * SIZE:
        return [[float(x[SIZE * i + j]) for j in range(SIZE)] for i in range(SIZE)]
    return [[float(v) for v in row] for row in x]


def predict(params, x):
    """The digit the network reads in image x: 1, 2 or 3, for the largest output (the first on a tie)"""
    aO = forward(params, as_grid(x))[4]
    best = 0
    for d in range(1, OUTPUTS):
        if aO[d] > aO[best]:
            best = d
    return best + 1


def flatten(params):
    """theta = (wF_111, ..., wF_333, bF_1, bF_2, bF_3, wO_1,1 ... wO_3,12, bO_1, bO_2, bO_3):
    the 69 numbers of (wF, bF, wO, bO), or of (dwF, dbF, dwO, dbO), in one list"""
    wF, bF, wO, bO = params
    theta = []
    for k in range(FILTERS):
        for p in range(WIDTH):
            for q in range(WIDTH):
                theta.append(wF[k][p][q])
    theta += list(bF)
    for d in range(OUTPUTS):
        theta += list(wO[d])
    theta += list(bO)
    return theta


if __name__ == "__main__":
    import cnn_dataset
    import cnn_parameters
    from cnn_vector import init_parameters, to_expanded

    images = cnn_dataset.load_dataset()
    params = to_expanded(init_parameters(cnn_parameters.SEED))  # the book's start
    x, label = images[0]
    zF, aF, aP, zO, aO = forward(params, as_grid(x))
    print(f"image 1, label {label}, t = {target(label)}")
    print("zF_1 =", [[round(z, 3) for z in row] for row in zF[0]])
    print("aP =", [[[round(a, 3) for a in row] for row in aP[k]] for k in range(FILTERS)])
    print("aO =", [round(a, 4) for a in aO], f" C = {cost(aO, target(label)):.4f}")
    print(f"C_T = {total_cost(params, images):.4f} over all {len(images)}")
    params, history = train(params, images, eta=cnn_parameters.ETA, epochs=5)
    print(f"after 5 epochs with eta = {cnn_parameters.ETA}: C_T = {history[-1]:.4f}")
