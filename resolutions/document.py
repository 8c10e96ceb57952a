"""A paper as the pages, the projector and the live session see it: clauses in order, numbered
and punctuated (procedure.md §5.2). Text stays text; punctuation is added here, never stored."""

from __future__ import annotations

from typing import Any

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]


def _letter(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(97 + rem) + out
    return out


def label(level: int, index: int) -> str:
    """1., a), i. for operative clauses, sub-clauses and sub-sub-clauses."""
    if level == 0:
        return f"{index + 1}."
    if level == 1:
        return f"{_letter(index)})"
    return f"{ROMAN[index] if index < len(ROMAN) else index + 1}."


def clause_row(clause: Any) -> dict[str, Any]:
    return {
        "id": clause.pk,
        "kind": clause.kind,
        "parent": clause.parent_id,
        "position": clause.position,
        "phrase": clause.phrase,
        "text": clause.text,
        "version": clause.version,
    }


def build_tree(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """From flat clause rows to {"preambular": [...], "operative": [...]} with labels and the
    punctuation each clause ends with."""
    children: dict[Any, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["position"], r["id"])):
        children.setdefault((row["kind"], row["parent"]), []).append(row)

    def walk(kind: str, parent: Any, level: int, last_branch: bool) -> list[dict[str, Any]]:
        nodes = []
        siblings = children.get((kind, parent), [])
        for index, row in enumerate(siblings):
            node = {**row, "level": level, "label": label(level, index) if kind == "operative" else ""}
            is_last = last_branch and index == len(siblings) - 1
            node["children"] = walk(kind, row["id"], level + 1, is_last)
            if kind == "preambular":
                node["end"] = ","
            elif node["children"]:
                node["end"] = ":"  # a colon before a list
            else:
                node["end"] = "." if is_last else ";"
            nodes.append(node)
        return nodes

    return {
        "preambular": walk("preambular", None, 0, True),
        "operative": walk("operative", None, 0, True),
    }


def flatten(nodes: list[dict[str, Any]], prefix: str = "") -> list[dict[str, Any]]:
    """Operative clauses as numbered lines ("1", "1.a", "1.a.i") for votes and amendments."""
    out = []
    for node in nodes:
        ref = f"{prefix}{node['label'].rstrip('.)')}"
        out.append({"ref": ref, "id": node["id"], "level": node["level"], "label": node["label"],
                    "phrase": node["phrase"], "text": node["text"], "end": node["end"]})
        out += flatten(node["children"], ref + ".")
    return out
