"""Events on short texts written for these tests: negation, scheduling, relative dates, quotes,
participants' roles, impossible dates."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.build.extraction import extract_documents
from kg.eval.facts import article_facts
from kg.extract import default_extractor
from kg.model import Document
from kg.resolve import Resolver

PUB = dt.date(2026, 1, 16)  # a Friday


def events(text, lang="en", published=PUB):
    doc = Document("t", text, lang, published, path="t.txt")
    ex = default_extractor()
    facts = article_facts(Resolver(ex.gaz).resolve(extract_documents([doc], [])))[0]
    return facts["events"], facts["warnings"]


def one(evs, etype):
    found = [e for e in evs if e["type"] == etype]
    assert found, (etype, evs)
    return found[0]


def test_ruled_out_operation_and_rejection():
    evs, _ = events("Canadian Defence Minister Paul Renard ruled out a military intervention in "
                    "Haiti on Thursday.")
    op = one(evs, "SecurityOperation")
    assert op["status"] == "rejected" and op["place"] is None or op["place"] == "Haiti"
    rej = one(evs, "Rejection")
    assert "Paul Renard" in rej["participants"] and rej["date"] == "2026-01-15"


def test_spanish_negation():
    evs, _ = events("La presidenta Lucía Ferrer aseguró que no habrá intervención militar en su "
                    "territorio.", "es")
    assert one(evs, "SecurityOperation")["status"] == "negated"


def test_scheduled_meeting_with_a_day():
    evs, _ = events("Foreign Minister Karla Ibsen and Interior Minister Jonas Berg will meet on "
                    "January 23 in Oslo.", published=dt.date(2026, 1, 10))
    meet = one(evs, "Meeting")
    assert (meet["status"], meet["date"], meet["place"]) == ("planned", "2026-01-23", "Oslo")
    assert set(meet["participants"]) == {"Karla Ibsen", "Jonas Berg"}


def test_spanish_scheduling_by_month():
    evs, _ = events("El canciller Tomás Quiroga y la ministra Elena Sosa se reunirán en febrero en "
                    "Lima.", "es")
    meet = one(evs, "Meeting")
    assert (meet["status"], meet["date"], meet["place"]) == ("planned", "2026-02", "Lima")


def test_relative_weekday_and_roles():
    evs, _ = events("President Omar Haddad called Prime Minister Lena Vogt on Tuesday.")
    call = one(evs, "Communication")
    assert call["date"] == "2026-01-13"
    assert call["roles"] == {"Omar Haddad": "initiator", "Lena Vogt": "participant"} or \
        call["roles"].get("Omar Haddad") == "initiator"


def test_undated_article_leaves_relative_dates_unresolved():
    evs, _ = events("President Omar Haddad called Prime Minister Lena Vogt on Tuesday.", published=None)
    assert one(evs, "Communication")["date"] is None


def test_impossible_date_is_unresolved_with_a_warning():
    evs, warnings = events("Interior Minister Jonas Berg and Defence Minister Ana Holt will meet on "
                           "February 30, 2026 in Oslo.")
    assert one(evs, "Meeting")["date"] is None
    assert any("February 30" in w for w in warnings)


def test_quote_is_attached_to_the_statement():
    evs, _ = events('Interior Minister Jonas Berg said the talks were "frank and productive".')
    st = one(evs, "Statement")
    assert st["quote"] == "frank and productive" and "Jonas Berg" in st["participants"]


def test_passive_subject_is_the_recipient_and_inverted_speaker_the_initiator():
    evs, _ = events("Drug lord Ramiro Salas was arrested in Culiacán on Monday.")
    arrest = one(evs, "Arrest")
    assert arrest["roles"].get("Ramiro Salas") == "recipient" and arrest["date"] == "2026-01-12"
    evs, _ = events('"We will not accept it," said Interior Minister Jonas Berg.')
    assert one(evs, "Statement")["roles"].get("Jonas Berg") == "initiator"


def test_spanish_patterns_do_not_fire_on_english_sentences():
    evs, _ = events("The delegation visited Acuerdo Street and the Llamada Hotel in Quito.")
    assert not [e for e in evs if e["type"] in ("Agreement", "Communication")]


def test_threat_made_by_saying_it_takes_the_day_it_was_said():
    from tests.test_participants import events
    evs = events("It came after Carney said Monday that \"it's fine with me,\" when asked if he would "
                 "consider launching strikes in Peru.")
    threat = [e for e in evs if e["type"] == "Threat"]
    assert threat and threat[0]["date"] == "2026-01-12", evs


def test_arrest_reported_on_a_day_keeps_no_date_of_the_report():
    from tests.test_participants import events
    evs = events("The police said Monday that they arrested Juan Carlos Perez Ramos in Lima.")
    assert all(e["date"] is None for e in evs if e["type"] == "Arrest"), evs


def test_the_meeting_mentioned_again_is_the_same_meeting():
    from tests.test_participants import events
    evs = events("La presidenta peruana Ana Ruiz se reunió este martes con el canciller chileno Luis Soto. "
                 "Soto no ofreció declaraciones a la prensa a la salida del encuentro.", "es")
    assert len([e for e in evs if e["type"] == "Meeting"]) == 1, evs


def test_a_statement_said_again_is_kept_beside_the_agreement_it_reports():
    from tests.test_participants import events
    evs = events("El canciller chileno Luis Soto informó que se llegó a un acuerdo con Perú. Más tarde, "
                 "el canciller Luis Soto informó en un comunicado que los canales diplomáticos siguen abiertos.",
                 "es")
    assert any(e["type"] == "Statement" and "Luis Soto" in e["participants"] for e in evs), evs


def test_a_statement_stays_beside_a_demand_made_during_the_call_it_describes():
    from tests.test_participants import events
    evs = events("Peruvian President Ana Ruiz held a phone call with Chilean President Luis Soto on Monday. "
                 "For her part, Ruiz said in a statement broadcast by state television that the call was "
                 "\"cordial,\" during which she requested opening new border crossings with Chile.")
    assert any(e["type"] == "Statement" and "Ana Ruiz" in e["participants"] for e in evs), evs


def test_the_arrest_mentioned_again_is_the_same_arrest():
    from tests.test_participants import events
    evs = events("El ministro Luis Soto confirmó la detención en Lima de Juan Carlos Perez Ramos. \"La detención "
                 "es resultado del trabajo coordinado de la Policía Nacional del Perú\", destacó.", "es")
    assert len([e for e in evs if e["type"] == "Arrest"]) == 1, evs


@pytest.mark.parametrize("text,lang,initiator", [
    ("If Peru does not act, the United States could impose tariffs of 30 percent, the ambassador warned.",
     "en", "United States"),
    ('"If Bolivia does not cooperate, we will suspend aid," Chilean Foreign Minister Alberto van Klaveren '
     "warned.", "en", "Alberto van Klaveren"),
    ("Si Perú no actúa, Estados Unidos podría imponer aranceles, advirtió el embajador.", "es", "United States"),
    ('"Si Paraguay no coopera, suspenderemos la ayuda", advirtió el canciller de Chile, Alberto van Klaveren.',
     "es", "Alberto van Klaveren"),
])
def test_a_warning_of_a_conditional_measure_is_a_threat_made(text, lang, initiator):
    """The warning was made (occurred) even though the measure it speaks of is conditional; a
    described speaker warns for the measure's actor, a named one for himself."""
    from tests.test_participants import events as facts
    threat = one(facts(text, lang), "Threat")
    assert threat["status"] == "occurred" and initiator in threat["participants"], threat


