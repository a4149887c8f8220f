"""Query latency and load throughput on synthetic graphs of 0.1 M, 1 M and 10 M triples.

The graphs are generated from the ontology, not from article text: a seeded random world of
entities of every class in ``kg.graph.namespaces.ENTITY_CLASSES`` (countries, ministries and agencies in
a hierarchy, international organisations, cartels, places, outlets, people), posts from the title
list, and synthetic articles, each with its entity mentions, memberships, affiliations and events
of every type in ``EVENT_TYPES`` (participants, dates at day/month/year precision, modes, statuses,
quotes, places; some events reported by several articles with dates that differ by a day). Every
triple is written by the product's own writer (:class:`kg.graph.writer.RDFWriter`), one named graph per
article plus the gazetteer and entity graphs and the ontology, so the shape is exactly that of a
real build.

Measured, per size:
- load throughput (triples/s): into the embedded store the way ``kg build`` writes it (one
  ``replace_graph`` transaction per named graph), and into an Oxigraph server started here on
  127.0.0.1 the way ``kg load`` pushes it (one Graph Store ``PUT`` per graph, counts checked);
- p50/p95 latency of every library query on embedded Oxigraph and on rdflib's memory store
  (rdflib up to ``--rdflib-max`` triples); each query runs in a forked process that is stopped
  after ``--timeout`` seconds, with one warm-up run and up to ``--reps`` timed runs within
  ``--budget`` seconds;
- the same for the typical filtered call of each query that has optional parameters (one
  actor, one month, one event type: :func:`filtered_params`), on embedded Oxigraph.

    .venv/bin/python bench/queries.py --sizes 0.1M,1M
    .venv/bin/python bench/queries.py --sizes 10M --rdflib-max 0 --no-server
"""
from __future__ import annotations

import sys
from pathlib import Path

# bench/ holds scripts whose names shadow the standard library (html.py): keep it off the path
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import itertools
import multiprocessing
import random
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pyoxigraph as ox
from rdflib import Dataset, Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.graph.iris import IRIs  # noqa: E402
from kg.graph.namespaces import KGO, SDO, SKOS  # noqa: E402
from kg.graph.writer import ROLE_LABELS, RDFWriter  # noqa: E402
from kg.model import (  # noqa: E402
    EVENT_TYPES,
    MODES,
    Affiliation,
    ArticleFacts,
    Corpus,
    Document,
    Entity,
    EntityMention,
    EntityOccurrence,
    Event,
    Role,
    Span,
    TimeValue,
)
from kg.queries.formats import compact  # noqa: E402
from kg.queries.library import QueryLibrary  # noqa: E402
from kg.store.binding import bind_values  # noqa: E402
from kg.store.embedded import RdflibEngine, Store  # noqa: E402
from kg.store.remote import Endpoint  # noqa: E402
from kg.store.results import Result  # noqa: E402
from kg.store.serve import oxigraph_binary  # noqa: E402
from kg.store.terms import to_ox  # noqa: E402

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
EXTRACTORS = ("gazetteer", "ner", "pattern:title", "headword", "given-name")
COMMUNICATIVE = {"Communication": ("phone", "video", "written", "post"),
                 "Meeting": ("in_person", "working_group", "summit")}


# ----------------------------------------------------------------------------- the world


