"""Seed YAML read by the direct builder gives what PyYAML's constructors give: the
same values, the same lines, the same errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from alliancekg.ingest import yamlio
from alliancekg.ingest.synth import Scale, generate
from tests.paths import FIXTURES, SEEDS


def pyyaml(text: str) -> Any:
    return yaml.load(text, Loader=yamlio._Loader)


def shape(x: Any) -> Any:
    if isinstance(x, dict):
        lines = (getattr(x, "line", None), getattr(x, "key_lines", None))
        return (type(x).__name__, lines, {k: shape(v) for k, v in x.items()})
    if isinstance(x, list):
        return [shape(v) for v in x]
    return (type(x).__name__, x)


def outcome(load: Any, text: str) -> Any:
    try:
        return shape(load(text))
    except (yaml.YAMLError, yamlio._DuplicateKey) as e:
        return type(e).__name__


def test_every_seed_file_reads_the_same(tmp_path: Path) -> None:
    generate(Scale(companies=50, alliances=5, memberships=300), tmp_path)
    files = [*SEEDS.rglob("*.yaml"), *FIXTURES.rglob("*.yaml"), *tmp_path.rglob("*.yaml")]
    assert len(files) >= 30
    for f in files:
        text = f.read_bytes().decode("utf-8", errors="replace")
        assert outcome(yamlio._load, text) == outcome(pyyaml, text), f


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, *x]",
        "a: &x {b: *x}",
        "- !!binary aGVsbG8=",
        "a: !!set {x, y}",
        "<<: {a: 1}\nb: 2",
        "x: &a {k: 1}\ny: *a\nz:\n  <<: *a\n  m: 2",
        "a: 1\na: 2",
        "",
        "just text",
        "a: [1, 2.5, null, true, 0x10, 2024-01-01, ON, 'x']",
        "a: [unclosed",
        "? [1, 2]\n: complex key",
    ],
)
def test_unusual_yaml_reads_the_same(text: str) -> None:
    assert outcome(yamlio._load, text) == outcome(pyyaml, text)
