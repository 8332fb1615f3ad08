"""Render an article body: paragraphs, headings, the byline.

Done in Python rather than with template loops because an issue holds
hundreds of paragraphs and this is the hot path of the reading site; every
piece of text still goes through ``escape``.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def body_html(article) -> SafeString:
    """The body as <p> and <h3> elements. A dateline opens the first
    paragraph, or stands before the body when that opens with a heading;
    a byline of its own line is the template's (issues/article_body.html)."""
    parts = []
    byline = (
        f'<span class="byline">{escape(article.byline)}</span>'
        if article.byline_runs_in
        else ""
    )
    for block in article.blocks:
        text = escape(block.text)
        if block.is_heading:
            if byline:
                parts.append(f"<p>{byline}</p>")
                byline = ""
            parts.append(f'<h3 class="heading heading-{block.level}">{text}</h3>')
            continue
        lead = (
            f'<strong class="heading-{block.level}">{escape(block.lead)}</strong>'
            if block.lead
            else ""
        )
        parts.append(f"<p>{byline}{lead}{text}</p>")
        byline = ""
    # Every piece of text above went through escape(); levels are integers.
    return mark_safe("\n".join(parts))
