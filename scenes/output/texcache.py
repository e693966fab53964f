"""One TeX cache for every render: each distinct formula is compiled by LaTeX once, then read from the cache.

manim keeps compiled TeX in its media folder, but each render gets a fresh temporary one (so parallel renders never
share temporary files), which threw the compiled formulas away every time. Here each formula is still compiled in
the render's own folder, then copied into the shared cache under a temporary name and renamed into place: two
renders that need the same formula at once both compile it, and whichever rename lands last leaves an identical,
complete file. A reader never sees half a file.
"""

import gzip
import os
import re
import shutil
import subprocess
from pathlib import Path

from scenes.output.files import atomic

CACHE_ENV = "LOSSVIZ_TEX_CACHE"  # the folder; the Makefile sets it to $(BUILD)/cache/tex


def cache_dir():
    return Path(os.environ.get(CACHE_ENV) or "build/cache/tex")


# A one-character formula, as Number (and DecimalNumber) ask for each digit: every scene needs the same few, so
# the first request compiles them all in one LaTeX run (one page each) instead of one run apiece (~0.2 s each).
GLYPH = re.compile(r"(\\special\{dvisvgm:raw <g id='unique000'>\})(.)(\\special\{dvisvgm:raw </g>\})")
GLYPHS = "0123456789.-+,"
BEGIN = "\\begin{document}"


def compile_glyphs(expression, environment, template, folder):
    """Compile `expression`'s siblings (the same formula with each character of GLYPHS) in one LaTeX run into the
    shared cache (see compile_batch)."""
    head, middle = GLYPH.fullmatch(expression).group(1, 3)
    compile_batch([head + char + middle for char in GLYPHS], environment, template, folder)


def compile_batch(expressions, environment, template, folder):
    """Compile `expressions` in one LaTeX run (a page each) into the shared cache, each SVG byte for byte the file a
    compile of its own leaves there (page and font ids renumbered, outlines sorted by canonical): one run costs about
    what a single formula does.
    Does nothing if the template is not the one-page standalone document this relies on."""
    from manim.utils import tex_file_writing

    documents = [template.get_texcode_for_expression_in_env(e, environment) for e in expressions]
    first = documents[0]
    begin, end = BEGIN, "\\end{document}"
    if first.count(begin) != 1 or "\\documentclass[preview]{standalone}" not in first:
        return
    preamble = first.split(begin)[0].replace("\\documentclass[preview]{standalone}",
                                             "\\documentclass[preview,multi=glyph]{standalone}")
    pages = "".join("\\begin{glyph}" + doc.split(begin)[1].split(end)[0] + "\\end{glyph}\n" for doc in documents)
    batch = folder / f"batch-{tex_file_writing.tex_hash(''.join(documents))}.tex"
    batch.write_text(preamble + "\\newenvironment{glyph}{}{}\n" + begin + "\n" + pages + end + "\n", encoding="utf-8")
    dvi = tex_file_writing.compile_tex(batch, template.tex_compiler, template.output_format)
    subprocess.run(["dvisvgm", "--page=1-", "--no-fonts", "--verbosity=0",
                    f"--output={(folder / 'glyph-%3p.svg').as_posix()}", dvi.as_posix()], check=True,
                   stdout=subprocess.DEVNULL)
    cache_dir().mkdir(parents=True, exist_ok=True)
    for page, doc in enumerate(documents, start=1):
        svg = (folder / f"glyph-{page:03d}.svg").read_text(encoding="utf-8")
        with atomic(cache_dir() / f"{tex_file_writing.tex_hash(doc)}.svg") as tmp:
            tmp.write_text(_as_one_page(svg, page), encoding="utf-8")


