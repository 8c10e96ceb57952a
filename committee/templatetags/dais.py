"""Template helpers: flag images and country names in the page's language."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from committee.countries import flag_url

register = template.Library()


@register.simple_tag
def flag(seat, size: str = "") -> str:
    """The seat's flag as an image. The country's name is always written beside it, so the image
    itself is decorative (alt="")."""
    url = flag_url(getattr(seat, "iso_code", seat))
    if not url:
        return ""
    css = f"flag flag-{size}" if size else "flag"
    return format_html('<img class="{}" src="{}" alt="" width="24" height="18">', css, url)


_JOIN_CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


@register.filter
def nowrap_codes(text) -> str:
    """The text, escaped, with every join code ("K7QM-3XPA-RT9D") kept on one line."""
    escaped = str(conditional_escape(text))
    return mark_safe(  # noqa: S308 - escaped above; only our own span is added
        _JOIN_CODE.sub(lambda m: f'<span class="join-code">{m.group(0)}</span>', escaped)
    )
