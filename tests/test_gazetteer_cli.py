"""kg gazetteer check/add and kg explain."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fixture_corpus import fixture_corpus

from kg.cli.main import main
from kg.graph.writer import corpus_to_dataset
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parents[1]
COUNTRY = '{"id": "freedonia", "type": "Country", "canonical": "Freedonia", "label": {"en": "Freedonia"}}\n'


def test_check_reports_file_and_line(tmp_path):
    bad = tmp_path / "g.jsonl"
    bad.write_text(COUNTRY + '{"id": "x", "type": "Agency", "label": {"en": "X"}}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["gazetteer", "check", str(bad)])
    assert res.exit_code == 2 and f"{bad}:2" in res.output and "canonical" in res.output


def test_check_the_builtin_gazetteer():
    res = CliRunner().invoke(main, ["gazetteer", "check"])
    assert res.exit_code == 0 and "entries, ok" in res.output


def test_add_validates_and_appends(tmp_path):
    g = tmp_path / "g.jsonl"
    g.write_text(COUNTRY, encoding="utf-8")
    res = CliRunner().invoke(main, ["gazetteer", "add", "--id", "fr-police", "--type", "Agency",
                                    "--label", "en=Freedonian Police", "--alias", "FP",
                                    "--country", "freedonia", "--file", str(g)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in g.read_text(encoding="utf-8").splitlines()]
    assert rows[-1]["aliases"] == {"any": ["FP"]} and rows[-1]["country"] == "freedonia"
    before = g.read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["gazetteer", "add", "--id", "bad", "--type", "Agency",
                                    "--label", "en=Bad", "--country", "nowhere", "--file", str(g)])
    assert res.exit_code == 2 and "nowhere" in res.output
    assert g.read_text(encoding="utf-8") == before  # nothing written


def test_explain_shows_mentions_and_names(tmp_path):
    st = Store(tmp_path / "s")
    st.replace_dataset(corpus_to_dataset(fixture_corpus()))
    del st
    res = CliRunner().invoke(main, ["explain", "Ana Lopez", "--store", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert "entity/person/ana-lopez" in res.output
    assert "fixture-a [" in res.output and "fixture-b [" in res.output
    res = CliRunner().invoke(main, ["explain", "Nobody Here", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "Nobody Here" in res.output
