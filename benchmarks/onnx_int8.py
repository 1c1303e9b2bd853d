"""Does an int8 ONNX Runtime path keep MNLI-m accuracy within a point and run 1.5x faster than torch fp32?

    pip install -c constraints.txt onnxruntime onnx   # not project dependencies (see benchmarks/RESULTS.md)
    python benchmarks/onnx_int8.py [--pairs 4800] [--out /tmp/nli-onnx]

Exports the shipped NLI model to ONNX (fp32), quantizes it with onnxruntime's dynamic int8 quantization, then scores
the MNLI-matched held-out half with torch fp32, ONNX fp32 and ONNX int8, timing each at the default batch size.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import torch

from checker.config import load_config
from checker.nli import load_nli, nli_probs
from checker.training import data
from checker.training.evaluate import score_set

ROOT = Path(__file__).resolve().parents[1]


def export(model_dir: Path, out: Path) -> tuple[Path, Path]:
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    out.mkdir(parents=True, exist_ok=True)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32).eval()
    tok = AutoTokenizer.from_pretrained(model_dir)
    enc = tok([["a premise here", "a hypothesis"]], return_tensors="pt")
    fp32 = out / "model.onnx"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(
        model,
        tuple(enc[n] for n in names),
        str(fp32),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={**{n: {0: "batch", 1: "seq"} for n in names}, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    int8 = out / "model.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=True)
    return fp32, int8


class OrtModel:
    """An ONNX Runtime session with the ``predict``/``config`` that :func:`checker.judge.nli_probs` reads."""

    def __init__(self, session, tok, config, max_length):
        self.session, self.tok, self.config, self.max_length = session, tok, config, max_length

    def predict(self, pairs, batch_size=32, **_):
        out = []
        for lo in range(0, len(pairs), batch_size):
            chunk = pairs[lo : lo + batch_size]
            enc = self.tok(
                [a for a, _ in chunk],
                [b for _, b in chunk],
                padding=True,
                truncation=True,
                max_length=self.max_length,
                return_tensors="np",
            )
            out.append(
                self.session.run(
                    ["logits"], {k: enc[k].astype(np.int64) for k in ("input_ids", "attention_mask", "token_type_ids")}
                )[0]
            )
        return np.concatenate(out)


def timed(fn, pairs):
    fn(pairs[:64])  # warm-up
    start = time.perf_counter()
    probs = fn(pairs)
    return probs, len(pairs) / (time.perf_counter() - start)


def main() -> None:
    import onnxruntime as ort
    from transformers import AutoConfig, AutoTokenizer

    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=4800)
    ap.add_argument("--out", type=Path, default=Path("/tmp/nli-onnx"))
    args = ap.parse_args()
    cfg = load_config(None)
    model_dir = Path(cfg.models.nli)
    model_dir = model_dir if model_dir.is_absolute() else ROOT / model_dir
    examples = data.load(["mnli-m-heldout"], data.TEST_SETS, ROOT.parent / "shared/data/nli")[: args.pairs]
    pairs = [(e.premise, e.hypothesis) for e in examples]
    bs, ml = cfg.judge.batch_size, cfg.judge.max_length
    fp32_path, int8_path = export(model_dir, args.out)
    tok = AutoTokenizer.from_pretrained(model_dir)
    config = AutoConfig.from_pretrained(model_dir)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = torch.get_num_threads()

    results = {}
    torch_model = load_nli(str(model_dir), "cpu", ml)
    results["torch fp32"] = timed(lambda p: nli_probs(torch_model, p, bs), pairs)
    for name, path in (("onnx fp32", fp32_path), ("onnx int8", int8_path)):
        ort_model = OrtModel(ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"]), tok, config, ml)
        results[name] = timed(lambda p, m=ort_model: nli_probs(m, p, bs), pairs)
    print(
        f"threads {torch.get_num_threads()}, {len(pairs)} MNLI-m held-out pairs, batch {bs}, "
        f"int8 file {int8_path.stat().st_size / 1e6:.1f} MB"
    )
    base_acc, base_rate = score_set("m", examples, results["torch fp32"][0]).accuracy, results["torch fp32"][1]
    for name, (probs, rate) in results.items():
        acc = score_set("m", examples, probs).accuracy
        print(
            f"{name:10s} accuracy {acc:.4f} ({100 * (acc - base_acc):+.2f} points), {rate:6.1f} pairs/s "
            f"({rate / base_rate:.2f}x)"
        )
    print("criteria for the CPU default: within 1 point and >= 1.5x")


if __name__ == "__main__":
    main()
