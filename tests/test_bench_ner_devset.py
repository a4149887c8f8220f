"""bench/ner_devset.py: kg eval's entity scores for the product and for the product with the rule
baseline as its Spanish recogniser, on an article and gold file written for this test."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "bench" / "ner_devset.py"
TEXT = "Los delegados se reunieron ayer en Quillacollo con la ministra Ana Robles.\n"


@pytest.fixture(scope="module")
def devset():
    spec = importlib.util.spec_from_file_location("bench_ner_devset", PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_rules_as_recogniser_change_only_the_ner_slot(devset, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,lang,published,outlet,url\n"
                                           "a.txt,es,2026-01-05,Diario de Prueba,\n", encoding="utf-8")
    gold = {"doc": "a.txt", "lang": "es", "roles": [], "affiliations": [], "events": [],
            "entities": [{"name": "Ana Robles", "type": "Person", "aliases": []},
                         {"name": "Quillacollo", "type": "Place", "aliases": []}]}
    (tmp_path / "a.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    product, rejected = devset.entity_scores("product", tmp_path, tmp_path)
    with_rules, _ = devset.entity_scores("product+rules", tmp_path, tmp_path)
    assert not rejected
    # the product finds the place after "en" itself now (kg/extract/entities/places.py)
    assert (product.per_doc["a.txt"]["entities"].tp, product.per_doc["a.txt"]["entities"].fn) == (2, 0)
    assert (with_rules.per_doc["a.txt"]["entities"].tp, with_rules.per_doc["a.txt"]["entities"].fn) == (2, 0)
