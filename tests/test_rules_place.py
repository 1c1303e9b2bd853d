"""The place kind (issue 22's proof that a kind is one module): the same happening put in two different places.

Real spaCy entities (the small English pipeline) on made-up sentences; each case could fail."""

from __future__ import annotations

from helpers import article, judged, sentence

from checker.config import Config, load_config, markdown_table
from checker.findings import pair_findings
from checker.records import Severity
from checker.report.view import kind_words
from checker.rules import KINDS, RuleContext
from checker.rules.place import PlaceSettings

LYON = "A large fire broke out in Lyon early on Monday, destroying a warehouse."
MARSEILLE = "Officials said the blaze, which broke out in Marseille, destroyed a warehouse."


def _found(a, b, sim: float, cfg: Config | None = None):
    j = judged(
        a if not isinstance(a, str) else sentence(a, "x"), b if not isinstance(b, str) else sentence(b, "y"), sim
    )
    return {f.kind: f for f in pair_findings(j, RuleContext((cfg or Config()).findings))}


def test_two_cities_in_the_same_role_are_a_place_finding_at_most_medium():
    f = _found(LYON, MARSEILLE, 0.85)
    assert set(f) == {"place"}
    got = f["place"]
    assert got.severity is Severity.MEDIUM  # never high: the words cannot rule out one place inside the other
    assert got.explanation == "x puts it in Lyon; y in Marseille (both “broke … in”)."
    assert [LYON[s.start : s.end] for s in got.evidence_a] == ["Lyon"]
    assert [MARSEILLE[s.start : s.end] for s in got.evidence_b] == ["Marseille"]
    assert _found(LYON, MARSEILLE, 0.7)["place"].severity is Severity.LOW  # below findings.place.medium_similarity
    assert "place" not in _found(LYON, MARSEILLE, 0.55)  # below findings.place.min_similarity


def test_a_country_and_one_of_its_cities_are_consistent():
    france = "Officials said the blaze, which broke out in France, destroyed a warehouse."
    assert "place" not in _found(LYON, france, 0.85)
    assert "place" not in _found(france, LYON, 0.85)


def test_places_in_different_roles_are_no_finding():
    a = "The fire broke out in Lyon on Monday, officials said."
    b = "Fire crews from Marseille said on Monday that the warehouse was lost."
    assert "place" not in _found(a, b, 0.85)


def test_names_one_article_writes_next_to_each_other_are_one_place_inside_the_other():
    villeurbanne = "Officials said the blaze, which broke out in Villeurbanne, destroyed a warehouse."
    assert "place" in _found(LYON, villeurbanne, 0.85)  # on their own: two places
    art = article("y", "y", villeurbanne, "Villeurbanne, a suburb of Lyon, has about 150,000 inhabitants.")
    assert "place" not in _found(LYON, art.sentences[0], 0.85)


def test_inside_one_article_or_with_both_places_on_one_side_no_finding():
    art = article("x", "x", LYON, "Later a second fire broke out in Marseille, destroying a shop.")
    assert "place" not in _found(art.sentences[0], art.sentences[1], 0.85)
    both = "Officials said the blaze, which broke out in Marseille, spread toward Lyon and destroyed a warehouse."
    assert "place" not in _found(LYON, both, 0.85)


def test_a_name_the_entity_kind_reports_is_not_reported_twice():
    a, b = "The storm killed two people in Paris on Monday.", "The storm killed two people in Madrid on Monday."
    f = _found(a, b, 0.95)
    assert "entity" in f and "place" not in f
    assert _found(a, b, 0.7)["place"].explanation.endswith("(both “killed … in”).")  # below the entity check


def test_the_kind_registers_its_words_and_settings_in_its_module():
    reg = KINDS["place"]
    assert reg.legend and kind_words("place") == reg.legend and reg.settings is PlaceSettings
    assert Config().findings.section(PlaceSettings) == PlaceSettings()
    assert "| `findings.place.min_similarity` | `0.6` |" in markdown_table()


def test_its_settings_come_from_the_config_file(tmp_path):
    path = tmp_path / "strict.yaml"
    path.write_text("findings:\n  place:\n    min_similarity: 0.9\n")
    cfg = load_config(path)
    assert cfg.findings.section(PlaceSettings).min_similarity == 0.9
    assert "place" not in _found(LYON, MARSEILLE, 0.85, cfg)