def prefetch(expressions, environment="align*"):
    """Compile those of `expressions` the shared cache lacks, in one LaTeX run (for a page of formulas known
    up front: each would cost a LaTeX run of its own). Call it inside the manim configuration that typesets them
    (its TeX template is part of each formula's cache key; LaTeX writes into its media folder)."""
    from manim import config
    from manim.utils import tex_file_writing

    template = config["tex_template"]

    def cached(expression):
        document = template.get_texcode_for_expression_in_env(expression, environment)
        return (cache_dir() / f"{tex_file_writing.tex_hash(document)}.svg").is_file()

    missing = list(dict.fromkeys(e for e in expressions if not cached(e)))
    if len(missing) > 1:
        folder = Path(config.get_dir("tex_dir"))
        folder.mkdir(parents=True, exist_ok=True)
        compile_batch(missing, environment, template, folder)


def _as_one_page(svg, page):
    """Page `page` of a batch as a one-page document's SVG: page 1, its fonts numbered from 0. dvisvgm numbers a
    document's fonts in the order of TeX's font table, so the fonts of one page keep their order among themselves:
    the page's smallest font number becomes 0, the next 1, and so on."""
    numbers = {n: str(k) for k, n in enumerate(sorted({int(m) for m in re.findall(r"\bg(\d+)-", svg)}))}
    svg = re.sub(r"\bg(\d+)-", lambda m: f"g{numbers[int(m[1])]}-", svg)
    return canonical(svg.replace(f"<g id='page{page}'>", "<g id='page1'>"))


GLYPH_DEF = re.compile(r"<path id='g(\d+)-(\d+)' [^\n]*\n")


def canonical(svg):
    """dvisvgm's SVG with its glyph outlines (<defs>) sorted by font and character: it lists them in an order of
    its own, which differs between a formula compiled alone and in a batch. Only the <use>s in the page, which
    keep their order, make the picture, so the order of the outlines changes nothing drawn."""
    outlines = list(GLYPH_DEF.finditer(svg))
    if not outlines or svg[outlines[0].start():outlines[-1].end()] != "".join(m[0] for m in outlines):
        return svg  # not one run of outlines: left as it is
    ordered = sorted(outlines, key=lambda m: (int(m[1]), int(m[2])))
    return svg[:outlines[0].start()] + "".join(m[0] for m in ordered) + svg[outlines[-1].end():]


# ---- DVI to SVG without Ghostscript --------------------------------------------------------------------------------
# dvisvgm starts Ghostscript whenever it processes specials (it checks that PostScript ones could be drawn): 0.07 s
# of its 0.08 s on a formula. manim's formulas hold only dvisvgm:raw specials that open and close groups (and the
# preview package's PostScript for dvips, which draws nothing), so dvisvgm runs with no specials and the groups are
# put back where the DVI has them: dvisvgm writes one line per glyph or rule, in the DVI's order. Anything else in
# the DVI (or a count that does not match) runs dvisvgm with its specials, as manim does.

RAW_GROUP = re.compile(rb"dvisvgm:raw (<g id='[A-Za-z0-9_]+'>|</g>)")
# what the standalone class's preview package says to dvips (PostScript that sizes the page): nothing drawn
PREVIEW_SPECIAL = re.compile(rb"!.*|header=\S+|ps::[-\d ]*", re.S)
DRAWN = re.compile(r"<(use|rect) [^\n]*/>")


# the bytes of parameters after each DVI opcode from 128 to 238 (set_char and fnt_num take none; the specials and
# font definitions that follow say their own length; pre, post and post_post never come on a page)
PARAMETERS = {**{op: op - 127 for op in range(128, 132)}, 132: 8, **{op: op - 132 for op in range(133, 137)}, 137: 8,
              138: 0, 139: 44, 140: 0, 141: 0, 142: 0, **{op: op - 142 for op in range(143, 147)}, 147: 0,
              **{op: op - 147 for op in range(148, 152)}, 152: 0, **{op: op - 152 for op in range(153, 157)},
              **{op: op - 156 for op in range(157, 161)}, 161: 0, **{op: op - 161 for op in range(162, 166)}, 166: 0,
              **{op: op - 166 for op in range(167, 171)}, **{op: 0 for op in range(171, 235)},
              **{op: op - 234 for op in range(235, 239)}}


