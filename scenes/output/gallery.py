"""The gallery: one static page listing every scene with its description, formula, GIF preview and links to its
MP4 and GIF (dark and, where built, light), plus the static figures. Opens straight from disk (file://).

    python -m scenes.output.gallery BUILD_DIR QUALITY SCENE [SCENE ...]   → BUILD_DIR/gallery/index.html
    python -m scenes.output.gallery BUILD_DIR QUALITY ... --loss-file FILE  → with the anatomies of FILE's losses too
    python -m scenes.output.gallery readme README.md                       → its scene list, rewritten from the catalog
"""

import contextlib
import html
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import losscore
from losscore.custom import LossFileError
from scenes import catalog
from scenes.catalog import formula_tex
from scenes.output.files import atomic
from scenes.output.pipeline import story_file, user_losses

STYLE = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #16181d; --muted: #5c636e; --card: #f4f5f7;
        --link: #0072B2; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0F1117; --fg: #ECEFF4; --muted: #9aa1ab; --card: #1a1d26; --link: #56B4E9; }
  img.formula { filter: invert(1) hue-rotate(180deg); }
}
body { background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } p.lead { color: var(--muted); margin-top: 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 1.5rem; }
.card { background: var(--card); border-radius: 10px; padding: 1rem 1.2rem; }
.card h2 { margin: 0 0 0.3rem; font-size: 1.25rem; } .card p { margin: 0.2rem 0 0.6rem; color: var(--muted); }
.card .preview { width: 100%; border-radius: 6px; display: block; }
.transcript { color: var(--muted); margin: 0.4rem 0; }
.card img.formula { max-width: 100%; height: auto; margin: 0.3rem 0 0.6rem; }
.links a, .figures a { color: var(--link); margin-right: 1rem; }
.variants { display: grid; grid-template-columns: 1fr 1fr; gap: 0.5rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: 1rem; }
.figures img { width: 100%; border-radius: 4px; }
"""


@contextlib.contextmanager
def _formula_session():
    """manim set up to typeset formulas as the scenes do: their TeX template, through the shared TeX cache, in a
    throw-away media folder."""
    from manim import TexTemplate, tempconfig

    from scenes.output import texcache
    from scenes.output.pipeline import tex_template_file

    texcache.install()
    with tempfile.TemporaryDirectory() as media, tempconfig(
            {"media_dir": media, "verbosity": "ERROR", "tex_template": TexTemplate.from_file(tex_template_file())}):
        yield


def render_formula(key, dest, tex=None):
    """The formula as an SVG (`tex`, else the formula of `key`), typeset by the same LaTeX the scenes use."""
    from manim.mobject.text import tex_mobject

    with _formula_session():
        shutil.copyfile(tex_mobject.tex_to_svg_file(tex or formula_tex(key), environment="align*"), dest)


def prefetch_formulas(texs):
    """Typeset the formulas `texs` in one LaTeX run into the shared TeX cache, so that render_formula then only
    copies each (a page of formulas would cost a LaTeX run apiece)."""
    from scenes.output import texcache

    with _formula_session():
        texcache.prefetch(texs)


def formula_img(key, out_dir, tex=None):
    """<img> of the formula's SVG at 1.6× its typeset size, so every formula shows at the same type size."""
    svg = (out_dir / "formulas" / f"{key}.svg").read_text(encoding="utf-8")
    width_pt = float(re.search(r"<svg[^>]*\swidth='([0-9.]+)pt'", svg).group(1))
    return (f'<img class="formula" src="formulas/{key}.svg" width="{round(width_pt * 1.6 * 4 / 3)}" '
            f'alt="{html.escape(tex or formula_tex(key))}">')


def card(entry, build, quality, out_dir):
    rel = lambda p: html.escape(os.path.relpath(p, out_dir))  # noqa: E731
    variants = []
    for folder, label in ((build / quality, "dark"), (build / f"{quality}-light", "light")):
        gif, mp4 = folder / f"{entry.name}.gif", folder / f"{entry.name}.mp4"
        if gif.exists() and mp4.exists():
            variants.append((label, gif, mp4))
    if not variants:
        raise FileNotFoundError(f"{entry.name}: no rendered GIF and MP4 under {build / quality} (run make first)")
    web = build / "web" / entry.name
    if (web / "embed.html").exists():  # the web bundle (make web): a video with captions, chapters, a transcript
        name = entry.name
        preview = f"""<video class="preview" controls muted loop playsinline preload="metadata"
      poster="{rel(web / f"{name}.poster.png")}">
    <source src="{rel(web / f"{name}.webm")}" type="video/webm">
    <source src="{rel(web / f"{name}.mp4")}" type="video/mp4">
    <track kind="captions" src="{rel(web / f"{name}.vtt")}" srclang="en" label="English" default>
    <track kind="chapters" src="{rel(web / f"{name}.chapters.vtt")}" srclang="en" label="Steps"></video>"""
        said = json.loads(story_file(variants[0][2]).read_text(encoding="utf-8"))["captions"]
        transcript = "<details class=\"transcript\"><summary>Transcript</summary><p>" + " ".join(
            html.escape(c["text"]) for c in said) + "</p></details>"
    else:
        preview = "".join(f'<img class="preview" src="{rel(gif)}" alt="{entry.name} ({label} theme)">'
                          for label, gif, _ in variants)
        transcript = ""
    links = " ".join(f'<a href="{rel(mp4)}">MP4 ({label})</a><a href="{rel(gif)}">GIF ({label})</a>'
                     for label, gif, mp4 in variants)
    return f"""
<section class="card" id="{entry.name}">
  <h2>{html.escape(entry.title)}</h2>
  <p>{html.escape(entry.description)}</p>
  {formula_img(entry.formula, out_dir)}
  <div>{preview}</div>
  {transcript}
  <p class="links">{links}</p>
</section>"""


