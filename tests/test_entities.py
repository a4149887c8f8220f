"""Entity recognition on short invented texts: datelines, media named as sources, facilities,
suspects named with an initial, and words that are no entity."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.build.extraction import extract_documents
from kg.eval.facts import article_facts
from kg.extract import default_extractor
from kg.model import Document
from kg.resolve import Resolver


def entities(text: str, lang: str = "en") -> set[tuple[str, str]]:
    d = Document("t", text, lang, dt.date(2026, 2, 6), path="t.txt")
    facts = article_facts(Resolver(default_extractor().gaz).resolve(extract_documents([d], [])))
    return {(e["type"], e["name"]) for e in facts[0]["entities"]}


# ------------------------------------------------------------------------------------ datelines
@pytest.mark.parametrize("text, place, medium", [
    ("Port seizure\n\nVALPARAISO, Chile, March 9 (Reuters) - Chilean customs officers seized "
     "two tons of cocaine on Monday, officials said.", "Valparaiso", "Reuters"),
    ("Talks end\n\nOSLO, Jan 7 (NTB) -- Norwegian diplomats said on Wednesday that the talks had ended.",
     "Oslo", "NTB"),
    ("Operativo\n\nTRUJILLO, 5 Ene. (AGENCIA ANDES) - La policía peruana detuvo el lunes a tres "
     "personas en un operativo.", "Trujillo", "AGENCIA ANDES"),
    ("Operativo\n\nRosario, 3 de marzo (EFE).- La policía argentina detuvo a dos personas.", "Rosario", "EFE"),
])
def test_dateline_names_a_place_and_an_agency(text, place, medium):
    found = entities(text, "es" if "policía" in text else "en")
    assert ("Place", place) in found
    assert any(t == "Media" and n.lower() == medium.lower() for t, n in found)


def test_dateline_city_in_capitals_without_date():
    found = entities("Floods\n\nKELOWNA, British Columbia — Three labs were dismantled, police said Thursday.")
    assert ("Place", "Kelowna") in found


def test_dateline_of_a_known_capital_is_the_place_not_its_government():
    found = entities("Call\n\nWASHINGTON, Jan 7 (KUNA) -- The two presidents spoke by phone on Tuesday.")
    assert any(t == "Place" and n.casefold().startswith("washington") for t, n in found)  # as the article names it
    assert ("Country", "United States") not in found
    assert ("Media", "Kuwait News Agency") in found


def test_agency_opening_a_paragraph():
    assert ("Media", "Reuters") in entities("(Reuters) Chilean police said on Monday they seized two tons of cocaine.")


def test_capitalised_sentence_start_is_no_dateline():
    found = entities("Brazil - the police seized two tons of cocaine.\n\nThe Federal Police said so.")
    assert not any(t == "Place" and n == "Brazil" for t, n in found)


# ------------------------------------------------------------------------- media named as sources
@pytest.mark.parametrize("text, lang, medium", [
    ("Regulators froze the accounts. As Coastline Daily reported, the brokerage was closed on Monday.",
     "en", "Coastline Daily"),
    ("Como Diario Sur informó el lunes, la policía detuvo a dos personas en Valdivia.", "es", "Diario Sur"),
    ("The minister told the newspaper Morning Ledger that the talks would continue.", "en", "Morning Ledger"),
])
def test_medium_named_as_a_source(text, lang, medium):
    found = entities(text, lang)
    assert ("Media", medium) in found
    assert ("Person", medium) not in found


def test_person_in_a_report_frame_stays_a_person():
    assert ("Media", "Ana Ruiz") not in entities("As Ana Ruiz reported on Monday, the talks ended.")


# ------------------------------------------------------------------ social networks as a channel
@pytest.mark.parametrize("text, lang, network", [
    ("Prime Minister Ana Ruiz said on her Truth Social platform that the call went well.", "en", "Truth Social"),
    ("The ministry said in a message on X that the talks would continue.", "en", "X"),
    ("El ministro informó a través de su cuenta de la red social X que el sospechoso fue detenido.", "es", "X"),
    ("The embassy posted on its social media platform, Facebook, that the border was closed.", "en", "Facebook"),
])
def test_social_network_as_a_channel_is_no_entity(text, lang, network):
    assert ("Media", network) not in entities(text, lang)


def test_social_network_as_an_actor_is_a_medium():
    assert ("Media", "Truth Social") in entities("Truth Social said on Monday it would suspend the account.")


# ----------------------------------------------------------------------------- facilities: places
@pytest.mark.parametrize("text, lang, place", [
    ("The men were taken to the Granite Valley Detention Center, a mega-prison.", "en", "Granite Valley Detention Center"),
    ("The plane landed at Lakeside International Airport on Monday.", "en", "Lakeside International Airport"),
    ("Los detenidos fueron trasladados a la Cárcel Regional de Tumbes.", "es", "Cárcel Regional de Tumbes"),
    ("La entrega se realizó en el Aeropuerto Internacional de la Ciudad de México, donde agentes "
     "recibieron al acusado.", "es", "Aeropuerto Internacional de la Ciudad de México"),
    ("El gobierno no permitió aterrizar en aeropuerto Los Almendros dos aviones.", "es", "Los Almendros"),
])
def test_facility_is_a_place(text, lang, place):
    found = entities(text, lang)
    assert ("Place", place) in found
    assert not any(n == place and t != "Place" for t, n in found)


# ------------------------------------------------------------- a body named by its building
def test_building_of_a_body_is_a_place_where_the_text_is_there():
    found = entities("El presidente se reunió el martes en Palacio Nacional con la canciller de Chile.", "es")
    assert ("Place", "Palacio Nacional") in found
    assert ("Ministry", "Presidencia de la República") not in found


def test_building_of_a_body_coordinated_with_a_place():
    assert ("Place", "White House") in entities(
        "The president invited the Chilean leader to visit Washington and the White House.")


def test_building_of_a_body_acting_is_the_body():
    found = entities("The White House said on Monday that the talks with Chile would continue.")
    assert ("Ministry", "White House") in found
    assert ("Place", "White House") not in found


# ------------------------------------------------------------------- quoted initials, nicknames
@pytest.mark.parametrize("text, person", [
    ('La Fiscalía confirmó la detención de Julio César "N", buscado por autoridades de Perú.', 'Julio César "N"'),
    ("También fue entregada Rosa ‘M’ a las autoridades de Estados Unidos.", "Rosa ‘M’"),
])
def test_given_names_and_a_quoted_initial_are_a_person(text, person):
    assert ("Person", person) in entities(text, "es")


def test_quoted_nickname_is_no_entity():
    found = entities("Police captured Ramiro Vega Ortiz, alias 'El Flaco Jr.', and Tomas Ruiz, known as 'El Primo'.")
    assert ("Person", "Ramiro Vega Ortiz") in found
    assert not any("Flaco" in n or "Primo" in n for _, n in found)


# ------------------------------------------------------------------------ words that are no entity
def test_capitalised_common_noun_is_no_person():
    found = entities('The minister said: "We will reach a deal between our two Countries." Talks resume in Lima.')
    assert not any(n == "Countries" for _, n in found)


def test_norteamerica_is_the_united_states_in_spanish_news():
    found = entities("El ministro afirmó que la agencia DEA de Norteamérica ya opera en Paraguay.", "es")
    assert ("Country", "United States") in found
    assert ("Place", "North America") not in found


# ------------------------------------------------------------------ coordinated criminal groups
def test_names_coordinated_before_plural_cartels_are_criminal_groups():
    found = entities("Prosecutors linked the network to Mexico's Sinaloa and Zetas cartels, officials in Peru said.")
    assert ("CriminalOrganization", "Sinaloa Cartel") in found
    assert ("Place", "Sinaloa") not in found


def test_names_coordinated_after_carteles_de_are_criminal_groups():
    found = entities("La red colaboró con los cárteles de Sinaloa y del Golfo en Tamaulipas.", "es")
    assert ("CriminalOrganization", "Cártel del Golfo") in found
    assert ("Place", "Tamaulipas") in found


def test_name_of_a_function_is_no_body():
    found = entities("El detenido fue puesto a disposición del agente del Ministerio Público correspondiente en Oaxaca.", "es")
    assert not any("Ministerio" in n for _, n in found)


# ---------------------------------------------------------------- generic bodies in lower case
def test_lower_case_foreign_ministry_is_the_known_body_of_the_country_in_context():
    found = entities("Pressure is the wrong approach, foreign ministry spokesperson Lin Wei said in Beijing "
                     "about China's position.")
    assert ("Ministry", "Ministry of Foreign Affairs of the People's Republic of China") in found


def test_lower_case_generic_body_without_a_known_body_is_no_entity():
    assert not any(t == "Ministry" for t, _ in entities("Several foreign ministry officials were absent."))
    assert not any(t == "Ministry" for t, _ in entities("Chile's foreign ministry said the talks would continue."))


@pytest.mark.parametrize("text, lang, person, nick", [
    ("Police captured Ramiro Vega Ortiz, alias 'El Flaco Jr.', in Lima on Monday.", "en", "Ramiro Vega Ortiz", "El Flaco Jr."),
    ("El narcotraficante Julio Andrés Pérez Zambrano, alias Toro, aceptó su extradición.", "es",
     "Julio Andrés Pérez Zambrano", "Toro"),
])
def test_nickname_after_a_cue_is_another_name_of_the_person(text, lang, person, nick):
    found = entities(text, lang)
    assert ("Person", person) in found
    assert not any(nick in n for _, n in found if n != person)


def test_known_place_name_followed_by_a_region_of_another_country_is_another_place():
    found = entities("He was arrested in Los Ángeles, Durango, on Monday. Then he flew to Los Angeles, California.")
    assert ("Place", "Los Ángeles") in found
    assert ("Place", "Los Angeles") in found


def test_capital_in_the_possessive_is_its_government_even_after_in():
    found = entities("The move marks an escalation in Ottawa's approach to drug crime.")
    assert ("Country", "Canada") in found
    assert ("Place", "Ottawa") not in found


# ------------------------------------------------------------------ a country named by its leader
def test_leaders_administration_names_the_leader_and_the_country():
    found = entities("The pressure of the Trump administration grew. President Donald Trump spoke on Monday.")
    assert {("Country", "United States"), ("Person", "Donald Trump")} <= found


def test_government_named_by_demonym_names_no_person():
    found = entities("The Mexican government rejected the proposal on Monday.")
    assert not any(t == "Person" for t, _ in found)


def test_quoted_name_after_a_noun_of_place_is_a_place():
    found = entities('Los soldados realizaron recorridos en las inmediaciones del rancho “El Venado”, ubicado en '
                     'Salvador Alvarado.', "es")
    assert ("Place", "El Venado") in found


def test_place_the_english_model_misses_after_in():
    found = entities("The arrest of the suspect took place in Villa Serrano de Tlaxco, Puebla, officials said.")
    assert ("Place", "Villa Serrano de Tlaxco") in found
    assert not any(n == "Mexican" for _, n in entities("Troops were deployed in Mexican territory."))


def test_name_coordinated_with_a_person_is_a_person():
    found = entities("Two more individuals were arrested, Marisol Quintero Vidal and Evaristo de la Luz Campos Beltrán.")
    assert ("Person", "Evaristo de la Luz Campos Beltrán") in found
    found = entities("Police arrested Ana María Quintero and Mexico City officials confirmed it.")
    assert ("Person", "Mexico City") not in found


# ------------------------------------------------------------------------- places the model took for people
@pytest.mark.parametrize("text, place", [
    ("Police said they arrested the gang leader in Guayaquil on Sunday.", "Guayaquil"),
    ("Officers seized two tons of cocaine at the port of Callao.", "Callao"),
])
def test_a_name_after_a_place_preposition_or_noun_is_a_place(text, place):
    found = entities(text)
    assert ("Place", place) in found and ("Person", place) not in found


def test_a_person_after_in_keeps_being_a_person():
    found = entities("The decision was welcomed in Bogotá, and in Gustavo Alvarado's view it was overdue.")
    assert ("Person", "Gustavo Alvarado") in found


def test_a_headline_in_capitals_is_no_dateline():
    found = entities("SOCCER - JAPAN GET LUCKY WIN IN ASIAN CUP.\n\nAL-AIN, United Arab Emirates 1996-12-06\n\n"
                     "Japan began the defence of their title with a win.")
    assert not any(n.casefold() == "soccer" for _, n in found)


def test_a_language_after_in_is_no_place():
    found = entities("Speaking in Arabic, Mills made a final statement in Huntsville.")
    assert ("Place", "Arabic") not in found and ("Place", "Mills") not in found
