"""The repository holds no symbolic link: a link committed by mistake (a local node_modules, a
shared virtualenv) names a path of one machine and breaks a clean clone."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_tracked_file_is_a_symbolic_link():
    try:
        listing = subprocess.run(
            ["git", "ls-files", "--stage"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("Not a git checkout (an exported tree): nothing to check.")
    links = [line.split("\t", 1)[1] for line in listing.splitlines() if line.startswith("120000 ")]
    assert links == [], f"Symbolic links are tracked: {links}"
