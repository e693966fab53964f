"""Renders in a user's own docs and notebooks: the lossviz Sphinx directive (reST and MyST pages) and the notebook's
show(), run as a user runs them — the project installed with a plain (non-editable) pip install, the docs project
and the notebook in folders outside the repository — sharing one content-keyed cache.

Two renders in all, at draft quality: Softmax, and the anatomy of a user's own loss (pseudo_huber, from a loss file
beside the pages: a video on one page, a GIF on another); the notebook shows both from the cache the docs build
filled."""

import base64
import configparser
import json
import os
import re
import subprocess
import sys
import sysconfig
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from scenes.output import cache

ROOT = Path(__file__).resolve().parent.parent
RENDERED = "lossviz: rendering"  # the line the cache prints before each render
LOSS_FILE = (ROOT / "assets" / "examples" / "my_losses.py").read_text(encoding="utf-8")

DOCS = {
    "conf.py": 'extensions = ["scenes.sphinxext", "myst_parser"]\n',
    "index.rst": "Docs\n====\n\n.. toctree::\n\n   myst\n   rest\n\n.. lossviz:: Softmax\n   :quality: draft\n",
    "myst.md": "# MyST page\n\n```{lossviz} pseudo_huber\n:quality: draft\n:loss-file: my_losses.py\n```\n\n"
               "```{lossviz} Softmax\n:quality: draft\n:width: 480\n```\n",
    "rest.rst": "reST page\n=========\n\n.. lossviz:: pseudo_huber\n   :quality: draft\n   :format: gif\n"
                "   :width: 400\n   :loss-file: /my_losses.py\n\n.. lossviz:: Softmax\n   :quality: draft\n",
    "my_losses.py": LOSS_FILE,
}
BAD = {
    "conf.py": DOCS["conf.py"],
    "index.rst": "Bad\n===\n\n.. toctree::\n\n   other\n\n.. lossviz:: Sofmax\n   :quality: draft\n\n"
                 ".. lossviz:: Softmax\n   :theme: blue\n\n.. lossviz:: Softmax\n   :quality: draft\n",
    "other.md": "# Other\n\n```{lossviz} huberr\n```\n\n```{lossviz} pseudo_hubr\n:loss-file: my_losses.py\n```\n",
    "my_losses.py": LOSS_FILE,
}


@pytest.fixture(scope="module")
def installed(copy_repo, tmp_path_factory):
    """The project installed from a copy of its sources by a plain `pip install` into a prefix of its own, and the
    environment that runs it from there (its packages first on the path, a cache of its own)."""
    tmp = tmp_path_factory.mktemp("embedding")
    source = copy_repo(tmp / "source")
    prefix = tmp / "prefix"
    # --ignore-installed: leave the project's own (editable) install in .venv as it is
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "--ignore-installed", "--prefix", str(prefix), str(source)],
                   check=True, capture_output=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix), "platbase": str(prefix)}))
    env = {**os.environ, "PYTHONPATH": str(site), cache.CACHE_ENV: str(tmp / "cache")}
    return SimpleNamespace(tmp=tmp, source=source, prefix=prefix, site=site, env=env, cache=tmp / "cache")


def write_project(folder, pages):
    """A docs project: its pages in folder/src, its builds to go in folder/_build."""
    (folder / "src").mkdir(parents=True)
    for name, text in pages.items():
        (folder / "src" / name).write_text(text, encoding="utf-8")
    return folder


