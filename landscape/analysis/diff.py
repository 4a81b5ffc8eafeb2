"""What changed between two snapshots: records added, removed and changed per kind, field by field.

`diff()` compares two snapshot documents (dicts as `landscape.io.snapshot.export_document` makes
them), so the TUI can compare the current map, exported in memory, with a snapshot file.

>>> result = diff(old_doc, new_doc)                       # doctest: +SKIP
>>> result["kinds"]["plans"]["changed"][0]["changes"]     # doctest: +SKIP
[{'field': 'status', 'old': 'in_preparation', 'new': 'adopted'}]
"""

from __future__ import annotations

import json
from typing import Any

from landscape.i18n import N_, _, colon
from landscape.io.snapshot import KINDS
from landscape.model.labels import label

_SINGULAR = {"actors": "actor", "plans": "plan", "events": "event", "relations": "relation",
             "competitors": "competitor", "offers": "offer", "sources": "source", "lieux": "lieu"}
_PLURAL_WORDS = {"actors": N_("actors"), "plans": N_("plans"), "events": N_("events"), "relations": N_("relations"),
                 "competitors": N_("competitors"), "offers": N_("offers"), "sources": N_("sources"),
                 "lieux": N_("places of help")}


def record_key(kind: str, record: dict[str, Any]) -> str:
    """The identity of a record within its kind (places are identified by origin and id)."""
    if kind == "lieux":
        return f"{record.get('origin')}:{record.get('id')}"
    return str(record.get("id"))


def record_label(kind: str, record: dict[str, Any]) -> str:
    """A readable name for a record of a snapshot document."""
    if kind == "plans":
        return f"{record.get('departement_name')} ({record.get('departement_code')})"
    if kind == "relations":
        return f"{record.get('source')} {record.get('kind')} {record.get('target')}"
    if kind == "competitors":
        return f"{record.get('actor')} vs {record.get('competitor')}: {record.get('arena')}"
    for key in ("name", "title", "nom"):
        if record.get(key):
            return str(record[key])
    return str(record.get("id"))


def field_changes(old: dict[str, Any], new: dict[str, Any], prefix: str = "") -> list[dict[str, Any]]:
    """Every field whose value differs, nested objects by dotted path; lists of plain values also
    say which items were added and removed."""
    changes: list[dict[str, Any]] = []
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        path = f"{prefix}{key}"
        if isinstance(before, dict) and isinstance(after, dict):
            changes += field_changes(before, after, prefix=f"{path}.")
            continue
        change: dict[str, Any] = {"field": path, "old": before, "new": after}
        if isinstance(before, list) and isinstance(after, list) and _plain(before) and _plain(after):
            change["added"] = [v for v in after if v not in before]
            change["removed"] = [v for v in before if v not in after]
        changes.append(change)
    return changes


def _plain(values: list[Any]) -> bool:
    return all(isinstance(v, (str, int, float, bool)) or v is None for v in values)


def diff(old_doc: dict[str, Any], new_doc: dict[str, Any]) -> dict[str, Any]:
    """Compare two snapshot documents kind by kind; ``generated_at`` is not a difference."""
    kinds = [*KINDS, *(["lieux"] if old_doc.get("lieux") is not None or new_doc.get("lieux") is not None else [])]
    result: dict[str, Any] = {
        "equal": True,
        "old": {"generated_at": old_doc.get("generated_at")},
        "new": {"generated_at": new_doc.get("generated_at")},
        "summary": {},
        "kinds": {},
    }
    for kind in kinds:
        before = {record_key(kind, r): r for r in old_doc.get(kind) or []}
        after = {record_key(kind, r): r for r in new_doc.get(kind) or []}
        added = [{"id": k, "label": record_label(kind, after[k])} for k in sorted(after.keys() - before.keys())]
        removed = [{"id": k, "label": record_label(kind, before[k])} for k in sorted(before.keys() - after.keys())]
        changed = []
        for key in sorted(before.keys() & after.keys()):
            changes = field_changes(before[key], after[key])
            if changes:
                changed.append({"id": key, "label": record_label(kind, after[key]), "changes": changes})
        result["summary"][kind] = {"added": len(added), "removed": len(removed), "changed": len(changed)}
        result["kinds"][kind] = {"added": added, "removed": removed, "changed": changed}
        if added or removed or changed:
            result["equal"] = False
    return result


def _show(value: Any, width: int = 100) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[:width - 1] + "…"


def render_text(result: dict[str, Any]) -> list[str]:
    """The diff as lines for a terminal: ``+`` added, ``-`` removed, ``~`` changed, then field by field."""
    if result["equal"]:
        return [_("no differences")]
    lines: list[str] = []
    for kind, parts in result["kinds"].items():
        counts = result["summary"][kind]
        if not any(counts.values()):
            continue
        lines.append(_("{kind}: {added} added, {removed} removed, {changed} changed").format(
            kind=_(_PLURAL_WORDS[kind]) if kind in _PLURAL_WORDS else kind, **counts))
        singular = label("record_kind", _SINGULAR.get(kind, kind))
        for row in parts["added"]:
            lines.append(f"  + {singular} {row['id']} ({row['label']})")
        for row in parts["removed"]:
            lines.append(f"  - {singular} {row['id']} ({row['label']})")
        for row in parts["changed"]:
            lines.append(f"  ~ {singular} {row['id']} ({row['label']})")
            for change in row["changes"]:
                lines.append("      " + describe_change(change))
    return lines


def describe_change(change: dict[str, Any]) -> str:
    """One field's change in words: ``status: "in_preparation" -> "adopted"``, ``aliases: + "WTC"``."""
    if "added" in change and (change["added"] or change["removed"]):
        parts = [f"+ {_show(v, 60)}" for v in change["added"]] + [f"- {_show(v, 60)}" for v in change["removed"]]
        return f"{change['field']}{colon()} " + ", ".join(parts)
    if "added" in change:
        return _("{field}: reordered {old} -> {new}").format(field=change["field"], old=_show(change["old"], 45),
                                                            new=_show(change["new"], 45))
    return f"{change['field']}{colon()} {_show(change['old'], 45)} -> {_show(change['new'], 45)}"
