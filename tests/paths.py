"""Where test data lives: one constant per directory."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT / "seeds"
# The article's YAML files, without the member tables of seeds/tables
ARTICLE = sorted(SEEDS.glob("*.yaml"))
