"""Adding participants, sources and codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from gtgraph.errors import ValidationError
from gtgraph.model import (
    STAGES,
    Code,
    Participant,
    Source,
    Turn,
    check_turns,
    freeze_attributes,
)
from gtgraph.model._values import check_str as _check_str
from gtgraph.model._values import check_text
from gtgraph.project._base import (
    _COLOUR,
    Key,
    ProjectPart,
    _check_int,
    normalise_text,
)

__all__ = ["AddingMixin"]

_R = TypeVar("_R")


class AddingMixin(ProjectPart):
    """Adding participants, sources and codes."""

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
        name: str | None = None,
        text: str | None = None,
        *,
        participant: Key | None = None,
        order: int | None = None,
        kind: str = "interview",
        attributes: Mapping[str, Any] | None = None,
        path: str | Path | None = None,
        turns: Iterable[Turn | Sequence[Any]] = (),
        id: str | None = None,  # noqa: A002
    ) -> Source:
        r"""Add a source (a transcript, field notes, a document).

        Parameters
        ----------
        name : str, optional
            Unique among sources.  Leave out *name* and *text* and give *path*
            to read a transcript file (``.txt``, ``.md``, ``.docx``, ``.odt``,
            ``.rtf``, ``.vtt``, ``.srt``): its name, text, speaker turns and,
            unless *participant* is given, participant come from the file (see
            :func:`gtgraph.read_transcripts`).
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
            Where the original file lives (read only when *name* and *text* are
            left out).
        turns : iterable of Turn or (speaker, start, end), optional
            The speaker turns in *text*, in order, not overlapping.
        id : str, optional
            An explicit id; generated otherwise.

        Returns
        -------
        Source

        Raises
        ------
        ValidationError
            If the name is taken or a value has the wrong type.
        FormatError
            If the transcript file at *path* cannot be read.

        Examples
        --------
        >>> import gtgraph
        >>> p = gtgraph.Project()
        >>> s = p.add_source("P01 interview", text="Line one\r\nLine two", participant="P01")
        >>> s.text, s.order, p.participants["P01"].id == s.participant
        ('Line one\nLine two', 1, True)

        A transcript file, with its speaker turns:

        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "P02.txt"
        >>> _ = f.write_text("I: And then?\nP02: Then it got better.", encoding="utf-8")
        >>> s = p.add_source(path=f)
        >>> s.name, p.get(s.participant).name, [t.speaker for t in s.turns]
        ('P02', 'P02', ['I', 'P02'])
        """
        if name is None and text is None and path is not None:
            # Reading a file is the readers' work: one delegation, like save.
            from gtgraph.readwrite.transcripts import read_transcript

            transcript = read_transcript(path)
            name, text, turns = transcript.name, transcript.text, transcript.turns
            if participant is None:
                participant = transcript.participant
        if name is None:
            raise ValidationError(
                "a source needs a name (or give only path= to read a transcript file)"
            )
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
            if turns:
                try:
                    checked = check_turns(list(turns), record.text)
                except ValueError as error:
                    raise ValidationError(f"source {name!r}: {error}") from None
                record = attrs.evolve(record, turns=checked)
                self._store.put("source", record)
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
        check_text(kind, "the source kind")
        if path is not None and not isinstance(path, (str, Path)):
            raise ValidationError(f"a source path is a str or Path, not {path!r}")
        check_text(None if path is None else str(path), "the source path")
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

    def _validated(self, record: _R, **fields: Any) -> _R:
        """Check the plain fields of a code or category and return the new record."""
        for key, value in fields.items():
            if key in ("definition", "text", "kind") or (
                key in ("author", "path") and value is not None
            ):
                _check_str(value, key)
                check_text(value, f"the {key}")
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
