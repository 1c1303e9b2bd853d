"""A small findings.json (schema checker.findings/1) for the review app's tests, with hostile scraped text."""

from __future__ import annotations

import json
from pathlib import Path

EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _side(article: str, source: str, sentence: str, before: list[str] | None = None) -> dict:
    return {
        "article": article,
        "source": source,
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "context": {"before": before or [], "after": []},
    }


def findings() -> list[dict]:
    a1 = "The ministry said 35 people were hurt in the blast on Friday."
    b1 = "The ministry said 53 people were hurt in the blast on Friday."
    return [
        {
            "id": "f0000000high",
            "pair": "p1",
            "kind": "number",
            "severity": "high",
            "score": 0.9,
            "event": "E1",
            "a": _side("000_wire", "Wire", a1, ["Rescue teams worked through the night."]),
            "b": _side("001_copy", "Copy " + EVIL, b1),
            "nli": {"entailment": 0.1, "neutral": 0.2, "contradiction": 0.7},
            "explanation": "Wire says 35 people; Copy says 53 people. " + EVIL,
            "similarity": 0.95,
            "consensus": {
                "summary": "2 outlets say 35; Copy says 53",
                "values": [
                    {"source": "Wire", "value": "35", "agrees": True},
                    {"source": "Copy", "value": "53", "agrees": False},
                ],
            },
            "evidence": {"a": [[18, 20, "number"]], "b": [[18, 20, "number"]]},
        },
        {
            "id": "f00000medium",
            "pair": "p2",
            "kind": "quote",
            "severity": "medium",
            "score": 0.6,
            "event": "E1",
            "a": _side("000_wire", "Wire", '"We will rebuild," the mayor said.'),
            "b": _side("002_other", "Other", '"We shall rebuild it all," the mayor said.'),
            "nli": {"entailment": 0.6, "neutral": 0.3, "contradiction": 0.1},
            "explanation": "Both quote the mayor, in different words.",
            "similarity": 0.8,
            "evidence": {"a": [], "b": []},
        },
        {
            "id": "f00000000low",
            "pair": "p3",
            "kind": "polarity",
            "severity": "low",
            "score": 0.3,
            "event": "E2",
            "a": _side("003_x", "Other", "The leaders agreed on the need for talks."),
            "b": _side("003_x", "Other", "The leaders were divided on the need for talks."),
            "nli": {"entailment": 0.1, "neutral": 0.3, "contradiction": 0.6},
            "explanation": "Other says agreed, Other says were divided.",
            "similarity": 0.85,
            "evidence": {"a": [], "b": []},
        },
    ]


def write_report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {"schema": "checker.findings/1", "articles": [], "findings": findings(), "events": []}
    (folder / "findings.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder
