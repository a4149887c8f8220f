"""The seed graph's event statuses that issue #18 names as wrong, checked on a build of the seeds
against the gold annotations (../shared/gold): "does not rule out the possibility of a meeting" is
no rejected meeting, and "ninguna de las dos partes ha informado sobre compromisos" is no
agreement that occurred."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.queries.library import QueryLibrary
from kg.store.embedded import Store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
LIB = QueryLibrary()


def gold_events(stem: str) -> list[dict]:
    path = GOLD / f"{stem}.gold.json"
    if not path.exists():
        pytest.skip(f"no gold annotations at {GOLD} (../shared is not beside the repository)")
    return json.loads(path.read_text(encoding="utf-8"))["events"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-status")
    res = CliRunner().invoke(main, ["build", str(SEEDS), "--store", str(out / "store"), "--out", str(out)])
    assert res.exit_code == 0, res.output
    return Store(out / "store", read_only=True)


def events(store, etype: str, article: str) -> list[dict]:
    res = LIB.run("find_events", store, {"type": etype})
    rows = [dict(zip(res.columns, (str(v) if v is not None else None for v in row))) for row in res.rows]
    return [r for r in rows if r["article"].startswith(article)]


def test_meeting_not_ruled_out_is_hypothetical(store):
    gold = [e for e in gold_events("004_817ab28e293d6a82") if e["type"] == "Meeting"
            and "possibility" in e["evidence"]]
    assert [e["status"] for e in gold] == ["hypothetical"]
    found = [e for e in events(store, "Meeting", "004_") if "does not rule out" in (e["evidence"] or "")]
    assert found, "the meeting Sheinbaum does not rule out is in the graph"
    assert {e["status"] for e in found} == {"Hypothetical"}


def test_no_commitments_reported_is_no_agreement(store):
    assert not [e for e in gold_events("002_784ec795567202d7") if e["type"] == "Agreement"]
    found = [e for e in events(store, "Agreement", "002_") if "compromisos operativos" in (e["evidence"] or "")]
    # 'compromiso' is no Agreement noun any more (a stance, not an agreement made): none, or a negated one
    assert all(e["status"] == "Negated" for e in found), found
