"""The 12-3-2 network section: its drawing, its parameter count, its answer and the exercises."""

import numpy as np
from matplotlib.collections import PathCollection

import dataset
import network
import parameters
import vector

NUMBERS = network.numbers()


def test_the_drawing_has_every_unit_and_every_connection():
    fig = network.figure_architecture()
    ax = fig.axes[0]
    lines = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert len(lines) == 12 * 3 + 3 * 2
    units = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert units == 12 + 3 + 2
    labels = {t.get_text() for t in ax.texts}
    assert {f"$x_{{{i}}}$" for i in range(1, 13)} <= labels
    assert '$a^3_1$: "0"' in labels and '$a^3_2$: "1"' in labels


def test_the_whole_function_is_the_forward_pass():
    params = parameters.run()[0]
    X, T = dataset.to_arrays(dataset.load_dataset())
    A3 = vector.forward(params, X)[3]
    for n in (0, 17, 32, 63):
        a3 = network.network_expanded(*vector.to_expanded(params), X[n].tolist())
        assert np.allclose(a3, A3[n], rtol=1e-12)
        assert network.answer(a3) == vector.predict(params, X[n:n + 1])[0]


def count_by_building(sizes):
    """Parameters counted by making the arrays, as vector.SHAPES does for 12-3-2."""
    return sum(np.zeros((n_to, n_from)).size + np.zeros(n_to).size
               for n_from, n_to in zip(sizes, sizes[1:]))


def test_the_count_formula_counts_the_arrays():
    assert count_by_building((12, 3, 2)) == vector.parameter_count(vector.init_parameters(0)) == 47
    assert NUMBERS["p_12_3_2"] == 47


def test_exercise_1_a_12_5_2_network():
    assert NUMBERS["p_12_5_2"] == count_by_building((12, 5, 2)) == 77


def test_exercise_2_a_784_30_10_network():
    assert NUMBERS["p_784_30_10"] == count_by_building((784, 30, 10)) == 23860
    assert round(NUMBERS["ratio_784_30_10"]) == round(23860 / 47)


def test_exercise_3_the_random_network_calls_everything_a_one():
    X, T = dataset.to_arrays(dataset.load_dataset())
    A3 = vector.forward(vector.init_parameters(parameters.SEED), X)[3]
    assert (A3[:, 1] > A3[:, 0]).all()
    assert NUMBERS["read_as_one_before"] == 64
    assert NUMBERS["correct_before"] == int(T[:, 1].sum()) == 32
    assert NUMBERS["b3_2_before"] > NUMBERS["b3_1_before"]
