"""Event frames (kg/data/frames.jsonl): verbs and nominalisations in both languages, their voice
(active, passive, impersonal, nominal), the guards against generic mentions, and statements that
only announce the speaker's own act. Texts written for these tests."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.data import load_triggers
from kg.data.frames import es_noun_forms, es_verb_forms, load_frames, load_morphology
from kg.extract import default_extractor
from kg.model import Document
from kg.nlp import pipeline

PUB = dt.date(2026, 3, 6)


def extract(text: str, lang: str = "en"):
    doc = Document("t", text, lang, PUB, path="t.txt")
    parsed = pipeline.to_parsed(pipeline.pipeline(lang)(text), lang, "test", text)
    return default_extractor().extract(doc, parsed)


def events(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(e.type, e.trigger.text) for e in extract(text, lang).events]


def test_spanish_forms_come_from_the_lemma():
    morph = load_morphology()
    forms = es_verb_forms("decomisar", morph)
    assert {"decomisó", "decomisaron", "decomisados", "decomisará", "decomisaba"} <= forms
    assert {"se niega", "se negaron", "negarse"} & es_verb_forms("negarse", morph) >= {"negarse", "se negaron"}
    assert "ataque" in es_verb_forms("atacar", morph)  # c -> qu before e
    assert es_noun_forms("extradición", morph) == {"extradición", "extradiciones"}
    assert es_noun_forms("arancel", morph) == {"arancel", "aranceles"}


def test_every_frame_has_a_role_scheme_and_both_languages():
    for frame, lexemes, _ in load_frames():
        assert set(lexemes) == {"en", "es"}, frame.id
        assert frame.role_of("passive", "by") in ("initiator", None)
    assert any(t.frame is not None for t in load_triggers())


@pytest.mark.parametrize("text,expected", [
    ("Peruvian police arrested two suspected smugglers in Lima on Tuesday.", ("Arrest", "arrested", "active")),
    ("The former mayor was extradited to Italy by Argentine authorities last week.", ("Arrest", "extradited", "passive")),
    ("The extradition of Jorge Salas to Panama was approved on Monday.", ("Arrest", "extradition", "nominal")),
    ("Twelve gang members were deported to Honduras by the Guatemalan government.", ("Arrest", "deported", "passive")),
    ("The Colombian navy seized three tons of cocaine off the coast of Cartagena.", ("Seizure", "seized", "active")),
    ("The Treasury designated the militia as a foreign terrorist organization on Friday.", ("Sanction", "designated", "active")),
    ("Chile imposed tariffs on Bolivian lithium after the talks failed.", ("Sanction", "imposed", "active")),
    ("Ecuador rejected the proposal from Peru during the summit in Quito.", ("Rejection", "rejected", "active")),
])
def test_english_frames_on_the_parse(text, expected):
    ev = extract(text).events
    found = [(e.type, e.trigger.text) for e in ev]
    assert expected[:2] in found, found


@pytest.mark.parametrize("text,expected", [
    ("La Policía Nacional de Perú detuvo a tres integrantes de una banda en Lima.", ("Arrest", "detuvo")),
    ("En el operativo se aseguraron 40 kilos de cocaína y dos armas largas en Cali.", ("Seizure", "aseguraron")),
    ("El exalcalde fue extraditado a Italia por las autoridades de Argentina.", ("Arrest", "extraditado")),
    ("La detención de Jorge Salas por parte de la policía de Panamá ocurrió el lunes.", ("Arrest", "detención")),
    ("El Gobierno de Chile impuso aranceles al litio de Bolivia tras la reunión.", ("Sanction", "impuso")),
    ("Ecuador se negó a firmar el documento que presentó el Gobierno de Perú.", ("Rejection", "se negó")),
    ("Las autoridades decomisaron 300 kilos de marihuana en la frontera con Paraguay.", ("Seizure", "decomisaron")),
])
def test_spanish_frames_from_generated_forms(text, expected):
    assert expected in events(text, "es")


def test_voice_is_on_the_match():
    from kg.extract.context import Context
    from kg.extract.events.triggers import TriggerFinder
    text = "Se detuvo a dos hombres en Quito. La policía de Ecuador fue informada del traslado de los presos."
    doc = Document("t", text, "es", PUB, path="t.txt")
    ctx = Context.start(doc, pipeline.to_parsed(pipeline.pipeline("es")(text), "es", "test", text))
    matches = {text[m.start:m.end]: m for m in TriggerFinder(load_triggers()).find(ctx)}
    assert matches["detuvo"].voice == "impersonal"
    assert matches["detuvo"].frame.role_of("impersonal", "object") == "recipient"
    assert matches["traslado"].voice == "nominal" and matches["traslado"].type == "Arrest"


@pytest.mark.parametrize("text,lang", [
    ("Peru and Bolivia signed an extradition treaty in 2019.", "en"),
    ("Judges in Paraguay issued new arrest warrants for the suspects.", "en"),
    ("Perú y Bolivia firmaron un tratado de extradición en 2019.", "es"),
    ("El presidente de Chile aseguró que no habrá cambios en la política exterior.", "es"),
    ("La policía de Uruguay presentó a las personas detenidas ante el juez el jueves.", "es"),
    ("The minister said the country will not rule out new measures against Peru.", "en"),
])
def test_generic_mentions_are_no_events(text, lang):
    got = [t for t, _ in events(text, lang)]
    assert not {"Arrest", "Seizure", "Rejection"} & set(got), got


def test_asegurar_is_a_statement_without_seized_goods():
    got = events("El ministro de Bolivia aseguró que el diálogo con Perú continuará.", "es")
    assert ("Statement", "aseguró") in got and not any(t == "Seizure" for t, _ in got)


def test_announcing_ones_own_act_is_the_act_not_a_statement():
    got = events("The government of Chile announced new tariffs on Bolivian lithium on Monday.")
    assert any(t == "Sanction" for t, _ in got) and not any(t == "Statement" for t, _ in got), got
    got = events("Peru said it rejected the proposal of the Bolivian government.")
    assert any(t == "Rejection" for t, _ in got) and not any(t == "Statement" for t, _ in got), got
    # reported speech about someone else's act keeps both
    got = events("Peruvian President Ana Ruiz said that Bolivia arrested two Chilean officers.")
    assert {"Statement", "Arrest"} <= {t for t, _ in got}, got


def test_passive_allegation_is_no_statement():
    got = events("The former governor of Tacna is accused of laundering money for a smuggling ring.")
    assert not any(t == "Statement" for t, _ in got), got


# -- Meeting, Communication, Agreement and Demand frames ------------------------------------

@pytest.mark.parametrize("text,lang,expected", [
    ("Peruvian Foreign Minister Ana Ruiz met with her Chilean counterpart Pablo Ríos in Lima on Monday.", "en",
     ("Meeting", "in_person")),
    ("Chilean President Pablo Ríos will visit Bolivia next week, his office said.", "en", ("Meeting", "in_person")),
    ("La canciller de Perú, Ana Ruiz, se reunió con el ministro de Chile, Pablo Ríos, en Lima.", "es",
     ("Meeting", "in_person")),
    ("Según la embajada, varios jefes militares de Bolivia se habrían reunido con el ministro de Perú, Luis Soto.",
     "es", ("Meeting", "in_person")),
    ("La visita del canciller de Chile, Pablo Ríos, a Bolivia terminó el martes.", "es", ("Meeting", "in_person")),
    ("Los presidentes de Perú y Chile participaron en la cumbre de Quito el lunes.", "es", ("Meeting", "summit")),
    ("Los detalles se discutirán en mesas de trabajo entre Perú y Chile.", "es", ("Meeting", "working_group")),
    ("Peruvian President Ana Ruiz spoke by video with Chilean President Pablo Ríos on Tuesday.", "en",
     ("Communication", "video")),
    ("Chilean President Pablo Ríos called Peruvian President Ana Ruiz on Tuesday night.", "en",
     ("Communication", "phone")),
    ("La presidenta de Perú, Ana Ruiz, conversó con el presidente de Chile, Pablo Ríos.", "es",
     ("Communication", None)),
    ("Bolivia and Peru agreed to share intelligence on smuggling routes.", "en", ("Agreement", None)),
    ("Perú y Chile firmaron un acuerdo de cooperación aduanera en Arica.", "es", ("Agreement", None)),
    ("Chilean President Pablo Ríos urged Bolivia to close the border crossings.", "en", ("Demand", None)),
    ("El Gobierno de Chile exigió a Bolivia resultados contra el contrabando.", "es", ("Demand", None)),
])
def test_interaction_frames(text, lang, expected):
    got = [(e.type, e.mode) for e in extract(text, lang).events]
    assert expected in got, got


@pytest.mark.parametrize("text,lang,unwanted", [
    ("Bolivia failed to meet the deadline set by the Peruvian government.", "en", "Meeting"),
    ("Chilean President Pablo Ríos called for calm after the vote in Santiago.", "en", "Communication"),
    ("Peruvian President Ana Ruiz spoke to reporters in Lima on Tuesday.", "en", "Communication"),
    ("Former Bolivian minister Luis Soto pleaded not guilty in a court in La Paz.", "en", "Demand"),
    ("Asked whether Chile would leave the bloc, Pablo Ríos said no decision had been taken.", "en", "Demand"),
    ("El Gobierno de Bolivia rechazó de manera firme el plan de Perú.", "es", "Agreement"),
])
def test_interaction_guards(text, lang, unwanted):
    got = [t for t, _ in events(text, lang)]
    assert unwanted not in got, got


def test_a_speech_verb_with_a_social_network_is_a_post():
    got = [(e.type, e.mode) for e in extract("Chilean President Pablo Ríos said on X that the talks with "
                                             "Bolivia had been productive.").events]
    assert ("Communication", "post") in got and ("Statement", None) not in got, got
    got = [(e.type, e.mode) for e in extract("A través de su cuenta de X, el canciller de Perú, Luis Soto, "
                                             "informó que la reunión fue positiva.", "es").events]
    assert ("Communication", "post") in got and ("Statement", None) not in got, got


# -- paused measures and threats ---------------------------------------------------------------

@pytest.mark.parametrize("text,lang", [
    ("Chilean President Pablo Ríos decided to delay the tariffs on Peruvian copper by a month.", "en"),
    ("Chile agreed to pause the tariffs on Bolivian lithium for sixty days.", "en"),
    ("El Gobierno de Chile decidió suspender los aranceles al cobre de Perú durante un mes.", "es"),
    ("El Gobierno de Chile aplazó los aranceles al litio de Bolivia hasta marzo.", "es"),
])
def test_paused_tariffs_are_no_sanction(text, lang):
    got = [t for t, _ in events(text, lang)]
    assert "Sanction" not in got, got


@pytest.mark.parametrize("text,lang", [
    ("Peru managed to avoid the imposition of a 30% tariff by the Chilean government.", "en"),
    ("Brasil amenazó con imponer aranceles a los vinos de Chile.", "es"),
    ("Chilean President Pablo Ríos threatened to impose tariffs on Bolivian lithium.", "en"),
])
def test_threatened_or_averted_measures_are_threats(text, lang):
    got = [t for t, _ in events(text, lang)]
    assert "Threat" in got and "Sanction" not in got, got


def test_a_hypothetical_measure_its_actor_speaks_of_is_a_threat():
    got = events("Peruvian President Ana Ruiz said she would consider launching strikes against the camps.")
    assert ("Threat", "strikes") in got and ("SecurityOperation", "strikes") in got, got
    got = events("El presidente de Chile, Pablo Ríos, afirmó que su gobierno podría imponer aranceles a Bolivia.", "es")
    assert "Threat" in {t for t, _ in got}, got
    # deliberation that nobody announces stays a hypothetical operation only
    got = events("Bolivian officials considered the use of drone strikes against the camps.")
    assert "Threat" not in {t for t, _ in got}, got


@pytest.mark.parametrize("text,expected", [
    ("La embajadora Ana Ruiz reconoció ante los medios que la reunión con Perú fue difícil.", ("Statement", "reconoció")),
    ("La cancillería de Chile destacó que la cooperación con Bolivia es amplia.", ("Statement", "destacó")),
    ("El ministro Pedro Soto adelantó que Uruguay enviará una delegación a Lima.", ("Statement", "adelantó")),
])
def test_spanish_speech_verbs_of_a_named_speaker(text, expected):
    assert expected in events(text, "es")


def test_a_credit_to_a_social_account_before_a_long_subject_is_a_post():
    found = events("A través de su cuenta de la red social X, el ministro Pedro Castillo informó que "
                   "la reunión con Chile fue un éxito.", "es")
    assert ("Communication", "informó") in found and ("Statement", "informó") not in found


@pytest.mark.parametrize("text,lang,trigger", [
    ("The government of Canada announced that it will be implementing a 20 percent tariff on steel from Brazil.",
     "en", "implementing"),
    ("Brazil protested against the imposition of new tariffs on its steel by Canada.", "en", "imposition"),
    ("El gobierno de Canadá anunció que aplicará aranceles del 25% a los productos de Brasil.", "es", "aplicará"),
    ("Brasil protestó por la imposición de aranceles por parte de Canadá.", "es", "imposición"),
])
def test_implementing_or_imposing_a_measure_is_a_sanction(text, lang, trigger):
    found = events(text, lang)
    assert ("Sanction", trigger) in found, found
    assert not any(t == "Statement" for t, _ in found)  # the announcement is of the speaker's own act


@pytest.mark.parametrize("text,lang", [
    ("If Peru insists on waging a trade war, Chile will respond in kind.", "en"),
    ("The president of Peru, Pedro Soto, is asking everyone to remain calm.", "en"),
    ("Peru called on citizens to stay home during the strike.", "en"),
    ("El presidente de Perú, Pedro Soto, insistió en mantener su postura frente a Chile.", "es"),
    ("El presidente de Perú, Pedro Soto, pidió a la población mantener la calma.", "es"),
])
def test_persisting_in_ones_own_course_or_appealing_to_the_public_is_no_demand(text, lang):
    assert not any(t == "Demand" for t, _ in events(text, lang))


@pytest.mark.parametrize("text,lang,trigger", [
    ("Chile insisted on tangible results from Peru.", "en", "insisted on"),
    ("Pedro Soto urged Chile to release the prisoners.", "en", "urged"),
    ("El presidente de Perú, Pedro Soto, insistió en la necesidad de resultados de Chile.", "es", "insistió en"),
    ("Los ministros de Perú exigen liberar a los presos de Chile.", "es", "exigen"),
])
def test_a_demand_of_an_actor_stays(text, lang, trigger):
    assert ("Demand", trigger) in events(text, lang)


def test_saying_one_held_a_call_is_the_call_not_a_statement():
    found = events("President Lula said on Friday he held a phone call with Chilean President Gabriel Boric.")
    assert ("Communication", "phone call") in found and not any(t == "Statement" for t, _ in found)
    other = events("President Lula said that Boric held a meeting with Argentina.")
    assert ("Statement", "said") in other and ("Meeting", "meeting") in other  # someone else's act


@pytest.mark.parametrize("text,lang,expected", [
    ("On Monday the Security Council of the African Union debated the implications of the strike.", "en",
     ("Meeting", "debated")),
    ("El Consejo de Seguridad de la Unión Africana debatió el lunes las consecuencias del ataque.", "es",
     ("Meeting", "debatió")),
    ("Police in Peru say they executed numerous search warrants in late March and found two labs.", "en",
     ("SecurityOperation", "executed")),
    ("La Policía de Perú cumplimentó tres órdenes de cateo en Lima.", "es", ("SecurityOperation", "cumplimentó")),
    ("Peru also handed over to Chile a former mayor wanted in Santiago for fraud.", "en", ("Arrest", "handed over")),
    ("También fue entregada a Chile la peruana Ana María Soto, requerida en Santiago por fraude.", "es",
     ("Arrest", "entregada")),
])
def test_sessions_of_a_body_searches_and_handovers_of_the_wanted(text, lang, expected):
    assert expected in events(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("Lawmakers debated the bill for hours before the vote.", "en"),
    ("The court executed the contract between the two firms.", "en"),
    ("El Gobierno de Perú entregó a Chile documentos sobre la frontera.", "es"),
])
def test_no_session_search_or_handover_without_its_cue(text, lang):
    found = events(text, lang)
    assert not any(t in ("Meeting", "SecurityOperation", "Arrest") for t, _ in found), found


def test_telling_someone_is_a_statement():
    found = extract("Chilean Foreign Minister Ana Soto told reporters on Tuesday that Chile will not yield.").events
    st = [e for e in found if e.type == "Statement"]
    assert st and st[0].trigger.text == "told"
    assert [p.mention.span.text for p in st[0].participants if p.role == "initiator"] == ["Ana Soto"]


@pytest.mark.parametrize("text,lang,trigger", [
    ("The president of Peru, Pedro Soto, has long denied the allegations of fraud.", "en", "denied"),
    ("El presidente de Perú, Pedro Soto, negó las acusaciones de fraude.", "es", "negó"),
])
def test_denying_an_allegation_is_a_statement_not_a_rejection(text, lang, trigger):
    found = events(text, lang)
    assert ("Statement", trigger) in found and ("Rejection", trigger) not in found


@pytest.mark.parametrize("text,lang,trigger", [
    ("Chile denied the request from Peru for a new border crossing.", "en", "denied"),
    ("Chile negó el pedido de Perú de abrir la frontera.", "es", "negó"),
])
def test_denying_a_request_stays_a_rejection(text, lang, trigger):
    assert ("Rejection", trigger) in events(text, lang)


def test_an_actor_named_in_the_object_of_a_spanish_speech_verb_is_no_postposed_speaker():
    ev = extract("El presidente de Perú, Pedro Soto, afirmó las acusaciones de fraude de Chile.", "es").events
    st = next(e for e in ev if e.type == "Statement")
    assert [p.mention.span.text for p in st.participants if p.role == "initiator"] == ["Pedro Soto"]
    ev = extract("«No aceptaremos presiones», dijo el ministro del Interior Pedro Soto.", "es").events
    st = next(e for e in ev if e.type == "Statement")
    assert [p.mention.span.text for p in st.participants if p.role == "initiator"] == ["Pedro Soto"]


@pytest.mark.parametrize("text,lang,trigger", [
    ("The strike on the port was condemned by Russia, China and allies of Iran.", "en", "condemned"),
    ("Chilean President Gabriel Boric praised the government of Peru for its cooperation.", "en", "praised"),
    ("Boric felicitó al gobierno peruano por el compromiso que ha hecho con Chile.", "es", "felicitó"),
])
def test_condemning_or_praising_publicly_is_a_statement(text, lang, trigger):
    assert ("Statement", trigger) in events(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("Peru urged Chile to condemn the attack on the border post.", "en"),
    ("El canciller Pedro Soto quería felicitar a Ana Ruiz por su nombramiento.", "es"),
])
def test_a_wish_or_request_to_condemn_or_praise_is_no_statement_of_it(text, lang):
    assert not any(t == "Statement" and w.startswith(("condemn", "felicit")) for t, w in events(text, lang))


@pytest.mark.parametrize("text,lang,trigger", [
    ("Peru announced its withdrawal from the extradition agreement with Chile.", "en", "agreement"),
    ("Chile pidió a Perú replantearse la anunciada ruptura del acuerdo de extradición.", "es", "acuerdo"),
])
def test_breaking_off_an_agreement_is_a_rejection(text, lang, trigger):
    found = events(text, lang)
    assert ("Rejection", trigger) in found and ("Agreement", trigger) not in found


def test_invoking_a_law_against_a_group_is_a_sanction():
    ev = extract("President Lula on Friday invoked the 1950 Foreign Gangs Act to rapidly expel alleged "
                 "members of the Red Command.").events
    assert [e.type for e in ev if e.trigger.text == "invoked"] == ["Sanction"]
    assert not events("The lawyer invoked his right to remain silent during the hearing in Lima.")


def test_remarks_about_a_possible_intervention_are_a_threat_by_who_makes_them():
    ev = extract("President Lula has made constant remarks about a possible military intervention in "
                 "Venezuelan territory.").events
    threat = [e for e in ev if e.type == "Threat"]
    assert threat and [p.mention.span.text for p in threat[0].participants if p.role == "initiator"] == ["Lula"]


@pytest.mark.parametrize("text,lang,absent", [
    ("Chilean assistance would go only as far as Peru agrees.", "en", "agrees"),
    ("Peru agreed to hand over the files if Chile asks for them.", "en", "asks"),
    ("Chile no enviará tropas, si Perú rechaza el acuerdo con Bolivia.", "es", "rechaza"),
])
def test_a_trigger_heading_a_conditional_clause_is_no_event(text, lang, absent):
    assert not any(w == absent for _, w in events(text, lang))


def test_a_clause_of_time_or_reason_is_no_condition():
    assert ("Agreement", "agreed") in events("As Peru agreed, the talks resumed in Lima.")


def test_si_bien_opens_no_condition():
    assert ("Agreement", "acordó") in events("Si bien Perú acordó con Chile un plan, la frontera sigue cerrada.", "es")
    assert not any(w == "rechaza" for _, w in events("Chile enviará tropas si rechaza Perú el plan de Bolivia.", "es"))
    assert ("Rejection", "rechaza") in events("Perú rechaza el plan de Bolivia.", "es")


@pytest.mark.parametrize("text,lang,trigger", [
    ("Airlines cancelled flights after a warning by Chile to civil aviation about increased military activity.",
     "en", "warning"),
    ("Seis aerolíneas cancelaron sus vuelos tras la advertencia de Chile a la aviación civil sobre un aumento "
     "de la actividad militar.", "es", "advertencia"),
])
def test_a_warning_about_a_state_of_affairs_is_a_statement(text, lang, trigger):
    found = events(text, lang)
    assert ("Statement", trigger) in found and ("Threat", trigger) not in found


@pytest.mark.parametrize("text,lang,trigger", [
    ("President Boric warned Peru that Chile would impose tariffs.", "en", "warned"),
    ("El presidente de Chile advirtió a Perú que impondrá aranceles.", "es", "advirtió"),
])
def test_a_warning_of_ones_own_measure_stays_a_threat(text, lang, trigger):
    assert ("Threat", trigger) in events(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("Peru reported an increase in seizures of cocaine at its ports.", "en"),
    ("El ministro Pedro Soto señaló que en los últimos días se incrementaron las incautaciones en Perú.", "es"),
    ("El ministro Pedro Soto destacó el aumento de las detenciones en Lima.", "es"),
])
def test_a_trend_in_seizures_or_arrests_is_a_statistic_not_an_event(text, lang):
    assert not any(t in ("Seizure", "Arrest") for t, _ in events(text, lang))


def test_surveillance_as_a_capability_is_no_operation():
    found = events("Officials in Peru highlighted the strengthening of maritime surveillance mechanisms with Chile.")
    assert ("SecurityOperation", "surveillance") not in found
    assert ("SecurityOperation", "surveillance") in events("Chile launched surveillance of the border with Peru on Monday.")


def test_a_post_is_by_its_poster_not_by_those_it_names():
    ev = extract("On Monday, Chilean President Gabriel Boric shared on X that he had a good conversation with "
                 "Lula about trade.").events
    post = [e for e in ev if e.type == "Communication" and e.mode == "post"]
    assert post and [p.mention.span.text for p in post[0].participants] == ["Gabriel Boric"]


def test_who_is_named_in_what_a_speaker_says_takes_no_part_in_the_statement():
    ev = extract('Foreign Minister Ana Soto spoke in Lima on Monday. "It is legitimate for Chile to take '
                 'countermeasures against Peru," she said.').events
    st = [e for e in ev if e.type == "Statement"]
    assert st and not {"Chile", "Peru"} & {p.mention.span.text for p in st[0].participants}
    told = [e for e in extract("Ana Soto told Peru that Chile would respond.").events if e.type == "Statement"]
    assert {"Ana Soto", "Peru"} <= {p.mention.span.text for p in told[0].participants}  # the addressee stays


@pytest.mark.parametrize("text,lang,found", [
    ("The raid by Peruvian police ended with several detainees, whose identities were not revealed.", "en", True),
    ("El operativo de la Policía Nacional de Colombia dejó 12 detenidos en Cali.", "es", True),
    ("The detainees were visited by their lawyers in Lima.", "en", False),
    ("Los detenidos declararon ante el juez en Cali.", "es", False),
])
def test_an_operation_that_leaves_detainees_is_an_arrest(text, lang, found):
    got = [w for t, w in events(text, lang) if t == "Arrest" and (w.lower().startswith("deten") or w == "detainees")]
    assert bool(got) == found, events(text, lang)


@pytest.mark.parametrize("text,lang,found", [
    ("La exfuncionaria fue entregada a Estados Unidos por la Fiscalía General de la República.", "es", True),
    ("The former governor was handed over to U.S. authorities on Friday.", "en", True),
    ("El documento fue entregado a la embajada el lunes.", "es", False),
    ("The report was handed over to the committee.", "en", False),
])
def test_a_person_handed_over_to_a_state_is_an_arrest(text, lang, found):
    assert any(t == "Arrest" for t, _ in events(text, lang)) == found, events(text, lang)


@pytest.mark.parametrize("text,lang", [
    ("Former Honduran President Juan Orlando Hernández pleaded not guilty on Monday to drug charges.", "en"),
    ("El expresidente Juan Orlando Hernández se declaró inocente de los cargos de narcotráfico.", "es"),
])
def test_a_plea_in_court_is_a_statement(text, lang):
    assert any(t == "Statement" for t, _ in events(text, lang)), events(text, lang)