def sphinx(installed, project, *args):
    """sphinx-build `args` run in the project's folder with the installed package; its output, checked to exit 0."""
    result = subprocess.run([sys.executable, "-m", "sphinx", *args], cwd=project, env=installed.env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def docs(installed):
    """The docs project built twice with -j 2: from an empty cache, then again from scratch (-E)."""
    project = write_project(installed.tmp / "docs", DOCS)
    first = sphinx(installed, project, "-W", "-j", "2", "-b", "html", "src", "_build/html")
    again = sphinx(installed, project, "-W", "-E", "-j", "2", "-b", "html", "src", "_build/html")
    return SimpleNamespace(project=project, html=project / "_build" / "html", first=first, again=again,
                           loss_file=project / "src" / "my_losses.py", cache=installed.cache)


@pytest.fixture
def here(tmp_path, monkeypatch):
    """For asking the cache in this process: a cache (and a TeX cache: a loss file's formulas go through LaTeX)
    of the test's own."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("LOSSVIZ_TEX_CACHE", str(tmp_path / "tex"))
    return tmp_path


def description(loss):
    return cache.ask(loss, loss_file=ROOT / "assets" / "examples" / "my_losses.py")[0].description


class Tags(HTMLParser):
    """Every start tag of a page, as (tag, attributes)."""

    def __init__(self, text):
        super().__init__()
        self.tags = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def media(page):
    """The page's lossviz elements, each as (tag, attributes, [(child tag, attributes), ...])."""
    found = []
    for tag, attrs in Tags(page.read_text(encoding="utf-8")).tags:
        if "lossviz" in attrs.get("class", "").split():
            found.append((tag, attrs, []))
        elif tag in ("source", "track") and found:
            found[-1][2].append((tag, attrs))
    return found


def test_first_build_renders_each_scene_once_in_parallel_with_no_warning(docs):
    # -W made any warning an error; the pages ask for Softmax three times (two pages at once) and pseudo_huber twice
    assert sorted(re.findall(rf"^{RENDERED} (\S+) \(draft, dark\)", docs.first, re.M)) == ["Softmax", "pseudo_huber"]


def test_a_rebuild_of_unchanged_docs_renders_nothing(docs):
    assert RENDERED not in docs.again
    assert "reading sources" in docs.again, "-E read every page again: each directive asked the cache"
    assert len(media(docs.html / "index.html")) == 1


@pytest.mark.parametrize("page", ["index", "myst"])
def test_video_has_webm_and_mp4_poster_captions_and_chapters(docs, page, here):
    videos = [m for m in media(docs.html / f"{page}.html") if m[0] == "video"]
    assert videos and all(v[1]["poster"].endswith(".poster.png") for v in videos)
    for _, attrs, children in videos:
        assert [(t, a.get("type")) for t, a in children if t == "source"] == [("source", "video/webm"),
                                                                               ("source", "video/mp4")]
        assert [a["kind"] for t, a in children if t == "track"] == ["captions", "chapters"]
        files = [docs.html / attrs["poster"]] + [docs.html / a["src"] for _, a in children]
        assert [f.suffix for f in files] == [".png", ".webm", ".mp4", ".vtt", ".vtt"]
        assert all(f.stat().st_size > 0 for f in files)
        assert all(f.read_text(encoding="utf-8").startswith("WEBVTT") for f in files[3:])
    if page == "myst":
        assert [v[1].get("width") for v in videos] == [None, "480"]
        assert videos[0][1]["aria-label"] == description("pseudo_huber")


def test_gif_format_is_an_image_with_the_description_as_alt(docs, here):
    (tag, attrs, _), softmax = media(docs.html / "rest.html")
    assert (tag, attrs["width"], softmax[0]) == ("img", "400", "video")
    assert attrs["alt"] == description("pseudo_huber") and attrs["alt"].startswith("Pseudo-Huber loss")
    assert (docs.html / attrs["src"]).read_bytes()[:6] == b"GIF89a"


def test_builders_without_video_get_the_poster(installed, docs):
    out = sphinx(installed, docs.project, "-W", "-b", "latex", "src", "_build/latex")
    assert RENDERED not in out
    tex = next((docs.project / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    posters = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{(\S+?)\}\.png\}", tex)
    assert sorted(set(posters)) == ["Softmax.poster", "pseudo_huber.poster"] and len(posters) == 5
    assert all((docs.project / "_build" / "latex" / f"{p}.png").is_file() for p in posters)


def test_bad_directives_are_errors_naming_page_and_line_and_the_build_goes_on(installed, docs):
    project = write_project(installed.tmp / "bad", BAD)
    out = sphinx(installed, project, "-b", "html", "src", "_build/html")

    def line_of(page, text):
        return BAD[page].splitlines().index(text) + 1

    index, other = project / "src" / "index.rst", project / "src" / "other.md"
    assert (f"{index}:{line_of('index.rst', '.. lossviz:: Sofmax')}: ERROR: lossviz: unknown scene or loss "
            "'Sofmax' (did you mean 'Softmax'?)") in out
    assert (f"{index}:{line_of('index.rst', '.. lossviz:: Softmax')}: ERROR: lossviz: Softmax: theme must be one "
            "of dark, light, got 'blue'") in out
    assert f"{other}:{line_of('other.md', '```{lossviz} huberr')}: ERROR: lossviz: unknown scene or loss 'huberr' " \
           "(did you mean 'huber'?)" in out
    assert f"{other}:{line_of('other.md', '```{lossviz} pseudo_hubr')}: ERROR: lossviz: unknown scene or loss " \
           "'pseudo_hubr' (did you mean 'pseudo_huber'?)" in out, "a loss file's names, read beside the page"
    assert out.count("ERROR") == 4 and RENDERED not in out
    assert [m[0] for m in media(project / "_build" / "html" / "index.html")] == ["video"], "the good one is there"
    assert (project / "_build" / "html" / "other.html").is_file()


def test_notebook_show_embeds_the_video_from_the_docs_cache(installed, docs):
    import nbformat
    from nbclient import NotebookClient

    folder = installed.tmp / "notebook"
    folder.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in (
        "from scenes.notebook import show",
        'show("Softmax", quality="draft")',
        f'show("pseudo_huber", quality="draft", format="gif", width=320, loss_file={str(docs.loss_file)!r})')])
    with pytest.MonkeyPatch.context() as env:  # what the kernel inherits
        for key in ("PYTHONPATH", cache.CACHE_ENV):
            env.setenv(key, installed.env[key])
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    assert list(folder.iterdir()) == [], "nothing written to the notebook's folder"
    printed = "".join(o.get("text", "") for cell in nb.cells for o in cell.outputs if o.output_type == "stream")
    assert RENDERED not in printed, "found in the cache the docs build filled"
    video = nb.cells[1].outputs[0]["data"]["text/html"]
    mp4 = re.search(r'<source src="data:video/mp4;base64,([A-Za-z0-9+/=]+)" type="video/mp4">', video)
    entry = next(installed.cache.glob("Softmax-draft-dark-*"))
    assert mp4 and base64.b64decode(mp4[1]) == (entry / "web" / "Softmax" / "Softmax.mp4").read_bytes()
    assert 'poster="data:image/png;base64,' in video and video.count('src="data:text/vtt;base64,') == 2
    gif = nb.cells[2].outputs[0]["data"]["text/html"]
    assert gif.startswith('<img class="lossviz" src="data:image/gif;base64,R0lGOD') and 'width="320"' in gif


