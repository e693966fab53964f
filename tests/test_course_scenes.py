"""The course scenes — ContrastiveBatch (CLIP), Distillation, PreferencePairs (DPO) — tell what losscore computes:
their numbers against independent formulas, the claims their captions make, their parameters refused when they do
not fit the story, and, rendered at the ends of every declared range, a clean layout with every number on screen
equal to losscore's. (Layout, length, captions and control frames at the defaults: test_scenes.py.)"""

import functools

import numpy as np
import pytest

import losscore
from losscore.params import ParamError
from scenes import contrastive, distillation, preference


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def defaults(cls):
    return cls.check_params({})


# ---- ContrastiveBatch ---------------------------------------------------------------------------------------------


def batch(**given):
    values = contrastive.ContrastiveBatch.check_params(given)
    return contrastive.Batch(values["image_angles"], contrastive.caption_angles(values["image_angles"],
                                                                                values["text_offsets"]))


def test_clip_numbers_are_a_cross_entropy_over_each_row_and_each_column():
    b, tau = batch(), 0.25
    cos = np.array([[np.cos(np.radians(i - t)) for t in b.text_angles] for i in b.image_angles])
    p = softmax(cos / tau, axis=1)
    np.testing.assert_allclose(b.probabilities(tau), p)
    np.testing.assert_allclose(b.row_losses(tau), -np.log(np.diag(p)))
    by_text = -np.log(np.diag(softmax(cos / tau, axis=0)))
    assert b.loss(tau) == pytest.approx((np.mean(-np.log(np.diag(p))) + np.mean(by_text)) / 2)


def test_the_hardest_negative_is_the_wrong_caption_most_like_an_image():
    b = batch()
    assert b.hard == (0, 1)  # I1 and T2, 30° apart, nearer than any other wrong pair
    off = b.cosines - 10 * np.eye(4)
    assert off[b.hard] == off.max()


def test_descent_turns_along_the_circle_pairs_together_and_the_hardest_negative_apart():
    b, tau, step = batch(), 0.25, 1e-4
    moves = b.descent(tau)
    for move, unit in zip(moves, (b.images, b.texts)):
        np.testing.assert_allclose((move * unit).sum(axis=1), 0, atol=1e-12)  # only along the circle
    images, texts = (u + step * m for u, m in zip((b.images, b.texts), moves))
    images, texts = (x / np.linalg.norm(x, axis=1, keepdims=True) for x in (images, texts))
    after = images @ texts.T
    assert (np.diag(after) > np.diag(b.cosines)).all() and after[b.hard] < b.cosines[b.hard]
    assert b.pairs_close_and_hardest_parts(tau)
    assert losscore.clip_contrastive(images, texts, logit_scale=1 / tau) < b.loss(tau)
    turning = b.turning(tau)  # I1 turns clockwise, towards T1 and away from T2; T2 counter-clockwise, away from I1
    assert turning[0][0] < 0 < turning[1][1]


def test_a_lower_temperature_sharpens_every_row():
    b = batch()
    warm, cold = (b.probabilities(tau) for tau in defaults(contrastive.ContrastiveBatch)["temperatures"])
    assert (cold.max(axis=1) > warm.max(axis=1)).all()
    assert (cold.argmax(axis=1) == warm.argmax(axis=1)).all()


# ---- Distillation -------------------------------------------------------------------------------------------------


def pair(**given):
    values = distillation.Distillation.check_params(given)
    return distillation.TeacherStudent(values["teacher"], values["student"], values["temperatures"])


def test_temperature_reveals_the_dark_knowledge_in_the_teachers_order():
    p = pair()
    at_one, at_four = (softmax(p.teacher / T) for T in (p.low, p.high))
    top = np.argmax(p.teacher)
    assert at_four[top] < at_one[top] and (np.delete(at_four, top) > np.delete(at_one, top)).all()
    assert (np.argsort(at_four) == np.argsort(p.teacher)).all()


