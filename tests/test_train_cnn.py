"""Training the convolutional network: the claims of the page about the book's run."""

import numpy as np

import cnn_dataset
import cnn_expanded
import cnn_parameters
import cnn_vector
import train_cnn

NUMBERS = train_cnn.numbers()


def test_the_run_reads_every_image_and_the_cost_falls():
    params, history, X, T = cnn_parameters.run()
    assert NUMBERS["correct"] == cnn_vector.correct(params, X, T) == 96
    assert NUMBERS["final_cost"] == history[-1] < NUMBERS["cost_at_100"] < NUMBERS["initial_cost"]
    fallen = (NUMBERS["initial_cost"] - NUMBERS["cost_at_100"]) / (NUMBERS["initial_cost"] - NUMBERS["final_cost"])
    assert NUMBERS["fall_share_100"] == fallen > 0.9, "most of the fall in the first hundred epochs"
    AO = cnn_vector.forward(params, X)[4]
    assert np.all(AO[T == 1] >= NUMBERS["lowest_right"]) and np.all(AO[T == 0] <= NUMBERS["highest_wrong"])
    assert NUMBERS["lowest_right"] > 0.9 and NUMBERS["highest_wrong"] < 0.1


def test_about_a_third_correct_at_the_start_like_guessing():
    assert 20 <= NUMBERS["initial_correct"] <= 44


def test_first_perfect_and_the_rises():
    counts = cnn_parameters.correct_history()
    first = NUMBERS["first_perfect"]
    assert counts[first - 1] < 96 and min(counts[first:]) == 96
    history = cnn_parameters.run()[1]
    assert NUMBERS["rises"] == int(np.sum(np.diff(history) > 0)) > 0


def test_the_rises_are_early_and_all_but_one_are_overshoot():
    history = cnn_parameters.run()[1]
    rises = np.nonzero(np.diff(history) > 0)[0] + 1
    assert rises.max() == NUMBERS["last_rise"] < 100
    found = train_cnn.rises_explained(*cnn_parameters.run(epochs=0)[2:], NUMBERS["last_rise"])
    assert [epoch for epoch, overshoot in found] == list(rises)
    assert NUMBERS["rises_overshoot"] + NUMBERS["rises_switched"] == NUMBERS["rises"]
    assert NUMBERS["rises_overshoot"] >= NUMBERS["rises"] - 1, "the page: at most one rise needs a new winner"
    assert NUMBERS["rises_switched_steps"] == ", ".join(str(e) for e, overshoot in found if not overshoot)


def test_the_fixed_winner_cost_is_the_cost_while_no_winner_changes():
    params, history, X, T = cnn_parameters.run(epochs=0)
    W = cnn_vector.winners(cnn_vector.forward(params, X)[1])
    assert np.isclose(train_cnn.fixed_winner_cost(params, X, T, W), history[0], rtol=0, atol=1e-12)
    other = {**params, "WF": params["WF"] + 0.3}
    assert not np.isclose(train_cnn.fixed_winner_cost(other, X, T, 1 - W), cnn_vector.total_cost(other, X, T))


def test_smaller_steps_do_not_rise():
    """The page: the rises come from the step size. With a tenth of eta, C_T falls at every step."""
    history = cnn_parameters.run(eta=cnn_parameters.ETA / 10, epochs=NUMBERS["last_rise"])[1]
    assert np.all(np.diff(history) < 0)


def test_a_rise_comes_with_a_change_of_winner():
    """The page: a step can change which unit wins a block. Some rises do come with one."""
    params, history, X, T = cnn_parameters.run(epochs=120)
    p = cnn_vector.init_parameters(cnn_parameters.SEED)
    changed_at_rises = []
    for epoch in range(1, 121):
        before = cnn_vector.winners(cnn_vector.forward(p, X)[1])
        p = cnn_vector.step(p, cnn_vector.gradients(p, X, T), cnn_parameters.ETA)
        after = cnn_vector.winners(cnn_vector.forward(p, X)[1])
        if history[epoch] > history[epoch - 1]:
            changed_at_rises.append(bool(np.any(before != after)))
    assert changed_at_rises and any(changed_at_rises)


def test_every_filter_weight_moves_in_the_first_step():
    params, history, X, T = cnn_parameters.run(epochs=0)
    grads = cnn_vector.gradients(params, X, T)
    assert np.all(grads["WF"] != 0)


def test_what_the_filters_learnt():
    params, history, X, T = cnn_parameters.run()
    assert (NUMBERS["map1_ones"], NUMBERS["map1_twos"], NUMBERS["map1_threes"]) == ("0", "1", "2")
    assert NUMBERS["map3_ones"] == "0" and NUMBERS["map3_threes"] == "0"
    assert "0" not in NUMBERS["map3_twos"].split(", ")
    assert NUMBERS["filter_2_largest"] == params["WF"][1].max() < 0.1, "filter 2: no weight asks for ink"
    assert np.sum(params["WF"][1] < 0) >= 7
    assert NUMBERS["map2_largest"] < 0.25
    # "its largest activation on any training image": the largest aF_2ij, unit by unit
    expanded_params = cnn_vector.to_expanded(params)
    largest = max(a for x, label in cnn_dataset.make_training_set()
                  for row in cnn_expanded.forward(expanded_params, cnn_expanded.as_grid(x))[1][1]
                  for a in row)
    assert np.isclose(NUMBERS["map2_largest"], largest, rtol=1e-12)
    without_map_2 = {name: p.copy() for name, p in params.items()}
    without_map_2["WO"][:, 4:8] = 0
    assert cnn_vector.correct(without_map_2, X, T) == 96
    # filter 1: paper asked for at the left and middle of row 2, ink elsewhere
    W1 = params["WF"][0]
    assert W1[1, 0] < W1[1, 1] < 0 and np.all(np.delete(W1.ravel(), [3, 4]) > 0)
    # filter 3: ink at the left and middle of row 1, paper in the middle of row 2 (its most negative)
    W3 = params["WF"][2]
    assert W3[0, 0] > 1 and W3[0, 1] > 1 and W3[1, 1] == W3.min()
    assert NUMBERS["bias_1"] < -5 and NUMBERS["bias_O1"] > 2
