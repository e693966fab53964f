"""Run a story scene in-process without encoding video: after each named step, record the frame, the layout
problems and whatever the test asks to probe. Animations are skipped (manim's last-frame mode), so each step's
frame is its end state, exactly as the video shows it when the step's animations finish."""

import functools
import importlib
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from scenes import catalog
from scenes.kit import layout_problems, theme


@dataclass
class StepState:
    step: str
    frame: np.ndarray  # H×W×3 uint8
    problems: list
    time: float  # seconds of video played so far
    probe: dict = field(default_factory=dict)


def run_story(scene, theme_name="dark", probe=None, quality="low_quality"):
    """[StepState, ...] for `scene`, a catalog name or a Story class; `probe(scene)` returns a dict recorded at
    each step."""
    from manim import tempconfig

    os.environ[theme.THEME_ENV] = theme_name
    cls = scene if isinstance(scene, type) else getattr(importlib.import_module(catalog.lookup(scene).module), scene)
    states = []

    class Probed(cls):
        def step_done(self, step):
            super().step_done(step)
            self.renderer.update_frame(self, ignore_skipping=True)
            frame = np.array(self.renderer.get_frame())[..., :3]
            states.append(StepState(step, frame, layout_problems(self), self.renderer.time,
                                    probe(self) if probe else {}))

    with tempfile.TemporaryDirectory() as media, tempconfig({
            "quality": quality, "media_dir": media, "disable_caching": True, "write_to_movie": False,
            "save_last_frame": True, "verbosity": "ERROR", "progress_bar": "none"}):
        Probed().render()
    return states


@functools.lru_cache(maxsize=None)
def story_states(name, theme_name):
    """run_story with the scene's probe from scene_probes, once per (scene, theme) for the whole test session."""
    from scene_probes import PROBES

    return run_story(name, theme_name, PROBES.get(name))
