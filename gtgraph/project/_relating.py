"""Relationships, evidence, memos and relation types."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from gtgraph import relations as _relations
from gtgraph.errors import (
    CycleError,
    RelationTypeError,
    ValidationError,
)
from gtgraph.model import (
    Memo,
    Relationship,
    RelationType,
)
from gtgraph.model._values import check_str as _check_str
from gtgraph.project._base import (
    Key,
    ProjectPart,
    _reaches,
    _union,
    as_keys,
)
from gtgraph.project._relation_types import (
    _check_relation_type,
    relation_type_from_dict,
    relation_type_to_dict,
)

__all__ = ["RelatingMixin"]


class RelatingMixin(ProjectPart):
    """Relationships, evidence, memos and relation types."""

    def relate(
        self,
        a: Key,
        type: str,  # noqa: A002
        b: Key,
        *,
        evidence: Iterable[Key] = (),
        counter_evidence: Iterable[Key] = (),
        memo: str | Memo | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Relationship:
        """Relate two codes or categories with a typed relationship.

        Parameters
        ----------
        a, b : str or record
            The codes or categories (they must exist).
        type : str
            An enabled relation type, e.g. ``"is cause of"``, ``"leads to"``,
            ``"contradicts"`` (see :attr:`relation_types`).
        evidence, counter_evidence : iterable of segments
            Segments that support or contradict the relationship.
        memo : str or Memo, optional
            The text of a new memo about the relationship, or an existing
            :class:`~gtgraph.Memo` (which then is about the relationship too).
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Relationship

        Raises
        ------
        RelationTypeError
            If the type is not enabled in the project.
        CycleError
            If the type is transitive or acyclic and the relationship would close
            a cycle.
        ValidationError
            If an endpoint is of a kind the type does not allow, both ends are the
            same, or the relationship exists already (for a symmetric type, in
            either direction).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> _ = p.add_category("Disclosure"); _ = p.add_category("Shared identity")
        >>> p.relate("Disclosure", "is cause of", "Shared identity").type
        'is cause of'
        >>> p.relate("Shared identity", "contradicts", "Disclosure").type
        'contradicts'
        >>> p.relate("Disclosure", "contradicts", "Shared identity")
        Traceback (most recent call last):
        ...
        gtgraph.errors.ValidationError: 'Shared identity' contradicts 'Disclosure' exists already (rel4); add evidence to it with project.add_evidence('rel4', ...)
        """
        evidence_list = as_keys(evidence)
        counter_list = as_keys(counter_evidence)
        args = {"a": a, "type": type, "b": b}
        with self._change("relate", **args) as out:
            record = self._relate(a, type, b, evidence_list, counter_list, id)
            out.update(
                relationship=record.id, source_id=record.source, target_id=record.target
            )
            if isinstance(memo, Memo):
                _, memo_id = self._resolve(memo, ("memo",))
                note: Memo = self._store.records["memo"][memo_id]
                note = attrs.evolve(note, about=(*note.about, record.id))
                self._store.put("memo", note)
            elif memo is not None:
                note = self._memo([record.id], memo, None, None, None, None)
            if memo is not None:
                record = attrs.evolve(record, memo=note.id)
                self._store.put("relationship", record)
                out["memo"] = note.id
        return record

    def _relate(
        self,
        a: Key,
        type_name: str,
        b: Key,
        evidence: list[Key],
        counter: list[Key],
        given: str | None,
    ) -> Relationship:
        rtype = self._relation_type(type_name)
        kind_a, id_a = self._concept(a, "code or category")
        kind_b, id_b = self._concept(b, "code or category")
        for kind, rid in ((kind_a, id_a), (kind_b, id_b)):
            if kind not in rtype.endpoints:
                raise ValidationError(
                    f"{rtype.name!r} relates {' or '.join(sorted(rtype.endpoints))} "
                    f"elements, but {self._display(rid)!r} is a {kind}"
                )
        if id_a == id_b:
            raise ValidationError(
                f"a relationship needs two different ends, not {self._display(id_a)!r} twice"
            )
        self._check_new_relationship(rtype, id_a, id_b, None)
        record = Relationship(
            self._new_id("relationship", given),
            id_a,
            rtype.name,
            id_b,
            self._segment_ids(evidence, "segment (evidence)"),
            self._segment_ids(counter, "segment (counter-evidence)"),
        )
        self._store.put("relationship", record)
        return record

    def _relation_type(self, name: object) -> RelationType:
        types = self.relation_types
        if isinstance(name, RelationType):
            name = name.name
        if not isinstance(name, str) or name not in types:
            builtin = (
                _relations.BUILTIN_TYPES.get(name) if isinstance(name, str) else None
            )
            if builtin is not None:
                vocabs = [
                    v for v, names in _relations.VOCABULARIES.items() if name in names
                ]
                raise RelationTypeError(
                    f"the relation type {name!r} is not enabled in this project; enable "
                    f"it with project.enable_vocabulary({vocabs[0]!r})"
                )
            raise RelationTypeError(
                f"unknown relation type {name!r}{_relations.suggest(str(name), types)}; "
                "define it with project.add_relation_type(...)"
            )
        return types[name]

    def _check_new_relationship(
        self, rtype: RelationType, id_a: str, id_b: str, ignore: str | None
    ) -> None:
        # an O(1) look-up in the store's index of relationships by type and ends
        index = self._store.relations_of_type(rtype.name)
        pairs = [(id_a, id_b), (id_b, id_a)] if rtype.symmetric else [(id_a, id_b)]
        for source, target in pairs:
            for rid in index.get(source, {}).get(target, {}):
                if rid != ignore:
                    raise ValidationError(
                        f"{self._display(source)!r} {rtype.name} "
                        f"{self._display(target)!r} exists already ({rid}); add "
                        f"evidence to it with project.add_evidence({rid!r}, ...)"
                    )
        if rtype.forbids_cycles:
            succ = {
                source: [
                    t for t, ids in targets.items() if any(i != ignore for i in ids)
                ]
                for source, targets in index.items()
            }
            if _reaches(succ, id_b, id_a):
                raise CycleError(
                    f"{self._display(id_a)!r} {rtype.name} {self._display(id_b)!r} would "
                    f"close a cycle of {rtype.name!r} relationships, which that type does "
                    "not allow"
                )

    def add_evidence(
        self,
        target: Key,
        segments: Iterable[Key] | Key,
        *,
        counter: bool = False,
        property: str | None = None,  # noqa: A002
    ) -> None:
        """Add segments as evidence for a relationship or a category's property.

        Parameters
        ----------
        target : str or record
            A relationship, or a category (with *property*).
        segments : segment or iterable of segments
            The segments.
        counter : bool
            Add them as counter-evidence (relationships only).
        property : str, optional
            The category's property the segments ground.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="Because she told me, I told her.")
        >>> seg = p.code(s, 0, 31, codes="reciprocal disclosure")
        >>> _ = p.add_category("Disclosure"); _ = p.add_category("Shared identity")
        >>> rel = p.relate("Disclosure", "leads to", "Shared identity")
        >>> p.add_evidence(rel, seg)
        >>> p.get(rel.id).evidence == (seg.id,)
        True
        """
        seg_list = as_keys(segments)
        args = {
            "target": target,
            "segments": seg_list,
            "counter": counter,
            "property": property,
        }
        with self._change("add_evidence", **args) as out:
            ids = self._segment_ids(seg_list, "segment (evidence)")
            out["segment_ids"] = list(ids)
            if property is not None:
                if counter:
                    raise ValidationError(
                        "properties take evidence only, not counter-evidence"
                    )
                cat_id, record, old = self._property(target, property)
                out["category_id"] = cat_id
                merged = _union(old.evidence, ids)
                self._replace_property(record, old, attrs.evolve(old, evidence=merged))
                return
            kind, rid = self._resolve(target, ("relationship", "category"))
            if kind == "category":
                raise ValidationError(
                    "to ground a category, code segments with its codes; to ground one "
                    "of its properties, pass property=..."
                )
            out["relationship_id"] = rid
            rel: Relationship = self._store.records["relationship"][rid]
            if counter:
                rel = attrs.evolve(
                    rel, counter_evidence=_union(rel.counter_evidence, ids)
                )
            else:
                rel = attrs.evolve(rel, evidence=_union(rel.evidence, ids))
            self._store.put("relationship", rel)

    def memo(
        self,
        about: Iterable[Key] | Key | None,
        text: str,
        *,
        title: str | None = None,
        author: str | None = None,
        created: str | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Memo:
        """Write a memo about one or more elements (or about nothing yet).

        Parameters
        ----------
        about : element, iterable of elements, or None
            What the memo is about: codes, categories, relationships, segments,
            sources, participants or other memos.
        text : str
            The memo.
        title : str, optional
            Unique among memos; ``"Memo <n>"`` by default.
        author : str, optional
            Who wrote it (default: the project's ``actor``).
        created : str, optional
            ISO 8601 timestamp (default: now).
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Memo

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project(actor="HB")
        >>> _ = p.add_category("Shared identity")
        >>> m = p.memo("Shared identity", "Participants stress 'being on the same planet'.")
        >>> m.title, m.author, m.about == (p.categories["Shared identity"].id,)
        ('Memo 1', 'HB', True)
        """
        about_list = as_keys(about)
        args = {"about": about_list, "title": title}
        with self._change("memo", **args) as out:
            about_ids = [self._resolve(x, None)[1] for x in about_list]
            record = self._memo(about_ids, text, title, author, created, id)
            out.update(memo=record.id, about_ids=list(record.about))
        return record

    def _memo(
        self,
        about: list[str],
        text: str,
        title: str | None,
        author: str | None,
        created: str | None,
        given: str | None,
    ) -> Memo:
        _check_str(text, "memo text")
        if title is None:
            n = len(self._store.records["memo"]) + 1
            while f"Memo {n}" in self._store.names["memo"]:
                n += 1
            title = f"Memo {n}"
        title = self._name("memo", title)
        author = self.actor if author is None else author
        if author is not None:
            _check_str(author, "author")
        created = self.clock() if created is None else created
        _check_str(created, "created")
        record = Memo(
            self._new_id("memo", given),
            title,
            text,
            tuple(dict.fromkeys(about)),
            author,
            created,
        )
        self._store.put("memo", record)
        return record

    def add_relation_type(
        self, relation_type: RelationType | str, **fields: Any
    ) -> RelationType:
        """Define a relation type of the project's own.

        Parameters
        ----------
        relation_type : RelationType or str
            A :class:`~gtgraph.RelationType`, or a name with its fields as
            keyword arguments (``symmetric``, ``transitive``, ``acyclic``,
            ``endpoints``, ``style``, ``symbol``, ``inverse``, ``description``).

        Returns
        -------
        RelationType

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> p.add_relation_type("is a barrier to", style="causal", inverse="is hindered by").name
        'is a barrier to'
        >>> "is a barrier to" in p.relation_types
        True
        """
        with self._change(
            "add_relation_type", name=getattr(relation_type, "name", relation_type)
        ):
            if isinstance(relation_type, str):
                try:
                    rtype = RelationType(relation_type, **fields)
                except TypeError as error:
                    raise ValidationError(
                        f"cannot define relation type {relation_type!r}: {error}"
                    ) from None
            elif isinstance(relation_type, RelationType) and not fields:
                rtype = relation_type
            else:
                raise ValidationError(
                    "pass a RelationType, or a name with keyword fields"
                )
            _check_relation_type(rtype)
            existing = self.relation_types.get(rtype.name)
            if existing is not None and existing != rtype:
                raise RelationTypeError(
                    f"a relation type named {rtype.name!r} is enabled already with other "
                    "semantics; choose another name"
                )
            custom = [
                d for d in self._store.meta["relation_types"] if d["name"] != rtype.name
            ]
            self._store.set_meta(
                "relation_types", [*custom, relation_type_to_dict(rtype)]
            )
        return rtype

    def enable_vocabulary(self, name: str) -> None:
        """Enable a built-in relation vocabulary (see :mod:`gtgraph.relations`).

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project(vocabularies=["atlas"])
        >>> p.enable_vocabulary("process")
        >>> p.vocabularies
        ('atlas', 'process')
        """
        with self._change("enable_vocabulary", name=name):
            custom = {
                data["name"]: relation_type_from_dict(data)
                for data in self._store.meta["relation_types"]
            }
            for rtype in _relations.vocabulary(name):
                own = custom.get(rtype.name)
                if own is not None and own != rtype:
                    raise RelationTypeError(
                        f"the vocabulary {name!r} defines {rtype.name!r}, which this "
                        "project defines already with other semantics; rename the "
                        "project's own type first"
                    )
            vocabs = list(self._store.meta["vocabularies"])
            if name not in vocabs:
                self._store.set_meta("vocabularies", [*vocabs, name])
