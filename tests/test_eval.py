"""kg.eval.score: the scoring rules, and the seed scores against ../shared/gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.eval.score import evaluate, role_key, score_article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "gold"

GOLD_DOC = {
    "doc": "t.txt",
    "entities": [{"name": "Marco Rubio", "type": "Person", "aliases": ["Rubio"]},
                 {"name": "Secretaría de Relaciones Exteriores", "type": "Ministry",
                  "aliases": ["SRE", "Mexico’s Foreign Ministry"]}],
    "roles": [{"person": "Marco Rubio", "role": "Secretary of State"}],
    "affiliations": [],
    "events": [{"type": "Communication", "participants": ["Marco Rubio", "Juan Pérez"],
                "date": "2026-01-11"}],
}


def test_role_synonyms_and_translations():
    assert role_key("canciller") == role_key("Foreign Minister") == role_key("Foreign Secretary")
    assert role_key("titular de la Secretaría de Relaciones Exteriores") == role_key("canciller")
    assert role_key("presidenta") == role_key("President")
    assert role_key("former President") != role_key("President")
    assert role_key("secretario de Estado") == role_key("Secretary of State")


def test_matching_rules():
    pred = {
        "entities": [{"name": "rubio", "type": "Person"},
                     {"name": "Mexico's Foreign Ministry", "type": "Ministry"},
                     {"name": "SRE", "type": "Agency"}],
        "roles": [{"person": "Rubio", "role": "secretario de Estado"}],
        "affiliations": [],
        "events": [{"type": "Communication", "participants": ["Rubio"], "date": "2026-01-12"},
                   {"type": "Communication", "participants": ["Rubio"], "date": "2026-01-11"}],
    }
    a = score_article(GOLD_DOC, pred)
    prf = a.kinds
    assert (prf["entities"].tp, prf["entities"].fp, prf["entities"].fn) == (2, 1, 0)  # wrong type
    assert prf["roles"].tp == 1
    assert (prf["events"].tp, prf["events"].fp) == (1, 1)  # one-to-one; the date must agree
    assert a.date_checked == 1 and a.date_correct == 1
    comm = a.event_types["Communication"]
    assert (comm.tp, comm.fp, comm.fn) == (1, 1, 0)


def test_participants_are_scored_on_matched_events():
    gold = {"entities": [{"name": "Ana Ruiz", "type": "Person", "aliases": ["Ruiz"]},
                         {"name": "Peru", "type": "Country", "aliases": []},
                         {"name": "Chile", "type": "Country", "aliases": []}],
            "events": [{"type": "Meeting", "participants": ["Ana Ruiz", "Peru", "Chile"],
                        "date": None}]}
    pred = {"entities": [], "roles": [], "affiliations": [],
            "events": [{"type": "Meeting", "participants": ["Ruiz", "Peru", "Bolivia"]},
                       {"type": "Arrest", "participants": ["Ruiz"]}]}
    a = score_article(gold, pred)
    assert (a.participants.tp, a.participants.fp, a.participants.fn) == (2, 1, 1)
    assert a.event_types["Arrest"].fp == 1 and a.event_types["Meeting"].tp == 1


def test_scores_are_summed_per_language():
    en = {"lang": "en", "entities": [{"name": "Peru", "type": "Country", "aliases": []}]}
    es = {"lang": "es", "entities": [{"name": "Chile", "type": "Country", "aliases": []}]}
    scores = evaluate({"a.txt": en, "b.txt": es},
                      [{"doc": "a.txt", "entities": [{"name": "Peru", "type": "Country"}],
                        "roles": [], "affiliations": [], "events": []}])
    assert scores.by_lang["en"].kinds["entities"].tp == 1
    assert scores.by_lang["es"].kinds["entities"].fn == 1
    out = scores.to_dict()
    assert set(out["by_language"]) == {"en", "es"} and "participants" in out
    assert "events by type" in scores.table()


def test_missing_prediction_counts_as_all_false_negatives():
    scores = evaluate({"t.txt": GOLD_DOC}, [])
    assert scores.missing == ["t.txt"] and scores.overall["entities"].fn == 2


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/gold (the seed gold annotations) is not "
                                               "beside this checkout")
def test_seed_scores_meet_the_targets():
    res = CliRunner().invoke(main, ["eval", str(GOLD), "--docs", str(ROOT / "seeds"), "--format",
                                    "json"])
    assert res.exit_code == 0, res.output
    overall = json.loads(res.output)["overall"]
    assert overall["entities"]["f1"] >= 0.90
    assert overall["roles"]["f1"] >= 0.80
    assert overall["events"]["f1"] >= 0.70


def _place(name: str, **labels: str):
    from kg.model import Entity
    return Entity(key="place/x", type="Place", name=name, labels=labels)


def test_facts_name_a_place_as_the_article_does():
    from kg.eval.facts import name_in_article
    lima = _place("Lima Province", en="Lima Province", es="Provincia de Lima")
    # the canonical name when the article uses it, in any case
    assert name_in_article(lima, {"LIMA PROVINCE", "Provincia de Lima"}, "es") == "Lima Province"
    # else the entity's name in another language, spelled as the article spells it
    assert name_in_article(lima, {"provincia de Lima"}, "es") == "provincia de Lima"
    assert name_in_article(lima, {"Provincia de Lima"}, "en") == "Provincia de Lima"
    # a description is not a name: the canonical stays
    assert name_in_article(lima, {"la provincia capitalina"}, "es") == "Lima Province"
    # another proper name of the place, without its article, is the article's name for it
    assert name_in_article(lima, {"la Gran Lima", "LP"}, "es") == "Gran Lima"
    # a dateline's capitals are no better name than the canonical one
    assert name_in_article(lima, {"LIMA"}, "es") == "Lima Province"


def test_facts_keep_official_names_of_bodies_people_and_countries():
    from kg.eval.facts import name_in_article
    from kg.model import Entity
    body = Entity(key="agency/x", type="Agency", name="Oficina Nacional de Aduanas",
                  labels={"es": "Oficina Nacional de Aduanas", "en": "National Customs Office"})
    assert name_in_article(body, {"National Customs Office"}, "en") == body.name
    # an accent the article leaves out is the article's spelling of the same name
    gang = Entity(key="org/x", type="CriminalOrganization", name="Cártel del Norte")
    assert name_in_article(gang, {"Cartel del Norte"}, "es") == "Cartel del Norte"
    land = Entity(key="country/x", type="Country", name="Peru", labels={"es": "Perú"})
    assert name_in_article(land, {"Perú"}, "es") == "Peru"
