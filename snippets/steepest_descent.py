"""Why the negative gradient: of all small steps of one length, the step along -grad f
lowers f the most.

    python snippets/steepest_descent.py

prints, at one point of the bowl f(x, y) = x^2 + 3 y^2 (the one gradient_descent.py walks
down), the rate of change of f in a few directions, then the same comparison for the cost
C_T of the 0/1 network: the step against its gradient against a thousand random steps.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import parameters
import vector
from parameters import from_theta, theta_vector

P = (2.0, 1.0)           # the point where we look around: where the walk down the bowl starts
ETA = 0.1                # the step size of that walk
H = 0.01                 # the length h of the small steps in every direction
ANGLES = 3600            # directions tried: every tenth of a degree
RANDOM_DIRECTIONS = 1000  # random directions tried for the network
NETWORK_STEP = 0.1       # the length of the network's steps, ||d theta||
NEAR = (0.04, 0.02)      # a point near the bottom of the bowl


# The bowl of the walk in gradient_descent.py, f(x, y) = x^2 + 3 y^2: three times steeper along y.

def f_expanded(x, y):
    """f(x, y) = x^2 + 3 y^2"""
    return x * x + 3 * y * y


def gradient_expanded(x, y):
    """df/dx = 2x,  df/dy = 6y"""
    return 2 * x, 6 * y


def gradient_vector(x, y):
    """grad f(p) = 2 D p, with p = (x, y) and D = diag(1, 3)"""
    return 2 * np.diag([1, 3]) @ np.array([x, y])


def step_expanded(x, y, eta):
    """x <- x - eta df/dx,  y <- y - eta df/dy"""
    dfdx, dfdy = gradient_expanded(x, y)
    return x - eta * dfdx, y - eta * dfdy


# --8<-- [start:directional]
def directional_expanded(x, y, dx, dy):
    """df is about df/dx dx + df/dy dy, for the step (dx, dy)"""
    dfdx, dfdy = gradient_expanded(x, y)
    return dfdx * dx + dfdy * dy


def directional_vector(x, y, dx, dy):
    """df is about ||grad f|| ||dp|| cos phi, phi the angle from grad f to the step dp"""
    grad, dp = gradient_vector(x, y), np.array([dx, dy])
    phi = math.atan2(dp[1], dp[0]) - math.atan2(grad[1], grad[0])  # measured, not from the dot product
    return np.linalg.norm(grad) * np.linalg.norm(dp) * math.cos(phi)
# --8<-- [end:directional]


# --8<-- [start:bound]
def bound_expanded(grad, dx, h):
    """df/dx_1 dx_1 + ... + df/dx_m dx_m, and -h sqrt((df/dx_1)^2 + ... + (df/dx_m)^2)"""
    change = sum(grad[i] * dx[i] for i in range(len(grad)))
    steepness = math.sqrt(sum(grad[i] * grad[i] for i in range(len(grad))))
    return change, -h * steepness


def bound_vector(grad, dx, h):
    """grad f . dx, and -h ||grad f||"""
    return np.dot(grad, dx), -h * np.linalg.norm(grad)
# --8<-- [end:bound]


# --8<-- [start:normalised]
def normalised_expanded(x, grad, h):
    """x_i <- x_i - h (df/dx_i) / sqrt((df/dx_1)^2 + ... + (df/dx_m)^2), for i = 1, ..., m"""
    length = math.sqrt(sum(grad[i] * grad[i] for i in range(len(grad))))
    return [x[i] - h * grad[i] / length for i in range(len(x))]


def normalised_vector(x, grad, h):
    """x <- x - h grad f / ||grad f||"""
    x, grad = np.array(x), np.array(grad)
    return x - h * grad / np.linalg.norm(grad)
# --8<-- [end:normalised]


def random_direction(rng):
    """A point of the plane and a step in a random direction, of a random length."""
    angle, length = rng.uniform(0, 2 * math.pi), rng.uniform(0.001, 0.5)
    return {"x": rng.normal(), "y": rng.normal(), "dx": length * math.cos(angle),
            "dy": length * math.sin(angle)}


def random_step(rng):
    """A gradient of m entries and a step of length h in a random direction."""
    m = int(rng.integers(2, 48))
    direction, h = rng.normal(size=m), rng.uniform(0.001, 0.5)
    return {"grad": list(rng.normal(size=m)), "dx": list(h * direction / np.linalg.norm(direction)), "h": h}


def random_point(rng):
    """A point and a gradient of m entries, and a step length h."""
    m = int(rng.integers(2, 48))
    return {"x": list(rng.normal(size=m)), "grad": list(rng.normal(size=m)), "h": rng.uniform(0.001, 0.5)}


CHECKS = {
    "directional": (directional_expanded, directional_vector, random_direction),
    "bound": (bound_expanded, bound_vector, random_step),
    "normalised": (normalised_expanded, normalised_vector, random_point),
}


# --8<-- [start:look_around]
def look_around(x, y, h, angles):
    """The true change f(p + dp) - f(p) for steps dp of length h, at `angles` (radians)
    from the positive x axis."""
    f0 = f_expanded(x, y)
    return np.array([f_expanded(x + h * math.cos(a), y + h * math.sin(a)) - f0 for a in angles])
# --8<-- [end:look_around]


def all_angles():
    return np.arange(ANGLES) * 2 * math.pi / ANGLES


def degrees(dx, dy):
    """The angle of the direction (dx, dy), in degrees from 0 to 360, counterclockwise from +x."""
    return math.degrees(math.atan2(dy, dx)) % 360


def network_steps():
    """The change of C_T for a step of length NETWORK_STEP against the gradient, and
    for RANDOM_DIRECTIONS random steps of that length, at the book's starting parameters."""
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    theta = theta_vector(params)
    grad = theta_vector(vector.gradients(params, X, T))
    C_T = vector.total_cost(params, X, T)

    def change(direction):
        u = direction / np.linalg.norm(direction)
        return vector.total_cost(from_theta(theta + NETWORK_STEP * u), X, T) - C_T

    rng = np.random.default_rng(2)
    directions = [rng.standard_normal(47) for _ in range(RANDOM_DIRECTIONS)]
    randoms = np.array([change(d) for d in directions])
    cosines = np.array([d @ grad / (np.linalg.norm(d) * np.linalg.norm(grad)) for d in directions])
    return change(-grad), randoms, float(np.linalg.norm(grad)), cosines


