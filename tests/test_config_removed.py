"""A config file that still sets a removed setting gets one clear error naming it (issue 22: align.mutual_best)."""

from __future__ import annotations

import pytest

from checker.config import MOVED, REMOVED, Config, FindingsConfig, KindSettings, load_config
from checker.errors import ConfigError


def test_removed_setting_is_a_clear_error(tmp_path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("align:\n  mutual_best: true\n  threshold: 0.5\n")
    with pytest.raises(ConfigError, match=r"old\.yaml: align\.mutual_best: removed: nothing ever read it"):
        load_config(old)


def test_removed_settings_are_gone_from_the_model(tmp_path) -> None:
    for section, name in REMOVED:
        assert name not in type(getattr(Config(), section)).model_fields
    ok = tmp_path / "ok.yaml"
    ok.write_text("align:\n  threshold: 0.5\n")
    assert load_config(ok).align.threshold == 0.5


def test_moved_setting_names_the_old_key_and_the_new_one(tmp_path) -> None:
    """Each kind's settings are a section of findings now: an old flat name gets one error naming both."""
    import checker.rules  # noqa: F401  (the kinds register their sections)

    old = tmp_path / "old.yaml"
    for key, value, new in (
        ("entity_similarity", 0.85, "findings.entity.similarity"),
        ("contradiction", 0.6, "findings.contradiction.threshold"),
        ("fact_match", 0.6, "findings.facts.match"),
    ):
        old.write_text(f"findings:\n  max_per_article_pair: 10\n  {key}: {value}\n")
        with pytest.raises(ConfigError) as err:
            load_config(old)
        assert str(err.value) == (
            f"{old}: findings.{key}: renamed {new} (each finding kind has its own section now); "
            f"write it as {new} in the file"
        )
    for (_section, name), new in MOVED.items():  # every new name exists, every old one is gone
        was = FindingsConfig.model_fields.get(name)
        assert was is None or issubclass(was.annotation, KindSettings)  # gone, or the name of a section now
        *path, leaf = new.split(".")
        model = Config
        for part in path:
            model = model.model_fields[part].annotation
        assert leaf in model.model_fields, new


def test_a_kind_section_is_read_and_validated(tmp_path) -> None:
    import checker.rules  # noqa: F401
    from checker.rules.entity import EntitySettings

    new = tmp_path / "new.yaml"
    new.write_text("findings:\n  entity:\n    similarity: 0.85\n")
    cfg = load_config(new)
    assert cfg.findings.section(EntitySettings).similarity == 0.85
    assert cfg.findings.section(EntitySettings).high_similarity == 0.9  # the rest keeps its defaults
    assert cfg.model_dump()["findings"]["entity"] == {"similarity": 0.85, "high_similarity": 0.9, "word_overlap": 0.5}
    new.write_text("findings:\n  entity:\n    similarity: 2\n")
    with pytest.raises(ConfigError, match=r"findings\.entity\.similarity: Input should be less than or equal to 1"):
        load_config(new)
    new.write_text("findings:\n  entity:\n    similarty: 0.8\n")
    with pytest.raises(ConfigError, match=r"findings\.entity\.similarty: Extra inputs are not permitted"):
        load_config(new)


def test_a_kind_section_read_before_any_kind_registers_says_what_to_do(tmp_path) -> None:
    """``checker.config.load_config`` alone knows no kind yet (they register when ``checker.rules`` is imported): the
    error says to use ``checker.load_config``, which does, and that one reads the same file."""
    import subprocess
    import sys

    cfg = tmp_path / "kind.yaml"
    cfg.write_text("findings:\n  place:\n    min_similarity: 0.7\n")
    code = (
        "import sys\n"
        "from checker.config import load_config\n"
        "try:\n    load_config(sys.argv[1])\nexcept Exception as e:\n    print(e)\n"
        "import checker\n"
        "print(checker.load_config(sys.argv[1]).findings.place.min_similarity)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(cfg)], capture_output=True, text=True, check=True).stdout
    first, second = out.splitlines()
    assert first.endswith(
        "findings.place: Extra inputs are not permitted (no finding kind is registered yet: use "
        "checker.load_config, which registers them)"
    )
    assert second == "0.7"
