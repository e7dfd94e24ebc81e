"""Shared fixtures. The real reports and their expected records live in ../shared
(beside the project, in CI too); they are read from there, never copied."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def seed_pairs() -> list[tuple[Path, Path]]:
    assert SEEDS.is_dir(), f"../shared/seeds is missing beside the project ({SEEDS})"
    pairs = []
    for e in sorted(SEEDS.glob("*.expected.json")):
        stem = e.name[: -len(".expected.json")]
        pairs.append((e, SEEDS / f"{stem}.txt"))
    assert len(pairs) == 5
    return pairs


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(params=[p for p in seed_pairs()], ids=lambda p: p[1].stem)
def seed(request):
    expected, source = request.param
    return load(expected), source