def figure_directions():
    """Left: unit steps around p on the contours of f, -grad f in orange.
    Right: the change of f for a step of length h, against the step's angle."""
    fig = Figure(figsize=(7.2, 3.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.3])
    x, y = P
    gx, gy = gradient_expanded(x, y)
    g = math.hypot(gx, gy)

    X, Y = np.meshgrid(np.linspace(0.6, 3.4, 141), np.linspace(-0.4, 2.4, 141))
    left.contour(X, Y, f_expanded(X, Y), levels=[3, 5, 7, 9, 11, 13], colors="#8a8f98",
                 linewidths=0.8)
    for a in np.arange(16) * 2 * math.pi / 16:
        left.annotate("", xy=(x + 0.9 * math.cos(a), y + 0.9 * math.sin(a)), xytext=(x, y),
                      arrowprops={"arrowstyle": "->", "color": "#8a8f98", "linewidth": 0.8})
    left.annotate("", xy=(x - 0.9 * gx / g, y - 0.9 * gy / g), xytext=(x, y),
                  arrowprops={"arrowstyle": "-|>", "color": "#e8743b", "linewidth": 2})
    left.annotate("", xy=(x + 0.9 * gx / g, y + 0.9 * gy / g), xytext=(x, y),
                  arrowprops={"arrowstyle": "-|>", "color": "#4a7fd6", "linewidth": 2})
    left.text(x - 0.9 * gx / g + 0.05, y - 0.9 * gy / g - 0.2, "$-\\nabla f$", color="#e8743b")
    left.text(x + 0.9 * gx / g + 0.05, y + 0.9 * gy / g - 0.05, "$\\nabla f$", color="#4a7fd6")
    left.plot(x, y, marker="o", markersize=4, color="#e8743b")
    left.set_aspect("equal")
    left.set_xlim(0.6, 3.4)
    left.set_ylim(-0.4, 2.4)
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")

    angles = all_angles()
    change = look_around(x, y, H, angles) / H
    best = degrees(-gx, -gy)
    right.axhline(0, color="#8a8f98", linewidth=0.6)
    right.plot(np.degrees(angles), change, color="#4a7fd6", linewidth=1.6)
    right.axvline(best, color="#e8743b", linestyle="--", linewidth=1.2)
    right.plot(best, -g, marker="o", color="#e8743b")
    right.set_xticks([0, 90, 180, 270, 360])
    right.set_xlim(0, 360)
    right.set_xlabel("angle of the step (degrees)")
    right.set_ylabel("$\\Delta f \\,/\\, h$")
    return fig