def anatomy_section(build, quality, out_dir, losses=None):
    """Cards for the loss anatomy videos that have been rendered (make anatomy): the registry's, then `losses`' (a
    loss file's)."""
    folder = build / quality / "anatomy"
    known = {**losscore.LOSSES, **(losses or {})}
    names = [n for n in known if (folder / f"{n}.gif").exists() and (folder / f"{n}.mp4").exists()]
    if not names:
        return ""
    prefetch_formulas([known[name].formula for name in names])
    for name in names:
        render_formula(name, out_dir / "formulas" / f"{name}.svg", known[name].formula)
    cards = "".join(
        f"""<section class="card" id="anatomy-{name}"><h2>{html.escape(known[name].title)}</h2>
  {formula_img(name, out_dir, known[name].formula)}
  <img class="preview" src="{html.escape(os.path.relpath(folder / f"{name}.gif", out_dir))}" alt="anatomy of {name}">
  <p class="links"><a href="{html.escape(os.path.relpath(folder / f"{name}.mp4", out_dir))}">MP4</a>
  <a href="{html.escape(os.path.relpath(folder / f"{name}.gif", out_dir))}">GIF</a>{explorer_link(build, name, out_dir)}
  </p></section>"""
        for name in names)
    return f'<h1 id="anatomy">Loss anatomy</h1><p class="lead">Every loss rendered, the registry\'s and a loss ' \
           f'file\'s: its formula, then its curve, gradient and derivative, or its pairs and triplets in an ' \
           f'embedding, or its trellis.</p>' \
           f'<div class="grid">{cards}</div>'


def explorer_link(build, name, out_dir):
    """A link to the loss's interactive page (make explorer), where it has one; the page links back here."""
    page = build / "explorer" / f"{name}.html"
    return f'\n  <a href="{html.escape(os.path.relpath(page, out_dir))}">Explore it</a>' if page.exists() else ""


def figures_section(build, out_dir):
    pngs = sorted((build / "figures").glob("*.png"))
    if not pngs:
        return ""
    items = "".join(
        f'<figure><a href="{html.escape(os.path.relpath(p.with_suffix(".svg"), out_dir))}">'
        f'<img src="{html.escape(os.path.relpath(p, out_dir))}" alt="{p.stem}"></a>'
        f'<figcaption><a href="{html.escape(os.path.relpath(p, out_dir))}">{p.stem}.png</a>'
        f'<a href="{html.escape(os.path.relpath(p.with_suffix(".svg"), out_dir))}">.svg</a></figcaption></figure>'
        for p in pngs)
    return f'<h1 id="figures">Figures</h1><p class="lead">Each loss and its derivative, for docs and notes.</p>' \
           f'<div class="figures">{items}</div>'


def build_gallery(build, quality, names, loss_file=None):
    out_dir = build / "gallery"
    (out_dir / "formulas").mkdir(parents=True, exist_ok=True)
    entries = [catalog.lookup(n) for n in names]
    keys = sorted({e.formula for e in entries})
    prefetch_formulas([formula_tex(key) for key in keys])
    for key in keys:
        render_formula(key, out_dir / "formulas" / f"{key}.svg")
    cards = "".join(card(e, build, quality, out_dir) for e in entries)
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>lossviz gallery</title><style>{STYLE}</style></head>
<body>
<h1>lossviz gallery</h1>
<p class="lead">Loss functions, animated. Every number on screen comes from losscore. Rendered at {quality}.</p>
<div class="grid">{cards}
</div>
{anatomy_section(build, quality, out_dir, user_losses(loss_file))}
{figures_section(build, out_dir)}
</body></html>
"""
    index = out_dir / "index.html"
    with atomic(index) as tmp:
        tmp.write_text(page, encoding="utf-8")
    print(f"  done  {index}  {len(entries)} scenes")


README_START, README_END = "<!-- scenes: generated by `make readme-gifs` from scenes/catalog.py -->", "<!-- /scenes -->"


def readme_section():
    """The README's scene list: each catalog scene's name, description and committed GIF."""
    rows = [README_START, "", "| Scene | What it shows |", "|---|---|"]
    rows += [f"| `{e.name}`<br>![{e.name}](assets/readme/{e.name}.gif) | {e.description} |" for e in catalog.CATALOG]
    return "\n".join(rows + ["", README_END])


def update_readme(path):
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    path.write_text(text[:start] + readme_section() + text[end:], encoding="utf-8")


def main(argv):
    if len(argv) == 3 and argv[1] == "readme":
        update_readme(Path(argv[2]))
        return
    loss_file = None
    if "--loss-file" in argv[:-1]:  # a loss file's anatomies are listed beside the registry's
        at = argv.index("--loss-file")
        loss_file, argv = Path(argv[at + 1]).resolve(), argv[:at] + argv[at + 2:]
    if len(argv) < 3:
        sys.exit("usage: python -m scenes.output.gallery BUILD_DIR QUALITY [SCENE ...] [--loss-file FILE]")
    try:
        build_gallery(Path(argv[1]), argv[2], argv[3:], loss_file)
    except LossFileError as err:
        sys.exit(f"error: {err}")
    except (KeyError, FileNotFoundError) as err:
        sys.exit(f"error: {err.args[0]}")


if __name__ == "__main__":
    main(sys.argv)
