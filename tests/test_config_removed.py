"""A config file that still sets a removed setting gets one clear error naming it (issue 22: align.mutual_best)."""

from __future__ import annotations

import pytest

from checker.config import REMOVED, Config, load_config
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
