"""Batch-invariant int8 on CPU: per-row activation scales, per-channel int8 weights, exact integer matmul.

Torch's dynamic quantization scales a Linear layer's input by one number over the whole batch, so a pair's score
depends on its batch neighbours. Here every row (token) of a Linear layer's input has its own scale, the weights
have one scale per output channel, and the product is computed in exact int32 (fbgemm), so a token's output
depends on that token's values alone. The rest of the model stays float32; what could still depend on the batch is
the padded length (attention and its reductions run over it), so pairs are grouped in buckets of
:data:`BUCKET` tokens and each batch is padded to its bucket's length: a pair gets the same padding alone or in any
batch. A test checks that a pair scores bit-identically alone and in batches of mixed lengths.

How the exact per-row product is had from fbgemm (whose dynamic linear only knows one scale per tensor): each row
is rounded to integers in [-ACT_MAX, ACT_MAX] with its own scale, one extra row holding exactly -ACT_MAX - 1 and
ACT_MAX is appended, so fbgemm's per-tensor scale comes out exactly 1 and its own quantization leaves the integers
as they are; the int32 result, times the weight scale (inside fbgemm), is then multiplied by each row's scale.
Activations use 7 bits (``reduce_range``): fbgemm's AVX2 kernels add pairs of u8 x s8 products in int16, which
saturates with 8-bit activations and would make the product inexact.

Layers that read one input (an attention block's query, key and value projections) are fused: their weights are
stacked into one int8 matrix, so the input is quantised once and multiplied once (:class:`FusedRowInt8`). Per-row
scales, per-channel weight scales and the exact int32 product make each output column the same number as the
separate layer gives: fusing changes the speed, not the scores (a test checks bit-identity), so the format's name
and the cache ids stay.
"""

from __future__ import annotations

from typing import Any

import numpy as np

FORMAT = "int8-rows-b8"  # the format's name in cache ids, ``checker --version`` and the run summary
BF16_ROWS = 8  # bfloat16 (not quantised) batches hold exactly this many pairs
BUCKET = 8  # pairs are padded to a multiple of this many tokens, and batched only with pairs of the same bucket
ACT_MAX = 63  # per-row activation levels: 7 bits, so fbgemm's int16 pair sums cannot saturate


ZERO_POINT = 64  # the uint8 zero point of the row integers on the oneDNN path: [-63, 63] -> [1, 127]
PREPACK_ROWS = 4096  # a typical number of rows (tokens) per call, oneDNN's hint for laying out the weights


def _torch() -> Any:
    import torch

    return torch


def onednn_available() -> bool:
    """Whether torch's oneDNN int8 linear with float32 output is here (x86 builds); else fbgemm's dynamic linear.

    Both give the same numbers (the exact int32 product times the weight scale; a test compares them); oneDNN's is
    about twice as fast here, as it takes the uint8 rows as they are instead of finding their range and quantising
    them again. ``CHECKER_INT8_KERNEL=fbgemm`` picks fbgemm's.
    """
    import os

    torch = _torch()
    if os.environ.get("CHECKER_INT8_KERNEL", "").lower() == "fbgemm":
        return False
    return (
        hasattr(torch.ops, "onednn")
        and hasattr(torch.ops.onednn, "qlinear_pointwise")
        and torch.backends.mkldnn.is_available()
    )


