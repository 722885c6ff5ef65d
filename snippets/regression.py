"""Least squares: fit a straight line y = w x + b to ten points, twice.

    python snippets/regression.py

solves the normal equations exactly, then runs gradient descent on the cost
C = 1/2 sum of (y_q - (w x_q + b))^2 from (w, b) = (0, 0), and prints both lines.
Points are numbered q = 1, ..., Q, and M is the model matrix with rows (x_q, 1).
"""

import numpy as np
from matplotlib.figure import Figure

# Ten points made up for this book: roughly y = 0.8 x + 1.2, with fixed deviations.
XS = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]
YS = [1.9, 1.8, 2.5, 2.4, 3.45, 3.6, 3.85, 4.75, 4.5, 5.3]
START = (0.0, 0.0)  # (w, b) where gradient descent begins
ETA = 0.015         # learning rate; the walk diverges above 2 / (largest eigenvalue of M^T M)
STEPS = 1000
FIGURE_STEPS = 150  # steps drawn on the contour plot


# --8<-- [start:model]
def model_matrix(x):
    """M: one row (x_q, 1) per point, so that row q of M beta is w x_q + b, with beta = (w, b)"""
    x = np.asarray(x, dtype=float)
    return np.column_stack([x, np.ones_like(x)])
# --8<-- [end:model]


# --8<-- [start:cost]
def cost_expanded(w, b, x, y):
    """C = 1/2 [(y_1 - (w x_1 + b))^2 + ... + (y_Q - (w x_Q + b))^2]"""
    C = 0.0
    for q in range(len(x)):
        r = y[q] - (w * x[q] + b)  # the residual of point q
        C += r * r
    return 0.5 * C


def cost_vector(w, b, x, y):
    """C = 1/2 ||y - M beta||^2"""
    r = np.asarray(y) - model_matrix(x) @ np.array([w, b])
    return 0.5 * np.linalg.norm(r) ** 2
# --8<-- [end:cost]


# --8<-- [start:gradient]
def gradient_expanded(w, b, x, y):
    """dC/dw = (w x_1 + b - y_1) x_1 + ... + (w x_Q + b - y_Q) x_Q
    dC/db = (w x_1 + b - y_1) + ... + (w x_Q + b - y_Q)"""
    dw, db = 0.0, 0.0
    for q in range(len(x)):
        e = w * x[q] + b - y[q]
        dw += e * x[q]
        db += e
    return dw, db


def gradient_vector(w, b, x, y):
    """grad C = M^T (M beta - y)"""
    M = model_matrix(x)
    return M.T @ (M @ np.array([w, b]) - np.asarray(y))
# --8<-- [end:gradient]


# --8<-- [start:normal]
def normal_expanded(x, y):
    """Solve  w (x_1^2 + ... + x_Q^2) + b (x_1 + ... + x_Q) = x_1 y_1 + ... + x_Q y_Q
              w (x_1 + ... + x_Q)     + b Q                 = y_1 + ... + y_Q"""
    Q = len(x)
    Sx = Sxx = Sy = Sxy = 0.0
    for q in range(Q):
        Sx += x[q]
        Sxx += x[q] * x[q]
        Sy += y[q]
        Sxy += x[q] * y[q]
    det = Sxx * Q - Sx * Sx  # two equations in two unknowns: Cramer's rule
    return (Sxy * Q - Sx * Sy) / det, (Sxx * Sy - Sx * Sxy) / det


def normal_vector(x, y):
    """Solve M^T M beta = M^T y"""
    M = model_matrix(x)
    return np.linalg.solve(M.T @ M, M.T @ np.asarray(y))
# --8<-- [end:normal]


# --8<-- [start:step]
def step_expanded(w, b, x, y, eta):
    """w <- w - eta dC/dw,  b <- b - eta dC/db"""
    dw, db = gradient_expanded(w, b, x, y)
    return w - eta * dw, b - eta * db


def step_vector(w, b, x, y, eta):
    """beta <- beta - eta M^T (M beta - y)"""
    beta = np.array([w, b])
    return beta - eta * gradient_vector(w, b, x, y)
# --8<-- [end:step]


# --8<-- [start:descend]
def descend(x, y, start, eta, steps):
    """The points (w, b) of gradient descent on C, from `start`, `steps` steps."""
    path = [start]
    for s in range(steps):
        path.append(step_expanded(*path[-1], x, y, eta))
    return path
# --8<-- [end:descend]


# --8<-- [start:error]
def error_step_expanded(ew, eb, x, eta):
    """The distances ew = w - w*, eb = b - b* from the exact answer, after one step:
    ew <- ew - eta [(x_1^2 + ... + x_Q^2) ew + (x_1 + ... + x_Q) eb]
    eb <- eb - eta [(x_1 + ... + x_Q) ew + Q eb]"""
    Sx = Sxx = 0.0
    for q in range(len(x)):
        Sx += x[q]
        Sxx += x[q] * x[q]
    return ew - eta * (Sxx * ew + Sx * eb), eb - eta * (Sx * ew + len(x) * eb)