def _page_events(dvi, page=1):
    """What page `page` of the DVI file's bytes `dvi` draws, in order: None for each glyph or rule drawn, the group
    tag of each dvisvgm:raw special; None if the page holds another special, or the file an opcode TeX's DVI lacks."""
    events, at, pages = [], 15 + dvi[14], 0  # past the preamble and its comment
    while at < len(dvi):
        op, at = dvi[at], at + 1
        on_page = pages == page
        if op == 140 and on_page:  # eop
            return events
        if op <= 127 or 128 <= op <= 131 or 133 <= op <= 136:  # set_char, set1-4, put1-4: a glyph
            if on_page:
                events.append(None)
        elif op in (132, 137) and on_page:  # set_rule, put_rule: drawn only with a height and a width
            height, width = (int.from_bytes(dvi[k:k + 4], "big", signed=True) for k in (at, at + 4))
            if height > 0 and width > 0:
                events.append(None)
        elif op == 139:  # bop
            pages += 1
        elif 239 <= op <= 242:  # xxx1-4: a special
            size, at = int.from_bytes(dvi[at:at + op - 238], "big"), at + op - 238
            special = dvi[at:at + size]
            if on_page and not PREVIEW_SPECIAL.fullmatch(special):
                raw = RAW_GROUP.fullmatch(special)
                if raw is None:
                    return None
                events.append(raw[1].decode())
            at += size
            continue
        elif 243 <= op <= 246:  # fnt_def1-4: number, checksum, size, design size, then the font's name
            at += op - 242 + 12
            at += 2 + dvi[at] + dvi[at + 1]
            continue
        elif op not in PARAMETERS:  # pre, post, or another TeX's opcode
            return None
        at += PARAMETERS.get(op, 0)  # set_char and fnt_num: none
    return None


def _with_groups(svg, events):
    """The SVG dvisvgm wrote with no specials, with the groups of `events` put back as dvisvgm writes them (an empty
    group closed in its own tag); None where the SVG's glyphs and rules are not the DVI's."""
    head, start, tail = svg.partition("<g id='page1'>\n")
    body = tail[:tail.rfind("</g>")]
    lines = body.splitlines()
    if not start or sum(e is None for e in events) != len(lines) or not all(DRAWN.fullmatch(x) for x in lines):
        return None
    out, open_groups, drawn_lines = [], [], iter(lines)
    for event in events:
        if open_groups and event != "</g>":
            open_groups[-1][1] = True  # the innermost open group holds something
        if event is None:
            out.append(next(drawn_lines))
        elif event != "</g>":
            open_groups.append([len(out), False])
            out.append(event)
        elif not open_groups:
            return None
        else:
            index, filled = open_groups.pop()
            if filled:
                out.append("</g>")
            else:
                out[index] = out[index][:-1] + "/>"
    if open_groups:
        return None
    return head + start + "".join(line + "\n" for line in out) + tail[len(body):]


def svg_without_ghostscript(dvi_file, page=1):
    """Write page `page` of `dvi_file` as SVG beside it, as dvisvgm writes it, without its specials (see above),
    where the page holds only manim's groups; elsewhere write nothing."""
    events = _page_events(dvi_file.read_bytes(), page)
    if events is None:
        return
    plain = dvi_file.with_name(dvi_file.stem + "-plain.svg")
    subprocess.run(["dvisvgm", f"--page={page}", "--no-fonts", "--no-specials", "--verbosity=0",
                    f"--output={plain.as_posix()}", dvi_file.as_posix()], stdout=subprocess.DEVNULL)
    svg = _with_groups(plain.read_text(encoding="utf-8"), events) if plain.is_file() else None
    plain.unlink(missing_ok=True)
    if svg is not None:
        dvi_file.with_suffix(".svg").write_text(svg, encoding="utf-8")