def test_a_render_is_the_same_bytes_from_make_and_from_a_docs_build(docs, docs_build):
    """Renders are deterministic: Softmax at draft from make in the checkout (with its GIF and slides, at once with
    another scene) and from the installed package's cache (for a docs page) are the same bytes."""
    entry = next(docs.cache.glob("Softmax-draft-dark-*"))
    made = docs_build / "draft" / "Softmax.mp4"
    assert (entry / "draft" / "Softmax.mp4").read_bytes() == made.read_bytes()


def test_a_checkout_and_a_plain_install_agree_on_the_key(installed):
    """A render made from the source tree (make's side) is found by an installed package (a docs build's side)."""
    code = "from scenes.output import cache; print(cache.Request(name='Softmax', quality='low').key)"

    def key(path):
        env = {**installed.env, "PYTHONPATH": str(path)}
        return subprocess.run([sys.executable, "-c", code], cwd=installed.tmp, env=env, capture_output=True, text=True,
                              check=True).stdout

    assert key(installed.source) == key(installed.site)


def test_options_are_checked_and_only_what_changes_pixels_changes_the_key(here):
    request, format, width = cache.ask("Softmax", quality="low", format="gif", width=300)
    assert (request, format, width) == (cache.Request(name="Softmax", quality="low"), "gif", 300)
    keys = {cache.ask("Softmax", **o)[0].key for o in ({}, {"format": "gif"}, {"width": 100})}
    assert len(keys) == 1, "format and width pick files of one entry"
    others = [cache.Request(name="Softmax", theme="light"), cache.Request(name="Softmax", quality="high"),
              cache.Request(name="mae")]
    assert len(keys | {r.key for r in others}) == 4
    loss_file = here / "losses.py"
    loss_file.write_text(LOSS_FILE)
    before = cache.ask("linex", loss_file=loss_file)[0].key
    loss_file.write_text(LOSS_FILE.replace("linex", "linex2"))  # read again as it is now: linex is gone
    after = cache.ask("linex2", loss_file=loss_file)[0].key
    assert cache.ask("Softmax", loss_file=loss_file)[0].key in keys, "the file draws none of Softmax"
    assert len({before, after, keys.pop()}) == 3
    with pytest.raises(KeyError, match=r"unknown scene or loss 'linex' \(did you mean 'linex2'\?\)"):
        cache.ask("linex", loss_file=loss_file)
    with pytest.raises(KeyError, match=r"unknown scene or loss 'Sofmax' \(did you mean 'Softmax'\?\)"):
        cache.ask("Sofmax")
    with pytest.raises(ValueError, match=r"Softmax: quality must be one of draft, low, medium, high, 4k, got 'ultra'"):
        cache.ask("Softmax", quality="ultra")
    with pytest.raises(ValueError, match=r"Softmax: unknown key 'colour'"):
        cache.ask("Softmax", colour="red")


