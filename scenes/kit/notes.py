"""Speaker notes for a slide deck: one note per story step, composed when the step ends.

A step's docstring is its note's home (beside the code it describes): the first paragraph says what the step
shows, a paragraph starting "Ask:" is the question for the room. The rest is read off the render, so it can never
drift from the screen: the captions said during the step and the numbers on screen when it ends.
"""

import inspect
import re

GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "theta": "θ", "sigma": "σ", "eta": "η",
         "Delta": "Δ", "partial": "∂", "sum": "Σ", "cdot": "·", "times": "×",
         "var": "σ²"}  # LaTeX commands, and parameter names, as plain text writes them


def plain(tex):
    """A readout label's LaTeX as plain text, for notes: ``\\frac{\\partial L}{\\partial \\hat{y}}`` → ``∂L/∂ŷ``.

    >>> plain(r"dL/d\\hat{y}_k"), plain(r"\\text{sparse CCE}"), plain(r"L \\,/\\, L_{\\text{CE}}")
    ('dL/dŷ_k', 'sparse CCE', 'L / L_CE')
    """
    text = re.sub(r"\\(?:text|mathrm|operatorname)\{([^{}]*)\}", r"\1", tex)
    text = re.sub(r"\\hat\{?(\w)\}?", lambda m: m.group(1) + "\u0302", text)
    text = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"\1/\2", text)
    text = re.sub(r"\\textstyle|\\left|\\right", "", text)
    text = re.sub(r"\\[,;:! ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+) ?", lambda m: GREEK.get(m.group(1), m.group(1)), text)
    text = re.sub(r"_\{([^{}]*)\}", r"_\1", text).replace("{", "").replace("}", "")
    text = text.replace("y\u0302", "ŷ")
    return re.sub(r"\s+", " ", text).strip()


def step_text(cls, step):
    """(what the step shows, the question to ask) from the docstring of `cls`'s step method."""
    doc = inspect.getdoc(getattr(cls, step)) or ""
    paragraphs = [" ".join(p.split()) for p in doc.split("\n\n") if p.strip()]
    shows = next((p for p in paragraphs if not p.startswith("Ask:")), "")
    ask = next((p for p in paragraphs if p.startswith("Ask:")), "")
    return shows, ask


def shown(number):
    """The text a live number shows now (a SciNumber as m × 10^e)."""
    if hasattr(number, "mantissa"):
        return f"{shown(number.mantissa)} × 10^{shown(number.exponent)}"
    return number._get_num_string(number.get_value()).replace("-", "−")  # the minus sign the screen shows


def on_screen(scene):
    """Every number the scene's readouts and bars show now, as 'label = value'."""
    found, pending = [], list(scene.mobjects)
    while pending:
        mob = pending.pop(0)
        if hasattr(mob, "describe"):
            found.extend(mob.describe())
        else:
            pending[:0] = mob.submobjects
    return found


def step_notes(scene, step):
    """The speaker notes for the slide that ends with `step` (Markdown: manim-slides renders it in reveal.js's
    speaker view, `S`, and writes it as plain text into the PPTX notes page)."""
    shows, ask = step_text(type(scene), step)
    start = next(c["start"] for c in reversed(scene.timeline["chapters"]) if c["step"] == step)
    said = [c["text"] for c in scene.timeline["captions"] if c["start"] >= start]
    numbers = on_screen(scene)
    lines = [shows]
    if said:
        lines.append("Says: " + " / ".join(f"“{s}”" for s in said))
    if numbers:
        lines.append("On screen: " + "; ".join(numbers) + ".")
    lines.append(ask)
    return "\n\n".join(line for line in lines if line)
