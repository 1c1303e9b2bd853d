"""Load the NLI sets of ``shared/data/nli`` by role (train, dev, test).

Every loader returns a list of :class:`NLIExample`. Labels are the three names
``entailment``, ``neutral`` and ``contradiction``; two-way sets map onto them only
where the mapping is exact (FEVER's REFUTES is a contradiction).
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from checker.nli import LABELS


@dataclass(frozen=True)
class NLIExample:
    premise: str
    hypothesis: str
    label: str  # one of LABELS
    source: str


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def _tsv(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def _norm(label: str) -> str | None:
    label = (label or "").strip().lower()
    mapping = {
        "entailment": "entailment",
        "supports": "entailment",
        "neutral": "neutral",
        "not enough info": "neutral",
        "contradiction": "contradiction",
        "refutes": "contradiction",
    }
    return mapping.get(label)


def _examples(rows, source, p="premise", h="hypothesis", lab="label", fix=_norm) -> list[NLIExample]:
    out = []
    for r in rows:
        label = fix(r.get(lab, ""))
        prem, hyp = (r.get(p) or "").strip(), (r.get(h) or "").strip()
        if label and prem and hyp:
            out.append(NLIExample(prem, hyp, label, source))
    return out


def mnli_half(premise: str) -> int:
    """0 for the training half of MNLI-matched dev, 1 for the held-out test half."""
    return int(hashlib.md5(premise.encode("utf-8")).hexdigest(), 16) % 2


def _mnli(root: Path, half: int, source: str) -> list[NLIExample]:
    rows = [r for r in _jsonl(root / "mnli/dev_matched.jsonl") if mnli_half(r["premise"]) == half]
    return _examples(rows, source)


def _fever_binary(label: str) -> str | None:
    return {"entailment": "entailment", "not_entailment": "contradiction"}.get(label.strip())


def _snli_test(root: Path) -> list[NLIExample]:
    return _examples(_jsonl(root / "snli/test_tokenized.jsonl"), "snli-test")


_DETOK = [
    (" n't", "n't"),
    (" 's", "'s"),
    (" ,", ","),
    (" .", "."),
    (" ;", ";"),
    (" :", ":"),
    (" ?", "?"),
    (" !", "!"),
    ("`` ", '"'),
    (" ''", '"'),
    ("( ", "("),
    (" )", ")"),
    (" 're", "'re"),
    (" 've", "'ve"),
    (" 'm", "'m"),
    (" 'll", "'ll"),
    (" 'd", "'d"),
]


def _detok(text: str) -> str:
    for a, b in _DETOK:
        text = text.replace(a, b)
    return text


def _mnli_mm_sample(root: Path) -> list[NLIExample]:
    """1,000 MNLI-mismatched dev pairs (PTB-tokenized, no header: label, premise, hypothesis)."""
    path = root / "mnli/dev_mismatched_sample1000_textfooler.tsv"
    rows = (
        dict(zip(("label", "premise", "hypothesis"), line.rstrip("\n").split("\t")))
        for line in path.open(encoding="utf-8")
        if line.strip()
    )
    return [
        NLIExample(_detok(e.premise), _detok(e.hypothesis), e.label, e.source)
        for e in _examples(rows, "mnli-mm-sample")
    ]


def _sick(root: Path, split: str, source: str) -> list[NLIExample]:
    name = {"TRAIN": "SICK_train.txt", "TRIAL": "SICK_trial.txt", "TEST": "SICK_test_annotated.txt"}[split]
    return _examples(_tsv(root / "sick" / name), source, "sentence_A", "sentence_B", "entailment_judgment")


# name -> (role, loader). Roles follow shared/data/README.md.
TRAIN_SETS: dict[str, Callable[[Path], list[NLIExample]]] = {
    "snli-dev": lambda r: _examples(_jsonl(r / "snli/dev.jsonl"), "snli-dev"),
    "snli-test": _snli_test,
    "cad-snli": lambda r: [
        e
        for split in ("train", "dev", "test")
        for e in _examples(
            _tsv(r / f"cad_snli/all_combined/{split}.tsv"), "cad-snli", "sentence1", "sentence2", "gold_label"
        )
    ],
    "breaking-nli": lambda r: _examples(
        _jsonl(r / "breaking_nli/data/dataset.jsonl"), "breaking-nli", "sentence1", "sentence2", "gold_label"
    ),
    "fever-nli-binary": lambda r: _examples(
        _jsonl(r / "fever_nli_binary_dev/dev.jsonl"), "fever-nli-binary", fix=_fever_binary
    ),
    "mnli-m-train-half": lambda r: _mnli(r, 0, "mnli-m-train-half"),
}

DEV_SETS: dict[str, Callable[[Path], list[NLIExample]]] = {
    "rte3-dev": lambda r: _examples(_jsonl(r / "rte3_3way/rte3_dev_3way_en.jsonl"), "rte3-dev"),
    "sick-trial": lambda r: _sick(r, "TRIAL", "sick-trial"),
    "mnli-mm-sample": _mnli_mm_sample,
}

TEST_SETS: dict[str, Callable[[Path], list[NLIExample]]] = {
    "mnli-m-heldout": lambda r: _mnli(r, 1, "mnli-m-heldout"),
    "anli-r1": lambda r: _examples([x for x in _jsonl(r / "anli/test_r1r2r3.jsonl") if x["round"] == "R1"], "anli-r1"),
    "anli-r2": lambda r: _examples([x for x in _jsonl(r / "anli/test_r1r2r3.jsonl") if x["round"] == "R2"], "anli-r2"),
    "anli-r3": lambda r: _examples([x for x in _jsonl(r / "anli/test_r1r2r3.jsonl") if x["round"] == "R3"], "anli-r3"),
    "rte3-test": lambda r: _examples(_jsonl(r / "rte3_3way/rte3_test_3way_en.jsonl"), "rte3-test"),
    "sick-test": lambda r: _sick(r, "TEST", "sick-test"),
    "fever-symmetric": lambda r: _examples(
        _jsonl(r / "fever_symmetric/symmetric_v0.2/fever_symmetric_test.jsonl"), "fever-symmetric", "evidence", "claim"
    ),
}

LICENCES = {
    "snli-dev": "CC BY-SA 4.0 (SNLI)",
    "snli-test": "CC BY-SA 4.0 (SNLI, e-SNLI copy)",
    "cad-snli": "research use, derived from SNLI (CC BY-SA 4.0)",
    "breaking-nli": "CC BY-SA 4.0 (derived from SNLI)",
    "fever-nli-binary": "CC BY-SA 3.0 (FEVER, Wikipedia text)",
    "mnli-m-train-half": "MultiNLI licence (OANC / CC BY-SA 3.0 genres)",
    "synthetic-news": "generated from FRANK (CNN/DM, research) and XSumFaith (BBC, research) article sentences",
}


def load(names: list[str], table: dict[str, Callable[[Path], list[NLIExample]]], root: Path) -> list[NLIExample]:
    """Load the named sets from ``table``; an unknown name raises ``KeyError`` naming it."""
    out: list[NLIExample] = []
    for name in names:
        if name not in table:
            raise KeyError(f"unknown NLI set {name!r}; known: {', '.join(table)}")
        out.extend(table[name](root))
    return out
