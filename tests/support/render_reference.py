"""Render a catalog scene and keep its frames as the reference a GIF is measured against (for
tests/bench/render_speed.py):

    python tests/support/render_reference.py SCENE OUT_DIR QUALITY WIDTH FPS

writes OUT_DIR/<QUALITY>/SCENE.mp4 and OUT_DIR/SCENE.rgb: the rendered frames at FPS, scaled to WIDTH as the GIF is
(with the GIF's scaler), raw RGB, before any video compression."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scenes.output.pipeline import FrameTap, gif_scaler, render  # noqa: E402


def main():
    name, out, quality, width, fps = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    def tap(frame_width, frame_height):
        # scaled into the same pixel format as the GIF's palette filters take (swscale's result depends on it)
        scale = f"scale={width}:-2:flags={gif_scaler(frame_width, width)},format=bgra,fps={fps:g}"
        return FrameTap(["-vf", scale, "-f", "rawvideo", "-pix_fmt", "rgb24", str(out / f"{name}.rgb")], fps,
                        frame_width, frame_height)

    render(name, out / quality / f"{name}.mp4", tap=tap)


if __name__ == "__main__":
    main()