def error_step_vector(ew, eb, x, eta):
    """beta - beta* <- (I - eta M^T M) (beta - beta*)"""
    M = model_matrix(x)
    return (np.eye(2) - eta * M.T @ M) @ np.array([ew, eb])
# --8<-- [end:error]


def random_data(rng):
    Q = int(rng.integers(3, 15))
    x = rng.uniform(-3, 3, size=Q)
    return {"x": list(x), "y": list(0.5 * x + rng.normal(size=Q))}


def random_fit(rng):
    return {"w": rng.normal(), "b": rng.normal(), **random_data(rng)}


def random_step(rng):
    return {**random_fit(rng), "eta": rng.uniform(0.001, 0.05)}


def random_error(rng):
    data = random_data(rng)
    return {"ew": rng.normal(), "eb": rng.normal(), "x": data["x"], "eta": rng.uniform(0.001, 0.05)}


CHECKS = {
    "cost": (cost_expanded, cost_vector, random_fit),
    "gradient": (gradient_expanded, gradient_vector, random_fit),
    "normal": (normal_expanded, normal_vector, random_data),
    "step": (step_expanded, step_vector, random_step),
    "error": (error_step_expanded, error_step_vector, random_error),
}


def eigenvalues():
    """The eigenvalues of M^T M, smallest first: they set how fast and how far the walk may go."""
    M = model_matrix(XS)
    return np.linalg.eigvalsh(M.T @ M)


def data_table():
    """The ten points as a Markdown table, one column per point."""
    head = "| $q$ | " + " | ".join(str(q + 1) for q in range(len(XS))) + " |"
    rule = "|---|" + "---:|" * len(XS)
    xs = "| $x_q$ | " + " | ".join(f"{v:g}" for v in XS) + " |"
    ys = "| $y_q$ | " + " | ".join(f"{v:g}" for v in YS) + " |"
    return "\n".join([head, rule, xs, ys])


def figure_fit():
    """Left: the points and the least-squares line. Right: contours of C over (w, b)
    with the first steps of gradient descent and the exact minimum."""
    fig = Figure(figsize=(7.2, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2)
    w, b = normal_expanded(XS, YS)
    line = np.array([0, 5.5])
    left.plot(line, w * line + b, color="#e8743b", linewidth=1.6)
    left.plot(XS, YS, linestyle="none", marker="o", color="#4a7fd6")
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.set_xlim(0, 5.5)
    left.set_ylim(0, 6)

    W, B = np.meshgrid(np.linspace(-0.2, 1.8, 201), np.linspace(-0.6, 2.6, 201))
    C = sum(0.5 * (yk - (W * xk + B)) ** 2 for xk, yk in zip(XS, YS))
    right.contour(W, B, C, levels=np.geomspace(0.5, 200, 10), colors="#8a8f98", linewidths=0.8)
    path = np.array(descend(XS, YS, START, ETA, FIGURE_STEPS))
    right.plot(path[:, 0], path[:, 1], marker="o", markersize=2, linewidth=0.9, color="#4a7fd6")
    right.plot(w, b, marker="*", markersize=11, color="#e8743b", linestyle="none")
    right.set_xlabel("$w$")
    right.set_ylabel("$b$")
    return fig


def numbers():
    """The fit's numbers for the prose and the exercises."""
    x, y = XS, YS
    w, b = normal_expanded(x, y)
    path = descend(x, y, START, ETA, STEPS)
    w_gd, b_gd = path[-1]
    small, large = eigenvalues()
    residuals = [y[q] - (w * x[q] + b) for q in range(len(x))]
    return {
        "Q": len(x), "table": data_table(),
        "Sx": sum(x), "Sxx": sum(v * v for v in x), "Sy": sum(y),
        "Sxy": sum(u * v for u, v in zip(x, y)),
        "w": w, "b": b, "C_min": cost_expanded(w, b, x, y),
        "w0": START[0], "b0": START[1], "C0": cost_expanded(*START, x, y),
        "eta": ETA, "steps": STEPS, "figure_steps": FIGURE_STEPS, "w_gd": w_gd, "b_gd": b_gd,
        "gap": float(np.hypot(w_gd - w, b_gd - b)),
        "C_10": cost_expanded(*path[10], x, y), "C_100": cost_expanded(*path[100], x, y),
        "mu_small": small, "mu_large": large, "mean_x": sum(x) / len(x), "mean_y": sum(y) / len(y),
        "eta_limit": 2 / large, "slow_factor": 1 - ETA * small, "slow_percent": 100 * ETA * small,
        "predict_x": 6.0, "prediction": round(round(w, 6) * 6.0 + round(b, 6), 4),  # from the digits shown
        "residual_sum": sum(residuals),
    }


if __name__ == "__main__":
    n = numbers()
    print(f"{n['Q']} points; normal equations: w = {n['w']:.6f}, b = {n['b']:.6f}, "
          f"C = {n['C_min']:.6f}")
    print(f"gradient descent, eta = {n['eta']}, {n['steps']} steps from (0, 0): "
          f"w = {n['w_gd']:.6f}, b = {n['b_gd']:.6f}")