def test_t_squared_keeps_the_gradients_size_where_plain_kl_shrinks_as_one_over_t_squared():
    p = pair()
    for T in p.table_temperatures():
        q, target = softmax(p.student / T), softmax(p.teacher / T)
        plain_kl, scaled = p.pulls(T)
        assert scaled == pytest.approx(T * np.linalg.norm(q - target))  # d(T²·KL)/ds = T(q − p)
        assert plain_kl == pytest.approx(np.linalg.norm(q - target) / T)
    kl_drop, t2_change = p.shown_ratios()
    assert kl_drop > 3 and abs(t2_change - 1) < 0.2  # doubling T: KL's gradient about ÷4, T²·KL's about the same
    shown = {T: np.round(p.pulls(T), 3) for T in p.table_temperatures()[1:]}
    (kl_high, t2_high), (kl_double, t2_double) = shown.values()
    assert f"{kl_drop:.2g}" == f"{kl_high / kl_double:.2g}" and f"{t2_change:.2g}" == f"{t2_double / t2_high:.2g}"


def test_the_student_descends_to_the_teacher_up_to_a_shift():
    p = pair()
    losses = [p.loss(z, p.high) for z in p.path]
    assert all(b < a for a, b in zip(losses, losses[1:]))
    assert p.matched() and p.learned_ranking()
    np.testing.assert_allclose(softmax(p.path[-1] / p.high), softmax(p.teacher / p.high), atol=0.01)
    # softmax forgets a constant added to every logit: the student's logits near the teacher's plus one shift
    assert np.ptp(p.teacher - p.path[-1]) < np.ptp(p.teacher - p.student) / 10


# ---- PreferencePairs ----------------------------------------------------------------------------------------------


def test_dpo_curves_are_minus_log_sigmoid_and_its_weight():
    x = np.linspace(-6, 6, 25)
    np.testing.assert_allclose(preference.loss_at(x), np.log1p(np.exp(-x)))
    np.testing.assert_allclose(preference.weight_at(x), 1 / (1 + np.exp(x)))
    beta, logps = 0.3, ([-20.0], [-10.0], [-12.0], [-14.0])
    delta = (-20.0 + 10.0) - (-12.0 + 14.0)
    assert losscore.dpo(*logps, beta=beta) == pytest.approx(float(preference.loss_at(beta * delta)[0]))
    weight = -losscore.dpo_grad(*logps, beta=beta)[0][0] / beta
    assert weight == pytest.approx(float(preference.weight_at(beta * delta)[0]))


# ---- parameters ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls, given, message", [
    (contrastive.ContrastiveBatch, {"temperatures": [0.25, 1.0]}, r"temperatures must fall"),
    (contrastive.ContrastiveBatch, {"image_angles": [0.0, 10.0, 180.0, 270.0]},
     r"images 1 and 2 point 10° apart, expected at least 25° \(image_angles, text_offsets\)"),
    (contrastive.ContrastiveBatch, {"text_offsets": [10.0, -35.0, 25.0, -25.0]}, r"captions 1 and 2 point 10° apart"),
    (contrastive.ContrastiveBatch, {"text_offsets": [5.0, -25.0, 25.0, -25.0]}, r"image 1 and caption 1 point 5°"),
    (contrastive.ContrastiveBatch, {"image_angles": [40.0, 95.0, 200.0]}, r"image_angles must hold 4 values"),
    (distillation.Distillation, {"temperatures": [4.0, 1.0]}, r"temperatures must rise"),
    (distillation.Distillation, {"teacher": [9.0, 0.0, 0.0, 0.0]}, r"teacher = 9 is outside its range \[-8, 8\]"),
    (distillation.Distillation, {"studnet": [0.0] * 4}, r"unknown key 'studnet' \(did you mean 'student'\?\)"),
    (preference.PreferencePairs, {"wrong_way": [-10.0, -14.0]}, r"wrong_way must put the policy's margin below"),
    (preference.PreferencePairs, {"right_way": [-13.0, -14.0]}, r"right_way must put the policy's margin above"),
    (preference.PreferencePairs, {"betas": [0.5, 0.1]}, r"betas must grow"),
    (preference.PreferencePairs, {"reference": [-12.0, 0.5]}, r"reference = 0.5 is outside its range"),
])
def test_values_that_do_not_fit_the_story_are_refused_naming_the_key(cls, given, message):
    with pytest.raises(ParamError, match=message):
        cls.check_params(given)


def test_each_scene_declares_its_numbers_with_a_meaning():
    for cls in (contrastive.ContrastiveBatch, distillation.Distillation, preference.PreferencePairs):
        values = defaults(cls)
        for param in cls.parameters:
            assert param.meaning and param.low <= min(values[param.name]) <= max(values[param.name]) <= param.high