class World:
    """A random world sized for about ``n_articles`` articles (seeded, so runs are repeatable)."""

    def __init__(self, n_articles: int, seed: int = 7):
        self.rng = rng = random.Random(seed)
        self._cum: dict[int, list[float]] = {}
        scale = max(1, n_articles // 40)
        self.entities: dict[str, Entity] = {}
        self.affiliations: list[Affiliation] = []
        self.countries = [self._add(f"country/c{i}", "Country", f"Country {i}", gaz=True)
                          for i in range(min(60, 10 + scale))]
        self.ministries, self.agencies = [], []
        for i in range(20 * scale):
            c = rng.choice(self.countries)
            m = self._add(f"ministry/m{i}", "Ministry", f"Ministry {i} of {self.entities[c].name}",
                          country=c, gaz=rng.random() < 0.7)
            self.ministries.append(m)
        for i in range(40 * scale):
            parent = rng.choice(self.ministries + self.agencies[-20:])
            a = self._add(f"agency/g{i}", "Agency", f"Agency {i}", country=self.entities[parent].country,
                          parent=parent, gaz=rng.random() < 0.5)
            self.agencies.append(a)
        self.intl = [self._add(f"international-organization/o{i}", "InternationalOrganization",
                               f"International Organisation {i}", gaz=True)
                     for i in range(5 + scale // 2)]
        self.cartels = [self._add(f"criminal-organization/k{i}", "CriminalOrganization",
                                  f"Cartel {i}", country=rng.choice(self.countries))
                        for i in range(5 + scale)]
        self.places = [self._add(f"place/p{i}", "Place", f"Place {i}",
                                 country=rng.choice(self.countries)) for i in range(30 * scale)]
        self.media = [self._add(f"media/n{i}", "Media", f"Outlet {i}", gaz=True)
                      for i in range(10 + scale // 4)]
        self.people = [self._add(f"person/person-{i}", "Person", f"Person Number{i}",
                                 country=rng.choice(self.countries)) for i in range(100 * scale)]
        self.orgs = self.ministries + self.agencies
        self.actors = self.people + self.orgs + self.countries + self.intl + self.cartels
        self.roles = sorted(ROLE_LABELS)
        self.events: list[tuple[str, str]] = []  # (key, type) of events that can be re-reported

    def _add(self, key, etype, name, country=None, parent=None, gaz=False) -> str:
        aliases = {f"{name} alias": "en", f"{name} alias es": "es"} if self.rng.random() < 0.6 else {}
        self.entities[key] = Entity(key=key, type=etype, name=name, name_lang="en" if gaz else None,
                                    aliases=aliases, country=country, parent=parent,
                                    gazetteer_id=key if gaz else None)
        return key

    def pick(self, pool: list[str]) -> str:
        """Zipf popularity: the r-th actor of a pool is picked with weight 1/r, so a few actors
        appear in most articles and most actors in a few (as heads of state do in the news)."""
        cum = self._cum.get(id(pool))
        if cum is None or len(cum) != len(pool):
            cum = self._cum[id(pool)] = list(itertools.accumulate(1 / (r + 1)
                                                                  for r in range(len(pool))))
        return self.rng.choices(pool, cum_weights=cum)[0]


def _span(rng, text: str, sentence: str) -> Span:
    start = rng.randrange(0, 4000)
    return Span(start, start + len(text), text, 0, len(sentence), sentence)


def article(world: World, n: int) -> ArticleFacts:
    rng = world.rng
    lang = "en" if rng.random() < 0.7 else "es"
    published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 540))
    doc = Document(id=f"{n:06d}_synthetic", text="", lang=lang, published=published,
                   outlet=None, url=f"https://news.example.org/{n}")
    art = ArticleFacts(doc=doc, publisher=rng.choice(world.media))

    def mention(key: str) -> None:
        ent = world.entities[key]
        occ = art.entities.setdefault(key, EntityOccurrence(key))
        for _ in range(rng.randint(1, 3)):
            sentence = f"Sentence {rng.randrange(100)} of article {n} about {ent.name}."
            occ.mentions.append(EntityMention(
                _span(rng, ent.name, sentence), ent.type, rng.choice(EXTRACTORS),
                round(rng.uniform(0.5, 1.0), 2), key=key))

    def sent(text: str) -> Span:
        return _span(rng, text, f"{text}, said sentence {rng.randrange(100)} of article {n}.")

    for _ in range(rng.randint(8, 14)):
        mention(world.pick(world.actors))
    mention(rng.choice(world.places))
    for _ in range(rng.randint(3, 6)):
        person, org = world.pick(world.people), world.pick(world.orgs)
        role_id = rng.choice(world.roles)
        mention(person)
        mention(org)
        art.roles.append(Role(person, ROLE_LABELS[role_id], role_id, org,
                              world.entities[org].country, rng.random() < 0.15,
                              sent(f"{ROLE_LABELS[role_id]} {world.entities[person].name}"),
                              "pattern:title", 0.8, lang))
    for _ in range(rng.randint(0, 2)):
        member, parent = rng.choice(world.agencies), rng.choice(world.ministries)
        mention(member)
        art.affiliations.append(Affiliation(member, parent, sent("part of"), "pattern:affiliation",
                                            0.7))
    for i in range(rng.randint(8, 16)):
        if world.events and rng.random() < 0.2:  # another report of a known event
            key, etype = rng.choice(world.events)
        else:
            etype = rng.choice(EVENT_TYPES)
            key = f"{etype.lower()}/{n:06d}-{i}"
            world.events.append((key, etype))
        parts = []
        for j in range(rng.randint(1, 4)):
            who = world.pick(world.actors)
            mention(who)
            parts.append((who, ("initiator", "recipient", "participant")[min(j, 2)]))
        r = rng.random()
        day = published - dt.timedelta(days=rng.randrange(0, 10))
        time_value = (TimeValue("on that day", day.isoformat(), "day") if r < 0.6 else
                      TimeValue("that month", day.strftime("%Y-%m"), "month") if r < 0.75 else
                      TimeValue("that year", str(day.year), "year") if r < 0.8 else
                      TimeValue("recently", None, None, "unresolved") if r < 0.9 else None)
        mode = rng.choice(COMMUNICATIVE[etype]) if etype in COMMUNICATIVE else None
        assert mode is None or mode in MODES
        status = rng.choices(("occurred", "planned", "proposed", "rejected", "negated"),
                             (80, 8, 5, 4, 3))[0]
        place = rng.choice(world.places) if rng.random() < 0.3 else None
        if place:
            mention(place)
        quote = f"Quote {rng.randrange(10**6)} in article {n}." if etype == "Statement" else None
        art.events.append(Event(key, etype, mode, parts, time_value, place, status,
                                sent(etype.lower()), sent(etype.lower()), quote, "trigger",
                                round(rng.uniform(0.5, 0.95), 2),
                                "press conference" if quote and rng.random() < 0.3 else None))
    return art


def _quads(graph: Graph, name: str) -> list[ox.Quad]:
    g = ox.NamedNode(name)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph]


def generate(target: int, seed: int = 7):
    """Yield (graph IRI, quads) until about ``target`` triples: articles first, then the
    gazetteer and entity graphs of every entity used (the ontology is loaded by the caller)."""
    world = World(max(1, target // 1250), seed)
    corpus = Corpus(entities=world.entities)
    writer = RDFWriter(corpus)
    iris = IRIs()
    total, n = 0, 0
    while total < target:
        art = article(world, n)
        n += 1
        corpus.articles.append(art)
        g = Graph()
        writer.add_article_graph(g, art)
        name = str(iris.article_graph(art.doc.id))
        quads = _quads(g, name)
        total += len(quads)
        # keep what the corpus-level graphs read (entity keys, posts, one mention, event and
        # affiliation per extractor) and drop the rest, so that memory stays small
        art.entities = {k: EntityOccurrence(k, list({m.extractor: m for m in occ.mentions}.values()))
                        for k, occ in art.entities.items()}
        art.events = list({ev.extractor: ev for ev in art.events}.values())
        art.affiliations = list({a.extractor: a for a in art.affiliations}.values())
        yield name, quads
    for name, add in ((str(iris.gazetteer_graph()), writer.add_gazetteer_graph),
                      (str(iris.entities_graph()), writer.add_entities_graph)):
        g = Graph()
        add(g)
        yield name, _quads(g, name)


# ----------------------------------------------------------------------------- measuring


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(make_engine, sparql, bindings, reps: int, budget: float, timeout: float):
    """p50/p95 inputs for one query: in a forked child (so a run that takes too long can be
    stopped, whatever the engine), one warm-up run, then up to ``reps`` timed runs while the
    runs so far took less than ``budget`` seconds. Returns (seconds per run, rows) or None."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def child():
        engine = make_engine()
        res = engine.query(sparql, bindings)  # warm-up
        times = []
        while len(times) < reps and sum(times) < budget:
            t0 = time.perf_counter()
            engine.query(sparql, bindings)
            times.append(time.perf_counter() - t0)
        send.send((times, len(res.rows)))

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    try:
        if recv.poll(timeout):
            return recv.recv()
        return None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()


class MaterialisedUnion:
    """Oxigraph with the union of the named graphs also stored, deduplicated, as the default
    graph, queried without ``use_default_graph_as_union`` (GRAPH ?g still sees the named graphs).
    Not the product's store: measures what such a layout would give (``--materialised``)."""

    def __init__(self, path):
        self.store = ox.Store.read_only(str(path))

    def query(self, sparql, bindings):
        res = self.store.query(bind_values(sparql, bindings))
        return Result([v.value for v in res.variables], [tuple(s) for s in res])


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def params_for(spec, store: Store, lib: QueryLibrary) -> dict:
    """Parameter values that select something in the synthetic graph."""
    hub = {"Person": "entity/person/person-0", "Ministry": "entity/ministry/m0",
           "Country": "entity/country/c0"}
    base = str(IRIs().ns)
    out = {}
    for p in spec.params:
        if p.default is not None or not p.required:
            continue
        if p.type == "date":
            out[p.name] = "2025-03-01" if p.name in ("from", "since") else "2025-12-31"
        elif p.type == "iri":
            if p.name == "about":
                ev = store.query("SELECT ?e WHERE { ?e a <https://w3id.org/secdip/ontology#Event> } "
                                 "LIMIT 1").rows
                out[p.name] = str(ev[0][0])
            elif p.name in ("org", "entity"):
                out[p.name] = base + hub["Ministry"]
            elif p.name == "country":
                out[p.name] = base + hub["Country"]
            elif p.name == "to":
                out[p.name] = base + "entity/person/person-1"
            else:
                out[p.name] = base + hub["Person"]
        elif p.name == "type":
            out[p.name] = "Person"
        elif p.name == "post":
            out[p.name] = "minister"
        else:
            out[p.name] = "number1"
    return out


#: parameters whose typical value is looked up: a value the answer has rows for (a quoted speaker,
#: an entity with an alias, an event whose reports give different dates; the first outlet)
FOUND_BY = {
    "speaker": f"?e {KGO.quote.n3()} ?q ; {KGO.initiator.n3()} ?x",
    "entity": f"?x {SKOS.altLabel.n3()} ?a",
    "event": f"GRAPH ?g1 {{ ?x {KGO.date.n3()} ?d1 }} GRAPH ?g2 {{ ?x {KGO.date.n3()} ?d2 }} "
             "FILTER(?d1 != ?d2)",
    "outlet": f"?a {SDO.publisher.n3()} ?x",
}


def filtered_params(spec, store: Store, lib: QueryLibrary) -> dict | None:
    """A typical filtered call: every optional parameter of ``spec`` set to a value that selects
    an ordinary part of the graph (person-7, the 8th most mentioned person, not the hub; one
    month; one event type; a quoted speaker, an entity with an alias, an event whose reports
    disagree), with the required ones from :func:`params_for`. None when the query
    has no optional filter."""
    base = str(IRIs().ns)
    optional = [p for p in spec.params if not p.required and p.default is None]
    if not optional:
        return None
    out = params_for(spec, store, lib)
    for p in optional:
        if p.name in FOUND_BY:
            rows = store.query(f"SELECT ?x WHERE {{ {FOUND_BY[p.name]} }} "
                               f"{'ORDER BY ?x ' * (p.name == 'outlet')}LIMIT 1").rows
            if rows:
                out[p.name] = str(rows[0][0])
        elif p.name in ("actor", "person"):
            out[p.name] = base + "entity/person/person-7"
        elif p.name == "org":
            out[p.name] = base + "entity/ministry/m0"
        elif p.name == "country":
            out[p.name] = base + "entity/country/c3"
        elif p.name == "type":
            out[p.name] = "Person" if "actor" in spec.name else "Meeting"
        elif p.name == "status":
            out[p.name] = "occurred"
        elif p.name == "month":
            out[p.name] = "2025-03"
        elif p.name in ("from", "to"):
            out[p.name] = "2025-03-01" if p.name == "from" else "2025-03-31"
        elif p.name == "post":
            out[p.name] = "minister"
        else:
            raise SystemExit(f"bench/queries.py: no typical value for {spec.name}'s "
                             f"parameter {p.name!r}; add one to filtered_params()")
    return out


def filtered_table(store: Store, args, lib: QueryLibrary, path: Path) -> float:
    """p50/p95 of the typical filtered call of every query that has an optional filter."""
    print("\nFiltered calls (the optional parameters set, as an analyst asks about one actor, "
          "month or type):\n\n| query | parameters | rows | Oxigraph p50 ms | Oxigraph p95 ms |"
          "\n|---|---|---|---|---|")
    worst = 0.0
    for spec in lib.list():
        if args.only and spec.name not in args.only.split(","):
            continue
        params = filtered_params(spec, store, lib)
        if params is None:
            continue
        shown = ", ".join(f"{k}={compact(v) if v.startswith('http') else v}"
                          for k, v in params.items())
        got = measure(lambda: Store(path, read_only=True), spec.sparql,
                      lib.bindings(spec, store, params), args.reps, args.budget, args.timeout)
        if got is None:
            worst = float("inf")
            print(f"| {spec.name} | {shown} | ? | > {args.timeout * 1000:,.0f} | timeout |")
            continue
        xs, nrows = got
        p95 = pct(xs, .95) * 1000
        worst = max(worst, p95)
        print(f"| {spec.name} | {shown} | {nrows:,} | {pct(xs, .5) * 1000:,.1f} | {p95:,.1f} |",
              flush=True)
    return worst


def bench_size(target: int, args, lib: QueryLibrary) -> None:
    keep = Path(args.keep) / f"{target}" if args.keep else None
    tmp = keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        print(f"\n## {target:,} triples (target)\n", flush=True)
        if keep and (keep / "complete").exists():
            print(f"reusing the graph generated earlier in {keep} (--keep)", flush=True)
            query_tables(tmp, args, lib)
            return
        shutil.rmtree(tmp / "store", ignore_errors=True)
        tmp.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        store = Store(tmp / "store")
        n = n_graphs = 0
        took = 0.0
        for name, quads in generate(target, args.seed):
            triples = [(q.subject, q.predicate, q.object) for q in quads]
            t1 = time.perf_counter()
            store.replace_graph(name, triples)
            took += time.perf_counter() - t1
            n += len(triples)
            n_graphs += 1
        print(f"generated {n:,} triples in {n_graphs:,} named graphs "
              f"({time.perf_counter() - t0 - took:.0f} s)", flush=True)
        t0 = time.perf_counter()
        onto = store.load_ontology(ONTOLOGY)
        took += time.perf_counter() - t0
        total = store.count()
        print(f"load, embedded Oxigraph (one replace transaction per graph, as kg build): "
              f"{total:,} quads in {took:.1f} s = {n / took:,.0f} triples/s "
              f"(+ ontology {onto} triples)", flush=True)

        # flushed and reopened read-only, so the query processes open it at once (a read-only
        # instance opened beside an unflushed writer replays its whole log first)
        store._store.flush()
        del store
        if keep:
            (keep / "complete").write_text("")
        store = Store(tmp / "store", read_only=True)
        if not args.no_server:
            server_load(store, tmp, total)
        del store
        query_tables(tmp, args, lib)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)


def query_tables(tmp: Path, args, lib: QueryLibrary) -> None:
    """Time every library query on the store in ``tmp`` (and on the other engines asked for)."""
    store = Store(tmp / "store", read_only=True)
    total = store.count()
    if args.materialised and not (tmp / "union").exists():
        t0 = time.perf_counter()
        union = ox.Store(str(tmp / "union"))
        union.bulk_extend(store.quads())
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                          for q in store.quads())
        union.flush()
        print(f"materialised union store: {len(union):,} quads "
              f"({time.perf_counter() - t0:.0f} s)", flush=True)
        del union

    rd = None
    if total <= args.rdflib_max:
        t0 = time.perf_counter()
        ds = Dataset()
        from kg.store.terms import from_ox
        for q in store.quads():
            ds.graph(from_ox(q.graph_name)).add(
                (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        rd = RdflibEngine(ds)
        del ds
        print(f"rdflib memory store filled in {time.perf_counter() - t0:.0f} s", flush=True)

    extra = (" materialised union p50 ms | materialised union p95 ms |" if args.materialised
             else "")
    print("\n| query | rows | Oxigraph p50 ms | Oxigraph p95 ms | rdflib p50 ms | "
          "rdflib p95 ms |" + extra + "\n|---|---|---|---|---|---|"
          + "---|---|" * bool(extra))
    path = tmp / "store"
    worst = 0.0
    for spec in lib.list():
        if args.only and spec.name not in args.only.split(","):
            continue
        bindings = lib.bindings(spec, store, params_for(spec, store, lib))
        got = measure(lambda: Store(path, read_only=True), spec.sparql, bindings, args.reps,
                      args.budget, args.timeout)
        if got is None:
            worst = float("inf")
            cells = [spec.name, "?", f"> {args.timeout * 1000:,.0f}", "timeout"]
        else:
            xs, nrows = got
            p50, p95 = pct(xs, .5) * 1000, pct(xs, .95) * 1000
            worst = max(worst, p95)
            cells = [spec.name, f"{nrows:,}", f"{p50:,.1f}", f"{p95:,.1f}"]
        if rd is None:
            cells += ["skipped", "skipped"]
        else:
            got = measure(lambda: rd, spec.sparql, bindings, args.reps, args.budget,
                          args.timeout)
            cells += ([f"> {args.timeout * 1000:,.0f}", "timeout"] if got is None else
                      [f"{pct(got[0], .5) * 1000:,.0f}", f"{pct(got[0], .95) * 1000:,.0f}"])
        if args.materialised:
            got = measure(lambda: MaterialisedUnion(tmp / "union"), spec.sparql, bindings,
                          args.reps, args.budget, args.timeout)
            cells += ([f"> {args.timeout * 1000:,.0f}", "timeout"] if got is None else
                      [f"{pct(got[0], .5) * 1000:,.1f} ({got[1]:,} rows)",
                       f"{pct(got[0], .95) * 1000:,.1f}"])
        print("| " + " | ".join(cells) + " |", flush=True)
    worst_filtered = filtered_table(store, args, lib, path)

    def verdict(w: float) -> str:
        return (f"over {args.timeout:g} s (a timeout)" if w == float("inf") else
                f"p95 {w:,.1f} ms") + f" ({'meets' if w <= 100 else 'MISSES'} the 100 ms target)"

    print(f"\nslowest library query on embedded Oxigraph: {verdict(worst)}", flush=True)
    print(f"slowest filtered call on embedded Oxigraph: {verdict(worst_filtered)}", flush=True)
    del store


def server_load(store: Store, tmp: Path, total: int) -> None:
    exe = oxigraph_binary()
    port = free_port()
    proc = subprocess.Popen([str(exe), "serve", "--location", str(tmp / "server"), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        ep = Endpoint(url + "/query", graph_store_url=url + "/store", timeout=300)
        report = ep.load_store(store, chunk_size=1_000_000)
        loaded = sum(g.triples for g in report.loaded)
        print(f"load, Oxigraph server on 127.0.0.1 (kg load: one Graph Store PUT per graph, "
              f"count checked): {loaded:,} triples in {report.seconds:.1f} s = "
              f"{loaded / report.seconds:,.0f} triples/s, {len(report.failed)} graphs failed",
              flush=True)
    finally:
        proc.terminate()
        proc.wait(30)


def parse_size(text: str) -> int:
    t = text.strip().lower()
    mult = 1_000_000 if t.endswith("m") else 1_000 if t.endswith("k") else 1
    return int(float(t.rstrip("mk")) * mult)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="0.1M,1M", help="comma-separated, e.g. 0.1M,1M,10M")
    ap.add_argument("--reps", type=int, default=20, help="timed runs per query on Oxigraph")
    ap.add_argument("--rdflib-max", type=parse_size, default=1_100_000,
                    help="largest graph also measured on rdflib (triples)")
    ap.add_argument("--budget", type=float, default=5.0,
                    help="stop timing a query once its runs took this many seconds")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds before a query is given up (warm-up and timed runs)")
    ap.add_argument("--no-server", action="store_true", help="skip the Oxigraph server load")
    ap.add_argument("--materialised", action="store_true",
                    help="also time the queries on a store whose default graph holds the "
                         "deduplicated union of the named graphs")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", help="comma-separated query names (default: all)")
    ap.add_argument("--keep", metavar="DIR",
                    help="keep the generated stores in DIR/<size>/ and reuse them on the next "
                         "run with the same DIR (the generator's output for a size and seed)")
    args = ap.parse_args()
    lib = QueryLibrary()
    import platform
    print(f"# bench/queries.py  {dt.datetime.now():%Y-%m-%d %H:%M}  Python "
          f"{platform.python_version()}  pyoxigraph {ox.__version__}  "
          f"{len(lib.list())} library queries", flush=True)
    for size in args.sizes.split(","):
        bench_size(parse_size(size), args, lib)


if __name__ == "__main__":
    main()
