"""Every catalog scene: a clean layout after every step in both themes, a 20–45 s story, captions that can be read,
and frames that match the committed control images (a mid-story step and the final still)."""

import numpy as np
import pytest
from frames import assert_matches_control, differs
from scene_harness import assert_same_places, run_story, story_states
from scene_probes import PROBES

from scenes import catalog
from scenes.theme import THEMES

NAMES = [e.name for e in catalog.CATALOG]


def test_every_scene_has_a_probe():
    assert set(PROBES) == set(NAMES)


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("name", NAMES)
def test_layout_is_clean_after_every_step(name, theme):
    states = story_states(name, theme)
    assert [s.step for s in states] == list(getattr(__import__(catalog.lookup(name).module, fromlist=[name]),
                                                    name).steps)
    for s in states:
        assert s.problems == [], f"{name} ({theme}) after {s.step}: {s.problems}"


@pytest.mark.parametrize("name", NAMES)
def test_the_light_theme_changes_colours_only(name):
    """After every step, everything sits where it sits in the dark theme (so the layout checks hold in both)."""
    dark, light = story_states(name, "dark"), story_states(name, "light")
    assert_same_places(dark, light)


@pytest.mark.parametrize("name", NAMES)
def test_story_lasts_20_to_45_seconds(name):
    assert 20 <= story_states(name, "dark")[-1].time <= 45


