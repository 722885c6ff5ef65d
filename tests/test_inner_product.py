"""The inner-product section: angles against trigonometry, Cauchy-Schwarz, and the image similarities."""

import math

import numpy as np

import dataset
import inner_product


def test_the_angle_in_the_plane_is_the_angle_between_the_arrows():
    # the angle from atan2 of each arrow, an independent route to cos theta
    rng = np.random.default_rng(1)
    for a, b in [(inner_product.A_PLANE, inner_product.B_PLANE)] + [tuple(rng.normal(size=(2, 2))) for _ in range(20)]:
        theta = math.atan2(b[1], b[0]) - math.atan2(a[1], a[0])
        assert math.isclose(inner_product.cosine_expanded(a, b), math.cos(theta), rel_tol=1e-12, abs_tol=1e-14)
    n = inner_product.numbers()
    assert math.isclose(n["plane_angle"], math.degrees(math.atan2(3, 2) - math.atan2(1, 3)), rel_tol=1e-12)
    assert n["plane_inner"] == 9 and n["plane_aa"] == 10 and n["plane_bb"] == 13 and n["plane_ab_squares"] == 130
    assert math.isclose(n["plane_cos"], 9 / math.sqrt(130), rel_tol=1e-12)


def test_the_shadow_of_a_falls_inside_b_short_of_its_tip():
    s = inner_product.numbers()["plane_s"]
    assert 0 < s < 1
    a, b = np.array(inner_product.A_PLANE), np.array(inner_product.B_PLANE)
    assert math.isclose(np.dot(a - s * b, b), 0, abs_tol=1e-12)  # the dashed line meets b at a right angle


def test_cauchy_schwarz_holds_and_is_tight_only_for_multiples():
    rng = np.random.default_rng(2)
    for _ in range(200):
        a, b = rng.normal(size=(2, 12))
        assert abs(np.dot(a, b)) <= inner_product.length_vector(a) * inner_product.length_vector(b)
    a = rng.normal(size=12)
    assert math.isclose(abs(np.dot(a, -2.5 * a)), inner_product.length_vector(a) * inner_product.length_vector(-2.5 * a))


def test_the_best_t_is_the_minimum_of_the_squared_length():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(2, 12))
    best = np.dot(a, b) / np.dot(b, b)
    ts = best + np.linspace(-1, 1, 201)
    values = [inner_product.square_vector(a, b, t) for t in ts]
    assert np.argmin(values) == 100
    assert math.isclose(values[100], np.dot(a, a) - np.dot(a, b) ** 2 / np.dot(b, b), rel_tol=1e-12)


def test_the_similarity_table_is_every_cosine():
    X, labels = inner_product.training_arrays()
    S = inner_product.similarity(X)
    assert S.shape == (64, 64) and np.allclose(np.diag(S), 1) and np.allclose(S, S.T)
    for n, m in [(0, 33), (5, 17), (40, 60)]:
        assert math.isclose(S[n, m], inner_product.cosine_expanded(X[n], X[m]), rel_tol=1e-12)
    assert list(labels) == [0] * 32 + [1] * 32


def test_the_block_averages_by_counting_shared_ink():
    images = [pixels for pixels, label in dataset.load_dataset()]
    def cos(p, q):  # shared ink over the square root of the ink counts
        return sum(a and b for a, b in zip(p, q)) / math.sqrt(sum(p) * sum(q))
    zeros, ones = images[:32], images[32:]
    zero_zero = np.mean([cos(p, q) for i, p in enumerate(zeros) for j, q in enumerate(zeros) if i != j])
    zero_one = np.mean([cos(p, q) for p in zeros for q in ones])
    n = inner_product.numbers()
    assert math.isclose(n["mean_zero_zero"], zero_zero, rel_tol=1e-12)
    assert math.isclose(n["mean_zero_one"], zero_one, rel_tol=1e-12)
    assert n["mean_zero_one"] < min(n["mean_zero_zero"], n["mean_one_one"])


def test_exercise_1_the_bare_zero_and_the_bare_one():
    # one shared pixel, 5 and 4 inked: 1 / sqrt(20)
    n = inner_product.numbers()
    assert math.isclose(n["cos_bare"], 1 / math.sqrt(5 * 4), rel_tol=1e-12)
    assert (n["ink_bare_zero"], n["ink_bare_one"], n["inner_bare"]) == (5, 4, 1)


def test_exercise_2_the_bare_zero_and_the_full_zero():
    n = inner_product.numbers()
    assert n["ink_full_zero"] == 10
    assert math.isclose(n["cos_zeros"], 5 / math.sqrt(5 * 10), rel_tol=1e-12)
    assert math.isclose(n["angle_zeros"], 45, rel_tol=1e-12)


def test_exercise_3_an_image_matches_itself_best_among_images_of_its_ink():
    images = [np.array(pixels) for pixels, label in dataset.load_dataset()]
    for w in images[::7]:
        same_ink = [x for x in images if x.sum() == w.sum()]
        best = max(same_ink, key=lambda x: np.dot(w, x))
        assert np.array_equal(best, w)


def test_the_full_zero_and_the_full_one_are_the_closest_pair_of_different_digits():
    n = inner_product.numbers()
    assert (n["inner_full"], n["ink_full_zero"], n["ink_full_one"]) == (7, 10, 9)
    assert math.isclose(n["cos_full"], 7 / math.sqrt(90), rel_tol=1e-12)
    assert n["cos_full"] == n["max_cos_zero_one"]


def test_the_shadow_identity_and_cauchy_schwarz_on_the_plane_example():
    a, b = inner_product.A_PLANE, inner_product.B_PLANE
    assert math.isclose(inner_product.shadow_expanded(a, b), 10 - 81 / 13, rel_tol=1e-12)
    lhs, rhs = inner_product.cauchy_schwarz_expanded(a, b)
    assert lhs < rhs
    lhs, rhs = inner_product.cauchy_schwarz_expanded(a, [2 * v for v in a])
    assert math.isclose(lhs, rhs, rel_tol=1e-12)  # equality for a multiple
