"""Render one scene with a stopwatch on each part of manim's frame loop, and print the split as JSON.

    python tests/support/render_timings.py TREE SCENE OUT.mp4

TREE is a checkout of this project (the current one, or an older commit for comparison): its own scenes package
renders the scene, exactly as `make` would; the stopwatches are put on manim's classes, which both share. Used by
tests/bench/render_speed.py; prints {"frames", "seconds", "draw", "encode", "tex", "updaters", "animations"}.
"""

import json
import os
import sys
import time
from collections import defaultdict

TIMES = defaultdict(float)


def stopwatch(owner, name, bucket):
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TIMES[bucket] += time.perf_counter() - start

    setattr(owner, name, timed)


def main(tree, scene, out):
    sys.path.insert(0, tree)
    os.chdir(tree)  # manim reads ./manim.cfg
    from manim.camera.camera import Camera
    from manim.scene.scene import Scene
    from manim.scene.scene_file_writer import SceneFileWriter
    from manim.utils import tex_file_writing

    stopwatch(Camera, "capture_mobjects", "draw")
    stopwatch(SceneFileWriter, "write_frame", "encode")
    stopwatch(SceneFileWriter, "combine_to_movie", "encode")
    stopwatch(SceneFileWriter, "close_partial_movie_stream", "encode")
    stopwatch(tex_file_writing, "compile_tex", "tex")
    stopwatch(tex_file_writing, "convert_to_svg", "tex")
    stopwatch(Scene, "update_mobjects", "updaters")
    stopwatch(Scene, "begin_animations", "animations")
    frames = [0]
    write_frame = SceneFileWriter.write_frame

    def counted(self, *args, **kwargs):
        frames[0] += 1
        return write_frame(self, *args, **kwargs)

    SceneFileWriter.write_frame = counted
    from scenes.output import pipeline

    start = time.perf_counter()
    pipeline.render(scene, __import__("pathlib").Path(out))
    total = time.perf_counter() - start
    print(json.dumps({"frames": frames[0], "seconds": total, **TIMES}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
