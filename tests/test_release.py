"""Release readiness: the version shown, the changelog, a package that builds and passes twine check,
and a release workflow that GitHub would accept (checked here, never run).

Everything offline: the build runs without isolation (setuptools is in the test extra) and the workflow
schema is the one check-jsonschema carries.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from mock_botcake import __version__

from .helpers import copy_of_the_sources

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORKFLOW = REPO / ".github" / "workflows" / "release.yml"
VERSION = importlib.metadata.version("mock-botcake")  # what the installed package says of itself


def run(*command: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_the_command_shows_the_packages_version():
    assert run(BIN / "mock-botcake", "--version").stdout.strip() == f"mock-botcake {VERSION}"
    assert __version__ == VERSION


def test_the_version_is_written_once_in_the_sources():
    assert "version" in tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dynamic"]
    assert f'__version__ = "{VERSION}"' in (REPO / "mock_botcake" / "__init__.py").read_text("utf-8")


def test_the_changelog_has_a_section_for_the_current_version():
    assert f"\n## {VERSION}\n" in (REPO / "CHANGELOG.md").read_text("utf-8")


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """sdist and wheel built by `python -m build` from a copy of the sources (no build/ in the clone)."""
    folder = tmp_path_factory.mktemp("release")
    source = copy_of_the_sources(folder / "source")
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", folder / "dist", source, cwd=folder)
    return sorted((folder / "dist").iterdir())


def test_build_makes_an_sdist_and_a_wheel_of_the_version(distributions):
    assert [path.name for path in distributions] == [
        f"mock_botcake-{VERSION}-py3-none-any.whl",
        f"mock_botcake-{VERSION}.tar.gz",
    ]


def test_twine_check_passes_on_both(distributions):
    done = run(sys.executable, "-m", "twine", "check", "--strict", *distributions)
    assert done.stdout.count("PASSED") == 2


def test_the_wheel_requires_test_tools_only_under_extras(distributions):
    wheel = next(path for path in distributions if path.suffix == ".whl")
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"mock_botcake-{VERSION}.dist-info/METADATA").decode()
    requirements = [
        line.removeprefix("Requires-Dist: ") for line in metadata.splitlines() if "Requires-Dist" in line
    ]
    for tool in ("pytest", "hypothesis", "responses"):
        assert all("extra ==" in line for line in requirements if line.startswith(tool)), tool
    assert "Provides-Extra: pytest" in metadata and "Provides-Extra: verify" in metadata


def test_the_release_workflow_is_valid_for_github_actions():
    run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW)


def test_the_release_workflow_publishes_to_pypi_by_trusted_publishing_and_pushes_the_image():
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow[True] == {"push": {"tags": ["v*"]}}  # YAML 1.1 reads the key `on` as true
    pypi = workflow["jobs"]["pypi"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert any(step.get("uses", "").startswith("pypa/gh-action-pypi-publish") for step in pypi["steps"])
    image = workflow["jobs"]["image"]
    push = next(
        step for step in image["steps"] if step.get("uses", "").startswith("docker/build-push-action")
    )
    assert push["with"]["push"] is True
    assert "secrets.PYPI" not in WORKFLOW.read_text("utf-8")
