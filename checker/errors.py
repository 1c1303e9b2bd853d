"""Errors the checker raises on purpose, each with a one-line message naming the file or setting at fault."""

from __future__ import annotations

from dataclasses import dataclass


class CheckerError(Exception):
    """Base of every error the checker raises on purpose; the CLI prints its message on one line."""


class InputError(CheckerError, ValueError):
    """The input as a whole cannot be used (missing path, nothing readable)."""


class ConfigError(CheckerError, ValueError):
    """The config file is missing or invalid; the message names it."""


class ModelError(CheckerError, RuntimeError):
    """A model could not be found or loaded; the message says how to get it."""


class BaselineError(CheckerError, ValueError):
    """The baseline file cannot be read or written; the message names it."""


class OutputError(CheckerError, ValueError):
    """An output path or option cannot be used (a file where a directory should be, nothing writable, options that
    need one another); the message names it."""


class StageOrderError(CheckerError, ValueError):
    """Pipeline stages out of order: one needs a field of the state that no earlier stage fills (or names a field
    the state does not have, or writes one it does not declare); the message names the stage and the field."""


@dataclass(frozen=True)
class Warning_:
    """A problem with one input that did not stop the run: the file, the line (when known) and the reason."""

    file: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.reason}"
