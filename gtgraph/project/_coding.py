"""Adding participants, sources and codes, and coding segments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from gtgraph.errors import GtGraphError, NotFoundError, ValidationError
from gtgraph.model import (
    STAGES,
    Code,
    Participant,
    Segment,
    Source,
    freeze_attributes,
)
from gtgraph.project._base import (
    _COLOUR,
    Key,
    ProjectPart,
    _check_int,
    _check_str,
    _short,
    as_keys,
    normalise_text,
    suggest_names,
)
from gtgraph.project._store import SegmentRow
from gtgraph.project._views import (
    segment_from_row,
)

__all__ = ["CodingMixin"]

_R = TypeVar("_R")
_SPAN_KEYS = frozenset(
    {"source", "start", "end", "codes", "coder", "quote", "created", "id"}
)


class CodingMixin(ProjectPart):
    """Adding participants, sources and codes, and coding segments."""

    def add_participant(
        self,
        name: str,
        *,
        id: str | None = None,  # noqa: A002 - ids are called id throughout the model
        **attributes: Any,
    ) -> Participant:
        """Add a participant (a case) with attributes.

        Parameters
        ----------
        name : str
            Unique among participants, e.g. a pseudonym (``"P01"``).
        id : str, optional
            An explicit id (readers use it to keep a file's ids); generated otherwise.
        **attributes
            Attribute values: str, int, float, bool, :class:`datetime.date` or None.

        Returns
        -------
        Participant

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> p.add_participant("P01", service="community", months_with_worker=8)
        Participant(id='par1', name='P01', attributes={'service': 'community', 'months_with_worker': 8})
        """
        with self._change("add_participant", name=name, attributes=attributes) as out:
            record = self._add_participant(name, id, attributes)
            out["participant"] = record.id
        return record

    def _add_participant(
        self, name: str, given: str | None, attributes: Mapping[str, Any]
    ) -> Participant:
        name = self._name("participant", name)
        record = Participant(
            self._new_id("participant", given), name, freeze_attributes(attributes)
        )
        self._store.put("participant", record)
        return record

    def add_source(
        self,
        name: str,
        text: str | None = None,
        *,
        participant: Key | None = None,
        order: int | None = None,
        kind: str = "interview",
        attributes: Mapping[str, Any] | None = None,
        path: str | Path | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Source:
        r"""Add a source (a transcript, field notes, a document).

        Parameters
        ----------
        name : str
            Unique among sources.
        text : str or None
            The text.  Line endings are normalised to LF and a leading byte-order
            mark is dropped; segment offsets index the normalised text.  None for a
            source known only through quotes.
        participant : str or Participant, optional
            The participant behind the source; a new name creates the participant.
        order : int, optional
            Position in the order of collection or analysis (saturation follows
            it); by default one more than the largest so far.
        kind : str
            ``"interview"`` (default), ``"focus group"``, ``"field notes"``, ...
        attributes : mapping, optional
            Further attributes of the source.
        path : str or Path, optional
            Where the original file lives.
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Source

        Raises
        ------
        ValidationError
            If the name is taken or a value has the wrong type.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("P01 interview", text="Line one\r\nLine two", participant="P01")
        >>> s.text, s.order, p.participants["P01"].id == s.participant
        ('Line one\nLine two', 1, True)
        """
        args = {
            "name": name,
            "participant": participant,
            "order": order,
            "kind": kind,
        }
        with self._change("add_source", **args) as out:
            record = self._add_source(
                name, text, participant, order, kind, attributes, path, id, out
            )
            out["source"] = record.id
        return record

    def _add_source(
        self,
        name: str,
        text: str | None,
        participant: Key | None,
        order: int | None,
        kind: str,
        attributes: Mapping[str, Any] | None,
        path: str | Path | None,
        given: str | None,
        out: dict[str, Any],
    ) -> Source:
        name = self._name("source", name)
        text = normalise_text(text)
        if not isinstance(kind, str) or not kind.strip():
            raise ValidationError(
                f"a source kind must be a non-empty string, not {kind!r}"
            )
        if order is None:
            orders = [s.order for s in self._store.iter_records("source")]
            order = max(orders, default=0) + 1
        _check_int(order, "order")
        pid = self._participant_id(participant, out)
        record = Source(
            self._new_id("source", given),
            name,
            text,
            pid,
            order,
            kind.strip(),
            freeze_attributes(attributes),
            None if path is None else str(path),
        )
        self._store.put("source", record)
        return record

    def _participant_id(
        self, participant: Key | None, out: dict[str, Any]
    ) -> str | None:
        if participant is None:
            return None
        if isinstance(participant, str) and not self._store.id_in_use(participant):
            pid = self._store.names["participant"].get(participant.strip())
            if pid is None:
                pid = self._add_participant(participant, None, {}).id
                out["created_participant"] = pid
            return pid
        return self._resolve(participant, ("participant",))[1]

    def add_code(
        self,
        name: str,
        *,
        definition: str = "",
        stage: str = "initial",
        in_vivo: bool = False,
        colour: str | None = None,
        id: str | None = None,  # noqa: A002
    ) -> Code:
        """Add a code.

        Parameters
        ----------
        name : str
            Unique among codes.
        definition : str
            What the code means and when it applies.
        stage : str
            ``"initial"`` (default), ``"focused"`` or ``"theoretical"`` (Charmaz);
            ``"open"``, ``"axial"``, ``"selective"`` (Strauss & Corbin) also work.
        in_vivo : bool
            True when the label is the participant's own words.
        colour : str, optional
            ``"#rrggbb"`` or ``"#rgb"``.
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Code

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> p.add_code("being on the same planet", in_vivo=True, stage="focused")
        Code(id='cod1', name='being on the same planet', definition='', stage='focused', in_vivo=True, colour=None)
        """
        args = {"name": name, "stage": stage, "in_vivo": in_vivo}
        with self._change("add_code", **args) as out:
            record = self._add_code(name, definition, stage, in_vivo, colour, id)
            out["code"] = record.id
        return record

    def _add_code(
        self,
        name: str,
        definition: str,
        stage: str,
        in_vivo: bool,
        colour: str | None,
        given: str | None,
    ) -> Code:
        name = self._name("code", name)
        record = Code(self._new_id("code", given), name, "", "initial")
        record = self._validated(
            record, definition=definition, stage=stage, in_vivo=in_vivo, colour=colour
        )
        self._store.put("code", record)
        return record

    def code(
        self,
        source: Key,
        start: int | None = None,
        end: int | None = None,
        codes: Iterable[Key] | Key = (),
        *,
        coder: str | None = None,
        quote: str | None = None,
        created: str | None = None,
        create: bool = True,
        id: str | None = None,  # noqa: A002 - ids are called id throughout the model
    ) -> Segment:
        """Code a span of a source: create (or reuse) a segment and apply codes to it.

        Parameters
        ----------
        source : str or Source
            The source.
        start, end : int, optional
            Code-point offsets into the source's text, end exclusive.  Leave them
            out and give *quote* to find the span by its text.
        codes : str, Code or iterable of them
            The codes to apply; names not yet used are created as new codes
            (unless ``create=False``).
        coder : str, optional
            Who coded it (default: the project's ``actor``).
        quote : str, optional
            The span's text: located in the source when offsets are not given (it
            must occur exactly once), checked against the text when they are, and
            the only content of a segment of a source without text.
        created : str, optional
            ISO 8601 timestamp (default: now).
        create : bool
            Create codes with names not used yet (default).  Pass False when
            applying a fixed codebook, so that a misspelt code is an error rather
            than a new code.
        id : str, optional
            An explicit id for a new segment (readers use it to keep a file's
            ids); the span is then never merged with an existing segment.

        Returns
        -------
        Segment
            The segment.  Coding the same span by the same coder again reuses its
            segment and adds the codes it does not carry yet.

        Raises
        ------
        ValidationError
            If the offsets fall outside the text, end < start, the quote does not
            match, or a name given as a code is a category.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("P01", text="It was like being on the same planet.")
        >>> seg = p.code(s, quote="being on the same planet", codes="shared experience")
        >>> seg.start, seg.end, seg.quote
        (12, 36, 'being on the same planet')
        >>> p.code(s, 40, 50, codes="x")
        Traceback (most recent call last):
        ...
        gtgraph.errors.ValidationError: offsets 40..50 fall outside the text of source 'P01' (37 characters); use 0 <= start <= end <= 37
        """
        code_list = as_keys(codes)
        args = {
            "source": source,
            "start": start,
            "end": end,
            "codes": code_list,
        }
        with self._change("code", **args) as out:
            return self._code(
                source,
                start,
                end,
                code_list,
                coder,
                quote,
                created,
                out,
                create=create,
                given=id,
            )

    def code_many(
        self,
        spans: Iterable[Mapping[str, Any] | Sequence[Any]],
        *,
        coder: str | None = None,
        create: bool = True,
    ) -> list[Segment]:
        """Code many spans in one change (one history event), as importers do.

        The event records the number of segments, the sources and the codes
        (ids) the batch touched and the codes it created, so that
        ``history.about(code)`` finds it; :meth:`undo` reverts the whole batch.

        Parameters
        ----------
        spans : iterable
            Each a tuple ``(source, start, end, codes)`` or a mapping with the keys
            of :meth:`code` (``source``, ``start``, ``end``, ``codes``, ``coder``,
            ``quote``, ``created``, ``id``).
        coder : str, optional
            The coder of spans that name none (default: the project's ``actor``).
        create : bool
            Create codes with names not used yet (default), as :meth:`code`.

        Returns
        -------
        list of Segment
            One segment per span, in order.

        Raises
        ------
        ValidationError
            As :meth:`code`, naming the span (by position) that failed; then no
            span is coded.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard. She understood.")
        >>> segs = p.code_many([(s, 0, 12, ["feeling heard"]),
        ...                     {"source": s, "quote": "She understood", "codes": "understood"}])
        >>> [seg.quote for seg in segs], len(p.history)
        (['I felt heard', 'She understood'], 2)
        >>> [e.op for e in p.history.about("understood")]
        ['code_many']
        """
        with self._change("code_many") as out:
            segments: list[Segment] = []
            created_codes: list[str] = []
            sources: dict[str, None] = {}
            applied: dict[str, None] = {}
            for i, span in enumerate(spans):
                row_out: dict[str, Any] = {}
                try:
                    if isinstance(span, Mapping):
                        unknown = set(span) - _SPAN_KEYS
                        if unknown:
                            raise ValidationError(
                                f"unknown key(s) {', '.join(sorted(unknown))}; a span has "
                                f"{', '.join(sorted(_SPAN_KEYS))}"
                            )
                        segment = self._code(
                            span["source"],
                            span.get("start"),
                            span.get("end"),
                            as_keys(span.get("codes")),
                            span.get("coder", coder),
                            span.get("quote"),
                            span.get("created"),
                            row_out,
                            create=create,
                            given=span.get("id"),
                        )
                    else:
                        source, start, end, codes = span
                        segment = self._code(
                            source,
                            start,
                            end,
                            as_keys(codes),
                            coder,
                            None,
                            None,
                            row_out,
                            create=create,
                        )
                except GtGraphError as error:
                    raise type(error)(f"span {i}: {error}") from None
                except (KeyError, TypeError, ValueError) as error:
                    raise ValidationError(
                        f"span {i} must be (source, start, end, codes) or a mapping with "
                        f"'source' and the other keys of Project.code ({error})"
                    ) from None
                segments.append(segment)
                sources[segment.source] = None
                created_codes.extend(row_out.get("created_codes", ()))
                applied.update(dict.fromkeys(row_out["code_ids"]))
            # One event for the batch: what it touched (the sources and codes),
            # so that history.about() finds it, without a row per segment.
            out.update(
                segments=len(segments),
                sources=list(sources),
                created_codes=created_codes,
                code_ids=list(applied),
            )
        return segments

    def _code(
        self,
        source: Key,
        start: int | None,
        end: int | None,
        codes: list[Key],
        coder: str | None,
        quote: str | None,
        created: str | None,
        out: dict[str, Any],
        *,
        create: bool = True,
        given: str | None = None,
    ) -> Segment:
        store = self._store
        _, src_id = self._resolve(source, ("source",))
        src: Source = store.records["source"][src_id]
        coder = self.actor if coder is None else coder
        if coder is not None and not isinstance(coder, str):
            raise ValidationError(f"a coder is named by a string, not {coder!r}")
        start, end, stored_quote = self._locate(src, start, end, quote)
        code_ids = self._code_ids(codes, out, create=create)
        if given is None and start is not None:
            sid = store.find_span(src_id, start, end, coder)
        else:
            sid = None
        if sid is None:
            sid = self._new_id("segment", given)
            created = self.clock() if created is None else created
            if not isinstance(created, str):
                raise ValidationError(
                    f"'created' must be an ISO 8601 string, not {created!r}"
                )
            row: SegmentRow = (
                src_id,
                start,
                end,
                code_ids,
                coder,
                None,
                created,
                stored_quote,
            )
            store.put_segment(sid, row)
            out["created_segment"] = True
        else:
            old = store.segments[sid]
            new_codes = tuple(c for c in code_ids if c not in old[3])
            if new_codes:
                coders = None if old[5] is None else old[5] + (coder,) * len(new_codes)
                store.put_segment(
                    sid,
                    (
                        old[0],
                        old[1],
                        old[2],
                        old[3] + new_codes,
                        old[4],
                        coders,
                        old[6],
                        old[7],
                    ),
                )
        out["segment"] = sid
        out["code_ids"] = list(code_ids)
        return segment_from_row(store, sid, store.segments[sid])

    def _locate(
        self, src: Source, start: int | None, end: int | None, quote: str | None
    ) -> tuple[int | None, int | None, str | None]:
        """Check or find the offsets; return (start, end, quote to store)."""
        if quote is not None and not isinstance(quote, str):
            raise ValidationError(f"a quote must be a string, not {quote!r}")
        text = src.text
        if text is None:
            if start is not None or end is not None:
                raise ValidationError(
                    f"source {src.name!r} has no text, so its segments have no offsets; "
                    "give quote=... instead of start and end"
                )
            if not quote:
                raise ValidationError(
                    f"source {src.name!r} has no text; give the segment's quote=..."
                )
            return None, None, normalise_text(quote)
        if start is None and end is None:
            if quote is None:
                raise ValidationError(
                    "say which span to code: give start and end, or quote=..."
                )
            quote = normalise_text(quote) or ""
            if not quote:
                raise ValidationError("the quote to locate is empty")
            first = text.find(quote)
            if first < 0:
                raise ValidationError(
                    f"the quote {_short(quote)!r} does not occur in source {src.name!r}; "
                    "check it, or give start and end"
                )
            if text.find(quote, first + 1) >= 0:
                raise ValidationError(
                    f"the quote {_short(quote)!r} occurs more than once in source "
                    f"{src.name!r}; give start= and end= to say which"
                )
            return first, first + len(quote), None
        if start is None or end is None:
            raise ValidationError(
                "give both start and end (or neither, with quote=...)"
            )
        _check_int(start, "start")
        _check_int(end, "end")
        if end < start:
            raise ValidationError(
                f"the end ({end}) is before the start ({start}); swap them"
            )
        if start < 0 or end > len(text):
            raise ValidationError(
                f"offsets {start}..{end} fall outside the text of source {src.name!r} "
                f"({len(text)} characters); use 0 <= start <= end <= {len(text)}"
            )
        if quote is not None and normalise_text(quote) != text[start:end]:
            raise ValidationError(
                f"the quote {_short(quote)!r} is not the text at {start}..{end} of "
                f"source {src.name!r} ({_short(text[start:end])!r})"
            )
        return start, end, None

    def _code_ids(
        self, codes: list[Key], out: dict[str, Any], *, create: bool = True
    ) -> tuple[str, ...]:
        store = self._store
        ids: list[str] = []
        created: list[str] = []
        for item in codes:
            if isinstance(item, str) and not store.id_in_use(item):
                name = item.strip()
                cid = store.names["code"].get(name)
                if cid is None:
                    if name in store.names["category"]:
                        raise ValidationError(
                            f"{name!r} is a category; segments are coded with codes: "
                            "code them with a code and put that code into the category"
                        )
                    if not create:
                        raise NotFoundError(
                            f"no code is named {name!r}"
                            f"{suggest_names(name, store.names['code'])}; add it with "
                            "project.add_code, or allow new codes with create=True"
                        )
                    cid = self._add_code(item, "", "initial", False, None, None).id
                    created.append(cid)
            else:
                _, cid = self._resolve(item, ("code",))
            if cid not in ids:
                ids.append(cid)
        if created:
            out["created_codes"] = created
        return tuple(ids)

    def uncode(self, segment: Key, codes: Iterable[Key] | Key | None = None) -> None:
        """Take codes off a segment (all of them when *codes* is None).

        The segment itself stays; remove it with :meth:`remove`.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("i1", text="I felt heard.")
        >>> seg = p.code(s, 0, 12, codes=["feeling heard", "trust"])
        >>> p.uncode(seg, "trust")
        >>> [c.name for c in p.codes_of(seg)]
        ['feeling heard']
        """
        code_list = None if codes is None else as_keys(codes)
        args = {
            "segment": segment,
            "codes": code_list,
        }
        with self._change("uncode", **args) as out:
            _, sid = self._resolve(segment, ("segment",))
            row = self._store.segments[sid]
            if code_list is None:
                drop = set(row[3])
            else:
                drop = {self._resolve(c, ("code",))[1] for c in code_list}
                missing = drop.difference(row[3])
                if missing:
                    raise ValidationError(
                        f"segment {sid} is not coded with {', '.join(sorted(missing))}"
                    )
            self._set_codes(sid, [c for c in row[3] if c not in drop])
            out.update(segment_id=sid, code_ids=sorted(drop))

    def _validated(self, record: _R, **fields: Any) -> _R:
        """Check the plain fields of a code or category and return the new record."""
        for key, value in fields.items():
            if key in ("definition", "text", "kind"):
                _check_str(value, key)
            elif key in ("theme", "core", "in_vivo") and not isinstance(value, bool):
                raise ValidationError(f"{key!r} must be True or False, not {value!r}")
            elif key == "stage" and value not in STAGES:
                raise ValidationError(
                    f"unknown coding stage {value!r}; use one of {', '.join(STAGES)}"
                )
            elif (
                key == "colour"
                and value is not None
                and (not isinstance(value, str) or not _COLOUR.match(value))
            ):
                raise ValidationError(
                    f"a colour is written '#rrggbb' or '#rgb', not {value!r}"
                )
        # attrs.evolve cannot be typed over a type variable; the record type is kept.
        new: _R = attrs.evolve(cast("Any", record), **fields)
        return new
