"""Load the NLI sets of ``shared/data/nli`` and ``shared/data/nli_more`` by role (train, dev, test).

Every loader returns a list of :class:`NLIExample`. Three-way labels are the names
``entailment``, ``neutral`` and ``contradiction``; two-way sets map onto them only
where the mapping is exact (FEVER's REFUTES is a contradiction). Two-way sets whose
"not entailed" is neutral *or* contradiction (ScoNe, MED, HELP, IMPLI, DNC, SciTail,
WiCE, RTE-GLUE) keep ``two_way=True`` and the label ``entailment`` or
``not_entailment``: training uses them only through an entailed / not-entailed loss,
never as a contradiction label.

``data_root`` is ``shared/data/nli``; the turn-2 sets are read from its sibling
``nli_more``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from checker.nli import LABELS
from checker.training import synth
from checker.training.examples import NOT_ENTAILED, NLIExample

__all__ = ["LABELS", "NOT_ENTAILED", "NLIExample", "load"]


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
        dict(zip(("label", "premise", "hypothesis"), line.rstrip("\n").split("\t"), strict=False))
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


# ---------------------------------------------------------------------------------------------------------------
# Turn-2 sets (shared/data/nli_more). Roles and licences follow nli_more/README.md.


def more_root(root: Path) -> Path:
    """``shared/data/nli_more`` beside ``shared/data/nli``."""
    return root.parent / "nli_more"


def _two_way_label(label: str) -> str | None:
    label = (label or "").strip().lower().replace("-", "_")
    if label == "entailment":
        return "entailment"
    if label in ("non_entailment", "not_entailment", "neutral"):  # "neutral" here means "not entailed"
        return NOT_ENTAILED
    return None


def _two_way(rows, source: str, p="premise", h="hypothesis", lab="label") -> list[NLIExample]:
    out = []
    for r in rows:
        label = _two_way_label(r.get(lab, ""))
        prem, hyp = (r.get(p) or "").strip(), (r.get(h) or "").strip()
        if label and prem and hyp:
            out.append(NLIExample(prem, hyp, label, source, two_way=True))
    return out


def vitaminc_dev_case(case_id: str, share: int = 10, salt: str = "vitaminc-dev-13") -> bool:
    """True for the ~1/``share`` of VitaminC-real case_ids held out as the dev set ``vitaminc-dev``.

    A salted md5 of the case_id decides, so the split is fixed and a contrastive group never straddles it.
    """
    return int(hashlib.md5(f"{salt}:{case_id}".encode()).hexdigest(), 16) % share == 0


def _vitaminc(root: Path, dev: bool) -> list[NLIExample]:
    """VitaminC-real's train half split by case_id; the training part also loses any row sharing a premise or a
    claim with the dev part (the same Wikipedia sentence recurs under several case_ids)."""
    rows = list(_jsonl(more_root(root) / "vitaminc_real/train_half.jsonl"))
    dev_rows = [r for r in rows if vitaminc_dev_case(str(r.get("case_id")))]
    if dev:
        return _examples(dev_rows, "vitaminc-dev")
    seen = {normalise(r[k]) for r in dev_rows for k in ("premise", "hypothesis")}
    train = [
        r
        for r in rows
        if not vitaminc_dev_case(str(r.get("case_id")))
        and normalise(r["premise"]) not in seen
        and normalise(r["hypothesis"]) not in seen
    ]
    return _examples(train, "vitaminc-train")


def _key(text: str) -> str:
    """Tokenisation-blind key: lower-case letters and digits only (PTB ``n't`` and ``n't`` agree)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _taxinli_dev_mm(root: Path) -> list[NLIExample]:
    """TaxiNLI's MNLI dev-mismatched rows minus any whose premise is in the dev set ``mnli-mm-sample``."""
    dev_premises = {_key(e.premise) for e in _mnli_mm_sample(root)}
    rows = _examples(
        _jsonl(more_root(root) / "taxinli_mnli_dev_mismatched_part/dev_mismatched_part.jsonl"), "taxinli-mnli-dev-mm"
    )
    return [e for e in rows if _key(e.premise) not in dev_premises]


def _synthetic_dev(root: Path) -> list[NLIExample]:
    return synth.generate_split(root, dev=True)


