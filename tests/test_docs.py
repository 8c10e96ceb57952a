"""Documentation true to the code: each app's README against its URLs and websocket protocol.

Apps are discovered (tests/repo.py), so an app added later is checked too:
- every URL an app's URL configuration serves is in the "URLs" table of the app's README, and
  every URL there is served (path parameters compare by position: `<id>` = `<int:committee_id>`);
- every websocket route of an app's `routing.py` is named in its README (`ws/...`);
- an app with a `protocol.py` documents, one row per type, every message of `SCHEMA` under a
  "Browser → server" heading and every frame of `SERVER_FRAMES` under "Server → browser", each
  with exactly its fields (`name?` for an optional one).
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.repo import REPO, first_party_apps

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
TOKEN = re.compile(r"`([^`]+)`")
FIELD = re.compile(r"^([A-Za-z_]\w*)(\?)?$")
METHOD = re.compile(r"^(?:GET|POST|PUT|PATCH|DELETE)(?:,\s*(?:GET|POST|PUT|PATCH|DELETE))*\s+")
PARAMETER = re.compile(r"<[^>]+>")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


# --- reading a README ----------------------------------------------------------------------


def section(text: str, title: str) -> str | None:
    """The body under the first heading whose text contains `title`, up to the next heading of
    the same or a higher level; None when there is no such heading."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = HEADING.match(line)
        if match and title in match.group(2):
            level = len(match.group(1))
            body = []
            for following in lines[index + 1 :]:
                heading = HEADING.match(following)
                if heading and len(heading.group(1)) <= level:
                    break
                body.append(following)
            return "\n".join(body)
    return None


def code_spans(text: str) -> list[str]:
    """Every `inline code` span, line by line, outside fenced code blocks."""
    spans: list[str] = []
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            spans += TOKEN.findall(line)
    return spans


def table_cells(line: str) -> list[str]:
    """The cells of one table row. As in GitHub's Markdown, `\\|` is a pipe inside a cell
    (`<pdf\\|docx>` in a code span), not a cell boundary."""
    inner = line.strip().removeprefix("|").removesuffix("|")
    return [cell.replace("\\|", "|").strip() for cell in UNESCAPED_PIPE.split(inner)]


def first_table(body: str) -> list[dict[str, str]]:
    """The first Markdown table of `body`, as rows keyed by the lower-cased header cells."""
    rows: list[list[str]] = []
    for line in body.splitlines():
        if line.strip().startswith("|"):
            rows.append(table_cells(line))
        elif rows:
            break
    if len(rows) < 2:
        return []
    header = [cell.lower() for cell in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[2:]]


# --- URLs ------------------------------------------------------------------------------------


def normalize(url: str) -> str:
    return PARAMETER.sub("<>", "/" + url.split("?")[0].lstrip("/"))


def served_urls(packages: dict[str, Path]) -> dict[str, set[str]]:
    """App -> the URLs (normalized) its own URL configuration serves, from ROOT_URLCONF down.

    A URL belongs to the app whose urls module defines it; an include of a library's URLs
    (admin, i18n) is one entry, its prefix, for the app that includes it."""
    owned: dict[str, set[str]] = {}
    root_owner = settings.ROOT_URLCONF.split(".")[0]

    def walk(patterns: list[Any], prefix: str, owner: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLPattern):
                owned.setdefault(owner, set()).add(normalize(route))
            elif isinstance(entry, URLResolver):
                name = entry.urlconf_name
                module = name if isinstance(name, str) else getattr(name, "__name__", None)
                top = module.split(".")[0] if module else None
                if top in packages:
                    walk(entry.url_patterns, route, top)
                else:
                    owned.setdefault(owner, set()).add(normalize(route))

    walk(get_resolver().url_patterns, "", root_owner)
    return owned


def all_tables(body: str) -> list[list[dict[str, str]]]:
    """Every Markdown table of `body` (subsections included), each as `first_table` reads it."""
    tables: list[list[dict[str, str]]] = []
    lines = body.splitlines()
    start = 0
    while start < len(lines):
        if lines[start].strip().startswith("|"):
            end = start
            while end < len(lines) and lines[end].strip().startswith("|"):
                end += 1
            tables.append(first_table("\n".join(lines[start:end])))
            start = end
        else:
            start += 1
    return tables


def documented_urls(readme: str) -> tuple[set[str], list[str]]:
    """The URLs of the README's "URLs" section: in every table whose first column is "URL", each `code` span of the first
    column (optionally after an HTTP method) is a URL; and the rows that could not be read."""
    body = section(readme, "URLs")
    if body is None:
        return set(), []
    urls: set[str] = set()
    unreadable: list[str] = []
    for table in all_tables(body):
        if not table or next(iter(table[0])) != "url":
            continue  # only tables whose first column is "URL"
        for row in table:
            cell = next(iter(row.values()), "")
            found = [METHOD.sub("", token) for token in TOKEN.findall(cell)]
            found = [url for url in found if url.startswith("/")]
            if not found:
                unreadable.append(cell)
            urls.update(normalize(url) for url in found)
    return urls, unreadable


def url_problems(packages: dict[str, Path]) -> list[str]:
    problems: list[str] = []
    served = served_urls(packages)
    for app, directory in sorted(packages.items()):
        readme_path = directory / "README.md"
        urls = served.get(app, set())
        if not readme_path.exists():
            if urls:
                problems.append(f"{app}/README.md is missing; it must list {sorted(urls)}")
            continue
        documented, unreadable = documented_urls(readme_path.read_text(encoding="utf-8"))
        where = f"{app}/README.md"
        problems += [f"{where}: cannot read a URL in the row starting {cell!r}" for cell in unreadable]
        problems += [f"{where}: {url} is served but not in the URLs table" for url in sorted(urls - documented)]
        problems += [f"{where}: {url} is in the URLs table but not served" for url in sorted(documented - urls)]
    return problems


def websocket_problems(packages: dict[str, Path]) -> list[str]:
    problems: list[str] = []
    for app, directory in sorted(packages.items()):
        if not (directory / "routing.py").exists():
            continue
        routing = importlib.import_module(f"{app}.routing")
        routes = {normalize(str(p.pattern)) for p in getattr(routing, "websocket_urlpatterns", [])}
        readme_path = directory / "README.md"
        readme = readme_path.read_text(encoding="utf-8") if readme_path.exists() else ""
        named = {normalize(t) for t in code_spans(readme) if t.lstrip("/").startswith("ws/")}
        problems += [f"{app}/README.md: websocket route {r} is not documented" for r in sorted(routes - named)]
        problems += [f"{app}/README.md: websocket route {r} is not served" for r in sorted(named - routes)]
    return problems


# --- the websocket protocol ------------------------------------------------------------------


def documented_messages(body: str, where: str) -> tuple[dict[str, dict[str, bool]], list[str]]:
    """type -> {field: required} from the first table of `body` (columns `type` and `fields`)."""
    messages: dict[str, dict[str, bool]] = {}
    problems: list[str] = []
    rows = first_table(body)
    if not rows or "type" not in rows[0] or "fields" not in rows[0]:
        return {}, [f"{where}: no table with `type` and `fields` columns"]
    for row in rows:
        kind = re.fullmatch(r"`([^`]+)`", row["type"])
        if kind is None:
            problems.append(f"{where}: write one message type per row, as `type`: {row['type']!r}")
            continue
        fields: dict[str, bool] = {}
        for part in filter(None, (p.strip() for p in row["fields"].split(","))):
            token = re.fullmatch(r"`([^`]+)`", part)
            field = FIELD.match(token.group(1)) if token else None
            if field is None:
                problems.append(f"{where}: {kind.group(1)}: write fields as `name` or `name?`: {part!r}")
                continue
            fields[field.group(1)] = field.group(2) is None
        if kind.group(1) in messages:
            problems.append(f"{where}: {kind.group(1)} is documented twice")
        messages[kind.group(1)] = fields
    return messages, problems


def compare_messages(
    documented: dict[str, dict[str, bool]], code: dict[str, dict[str, bool]], where: str, name: str
) -> list[str]:
    problems = [f"{where}: {kind} is in {name} but not documented" for kind in sorted(code.keys() - documented.keys())]
    problems += [f"{where}: {kind} is documented but not in {name}" for kind in sorted(documented.keys() - code.keys())]
    for kind in sorted(code.keys() & documented.keys()):
        ours, theirs = documented[kind], code[kind]
        for field in sorted(theirs.keys() - ours.keys()):
            problems.append(f"{where}: {kind}: field {field!r} is in {name} but not documented")
        for field in sorted(ours.keys() - theirs.keys()):
            problems.append(f"{where}: {kind}: field {field!r} is documented but not in {name}")
        for field in sorted(ours.keys() & theirs.keys()):
            if ours[field] != theirs[field]:
                wanted = "required" if theirs[field] else "optional (`name?`)"
                problems.append(f"{where}: {kind}: field {field!r} is {wanted} in {name}")
    return problems


