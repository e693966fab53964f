"""CTCAlignment told with the catalog's numbers and with a teacher's: the parameters default to the registry's
trellis and refuse what cannot be told; at the ends of every range the layout stays clean and the captions and
readouts state what losscore computes; every frame tells the truth (the fills are losscore's shares, the readouts
recompute, the pictures stay in their regions, the symbols the captions use are named on screen).
(Layout after every step, timing and control frames of the catalog render: test_scenes.py.)"""

import functools

import numpy as np
import pytest
from scene_harness import run_story, story_states
from scene_probes import PROBES

import losscore
from losscore.params import ParamError
from scenes.kit import regions
from scenes.sequence import CTCAlignment, TrellisDiagram

PICTURE = losscore.LOSSES["ctc"].picture
LOGITS = ("blank", "C", "A", "T")  # the parameters logits_blank, logits_C, ...


def losscores(label, logits):
    """(log ŷ, states, log α, log β, L, γ) for one sequence, straight from losscore."""
    log_probs = losscore.log_softmax(np.array(logits, dtype=float))
    batch = (np.array([label]), log_probs[:, None, :], [len(log_probs)], [len(label)])
    states, log_alpha, log_beta = losscore.ctc_trellis(label, log_probs)
    return (log_probs, states, log_alpha, log_beta, losscore.ctc(*batch, reduction="sum"),
            losscore.ctc_posterior(*batch)[:, 0])


def by_step(states):
    return {s.step: s.probe for s in states}


# ---- parameters ---------------------------------------------------------------------------------------------------

def test_the_defaults_are_the_registry_trellis():
    values = CTCAlignment.check_params({})
    assert tuple(values["label"]) == PICTURE.label
    np.testing.assert_array_equal(CTCAlignment.logits(values), np.array(PICTURE.logits))
    assert [p.name for p in CTCAlignment.parameters] == ["label", "logits_blank", "logits_C", "logits_A", "logits_T"]


@pytest.mark.parametrize("given, message", [
    ({"label": [1, 1], **{f"logits_{c}": [0.0, 0.0] for c in LOGITS}},
     r"^CTCAlignment: label CC needs at least 3 steps \(a blank between two equal letters\), but the logits give 2$"),
    ({"logits_A": [0.0] * 5}, r"^CTCAlignment: every class needs one logit per step.*logits_blank has 6, logits_C has "
                              r"6, logits_A has 5, logits_T has 6$"),
    ({"label": [0, 1]}, r"^CTCAlignment: label = 0 is outside its range \[1, 3\]$"),
    ({"label": [1, 2, 3, 1, 2]}, r"^CTCAlignment: label must hold 1 to 4 values, got 5$"),
    ({"logits_T": [0.0, 1.0, float("nan"), 0.0, 0.0, 0.0]}, r"^CTCAlignment: logits_T must be finite, got nan$"),
    ({"logits_A": [0.0] * 9}, r"^CTCAlignment: logits_A must hold 2 to 8 values, got 9$"),
    ({"logit_C": [0.0] * 6}, r"^CTCAlignment: unknown key 'logit_C' \(did you mean 'logits_C'\?\)"),
    ({"label": "CAT"}, r"^CTCAlignment: label must be a list of numbers, got 'CAT'$"),
])
def test_values_that_cannot_be_told_are_refused_with_a_message_naming_the_key(given, message):
    with pytest.raises(ParamError, match=message):
        CTCAlignment(params=given)


def test_a_label_that_fits_exactly_is_accepted():
    """TAT needs 3 steps and AA needs 3 (a blank between the two A's): both fit in 3."""
    three = {f"logits_{c}": [0.0] * 3 for c in LOGITS}
    for label in ([3, 2, 3], [2, 2]):
        assert CTCAlignment.check_params({"label": label, **three})["label"] == label


# ---- the catalog's numbers ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def default():
    return by_step(story_states("CTCAlignment", "dark"))


def test_the_trellis_fills_are_losscores_shares_and_clear_when_the_grid_returns_to_the_probabilities(default):
    """Forward: α against its step's largest; posterior: each node's share of all paths, which summed per class is
    losscore's γ, the grid's fill; settle: the grid shows ŷ again and the trellis no share at all."""
    log_probs, states, log_alpha, log_beta, loss, gamma = losscores(PICTURE.label, PICTURE.logits)
    empty = TrellisDiagram.EMPTY
    alpha = np.exp(log_alpha)
    for (step, s), fill in default["forward_pass"]["nodes"].items():
        assert fill == pytest.approx(empty + (1 - empty) * alpha[step, s] / alpha[step].max(), abs=1e-9)
    shares = np.zeros_like(gamma)
    for (step, s), fill in default["posterior"]["nodes"].items():
        share = (fill - empty) / (1 - empty)
        assert share == pytest.approx(np.exp(log_alpha[step, s] + log_beta[step, s] - log_probs[step, states[s]]
                                             + loss), abs=1e-9)
        shares[step, states[s]] += share
    np.testing.assert_allclose(shares, gamma, atol=1e-9)
    np.testing.assert_allclose(default["posterior"]["cells"], gamma, atol=1e-9)
    np.testing.assert_allclose(default["settle"]["cells"], np.exp(log_probs), atol=1e-9)
    assert set(default["settle"]["nodes"].values()) == {0.0}