class RowInt8Linear:
    """A ``torch.nn.Linear`` as int8: per-output-channel weights, per-row activation scales, exact int32 product."""

    def __init__(self, linear: Any) -> None:
        self._setup(linear.weight.detach().float(), None if linear.bias is None else linear.bias.detach().float())

    @classmethod
    def stacked(cls, linears: list[Any]) -> RowInt8Linear:
        """One int8 layer whose outputs are the outputs of ``linears`` (same input size) side by side."""
        torch = _torch()
        self = cls.__new__(cls)
        w = torch.cat([lin.weight.detach().float() for lin in linears])
        has_bias = [lin.bias is not None for lin in linears]
        if any(has_bias) and not all(has_bias):
            raise ValueError("stacked layers must all have a bias or none")
        bias = torch.cat([lin.bias.detach().float() for lin in linears]) if all(has_bias) else None
        self._setup(w, bias)
        return self

    def _setup(self, w: Any, bias: Any) -> None:
        torch = _torch()
        import warnings

        scale = (w.abs().amax(1) / 127).clamp(min=1e-12).double()
        zero = torch.zeros(w.shape[0], dtype=torch.long)
        with warnings.catch_warnings():  # quantized tensor creation is marked deprecated; torch 2.13 is pinned
            warnings.simplefilter("ignore", UserWarning)
            qw = torch.quantize_per_channel(w, scale, zero, 0, torch.qint8)
        self.in_features = int(w.shape[1])
        self.out_features = int(w.shape[0])
        self.bias = None if bias is None else bias.clone()
        self.onednn = onednn_available()
        if self.onednn:  # the int8 weights as oneDNN wants them, with their float32 scales for its epilogue
            self.packed = torch.ops.onednn.qlinear_prepack(qw.int_repr(), [PREPACK_ROWS, self.in_features])
            self.w_scale = scale.float()
            self.w_zero = zero
        else:
            self.packed = torch.ops.quantized.linear_prepack(qw, None)

    def __call__(self, x: Any) -> Any:
        torch = _torch()
        lead = x.shape[:-1]
        x2 = x.reshape(-1, self.in_features).float()
        m = x2.shape[0]
        lo, hi = torch.aminmax(x2, dim=1, keepdim=True)
        scale = torch.maximum(-lo, hi).clamp_(min=1e-30) / ACT_MAX
        if self.onednn:
            # the row integers in [-ACT_MAX, ACT_MAX], shifted by ZERO_POINT into uint8; oneDNN's product is the exact
            # int32 one (7-bit activations: its AVX2 int16 pair sums cannot saturate either), times the weight scale
            u = torch.div(x2, scale).round_().add_(ZERO_POINT).to(torch.uint8)
            y = torch.ops.onednn.qlinear_pointwise(
                u, 1.0, ZERO_POINT, self.packed, self.w_scale, self.w_zero, None, 1.0, 0, torch.float32, "none", [], ""
            )
            y = y * scale if self.bias is None else torch.addcmul(self.bias, y, scale)
            return y.reshape(*lead, self.out_features)
        q = x2.new_empty((m + 1, self.in_features))
        torch.div(x2, scale, out=q[:m])
        q[:m].round_()
        q[m].zero_()
        q[m, 0], q[m, 1] = -ACT_MAX - 1, ACT_MAX  # fixes fbgemm's per-tensor scale at exactly 1
        y = torch.ops.quantized.linear_dynamic(q, self.packed, True)[:m]
        y = y * scale if self.bias is None else torch.addcmul(self.bias, y, scale)
        return y.reshape(*lead, self.out_features)


def _module(linear: Any) -> Any:
    """A ``torch.nn.Module`` around :class:`RowInt8Linear` (so it can replace a Linear in a model)."""
    import torch

    class _Mod(torch.nn.Module):
        def __init__(self, inner: RowInt8Linear) -> None:
            super().__init__()
            self.inner = inner
            self.in_features, self.out_features = inner.in_features, inner.out_features

        def forward(self, x: Any) -> Any:
            return self.inner(x)

        def extra_repr(self) -> str:
            return f"in_features={self.in_features}, out_features={self.out_features}, {FORMAT}"

    return _Mod(RowInt8Linear(linear))


class FusedRowInt8:
    """Sibling layers that read the same input, as one stacked :class:`RowInt8Linear`.

    ``part(k, x)`` is layer ``k``'s output. The first part asked for ``x`` runs the stacked layer once (one
    quantisation of ``x``, one matrix product) and keeps the other parts until they are asked for with the same
    tensor ``x``; asked with another tensor, the stacked layer runs again, so the output is always that of ``x``.
    """

    def __init__(self, linears: list[Any]) -> None:
        self.inner = RowInt8Linear.stacked(linears)
        self.sizes = [int(lin.weight.shape[0]) for lin in linears]
        self._input: Any = None
        self._parts: list[Any] = []
        self._left: set[int] = set()

    def part(self, k: int, x: Any) -> Any:
        if self._input is not x or k not in self._left:
            y = self.inner(x)
            self._parts = list(y.split(self.sizes, dim=-1))
            self._input, self._left = x, set(range(len(self.sizes)))
        self._left.discard(k)
        out = self._parts[k]
        if not self._left:  # every part handed out: hold no tensors between calls
            self._input, self._parts = None, []
        return out


FUSED_NAMES = (("query", "key", "value"), ("q_proj", "k_proj", "v_proj"))  # projections of one input


