"""Configuration: pydantic models read from YAML (``configs/default.yaml``)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "configs" / "default.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelsConfig(_Strict):
    embedding: str = "bundled:all-MiniLM-L6-v2"  # or a local path
    nli: str = "models/nli-minilm-l6"  # local path (relative to the repo) or a Hugging Face name
    device: str = "cpu"
    allow_download: bool = False  # let Hugging Face names be fetched from the Hub
    quantize: bool = False  # int8 dynamic quantization of the NLI model on CPU (see benchmarks/int8_quantization.py)


class CleanConfig(_Strict):
    min_words: int = 6  # a line shorter than this without sentence punctuation is dropped


class AlignConfig(_Strict):
    threshold: float = Field(0.6, ge=-1, le=1)  # cosine similarity to become a candidate pair
    top_k: int = Field(2, ge=1)
    mutual_best: bool = True  # also keep mutual best matches above merge_threshold
    merge_adjacent: bool = True
    min_words: int = Field(5, ge=1)  # sentences shorter than this are not compared
    within_article: bool = True
    within_min_gap: int = 2  # sentences this far apart in one article may be compared


class JudgeConfig(_Strict):
    batch_size: int = Field(32, ge=1)
    max_length: int = Field(256, ge=16)


class FindingsConfig(_Strict):
    contradiction: float = Field(0.5, ge=0, le=1)  # min contradiction probability to report
    high: float = Field(0.85, ge=0, le=1)  # contradiction prob for high severity
    medium: float = Field(0.65, ge=0, le=1)
    min_similarity: float = 0.55  # claim checks only on pairs at least this similar


class EmbedConfig(_Strict):
    batch_size: int = Field(64, ge=1)


class CacheConfig(_Strict):
    enabled: bool = True
    dir: str | None = None  # default: $CHECKER_CACHE_DIR, else the platform cache directory


class Config(_Strict):
    models: ModelsConfig = ModelsConfig()
    clean: CleanConfig = CleanConfig()
    embed: EmbedConfig = EmbedConfig()
    align: AlignConfig = AlignConfig()
    judge: JudgeConfig = JudgeConfig()
    findings: FindingsConfig = FindingsConfig()
    cache: CacheConfig = CacheConfig()


class ConfigError(ValueError):
    """The config file is missing or invalid; the message names it."""


def load_config(path: str | Path | None = None) -> Config:
    """Read a YAML config; ``None`` reads ``configs/default.yaml`` (or built-in defaults)."""
    path = Path(path) if path else DEFAULT_CONFIG
    if not path.exists():
        if path == DEFAULT_CONFIG:
            return Config()
        raise ConfigError(f"{path}: config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        return Config.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"{path}: {where}: {first['msg']}") from exc
