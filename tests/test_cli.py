"""The command line: documented, thin, with clear errors and documented exit codes."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli.main import main

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_has_help_with_an_example_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        res = CliRunner().invoke(main, [name, "--help"])
        assert res.exit_code == 0
        assert "Example:" in res.output or name == "query" and "Example" in res.output, name
        assert f"kg {name}" in readme, f"README does not document kg {name}"


def test_missing_store_is_a_clear_error_with_exit_code_2(tmp_path):
    res = CliRunner().invoke(main, ["query", "communications", "--store", str(tmp_path / "none")])
    assert res.exit_code == 2
    assert "no store at" in res.output and "kg build" in res.output


def test_unknown_query_is_a_clear_error(tmp_path):
    from kg.store.embedded import Store

    Store(tmp_path / "s")  # an empty store
    res = CliRunner().invoke(main, ["query", "no_such_query", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "no_such_query" in res.output


def test_bad_param_syntax(tmp_path):
    from kg.store.embedded import Store

    Store(tmp_path / "s")
    res = CliRunner().invoke(main, ["query", "posts", "--param", "person", "--store", str(tmp_path / "s")])
    assert res.exit_code == 2 and "KEY=VALUE" in res.output


def test_query_list():
    res = CliRunner().invoke(main, ["query", "--list"])
    assert res.exit_code == 0 and "communications" in res.output and "date_disagreements" in res.output


def test_broken_gazetteer_stops_the_build_before_it_starts(tmp_path, monkeypatch):
    import kg.extract.extractor
    import kg.data
    import kg.data.files

    bad = tmp_path / "gazetteer.jsonl"
    bad.write_text('{"id": "x", "type": "Country", "canonical": "X", "label": {"en": "X"}}\n{oops\n',
                   encoding="utf-8")
    monkeypatch.setattr(kg.extract.extractor, "_DEFAULT", None)
    kg.data.default_resources.cache_clear()
    monkeypatch.setattr(kg.data.files, "DATA_DIR", tmp_path)
    (tmp_path / "titles.jsonl").write_text((ROOT / "kg/data/titles.jsonl").read_text(encoding="utf-8"))
    (tmp_path / "triggers.jsonl").write_text((ROOT / "kg/data/triggers.jsonl").read_text(encoding="utf-8"))
    (tmp_path / "lexicon.json").write_text((ROOT / "kg/data/lexicon.json").read_text(encoding="utf-8"))
    store = tmp_path / "store"
    try:
        res = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store", str(store), "--out",
                                        str(tmp_path / "out")])
    finally:
        kg.data.default_resources.cache_clear()
    assert res.exit_code == 2
    assert "gazetteer.jsonl:2" in res.output and "not valid JSON" in res.output
    assert not store.exists()
