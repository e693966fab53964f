"""Typeset shapes with each glyph parsed once a process.

Pango (Text) and dvisvgm (MathTex) write a text's SVG as one outline per distinct glyph and one <use x= y=> per
character, and manim's SVGMobject parses the document whole: every character's outline went through svgelements
and manim's path conversion again, in every caption and formula of a story. Here a glyph is parsed once a process
(through manim's own code, so its shape and style are manim's), the first time a document uses it: the document is
parsed with only those first <use>s in it (and what is not a glyph: a fraction's bar). Every other character is a
copy of its glyph's shape, moved to where its <use> puts it. The shapes are the same to a last bit of rounding (an
interior control point is computed before the move, not after it): the frames do not change.
"""

import xml.etree.ElementTree as ET
from collections import OrderedDict

import numpy as np

from .numbers import glyph_copy

SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}href"
SIZE = ("width", "height", "viewBox")  # a formula's document is as large as the formula: not part of a glyph's key

# (manim's style defaults, the document's other attributes, its groups' styles, the outline) → (the glyph's shape,
# where its <use> put it, the document's linear transform); most recently used last
_SHAPES = OrderedDict()
_KEEP = 20_000  # glyphs: a few fonts and sizes' worth
# (manim's style defaults, the document's attributes, its size included) → (its linear transform, where it puts a
# <use> at (0, 0)): every Pango document has the frame's size, so a text of known glyphs needs no parse at all
_FRAMES = {}


class _Unplanned(Exception):
    """A document this module does not read (manim's own parse takes it whole)."""


def _outlines(root):
    """{id: path data} of the glyphs: Pango's <symbol>s of one path, dvisvgm's <path>s in <defs>."""
    outlines = {}
    for defs in root.iter(f"{SVG}defs"):
        for element in defs.iter():
            if element.tag == f"{SVG}symbol":
                if [child.tag for child in element] != [f"{SVG}path"]:
                    raise _Unplanned
                outlines[element.get("id")] = element[0].get("d", "").strip()
            elif element.tag == f"{SVG}path" and element.get("id"):
                outlines[element.get("id")] = element.get("d", "").strip()
    return outlines


def _leaves(root, outlines):
    """[(element, its group, its groups' styles, its groups' ids)] of what is drawn, in document order, each taken out
    of `root` (a <use> of a glyph with no outline, a space, is dropped: manim draws nothing), and the ids of the
    groups."""
    leaves, named = [], []

    def visit(element, styles, ids):
        for child in list(element):
            if child.tag == f"{SVG}defs":
                continue
            if "transform" in child.keys():
                raise _Unplanned
            if child.tag == f"{SVG}g":
                if child.get("id"):
                    named.append(child.get("id"))
                visit(child, (*styles, tuple(sorted((k, v) for k, v in child.items() if k != "id"))),
                      (*ids, child.get("id")) if child.get("id") else ids)
                continue
            element.remove(child)
            if child.tag == f"{SVG}use":
                if set(child.keys()) - {XLINK, "x", "y"} or child.get(XLINK, "")[1:] not in outlines:
                    raise _Unplanned
                if not outlines[child.get(XLINK)[1:]]:
                    continue
            leaves.append((child, element, styles, ids))

    visit(root, (), ())
    return leaves, named


def generate_glyphs(svg_mobject, generate_whole):
    """`svg_mobject.generate_mobject()`, each glyph parsed once a process; `generate_whole()` (manim's own) for a
    document this module does not read."""
    from manim import RIGHT, VGroup

    file_path = svg_mobject.get_file_path()
    tree = ET.parse(file_path)
    root = tree.getroot()
    try:
        outlines = _outlines(root)
        leaves, named = _leaves(root, outlines)
        parts = _parts(svg_mobject, tree, file_path, outlines, leaves)
    except _Unplanned:
        return generate_whole()
    svg_mobject.add(*parts)
    # and every group with an id, even one of spaces only (MathTex finds its substrings by their groups' ids)
    groups = {"root": VGroup(*parts), **{name: VGroup() for name in named}}
    for (_, _, _, ids), part in zip(leaves, parts):
        for name in ids:
            groups.setdefault(name, VGroup()).add(part)
    svg_mobject.id_to_vgroup_dict = groups
    svg_mobject.flip(RIGHT)  # as manim's generate_mobject: SVG's y points down
    while len(_SHAPES) > _KEEP:
        _SHAPES.popitem(last=False)
    if len(_FRAMES) > _KEEP:  # a formula's document is as large as the formula: one frame each
        _FRAMES.clear()
    return svg_mobject


