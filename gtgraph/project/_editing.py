"""Categories, properties, renaming, updating and restructuring."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from gtgraph.errors import (
    CycleError,
    NotFoundError,
    ValidationError,
)
from gtgraph.model import (
    Category,
    Code,
    Dimension,
    Property,
    RelationType,
    Segment,
    freeze_attributes,
)
from gtgraph.model._values import check_str as _check_str
from gtgraph.project import _restructure
from gtgraph.project._base import (
    Key,
    ProjectPart,
    _as_list,
    _check_int,
    _dimension,
    as_keys,
    normalise_text,
    suggest_names,
)
from gtgraph.project._depth import check_depth

__all__ = ["EditingMixin"]

_R = TypeVar("_R")


class EditingMixin(ProjectPart):
    """Categories, properties, renaming, updating and restructuring."""

    if TYPE_CHECKING:
        # Helpers of the adding part (AddingMixin) and the relating part
        # (RelatingMixin) that editing calls; Project combines the parts.
        def _participant_id(
            self, participant: Key | None, out: dict[str, Any]
        ) -> str | None: ...
        def _validated(self, record: _R, **fields: Any) -> _R: ...
        def _add_code(
            self,
            name: str,
            definition: str,
            stage: str,
            in_vivo: bool,
            colour: str | None,
            given: str | None,
        ) -> Code: ...
        def _relation_type(self, name: object) -> RelationType: ...
        def _check_new_relationship(
            self, rtype: RelationType, id_a: str, id_b: str, ignore: str | None
        ) -> None: ...

    def add_category(
        self,
        name: str,
        *,
        definition: str = "",
        theme: bool = False,
        core: bool = False,
        colour: str | None = None,
        parents: Iterable[Key] = (),
        id: str | None = None,  # noqa: A002
    ) -> Category:
        """Add a category (a theme, with ``theme=True``; the core, with ``core=True``).

        Parameters
        ----------
        name : str
            Unique among categories.
        definition : str
            What the category means.
        theme : bool
            Mark it as a theme (an overarching category).
        core : bool
            Mark it as the core category.
        colour : str, optional
            ``"#rrggbb"`` or ``"#rgb"``, used in diagrams.
        parents : iterable
            Categories to put it under (as with :meth:`categorize`).
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Category

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> p.add_category("The process of disclosure", theme=True)
        Category(id='cat1', name='The process of disclosure', definition='', properties=(), theme=True, core=False, colour=None)
        """
        parent_list = as_keys(parents)
        args = {
            "name": name,
            "theme": theme,
            "core": core,
            "parents": parent_list,
        }
        with self._change("add_category", **args) as out:
            record = self._add_category(name, definition, theme, core, colour, id)
            out["category"] = record.id
            for parent in parent_list:
                self._categorize(record.id, parent, out)
        return record

    def _add_category(
        self,
        name: str,
        definition: str,
        theme: bool,
        core: bool,
        colour: str | None,
        given: str | None,
    ) -> Category:
        name = self._name("category", name)
        record = Category(self._new_id("category", given), name)
        record = self._validated(
            record, definition=definition, theme=theme, core=core, colour=colour
        )
        self._store.put("category", record)
        return record

    def categorize(
        self, child: Key, parent: Key, *, create: bool | None = None
    ) -> None:
        """Put a code or category under a category.

        A child may have several parents; a category may not end up inside itself.
        A parent name not yet used is created as a new category, unless it nearly
        matches an existing category (case, spacing, punctuation, a plural, one or
        two slips): then NotFoundError says "did you mean", so that a typo does
        not create a second category; ``create=True`` creates it anyway, and
        ``create=False`` never creates one.

        Raises
        ------
        CycleError
            If the parent is the child or lies below it.
        NotFoundError
            If the parent does not exist and nearly matches a category, or
            *create* is False.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("disclosing diagnosis")
        >>> p.categorize("disclosing diagnosis", "Disclosure of mental-health difficulties")
        >>> p.categorize("Disclosure of mental-health difficulties", "The process of disclosure")
        >>> p.categorize("The process of disclosure", "Disclosure of mental-health difficulties")
        Traceback (most recent call last):
        ...
        gtgraph.errors.CycleError: cannot put 'The process of disclosure' under 'Disclosure of mental-health difficulties': it lies below 'The process of disclosure' already, so the hierarchy would have a cycle
        >>> p.categorize("disclosing diagnosis", "The processes of disclosure")
        Traceback (most recent call last):
        ...
        gtgraph.errors.NotFoundError: no category is named 'The processes of disclosure'; did you mean 'The process of disclosure'? (pass create=True to make a new category named 'The processes of disclosure')
        """
        args = {"child": child, "parent": parent}
        with self._change("categorize", **args) as out:
            _, cid = self._concept(child, "code or category")
            out["child"] = cid
            self._categorize(cid, parent, out, create=create)

    def _categorize(
        self, cid: str, parent: Key, out: dict[str, Any], *, create: bool | None = True
    ) -> None:
        store = self._store
        if (
            isinstance(parent, str)
            and not store.id_in_use(parent)
            and parent.strip() not in store.names["category"]
        ):
            if parent.strip() in store.names["code"]:
                raise ValidationError(
                    f"{parent.strip()!r} is a code; only categories hold codes and "
                    "subcategories (add a category of that name with add_category)"
                )
            if create is False:
                raise NotFoundError(
                    f"no category is named {parent.strip()!r}"
                    f"{suggest_names(parent.strip(), store.names['category'])}; add it "
                    "with project.add_category, or allow new ones with create=True"
                )
            self._refuse_near_name("category", parent.strip(), create)
            pid = self._add_category(parent, "", False, False, None, None).id
            out.setdefault("created_categories", []).append(pid)
        else:
            _, pid = self._resolve(parent, ("category",), role="category (the parent)")
        out["parent"] = pid
        # Only a category can have something below it, so only a category can
        # close a cycle (and codes are categorized thousands of times in imports).
        child_is_category = store.kind_of[cid] == "category"
        if pid == cid or (child_is_category and pid in self._walk(cid, up=False)):
            raise CycleError(
                f"cannot put {self._display(cid)!r} under {self._display(pid)!r}: it "
                f"lies below {self._display(cid)!r} already, so the hierarchy would have a cycle"
            )
        if pid not in store.parents.get(cid, {}):
            check_depth(self, cid, pid, child_is_category=child_is_category)
            store.add_parent(cid, pid)

    def uncategorize(self, child: Key, parent: Key) -> None:
        """Take a code or category out of a category.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> p.categorize("trust", "Relating as equals")
        >>> p.uncategorize("trust", "Relating as equals")
        >>> p.parents("trust")
        ()
        """
        with self._change("uncategorize", child=child, parent=parent) as out:
            _, cid = self._concept(child, "code or category")
            _, pid = self._resolve(parent, ("category",))
            if pid not in self._store.parents.get(cid, {}):
                raise ValidationError(
                    f"{self._display(cid)!r} is not in {self._display(pid)!r}"
                )
            self._store.remove_parent(cid, pid)
            out.update(child=cid, parent=pid)

    def add_property(
        self,
        category: Key,
        name: str,
        *,
        dimensions: Iterable[Dimension | str | Sequence[str]] = (),
        definition: str = "",
        evidence: Iterable[Key] = (),
    ) -> Property:
        """Add a property to a category, with its dimensions.

        Parameters
        ----------
        category : str or Category
            The category.
        name : str
            Unique within the category.
        dimensions : iterable
            Each a :class:`~gtgraph.Dimension`, a pair ``(low, high)`` (the
            dimension takes the property's name), a triple ``(name, low, high)``,
            or a name.
        definition : str
            What the property is.
        evidence : iterable of segments
            Segments that ground the property.

        Returns
        -------
        Property

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_category("Disclosure")
        >>> p.add_property("Disclosure", "depth", dimensions=[("superficial", "intimate")])
        Property(name='depth', definition='', dimensions=(Dimension(name='depth', low='superficial', high='intimate'),), evidence=())
        """
        evidence_list = as_keys(evidence)
        with self._change("add_property", category=category, name=name) as out:
            _, cat_id = self._resolve(category, ("category",))
            record: Category = self._store.records["category"][cat_id]
            if not isinstance(name, str) or not name.strip():
                raise ValidationError(
                    f"a property needs a non-empty name, not {name!r}"
                )
            name = name.strip()
            if record.property(name) is not None:
                raise ValidationError(
                    f"category {record.name!r} already has a property {name!r}"
                )
            _check_str(definition, "definition")
            prop = Property(
                name,
                definition,
                tuple(_dimension(d, name) for d in _as_list(dimensions)),
                self._segment_ids(evidence_list, "segment (evidence)"),
            )
            self._store.put(
                "category", attrs.evolve(record, properties=(*record.properties, prop))
            )
            out["category"] = cat_id
        return prop

    def add_dimension(
        self, category: Key, prop: str, dimension: Dimension | str | Sequence[str]
    ) -> Property:
        """Add a dimension to a category's property.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_category("Disclosure")
        >>> _ = p.add_property("Disclosure", "depth")
        >>> p.add_dimension("Disclosure", "depth", ("superficial", "intimate")).dimensions
        (Dimension(name='depth', low='superficial', high='intimate'),)
        """
        with self._change("add_dimension", category=category, property=prop) as out:
            cat_id, record, old = self._property(category, prop)
            dim = _dimension(dimension, old.name)
            if any(d.name == dim.name for d in old.dimensions):
                raise ValidationError(
                    f"property {old.name!r} of {record.name!r} already has a dimension {dim.name!r}"
                )
            new = attrs.evolve(old, dimensions=(*old.dimensions, dim))
            self._replace_property(record, old, new)
            out["category"] = cat_id
        return new

    def rename(self, key: Key, new_name: str, *, kind: str | None = None) -> Any:
        """Rename a participant, source, code, category or memo (its title).

        Returns
        -------
        record
            The renamed record.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> p.rename("trust", "trusting the worker").name
        'trusting the worker'
        """
        args = {"key": key, "new_name": new_name, "kind": kind}
        with self._change("rename", **args) as out:
            found, rid = self._resolve(key, None if kind is None else (kind,))
            if found in ("segment", "relationship"):
                raise ValidationError(f"{found}s have no names to change")
            record = self._store.records[found][rid]
            name = self._name(found, new_name, current=rid)
            field = "title" if found == "memo" else "name"
            out.update(id=rid, kind=found, old_name=record.name)
            record = attrs.evolve(record, **{field: name})
            self._store.put(found, record)
        return record

    _UPDATABLE: Mapping[str, tuple[str, ...]] = {
        "participant": ("attributes",),
        "source": ("participant", "order", "kind", "attributes", "path", "text"),
        "code": ("definition", "stage", "in_vivo", "colour"),
        "category": ("definition", "theme", "core", "colour"),
        "memo": ("text", "about", "author"),
        "relationship": ("type", "memo"),
    }

    def update(self, key: Key, *, kind: str | None = None, **fields: Any) -> Any:
        """Change fields of an element (names change with :meth:`rename`).

        Fields that can change: participant ``attributes``; source ``participant``,
        ``order``, ``kind``, ``attributes``, ``path`` and ``text`` (only while no
        segment has offsets into it); code ``definition``, ``stage``, ``in_vivo``,
        ``colour``; category ``definition``, ``theme``, ``core``, ``colour``; memo
        ``text``, ``about``, ``author``; relationship ``type`` and ``memo``.

        Returns
        -------
        record
            The updated record.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> p.update("trust", stage="focused", definition="Feeling safe with the worker.").stage
        'focused'
        """
        args = {
            "key": key,
            "kind": kind,
            "fields": {k: v for k, v in fields.items() if k != "text"},
        }
        with self._change("update", **args) as out:
            found, rid = self._resolve(key, None if kind is None else (kind,))
            allowed = self._UPDATABLE.get(found, ())
            unknown = sorted(set(fields) - set(allowed))
            if unknown:
                raise ValidationError(
                    f"cannot update {', '.join(map(repr, unknown))} of a {found}; "
                    f"the fields that can change are {', '.join(allowed) or 'none'}"
                    + (
                        "; use project.rename to change a name"
                        if "name" in unknown or "title" in unknown
                        else ""
                    )
                )
            record = self._store.records[found][rid]
            new = self._validated(
                record, **self._prepare_update(found, record, fields, out)
            )
            self._store.put(found, new)
            out.update(id=rid, kind=found)
        return new

    def _prepare_update(
        self, kind: str, record: Any, fields: dict[str, Any], out: dict[str, Any]
    ) -> dict[str, Any]:
        fields = dict(fields)
        if "attributes" in fields:
            fields["attributes"] = freeze_attributes(fields["attributes"])
        if kind == "source":
            if "participant" in fields:
                fields["participant"] = self._participant_id(fields["participant"], out)
            if "order" in fields:
                _check_int(fields["order"], "order")
            if "text" in fields:
                fields["text"] = normalise_text(fields["text"])
                if any(
                    row[0] == record.id and row[1] is not None
                    for row in self._store.segments.values()
                ):
                    raise ValidationError(
                        f"source {record.name!r} has coded segments whose offsets index its "
                        "text; remove them before changing the text"
                    )
            if "path" in fields and fields["path"] is not None:
                fields["path"] = str(fields["path"])
        if kind == "memo" and "about" in fields:
            fields["about"] = tuple(
                dict.fromkeys(
                    self._resolve(x, None)[1] for x in as_keys(fields["about"])
                )
            )
        if kind == "relationship":
            if "type" in fields:
                rtype = self._relation_type(fields["type"])
                self._check_new_relationship(
                    rtype, record.source, record.target, record.id
                )
                fields["type"] = rtype.name
            if "memo" in fields and fields["memo"] is not None:
                fields["memo"] = self._resolve(fields["memo"], ("memo",))[1]
        return fields

    def merge_codes(
        self,
        codes: Iterable[Key],
        into: Key,
        *,
        stage: str | None = None,
        definition: str | None = None,
    ) -> Code:
        """Merge codes into one, keeping every coding, category and relationship.

        Parameters
        ----------
        codes : iterable of codes
            The codes to merge (they are removed).
        into : str or Code
            The code they become: an existing code, or a new name (a new code at
            the ``"focused"`` stage, the usual outcome of focused coding).
        stage : str, optional
            Set the merged code's stage (e.g. ``"focused"``) in the same change.
        definition : str, optional
            Set the merged code's definition in the same change.

        Returns
        -------
        Code
            The code merged into.  Its segments are the union of theirs; it joins
            their categories; their relationships and memos now point at it (a
            relationship that would join the code to itself is removed, and one
            that duplicates another is folded into it with its evidence).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I trust her. She is safe.")
        >>> _ = p.code(s, 0, 11, codes="trusting")
        >>> _ = p.code(s, 13, 24, codes="feeling safe")
        >>> merged = p.merge_codes(["trusting", "feeling safe"], into="trust")
        >>> p.codes.names(), len(p.segments_of("trust"))
        (['trust'], 2)
        """
        code_list = as_keys(codes)
        args = {"codes": code_list, "into": into}
        with self._change("merge_codes", **args) as out:
            merged = _restructure.merge_codes(self, code_list, into, out)
            fields = {
                k: v
                for k, v in (("stage", stage), ("definition", definition))
                if v is not None
            }
            if fields:
                merged = self._validated(merged, **fields)
                self._store.put("code", merged)
            return merged

    def merge_segments(self, keep: Key, drop: Key) -> Segment:
        """Fold segment *drop* into *keep* (of the same source), e.g. a duplicate coding.

        *keep* keeps its span and gains the codes of *drop* it lacks (with their
        coders); evidence and memos that named *drop* name *keep*; *drop* goes.

        Examples
        --------
        >>> import gtgraph, warnings
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard by her.")
        >>> a = p.code(s, 0, 19, codes="feeling heard")
        >>> with warnings.catch_warnings(record=True) as said:
        ...     warnings.simplefilter("always")
        ...     b = p.code(s, 0, 20, codes=["feeling heard", "trust"])
        >>> said[0].category.__name__
        'DuplicateCodingWarning'
        >>> [c.name for c in p.codes_of(p.merge_segments(a, b))], len(p.segments)
        (['feeling heard', 'trust'], 1)
        """
        with self._change("merge_segments", keep=keep, drop=drop) as out:
            return _restructure.merge_segments(self, keep, drop, out)

    def split_code(
        self, code: Key, parts: Mapping[str, Iterable[Key]], *, keep: bool = True
    ) -> tuple[Code, ...]:
        """Split a code: move some of its segments to new codes.

        Parameters
        ----------
        code : str or Code
            The code to split.
        parts : mapping
            New code name -> the segments (coded with *code*) that move to it.
        keep : bool
            Keep the original code with the segments not moved (default).  With
            ``keep=False`` every segment must move, and the original is removed.

        Returns
        -------
        tuple of Code
            The new codes, which join the original's categories.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I told her about my diagnosis. I told her about my kids.")
        >>> a = p.code(s, 0, 29, codes="disclosing")
        >>> b = p.code(s, 31, 55, codes="disclosing")
        >>> new = p.split_code("disclosing", {"disclosing diagnosis": [a], "disclosing family life": [b]}, keep=False)
        >>> [c.name for c in new], p.codes.names()
        (['disclosing diagnosis', 'disclosing family life'], ['disclosing diagnosis', 'disclosing family life'])
        """
        part_items = {name: as_keys(segs) for name, segs in parts.items()}
        args = {
            "code": code,
            "parts": part_items,
            "keep": keep,
        }
        with self._change("split_code", **args) as out:
            return _restructure.split_code(self, code, part_items, keep, out)

    def remove(self, key: Key, *, kind: str | None = None) -> None:
        """Remove an element, and what only makes sense with it.

        Removing a code removes its codings, its place in categories and its
        relationships; a category, its hierarchy links and relationships; a source,
        its segments; a segment, its codings and its place in evidence; a
        participant, the link from its sources; a memo, its links.  Memos about a
        removed element stay, no longer about it.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_code("trust")
        >>> p.remove("trust")
        >>> len(p.codes)
        0
        """
        with self._change("remove", key=key, kind=kind) as out:
            found, rid = self._resolve(key, None if kind is None else (kind,))
            _restructure.remove(self, found, rid, out)
