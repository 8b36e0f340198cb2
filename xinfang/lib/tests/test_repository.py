"""The repository stands on its own: nothing in it points at the workplace's shared folder beside it (what the docs
need from there is copied into ``docs/``: style.md, rules.md, glossary.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SKIPPED = {".venv", ".git", "node_modules", "staticfiles", "var", "e2e/screenshots"}
SUFFIXES = {".py", ".md", ".html", ".toml", ".txt", ".cfg", ".sh", ".js", ".css"}


def _files():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT).as_posix()
        if any(relative == s or relative.startswith(f"{s}/") for s in SKIPPED) or not path.is_file():
            continue
        if path.suffix in SUFFIXES or path.name in ("Makefile", "run"):
            yield path


def test_nothing_points_outside_the_repository_at_the_shared_folder():
    needle = "../" + "shared/"  # spelled in two parts so that this file does not find itself
    found = [
        str(p.relative_to(ROOT)) for p in _files() if needle in p.read_text(encoding="utf-8", errors="ignore")
    ]
    assert found == []


def test_the_docs_hold_the_style_the_rules_and_the_glossary():
    for name in ("style.md", "rules.md", "glossary.md", "architecture.md"):
        assert (ROOT / "docs" / name).read_text(encoding="utf-8").strip()