TRAIN_SETS.update(
    {
        "conjnli-train": lambda r: _examples(
            _jsonl(more_root(r) / "conjnli/adversarial_train_15k.jsonl"), "conjnli-train"
        ),
        "taxinli-mnli-train": lambda r: _examples(
            _jsonl(more_root(r) / "taxinli_mnli_train_part/train_part.jsonl"), "taxinli-mnli-train"
        ),
        "taxinli-mnli-dev-mm": _taxinli_dev_mm,
        "ambient": lambda r: _examples(_jsonl(more_root(r) / "ambient/ambient_unambiguous_pairs.jsonl"), "ambient"),
        "check-covid": lambda r: _examples(_jsonl(more_root(r) / "check_covid/check_covid.jsonl"), "check-covid"),
        "vitaminc-train": lambda r: _vitaminc(r, dev=False),
        # two-way sets: entailed / not entailed only
        "scone": lambda r: _two_way(_jsonl(more_root(r) / "scone_negation/scone.jsonl"), "scone"),
        "med": lambda r: _two_way(_jsonl(more_root(r) / "med_monotonicity/med.jsonl"), "med"),
        "help": lambda r: _two_way(_jsonl(more_root(r) / "help_monotonicity_partial/help_partial.jsonl"), "help"),
        "impli": lambda r: _two_way(_jsonl(more_root(r) / "impli_figurative/impli.jsonl"), "impli"),
        "dnc": lambda r: _two_way(_jsonl(more_root(r) / "dnc_recast_subsets/dnc_subsets.jsonl"), "dnc"),
        "scitail-dev": lambda r: _two_way(_jsonl(more_root(r) / "scitail_dev/scitail_dev.jsonl"), "scitail-dev"),
        "wice": lambda r: _two_way(_jsonl(more_root(r) / "wice/wice_claims.jsonl"), "wice"),
        "scitail": lambda r: _two_way(_jsonl(r / "scitail/test.jsonl"), "scitail"),
        "rte-glue": lambda r: _two_way(
            list(_tsv(r / "rte_glue/train.tsv")) + list(_tsv(r / "rte_glue/dev.tsv")),
            "rte-glue",
            "sentence1",
            "sentence2",
        ),
    }
)

TWO_WAY_SETS = ("scone", "med", "help", "impli", "dnc", "scitail-dev", "wice", "scitail", "rte-glue")

DEV_SETS.update(
    {
        "vitaminc-dev": lambda r: _vitaminc(r, dev=True),
        "conjnli-dev": lambda r: _examples(_jsonl(more_root(r) / "conjnli/conj_dev.jsonl"), "conjnli-dev"),
        "synthetic-dev": _synthetic_dev,
    }
)

LICENCES.update(
    {
        "conjnli-train": "MIT (ConjNLI)",
        "conjnli-dev": "MIT (ConjNLI)",
        "taxinli-mnli-train": "C-UDA 1.0 (TaxiNLI; MultiNLI rows; trained models are unrestricted Results)",
        "taxinli-mnli-dev-mm": "C-UDA 1.0 (TaxiNLI; MultiNLI dev-mismatched rows)",
        "ambient": "CC BY 4.0 (AmbiEnt)",
        "check-covid": "MIT (Check-COVID)",
        "vitaminc-train": "CC BY-SA 3.0 (VitaminC, Wikipedia text)",
        "vitaminc-dev": "CC BY-SA 3.0 (VitaminC, Wikipedia text)",
        "scone": "CC0 (ScoNe)",
        "med": "CC BY-SA 4.0 (MED)",
        "help": "CC BY-SA 4.0 (HELP)",
        "impli": "Apache-2.0 (IMPLI)",
        "dnc": "per row: MIT, CC BY 4.0 or VerbNet 3.0 licence (DNC recast subsets)",
        "scitail-dev": "Apache-2.0 (SciTail)",
        "scitail": "Apache-2.0 (SciTail)",
        "wice": "ODC-BY 1.0 + CC BY-SA text (WiCE)",
        "rte-glue": "RTE (GLUE distribution; research use)",
        "synthetic-dev": "generated from FRANK (CNN/DM, research) and XSumFaith (BBC, research) article sentences",
    }
)

# The default training mix of the second generation (every train-role set; two-way ones through the 2-way loss).
GEN2_TRAIN_SETS = list(TRAIN_SETS)
GEN2_DEV_SETS = ["rte3-dev", "sick-trial", "mnli-mm-sample", "vitaminc-dev", "conjnli-dev", "synthetic-dev"]


def normalise(text: str) -> str:
    """Lower-cased, whitespace-normalised text: the decontamination key."""
    return " ".join(text.lower().split())


def test_role_texts(root: Path) -> set[str]:
    """Every premise and hypothesis (normalised) of every test-role set."""
    out: set[str] = set()
    for loader in TEST_SETS.values():
        for e in loader(root):
            out.add(normalise(e.premise))
            out.add(normalise(e.hypothesis))
    return out


def decontaminate(examples: list[NLIExample], banned: set[str]) -> tuple[list[NLIExample], dict[str, int]]:
    """Drop rows whose premise or hypothesis appears in ``banned``; counts dropped per source set."""
    kept: list[NLIExample] = []
    dropped: dict[str, int] = {}
    for e in examples:
        if normalise(e.premise) in banned or normalise(e.hypothesis) in banned:
            dropped[e.source] = dropped.get(e.source, 0) + 1
        else:
            kept.append(e)
    return kept, dropped


def load(names: list[str], table: dict[str, Callable[[Path], list[NLIExample]]], root: Path) -> list[NLIExample]:
    """Load the named sets from ``table``; an unknown name raises ``KeyError`` naming it."""
    out: list[NLIExample] = []
    for name in names:
        if name not in table:
            raise KeyError(f"unknown NLI set {name!r}; known: {', '.join(table)}")
        out.extend(table[name](root))
    return out
