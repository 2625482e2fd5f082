"""The errors gtgraph raises for mistakes a user can make.

Every error a user can cause is a :class:`GtGraphError`, with a message that names
the thing involved (a file and place, an element, an id or a name) and says what
to do.  A call that raises one of them leaves the project as it was.

For example:

>>> import gtgraph
>>> p = gtgraph.Project(title="t")
>>> try:
...     p.get("no such code")
... except gtgraph.NotFoundError as error:
...     print(error)
nothing is named 'no such code'; check the spelling, or list the names with ...
"""

from __future__ import annotations

__all__ = [
    "CycleError",
    "FileChangedError",
    "FileLockedError",
    "FileWriteError",
    "FormatError",
    "GtGraphError",
    "NotFoundError",
    "RelationTypeError",
    "RenderError",
    "ValidationError",
]


class GtGraphError(Exception):
    """Base class of every error gtgraph raises for a user's mistake or a bad file."""


class ValidationError(GtGraphError, ValueError):
    """A change to a project was refused because it would break a rule.

    Examples are a duplicate name, offsets outside a source's text, an end before
    its start, or an endpoint of the wrong kind.  The project is left unchanged.
    """


class CycleError(ValidationError):
    """A change was refused because it would close a cycle.

    Raised for category hierarchies (a category inside its own descendant) and
    for relation types that are transitive or acyclic (``is part of``, ``is a``,
    ``precedes``).
    """


class RelationTypeError(ValidationError):
    """A relation type is unknown, not enabled in the project, or badly defined."""


class NotFoundError(GtGraphError, LookupError):
    """No element has the given id or name (of the given kind)."""

    def __str__(self) -> str:
        # LookupError would show the message with quotes around it, as KeyError does.
        return str(self.args[0]) if self.args else ""


class FormatError(GtGraphError, ValueError):
    """A file could not be read: it is malformed, truncated, hostile or of a newer version.

    The message names the file and the place (line, member or element) and the
    problem.  Nothing is half-loaded.
    """


class FileLockedError(GtGraphError):
    """Another process is saving the same file and did not finish in time.

    The message names the file, and the process holding the lock where known.
    Wait for it to finish and save again; nothing has been written.
    """


class FileChangedError(GtGraphError):
    """The file changed on disk since the project was loaded from it or saved to it.

    Saving would overwrite changes made by another program or another gtgraph
    session.  Load the file again, save to another file, or pass ``force=True``
    (the version on disk is then kept as the ``.bak`` backup).
    """


class FileWriteError(GtGraphError):
    """A file could not be written: the operating system refused.

    The folder is missing, the file system is read-only or full, the name is a
    folder or a refused symbolic link, or permission is denied.  The message names
    the file and says what to do; the file is left as it was (every write is
    atomic).  ``errno`` holds the system's error number where there was one.
    """

    errno: int | None = None


class RenderError(GtGraphError, RuntimeError):
    """A diagram could not be rendered: Graphviz is missing, or it failed.

    When Graphviz is missing the message says how to install it; when it fails the
    message shows Graphviz's own output.
    """


class DuplicateCodingWarning(UserWarning):
    """The same code was applied twice, by one coder, to nearly the same span.

    Two spans of one source are nearly the same when the characters they share
    are at least 90 % of the longer one (a sentence with and without its full
    stop).  The passage then counts twice in grounding, diagrams and saturation;
    take the code off one of them (``project.uncode``) or merge the two
    (``project.merge_segments``).  ``project.check()`` lists every such pair.
    """
