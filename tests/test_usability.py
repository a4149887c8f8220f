"""What a user meets on the demo store (issue 19): names as people type them, dates in the same
forms everywhere, plain errors from `kg sparql`, `kg facts` ids, `kg export --out -`."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """`make demo`'s store: the seeds built into an embedded store."""
    out = tmp_path_factory.mktemp("demo")
    res = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(out / "store"),
                                    "--out", str(out)])
    assert res.exit_code == 0, res.output
    (out / "build.txt").write_text(res.output, encoding="utf-8")
    return out


def kg(demo, *args, input=None):
    return CliRunner().invoke(main, [*args, "--store", str(demo / "store")], input=input)


# ----------------------------------------------------------------------------- names


def test_find_entity_ignores_accents(demo):
    res = kg(demo, "query", "find_entity", "--param", "name=lopez")
    assert res.exit_code == 0, res.output
    assert "López Obrador" in res.output


def test_iri_parameter_by_name_without_accents(demo):
    res = kg(demo, "query", "actor_events", "--param", "actor=Nicolas Maduro")
    assert res.exit_code == 0, res.output
    assert "(0 rows)" not in res.output


def test_iri_parameter_by_alias(demo):
    res = kg(demo, "query", "actor_events", "--param", "actor=sre")
    assert res.exit_code == 0, res.output
    assert "(0 rows)" not in res.output


def test_explain_without_accents(demo):
    res = kg(demo, "explain", "nicolas maduro")
    assert res.exit_code == 0, res.output
    assert "Nicolás Maduro" in res.output


def test_focus_without_accents_and_by_alias(demo, tmp_path):
    for focus in ("lopez obrador", "SRE"):
        res = kg(demo, "html", "--view", "ego", "--focus", focus, "--out", str(tmp_path / "e.html"))
        assert res.exit_code == 0, (focus, res.output)


def test_near_miss_still_suggests(demo):
    res = kg(demo, "query", "actor_events", "--param", "actor=Maduro")
    assert res.exit_code == 2
    assert "Nicolás Maduro" in res.output


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", ["2026", "2026-01", "2026-01-15"])
def test_date_parameters_take_year_month_day(demo, value):
    res = kg(demo, "query", "timeline", "--param", f"from={value}")
    assert res.exit_code == 0, res.output


def test_date_parameter_to_a_month_means_its_end():
    from kg.queries.library import ParamSpec, to_term

    assert str(to_term(ParamSpec("to", "date", bound="end"), "2026-02")) == "2026-02-28"
    assert str(to_term(ParamSpec("from", "date"), "2026-02")) == "2026-02-01"
    assert str(to_term(ParamSpec("to", "date", bound="end"), "2026")) == "2026-12-31"


# ----------------------------------------------------------------------------- kg sparql errors


def test_sparql_missing_file(demo, tmp_path):
    res = kg(demo, "sparql", str(tmp_path / "nope.rq"))
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "nope.rq" in res.output and res.exception is None or isinstance(res.exception, SystemExit)


def test_sparql_directory_and_binary(demo, tmp_path):
    res = kg(demo, "sparql", str(tmp_path))
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    (tmp_path / "b.rq").write_bytes(b"\xff\xfe\x00\x01binary")
    res = kg(demo, "sparql", str(tmp_path / "b.rq"))
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output


def test_sparql_failing_service(demo):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    res = kg(demo, "sparql", "-", input=q)
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "SERVICE" in res.output or "127.0.0.1:9" in res.output


