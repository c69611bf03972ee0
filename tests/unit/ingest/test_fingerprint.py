"""The fingerprint of a seed set changes with anything its graph is made from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alliancekg.exc import UsageError
from alliancekg.ingest.fingerprint import file_hashes, seeds_fingerprint
from tests.paths import SEEDS

BASE = "https://example.org/akg/"


def test_the_fingerprint_follows_the_seed_files_and_the_base(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    first = seeds_fingerprint([seeds], BASE)
    assert seeds_fingerprint([seeds], BASE) == first
    assert seeds_fingerprint([seeds], BASE + "x/") != first

    one = seeds / "curation-segments.yaml"
    before = one.read_bytes()
    one.write_bytes(before + b"# noted\n")
    assert seeds_fingerprint([seeds], BASE) != first
    one.write_bytes(before)
    assert seeds_fingerprint([seeds], BASE) == first

    (seeds / "more.yaml").write_text("organizations: []\n", encoding="utf-8")
    assert seeds_fingerprint([seeds], BASE) != first
    (seeds / "more.yaml").unlink()
    (seeds / "notes.txt").write_text("not a seed file\n", encoding="utf-8")
    assert seeds_fingerprint([seeds], BASE) == first

    moved = tmp_path / "moved"
    shutil.copytree(seeds, moved)
    assert seeds_fingerprint([moved], BASE) != first  # other files, though alike


def test_no_seed_files_is_the_reading_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no seed files"):
        seeds_fingerprint([tmp_path], BASE)


def test_file_hashes_name_a_missing_file(tmp_path: Path) -> None:
    there = tmp_path / "a.txt"
    there.write_text("a", encoding="utf-8")
    hashes = file_hashes([there, tmp_path / "gone.txt"])
    assert hashes[str(there.resolve())] != ""
    assert hashes[str((tmp_path / "gone.txt").resolve())] == ""