def _parts(svg_mobject, tree, file_path, outlines, leaves):
    """The shapes of `leaves`, in their order: those parsed now, and copies of glyphs parsed before."""
    style = tuple(sorted(svg_mobject.generate_config_style_dict().items()))
    context = (style, tuple(sorted((k, v) for k, v in tree.getroot().items() if k not in SIZE)))
    frame = (style, tuple(sorted(tree.getroot().items())))
    keys = [(context, styles, outlines[leaf.get(XLINK)[1:]]) if leaf.tag == f"{SVG}use" else None
            for leaf, _, styles, _ in leaves]
    # parsed now: what is not a glyph (a fraction's bar), each glyph's first use and, in a document of a size not
    # seen before, at least one <use> (where it lands tells where the document puts its glyphs)
    parse, new = [], set()
    for i, key in enumerate(keys):
        if key is None or (key not in _SHAPES and key not in new):
            parse.append(i)
            new.add(key)
    if frame not in _FRAMES and not any(keys[i] is not None for i in parse) and any(k is not None for k in keys):
        parse.append(next(i for i, key in enumerate(keys) if key is not None))
    made = _parse(svg_mobject, tree, file_path, [leaves[i] for i in parse], frame) if parse else []
    made = dict(zip(parse, made))
    linear, offset = _FRAMES.get(frame, (None, None))

    def placed(use):  # where the document puts a <use>'s glyph
        (x, y), (a, b, c, d) = _at(use), linear
        return np.array([a * x + c * y, b * x + d * y]) + offset

    for i in made:
        if keys[i] is not None and keys[i] not in _SHAPES:
            _SHAPES[keys[i]] = (glyph_copy(made[i]), placed(leaves[i][0]), linear)
    parts = []
    for i, key in enumerate(keys):
        if i in made:
            parts.append(made[i])
            continue
        shape, at, its_linear = _SHAPES[key]
        _SHAPES.move_to_end(key)
        if its_linear != linear:
            raise _Unplanned
        move = placed(leaves[i][0]) - at
        part = glyph_copy(shape)  # its own arrays: moved in place, as manim's shift moves points
        if move.any():
            part.points += np.array([*move, 0.0])
        parts.append(part)
    return parts


def _parse(svg_mobject, tree, file_path, leaves, frame):
    """The shapes of `leaves` (put back into the document, the other outlines left out), parsed as manim parses a
    document; where the document puts a <use> at (0, 0) goes to _FRAMES."""
    import svgelements as se

    for leaf, group, _, _ in leaves:  # back into their groups, in document order
        group.append(leaf)
    used = {leaf.get(XLINK, "")[1:] for leaf, _, _, _ in leaves}
    for defs in tree.getroot().iter(f"{SVG}defs"):
        for container in [defs, *defs.iter(f"{SVG}g")]:
            for outline in list(container):
                if outline.tag in (f"{SVG}symbol", f"{SVG}path") and outline.get("id") not in used:
                    container.remove(outline)  # svgelements would parse every one
    modified = file_path.with_name(f"{file_path.stem}_{file_path.suffix}")
    svg_mobject.modify_xml_tree(tree).write(modified)
    try:
        svg = se.SVG.parse(modified)
    finally:
        modified.unlink()
    shapes, _ = svg_mobject.get_mobjects_from(svg)
    placed = [e for e in svg.elements() if isinstance(e, se.Use)]
    order = {leaf: n for n, leaf in enumerate(tree.iter())}
    in_tree = sorted(range(len(leaves)), key=lambda i: order[leaves[i][0]])  # the order the shapes come out in
    uses = [i for i in in_tree if leaves[i][0].tag == f"{SVG}use"]
    if len(shapes) != len(leaves) or len(placed) != len(uses):
        raise _Unplanned
    for i, element in zip(uses, placed):
        m, (x, y) = element.transform, _at(leaves[i][0])
        if frame not in _FRAMES:  # the document's transform: its linear part, and where it puts a <use> at (0, 0)
            _FRAMES[frame] = (m.a, m.b, m.c, m.d), np.array([m.e - (m.a * x + m.c * y), m.f - (m.b * x + m.d * y)])
        if (m.a, m.b, m.c, m.d) != _FRAMES[frame][0]:
            raise _Unplanned
    shaped = [None] * len(leaves)
    for i, shape in zip(in_tree, shapes):
        shaped[i] = shape
    return shaped


def _at(use):
    return float(use.get("x", 0)), float(use.get("y", 0))
