"""The errors the library raises on purpose, and the exit codes of the ``kg`` command.

In: nothing (every stage may import this module; it imports no other part of ``kg``).
Out: :class:`ExitCode`, the one table of exit codes, and :class:`KgError` with its subclasses.
A :class:`KgError` carries a message that says what broke and where (file, line, article,
store), an optional ``hint`` saying what to do, and the ``exit_code`` the command ends with.
The command line shows ``Error: <message>`` and ``Hint: <hint>`` (one place: :mod:`kg.cli.main`);
``str(error)`` is the message alone, as for any exception.

Each class also derives from the built-in exception it replaced (``ValueError`` for bad input,
``RuntimeError`` for the server), so ``except ValueError`` in callers keeps working. The old
modules re-export their class: ``kg.store.embedded.QueryError`` is ``kg.errors.QueryError``.
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """How a ``kg`` command ends."""

    OK = 0
    #: the run finished but some articles were rejected (``kg build``, ``kg facts``) or some
    #: graphs failed to load (``kg load``); each is listed with its reason
    INCOMPLETE = 1
    #: usage or fatal error (bad option, bad data file, missing store): nothing was changed
    ERROR = 2
    #: the graph was written but does not conform to the SHACL shapes (violations are listed)
    INVALID = 3
    #: interrupted (Ctrl-C, SIGINT), as shells report 128 + SIGINT
    INTERRUPTED = 130


class KgError(Exception):
    """An error the user can fix: ``message`` says what and where, ``hint`` what to do."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    @property
    def message(self) -> str:
        return str(self)

    def with_hint(self, hint: str) -> KgError:
        """This error, with ``hint`` unless it already has one (for ``raise err.with_hint(...)``)."""
        if self.hint is None:
            self.hint = hint
        return self


class ArgumentError(KgError, ValueError):
    """An argument or option value is malformed (e.g. ``--param`` without ``KEY=VALUE``)."""


class DataFileError(KgError, ValueError):
    """A data file (gazetteer, titles, triggers, lexicon) is malformed; names file and line."""


class NothingReadError(KgError):
    """A build's input gave no readable article (a mistyped path, only unreadable files): the
    store and the outputs were left as they were."""

    def __init__(self, paths, rejected):
        self.rejected = list(rejected)
        named = ", ".join(str(p) for p in paths) or "(no path)"
        super().__init__(f"no article could be read from {named}; nothing was changed",
                         "check the paths (kg build takes folders, .txt, .jsonl and @LIST files); "
                         "each one not read is listed above")


class ManifestError(KgError):
    """A manifest file or row is unusable; names the manifest and line."""


class QueryError(KgError, ValueError):
    """A query cannot be run: bad SPARQL, unknown query name, or a bad parameter value."""


class StoreError(QueryError):
    """The store cannot be opened: no store folder there, or another process holds it.

    A :class:`QueryError` too: ``kg.query`` documents a missing store as one.
    """


class EndpointError(QueryError):
    """A request to a remote endpoint failed (after retries where that makes sense)."""


class EndpointAuthError(EndpointError):
    """401/403: wrong or missing credentials, or not allowed to write."""


class EndpointUnreachable(EndpointError):
    """No answer at all from a remote endpoint (connection refused or reset, or a time-out)."""


class ServeError(KgError, RuntimeError):
    """The server cannot be started as asked (no binary, no store, port taken, host refused)."""


class ViewError(KgError, ValueError):
    """A network view cannot be made as asked: unknown view, bad filter value, focus not found."""