def shown(value, digits):
    """A value as the page shows it, rounded, so that arithmetic on the page adds up."""
    return round(value, digits)


def numbers():
    """The look-around's numbers for the prose and the exercises."""
    x, y = P
    gx, gy = gradient_expanded(x, y)
    g = math.hypot(gx, gy)
    angles = all_angles()
    change = look_around(x, y, H, angles)
    steepest = step_expanded(x, y, ETA)
    dC_steepest, randoms, grad_norm, cosines = network_steps()
    flat_angle = degrees(-gy, gx)  # perpendicular to the gradient
    return {
        "x": x, "y": y, "dfdx": gx, "dfdy": gy, "grad_norm": g, "grad_norm_squared": gx * gx + gy * gy,
        "f": f_expanded(x, y),
        "h": H, "angles": ANGLES,
        "best_angle": degrees(-gx, -gy),
        "found_angle": math.degrees(angles[int(np.argmin(change))]),
        "found_change": float(change.min()), "predicted_change": -H * g,
        "flat_angle_1": min(flat_angle, (flat_angle + 180) % 360),
        "flat_angle_2": max(flat_angle, (flat_angle + 180) % 360),
        # Exercise 1: linear estimates for steps of length 0.1
        "ex_left": -0.1 * gx, "ex_down": -0.1 * gy, "ex_steepest": -0.1 * g,
        # the meaning of eta
        "eta": ETA, "eta_length": ETA * g,
        "eta_predicted": -ETA * g * g,
        "eta_true": f_expanded(*steepest) - f_expanded(x, y),
        "near_x": NEAR[0], "near_y": NEAR[1],
        "near_dfdx": gradient_expanded(*NEAR)[0],
        "near_dfdy": gradient_expanded(*NEAR)[1],
        "near_length": ETA * math.hypot(*gradient_expanded(*NEAR)),
        "near_distance": math.hypot(*NEAR),
        # the network
        "network_step": NETWORK_STEP, "random_directions": RANDOM_DIRECTIONS,
        "network_grad_norm": grad_norm,
        "dC_predicted": shown(-NETWORK_STEP * shown(grad_norm, 4), 5),
        "dC_steepest": dC_steepest,
        "dC_best_random": float(randoms.min()),
        "random_lower": int((randoms < 0).sum()),
        "median_cos": float(np.median(np.abs(cosines))),
        "median_off_right": 90 - math.degrees(math.acos(float(np.median(np.abs(cosines))))),
        "max_cos": float(np.abs(cosines).max()),
        "one_over_root_47": 1 / math.sqrt(47),
    }


if __name__ == "__main__":
    n = numbers()
    print(f"at p = ({n['x']:g}, {n['y']:g}): grad f = ({n['dfdx']:g}, {n['dfdy']:g}), "
          f"||grad f|| = {n['grad_norm']:.4f}")
    for name, angle in [("+x", 0), ("+y", 90), ("-x", 180), ("-y", 270), ("-grad f", n["best_angle"])]:
        change = look_around(n["x"], n["y"], 1e-3, [math.radians(angle)])[0] / 1e-3
        print(f"  step towards {name:8s} ({angle:6.2f} degrees): df/h = {change:+.4f}")
    print(f"network: a step of length {n['network_step']} against grad C_T changes C_T by "
          f"{n['dC_steepest']:+.4f}; the best of {n['random_directions']} random steps by "
          f"{n['dC_best_random']:+.4f}")
