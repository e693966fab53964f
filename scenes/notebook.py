"""In a Jupyter notebook: ``show("MeanSquaredError", quality="low")`` displays a scene, or a losscore.LOSSES entry's
anatomy, as a video embedded in the notebook itself (a data: URI, so the notebook stays whole when shared).

The names and options are the Sphinx directive's (scenes.sphinxext), and so is the cache (scenes.output.cache): a
render made for the docs is found here, and the other way round.
"""

import base64

from scenes.output import cache


class Shown:
    """What show() returns: Jupyter displays its HTML (the <video> or <img>, its files inlined)."""

    def __init__(self, entry, html):
        self.entry, self.html = entry, html

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return f"<lossviz {self.entry.request.name} ({self.entry.request.quality}, {self.entry.request.theme})>"


def show(name, quality="medium", theme="dark", format="video", width=None, loss_file=None):
    """The render of catalog scene or registry loss `name`, for Jupyter to display: format "video" (the MP4 with
    its poster, captions and chapters) or "gif"; `width` in CSS pixels. Rendered on first use, then read from the
    cache. An unknown name raises KeyError naming the closest; a bad option ParamError naming the valid values."""
    request, format, width = cache.ask(name, loss_file=loss_file, quality=quality, theme=theme, format=format,
                                       width=width)
    entry = cache.render(request)
    return Shown(entry, entry.html(format, data_uri, width, webm=False))  # one video source: the notebook stays small


MEDIA_TYPES = {".mp4": "video/mp4", ".gif": "image/gif", ".png": "image/png", ".vtt": "text/vtt"}


def data_uri(path):
    """The file at `path` as a data: URI (base64)."""
    return f"data:{MEDIA_TYPES[path.suffix]};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
