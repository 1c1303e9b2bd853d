"""A loss for mixed three-way and two-way NLI rows.

Three-way rows (entailment / neutral / contradiction) take the usual cross-entropy. Two-way rows (entailed / not
entailed: ScoNe, MED, HELP, IMPLI, DNC, SciTail, WiCE, RTE) take a binary cross-entropy on
P(entailment) = softmax[entailment] against P(neutral) + P(contradiction): a "not entailed" row raises neutral and
contradiction together, in proportion to their current probabilities, and never pushes contradiction on its own.

Rows carry a ``two_way`` flag column (0 or 1) between the text columns and the label. Labels are LABELS indices for
three-way rows, and 0 (entailed) or 1 (not entailed) for two-way rows.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from checker.nli import label_columns


def mixed_nli_loss(logits: Tensor, labels: Tensor, two_way: Tensor, two_way_weight: float = 1.0) -> Tensor:
    """Mean loss over a batch; ``logits`` columns in LABELS order (entailment, neutral, contradiction)."""
    logp = torch.log_softmax(logits.float(), dim=-1)
    labels = labels.long().view(-1)
    two_way = two_way.bool().view(-1)
    three = -logp.gather(1, labels.clamp(0, 2).view(-1, 1)).squeeze(1)
    log_ent = logp[:, 0]
    log_not = torch.logsumexp(logp[:, 1:], dim=-1)
    binary = -torch.where(labels == 0, log_ent, log_not)
    per_row = torch.where(two_way, two_way_weight * binary, three)
    weights = torch.where(two_way, torch.full_like(per_row, two_way_weight), torch.ones_like(per_row))
    return per_row.sum() / weights.sum().clamp_min(1e-8)


class MixedNLILoss(nn.Module):
    """sentence-transformers CrossEncoder loss over (premise, hypothesis, two_way) columns and a label."""

    def __init__(self, model, two_way_weight: float = 1.0) -> None:
        super().__init__()
        self.model = model
        self.two_way_weight = two_way_weight
        self.columns = label_columns(model.config.id2label)

    def forward(self, inputs: list[list], labels: Tensor, prompt: str | None = None, task: str | None = None) -> Tensor:
        from sentence_transformers.util import batch_to_device

        if len(inputs) != 3:
            raise ValueError(f"MixedNLILoss expects premise, hypothesis and two_way columns, got {len(inputs)}")
        pairs = list(zip(inputs[0], inputs[1], strict=True))
        tokens = batch_to_device(self.model.preprocess(pairs, prompt=prompt, task=task), self.model.device)
        logits = self.model(tokens)["scores"][:, self.columns]
        flags = torch.as_tensor([int(x) for x in inputs[2]], device=logits.device)
        return mixed_nli_loss(logits, labels.to(logits.device), flags, self.two_way_weight)
