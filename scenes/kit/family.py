"""manim's ``Mobject.get_family``, without its cost: manim builds each submobject's family list, joins them and
removes repeats at every level of the hierarchy, which made it a tenth of a story's time (a formula's glyphs, a
plot's ticks, a caption's letters are families of hundreds, asked for on every animation). Here the hierarchy is
walked once and repeats (a part reachable twice, rare) are removed once, at the top, which leaves the same list:
each mobject where manim's removal at every level leaves it, at its last place."""

from manim import Mobject


def _walk(mob, out):
    out.append(mob)
    for part in mob.submobjects:
        _walk(part, out)


def get_family(self, recurse=True):
    """Every mobject in `self`'s hierarchy, `self` first, each once (at its last place), as manim lists them."""
    family = []
    _walk(self, family)
    if len({id(m) for m in family}) == len(family):
        return family
    seen, kept = set(), []
    for mob in reversed(family):
        if id(mob) not in seen:
            seen.add(id(mob))
            kept.append(mob)
    kept.reverse()
    return kept


def install():
    """Every Mobject's get_family is this one (idempotent)."""
    Mobject.get_family = get_family
