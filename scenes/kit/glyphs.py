"""Text shapes with each distinct glyph parsed once.

Pango writes a text's SVG as one <symbol> per distinct glyph and one <use x= y=> per character: a caption of a
hundred characters holds some thirty glyphs. manim's SVGMobject parses the document whole, so every character's
outline goes through svgelements and manim's path conversion again. Here the document is parsed with only the
first <use> of each glyph in each group (through manim's own code, so each shape and style is manim's); every
other character is a copy of its glyph's first shape, moved by the distance between the two <use>s in the
document's own units. The shapes are the same to a last bit of rounding (an interior control point is computed
before the move, not after it): the frames do not change.
"""

import xml.etree.ElementTree as ET

import numpy as np

from .numbers import glyph_copy

SVG, XLINK = "{http://www.w3.org/2000/svg}", "{http://www.w3.org/1999/xlink}href"


def _plan(root):
    """[(use element, its group's key, x, y)] of every <use> in document order, and drop the repeated ones from
    `root`; None for a document that is not a plain Pango text (groups of <use>s, one path per glyph)."""
    symbols = {s.get("id"): s for s in root.iter(f"{SVG}symbol")}
    if any([child.tag for child in s] != [f"{SVG}path"] for s in symbols.values()):
        return None
    blank = {name for name, s in symbols.items() if not s[0].get("d", "").strip()}  # a space: manim draws nothing
    uses, first = [], {}

    def visit(element, group):
        for child in list(element):
            if child.tag == f"{SVG}defs":
                continue
            if child.tag == f"{SVG}g":
                visit(child, (group, id(child)))
            elif child.tag == f"{SVG}use" and set(child.keys()) <= {XLINK, "x", "y"} \
                    and child.get(XLINK, "")[1:] in symbols:
                key = (group, child.get(XLINK))
                x, y = float(child.get("x", 0)), float(child.get("y", 0))
                if key[1][1:] in blank:
                    element.remove(child)
                    continue
                uses.append((key, x, y))
                if key in first:
                    element.remove(child)
                else:
                    first[key] = (x, y)
            else:
                raise ValueError(child.tag)

    try:
        visit(root, None)
    except ValueError:
        return None
    return uses, first


def generate_glyphs(svg_mobject, generate_whole):
    """`svg_mobject.generate_mobject()` for a Pango SVG, each distinct glyph parsed once; `generate_whole()` (manim's
    own) for any other document."""
    import svgelements as se
    from manim import RIGHT, VGroup

    file_path = svg_mobject.get_file_path()
    tree = ET.parse(file_path)
    plan = _plan(tree.getroot())
    if plan is None:
        return generate_whole()
    uses, first = plan
    modified = file_path.with_name(f"{file_path.stem}_{file_path.suffix}")
    svg_mobject.modify_xml_tree(tree).write(modified)
    try:
        svg = se.SVG.parse(modified)
    finally:
        modified.unlink()
    shapes, _ = svg_mobject.get_mobjects_from(svg)
    placed = [e for e in svg.elements() if isinstance(e, se.Use)]
    if len(shapes) != len(first) or len(placed) != len(first):  # a glyph with no outline, or something unplanned
        return generate_whole()
    # the linear part of the document's transform, which takes a move between two <use>s to one between shapes
    m = placed[0].transform
    kept, index = dict(zip(first, shapes)), {key: i for i, key in enumerate(first)}
    parts = []
    for key, x, y in uses:
        if key in kept:  # a glyph's first use: the shape parsed for it
            parts.append(kept.pop(key))
            continue
        dx, dy = x - first[key][0], y - first[key][1]
        copy = glyph_copy(shapes[index[key]])
        copy.shift(np.array([m.a * dx + m.c * dy, m.b * dx + m.d * dy, 0.0]))
        parts.append(copy)
    svg_mobject.add(*parts)
    svg_mobject.id_to_vgroup_dict = {"root": VGroup(*parts)}  # Text reads no group (MathTex would: not done here)
    svg_mobject.flip(RIGHT)  # as manim's generate_mobject: SVG's y points down
    return svg_mobject
