"""The output layer and the cost: the numbers of image 1 and the bound of exercise 1."""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector
import output_layer

NUMBERS = output_layer.numbers()
X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())


def test_sixty_nine_parameters():
    assert (NUMBERS["filter_weights"], NUMBERS["filter_biases"], NUMBERS["output_weights"],
            NUMBERS["output_biases"]) == (27, 3, 36, 3)
    assert NUMBERS["parameters"] == 69 == len(cnn_parameters.names())


def test_exercise_1_the_cost_is_below_three_halves():
    rng = np.random.default_rng(0)
    for scale in (1, 10, 100):
        params = {name: scale * rng.standard_normal(shape) for name, shape in cnn_vector.SHAPES.items()}
        AO = cnn_vector.forward(params, X)[4]
        costs = 0.5 * np.sum((T - AO) ** 2, axis=1)
        assert costs.max() <= 1.5 and cnn_vector.total_cost(params, X, T) <= 144


def test_exercise_2_image_1_at_the_start():
    start = cnn_vector.init_parameters(cnn_parameters.SEED)
    AO = cnn_vector.forward(start, X)[4]
    assert NUMBERS["read_as"] == int(np.argmax(AO[0])) + 1 == 2
    assert NUMBERS["C_1"] == 0.5 * np.sum((T[0] - AO[0]) ** 2)
    assert NUMBERS["C_T"] == cnn_vector.total_cost(start, X, T)
    assert NUMBERS["correct"] == int(np.sum(AO.argmax(axis=1) == T.argmax(axis=1)))
