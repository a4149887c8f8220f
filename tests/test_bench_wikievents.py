"""bench/events_wikievents.py: detokeniser, type mapping and scoring on a tiny hand-made example
(no benchmark files, no spaCy)."""
import importlib.util
import sys
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[1] / "bench" / "events_wikievents.py"


@pytest.fixture(scope="module")
def bw():
    spec = importlib.util.spec_from_file_location("bench_events_wikievents", PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_detokenize_rules_and_offsets(bw):
    tokens = ["The", "ministry", "’", "s", "well", "-", "placed", "source", "(", "who", "asked", ")",
              "said", ":", "“", "Talks", "went", "well", ".", "”", "It", "did", "n't", "cost", "$", "1", ",",
              "000", "in", "the", "U", ".", "S", ".", "patients", "’", "claims", "say", '"', "no", '"', "."]
    sentences = [(0, 20), (20, len(tokens))]
    text, offs = bw.detokenize(tokens, sentences)
    assert text == ("The ministry’s well-placed source (who asked) said: “Talks went well.”\n"
                    "It didn't cost $1,000 in the U.S. patients’ claims say \"no\".")
    assert len(offs) == len(tokens)
    assert all(text[s:e] == t for (s, e), t in zip(offs, tokens))


def test_char_to_tokens(bw):
    text, offs = bw.detokenize(["Police", "arrested", "two", "men", "."], [(0, 5)])
    assert bw.char_to_tokens(text.index("arrested"), text.index("arrested") + 8, offs) == (1, 2)
    assert bw.char_to_tokens(text.index("rested"), text.index("two") + 1, offs) == (1, 3)  # partial overlap
    assert bw.char_to_tokens(len(text), len(text) + 3, offs) is None


def test_type_mapping(bw):
    assert bw.map_type("Contact.Contact.Broadcast") == "Statement"
    assert bw.map_type("Contact.Contact.Meet") == "Meeting"
    assert bw.map_type("Contact.Contact.Correspondence") == "Communication"
    assert bw.map_type("Contact.RequestCommand.Meet") == "Demand"
    assert bw.map_type("Conflict.Attack.DetonateExplode") == "SecurityOperation"
    assert bw.map_type("Justice.ArrestJailDetain.Unspecified") == "Arrest"
    assert bw.map_type("Conflict.Demonstrate.Unspecified") is None
    assert bw.map_type("Life.Die.Unspecified") is None
    assert bw.coarse("Meeting") == bw.coarse("Statement") == "CONTACT"


def test_scoring(bw):
    A, G = bw.Arg, bw.GoldEvent
    # tokens: 0 "Police" 1 "arrested" 2 "Juan" 3 "Pérez" … 10 "he" 11 "said" … 20 "bombing" … 30 "met"
    gold = [
        G("Justice.ArrestJailDetain.Unspecified", 1, 2,
          [A("Jailer", 0, 1, "ORG"), A("Detainee", 2, 4, "PER"), A("Place", 6, 7, "GPE")], "arrested"),
        G("Contact.Contact.Unspecified", 11, 12, [A("Participant", 10, 11, "PER", frozenset({(2, 4), (10, 11)}))],
          "said"),
        G("Conflict.Attack.DetonateExplode", 20, 21, [A("Target", 22, 23, "FAC")], "bombing"),
        G("Life.Die.Unspecified", 25, 26, [], "killed"),  # unmapped: not scored
        G("Contact.Contact.Meet", 30, 31, [], "met"),
    ]
    pred = [
        bw.PredEvent("Arrest", 1, 2, [(2, 4, "participant"), (5, 6, "participant")], (6, 7), "arrested"),
        bw.PredEvent("Statement", 11, 12, [(2, 3, "initiator")], None, "said"),  # type confusion, coref arg
        bw.PredEvent("SecurityOperation", 40, 41, [], None, "operation"),  # false alarm
        bw.PredEvent("Agreement", 30, 31, [], None, "met"),  # unscored type: ignored
        bw.PredEvent("Meeting", 29, 31, [], None, "they met"),  # overlapping span
    ]
    sc = bw.Scores()
    pairs = bw.score_doc(gold, pred, sc)
    assert len(pairs) == 2
    assert (sc.trig["Arrest"].tp, sc.trig["Arrest"].fp, sc.trig["Arrest"].fn) == (1, 0, 0)
    assert (sc.trig["Meeting"].tp, sc.trig["Meeting"].fn) == (1, 0)
    assert (sc.trig["Communication"].fn, sc.trig["Statement"].fp) == (1, 1)
    assert (sc.trig["SecurityOperation"].fp, sc.trig["SecurityOperation"].fn) == (1, 1)
    overall = sc.total(bw.SCORED_TYPES)
    assert (overall.tp, overall.fp, overall.fn) == (2, 2, 2)
    # coarse: the Statement/Communication confusion becomes a CONTACT match
    coarse = sc.total(bw.COARSE_TYPES, "coarse")
    assert (coarse.tp, coarse.fp, coarse.fn) == (3, 1, 1)
    assert (sc.ident.tp, sc.ident.fp, sc.ident.fn) == (3, 1, 1)
    # arguments of the matched Arrest: Jailer missed, Detainee found, one spurious participant
    assert (sc.args_span.tp, sc.args_span.fp, sc.args_span.fn) == (1, 1, 1)
    assert (sc.roles.tp, sc.roles.fp, sc.roles.fn) == (1, 1, 1)
    assert sc.place.tp == 1
    p, r, f = sc.args_span.prf()
    assert p == r == f == 0.5


def test_argument_matching_with_coreference(bw):
    arg = bw.Arg("Communicator", 10, 11, "PER", frozenset({(2, 4), (10, 11)}))
    parts = [(2, 4, "initiator")]
    assert bw.match_args([arg], parts, use_coref=False) == []
    assert bw.match_args([arg], parts, use_coref=True) == [(0, 0)]
    sc = bw.Scores()
    bw.score_doc([bw.GoldEvent("Contact.Contact.Broadcast", 11, 12, [arg])],
                 [bw.PredEvent("Statement", 11, 12, parts)], sc)
    assert (sc.args_span.tp, sc.args_coref.tp, sc.roles.tp) == (0, 1, 1)
