"""One TeX cache for every render: each distinct formula is compiled by LaTeX once, then read from the cache.

manim keeps compiled TeX in its media folder, but each render gets a fresh temporary one (so parallel renders never
share temporary files), which threw the compiled formulas away every time. Here each formula is still compiled in
the render's own folder, then copied into the shared cache under a temporary name and renamed into place: two
renders that need the same formula at once both compile it, and whichever rename lands last leaves an identical,
complete file. A reader never sees half a file.
"""

import os
import shutil
from pathlib import Path

from scenes.files import atomic

CACHE_ENV = "LOSSVIZ_TEX_CACHE"  # the folder; the Makefile sets it to $(BUILD)/cache/tex


def cache_dir():
    return Path(os.environ.get(CACHE_ENV) or "build/cache/tex")


def install():
    """Route manim's MathTex/Tex compilation through the shared cache (idempotent)."""
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    compile_svg = tex_file_writing.tex_to_svg_file
    if getattr(tex_mobject.tex_to_svg_file, "shared_cache", False):
        return

    def cached_tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        # the .tex file (written in this render's own folder) is named by a hash of the whole document
        tex_file = tex_file_writing.generate_tex_file(expression, environment, template)
        private = tex_file.with_suffix(".svg")
        shared = cache_dir() / private.name
        if not private.is_file():
            if shared.is_file():
                shutil.copyfile(shared, private)
            else:
                compile_svg(expression, environment, template)
                shared.parent.mkdir(parents=True, exist_ok=True)
                with atomic(shared) as tmp:
                    shutil.copyfile(private, tmp)
        # manim writes scratch files beside the SVG it reads: hand it the private copy, never the shared one
        return private

    cached_tex_to_svg_file.shared_cache = True
    tex_mobject.tex_to_svg_file = cached_tex_to_svg_file
