"""What the constant-comparison queries share: names resolved, segments ordered, text tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from gtgraph.errors import GtGraphError, ValidationError
from gtgraph.model import Segment
from gtgraph.project._analysis import Index
from gtgraph.project._base import as_keys

if TYPE_CHECKING:
    from gtgraph.project import Project
    from gtgraph.project._base import Key


_DIMENSIONS = ("code", "category", "participant", "source", "coder")
_NO_PARTICIPANT = "(no participant)"
_NO_CODER = "(no coder)"


def _resolve_all(project: Project, keys: Any, kinds: tuple[str, ...]) -> set[str]:
    ids: set[str] = set()
    for key in as_keys(keys):
        ids.add(_resolve(project, key, kinds))
    return ids


def _resolve(project: Project, key: Key, kinds: tuple[str, ...]) -> str:
    """Return the id of *key* among *kinds*, asking for ``kind=`` when ambiguous."""
    found: list[tuple[str, str]] = []
    last: GtGraphError | None = None
    for kind in kinds:
        try:
            record = project.get(key, kind=kind)
        except GtGraphError as error:
            last = error
            continue
        found.append((kind, record.id))
    ids = {rid for _, rid in found}
    if len(ids) == 1:
        return found[0][1]
    if not found:
        assert last is not None  # noqa: S101 - kinds is never empty
        raise last
    raise ValidationError(
        f"{key!r} names a {' and a '.join(k for k, _ in found)}; say which with "
        f"kind={found[0][0]!r} (or pass the record or its id)"
    )


def _ordered(index: Index, records: Iterable[Segment]) -> list[Segment]:
    """Sort segments in source order, then by position in the text."""
    return sorted(
        records,
        key=lambda s: (
            index.sources[s.source].order,
            s.start if s.start is not None else -1,
            s.end if s.end is not None else -1,
        ),
    )


def _format_table(
    corner: str,
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
) -> str:
    first = max([len(corner), *(len(r) for r in rows)])
    widths = [
        max([len(c), *(len(str(v[j])) for v in values)]) for j, c in enumerate(columns)
    ]
    lines = [
        corner.ljust(first)
        + "".join("  " + c.rjust(w) for c, w in zip(columns, widths, strict=True))
    ]
    for label, row in zip(rows, values, strict=True):
        lines.append(
            label.ljust(first)
            + "".join("  " + str(v).rjust(w) for v, w in zip(row, widths, strict=True))
        )
    return "\n".join(line.rstrip() for line in lines)
