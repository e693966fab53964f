"""Run a story scene in-process without encoding video: after each named step, record the layout problems, whatever
the test asks to probe and, for the steps it asks for, the frame. Animations are skipped (manim's last-frame mode),
so each step's frame is its end state, exactly as the video shows it when the step's animations finish."""

import fcntl
import functools
import importlib
import os
import pickle
import tempfile
import zlib
from dataclasses import dataclass, field

import numpy as np

from scenes import catalog
from scenes.kit import layout_problems


@dataclass
class StepState:
    step: str
    frame: np.ndarray | None  # H×W×3 uint8, for the steps whose frames were asked for
    problems: list
    time: float  # seconds of video played so far
    probe: dict = field(default_factory=dict)
    timeline: dict = field(default_factory=dict)  # the story's captions and chapters (the whole story's, once done)
    opening: np.ndarray | None = None  # the first step's: the frame a video opens on, if asked for
    boxes: np.ndarray | None = None  # where everything drawn is: each part's bounding box, in the scene's order


def part_boxes(scene):
    """(x0, y0, x1, y1) of every part with points, in the scene's order: what a theme must not change."""
    parts = [m.points[:, :2] for top in scene.mobjects for m in top.get_family() if len(m.points)]
    if not parts:
        return np.zeros((0, 4))
    starts = np.cumsum([0] + [len(p) for p in parts[:-1]])
    points = np.concatenate(parts)
    return np.hstack([np.minimum.reduceat(points, starts), np.maximum.reduceat(points, starts)])


def run_story(scene, theme_name="dark", probe=None, quality="low", params=None, title_card=True, frames=(),
              opening=False):
    """[StepState, ...] for `scene`, a catalog name or a Story class, told with `params` (its parameters' values;
    the defaults where not given); `probe(scene)` returns a dict recorded at each step; `frames`: the indices of the
    steps whose frames to draw (drawing one is a tenth of a story's time); `opening`: draw the frame a video opens on
    too, what is on screen when the first animation starts. `title_card=False` leaves the title card out (the kit's,
    tested apart; it holds no parameter), to save its time."""
    from scenes.output.pipeline import manim_session

    cls = scene if isinstance(scene, type) else getattr(importlib.import_module(catalog.lookup(scene).module), scene)
    states, with_card, first = [], title_card, []
    drawn = {i % len(cls.steps) for i in frames}

    class Probed(cls):
        def title_card(self):
            if with_card:
                super().title_card()

        def harness_frame(self):
            static, self.renderer.static_image = self.renderer.static_image, None  # draw every mobject, once
            draw(self, ignore_skipping=True)
            self.renderer.static_image = static
            return np.array(self.renderer.get_frame())[..., :3]

        def begin_animations(self):
            for animation in self.animations:
                animation._setup_scene(self)
                animation.begin()
            # no frame is drawn between steps, so which mobjects move and which stay still is never asked
            self.moving_mobjects, self.static_mobjects = [], []

        def play(self, *args, **kwargs):
            if opening and not first:
                first.append(self.harness_frame())
            super().play(*args, **kwargs)

        def step_done(self, step):
            super().step_done(step)
            states.append(StepState(step, self.harness_frame() if len(states) in drawn else None, layout_problems(self),
                                    self.renderer.time, probe(self) if probe else {}, self.timeline,
                                    first[0] if first and not states else None, part_boxes(self)))

    with tempfile.TemporaryDirectory() as folder, manim_session(
            folder, cls.__name__, quality, theme_name, write_to_movie=False, save_last_frame=True,
            verbosity="ERROR", progress_bar="none"):
        told = Probed(params=params)
        # a skipped animation still draws its end and its still background, which no one sees here: only the frame
        # at each step's end is drawn (from scratch, so it is the frame the video shows)
        draw, told.renderer.update_frame = told.renderer.update_frame, lambda *args, **kwargs: None
        told.render()
    return states


SHARED = None  # a folder all test workers see (set by tests/conftest.py), where story_states leaves its runs


@functools.cache
def story_states(name, theme_name):
    """run_story with the scene's probe from scene_probes, the frames the control images hold (the middle step's
    and the last one's) and, in the dark theme, the title card and the opening frame (the light theme changes
    colours only, which the control frames see), once per (scene, theme) for the whole test session: the first
    worker to ask tells the story and leaves the states in SHARED; another asking meanwhile waits for them."""
    from scene_probes import PROBES

    steps = len(getattr(importlib.import_module(catalog.lookup(name).module), name).steps)
    dark = theme_name == "dark"
    tell = functools.partial(run_story, name, theme_name, PROBES.get(name), frames=(steps // 2, -1), opening=dark,
                             title_card=dark)
    if SHARED is None:
        return tell()
    SHARED.mkdir(exist_ok=True)
    told = SHARED / f"{name}-{theme_name}.pickle.z"
    with open(told.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if told.exists():
            return pickle.loads(zlib.decompress(told.read_bytes()))
        states = tell()
        partial = told.with_suffix(".partial")
        partial.write_bytes(zlib.compress(pickle.dumps(states), 1))
        os.replace(partial, told)
        return states


def assert_same_places(states, others):
    """Two tellings of one story (in two themes, say) put every part in the same place after every step, to the
    last bits of rounding (a glyph parsed or copied from the glyph cache may differ there)."""
    assert [s.step for s in states] == [s.step for s in others]
    for one, other in zip(states, others):
        assert len(one.boxes) == len(other.boxes), f"after {one.step}: {len(one.boxes)} parts, {len(other.boxes)}"
        np.testing.assert_allclose(one.boxes, other.boxes, rtol=0, atol=1e-9, err_msg=f"after {one.step}")


def assert_at_range_ends(story, values, end):
    """Every parameter of `story` in `values` sits at the `end` ("low" or "high") of its declared range (a list: its
    value nearest that end does)."""
    for param in story.parameters:
        value, bound = values[param.name], param.low if end == "low" else param.high
        assert (min(value) if end == "low" else max(value)) == bound if isinstance(value, list) else value == bound
