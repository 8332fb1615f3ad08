"""Justified Chinese lines in WeasyPrint.

WeasyPrint justifies a line by widening its spaces only; a line of Chinese
has none, so every line that a line-break rule cut a character short (no
。 at the start of a line, no （ at its end, digits kept together) stayed
short and the right edge came out ragged, although print.css asks for
``text-align: justify``. Browsers and word processors justify Chinese
between characters: this module makes WeasyPrint do the same, for lines
that hold Chinese, and leaves other lines to WeasyPrint.

It replaces ``weasyprint.layout.inline.justify_line``, a module-level
function that ``text_align`` looks up on each call; requirements.in pins
the WeasyPrint release it was written for, and tests/views/test_pdf.py
measures the result, so an upgrade that changes that function fails there.
"""

from __future__ import annotations

import re

# Ideographs, CJK punctuation and full-width forms: a line holding one of
# them is justified between characters.
CHINESE = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


def install(weasyprint) -> None:
    """Justify lines of Chinese between characters; idempotent."""
    inline = weasyprint.layout.inline
    if getattr(inline.justify_line, "justifies_chinese", False):
        return
    original = inline.justify_line

    def justify_line(context, line, extra_width):
        boxes = list(text_boxes(weasyprint, line))
        text = "".join(box.text for box in boxes)
        if not CHINESE.search(text) or len(text) < 2:
            return original(context, line, extra_width)
        # Every gap between two characters takes an equal share; the space
        # after the last character falls outside the line.
        spread(weasyprint, context, line, extra_width / (len(text) - 1), 0)

    justify_line.justifies_chinese = True
    inline.justify_line = justify_line


def text_boxes(weasyprint, box):
    boxes = weasyprint.formatting_structure.boxes
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from text_boxes(weasyprint, child)


def spread(weasyprint, context, box, spacing: float, x_advance: float) -> float:
    """Add ``spacing`` to the letter-spacing of every text box in ``box``,
    moving what follows; return the distance it moved. Mirrors WeasyPrint's
    own ``add_word_spacing``."""
    boxes = weasyprint.formatting_structure.boxes
    line_break = weasyprint.text.line_break
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        style = box.style.copy()
        letter_spacing = style["letter_spacing"]
        style["letter_spacing"] = spacing + (
            0 if letter_spacing == "normal" else letter_spacing
        )
        layout = line_break.create_layout(
            box.text, style, context, None, box.justification_spacing
        )
        width, _height = line_break.line_size(layout.get_first_line()[0], style)
        layout.deactivate()
        x_advance += width - box.width
        box.width, box.style, box.pango_layout = width, style, layout
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = spread(weasyprint, context, child, spacing, x_advance)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance
