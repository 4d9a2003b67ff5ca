"""The dependencies are locked: requirements.lock pins every package with hashes, pyproject.toml's
bounds admit exactly the tested series, and this environment holds what the lock says."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

LOCK = (ROOT / "requirements.lock").read_text()
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
REQUIREMENTS = [Requirement(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]]


def _locked() -> dict[str, tuple[Version, list[str]]]:
    """Each locked package: its version and the hashes given for it."""
    found: dict[str, tuple[Version, list[str]]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK):
        head = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if head:
            found[canonicalize_name(head[1])] = (Version(head[2]), re.findall(r"--hash=sha256:([0-9a-f]{64})", block))
    return found


LOCKED = _locked()


def test_every_locked_package_is_pinned_with_hashes() -> None:
    assert len(LOCKED) > 50
    unhashed = [name for name, (_, hashes) in LOCKED.items() if not hashes]
    assert unhashed == []


def test_every_dependency_is_locked_at_a_version_its_bounds_admit() -> None:
    for requirement in REQUIREMENTS:
        name = canonicalize_name(requirement.name)
        assert name in LOCKED, f"{requirement} is not in requirements.lock: run scripts/lock"
        version = LOCKED[name][0]
        assert requirement.specifier.contains(version), f"{requirement} does not admit the locked {version}"


def test_lower_bounds_are_the_tested_series() -> None:
    """A lower bound older than the series the tests run (django-ninja>=1.3 while the code needs
    1.7's ninja.Status) would promise what nobody tested."""
    for requirement in REQUIREMENTS:
        locked = LOCKED[canonicalize_name(requirement.name)][0]
        lower = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")]
        assert lower, f"{requirement} has no lower bound"
        assert (*max(lower).release, 0)[:2] == locked.release[:2], f"{requirement}: the lock tests {locked}"


def test_zero_major_libraries_are_capped_below_the_next_minor() -> None:
    for requirement in REQUIREMENTS:
        locked = LOCKED[canonicalize_name(requirement.name)][0]
        if locked.major == 0:
            next_minor = Version(f"0.{locked.minor + 1}")
            assert not requirement.specifier.contains(next_minor), f"{requirement} admits {next_minor}"


def test_this_environment_holds_the_locked_versions() -> None:
    for name, (version, _) in LOCKED.items():
        try:
            installed = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            continue  # a package for other platforms (none today) or tools pip installs itself
        assert installed == version, f"{name} {installed} is installed; the lock says {version}: run scripts/install"