@pytest.mark.parametrize("name", NAMES)
def test_every_caption_stays_long_enough_to_be_read(name):
    """At least 2 s on screen and at most 17 characters a second: the viewer reads while watching."""
    captions = story_states(name, "dark")[-1].timeline["captions"]
    assert captions
    for said in captions:
        seconds = said["end"] - said["start"]
        assert seconds >= 2.0 - 1e-9 and len(said["text"]) / seconds <= 17 + 1e-9, (said, seconds)
        assert "losscore" not in said["text"]  # the viewer's words, not the project's internals


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("name", NAMES)
def test_frames_match_control_images(name, theme):
    states = story_states(name, theme)
    chosen = (states[len(states) // 2], states[-1])
    assert_matches_control({f"{name}-{theme}-{s.step}": s.frame for s in chosen})


def test_frame_comparison_catches_a_colour_and_a_position_change(monkeypatch):
    from scenes.kit import text, theme

    final = story_states("MeanAbsoluteError", "dark")[-1].frame
    monkeypatch.setattr(theme, "DARK", theme.Theme(**{**vars(theme.DARK), "loss": "#CC79A7"}))
    monkeypatch.setitem(theme.THEMES, "dark", theme.DARK)
    assert differs(final, run_story("MeanAbsoluteError", "dark", frames=(-1,))[-1].frame)
    monkeypatch.undo()
    monkeypatch.setattr(text, "SAFE", text.SAFE + 0.1)  # the formula card and caption move 0.1 units inward
    assert differs(final, run_story("MeanAbsoluteError", "dark", frames=(-1,))[-1].frame)


def test_a_story_with_a_misspelt_step_fails_when_defined():
    from scenes.kit import Story

    with pytest.raises(TypeError, match=r"^Broken\.steps names 'drawcurve', which is not a method of Broken"):
        type("Broken", (Story,), {"steps": ("show", "drawcurve"), "show": lambda self: None})


def test_a_story_puts_manims_text_defaults_back():
    from manim import MathTex, Text

    def colour(mob):
        return mob.family_members_with_points()[0].get_fill_color().to_hex().upper()

    from scenes.kit import Story

    class Short(Story):  # a story in the light theme: its text is near-black while it renders
        steps = ("speak",)

        def title_card_content(self):
            return "Short", "L", "One caption."

        def speak(self):
            self.say("One caption.")

    run_story(Short, "light")
    assert colour(Text("x")) == colour(MathTex("x")) == "#FFFFFF"


def test_the_layout_check_names_overlaps_texts_off_the_safe_area_and_small_text():
    from types import SimpleNamespace

    from manim import RIGHT, UP, VGroup

    from scenes.kit import Text, layout_problems
    from scenes.theme import MIN_TEXT

    loss, label = Text("loss", font_size=30), Text("label", font_size=30).shift(0.2 * RIGHT)
    apart = Text("apart", font_size=30).shift(3 * RIGHT)
    inside = VGroup(Text("a group", font_size=30).shift(3 * RIGHT + 1.5 * UP))  # found inside its group
    assert layout_problems(SimpleNamespace(mobjects=[loss, apart, inside])) == []
    far, tiny = Text("far", font_size=30).shift(7.2 * RIGHT), Text("tiny", font_size=8).shift(2.5 * RIGHT + UP)
    assert layout_problems(SimpleNamespace(mobjects=[loss, label, apart, far, tiny])) == [
        "far reaches outside the safe area: " + layout_problems(SimpleNamespace(mobjects=[far]))[0].split(": ", 1)[1],
        f"'tiny' is too small: font size 8 < {MIN_TEXT}", "'loss' overlaps 'label'"]


@pytest.mark.parametrize("kwargs", [{"font_size": 24}, {"font_size": 30, "weight": "BOLD"},
                                    {"font_size": 20, "t2c": {"loss": "#FF0000"}}])
def test_kit_text_parses_each_glyph_once_into_manims_shapes(kwargs, monkeypatch):
    """The kit's Text parses a glyph the first time a text uses it and copies it for the others: the same shapes and
    styles as manim's own Text (to the last bits of rounding), spaces and a line break included."""
    from manim import SVGMobject
    from manim import Text as ManimText

    from scenes.kit import Text, glyphs
    from scenes.kit.text import Typeset

    parsed, get_mobjects_from = [], SVGMobject.get_mobjects_from

    def counted(self, svg):
        shapes, groups = get_mobjects_from(self, svg)
        parsed.extend(shapes)
        return shapes, groups

    monkeypatch.setattr(SVGMobject, "get_mobjects_from", counted)
    caption = "The loss grows with the square of the residual:\ntwice the distance, four times the loss."
    monkeypatch.setattr(Typeset, "_typeset", {})
    monkeypatch.setattr(glyphs, "_SHAPES", glyphs.OrderedDict())
    first = Text(caption, **kwargs).family_members_with_points()
    assert len(parsed) < 0.6 * len(first)  # each distinct glyph once (in each colour)
    count, shown = len(parsed), caption.replace("twice", "Twice")
    again = Text(shown, **kwargs).family_members_with_points()
    assert len(parsed) == count  # another text of the same glyphs ("T" as in "The") parses none again
    for text, ours in ((caption, first), (shown, again)):
        theirs = ManimText(text, **kwargs).family_members_with_points()
        assert len(ours) == len(theirs) == len(text.replace(" ", "").replace("\n", ""))
        for mine, manims in zip(ours, theirs):
            assert np.allclose(mine.points, manims.points, rtol=0, atol=1e-12)
            assert np.array_equal(mine.fill_rgbas, manims.fill_rgbas) and mine.stroke_width == manims.stroke_width


@pytest.mark.parametrize("loss", ["huber", "cce", "ctc"])
def test_kit_formulas_parse_each_glyph_once_into_manims_shapes_and_groups(loss, monkeypatch, tmp_path):
    """The kit's MathTex too (a formula's document is as large as the formula, fraction bars are no glyphs, and
    MathTex finds its coloured parts by their groups): the same shapes, styles and groups as manim's own."""
    from manim import MathTex as ManimMathTex
    from manim.mobject.svg import svg_mobject

    import losscore
    from scenes.kit import MathTex, glyphs, role_tex
    from scenes.kit.text import Typeset, role_colors
    from scenes.output.pipeline import manim_session

    monkeypatch.setattr(Typeset, "_typeset", {})
    monkeypatch.setattr(glyphs, "_SHAPES", glyphs.OrderedDict())
    monkeypatch.setattr(svg_mobject, "SVG_HASH_TO_MOB_MAP", {})
    spec = losscore.LOSSES[loss]
    with manim_session(tmp_path, "formulas", "low", "dark"):  # the project's TeX template
        coloured = role_tex(spec.formula, THEMES["dark"])
        for tex in (spec.formula, spec.derivative):  # the second reuses the first's glyphs
            ours, theirs = MathTex(tex), ManimMathTex(tex)
            for mine, manims in zip(*(m.family_members_with_points() for m in (ours, theirs)), strict=True):
                assert np.allclose(mine.points, manims.points, rtol=0, atol=1e-12)
                assert np.array_equal(mine.fill_rgbas, manims.fill_rgbas)
            named = {k for k in theirs.id_to_vgroup_dict if not k.startswith("numbered_group")}
            for name in named:
                mine, manims = (m.id_to_vgroup_dict[name].family_members_with_points() for m in (ours, theirs))
                assert len(mine) == len(manims), name
        colors = role_colors(spec.formula, THEMES["dark"])  # role_tex as manim alone would set it
        plain = ManimMathTex(spec.formula, substrings_to_isolate=list(colors), font_size=coloured.font_size,
                             color=THEMES["dark"].text).set_color_by_tex_to_color_map(colors)
        for mine, manims in zip(*(m.family_members_with_points() for m in (coloured, plain)), strict=True):
            assert np.allclose(mine.points, manims.points, rtol=0, atol=1e-12)
            assert np.array_equal(mine.fill_rgbas, manims.fill_rgbas)


@pytest.mark.parametrize("name", NAMES)
def test_the_first_frame_says_what_the_scene_is_about(name):
    """A thumbnail, a paused GIF or a reader who prefers reduced motion sees the first frame: never an empty one."""
    frame = story_states(name, "dark")[0].opening
    background = frame[0, 0]
    drawn = (np.abs(frame.astype(int) - background.astype(int)).max(axis=-1) > 60).mean()
    assert drawn > 0.001, f"{name} opens on an empty frame ({drawn:.2%} drawn)"  # a formula draws ~0.3 %


def test_the_kits_get_family_lists_the_family_as_manim_does():
    """The kit's get_family (walked once) against manim's own definition, on a hierarchy with a part reachable
    twice: the same mobjects in the same order."""
    import itertools

    from manim import Circle, Dot, Square, VGroup
    from manim.utils.iterables import remove_list_redundancies

    from scenes.kit import family

    def manims(mob):
        return remove_list_redundancies([mob, *itertools.chain(*(manims(part) for part in mob.submobjects))])

    shared = VGroup(Dot(), Circle())
    top = VGroup(Square(), VGroup(shared, Dot()), shared, VGroup(VGroup(Square()), shared[0]))
    assert top.get_family.__func__ is family.get_family
    for mob in [top, *top.submobjects]:
        assert [id(m) for m in mob.get_family()] == [id(m) for m in manims(mob)]
    assert len(top.get_family()) == len({id(m) for m in manims(top)})


def test_role_tex_expression_is_what_role_tex_hands_latex(monkeypatch, tmp_path):
    """The session's formula warm-up (tests/conftest.py) compiles what role_tex asks LaTeX for: every registry
    formula's expression, as role_tex_expression gives it."""
    from collections import OrderedDict

    from manim.mobject.text import tex_mobject

    import losscore
    from scenes.kit import role_tex
    from scenes.kit.text import Typeset, role_tex_expression
    from scenes.output.pipeline import manim_session

    monkeypatch.setattr(Typeset, "_typeset", OrderedDict())  # typeset anew, not copied
    asked = []
    with manim_session(tmp_path, "formulas", "low", "dark"):
        typeset = tex_mobject.tex_to_svg_file

        def recorded(expression, environment=None, tex_template=None):
            asked.append(expression)
            return typeset(expression, environment, tex_template)

        recorded.shared_cache = True  # the shared TeX cache's, still
        monkeypatch.setattr(tex_mobject, "tex_to_svg_file", recorded)
        for formula in dict.fromkeys(spec.formula for spec in losscore.LOSSES.values()):  # one typesetting each
            asked.clear()
            role_tex(formula, THEMES["dark"])
            assert asked == [role_tex_expression(formula)], formula
