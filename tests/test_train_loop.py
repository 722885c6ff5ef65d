"""The complete training loop: one epoch, the accuracy during training, the hidden weights,
and the exercises of backprop/train.md."""

import math

import numpy as np

import dataset
import expanded
import parameters
import train
import vector

IMAGES = dataset.load_dataset()
X, T = dataset.to_arrays(IMAGES)
NUMBERS = train.numbers()


def test_one_epoch_is_one_step_against_the_full_batch_gradient():
    params = vector.init_parameters(3)
    after, history = vector.train(params, X, T, parameters.ETA, 1)
    by_hand = train.epoch_vector(params, IMAGES, parameters.ETA)
    np.testing.assert_allclose(train.flat(after[n] for n in vector.SHAPES), by_hand, rtol=1e-12)
    assert history[1] < history[0]


def test_the_epoch_goes_downhill_as_central_differences_predict():
    # a tiny step lowers C_T by about eta |grad|^2, with the gradient from central differences
    params, eta, h = vector.init_parameters(0), 1e-4, 1e-6
    flat = train.flat(params[n] for n in vector.SHAPES)
    shapes = list(vector.SHAPES.items())

    def cost(v):
        out, at = {}, 0
        for name, shape in shapes:
            size = int(np.prod(shape))
            out[name] = v[at:at + size].reshape(shape)
            at += size
        return vector.total_cost(out, X, T)

    grad = np.array([(cost(flat + h * e) - cost(flat - h * e)) / (2 * h) for e in np.eye(47)])
    drop = cost(flat) - cost(train.epoch_vector(params, IMAGES, eta))
    assert math.isclose(drop, eta * grad @ grad, rel_tol=1e-3)


def test_correct_history_counts_as_vector_correct_does():
    counts = train.book_correct_history()
    params = vector.init_parameters(parameters.SEED)
    for epoch in range(8):
        assert counts[epoch] == vector.correct(params, X, T)
        params = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
    assert len(counts) == parameters.EPOCHS + 1 and counts[-1] == 64


def test_exercise_1_first_epoch_with_every_answer_right():
    # independently, with the plain-Python network: step until all 64 are right
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))

    def right(p):
        return sum((a3[1] > a3[0]) == (label == 1)
                   for x, label in IMAGES for a3 in [expanded.forward(p, x)[3]])

    epoch = 0
    while right(params) < 64:
        params = expanded.step(params, expanded.gradients(params, IMAGES), parameters.ETA)
        epoch += 1
    assert epoch == NUMBERS["first_perfect"]
    assert math.isclose(expanded.total_cost(params, IMAGES), NUMBERS["cost_at_perfect"], rel_tol=1e-9)
    assert min(train.book_correct_history()[epoch:]) == 64  # and it stays right


def test_exercise_2_one_output_error_per_image_per_epoch(monkeypatch):
    rows = []
    deltas = vector.deltas

    def counting(params, A2, A3, T):
        rows.append(len(A3))  # one delta3 per row: one per image
        return deltas(params, A2, A3, T)

    monkeypatch.setattr(vector, "deltas", counting)
    parameters.run(epochs=7)
    assert len(rows) == 7 and sum(rows) == 7 * 64
    assert NUMBERS["steps_total"] == NUMBERS["epochs"] * NUMBERS["images"]


def test_the_untrained_network_says_one_to_everything():
    p = vector.to_expanded(vector.init_parameters(parameters.SEED))
    says_one = sum(a3[1] > a3[0] for x, label in IMAGES for a3 in [expanded.forward(p, x)[3]])
    assert says_one == NUMBERS["initial_says_one"] == 64
    assert NUMBERS["initial_correct"] == sum(label == 1 for x, label in IMAGES)


def test_the_prose_about_the_hidden_weights():
    n = NUMBERS
    assert n["w2_2_5"] > 0 and n["w2_2_8"] > 0 and n["w2_3_5"] < 0 and n["w2_3_8"] < 0
    assert n["w2_2_5_before"] < 0 and n["w2_2_8_before"] > 0
    assert n["w3_2_2"] > 0 > n["w3_1_2"] and n["w3_1_3"] > 0 > n["w3_2_3"]
    assert n["change_1"] < min(n["change_2"], n["change_3"])
    after = parameters.run()[0]["W2"]
    assert all(after[1, i] < 0 for i in (3, 5, 6, 8))  # unit 2 against the sides of rows 2 and 3
    positive = sorted(range(12), key=lambda i: after[2, i])[-2:]
    assert set(positive) == {5, 8}  # unit 3's largest weights: pixels 6 and 9
    history = parameters.run()[1]
    assert all(b <= a for a, b in zip(history[100:], history[101:]))
    assert n["late_factor"] > 1


def test_the_figures_draw():
    for figure in (train.figure_accuracy, train.figure_hidden_weights, train.figure_cost_curve):
        assert figure().axes


def test_units_2_and_3_moved_most_on_the_five_separating_pixels():
    before, after = parameters.book_run()
    change = np.abs(after["W2"] - before["W2"])
    zeros, ones = X[T[:, 0] == 1], X[T[:, 1] == 1]
    separating = {i for i in range(12)
                  if len(set(zeros[:, i])) == len(set(ones[:, i])) == 1 and zeros[0, i] != ones[0, i]}
    assert separating == {4, 5, 6, 7, 8}
    for j in (1, 2):
        assert set(np.argsort(change[j])[-5:]) == separating
