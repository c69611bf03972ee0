"""The layout a newcomer reads: CONTRIBUTING.md's map is the package as it is, and the
habits the map promises hold (settings come from one place)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancekg.config import Settings
from tests.paths import ROOT

PACKAGE = ROOT / "src" / "alliancekg"
ROW = re.compile(r"^\| `alliancekg/([a-z0-9_]+(?:/|\.py))` \| (.*) \|$", re.MULTILINE)


def mapped() -> dict[str, str]:
    """The rows of CONTRIBUTING.md's table: package or module -> what it holds."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in ROW.finditer(text)}


def modules(package: Path) -> set[str]:
    """A package's modules and sub-packages, as the map names them."""
    found = {p.stem for p in package.glob("*.py") if not p.name.startswith("__")}
    found |= {p.name + "/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    return found


def test_the_map_names_every_package_and_top_level_module_and_nothing_else() -> None:
    actual = {p.name + "/" for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    actual |= {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert set(mapped()) == actual


@pytest.mark.parametrize("package", sorted(p for p in mapped() if p.endswith("/")))
def test_the_map_names_every_module_of_a_package(package: str) -> None:
    named = set(re.findall(r"`([a-z0-9_]+/?)`", mapped()[package]))
    missing = modules(PACKAGE / package) - named
    assert not missing, f"CONTRIBUTING.md does not say what {package}{sorted(missing)} hold"


def test_only_the_settings_read_the_environment_and_nothing_writes_it() -> None:
    readers = {
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if re.search(r"\bos\.(environ|getenv|putenv|unsetenv)\b", p.read_text(encoding="utf-8"))
    }
    assert readers == {"config.py"}
    config = (PACKAGE / "config.py").read_text(encoding="utf-8")
    assert not re.search(
        r"os\.environ\s*\[[^]]*\]\s*=|os\.environ\.(update|setdefault|pop)", config
    )


def test_a_setting_is_read_from_its_own_variable_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME is the user's home directory, not ALLIANCEKG_HOME."""
    monkeypatch.delenv("ALLIANCEKG_HOME", raising=False)
    monkeypatch.setenv("HOME", "/somewhere/else")
    monkeypatch.setenv("SEEDS", "/not/these")
    settings = Settings()
    assert settings.home is None
    assert settings.seeds == ""