def preamble_format(document, folder):
    """A LaTeX format with `document`'s preamble already loaded (mylatexformat), built once into the shared cache:
    a run that starts from it skips loading the class and packages and writes the same DVI. It is kept inflated
    (see _store_inflated): with both, a formula's LaTeX run takes 0.04 s instead of 0.14 s.
    Returns its path without ".fmt" (as latex's -fmt wants it), or None where it cannot be built."""
    from manim.utils import tex_file_writing

    name = f"preamble-{tex_file_writing.tex_hash(document.split(BEGIN)[0])}"
    fmt = cache_dir() / f"{name}.fmt"
    if fmt.is_file() and _gzipped(fmt):  # a cache from before formats were kept inflated
        _store_inflated(fmt, fmt)
    if not fmt.is_file() and document.count(BEGIN) == 1:
        source = folder / f"{name}.tex"
        source.write_text(document, encoding="utf-8")
        result = subprocess.run(["latex", "-ini", "-interaction=batchmode", f"-jobname={name}",
                                 f"-output-directory={folder.as_posix()}", "&latex", "mylatexformat.ltx",
                                 source.as_posix()], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if result.returncode == 0 and (folder / f"{name}.fmt").is_file():
            cache_dir().mkdir(parents=True, exist_ok=True)
            _store_inflated(folder / f"{name}.fmt", fmt)
    return fmt.with_suffix("").as_posix() if fmt.is_file() else None


def _gzipped(path):
    with open(path, "rb") as file:
        return file.read(2) == b"\x1f\x8b"


def _store_inflated(built, fmt):
    """`built` (a format as latex -ini writes it) into the cache as `fmt`, inflated: TeX writes its formats
    gzip-compressed and reads an inflated one just as well (zlib's gzread passes a file without a gzip header
    through), and inflating 18 MB on every run was 60 % of a formula's LaTeX time."""
    opened = gzip.open if _gzipped(built) else open
    with opened(built, "rb") as source, atomic(fmt) as tmp, open(tmp, "wb") as target:
        shutil.copyfileobj(source, target, 1 << 20)


def install():
    """Route manim's MathTex/Tex compilation through the shared cache, its latex runs through the preamble's
    precompiled format and its dvisvgm runs past Ghostscript where they can be (idempotent)."""
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing

    compile_svg = tex_file_writing.tex_to_svg_file
    if getattr(tex_mobject.tex_to_svg_file, "shared_cache", False):
        return
    command = tex_file_writing.make_tex_compilation_command

    def with_format(tex_compiler, output_format, tex_file, tex_dir):
        args = command(tex_compiler, output_format, tex_file, tex_dir)
        one_off = Path(tex_file).name.startswith("batch-")  # a batch's own preamble: not worth a format
        if tex_compiler == "latex" and not one_off and (
                fmt := preamble_format(Path(tex_file).read_text(encoding="utf-8"), Path(tex_dir))):
            args.insert(1, f"-fmt={fmt}")
        return args

    tex_file_writing.make_tex_compilation_command = with_format
    convert = tex_file_writing.convert_to_svg

    def convert_without_ghostscript(dvi_file, extension, page=1):
        if extension == ".dvi" and not dvi_file.with_suffix(".svg").exists():
            svg_without_ghostscript(dvi_file, page)
        return convert(dvi_file, extension, page)  # dvisvgm as manim runs it, where that wrote nothing

    tex_file_writing.convert_to_svg = convert_without_ghostscript

    def cached_tex_to_svg_file(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        # the .tex file (written in this render's own folder) is named by a hash of the whole document
        tex_file = tex_file_writing.generate_tex_file(expression, environment, template)
        private = tex_file.with_suffix(".svg")
        shared = cache_dir() / private.name
        if not private.is_file():
            if not shared.is_file() and environment and (glyph := GLYPH.fullmatch(expression)) and glyph[2] in GLYPHS:
                compile_glyphs(expression, environment, template, tex_file.parent)
            if shared.is_file():
                shutil.copyfile(shared, private)
            else:
                compile_svg(expression, environment, template)
                shared.parent.mkdir(parents=True, exist_ok=True)
                svg = canonical(private.read_text(encoding="utf-8"))  # as a batch would have written it
                private.write_text(svg, encoding="utf-8")
                with atomic(shared) as tmp:
                    tmp.write_text(svg, encoding="utf-8")
        # manim writes scratch files beside the SVG it reads: hand it the private copy, never the shared one
        return private

    cached_tex_to_svg_file.shared_cache = True
    tex_mobject.tex_to_svg_file = cached_tex_to_svg_file