# ---- rendered at the ends of every range --------------------------------------------------------------------------

# Each lesson holds values at the ends of the declared ranges, both ends of a list in one story where it can. An
# image at 359° is one at 0° turned back by 1°, the same picture (and no story holds both: they would be 1° apart), so
# image angles are rendered at 0°. PreferencePairs' reference cannot sit at both ends in one story (one of the
# policy's visits would have no room beyond its margin); the policy's rows show both ends, in the same columns.
EXTREMES = {
    ("ContrastiveBatch", "both"): {"image_angles": [0.0, 120.0, 240.0, 300.0],
                                   "text_offsets": [60.0, -30.0, -60.0, -30.0], "temperatures": [2.0, 0.05]},
    ("Distillation", "both"): {"teacher": [8.0, -8.0, -8.0, 8.0], "student": [-8.0, 8.0, -8.0, 8.0],
                               "temperatures": [0.5, 10.0]},
    ("PreferencePairs", "both"): {"reference": [-50.0, -0.5], "wrong_way": [-100.0, -0.5],
                                  "right_way": [-0.5, -100.0], "betas": [0.01, 1.0]},
}
MODULES = {"ContrastiveBatch": contrastive, "Distillation": distillation, "PreferencePairs": preference}


def test_the_extremes_reach_the_ends_of_every_declared_range():
    for name, module in MODULES.items():
        lessons = [values for (scene, _), values in EXTREMES.items() if scene == name]
        for param in getattr(module, name).parameters:
            ends = (param.low, param.high)
            if name == "ContrastiveBatch" and param.name == "image_angles":
                ends = (param.low,)
            if name == "PreferencePairs" and param.name == "reference":
                ends = (param.high,)
            for end in ends:
                assert any(end in lesson[param.name] for lesson in lessons), (name, param.name, end)


@functools.cache
def extreme_states(name, end):
    """The story told with EXTREMES[name, end], in the dark theme; its title card (the same for any numbers) left out
    to keep the suite fast."""
    from scene_harness import run_story
    from scene_probes import PROBES

    return run_story(getattr(MODULES[name], name), "dark", PROBES[name], params=EXTREMES[name, end], title_card=False)


def said(states):
    return [c["text"] for c in states[-1].timeline["captions"]]


@pytest.mark.parametrize("name, end", list(EXTREMES))
def test_the_layout_is_clean_at_the_ends_of_every_range(name, end):
    for s in extreme_states(name, end):
        assert s.problems == [], f"{name} ({end}) after {s.step}: {s.problems}"


def test_contrastive_batch_shows_losscores_numbers():
    states = extreme_states("ContrastiveBatch", "both")
    params = EXTREMES["ContrastiveBatch", "both"]
    texts = contrastive.caption_angles(params["image_angles"], params["text_offsets"])
    b, (warm, cold) = contrastive.Batch(params["image_angles"], texts), params["temperatures"]
    steps = {s.step: s.probe for s in states}
    kind, cells = steps["compare_all"]["matrix"]
    assert kind == "cos" and np.allclose(cells, b.cosines, atol=0.005)
    for step, tau in (("row_softmax", warm), ("score_rows", warm), ("cool_down", cold), ("settle", cold)):
        probe = steps[step]
        assert probe["tau"] == pytest.approx(tau) and probe["matrix"][0] == "p"
        np.testing.assert_allclose(probe["matrix"][1], b.probabilities(tau), atol=5e-4)
    for step in ("score_rows", "cool_down", "settle"):
        probe = steps[step]
        np.testing.assert_allclose(probe["losses"], b.row_losses(probe["tau"]), atol=5e-3)
        assert probe["readouts"] == pytest.approx([probe["tau"], b.loss(probe["tau"])], abs=5e-3)
    assert steps["hardest_negative"]["hard_marked"]
    i, j = b.hard
    assert f"Hardest negative: T{j + 1}, the wrong caption nearest I{i + 1}." in said(states)
    claim = f"Descent turns pairs together, I{i + 1} and T{j + 1} apart."
    assert (claim in said(states)) == b.pairs_close_and_hardest_parts(cold)
    # the arrows: each starts at its vector, points the way descent turns it, its length on one scale
    drawn = steps["settle"]["arrows"]
    speeds = np.concatenate(b.turning(cold))
    starts = np.concatenate([b.image_angles, b.text_angles])
    lengths = np.array([length for _, length, _ in drawn])
    visible = np.array([opacity > 0 for *_, opacity in drawn])
    assert np.allclose([(a - s + 180) % 360 - 180 for (a, _, _), s in zip(drawn, starts)], 0, atol=1.0)
    assert (np.sign(lengths[visible]) == np.sign(speeds[visible])).all()
    np.testing.assert_allclose(np.abs(lengths[visible]) / np.abs(speeds[visible]),
                               contrastive.LONGEST_ARROW / np.abs(speeds).max(), rtol=0.03)
    assert visible[np.argmax(np.abs(speeds))]


