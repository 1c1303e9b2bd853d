"""The embedding model loader: the plain mean-pooled path gives sentence-transformers' vectors."""

from __future__ import annotations

import json

import numpy as np
import pytest

from checker.models import MeanPoolEncoder, _mean_pooled, base_embedding_path, load_embedder

TEXTS = [
    "The storm flooded the river town on Friday.",
    "Rescue crews saved forty people from roofs, officials said on Saturday evening after a long night.",
    "Yes.",
    "word " * 400,  # longer than the model's 256 tokens: truncated the same way
]


def test_bundled_model_loads_without_sentence_transformers_and_matches_it():
    from sentence_transformers import SentenceTransformer

    model = load_embedder("bundled:all-MiniLM-L6-v2")
    assert isinstance(model, MeanPoolEncoder)
    ours = model.encode(TEXTS, batch_size=3)
    ref = SentenceTransformer(base_embedding_path(), device="cpu", local_files_only=True).encode(
        TEXTS, batch_size=3, normalize_embeddings=True, convert_to_numpy=True
    )
    assert ours.shape == (4, 384) and ours.dtype == np.float32
    assert np.abs(ours - ref).max() < 1e-5
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    "change",
    [
        lambda m, p: m.pop(),  # no Normalize module
        lambda m, p: p.update(pooling_mode_cls_token=True, pooling_mode_mean_tokens=False),
        lambda m, p: p.update(pooling_mode_max_tokens=True),
    ],
)
def test_other_architectures_are_left_to_sentence_transformers(tmp_path, change):
    import shutil
    from pathlib import Path

    src = Path(base_embedding_path())
    for name in ("modules.json", "sentence_bert_config.json"):
        shutil.copy(src / name, tmp_path / name)
    (tmp_path / "1_Pooling").mkdir()
    shutil.copy(src / "1_Pooling/config.json", tmp_path / "1_Pooling/config.json")
    assert _mean_pooled(str(tmp_path)) is not None
    modules = json.loads((tmp_path / "modules.json").read_text())
    pooling = json.loads((tmp_path / "1_Pooling/config.json").read_text())
    change(modules, pooling)
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    (tmp_path / "1_Pooling/config.json").write_text(json.dumps(pooling))
    assert _mean_pooled(str(tmp_path)) is None
