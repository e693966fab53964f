"""Sphinx extension: the ``lossviz`` directive shows a catalog scene, or a losscore.LOSSES entry's anatomy, rendered
on demand and cached by content (scenes.output.cache: a rebuild of unchanged docs renders nothing).

    extensions = ["scenes.sphinxext", "myst_parser"]

    .. lossviz:: MeanAbsoluteError          ```{lossviz} Softmax
       :quality: low                        :quality: low
                                            ```

Options: ``quality`` (draft, low, medium, high, 4k; default medium), ``theme`` (dark, light), ``format`` (video, the
default: a <video> with WebM and MP4 sources, its poster, a captions and a chapters track; gif: an <img> of the GIF,
the scene's description as its alt), ``width`` (CSS pixels) and ``loss-file`` (a file of the user's own losses,
relative to the page). HTML builders get the video or GIF; the others (LaTeX, text, ...) the poster image. A bad
name or option is an error naming the page and the line (with the closest name, or the valid values); the build
goes on. Renders go to $LOSSVIZ_CACHE (default ~/.cache/lossviz).
"""

import os
import posixpath
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from scenes.output import cache

logger = logging.getLogger(__name__)


class lossviz(nodes.container):  # noqa: N801 — docutils names a node's visitors after its class
    """A render on a page. HTML builders write its video or GIF; the others write its child, the poster image (as a
    container, it is visited like one wherever no handler of its own is registered)."""


class Lossviz(SphinxDirective):
    required_arguments = 1
    option_spec = dict.fromkeys(("quality", "theme", "format", "width", "loss-file"), directives.unchanged)

    def run(self):
        name = self.arguments[0]
        docname = self.env.current_document.docname
        options = {key: _typed(value) for key, value in self.options.items() if key != "loss-file"}
        loss_file = self.options.get("loss-file")
        try:
            if loss_file:
                loss_file = self.env.relfn2path(loss_file, docname)[1]
                self.env.note_dependency(loss_file)
            request, format, width = cache.ask(name, loss_file=loss_file, **options)
        except (KeyError, ValueError) as err:  # a bad name or option: the message says which, and what is valid
            return self.fail(err.args[0])
        try:
            entry = cache.render(request)
        except Exception as err:
            return self.fail(f"{name}: the render failed: {type(err).__name__}: {err}")
        for source in cache.sources().values():  # a page is read again when what draws its render changes
            self.env.note_dependency(source)
        shown = [entry.gif] if format == "gif" else [entry.web(s) for s in (".webm", ".mp4", ".vtt", ".chapters.vtt")]
        for file in shown:
            self.env.dlfiles.add_file(docname, file)  # copied beside the HTML (_downloads/), as :download: is
        node = lossviz(entry=entry, format=format, width=width)
        # the poster as an ordinary image (found relative to the page): every builder copies and shows it
        page = (self.env.srcdir / self.env.doc2path(docname, base=False)).parent
        node += nodes.image(uri=os.path.relpath(entry.web(".poster.png"), page), alt=request.description,
                            **({"width": f"{width}px"} if width else {}))
        self.set_source_info(node)
        return [node]

    def fail(self, message):
        logger.error("lossviz: %s", message, location=self.get_location())
        return []


def _typed(value):
    """A directive's option as the value it stands for: "400" → 400 (every option arrives as text)."""
    text = (value or "").strip()
    return int(text) if text.isdigit() else text


def visit_lossviz_html(translator, node):
    builder, poster = translator.builder, next(node.findall(nodes.image))  # HTML may have wrapped it in a link

    def url(path):
        if path == node["entry"].web(".poster.png"):
            return posixpath.join(builder.imgpath, builder.images[poster["uri"]])
        return posixpath.join(builder.dlpath, builder.env.dlfiles[Path(path)][1])

    translator.body.append(node["entry"].html(node["format"], url, node["width"]) + "\n")
    raise nodes.SkipNode


def setup(app):
    # the sources' digest, taken once before parallel readers fork: every page of a build asks for the same key
    app.connect("builder-inited", lambda app: cache.sources_digest())
    app.add_node(lossviz, html=(visit_lossviz_html, None))
    app.add_directive("lossviz", Lossviz)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