def test_a_report_that_warns_threatens_no_one():
    from tests.test_participants import events as facts
    assert not [e for e in facts("The report warned that Brazil could expand into Chile.") if e["type"] == "Threat"]


@pytest.mark.parametrize("text,lang,etype,country", [
    ("Police in Bolivia arrested four men on Friday.", "en", "Arrest", "Bolivia"),
    ("Two tons of cocaine were seized by authorities in Ecuador.", "en", "Seizure", "Ecuador"),
    ("Las autoridades en Perú decomisaron dos toneladas de cocaína.", "es", "Seizure", "Peru"),
])
def test_a_body_described_by_its_country_makes_the_country_act(text, lang, etype, country):
    from tests.test_participants import events as facts
    ev = one(facts(text, lang), etype)
    assert ev["roles"].get(country) == "initiator", ev


def test_a_country_where_police_act_is_no_agent():
    from tests.test_participants import events as facts
    assert not [e for e in facts("Police arrested a man in Ecuador on Friday.") if "Ecuador" in e["participants"]]


def test_spanish_speech_verbs_of_a_named_speaker():
    from tests.test_participants import events as facts
    st = one(facts("El canciller Luis Soto detalló que Perú mantiene su postura.", "es"), "Statement")
    assert st["roles"].get("Luis Soto") == "initiator", st
    st = one(facts("La ministra Ana Ruiz explicó que la frontera seguirá cerrada.", "es"), "Statement")
    assert "Ana Ruiz" in st["participants"], st


