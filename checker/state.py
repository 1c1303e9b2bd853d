"""What flows through the pipeline: the run's :class:`State`, and the :class:`Context` every stage is given.

Every stage is a plain function ``stage(state, ctx) -> State`` that returns a new state with its own fields filled
(``dataclasses.replace``); ``checker.pipeline.STAGES`` lists them in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from checker.cache import Cache
from checker.config import Config
from checker.records import State as State  # the state is a record; imported from here too

Advance = Callable[[int], None]
ProgressFactory = Callable[[str, int], Advance]


def no_progress(description: str, total: int) -> Advance:
    """A progress factory that shows nothing."""
    return lambda n: None


class Models:
    """The embedding and NLI models, each loaded on first use only (a fully cached run loads neither).

    Pass one ``Models`` to several runs so the models load once.
    """

    def __init__(self, cfg: Config, embedder: Any = None, nli: Any = None) -> None:
        self.cfg = cfg
        if embedder is not None:
            self.__dict__["embedder"] = embedder
        if nli is not None:
            self.__dict__["nli"] = nli

    def load(self) -> Models:
        """Load both models now (for timings, or before forking workers)."""
        _ = self.embedder, self.nli
        return self

    @cached_property
    def embedder(self) -> Any:
        from checker.models import load_embedder

        return load_embedder(self.cfg.models.embedding, self.cfg.models.device, self.precision)

    @cached_property
    def nli(self) -> Any:
        from checker.nli import load_nli

        m = self.cfg.models
        return load_nli(m.nli, m.device, self.cfg.judge.max_length, m.allow_download, m.quantize, self.precision)

    @cached_property
    def precision(self) -> str:
        """``models.precision`` resolved on this machine (``bfloat16``, ``int8``, ``float32``, or ``native`` on a
        GPU)."""
        from checker.models import resolve_precision

        return resolve_precision(self.cfg.models.precision, self.cfg.models.device)

    @cached_property
    def nlp(self) -> Any:
        """spaCy's English pipeline (parse, lemmas, entities)."""
        from checker.models import load_spacy

        return load_spacy(self.cfg.models.spacy)

    @cached_property
    def embed_id(self) -> str:
        from checker.cache import model_identity
        from checker.models import embed_format, embedding_path
        from checker.quant import BF16_ROWS

        name = self.cfg.models.embedding
        fmt = embed_format(self.precision)
        suffix = "" if fmt in ("float32", "native") else f"|{fmt}"  # float32 ids as before
        suffix += f"|rows{BF16_ROWS}" if fmt == "bfloat16" else ""  # bfloat16 embedded in fixed shapes
        return model_identity(name + suffix, embedding_path(name))

    @cached_property
    def nli_id(self) -> str:
        from checker.cache import model_identity
        from checker.nli import nli_format, nli_path, read_temperature
        from checker.quant import BF16_ROWS

        m = self.cfg.models
        path = nli_path(m.nli)
        t = read_temperature(path) if path is not None else None  # calibrated scores change with the temperature
        fmt = nli_format(self.precision, m.quantize, m.device)
        q = int(fmt.startswith("int8"))  # int8 runs on CPU only; on a GPU the weights stay as they are
        # float32 ids as before; the format's name keeps scores of other formats (bfloat16, the earlier int8 scored
        # one pair per batch, "|b1") from being reused
        suffix = "" if fmt in ("float32", "native") else f"|{fmt}"
        suffix += f"|rows{BF16_ROWS}" if fmt == "bfloat16" else ""  # bfloat16 scored in fixed shapes
        return model_identity(f"{m.nli}|{self.cfg.judge.max_length}|q{q}|cal{t or 1}{suffix}", path)

    @cached_property
    def embed_dim(self) -> int:
        """The vector width, read from the model's pooling config when it has one (no loading needed)."""
        if "embedder" not in self.__dict__ and not self.cfg.models.embedding.startswith("hub:"):
            from checker.models import embedding_path

            pooling = Path(embedding_path(self.cfg.models.embedding)) / "1_Pooling" / "config.json"
            if pooling.is_file():
                dim = json.loads(pooling.read_text()).get("word_embedding_dimension")
                if isinstance(dim, int):
                    return dim
        from checker.models import dimension

        return dimension(self.embedder)


@dataclass
class Context:
    """What stages read but never change: config, models, cache, progress display and run options."""

    cfg: Config = field(default_factory=Config)
    models: Models | None = None
    cache: Cache | None = None
    progress: ProgressFactory = no_progress
    across_events: bool = False

    def __post_init__(self) -> None:
        if self.models is None:
            self.models = Models(self.cfg)

    @property
    def m(self) -> Models:
        assert self.models is not None
        return self.models

    def embed(self, texts: list[str], description: str | None = None) -> np.ndarray:
        """Unit vectors of ``texts`` through the cache (the model loads only if some text is new)."""
        from checker.models import embed_texts

        advance = self.progress(description, len(texts)) if description else None
        return embed_texts(
            _LazyEmbedder(self.m), texts, self.cfg.embed.batch_size, self.cache, self.m.embed_id, advance
        )


class _LazyEmbedder:
    """Looks like the embedding model, but loads it only when something must be encoded."""

    def __init__(self, models: Models) -> None:
        self.models = models

    def get_embedding_dimension(self) -> int:
        return self.models.embed_dim

    def encode(self, sentences: list[str], **kwargs: Any) -> Any:
        return self.models.embedder.encode(sentences, **kwargs)

    def __getattr__(self, name: str) -> Any:  # checker_rows, tokenizer, max_seq_length: loads the model
        if name in ("checker_rows", "tokenizer", "max_seq_length"):
            return getattr(self.models.embedder, name, None)
        raise AttributeError(name)
