"""Score the facts view against gold annotations (format: docs/FACTS_FORMAT.md).

In: predicted facts (``kg.eval.facts.article_facts``) and a folder of ``<stem>.gold.json`` files. Out: a
:class:`Scores` table: precision, recall and F1 for entities, roles, affiliations and events,
overall (micro-averaged) and per article, plus the date accuracy of events matched on type and
participants.

Matching rules (from the gold README):
- entity: the predicted name equals the gold name or one of its aliases (case-insensitive, trimmed,
  ’ = '), same type; one-to-one;
- role: the person matches (entity rule) and the roles are equal after lowercasing and mapping
  synonyms and translations (``kg/data/titles.jsonl``: Foreign Minister = canciller = titular de la
  SRE …); "former" must agree;
- affiliation: member and parent both match;
- event: same type, at least half of the gold participants matched by predicted participants, same
  date when the gold date is not null; one-to-one (maximum matching). Predicted events with
  status "negated" are not scored (the gold format has no such status).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.data import load_titles

KINDS = ("entities", "roles", "affiliations", "events")


def norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("’", "'").strip().lower())


@lru_cache(maxsize=1)
def _title_forms() -> list[tuple[str, str]]:
    forms = []
    for t in load_titles():
        for fs in t.forms.values():
            for f in fs:
                forms.append((f.lower(), t.id))
    return sorted(set(forms), key=lambda x: -len(x[0]))


def role_key(role: str) -> tuple[bool, str]:
    r = norm(role)
    former = bool(re.match(r"^(?:former|ex-?|ex )\s*", r))
    r = re.sub(r"^(?:former|ex-?|ex )\s*", "", r)
    for form, rid in _title_forms():
        if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", r):
            return former, rid
    return former, r


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class ArticleScore:
    """What one article contributes: P/R/F1 per kind, events per type, dates and participants."""

    kinds: dict[str, PRF]
    event_types: dict[str, PRF]
    date_checked: int
    date_correct: int
    participants: PRF  # over matched events: predicted participants vs gold participants
    errors: dict[str, dict[str, list]]


@dataclass
class Group:
    """Sums over several articles (all of them, or those of one language)."""

    kinds: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in KINDS})
    event_types: dict[str, PRF] = field(default_factory=dict)
    date_checked: int = 0
    date_correct: int = 0
    participants: PRF = field(default_factory=PRF)
    articles: int = 0

    def add(self, a: ArticleScore) -> None:
        self.articles += 1
        for k in KINDS:
            self.kinds[k].add(a.kinds[k])
        for t, prf in a.event_types.items():
            self.event_types.setdefault(t, PRF()).add(prf)
        self.date_checked += a.date_checked
        self.date_correct += a.date_correct
        self.participants.add(a.participants)

    @property
    def date_accuracy(self) -> float | None:
        return self.date_correct / self.date_checked if self.date_checked else None

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            **{k: _prf_dict(v) for k, v in self.kinds.items()},
            "event_types": {t: _prf_dict(v) for t, v in sorted(self.event_types.items())},
            "event_date_accuracy": _round(self.date_accuracy),
            "event_dates_checked": self.date_checked,
            "participants": _prf_dict(self.participants),
        }


def _round(x: float | None) -> float | None:
    return round(x, 4) if x is not None else None


def _prf_dict(prf: PRF) -> dict:
    return {"precision": round(prf.p, 4), "recall": round(prf.r, 4), "f1": round(prf.f1, 4),
            "tp": prf.tp, "fp": prf.fp, "fn": prf.fn}


def _prf_cells(v: PRF) -> str:
    if v.tp + v.fp + v.fn == 0:  # nothing to find and nothing found
        return f"{'-':>6} {'-':>6} {'-':>6} {0:4d} {0:4d} {0:4d}"
    return f"{v.p:6.3f} {v.r:6.3f} {v.f1:6.3f} {v.tp:4d} {v.fp:4d} {v.fn:4d}"


@dataclass
class Scores:
    overall: dict[str, PRF] = field(default_factory=lambda: {k: PRF() for k in KINDS})
    per_doc: dict[str, dict[str, PRF]] = field(default_factory=dict)
    date_checked: int = 0
    date_correct: int = 0
    missing: list[str] = field(default_factory=list)
    errors: dict[str, dict[str, list]] = field(default_factory=dict)
    total: Group = field(default_factory=Group)
    by_lang: dict[str, Group] = field(default_factory=dict)

    def add(self, doc: str, lang: str, a: ArticleScore) -> None:
        self.per_doc[doc] = a.kinds
        self.errors[doc] = a.errors
        for k in KINDS:
            self.overall[k].add(a.kinds[k])
        self.date_checked += a.date_checked
        self.date_correct += a.date_correct
        self.total.add(a)
        self.by_lang.setdefault(lang or "?", Group()).add(a)

    def to_dict(self) -> dict:
        return {
            "overall": {k: _prf_dict(v) for k, v in self.overall.items()},
            "per_article": {doc: {k: _prf_dict(v) for k, v in kinds.items()}
                            for doc, kinds in self.per_doc.items()},
            "event_date_accuracy": _round(self.total.date_accuracy),
            "event_dates_checked": self.date_checked,
            "event_types": self.total.to_dict()["event_types"],
            "participants": _prf_dict(self.total.participants),
            "by_language": {lang: g.to_dict() for lang, g in sorted(self.by_lang.items())},
            "missing_predictions": self.missing,
        }

    def table(self, per_article: bool = True) -> str:
        head = f"{'article':<32} {'kind':<13} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}"
        lines = [head]
        rows = list(self.per_doc.items()) if per_article else []
        for doc, kinds in rows + [("OVERALL", self.overall)]:
            for k in KINDS:
                lines.append(f"{doc[:32]:<32} {k:<13} {_prf_cells(kinds[k])}")
        if len(self.by_lang) > 1:
            for lang, g in sorted(self.by_lang.items()):
                for k in KINDS:
                    lines.append(f"{'OVERALL ' + lang:<32} {k:<13} {_prf_cells(g.kinds[k])}")
        lines.append("")
        lines.append(f"{'events by type':<46} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
        for t, v in sorted(self.total.event_types.items()):
            lines.append(f"{t:<46} {_prf_cells(v)}")
        lines.append(f"{'participants of matched events':<46} {_prf_cells(self.total.participants)}")
        lines.append("")
        for name, g in [("all", self.total)] + sorted(self.by_lang.items()):
            if name != "all" and len(self.by_lang) < 2:
                continue
            if g.date_checked:
                lines.append(f"event date accuracy ({name}; events matched on type and participants, "
                             f"gold date not null): {g.date_correct}/{g.date_checked} = "
                             f"{g.date_correct / g.date_checked:.3f}")
        return "\n".join(lines)


def _matching(n_left: int, n_right: int, ok) -> list[tuple[int, int]]:
    """Maximum bipartite matching (augmenting paths); ok(i, j) says whether i may pair with j."""
    adj = [[j for j in range(n_right) if ok(i, j)] for i in range(n_left)]
    match_r: dict[int, int] = {}

    def try_(i, seen):
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in match_r or try_(match_r[j], seen):
                match_r[j] = i
                return True
        return False

    for i in range(n_left):
        try_(i, set())
    return [(i, j) for j, i in match_r.items()]


def score_article(gold: dict, pred: dict) -> ArticleScore:
    gents = gold.get("entities", [])
    names_of = {}  # gold canonical -> set of acceptable names
    for g in gents:
        names_of[g["name"]] = {norm(g["name"])} | {norm(a) for a in g.get("aliases", [])}

    def ent_match(pred_name: str | None, gold_name: str | None) -> bool:
        if pred_name is None or gold_name is None:
            return False
        return norm(pred_name) in names_of.get(gold_name, {norm(gold_name)})

    out: dict[str, PRF] = {}
    errors: dict[str, list] = {}
    pents = pred.get("entities", [])
    pairs = _matching(len(pents), len(gents), lambda i, j: pents[i]["type"] == gents[j]["type"]
                      and ent_match(pents[i]["name"], gents[j]["name"]))
    out["entities"] = PRF(len(pairs), len(pents) - len(pairs), len(gents) - len(pairs))
    errors["entities"] = _leftovers(pents, gents, pairs, lambda x: f"{x['type']}: {x['name']}")

    groles, proles = gold.get("roles", []), pred.get("roles", [])
    pairs = _matching(len(proles), len(groles), lambda i, j: ent_match(proles[i]["person"], groles[j]["person"])
                      and role_key(proles[i]["role"]) == role_key(groles[j]["role"]))
    out["roles"] = PRF(len(pairs), len(proles) - len(pairs), len(groles) - len(pairs))
    errors["roles"] = _leftovers(proles, groles, pairs, lambda x: f"{x['person']}: {x['role']}")

    gaff, paff = gold.get("affiliations", []), pred.get("affiliations", [])
    pairs = _matching(len(paff), len(gaff), lambda i, j: ent_match(paff[i]["member"], gaff[j]["member"])
                      and ent_match(paff[i]["parent"], gaff[j]["parent"]))
    out["affiliations"] = PRF(len(pairs), len(paff) - len(pairs), len(gaff) - len(pairs))
    errors["affiliations"] = _leftovers(paff, gaff, pairs, lambda x: f"{x['member']} -> {x['parent']}")

    # the gold format has no "negated" status ("no habrá intervención" is not an event there)
    gev = gold.get("events", [])
    pev = [e for e in pred.get("events", []) if e.get("status") != "negated"]

    def ev_core(i, j) -> bool:
        p, g = pev[i], gev[j]
        if p["type"] != g["type"]:
            return False
        gp = g.get("participants", [])
        hit = sum(any(ent_match(pp, gpp) for pp in p.get("participants", [])) for gpp in gp)
        return hit * 2 >= len(gp) and (hit > 0 or not gp)

    def ev_ok(i, j) -> bool:
        g = gev[j]
        return ev_core(i, j) and (g.get("date") is None or pev[i].get("date") == g["date"])

    pairs = _matching(len(pev), len(gev), ev_ok)
    out["events"] = PRF(len(pairs), len(pev) - len(pairs), len(gev) - len(pairs))
    errors["events"] = _leftovers(pev, gev, pairs, lambda x: f"{x['type']} {x.get('participants')} "
                                  f"{x.get('date')} | {x.get('evidence', '')[:90]}")
    # date accuracy: of the gold events with a date that some prediction matches on type and
    # participants, how many are matched with the right date too
    core = _matching(len(pev), len(gev), ev_core)
    checked = sum(1 for _, j in core if gev[j].get("date"))
    correct = sum(1 for _, j in pairs if gev[j].get("date"))
    return ArticleScore(out, _event_types(pev, gev, pairs), checked, correct,
                        _participants(pev, gev, core, ent_match), errors)


def _event_types(pev: list, gev: list, pairs: list) -> dict[str, PRF]:
    """Events per type: a matched pair is a true positive of its (shared) type."""
    out: dict[str, PRF] = {}
    for _, j in pairs:
        out.setdefault(gev[j]["type"], PRF()).tp += 1
    matched_p, matched_g = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, e in enumerate(pev):
        if i not in matched_p:
            out.setdefault(e["type"], PRF()).fp += 1
    for j, e in enumerate(gev):
        if j not in matched_g:
            out.setdefault(e["type"], PRF()).fn += 1
    return out


def _participants(pev: list, gev: list, core: list, ent_match) -> PRF:
    """Participants of the events matched on type and participants (dates aside): a gold
    participant found among the predicted ones is a true positive, a predicted participant that
    is none of the gold ones a false positive."""
    prf = PRF()
    for i, j in core:
        pp, gp = pev[i].get("participants", []), gev[j].get("participants", [])
        pairs = _matching(len(pp), len(gp), lambda a, b: ent_match(pp[a], gp[b]))
        prf.add(PRF(len(pairs), len(pp) - len(pairs), len(gp) - len(pairs)))
    return prf


def _leftovers(pred, gold, pairs, fmt) -> dict:
    mp = {i for i, _ in pairs}
    mg = {j for _, j in pairs}
    return {"false_positives": [fmt(x) for i, x in enumerate(pred) if i not in mp],
            "false_negatives": [fmt(x) for j, x in enumerate(gold) if j not in mg]}


def load_gold(gold_dir: Path) -> dict[str, dict]:
    out = {}
    files = sorted(Path(gold_dir).glob("*.gold.json"))
    if not files:
        raise FileNotFoundError(f"{gold_dir}: no *.gold.json files")
    for f in files:
        try:
            g = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{f}: not valid JSON ({exc})") from exc
        out[g.get("doc") or f.name.replace(".gold.json", ".txt")] = g
    return out


def evaluate(gold: dict[str, dict], predicted: list[dict]) -> Scores:
    by_doc = {p["doc"]: p for p in predicted}
    scores = Scores()
    for doc, g in sorted(gold.items()):
        p = by_doc.get(doc)
        if p is None:
            scores.missing.append(doc)
            p = {"entities": [], "roles": [], "affiliations": [], "events": []}
        scores.add(doc, g.get("lang") or p.get("lang") or "", score_article(g, p))
    return scores
