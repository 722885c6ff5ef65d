"""The sequences section: closed forms against recurrences, forward against backward, and the exercises."""

import math

import numpy as np

import sequences


def test_the_recurrences_of_the_closed_forms_give_the_closed_forms():
    # an arithmetic sequence is a_{n+1} = a_n + d, a geometric one a_{n+1} = r a_n
    arithmetic = sequences.forward(0.5, 1, 0.25, 12)
    geometric = sequences.forward(4, 0.7, 0, 12)
    for n in range(1, 13):
        assert math.isclose(arithmetic[n - 1], sequences.arithmetic(0.5, 0.25, n), rel_tol=1e-12)
        assert math.isclose(geometric[n - 1], sequences.geometric(4, 0.7, n), rel_tol=1e-12)


def test_backward_undoes_forward():
    for r, c, a1 in [(0.5, 1.0, 0.0), (-1.5, 0.3, 2.0), (3.0, -1.0, 0.7)]:
        a = sequences.forward(a1, r, c, 9)
        np.testing.assert_allclose(sequences.backward(a[-1], r, c, 9), a, rtol=1e-9, atol=1e-12)


def test_the_section_s_recurrence_halves_its_distance_to_two():
    # closed form of a_{n+1} = r a_n + c: a_n = L + (a_1 - L) r^(n-1), with L = c / (1 - r)
    n = sequences.numbers()
    limit = sequences.C / (1 - sequences.R)
    for k in range(1, 6):
        closed = limit + (sequences.A1 - limit) * sequences.R ** (k - 1)
        assert math.isclose(n[f"a_{k}"], closed, rel_tol=1e-12, abs_tol=1e-15)
    assert n["limit"] == 2 and n["back_first"] == sequences.A1


def test_fibonacci_by_binet_s_formula():
    phi, psi = (1 + 5 ** 0.5) / 2, (1 - 5 ** 0.5) / 2
    fib = sequences.fibonacci(20)
    for k, u in enumerate(fib, start=1):
        assert u == round((phi ** k - psi ** k) / 5 ** 0.5)


def test_exercise_1_the_10th_term_is_two_to_the_ten_minus_one():
    assert sequences.numbers()["exercise_10th"] == 2 ** 10 - 1
    assert sequences.numbers()["doubling_start"] == ", ".join(str(2 ** k - 1) for k in range(1, 6))


def test_exercise_2_the_first_term_from_the_fifth():
    # closed form: a_1 = a_5 / r^4
    assert math.isclose(sequences.numbers()["exercise_back"], 0.25 / 0.5 ** 4)


def test_exercise_3_the_first_column_of_the_matrix_power():
    n = sequences.numbers()
    power = np.linalg.matrix_power(np.array(sequences.FIBONACCI), 11)
    assert (power[0, 0], power[1, 0]) == (n["fib_12"], n["fib_11"])
    assert (n["fib_10"], n["fib_11"], n["fib_12"]) == (55, 89, 144)


def test_the_layer_recurrence_is_the_network_s_forward_pass():
    import dataset
    import expanded
    import parameters
    import vector
    params = vector.init_parameters(parameters.SEED)
    for x, label in dataset.load_dataset()[::7]:
        z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
        for terms in (sequences.layers_expanded(params, x), sequences.layers_vector(params, x)):
            np.testing.assert_allclose(terms[0], a2, rtol=1e-12)
            np.testing.assert_allclose(terms[1], a3, rtol=1e-12)


def test_the_matrix_power_is_the_repeated_step():
    M = [[0.3, 0.9], [0.5, 0.2]]
    stepped = sequences.pair_vector(M, 0.4, 0.7, 6)
    np.testing.assert_allclose(stepped, np.linalg.matrix_power(np.array(M), 6) @ [0.4, 0.7], rtol=1e-12)
