"""Text shapes with each distinct glyph parsed once a process.

Pango writes a text's SVG as one <symbol> per distinct glyph and one <use x= y=> per character, and manim's
SVGMobject parses the document whole: every character's outline went through svgelements and manim's path
conversion again, in every caption of a story. Here a glyph is parsed once a process (through manim's own code, so
its shape and style are manim's), the first time a document uses it: the document is parsed with only those first
<use>s in it. Every other character is a copy of its glyph's shape, moved by the distance between the two <use>s in
the document's own units. The shapes are the same to a last bit of rounding (an interior control point is computed
before the move, not after it): the frames do not change.
"""

import xml.etree.ElementTree as ET
from collections import OrderedDict

import numpy as np

from .numbers import glyph_copy

SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}href"

# (what sets a glyph's shape and style: the document's size, manim's style defaults, its groups' styles, its outline)
# → (its shape, where its <use> put it, the document's linear transform); most recently used last
_SHAPES = OrderedDict()
_KEEP = 20_000  # glyphs: a few fonts and sizes' worth


def _uses(root, context):
    """[(key, use, its group, x, y)] for every <use> of a glyph with an outline, in document order, each removed
    from `root` (a space
    has no outline: manim draws nothing for it); None for a document that is not a plain Pango text (groups of
    <use>s of one-path symbols)."""
    outlines = {}
    for symbol in root.iter(f"{SVG}symbol"):
        if [child.tag for child in symbol] != [f"{SVG}path"]:
            return None
        outlines[symbol.get("id")] = symbol[0].get("d", "").strip()
    uses = []

    def visit(element, groups):
        for child in list(element):
            if child.tag == f"{SVG}defs":
                continue
            if child.tag == f"{SVG}g":
                visit(child, (*groups, tuple(sorted((k, v) for k, v in child.items() if k != "id"))))
                continue
            glyph = child.get(XLINK, "")[1:]
            if child.tag != f"{SVG}use" or set(child.keys()) - {XLINK, "x", "y"} or glyph not in outlines:
                raise ValueError(child.tag)
            element.remove(child)
            if outlines[glyph]:
                uses.append(((context, groups, outlines[glyph]), child, element, float(child.get("x", 0)),
                             float(child.get("y", 0))))

    try:
        visit(root, ())
    except ValueError:
        return None
    return uses


def generate_glyphs(svg_mobject, generate_whole):
    """`svg_mobject.generate_mobject()` for a Pango SVG, each glyph parsed once a process; `generate_whole()`
    (manim's own) for any other document."""
    from manim import RIGHT, VGroup

    file_path = svg_mobject.get_file_path()
    tree = ET.parse(file_path)
    root = tree.getroot()
    context = (tuple(sorted(root.items())), tuple(sorted(svg_mobject.generate_config_style_dict().items())))
    uses = _uses(root, context)
    if uses is None:
        return generate_whole()
    new = {}  # the glyphs this document is the first to use: their first <use>s go back in, to be parsed
    for key, use, group, _, _ in uses:
        if key not in _SHAPES and key not in new:
            new[key] = (use, group)
    if new and not _parse(svg_mobject, tree, file_path, new):
        return generate_whole()
    parts = []
    for key, _, _, x, y in uses:
        shape, (x0, y0), m = _SHAPES[key]
        _SHAPES.move_to_end(key)
        part = glyph_copy(shape)
        dx, dy = x - x0, y - y0
        if dx or dy:
            part.shift(np.array([m.a * dx + m.c * dy, m.b * dx + m.d * dy, 0.0]))
        parts.append(part)
    while len(_SHAPES) > _KEEP:
        _SHAPES.popitem(last=False)
    svg_mobject.add(*parts)
    svg_mobject.id_to_vgroup_dict = {"root": VGroup(*parts)}  # Text reads no group (MathTex would: not done here)
    svg_mobject.flip(RIGHT)  # as manim's generate_mobject: SVG's y points down
    return svg_mobject


def _parse(svg_mobject, tree, file_path, new):
    """Parse the document `tree` with the <use>s in `new` ({key: (use, its group)}) put back, as manim does, and
    keep each one's shape in _SHAPES; False if the shapes do not come out one per <use>."""
    import svgelements as se

    for use, group in new.values():
        group.append(use)  # at the end of its group: the order of the shapes is the document's, read below
    modified = file_path.with_name(f"{file_path.stem}_{file_path.suffix}")
    svg_mobject.modify_xml_tree(tree).write(modified)
    try:
        svg = se.SVG.parse(modified)
    finally:
        modified.unlink()
    shapes, _ = svg_mobject.get_mobjects_from(svg)
    placed = [e for e in svg.elements() if isinstance(e, se.Use)]
    if len(shapes) != len(new) or len(placed) != len(new):  # something this plan did not foresee
        return False
    order = {use: i for i, use in enumerate(tree.iter(f"{SVG}use"))}
    for (key, (use, _)), shape, element in zip(sorted(new.items(), key=lambda item: order[item[1][0]]), shapes,
                                               placed):
        _SHAPES[key] = (glyph_copy(shape), (float(use.get("x", 0)), float(use.get("y", 0))), element.transform)
    return True