def _part_module(fused: FusedRowInt8, k: int) -> Any:
    import torch

    class _Part(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.in_features, self.out_features = fused.inner.in_features, fused.sizes[k]

        def forward(self, x: Any) -> Any:
            return fused.part(k, x)

        def extra_repr(self) -> str:
            return f"in_features={self.in_features}, out_features={self.out_features}, {FORMAT}, fused part {k}"

    return _Part()


def _fuse_siblings(module: Any) -> int:
    """Fuse ``module``'s query/key/value Linear children (:data:`FUSED_NAMES`); how many layers were replaced."""
    torch = _torch()
    for names in FUSED_NAMES:
        layers: list[Any] = [getattr(module, n, None) for n in names]
        if all(isinstance(x, torch.nn.Linear) for x in layers) and len({x.in_features for x in layers}) == 1:
            fused = FusedRowInt8(layers)
            for k, n in enumerate(names):
                setattr(module, n, _part_module(fused, k))
            return len(names)
    return 0


def quantize_linears(module: Any, fuse: bool = True) -> int:
    """Replace every ``torch.nn.Linear`` inside ``module`` by its int8 form, in place; how many were replaced.

    With ``fuse``, projections that read one input (:data:`FUSED_NAMES`) share one stacked layer
    (:class:`FusedRowInt8`): the same outputs, one quantisation of the input instead of three.
    """
    torch = _torch()
    torch.backends.quantized.engine = "fbgemm"  # the x86 kernels whose int32 product is exact (verified by a test)
    n = _fuse_siblings(module) if fuse else 0
    for name, child in list(module.named_children()):
        if isinstance(child, torch.nn.Linear):
            setattr(module, name, _module(child))
            n += 1
        else:
            n += quantize_linears(child, fuse)
    return n


class BucketedCrossEncoder:
    """A cross-encoder whose Linear layers are int8 (:func:`quantize_linears`), scored in length buckets.

    Looks like sentence-transformers' ``CrossEncoder`` to :func:`checker.nli.nli_logits` (``config``, ``predict``).
    """

    precision_format = FORMAT

    def __init__(
        self, cross_encoder: Any, max_length: int, fuse: bool = True, quantize: bool = True, rows: int | None = None
    ) -> None:
        self.cross_encoder = cross_encoder
        self.model = cross_encoder.model
        self.tokenizer = cross_encoder.tokenizer
        self.max_length = max_length
        self.rows = rows  # every batch exactly this many rows (the last filled with repeats): one shape per bucket
        self.model.train(False)
        if quantize:
            quantize_linears(self.model, fuse)
        else:
            self.precision_format = "bfloat16"

    @property
    def config(self) -> Any:
        return self.model.config

    def lengths(self, pairs: list[tuple[str, str]]) -> list[int]:
        """Token count of each pair as the model sees it (truncated to ``max_length``)."""
        enc = self.tokenizer(
            [a for a, _ in pairs], [b for _, b in pairs], truncation=True, max_length=self.max_length, padding=False
        )
        return [len(ids) for ids in enc["input_ids"]]

    def predict(self, sentences: list[tuple[str, str]], batch_size: int = 32, **_: Any) -> np.ndarray:
        """Raw logits, one row per pair in order; batches hold pairs of one bucket, padded to its length."""
        torch = _torch()
        pairs = list(sentences)
        out = np.zeros((len(pairs), int(self.config.num_labels)), dtype=np.float32)
        if not pairs:
            return out
        buckets: dict[int, list[int]] = {}
        for i, n in enumerate(self.lengths(pairs)):
            buckets.setdefault(-(-n // BUCKET), []).append(i)
        with torch.inference_mode():
            for bucket in sorted(buckets, reverse=True):
                idx = buckets[bucket]
                step = self.rows or batch_size
                for lo in range(0, len(idx), step):
                    part = idx[lo : lo + step]
                    rows = part + [part[0]] * (step - len(part)) if self.rows else part
                    enc = self.tokenizer(
                        [pairs[i][0] for i in rows],
                        [pairs[i][1] for i in rows],
                        truncation=True,
                        max_length=self.max_length,
                        padding=True,
                        pad_to_multiple_of=BUCKET,
                        return_tensors="pt",
                    )
                    out[part] = self.model(**enc).logits.float().numpy()[: len(part)]
        return out