def test_distillation_shows_losscores_numbers():
    states = extreme_states("Distillation", "both")
    params = EXTREMES["Distillation", "both"]
    p = distillation.TeacherStudent(params["teacher"], params["student"], params["temperatures"])
    steps = {s.step: s.probe for s in states}
    for probe in steps.values():
        T = probe["T"]
        teacher = softmax(p.teacher / T)
        np.testing.assert_allclose(probe["teacher"]["values"], teacher)
        np.testing.assert_allclose(probe["teacher"]["heights"], teacher, atol=2e-3)
        assert probe["teacher"]["logits"] == pytest.approx(p.teacher)
        if probe["student"] is not None:
            student = np.array(probe["student"]["logits"])
            np.testing.assert_allclose(probe["student"]["values"], softmax(student / T))
            np.testing.assert_allclose(probe["marks"], teacher, atol=2e-3)
            assert probe["loss"] == pytest.approx(losscore.distillation(p.teacher, student, temperature=T))
    assert steps["show_teacher"]["T"] == p.low and steps["raise_temperature"]["T"] == p.high
    np.testing.assert_allclose(steps["settle"]["student"]["logits"], p.path[-1])
    table = steps["why_t_squared"]["table"]
    assert [row[0] for row in table] == list(p.table_temperatures())
    np.testing.assert_allclose([row[1:] for row in table], [p.pulls(T) for T in p.table_temperatures()])
    kl_drop, t2_change = p.shown_ratios()
    assert f"Double T: KL's gradient ÷ {kl_drop:.2g}, T²·KL's × {t2_change:.2g}." in said(states)
    first, final = (p.loss(z, p.high) for z in p.path[[0, -1]])
    matched = "8 steps of descent: the student matches the teacher."
    assert (matched in said(states)) == (final < 0.01 * first)


def test_preference_pairs_shows_losscores_numbers():
    states = extreme_states("PreferencePairs", "both")
    params = EXTREMES["PreferencePairs", "both"]
    steps = {s.step: s.probe for s in states}
    for step, policy, beta in (("margin", params["reference"], params["betas"][0]),
                               ("wrong_way", params["wrong_way"], params["betas"][0]),
                               ("right_way", params["right_way"], params["betas"][0]),
                               ("settle", params["right_way"], params["betas"][1])):
        probe = steps[step]
        assert probe["policy"] == pytest.approx(policy) and probe["reference"] == pytest.approx(params["reference"])
        delta = (policy[0] - policy[1]) - (params["reference"][0] - params["reference"][1])
        assert probe["margins"] == pytest.approx([delta, beta, beta * delta])
        logps = [[v] for v in (*policy, *params["reference"])]
        if probe["loss"] is not None:
            assert probe["loss"] == pytest.approx(losscore.dpo(*logps, beta=beta), abs=5e-4)
            assert probe["dots"]["loss"][0] == pytest.approx(beta * delta)
        if probe["weight"] is not None:
            weight = -losscore.dpo_grad(*logps, beta=beta)[0][0] / beta
            assert probe["weight"] == pytest.approx(weight, abs=5e-4)
            assert probe["dots"]["weight"][:2] == pytest.approx((beta * delta, weight), abs=1e-6)
    weights = [steps[s]["weight"] for s in ("wrong_way", "right_way", "settle")]
    assert weights[0] > 0.5 > weights[1] > weights[2]  # the pull is largest where the pair is ranked wrong
