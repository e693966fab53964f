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


def run_story(scene, theme_name="dark", probe=None, quality="low", params=None, title_card=True, frames=()):
    """[StepState, ...] for `scene`, a catalog name or a Story class, told with `params` (its parameters' values;
    the defaults where not given); `probe(scene)` returns a dict recorded at each step; `frames`: the indices of the
    steps whose frames to draw (drawing one is a tenth of a story's time). `title_card=False` leaves the title card
    out (the kit's, tested apart; it holds no parameter), to save its time."""
    from scenes.output.pipeline import manim_session

    cls = scene if isinstance(scene, type) else getattr(importlib.import_module(catalog.lookup(scene).module), scene)
    states, with_card = [], title_card
    drawn = {i % len(cls.steps) for i in frames}

    class Probed(cls):
        def title_card(self):
            if with_card:
                super().title_card()

        def step_done(self, step):
            super().step_done(step)
            frame = None
            if len(states) in drawn:
                static, self.renderer.static_image = self.renderer.static_image, None  # draw every mobject, once
                draw(self, ignore_skipping=True)
                self.renderer.static_image = static
                frame = np.array(self.renderer.get_frame())[..., :3]
            states.append(StepState(step, frame, layout_problems(self), self.renderer.time,
                                    probe(self) if probe else {}, self.timeline))

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
    """run_story with the scene's probe from scene_probes and the frames the control images hold (the middle step's
    and the last one's), once per (scene, theme) for the whole test session: the first worker to ask tells the story
    and leaves the states in SHARED; another asking meanwhile waits for them."""
    from scene_probes import PROBES

    steps = len(getattr(importlib.import_module(catalog.lookup(name).module), name).steps)
    tell = functools.partial(run_story, name, theme_name, PROBES.get(name), frames=(steps // 2, -1))
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


class _Stop(Exception):
    pass


def first_frame(name, theme_name="dark"):
    """The frame a video of catalog scene `name` opens on: what is on screen when its first animation starts
    (the render stops there)."""
    from scenes.output.pipeline import manim_session

    cls = getattr(importlib.import_module(catalog.lookup(name).module), name)
    frames = []

    class Opening(cls):
        def play(self, *args, **kwargs):
            self.renderer.static_image = None
            self.renderer.update_frame(self, ignore_skipping=True)
            frames.append(np.array(self.renderer.get_frame())[..., :3])
            raise _Stop

    with tempfile.TemporaryDirectory() as folder, manim_session(
            folder, name, "low", theme_name, write_to_movie=False, verbosity="ERROR", progress_bar="none"):
        try:
            Opening().render()
        except _Stop:
            pass
    return frames[0]


def assert_at_range_ends(story, values, end):
    """Every parameter of `story` in `values` sits at the `end` ("low" or "high") of its declared range (a list: its
    value nearest that end does)."""
    for param in story.parameters:
        value, bound = values[param.name], param.low if end == "low" else param.high
        assert (min(value) if end == "low" else max(value)) == bound if isinstance(value, list) else value == bound
