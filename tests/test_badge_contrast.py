"""Every status badge of papers and amendments (static/css/paper.css) meets WCAG AA: its text
colour against its ground is at least 4.5:1 (we aim for 7:1, AAA), and the status does not rest
on colour alone: each has a shape before the word, silent for screen readers (`content: "✓" / ""`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from resolutions.models import Amendment, Paper

CSS = Path(__file__).resolve().parents[1] / "static" / "css" / "paper.css"
STATUSES = sorted({s.value for s in Paper.Status} | {s.value for s in Amendment.Status})


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        declarations = dict(
            (name.strip(), value.strip())
            for name, _sep, value in (d.partition(":") for d in body.split(";") if ":" in d)
        )
        out.append(([s.strip() for s in selectors.split(",")], declarations))
    return out


def _declared(status: str, pseudo: str = "") -> dict[str, str]:
    wanted = f".badge.status-{status}{pseudo}"
    found: dict[str, str] = {}
    for selectors, declarations in _rules(CSS.read_text(encoding="utf-8")):
        if wanted in selectors:
            found.update(declarations)
    return found


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48  # the classic "just fails AA" grey
    # The badge this test was written for: white text on the old pale green, about 1.2:1.
    assert contrast("#ffffff", "#d5ecd4") < 1.5


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_badge_meets_aa_contrast(status):
    rule = _declared(status)
    assert "color" in rule and "background" in rule, f"no colours for .badge.status-{status}"
    ratio = contrast(rule["color"], rule["background"])
    assert ratio >= 4.5, f"{status}: {rule['color']} on {rule['background']} is {ratio:.2f}:1"
    assert ratio >= 7, f"{status}: {ratio:.2f}:1 passes AA but not the 7:1 we keep"


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_badge_has_a_silent_shape_besides_its_colour(status):
    content = _declared(status, "::before").get("content", "")
    assert re.fullmatch(r'"[^"]+"\s*/\s*""', content), f"{status}: no shape ({content!r})"
