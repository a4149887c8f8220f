"""Text files + manifest -> Document.

In: paths (folders are searched for ``*.txt``; a ``manifest.csv`` in a folder, or given with
``--manifest``, supplies ``file,lang,published,outlet[,url]`` per article); a ``*.jsonl`` file, or
``-`` for standard input, holds one article per line as JSON
(``{"id","text","lang","published","outlet","url"}``; ``id`` and ``text`` required); ``@FILE``
names a text file listing one path per line. Out: an iterator of
:class:`kg.model.Document` and :class:`Rejected` (an article that cannot be built, with a reason
naming the file). One bad article never stops the others.

Rules: empty, binary (NUL bytes) and non-UTF-8 files are rejected; an article without a manifest
row still builds with its language detected and its date unknown; a malformed manifest row (bad
language code or date) rejects that article with the manifest line number; an article whose
language is neither English nor Spanish is rejected. A bad JSON Lines record is rejected as
``FILE:LINE`` with the problem; its id is made safe for IRIs with :func:`safe_doc_id`. A symbolic
link in a folder to a file outside it is rejected (as a manifest row naming ``../`` is ignored);
a ``url`` that is not http(s) is dropped with a warning naming it (:func:`web_url`). Names are
printed through :func:`printable`, which escapes control characters.
Everything is read lazily, so a corpus of any size streams through in constant memory.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import ManifestError
from kg.model import Document

SUPPORTED_LANGS = ("en", "es")
MAX_BYTES = 5_000_000
#: the longest article text spaCy's parser takes in one piece (``nlp.max_length``)
MAX_CHARS = 1_000_000
#: byte-order marks that say how a file is encoded (UTF-32 first: its LE mark starts with UTF-16's)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")
#: terminal escape sequences, and invisible characters that are not text: C0/C1 controls other
#: than tab and newline, zero-width space, bidirectional marks, embeddings and isolates (they can
#: make a name display as something else), word joiner, a stray byte-order mark
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e"
                        "\u2060\u2066-\u2069\ufeff]")

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2060\u2066-\u2069\ufeff]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal line: control characters (escape sequences, bell,
    newlines), bidirectional marks and invisible characters written as ``\\xNN``/``\\uNNNN``, and
    undecodable bytes of a file name as ``\\xNN``."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], text)


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
    doc_id: str | None = None  # the article's id, when known (JSON Lines records)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(frozen=True)
class ManifestRow:
    line: int
    lang: str | None
    published: str | None
    outlet: str | None
    url: str | None


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


#: non-ASCII characters that Western European text in Windows-1252/latin-1 is made of
_LEGACY_OK = set("¿¡«»ºª–—“”‘’€…°·´¨")


def _legacy_text(raw: bytes) -> str | None:
    """``raw`` as Windows-1252 (a superset of latin-1's printable range) when that reads as
    Western European text: at most a fifth of the characters non-ASCII, and those letters or the
    punctuation Spanish and English use. ``None`` when it does not (then it stays rejected)."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    other = [c for c in text if ord(c) > 127]
    if len(other) > len(text) // 5:
        return None
    plausible = sum(c.isalpha() or c in _LEGACY_OK for c in other)
    return text if plausible >= 0.9 * len(other) else None


def _check_text(raw: bytes, where: str, legacy: list[str] | None = None) -> str | Rejected:
    """Bytes of an article -> its text, or the reason it cannot be one. UTF-8 (with or without a
    BOM) and UTF-16/32 with a BOM are read; invisible control characters are removed. With
    ``legacy`` (a list), text that is not UTF-8 but reads as Windows-1252/latin-1 is decoded so,
    and a note saying so is appended to ``legacy``."""
    if len(raw) > MAX_BYTES:
        return Rejected(where, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if not raw.strip():
        return Rejected(where, "file is empty")
    codec = next((c for bom, c in _BOMS if raw.startswith(bom)), None)
    if codec is None:
        head = raw[:8192]
        if head.startswith(_BINARY_MAGIC) or head.count(b"\x00") > len(head) // 20:
            return Rejected(where, "file looks binary (NUL bytes or a binary file signature), "
                                   "not a text article")
        codec = "utf-8-sig"
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if codec == "utf-8-sig" else codec.upper()
        text = _legacy_text(raw) if legacy is not None and codec == "utf-8-sig" else None
        if text is None:
            return Rejected(where, f"not valid {name} text (byte {exc.start}: "
                                   f"{raw[exc.start:exc.start + 1]!r}); re-encode it as UTF-8")
        legacy.append(f"{where}: not valid UTF-8 (byte {exc.start}: "
                      f"{raw[exc.start:exc.start + 1]!r}); read as Windows-1252/latin-1; "
                      "re-encode it as UTF-8 to be sure of its accented letters")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = _INVISIBLE.sub("", _ANSI.sub("", text))
    if not text.strip():
        return Rejected(where, "file holds no text (only control characters)")
    if len(text) > MAX_CHARS:
        return Rejected(where, f"article is {len(text):,} characters long; the limit is {MAX_CHARS:,} "
                               "(the parser's maximum for one text); split it into several articles")
    return text


def load_file(path: Path, row: ManifestRow | None = None, manifest: Path | None = None,
              doc_id: str | None = None, warnings: list[str] | None = None) -> Document | Rejected:
    """Read one article. Never raises for bad content: returns :class:`Rejected`. Given a
    ``warnings`` list, a file in Windows-1252/latin-1 is read (with a warning there)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Rejected(str(path), f"cannot read file ({exc.strerror or exc})")
    text = _check_text(raw, str(path), warnings)
    if isinstance(text, Rejected):
        return text
    lang, published, outlet, url = None, None, None, None
    lang_source = "manifest"
    if row is not None:
        try:
            lang, published = _parse_row(row, manifest or Path("manifest.csv"))
        except ManifestError as exc:
            return Rejected(str(path), str(exc))
        outlet, url = row.outlet, web_url(row.url, f"{manifest}:{row.line}", warnings)
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


def web_url(url: str | None, where: str, warnings: list[str] | None) -> str | None:
    """``url`` if it is an http(s) address; otherwise None, with a warning naming it and
    ``where`` it came from (a ``javascript:``, ``file:`` or ``data:`` URL must not reach the
    graph, whose pages link to it)."""
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and \
            not _UNPRINTABLE.search(url) and " " not in url:
        return url
    if warnings is not None:
        warnings.append(f"{where}: url {url!r} is not an http(s) address; dropped")
    return None


JSONL_FIELDS = ("id", "text", "lang", "published", "outlet", "url")


def _jsonl_record(line: str, where: str, warnings: list[str] | None = None) -> Document | Rejected:
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return Rejected(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(rec, dict):
        return Rejected(where, f"expected a JSON object with {', '.join(JSONL_FIELDS)}, "
                               f"got {type(rec).__name__}")
    for key in JSONL_FIELDS:
        if rec.get(key) is not None and not isinstance(rec[key], str):
            return Rejected(where, f"field '{key}' must be a string, got {type(rec[key]).__name__}")
    raw_id = (rec.get("id") or "").strip()
    if not raw_id:
        return Rejected(where, "record without an 'id'")
    doc_id = safe_doc_id(raw_id)
    text = _check_text((rec.get("text") or "").encode("utf-8", "surrogatepass"), where)
    if isinstance(text, Rejected):
        return Rejected(where, f"'text' {text.reason.replace('file ', '', 1)}", doc_id)
    row = ManifestRow(0, rec.get("lang") or None, rec.get("published") or None,
                      (rec.get("outlet") or "").strip() or None,
                      web_url((rec.get("url") or "").strip() or None, where, warnings))
    try:
        lang, published = _parse_row(row, Path(where))
    except ManifestError as exc:
        return Rejected(where, str(exc).replace(f"{where}:0: ", "", 1), doc_id)
    lang_source = "manifest"
    if lang is None:
        lang, _ = detect_language(text)
        lang_source = "detected"
        if lang is None:
            return Rejected(where, "language could not be detected as English or Spanish "
                                   "(too little text); set 'lang'", doc_id)
    return Document(id=doc_id, text=text, lang=lang, published=published,
                    outlet=row.outlet, url=row.url, path=where.rsplit(":", 1)[0],
                    sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    lang_source=lang_source)


def iter_jsonl(path: str | Path, warnings: list[str] | None = None) -> Iterator[Document | Rejected]:
    """Articles from a JSON Lines file (``-``: standard input), one per non-blank line.

    A bad line is a :class:`Rejected` named ``FILE:LINE``; the other lines still build.
    """
    name = "<stdin>" if str(path) == "-" else str(path)
    try:
        stream = sys.stdin.buffer if str(path) == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield Rejected(name, f"cannot read file ({exc.strerror or exc})")
        return
    try:
        for n, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            where = f"{name}:{n}"
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(where, f"not valid UTF-8 (byte {exc.start}); re-encode the file")
                continue
            yield _jsonl_record(line, where, warnings)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _is_jsonl(p: Path) -> bool:
    return str(p) == "-" or p.suffix.lower() in (".jsonl", ".ndjson")


def _expand_lists(paths: Iterable[str | Path]) -> Iterator[Path | Rejected]:
    for p in paths:
        s = str(p)
        if s.startswith("@") and len(s) > 1:
            lst = Path(s[1:])
            try:
                lines = lst.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                yield Rejected(str(lst), f"cannot read the list of files ({exc})")
                continue
            for line in lines:
                if line.strip() and not line.lstrip().startswith("#"):
                    q = Path(line.strip())
                    yield q if q.is_absolute() else lst.parent / q
        else:
            yield Path(s)


def iter_documents(paths: Iterable[str | Path], manifest: str | Path | None = None,
                   warnings: list[str] | None = None) -> Iterator[Document | Rejected]:
    """Documents from files, folders, JSON Lines files and ``@lists``, in a stable order.

    Folders are searched in sorted order; JSON Lines records come in file order. An id used twice
    rejects the second article.
    """
    warnings = warnings if warnings is not None else []
    seen_ids: dict[str, str] = {}

    def unique(result):
        if isinstance(result, Document):
            if result.id in seen_ids:
                where = result.path if result.path and not _is_jsonl(Path(result.path)) else \
                    f"{result.path} (id {result.id})"
                return Rejected(where, f"duplicate article id '{result.id}' (already used by "
                                       f"{seen_ids[result.id]}); " + ("give one of the records another id"
                                       if where != result.path else "rename one of the files"))
            seen_ids[result.id] = result.path or result.id
        return result

    files: list[tuple[Path, Path | None]] = []  # (article, manifest that applies)
    explicit = Path(manifest) if manifest else None

    def flush_files():
        yield from (unique(r) for r in _iter_files(files, warnings))
        files.clear()

    for p in _expand_lists(paths):
        if isinstance(p, Rejected):
            yield p
            continue
        if _is_jsonl(p) and (str(p) == "-" or p.is_file()):
            yield from flush_files()
            for rec in iter_jsonl(p, warnings):
                yield unique(rec)
        elif p.is_dir():
            man = explicit or (p / "manifest.csv" if (p / "manifest.csv").exists() else None)
            home = p.resolve()
            inside, outside = [], []
            for f in sorted(p.rglob("*")):
                if f.is_file() and (f.suffix == ".txt" or _is_jsonl(f)):
                    # a symbolic link to a file outside the folder is refused, like a ../ row
                    (inside if f.resolve().is_relative_to(home) else outside).append(f)
            files.extend((f, man) for f in inside if f.suffix == ".txt")
            jsonl = [f for f in inside if _is_jsonl(f)]
            if jsonl or outside:
                yield from flush_files()
                yield from (Rejected(str(f), "a symbolic link to a file outside the corpus "
                                     "folder; not read (copy the file into the folder if it "
                                     "belongs to the corpus)") for f in outside)
                for f in jsonl:
                    yield from (unique(r) for r in iter_jsonl(f, warnings))
        elif p.exists():
            man = explicit or (p.parent / "manifest.csv"
                               if (p.parent / "manifest.csv").exists() else None)
            files.append((p, man))
        else:
            yield Rejected(str(p), "no such file or folder")
    yield from flush_files()


def _iter_files(files: list[tuple[Path, Path | None]],
                warnings: list[str]) -> Iterator[Document | Rejected]:
    manifests: dict[Path, dict[str, ManifestRow]] = {}
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
        yield load_file(f, row, man, safe_doc_id(f.stem), warnings)
    for man, rows in manifests.items():
        warnings.extend(_stray_rows(man, rows))


def _stray_rows(man: Path, rows: dict[str, ManifestRow]) -> Iterator[str]:
    """Rows that name a path outside the manifest's folder or no file at all. Rows are only
    ever matched against the files found in the corpus, never opened, so such a row cannot make
    the build read anything; it is reported because it is a mistake."""
    home = man.parent.resolve()
    found = set()
    for p in home.rglob("*.txt"):
        found.update((p.relative_to(home).as_posix(), p.name))
    for name, row in rows.items():
        if not (man.parent / name).resolve().is_relative_to(home):
            yield f"{man}:{row.line}: row for '{name}' points outside the corpus folder; ignored"
        elif name not in found:
            yield f"{man}:{row.line}: row for '{name}' matches no file of the corpus; ignored"
