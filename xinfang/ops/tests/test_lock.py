"""requirements.lock, which `make install` installs with hashes, pins what pyproject.toml asks for."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _locked() -> dict[str, tuple[str, int]]:
    """package name → (version, number of hashes), read off requirements.lock."""
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9_.\-]+)==([^\s\\]+)", block)
        if head:
            locked[_norm(head.group(1))] = (head.group(2), block.count("--hash=sha256:"))
    return locked


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_pinned_dependency_is_locked_at_its_version_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = _locked()
    for requirement in wanted:
        match = re.match(r"([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;]+)", requirement)
        assert match, f"{requirement} is not pinned with =="
        name, version = match.groups()
        assert _norm(name) in locked, f"{name} is missing from requirements.lock: run `make lock`"
        assert locked[_norm(name)][0] == version, (
            f"{name}: pyproject {version}, lock {locked[_norm(name)][0]}"
        )
    assert all(hashes for _, hashes in locked.values()), "every locked package carries its hashes"
