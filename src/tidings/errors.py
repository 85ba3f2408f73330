"""Coded error messages, in one place (spaCy's ``Errors`` is the model).

Every user-facing problem is a :class:`TidingsError` carrying one of the codes below.  The CLI
catches ``TidingsError`` once, prints ``tidings: error E###: <message>`` on one line and exits
non-zero; no traceback is shown for user mistakes.  Library callers catch the same class.
"""
from __future__ import annotations


class Errors:
    # input (read)
    E001 = "{path}: no such file or directory. Check the path, or pass '-' to read standard input."
    E002 = "{path}: file is empty; nothing to code."
    E003 = "{path}: looks like a binary file, not text, HTML or JSON Lines. Pass a .txt, .html or .jsonl article file."
    E004 = "{path}: not valid UTF-8 text (byte {pos}). Re-save the file as UTF-8."
    E005 = "{path}, line {line}: malformed JSON ({msg}). Each line must be one JSON object."
    E006 = "{path}, line {line}: {msg}"
    E007 = "{value!r} is not a valid date for {what}. Use YYYY-MM-DD, e.g. 2020-01-10."
    E008 = "{path}: permission denied. Check the file's permissions."
    E009 = "{path}: is a directory with no .txt, .html or .jsonl files in it."
    # options
    E010 = "unknown output format {value!r}. Choose one of: {choices}."
    E011 = "unknown {stage} component {name!r}. Registered: {choices}."
    E012 = "--workers must be a whole number of at least 1 (got {value!r})."
    # models / data
    E020 = "spaCy model {name!r} is not installed. Run the README's set-up command (pip install -e '.[test]')."
    E021 = "the event classifier model is missing at {path}. Rebuild it with 'tidings train'."
    E022 = "shipped data file {path} is missing or unreadable; the installation is incomplete. Reinstall tidings."
    E023 = "evaluation data {path} not found. Pass a path to a gold JSON Lines file, or the name of a dev set ({choices})."
    E024 = "unknown evaluation task {value!r}. Choose one of: {choices}."
    E025 = "${var}={value!r} is not a precision the event classifier knows. Use auto (the default: bfloat16 where the CPU has bfloat16 units), float32 or bfloat16."
    # store
    E030 = "{path}: not a tidings database (or a corrupted one). Pass a new file name or a database created by tidings."
    E031 = "{path}: database schema version {found} is newer than this tidings ({supported}). Upgrade tidings."
    E032 = "{path}: database is locked by another process. Wait for it to finish, then retry."
    E033 = "{path}: no space left on the device while writing; nothing was committed."
    E034 = "cannot open database {url!r}: {msg}"
    E035 = "{path}: no such database. Code some articles first: tidings code FILES --db {path}"
    E036 = "{path}: database schema version {found} is older than this tidings ({supported}) and cannot be read without upgrading it. Open it once writable (e.g. tidings code FILES --db {path}) to upgrade it, then read it."
    # export / query
    E040 = "unknown export format {value!r}. Choose one of: {choices}."
    E041 = "cannot write {path}: {msg}"
    E042 = "unknown actor {value!r}: use an ISO3 country code (USA), a CAMEO actor code (USAGOV) or a name."
    E043 = "unknown {what} {value!r}. Choose one of: {choices}."
    E044 = "no database given: pass --db FILE (a SQLite file or a postgresql:// URL)."
    # actors dictionaries
    E050 = "{path}, line {line}: {msg}"
    E051 = "actor {value!r} not found in the knowledge base."
    # web
    E060 = "cannot serve on {host}:{port}: {msg}"
    E061 = "{path}: no such database to serve. Create it with 'tidings code FILES --db {path}'."


class TidingsError(Exception):
    """A problem the user can fix; ``code`` is the E### constant's name."""

    def __init__(self, code: str, **kwargs: object) -> None:
        template = getattr(Errors, code)
        self.code = code
        self.message = template.format(**kwargs)
        super().__init__(f"{code}: {self.message}")


class InputError(TidingsError):
    """A bad input file or record: the run goes on with the other inputs."""


class StoreError(TidingsError):
    """A database that cannot be opened or written safely."""
