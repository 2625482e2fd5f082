"""The Project: the one object users hold.

Every change goes through a :class:`Project` method that validates it, applies it
as a set of undoable primitive operations, and records it in the history.  A call
that raises leaves the project exactly as it was.  Reads are plain attributes
(:attr:`Project.codes`, :attr:`Project.segments`, ...), lookups by id or name
(:meth:`Project.get`) and the networkx view :attr:`Project.graph`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gtgraph import relations as _relations
from gtgraph.errors import (
    ValidationError,
)
from gtgraph.model import (
    RelationType,
)
from gtgraph.project._store import Store

if TYPE_CHECKING:
    from gtgraph.checks import Finding
    from gtgraph.evolution import Provenance
    from gtgraph.saturation import SaturationReport
from gtgraph.project._adding import AddingMixin
from gtgraph.project._base import (
    Grounding,
    Key,
    ProjectBase,
    _check_json,
    _now,
    _plural,
    _state,
)
from gtgraph.project._coding import CodingMixin
from gtgraph.project._editing import EditingMixin
from gtgraph.project._reading import ReadingMixin
from gtgraph.project._relating import RelatingMixin

__all__ = ["Grounding", "Project"]


class Project(
    EditingMixin,
    RelatingMixin,
    CodingMixin,
    AddingMixin,
    ReadingMixin,
    ProjectBase,
):
    """A grounded-theory project: the typed theory graph grounded in the data.

    Parameters
    ----------
    title : str
        The study's title.
    vocabularies : iterable of str
        The relation vocabularies enabled (see :mod:`gtgraph.relations`); all four
        built-in ones by default.
    actor : str or None
        Who is making changes; recorded with every event (and used as the coder
        when :meth:`code` is given none).  It is an attribute you can change, for
        example while a second coder works: ``project.actor = "RK"``.
    clock : callable, optional
        Returns the current time as an ISO 8601 string; used for events, segments
        and memos.  Give a fixed clock (``lambda: "2024-01-19T10:00:00Z"``) to make
        a saved file reproducible.  It is the attribute ``project.clock``.

    Examples
    --------
    >>> import gtgraph
    >>> p = gtgraph.Project(title="Peer support", actor="HB")
    >>> s = p.add_source("P01 interview", text="She just got it, she had been there too.",
    ...                  participant="P01")
    >>> seg = p.code(s, quote="she had been there too", codes="shared experience")
    >>> p.categorize("shared experience", "Shared identity")
    >>> _ = p.update("Shared identity", core=True)
    >>> _ = p.add_category("The process of disclosure", theme=True)
    >>> rel = p.relate("The process of disclosure", "leads to", "Shared identity",
    ...                evidence=[seg])
    >>> p
    <Project 'Peer support': 1 participant, 1 source, 1 segment, 1 code, 2 categories, 1 relationship, 0 memos>
    """

    def __init__(
        self,
        title: str = "",
        *,
        vocabularies: Iterable[str] = _relations.DEFAULT_VOCABULARIES,
        actor: str | None = None,
        clock: Callable[[], str] | None = None,
    ) -> None:
        vocabs = list(dict.fromkeys(vocabularies))
        for name in vocabs:
            _relations.vocabulary(name)  # raises for an unknown vocabulary
        if not isinstance(title, str):
            raise ValidationError(f"the title must be a string, not {title!r}")
        self._store = Store()
        self._store.meta.update(
            {
                "title": title,
                "vocabularies": vocabs,
                "relation_types": [],
                "settings": {},
            }
        )
        self._init_session(actor)
        if clock is not None:
            self.clock = clock

    def _init_session(self, actor: str | None) -> None:
        self.actor = actor
        self._undo: list[list[Callable[[], None]]] = []
        self.clock: Callable[[], str] = _now
        self._graph_cache: tuple[int, Any] | None = None
        self._types_cache: tuple[int, dict[str, RelationType]] | None = None
        self._loaded_from: Any = None
        self._analysing: str | None = None

    @classmethod
    def _from_store(cls, store: Store, actor: str | None = None) -> Project:
        """Wrap a validated store (used by the readers)."""
        project = cls.__new__(cls)
        project._store = store  # noqa: SLF001 - the class's own constructor
        project._init_session(actor)  # noqa: SLF001 - same
        return project

    @contextlib.contextmanager
    def analysing(self, source: Key) -> Iterator[None]:
        """Record the changes made inside the block as made while analysing `source`.

        Grounded theory builds concepts source by source.  Every change made
        inside ``with project.analysing("P03"):`` (a code added, codes merged
        or split, a category, property or dimension created, a relationship
        drawn, a memo written) is stored in the history with the source's id,
        as ``Event.analysing``.  :meth:`code` does this for its own change
        without being asked: coding a source is analysing it.  The saturation
        report reads these records to show concept creation per source; a
        change made outside any block (and not a coding) belongs to no source.

        Parameters
        ----------
        source : Source, id or name
            The source being analysed.

        Raises
        ------
        NotFoundError
            If there is no such source (nothing is changed).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project(title="t")
        >>> s = p.add_source("P03 interview", text="I felt judged.")
        >>> with p.analysing("P03 interview"):
        ...     _ = p.add_code("feeling judged")
        ...     p.categorize("feeling judged", "Stigma")
        >>> [(e.op, e.analysing) for e in p.history]
        [('add_source', None), ('add_code', 'src1'), ('categorize', 'src1')]
        """
        _, sid = self._resolve(source, ("source",))
        before = self._analysing
        self._analysing = sid
        try:
            yield
        finally:
            self._analysing = before

    def set_title(self, title: str) -> None:
        """Change the project's title.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project(title="draft")
        >>> p.set_title("Peer support relationships")
        >>> p.title
        'Peer support relationships'
        """
        with self._change("set_title", title=title):
            if not isinstance(title, str):
                raise ValidationError(f"the title must be a string, not {title!r}")
            self._store.set_meta("title", title)

    @property
    def settings(self) -> Mapping[str, Any]:
        """Project settings, such as the theory checks switched off (read-only)."""
        return dict(self._store.meta.get("settings", {}))

    def configure(self, **settings: Any) -> None:
        """Change project settings (saved with the project).

        Parameters
        ----------
        **settings
            Setting names and JSON-compatible values, e.g.
            ``disabled_checks=["memo-about-nothing"]``.  A value of None removes
            the setting.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> p.configure(disabled_checks=["memo-about-nothing"])
        >>> p.settings["disabled_checks"]
        ['memo-about-nothing']
        """
        with self._change("configure", **settings):
            new = dict(self._store.meta.get("settings", {}))
            for key, value in settings.items():
                if value is None:
                    new.pop(key, None)
                else:
                    _check_json(value, f"setting {key!r}")
                    new[key] = value
            self._store.set_meta("settings", new)

    def __repr__(self) -> str:
        counts = [
            _plural(len(self.participants), "participant"),
            _plural(len(self.sources), "source"),
            _plural(len(self.segments), "segment"),
            _plural(len(self.codes), "code"),
            _plural(len(self.categories), "category", "categories"),
            _plural(len(self.relationships), "relationship"),
            _plural(len(self.memos), "memo"),
        ]
        return f"<Project {self.title!r}: {', '.join(counts)}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Project):
            return NotImplemented
        return _state(self._store) == _state(other._store)

    __hash__ = None  # type: ignore[assignment]

    def undo(self, n: int = 1) -> None:
        """Revert the last *n* changes made since the project was created or loaded.

        The reverted events leave the history too, so the project is exactly as it
        was before them.

        Raises
        ------
        ValidationError
            If fewer than *n* changes can be undone.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> _ = p.rename("trust", "trusting")
        >>> p.undo()
        >>> p.codes.names(), len(p.history)
        (['trust'], 1)
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValidationError(
                f"undo takes a number of changes (0 or more), not {n!r}"
            )
        if n > len(self._undo):
            raise ValidationError(
                f"only {len(self._undo)} change(s) made since the project was created "
                f"or loaded can be undone, not {n}"
            )
        store = self._store
        for _ in range(n):
            for inverse in reversed(self._undo.pop()):
                inverse()
            store.history.pop()
            store.version += 1

    def check(self, *, rules: Iterable[str] | None = None) -> list[Finding]:
        """Run the theory checks; see :func:`gtgraph.checks.check`."""
        from gtgraph.checks import check

        return check(self, rules=rules)

    def as_of(self, k: int | Key) -> Project:
        """Return the project as its first *k* sources ground it; see :func:`gtgraph.evolution.as_of`."""
        from gtgraph.evolution import as_of

        return as_of(self, k)

    def provenance(self, key: Key, *, kind: str | None = None) -> Provenance:
        """Tell where an element came from; see :func:`gtgraph.evolution.provenance`."""
        from gtgraph.evolution import provenance

        return provenance(self, key, kind=kind)

    def _repr_mimebundle_(
        self,
        include: Iterable[str] | None = None,
        exclude: Iterable[str] | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        """Show the project as its diagram in Jupyter; see :func:`gtgraph.drawing.repr_mimebundle`."""
        from gtgraph.drawing import repr_mimebundle

        return repr_mimebundle(self, include, exclude)

    def saturation(self, **options: Any) -> SaturationReport:
        """Report how saturated the analysis is; see :func:`gtgraph.saturation.report`."""
        from gtgraph.saturation import report

        return report(self, **options)

    def save(self, path: str | Path, **options: Any) -> None:
        """Save the project to a ``.gtg.json`` file; see :func:`gtgraph.save`."""
        from gtgraph.readwrite import save

        save(self, path, **options)

    @classmethod
    def load(cls, path: str | Path, **options: Any) -> Project:
        """Load a project file; see :func:`gtgraph.load`."""
        from gtgraph.readwrite import load

        return load(path, **options)