def test_one_key_asked_at_once_renders_once_and_a_failed_render_leaves_nothing(here, monkeypatch):
    made = []

    def slow_make(entry, slides):  # stands in for a render: the second asker must wait for it, then find it
        made.append(entry.request.name)
        time.sleep(0.5)
        entry.folder.mkdir()

    request = cache.Request(name="Softmax", quality="low")
    with monkeypatch.context() as patched:
        patched.setattr(cache, "_make", slow_make)
        askers = [threading.Thread(target=cache.render, args=(request,)) for _ in range(2)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()
    assert made == ["Softmax"] and (here / "cache" / request.key).is_dir()

    def failing_render(name, out, gif=None, slides=None, **kwargs):
        out.write_bytes(b"half a video")
        if slides:
            slides.parent.mkdir(parents=True)
            slides.write_text("{")
        raise RuntimeError("manim failed")

    monkeypatch.setattr("scenes.output.pipeline.render", failing_render)
    for slides in (False, True):
        with pytest.raises(RuntimeError, match="manim failed"):
            cache.render(cache.Request(name="mae", quality="low"), slides=slides)
    assert [p.name for p in (here / "cache").iterdir() if not p.name.endswith(".lock")] == [request.key]


def test_a_render_anywhere_is_set_up_as_manim_cfg_sets_it(tmp_path):
    """manim reads ./manim.cfg only from the current folder: a render from a folder without it (a docs build, a
    notebook) gets the same settings from the pipeline (the progress bar is decided per run)."""
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "manim.cfg")
    expected = {k: v for k, v in cfg["CLI"].items() if k != "progress_bar"}
    code = ("import json, sys; from manim import config; from scenes.output.pipeline import manim_session\n"
            "with manim_session(sys.argv[1], 'cfg', 'low', 'dark'):\n"
            "    print(json.dumps({k: str(config[k]) for k in sys.argv[2:]} | {'body': config.tex_template.body}))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path), *expected], cwd=tmp_path, check=True,
                            capture_output=True, text=True)
    seen = json.loads(result.stdout)
    assert Path(seen.pop("tex_template_file")) == ROOT / expected.pop("tex_template_file")
    assert seen.pop("body") == (ROOT / "assets" / "tex_template.tex").read_text(encoding="utf-8")
    assert seen == expected