def protocol_problems(packages: dict[str, Path]) -> list[str]:
    problems: list[str] = []
    for app, directory in sorted(packages.items()):
        if not (directory / "protocol.py").exists():
            continue
        protocol = importlib.import_module(f"{app}.protocol")
        readme_path = directory / "README.md"
        readme = readme_path.read_text(encoding="utf-8") if readme_path.exists() else ""
        tables: list[tuple[str, str, dict[str, dict[str, bool]]]] = []
        if hasattr(protocol, "SCHEMA"):
            incoming = {k: {f: req for f, (_t, req) in v.items()} for k, v in protocol.SCHEMA.items()}
            tables.append(("Browser → server", "SCHEMA", incoming))
        if hasattr(protocol, "SERVER_FRAMES"):
            tables.append(("Server → browser", "SERVER_FRAMES", protocol.SERVER_FRAMES))
        for title, name, code in tables:
            where = f"{app}/README.md ({title})"
            body = section(readme, title)
            if body is None:
                problems.append(f"{where}: no section titled {title!r}")
                continue
            documented, unreadable = documented_messages(body, where)
            problems += unreadable + compare_messages(documented, code, where, name)
        for param in getattr(protocol, "MOTION_PARAMS", {}):
            body = section(readme, "Browser → server") or ""
            if f"`{param}`" not in body:
                problems.append(f"{app}/README.md: motion parameter {param!r} is not documented")
    return problems


# --- the checks on this repository ---------------------------------------------------------


def test_each_readme_lists_exactly_the_urls_of_its_app():
    problems = url_problems(first_party_apps())
    assert not problems, "\n".join(problems)


def test_each_readme_names_its_websocket_routes():
    problems = websocket_problems(first_party_apps())
    assert not problems, "\n".join(problems)


def test_the_websocket_protocol_tables_match_the_schema():
    problems = protocol_problems(first_party_apps())
    assert not problems, "\n".join(problems)


def test_the_checks_see_the_apps_and_tables_they_check():
    """Guard against a check that passes because it read nothing."""
    packages = first_party_apps()
    served = served_urls(packages)
    assert "/committees/<>/chair/" in served["committee"]
    assert "/join/" in served["delegates"]
    assert "/admin/" in served["config"]
    readme = (REPO / "committee" / "README.md").read_text(encoding="utf-8")
    incoming, problems = documented_messages(section(readme, "Browser → server") or "", "")
    placard = incoming["vote.placard"]
    assert not problems and {k: placard[k] for k in ("yes", "no", "abstain")} == {"yes": True, "no": True, "abstain": False}
    outgoing, problems = documented_messages(section(readme, "Server → browser") or "", "")
    assert not problems and "patch" in outgoing["event"] and "state" not in outgoing["event"]


# --- the checkers themselves ---------------------------------------------------------------

FAKE_README = r"""# fake
## URLs
| URL | who |
|---|---|
| `/things/<id>/` | all |
| `POST /things/<id>/delete/` | staff |
| `/things/<id>/<pdf\|docx>/?lang=es` | a pipe in a cell \| too |
| a row without a URL | x |

### Browser → server
| type | fields | who |
|---|---|---|
| `thing.add` | `name`, `size?` | C |
| `thing.drop` | `id` | C |
| `a` / `b` | | C |
## Next
| type | fields |
|---|---|
| `ignored` | |
"""


def test_url_reader_understands_methods_parameters_and_flags_unreadable_rows():
    urls, unreadable = documented_urls(FAKE_README)
    assert urls == {"/things/<>/", "/things/<>/delete/", "/things/<>/<>/"}
    assert unreadable == ["a row without a URL"]


def test_protocol_checker_reports_drift_both_ways():
    body = section(FAKE_README, "Browser → server") or ""
    documented, problems = documented_messages(body, "fake")
    assert documented == {"thing.add": {"name": True, "size": False}, "thing.drop": {"id": True}}
    assert problems == ["fake: write one message type per row, as `type`: '`a` / `b`'"]
    code = {"thing.add": {"name": True, "size": True, "colour": False}, "thing.list": {}}
    assert compare_messages(documented, code, "fake", "SCHEMA") == [
        "fake: thing.list is in SCHEMA but not documented",
        "fake: thing.drop is documented but not in SCHEMA",
        "fake: thing.add: field 'colour' is in SCHEMA but not documented",
        "fake: thing.add: field 'size' is required in SCHEMA",
    ]
