"""Reading the package's data files: where they are, JSON Lines with line numbers, errors.

In: a path under ``kg/data/`` (or a user's file). Out: parsed rows ``(line number, object)``; a
malformed file raises :class:`DataFileError` naming the file and line, so a build never starts
with a broken data file.
"""
from __future__ import annotations

import json
from pathlib import Path

from kg.errors import DataFileError

DATA_DIR = Path(__file__).resolve().parent


def data_path(name: str) -> Path:
    """The path of one of the package's data files."""
    return DATA_DIR / name


def read_jsonl(path: Path) -> list[tuple[int, dict]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read ({exc})") from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}:{n}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        if not isinstance(obj, dict):
            raise DataFileError(f"{path}:{n}: each line must be a JSON object")
        rows.append((n, obj))
    return rows



def str_lists(value, where: str, key: str) -> dict[str, list[str]]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(s, str) and s.strip() for s in v) for v in value.values()
    ):
        raise DataFileError(f"{where}: '{key}' must map a language code to a list of non-empty strings")
    return {k: list(v) for k, v in value.items()}
