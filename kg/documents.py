"""Text files + manifest -> Document.

In: paths (folders are searched for ``*.txt``; a ``manifest.csv`` in a folder, or given with
``--manifest``, supplies ``file,lang,published,outlet[,url]`` per article). Out: an iterator of
:class:`kg.model.Document` and :class:`Rejected` (an article that cannot be built, with a reason
naming the file). One bad article never stops the others.

Rules: empty, binary (NUL bytes) and non-UTF-8 files are rejected; an article without a manifest
row still builds with its language detected and its date unknown; a malformed manifest row (bad
language code or date) rejects that article with the manifest line number; an article whose
language is neither English nor Spanish is rejected.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Document

SUPPORTED_LANGS = ("en", "es")
MAX_BYTES = 5_000_000

_EN_WORDS = set(
    "the of and to in is was that for on with as by at from has have been are were said will "
    "this which their its an be it not but who after about".split()
)
_ES_WORDS = set(
    "el la los las de del y en que por con para una un es fue se su sus al como más pero "
    "sobre este esta entre también ha han ser fueron según".split()
)


@dataclass(frozen=True)
class Rejected:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class ManifestRow:
    line: int
    lang: str | None
    published: str | None
    outlet: str | None
    url: str | None


class ManifestError(Exception):
    pass


def detect_language(text: str) -> tuple[str | None, float]:
    """Stop-word vote between English and Spanish. Returns (lang or None, share of the winner)."""
    words = re.findall(r"[a-záéíóúñü]+", text.lower())[:5000]
    en = sum(w in _EN_WORDS for w in words)
    es = sum(w in _ES_WORDS for w in words)
    total = en + es
    if total < 3:
        return None, 0.0
    if en >= es:
        return "en", en / total
    return "es", es / total


def safe_doc_id(stem: str) -> str:
    """A document id usable in an IRI path segment: keeps [A-Za-z0-9_.-], else slug + hash."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}", stem):
        return stem
    cleaned = re.sub(r"[^A-Za-z0-9_.\-]+", "-", stem).strip("-.")[:60] or "doc"
    return f"{cleaned}-{hashlib.sha1(stem.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[str]]:
    """Rows by file name, plus problems found (each naming the manifest and line)."""
    rows: dict[str, ManifestRow] = {}
    problems: list[str] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read manifest ({exc})") from exc
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ManifestError(f"{path}: manifest needs a header row with a 'file' column "
                            "(file,lang,published,outlet[,url])")
    for i, rec in enumerate(reader, start=2):
        name = (rec.get("file") or "").strip()
        if not name:
            problems.append(f"{path}:{i}: row without a file name, ignored")
            continue
        if name in rows:
            problems.append(f"{path}:{i}: duplicate row for {name}, the first one (line "
                            f"{rows[name].line}) is used")
            continue

        def val(key: str) -> str | None:
            v = rec.get(key)
            return v.strip() if isinstance(v, str) and v.strip() else None

        rows[name] = ManifestRow(i, val("lang"), val("published"), val("outlet"), val("url"))
    return rows, problems


def _parse_row(row: ManifestRow, manifest: Path) -> tuple[str | None, dt.date | None]:
    lang = row.lang.lower() if row.lang else None
    if lang is not None and lang not in SUPPORTED_LANGS:
        raise ManifestError(f"{manifest}:{row.line}: language '{row.lang}' is not supported "
                            f"(use one of {', '.join(SUPPORTED_LANGS)} or leave it empty)")
    published = None
    if row.published:
        try:
            published = dt.date.fromisoformat(row.published)
        except ValueError as exc:
            raise ManifestError(f"{manifest}:{row.line}: published date '{row.published}' is not "
                                "an ISO date (YYYY-MM-DD)") from exc
    return lang, published


def load_file(path: Path, row: ManifestRow | None = None, manifest: Path | None = None,
              doc_id: str | None = None) -> Document | Rejected:
    """Read one article. Never raises for bad content: returns :class:`Rejected`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Rejected(str(path), f"cannot read file ({exc.strerror or exc})")
    if len(raw) > MAX_BYTES:
        return Rejected(str(path), f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if not raw.strip():
        return Rejected(str(path), "file is empty")
    if b"\x00" in raw[:8192]:
        return Rejected(str(path), "file looks binary (contains NUL bytes), not a text article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Rejected(str(path), f"not valid UTF-8 text (byte {exc.start}: "
                                   f"{raw[exc.start:exc.start + 1]!r}); re-encode it as UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lang, published, outlet, url = None, None, None, None
    lang_source = "manifest"
    if row is not None:
        try:
            lang, published = _parse_row(row, manifest or Path("manifest.csv"))
        except ManifestError as exc:
            return Rejected(str(path), str(exc))
        outlet, url = row.outlet, row.url
    if lang is None:
        lang, share = detect_language(text)
        lang_source = "detected"
        if lang is None:
            return Rejected(str(path), "language could not be detected as English or Spanish "
                                       "(too little text); set it in the manifest")
    return Document(
        id=doc_id or safe_doc_id(path.stem),
        text=text,
        lang=lang,
        published=published,
        outlet=outlet,
        url=url,
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
        lang_source=lang_source,
    )


def iter_documents(paths: Iterable[str | Path], manifest: str | Path | None = None,
                   warnings: list[str] | None = None) -> Iterator[Document | Rejected]:
    """Documents from files and folders, in a stable (sorted) order."""
    warnings = warnings if warnings is not None else []
    files: list[tuple[Path, Path | None]] = []  # (article, manifest that applies)
    explicit = Path(manifest) if manifest else None
    for p in paths:
        p = Path(p)
        if p.is_dir():
            man = explicit or (p / "manifest.csv" if (p / "manifest.csv").exists() else None)
            files.extend((f, man) for f in sorted(p.rglob("*.txt")) if f.is_file())
        elif p.exists():
            man = explicit or (p.parent / "manifest.csv"
                               if (p.parent / "manifest.csv").exists() else None)
            files.append((p, man))
        else:
            yield Rejected(str(p), "no such file or folder")
    manifests: dict[Path, dict[str, ManifestRow]] = {}
    seen_ids: dict[str, str] = {}
    for f, man in files:
        row = None
        if man is not None:
            if man not in manifests:
                try:
                    manifests[man], problems = read_manifest(man)
                    warnings.extend(problems)
                except ManifestError as exc:
                    warnings.append(str(exc))
                    manifests[man] = {}
            rel = f.relative_to(man.parent).as_posix() if f.is_relative_to(man.parent) else f.name
            row = manifests[man].get(rel) or manifests[man].get(f.name)
            if row is None:
                warnings.append(f"{f}: no manifest row in {man}; language detected, date unknown")
        doc_id = safe_doc_id(f.stem)
        if doc_id in seen_ids:
            yield Rejected(str(f), f"duplicate article id '{doc_id}' (already used by "
                                   f"{seen_ids[doc_id]}); rename one of the files")
            continue
        result = load_file(f, row, man, doc_id)
        if isinstance(result, Document):
            seen_ids[doc_id] = str(f)
        yield result
