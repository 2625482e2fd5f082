"""Coding segments: code, code many spans at once, uncode."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gtgraph.errors import (
    DuplicateCodingWarning,
    GtGraphError,
    NotFoundError,
    ValidationError,
)
from gtgraph.model import (
    Code,
    Segment,
    Source,
)
from gtgraph.model._overlap import duplicate_pairs
from gtgraph.project._base import (
    Key,
    ProjectPart,
    _check_int,
    _short,
    as_keys,
    normalise_text,
    suggest_names,
)
from gtgraph.project._store import SegmentRow, coders_of
from gtgraph.project._views import (
    segment_from_row,
)

__all__ = ["CodingMixin"]

_SPAN_KEYS = frozenset(
    {"source", "start", "end", "codes", "coder", "quote", "created", "id"}
)


class CodingMixin(ProjectPart):
    """Coding segments: code, code many spans at once, uncode."""

    if TYPE_CHECKING:
        # A helper of the adding part (AddingMixin) that coding calls to create
        # a code named for the first time; Project combines the parts.
        def _add_code(
            self,
            name: str,
            definition: str,
            stage: str,
            in_vivo: bool,
            colour: str | None,
            given: str | None,
        ) -> Code: ...

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
        create: bool | None = None,
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
        create : bool, optional
            By default names not used yet become new codes, except a name that
            nearly matches an existing code (differing in case, spacing,
            punctuation, a plural ending, or by one or two slips), which raises
            NotFoundError saying "did you mean": a typo does not split a code in
            two.  True creates every new name; False creates none (for applying a
            fixed codebook).
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
            segment = self._code(
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
            if (
                source != segment.source
                and getattr(source, "id", None) != segment.source
            ):
                # the event names the source as given; keep its id as well,
                # since a name can change (see event_from_row)
                out["analysing"] = segment.source
        # Readers give the file's ids and keep what it holds; check() lists it.
        if id is None and out.get("code_ids") and segment.start is not None:
            self._warn_duplicate(segment, out["code_ids"])
        return segment

    def _warn_duplicate(self, segment: Segment, code_ids: list[str]) -> None:
        """Warn when *segment*'s codes were applied by its coder to nearly its span."""
        store = self._store
        wanted = set(code_ids)
        start, end = segment.start, segment.end
        if start is None or end is None:
            return
        rows = [
            (sid, row[0], row[1], row[2], code, coders_of(row)[code])
            for sid in store.segments_of(segment.source)
            for row in (store.segments[sid],)
            # only spans that overlap this one can nearly equal it
            if row[1] is not None
            and row[2] is not None
            and row[1] < end
            and row[2] > start
            for code in row[3]
            if code in wanted
        ]
        for first, second, code in duplicate_pairs(rows):
            if segment.id not in (first, second):
                continue
            other = self._record("segment", second if first == segment.id else first)
            name = store.records["code"][code].name
            warnings.warn(
                DuplicateCodingWarning(
                    f"{name!r} is now on two nearly identical spans of "
                    f"{store.records['source'][segment.source].name!r} by the same "
                    f"coder ({other.start}-{other.end} and {segment.start}-{segment.end}: "
                    f"{other.quote!r}); the passage counts twice: take the code off "
                    f"one with project.uncode({segment.id!r}, {name!r}) or merge them "
                    f"with project.merge_segments({other.id!r}, {segment.id!r})"
                ),
                stacklevel=3,
            )

    def code_many(
        self,
        spans: Iterable[Mapping[str, Any] | Sequence[Any]],
        *,
        coder: str | None = None,
        create: bool | None = None,
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
        create : bool, optional
            Whether names not used yet become new codes, as in :meth:`code`.

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
        create: bool | None = None,
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
        self, codes: list[Key], out: dict[str, Any], *, create: bool | None = None
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
                    if create is False:
                        raise NotFoundError(
                            f"no code is named {name!r}"
                            f"{suggest_names(name, store.names['code'])}; add it with "
                            "project.add_code, or allow new codes with create=True"
                        )
                    self._refuse_near_name("code", name, create)
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
