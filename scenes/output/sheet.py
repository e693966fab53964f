"""Contact sheets: evenly spaced, time-stamped frames of a video or GIF on one PNG, to look at a whole animation.

    python -m scenes.output.sheet VIDEO [VIDEO ...] [--grid 4x3] [--width 480]   → VIDEO.sheet.png beside each

The first cell is the first frame and the last cell the last frame. `make sheet` writes one for each scene in
SCENES (and its GIF), so "look at every frame" is one command.
"""

import argparse
import sys
from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw

from scenes.output.files import atomic


def frames_at(path, count):
    """`count` (time in seconds, RGB frame) pairs, evenly spaced from the first frame to the last."""
    with av.open(str(path)) as container:
        decoded = [(float(f.time or 0.0), f.to_ndarray(format="rgb24")) for f in container.decode(video=0)]
    if not decoded:
        raise ValueError(f"{path}: has no video frames")
    picks = np.unique(np.round(np.linspace(0, len(decoded) - 1, count)).astype(int))
    return [decoded[i] for i in picks]


def contact_sheet(path, out=None, grid=(4, 3), width=480):
    """Write the sheet of `path` to `out` (default: beside it, .sheet.png added), atomically; returns `out`."""
    path = Path(path)
    out = Path(out) if out else path.with_name(path.name + ".sheet.png")
    cols, rows = grid
    cells = []
    for seconds, frame in frames_at(path, cols * rows):
        image = Image.fromarray(frame)
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        draw = ImageDraw.Draw(image)
        label = f"{int(seconds // 60)}:{seconds % 60:05.2f}"
        draw.rectangle((4, 4, 12 + 7 * len(label), 22), fill=(0, 0, 0))
        draw.text((8, 7), label, fill=(255, 255, 255))
        cells.append(image)
    pad, cell_w, cell_h = 4, cells[0].width, cells[0].height
    sheet = Image.new("RGB", (cols * (cell_w + pad) + pad, rows * (cell_h + pad) + pad), (128, 128, 128))
    for i, cell in enumerate(cells):
        sheet.paste(cell, (pad + (i % cols) * (cell_w + pad), pad + (i // cols) * (cell_h + pad)))
    with atomic(out) as tmp:
        sheet.save(tmp)
    print(f"  done  {out}  {len(cells)} frames")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m scenes.output.sheet", description=__doc__.split("\n")[0])
    parser.add_argument("videos", nargs="+", type=Path)
    parser.add_argument("--grid", default="4x3", help="COLUMNSxROWS (default 4x3)")
    parser.add_argument("--width", type=int, default=480, help="width of one frame in pixels")
    args = parser.parse_args(argv)
    try:
        cols, rows = (int(v) for v in args.grid.lower().split("x"))
        if cols < 1 or rows < 1:
            raise ValueError
    except ValueError:
        sys.exit(f"error: --grid: got {args.grid!r}, expected COLUMNSxROWS such as 4x3")
    for video in args.videos:
        if not video.is_file():
            sys.exit(f"error: {video}: no such video (render it first: make {video})")
        contact_sheet(video, grid=(cols, rows), width=args.width)


if __name__ == "__main__":
    main()