@pytest.mark.parametrize("text", [
    "La dependencia subrayó que Perú mantiene su postura de cooperación con Chile.",
    "A través de su cuenta de X, el funcionario federal detalló que el detenido fue entregado a Bolivia.",
    '"Perú mantiene su postura de cooperación con Chile", subrayó la dependencia.',
])
def test_a_described_speaker_makes_no_one_named_in_what_was_said_speak(text):
    from tests.test_participants import events as facts
    assert not [e for e in facts(text, "es") if e["type"] in ("Statement", "Communication")], text


def test_a_deportation_from_a_country_is_done_by_that_country():
    from tests.test_participants import events as facts
    ev = one(facts("Forty gang members were deported from Mexico to Guatemala on Friday."), "Arrest")
    assert ev["roles"].get("Mexico") == "initiator", ev
    ev = one(facts("A flight carrying 120 members of the MS-13 gang deported from the United States arrived in "
                   "Honduras on Sunday."), "Arrest")
    assert ev["roles"].get("United States") == "initiator" and ev["roles"].get("MS-13") != "initiator", ev


@pytest.mark.parametrize("text,speaker,not_speaker", [
    ("La presidenta Dina Boluarte dijo que el canciller Luis Soto viajará a Chile.", "Dina Boluarte", "Luis Soto"),
    ("En la conferencia de prensa, la presidenta Dina Boluarte dijo que aún no tiene contacto con el sucesor de "
     "Luis Soto.", "Dina Boluarte", "Luis Soto"),
    ("El ministro de Gobierno, Luis Soto, afirmó que la Policía Nacional de Colombia ya se encuentra en Perú y "
     "anunció el fortalecimiento de la cooperación.", "Luis Soto", "Policía Nacional de Colombia"),
])
def test_who_is_named_in_what_a_spanish_speaker_says_does_not_speak(text, speaker, not_speaker):
    from tests.test_participants import events as facts
    sts = [e for e in facts(text, "es") if e["type"] == "Statement"]
    assert sts and all(not_speaker not in e["participants"] for e in sts), sts
    assert any(speaker in e["participants"] for e in sts), sts


def test_a_spanish_claim_keeps_who_it_is_about():
    from tests.test_participants import events as facts
    st = one(facts("Perú acusó que Chile violó el tratado de límites.", "es"), "Statement")
    assert "Chile" in st["participants"], st


