"""Template helpers: flag images and country names in the page's language."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

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
