"""What the last load was made from is kept whole, or read as none."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliancekg.backends.loads import LastLoad, keep_load, last_load
from alliancekg.exc import Problem

URI, DB = "bolt://127.0.0.1:7687", "neo4j"


def _kept() -> LastLoad:
    return LastLoad(
        seeds="f" * 64,
        texts={"/seeds/texts/a.txt": "e" * 64},
        version="FB:abc",
        held={"Company": 3, "MEMBER_OF": 5},
        warnings=[Problem("two entities are named 'X'", file="a.yaml", line=4, field="name")],
    )


def test_a_kept_load_reads_back_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLIANCEKG_CACHE_DIR", str(tmp_path))
    from alliancekg import config

    config.cache_dir.cache_clear()
    try:
        assert last_load(URI, DB) is None
        keep_load(URI, DB, _kept())
        assert last_load(URI, DB) == _kept()
        assert last_load(URI, "other") is None  # one per server and database
        summary = _kept().summary()
        assert summary.unchanged == {"Company": 3, "MEMBER_OF": 5} and not summary.changed

        (file,) = (tmp_path / "loads").iterdir()
        for broken in (b"{", b'{"format": 1}', b"[]", b'{"format": 99}'):
            file.write_bytes(broken)
            assert last_load(URI, DB) is None

        monkeypatch.setenv("ALLIANCEKG_CACHE_DIR", "")
        config.cache_dir.cache_clear()
        keep_load(URI, DB, _kept())
        assert last_load(URI, DB) is None
    finally:
        config.cache_dir.cache_clear()
