"""kg.ingest.documents: files and manifest -> Document, and every kind of bad input -> Rejected."""
from __future__ import annotations

import datetime as dt

from kg.ingest.documents import Rejected, detect_language, iter_documents, safe_doc_id
from kg.model import Document

EN = "The foreign minister said on Monday that the two countries will meet again in March."
ES = "El canciller dijo el lunes que los dos países se reunirán de nuevo en marzo con la delegación."


def _load(tmp_path, manifest: str | None = None):
    warnings: list[str] = []
    if manifest is not None:
        (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    items = list(iter_documents([tmp_path], warnings=warnings))
    docs = {d.id: d for d in items if isinstance(d, Document)}
    rejected = {r.path.rsplit("/", 1)[-1]: r.reason for r in items if isinstance(r, Rejected)}
    return docs, rejected, warnings


def test_manifest_supplies_language_date_and_outlet(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    docs, rejected, warnings = _load(tmp_path, "file,lang,published,outlet\na.txt,en,2026-01-16,Wire\n")
    assert not rejected and not warnings
    a = docs["a"]
    assert (a.lang, a.published, a.outlet, a.lang_source) == ("en", dt.date(2026, 1, 16), "Wire", "manifest")
    assert len(a.sha256) == 64


def test_article_without_manifest_row_builds_with_detected_language(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ES, encoding="utf-8")
    docs, rejected, warnings = _load(tmp_path, "file,lang,published,outlet\na.txt,en,,\n")
    assert docs["b"].lang == "es" and docs["b"].lang_source == "detected"
    assert docs["b"].published is None
    assert any("b.txt" in w and "no manifest row" in w for w in warnings)


def test_bad_files_are_rejected_with_a_reason_and_the_rest_builds(tmp_path):
    (tmp_path / "good.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x00\x00\x00IHDR")
    (tmp_path / "latin1.txt").write_bytes("El canciller se reunió con la ministra en Bogotá".encode("latin-1"))
    (tmp_path / "unknown.txt").write_text("1234 5678 !!!", encoding="utf-8")
    (tmp_path / "mojibake.txt").write_bytes("El canciller".encode() + bytes(range(0xa0, 0xc0)) * 3)
    docs, rejected, warnings = _load(tmp_path)
    assert set(docs) == {"good", "latin1"}
    assert "empty" in rejected["empty.txt"]
    assert "binary" in rejected["binary.txt"]
    assert "language" in rejected["unknown.txt"]
    # latin-1 Spanish is read, with the accents right and a warning naming the file
    assert docs["latin1"].text == "El canciller se reunió con la ministra en Bogotá"
    assert any("latin1.txt" in w and "Windows-1252" in w for w in warnings)
    # bytes that are neither UTF-8 nor plausible latin-1 text stay rejected
    assert "UTF-8" in rejected["mojibake.txt"] and "byte" in rejected["mojibake.txt"]


def test_malformed_manifest_rows_name_the_manifest_line(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(EN, encoding="utf-8")
    docs, rejected, _ = _load(tmp_path, "file,lang,published,outlet\na.txt,en,16/01/2026,\nb.txt,fr,,\n")
    assert not docs
    assert "manifest.csv:2" in rejected["a.txt"] and "ISO date" in rejected["a.txt"]
    assert "manifest.csv:3" in rejected["b.txt"] and "'fr'" in rejected["b.txt"]


def test_manifest_without_header_is_reported_and_articles_still_build(tmp_path):
    (tmp_path / "a.txt").write_text(EN, encoding="utf-8")
    docs, rejected, warnings = _load(tmp_path, "a.txt,en,2026-01-01,x\n")
    assert "a" in docs and any("header" in w for w in warnings)


def test_missing_path_is_rejected(tmp_path):
    items = list(iter_documents([tmp_path / "nope"]))
    assert isinstance(items[0], Rejected) and "no such file" in items[0].reason


def test_doc_ids_are_iri_safe_and_stable():
    assert safe_doc_id("000_9bec10dd816e3518") == "000_9bec10dd816e3518"
    odd = safe_doc_id("my article <1>")
    assert odd == safe_doc_id("my article <1>") and " " not in odd and "<" not in odd


def test_language_detection():
    assert detect_language(EN)[0] == "en"
    assert detect_language(ES)[0] == "es"
    assert detect_language("12 34")[0] is None