def test_the_symbols_the_captions_use_are_named_on_screen(default):
    """The blank is named with the grid; γ, when the captions speak of it; each fill's meaning while it is shown."""
    blank = "– is the blank: no letter"
    assert all(blank in default[step]["words"] for step in ("show_steps", "total", "settle"))
    assert "γ: each class's share of all paths" in default["posterior"]["words"]
    assert "fill: γ, share of all paths" in default["posterior"]["words"]
    assert "fill: α, paths into a node" in default["forward_pass"]["words"]
    assert "paths that spell CAT" in default["settle"]["words"]
    assert not any(w.startswith("fill:") for w in default["settle"]["words"])


def test_the_pictures_stay_in_their_regions(default):
    layout = regions(side_split=0.25)
    for step in ("total", "posterior", "settle"):
        for name, region in (("grid", layout.main), ("trellis", layout.side), ("readouts", layout.readouts)):
            (left, bottom), (right, top) = default[step]["boxes"][name]
            assert region.left <= left and right <= region.right and region.bottom <= bottom and top <= region.top, \
                (step, name)


def check_readouts(probe, label, logits):
    """The readouts are losscore's P(label) and loss, and recompute: −log of the P shown, written as L is, is the L
    shown."""
    loss = losscores(label, logits)[4]
    assert probe["readouts"] == pytest.approx([np.exp(-loss), loss], rel=1e-12)
    p_text, loss_text = (t.replace("−", "-") for t in probe["readouts_shown"])
    if "×" in p_text:
        mantissa, exponent = p_text.split(" × 10^")
        p_shown = float(mantissa) * 10.0 ** int(exponent)
    else:
        p_shown = float(p_text)
    decimals = len(loss_text.partition(".")[2])
    assert f"{-np.log(p_shown):.{decimals}f}" == loss_text, probe["readouts_shown"]
    assert float(loss_text) == pytest.approx(loss, abs=0.5 * 10.0 ** -decimals)


def test_the_readouts_recompute(default):
    check_readouts(default["total"], PICTURE.label, PICTURE.logits)


# ---- a teacher's numbers: the ends of every range ---------------------------------------------------------------

ENDS = {end: {p.name: [getattr(p, end)] * p.length[end == "high"] for p in CTCAlignment.parameters}
        for end in ("low", "high")}


@functools.cache
def told(end):
    """The story at one end of every range, in the dark theme; the title card (the kit's) left out to keep it fast."""
    return run_story(CTCAlignment, "dark", PROBES["CTCAlignment"], params=ENDS[end], title_card=False)


def test_the_ends_are_the_ends_of_every_declared_range():
    assert ENDS["low"]["label"] == [1] and ENDS["high"]["label"] == [3, 3, 3, 3]  # C; TTTT: 7 steps of the 8
    assert ENDS["low"]["logits_A"] == [-4.0] * 2 and ENDS["high"]["logits_A"] == [4.0] * 8


@pytest.mark.parametrize("end", ["low", "high"])
def test_the_layout_is_clean_and_the_words_and_numbers_true_at_the_ends_of_every_range(end):
    states = told(end)
    for s in states:
        assert s.problems == [], f"CTCAlignment at its {end} end, after {s.step}: {s.problems}"
    values = ENDS[end]
    label, logits = values["label"], CTCAlignment.logits(values)
    word, steps = "".join(PICTURE.classes[k] for k in label), len(logits)
    probes = by_step(states)
    check_readouts(probes["total"], label, logits)
    said = [c["text"] for c in states[-1].timeline["captions"]]
    assert f"Class probabilities at {steps} steps; the label is {word}." in said
    assert f"P({word}) sums both ends; L = −log P." in said
    assert f"paths that spell {word}" in probes["show_trellis"]["words"]
    np.testing.assert_allclose(probes["posterior"]["cells"], losscores(label, logits)[5], atol=1e-9)
    for c in states[-1].timeline["captions"]:
        seconds = c["end"] - c["start"]
        assert seconds >= 2.0 - 1e-9 and len(c["text"]) / seconds <= 17 + 1e-9, c


def test_the_low_end_is_the_one_letter_worked_out_by_hand():
    """Label C in two steps, every class equally likely (¼): the alignments C–, –C and CC, so P = 3/16."""
    assert by_step(told("low"))["total"]["readouts"][0] == pytest.approx(3 / 16, rel=1e-12)


def test_the_title_card_states_the_label_and_the_steps():
    """The catalog's line, with the numbers a lesson gives."""
    values = CTCAlignment.check_params({"label": [3, 2, 3], **{f"logits_{c}": [0.5] * 5 for c in LOGITS}})
    assert CTCAlignment.title_line(CTCAlignment.alignments(values)) == \
        "CTC: the label TAT against 5 steps of probabilities, summed over every alignment in the trellis."
