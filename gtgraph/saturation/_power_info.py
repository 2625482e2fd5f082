"""Information power (Malterud, Siersma & Guassora 2016): five dimensions a project can record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from gtgraph.project import Project
from gtgraph.saturation._errors import SaturationError

__all__ = [
    "DIMENSIONS",
    "InformationPower",
    "information_power",
    "record_information_power",
]

#: The five dimensions, each with the pole that needs fewer participants first.
DIMENSIONS: Mapping[str, tuple[str, str, str]] = {
    "aim": ("study aim", "narrow", "broad"),
    "specificity": ("sample specificity", "dense", "sparse"),
    "theory": ("use of established theory", "applied", "none"),
    "dialogue": ("quality of dialogue", "strong", "weak"),
    "strategy": ("analysis strategy", "case", "cross-case"),
}

#: The project setting the dimensions are saved under.
SETTING = "information_power"


@attrs.frozen
class InformationPower:
    """A study's information power, as Malterud et al. (2016) describe it.

    Each dimension takes one of its two poles; the first pole of each (a
    narrow aim, a dense sample, applied theory, strong dialogue, a case
    analysis) means fewer participants give enough information power.

    Attributes
    ----------
    aim : {"narrow", "broad"}
    specificity : {"dense", "sparse"}
    theory : {"applied", "none"}
    dialogue : {"strong", "weak"}
    strategy : {"case", "cross-case"}
    note : str
        The researcher's reasoning, in their own words.
    """

    aim: str
    specificity: str
    theory: str
    dialogue: str
    strategy: str
    note: str = ""

    def sentence(self) -> str:
        """Return the dimensions as one sentence for a methods section.

        Examples
        --------
        >>> from gtgraph.saturation import InformationPower
        >>> InformationPower("narrow", "dense", "none", "strong", "cross-case").sentence()
        'study aim narrow, sample specificity dense, use of established theory none, quality of dialogue strong, analysis strategy cross-case (2 of 5 dimensions towards a larger sample)'
        """
        values = attrs.asdict(self)
        parts = [f"{label} {values[key]}" for key, (label, _, _) in DIMENSIONS.items()]
        larger = sum(values[key] == far for key, (_, _, far) in DIMENSIONS.items())
        return f"{', '.join(parts)} ({larger} of 5 dimensions towards a larger sample)"


def _check(values: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (label, near, far) in DIMENSIONS.items():
        value = values.get(key)
        if value not in (near, far):
            raise SaturationError(
                f"information power: {label} ({key}) must be {near!r} or {far!r}, "
                f"not {value!r}"
            )
        out[key] = str(value)
    note = values.get("note", "")
    if not isinstance(note, str):
        raise SaturationError(f"information power: note must be text, not {note!r}")
    out["note"] = note
    unknown = set(values) - {*DIMENSIONS, "note"}
    if unknown:
        raise SaturationError(
            f"information power has no dimension {min(unknown)!r}; use "
            + ", ".join(DIMENSIONS)
            + " and note"
        )
    return out


def record_information_power(
    project: Project,
    *,
    aim: str,
    specificity: str,
    theory: str,
    dialogue: str,
    strategy: str,
    note: str = "",
) -> InformationPower:
    """Record the study's information power in the project (saved with it).

    The methods paragraph of :meth:`SaturationReport.methods_text` then
    reports it.

    Parameters
    ----------
    project : Project
        The project; the dimensions go into its settings.
    aim : {"narrow", "broad"}
        The study aim.
    specificity : {"dense", "sparse"}
        How specific the participants' experience is to the aim.
    theory : {"applied", "none"}
        Whether established theory informs the study.
    dialogue : {"strong", "weak"}
        The quality of the interview dialogue.
    strategy : {"case", "cross-case"}
        The analysis strategy.
    note : str, optional
        The reasoning behind the choices.

    Returns
    -------
    InformationPower

    Raises
    ------
    SaturationError
        If a dimension is not one of its two values (the project is unchanged).

    References
    ----------
    .. [1] Malterud, K., Siersma, V. D. & Guassora, A. D. (2016). Sample size in
       qualitative interview studies: guided by information power.
       *Qualitative Health Research* 26(13), 1753-1760.
       https://doi.org/10.1177/1049732315617444

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import information_power, record_information_power
    >>> p = gtgraph.Project(title="t")
    >>> _ = record_information_power(
    ...     p, aim="narrow", specificity="dense", theory="none",
    ...     dialogue="strong", strategy="cross-case",
    ... )
    >>> information_power(p).aim
    'narrow'
    """
    values = _check(
        {
            "aim": aim,
            "specificity": specificity,
            "theory": theory,
            "dialogue": dialogue,
            "strategy": strategy,
            "note": note,
        }
    )
    project.configure(**{SETTING: values})
    return InformationPower(**values)


def information_power(project: Project) -> InformationPower | None:
    """Return the information power recorded in `project`, or ``None``.

    Raises
    ------
    SaturationError
        If the recorded setting is not valid (edited by hand).

    Examples
    --------
    >>> import gtgraph
    >>> from gtgraph.saturation import information_power
    >>> information_power(gtgraph.Project()) is None
    True
    """
    values = project.settings.get(SETTING)
    if values is None:
        return None
    if not isinstance(values, Mapping):
        raise SaturationError(
            f"the project setting {SETTING!r} must be an object; record it again "
            "with record_information_power"
        )
    return InformationPower(**_check(values))