def test_announcing_an_agentless_passive_measure_is_the_speakers_own_act():
    from tests.test_participants import events as facts
    evs = facts("Peruvian President Dina Boluarte announced that 5,000 soldiers would be deployed to the border.")
    op = one(evs, "SecurityOperation")
    assert "Dina Boluarte" in op["participants"] and op["status"] == "planned", op
    assert not [e for e in evs if e["type"] == "Statement"], evs
    evs = facts("Peruvian President Dina Boluarte said that the suspect was arrested by Ecuadorian police.")
    assert one(evs, "Statement") and "Dina Boluarte" not in one(evs, "Arrest")["participants"], evs


@pytest.mark.parametrize("text,country", [
    ("Cuarenta pandilleros fueron deportados desde México a Guatemala el viernes.", "Mexico"),
    ("Un vuelo con 120 presuntos miembros de la pandilla MS-13 deportados desde Estados Unidos llegó a Honduras "
     "el domingo.", "United States"),
])
def test_a_spanish_deportation_from_a_country_is_done_by_that_country(text, country):
    from tests.test_participants import events as facts
    ev = one(facts(text, "es"), "Arrest")
    assert ev["roles"].get(country) == "initiator", ev


@pytest.mark.parametrize("text", [
    "Por otra parte, la autoridad explicó que los recientes operativos fueron realizados por la Policía Nacional de "
    "Colombia y aseguró que tienen buena determinación.",
    "Cuando llegue aquí a Chile, pues ya estableceremos todas las relaciones, señaló.",
])
def test_a_spanish_speaker_not_named_in_the_sentence_is_not_who_it_names(text):
    from tests.test_participants import events as facts
    assert not [e for e in facts(text, "es") if e["type"] == "Statement"], text


def test_an_operation_an_actor_arrives_with_is_the_actors():
    from tests.test_participants import events as facts
    op = one(facts("The last time Brazil came to Paraguay with an intervention, it took half of its territory."),
             "SecurityOperation")
    assert op["roles"].get("Brazil") == "initiator", op


def test_a_continuation_verb_of_a_speaker_is_a_statement_of_its_own_occasion():
    from tests.test_participants import events as facts
    st = one(facts("Peruvian Interior Minister Juan José Santiváñez met police chiefs in Lima on Monday. He emphasized "
                   "the importance of cooperation with Bolivia in fighting drug trafficking."), "Statement")
    assert "Juan José Santiváñez" in st["participants"], st


@pytest.mark.parametrize("text", [
    'Chilean President Gabriel Boric said in a statement that the call was "friendly." Boric stressed the '
    "importance of this step in preventing tensions between the two countries.",
    "Chilean Foreign Minister Alberto van Klaveren and Peruvian Foreign Minister Elmer Schialer spoke by phone on "
    "Monday. During the call, van Klaveren and Schialer underscored the importance of concrete measures.",
])
def test_going_on_with_what_was_said_or_inside_a_call_is_no_new_statement(text):
    from tests.test_participants import events as facts
    assert len([e for e in facts(text) if e["type"] == "Statement"]) <= 1, facts(text)


@pytest.mark.parametrize("text,etype,speaker", [
    ("El secretario de Seguridad de Perú, Juan José Santiváñez, confirmó la captura de Pedro Castillo Ramos. A través "
     "de su cuenta de X, el funcionario detalló que el detenido fue entregado a Bolivia.", "Communication",
     "Juan José Santiváñez"),
    ("La Secretaría de Marina de México informó de la detención. La dependencia subrayó que México mantiene su "
     "cooperación con Chile.", "Statement", "Secretaría de Marina"),
    ("La presidenta Dina Boluarte habló con el secretario de Comercio de Estados Unidos, Howard Lutnick. La jefa del "
     "Ejecutivo enfatizó que ambos gobiernos revisarán los compromisos.", "Statement", "Dina Boluarte"),
])
def test_a_described_spanish_speaker_is_the_body_or_post_holder_named_before(text, etype, speaker):
    from tests.test_participants import events as facts
    evs = [e for e in facts(text, "es") if e["type"] == etype and e["roles"].get(speaker) == "initiator"]
    assert evs, facts(text, "es")
