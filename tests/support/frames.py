"""Frame comparison against committed control images (tests/control/*.png).

manim's own ``frames_comparison`` silently skips on libcairo < 1.18 (Debian 12 has 1.16); this one always runs.
A missing control image fails the test. To accept new images on purpose, run
``LOSSVIZ_UPDATE_CONTROL=1 make test`` once, look at them, and commit them: that run fails too, so it is never
mistaken for a pass.
"""

import os
from pathlib import Path

import numpy as np
from PIL import Image

CONTROL = Path(__file__).parent.parent / "control"
UPDATE = os.environ.get("LOSSVIZ_UPDATE_CONTROL") == "1"

# Anti-aliasing may differ by a few levels between machines; a real change moves many pixels by a lot.
PIXEL_TOLERANCE = 40  # per-channel difference that counts a pixel as changed
MAX_CHANGED = 0.0005  # fraction of pixels allowed to change


def changed_fraction(a, b):
    if a.shape != b.shape:
        return 1.0
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=-1)
    return float((diff > PIXEL_TOLERANCE).mean())


def differs(a, b):
    return changed_fraction(a, b) > MAX_CHANGED


def assert_matches_control(frames):
    """Each {name: frame} equals tests/control/<name>.png within the tolerance."""
    if UPDATE:
        CONTROL.mkdir(exist_ok=True)
        for name, frame in frames.items():
            Image.fromarray(frame).save(CONTROL / f"{name}.png", optimize=True)
        raise AssertionError(f"wrote control images {sorted(frames)}; look at them, commit them, run the tests again")
    failures = []
    for name, frame in frames.items():
        path = CONTROL / f"{name}.png"
        if not path.exists():
            failures.append(f"no control image {path} (LOSSVIZ_UPDATE_CONTROL=1 writes it)")
            continue
        fraction = changed_fraction(frame, np.asarray(Image.open(path).convert("RGB")))
        if fraction > MAX_CHANGED:
            out = path.with_name(f"{name}.actual.png")
            Image.fromarray(frame).save(out)
            failures.append(f"{name}: {fraction:.3%} of pixels differ from {path} (allowed {MAX_CHANGED:.3%}); "
                            f"this frame is in {out}")
    assert not failures, "\n".join(failures)