def test_sparql_update_is_refused_with_a_way_out(demo):
    res = kg(demo, "sparql", "-", input="INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert res.exit_code == 2 and isinstance(res.exception, SystemExit), res.output
    assert "update" in res.output.lower() and "kg build" in res.output


# ----------------------------------------------------------------------------- facts, export


def test_facts_on_jsonl_keep_record_ids(tmp_path):
    src = tmp_path / "news.jsonl"
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    src.write_text("\n".join(json.dumps({"id": i, "text": text, "lang": "en",
                                         "date": "2026-01-15"}) for i in ("a1", "a2")) + "\n",
                   encoding="utf-8")
    res = CliRunner().invoke(main, ["facts", str(src)])
    assert res.exit_code == 0, res.output
    facts = json.loads(res.output[res.output.index("["):])
    assert [f["doc"] for f in facts] == ["a1", "a2"]


def test_export_to_stdout(demo, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = kg(demo, "export", "--format", "graphml", "--out", "-")
    assert res.exit_code == 0, res.output
    assert "<graphml" in res.output
    assert not (tmp_path / "-").exists()


def test_timeline_until_a_month_includes_that_month(demo):
    by_day = kg(demo, "timeline", "--until", "2026-01-31", "--dated-only")
    by_month = kg(demo, "timeline", "--until", "2026-01", "--dated-only")
    assert by_day.exit_code == 0 and by_day.output.strip(), by_day.output
    assert by_month.output == by_day.output
    assert kg(demo, "timeline", "--since", "2026-13").exit_code == 2


# ----------------------------------------------------------------------------- examples


def _library_examples():
    from kg.queries import QueryLibrary

    return [s.example for s in QueryLibrary().list()]


def _run_example(demo, example: str, tmp_path):
    """One `kg ...` example as shown to a user, on the demo store, with out/ paths in tmp_path."""
    import shlex

    line = example.split("|")[0].split(">")[0].split("  #")[0].strip()
    args = shlex.split(line)
    assert args[0] == "kg", example
    args = [a.replace("out/", f"{tmp_path}/") if a.startswith("out/") else a for a in args[1:]]
    if "--store" not in args:
        args += ["--store", str(demo / "store")]
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("example", _library_examples())
def test_every_query_example_returns_rows_on_the_demo_store(demo, example, tmp_path):
    res = _run_example(demo, example + " --format json", tmp_path)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["results"]["bindings"], f"no rows: {example}"


def _help_examples():
    from kg.cli.main import main as cli

    out = []
    for name in ("query", "sparql", "explain", "timeline", "html", "export", "stats"):
        for line in (cli.commands[name].help or "").splitlines():
            if line.strip().startswith("Example: kg "):
                out.append(line.strip()[len("Example: "):])
    return out


@pytest.mark.parametrize("example", _help_examples())
def test_every_help_example_of_the_read_commands_runs_on_the_demo_store(demo, example, tmp_path):
    if "| kg sparql -" in example:
        text = example.split("'")[1]
        res = CliRunner().invoke(main, ["sparql", "-", "--store", str(demo / "store")], input=text)
    else:
        res = _run_example(demo, example, tmp_path)
    assert res.exit_code == 0, (example, res.output)
    assert "(0 rows)" not in res.output and "no events" not in res.output, (example, res.output)
    assert " (0 nodes" not in res.output, (example, res.output)


# ----------------------------------------------------------------------------- counts


def test_graph_statistics_counts_what_the_build_counts(demo):
    """The build summary's entities, events and triples are graph_statistics' figures (a body of
    the gazetteer that no article mentions, e.g. a parent's country, is no actor)."""
    import re

    summary = (demo / "build.txt").read_text(encoding="utf-8")
    res = kg(demo, "query", "graph_statistics", "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = [line.split(",") for line in res.output.strip().splitlines()[1:]]
    by = {}
    for section, item, count in rows:
        by.setdefault(section, {})[re.split(r"[#/:]", item)[-1]] = int(count)
    ents = dict((t, int(n)) for t, n in re.findall(r"(\w+) (\d+)", summary.split("entities:")[1]
                                                                   .split("\n")[0].split("(")[1]))
    assert by["2 entities by type"] == ents
    evs = dict((t, int(n)) for t, n in re.findall(r"(\w+) (\d+)", summary.split("events:")[1]
                                                                  .split("\n")[0].split("(")[1]))
    assert by["3 events by type"] == evs
    triples, graphs = re.search(r"triples: ([\d,]+) in (\d+) named graphs", summary).groups()
    assert by["0 totals"]["triples"] == int(triples.replace(",", ""))
    assert by["0 totals"]["named graphs"] == int(graphs)
    assert by["0 totals"]["entities"] == sum(ents.values())
    assert by["0 totals"]["events"] == sum(evs.values())


def test_readme_demo_block_is_what_the_demo_build_prints(demo):
    from readme_demo import block, readme_block

    assert readme_block() == block((demo / "build.txt").read_text(encoding="utf-8"), demo), \
        "README.md's demo block is stale: python tests/readme_demo.py rewrites it"


def _readme_examples():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.removeprefix(".venv/bin/").split("  #")[0].strip()
            if re.match(r"kg (query|sparql|explain|timeline|html|export|stats)\b", line) \
                    and "--endpoint" not in line:
                lines.append(line)
    return lines


@pytest.mark.parametrize("example", _readme_examples())
def test_every_readme_example_runs_on_the_demo_store(demo, example, tmp_path):
    res = _run_example(demo, example, tmp_path)
    assert res.exit_code == 0, (example, res.output)
    assert "(0 rows)" not in res.output and " (0 nodes" not in res.output, (example, res.output)


# ----------------------------------------------------------------------------- readable answers


def test_tables_show_ontology_labels_not_curies(demo):
    res = kg(demo, "query", "communications")
    assert res.exit_code == 0, res.output
    assert "kgo:" not in res.output
    res = kg(demo, "query", "find_events", "--param", "status=planned")
    assert "kgo:" not in res.output and "planned" in res.output.lower()


def test_width_and_no_truncate(demo):
    cut = kg(demo, "query", "quotes", "--width", "20")
    assert cut.exit_code == 0, cut.output
    assert max(len(c.strip()) for line in cut.output.splitlines()[2:-1]
               for c in line.split("  ")) <= 20
    whole = kg(demo, "query", "quotes", "--no-truncate")
    assert whole.exit_code == 0 and "…" not in whole.output


def test_tsv_is_plain_cells(demo):
    res = kg(demo, "query", "posts", "--param", "person=Marco Rubio", "--format", "tsv")
    assert res.exit_code == 0, res.output
    header, first = res.output.splitlines()[:2]
    assert header.split("\t")[0] == "person"
    cells = first.split("\t")
    assert cells[0].startswith("https://") and cells[1] == "Marco Rubio"


def test_tables_show_an_event_by_a_readable_label_beside_its_iri(demo):
    res = kg(demo, "query", "communications", "--no-truncate")
    assert res.exit_code == 0, res.output
    header, _, first = res.output.splitlines()[:3]
    assert header.split()[:3] == ["event", "event", "is"]
    assert "kgd:event/communication/" in first and "Communication: " in first
