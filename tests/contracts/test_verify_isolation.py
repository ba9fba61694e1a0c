"""mock-botcake verify runs the suite apart from the user's own pytest plugins, with Hypothesis' loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mock_botcake.contract_tools import verify

PROBE = """
def test_plugins(request):
    manager = request.config.pluginmanager
    print("LOADED:", sorted(name for name, _ in manager.list_name_plugin() if name))
"""
RUN_ISOLATED = """
import sys, pytest
from mock_botcake.contract_tools import verify
arguments = [sys.argv[1], "-q", "-s", "-p", "no:cacheprovider"]
for plugin in verify.SUITE_PLUGINS:
    arguments += ["-p", plugin]
with verify.isolated_from_user_plugins():
    sys.exit(pytest.main(arguments))
"""


@pytest.fixture
def noisy_plugin_installed(tmp_path) -> dict[str, str]:
    """An environment where a plugin of the user's, unrelated to the suite, loads by its entry point."""
    site = tmp_path / "site"
    dist_info = site / "noisy_plugin-1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: noisy-plugin\nVersion: 1.0\n")
    (dist_info / "entry_points.txt").write_text("[pytest11]\nnoisy = noisy_plugin\n")
    (site / "noisy_plugin.py").write_text(
        textwrap.dedent("""
        def pytest_configure(config):
            print("NOISY PLUGIN: a warning that has nothing to do with the contract suite")
        """)
    )
    (tmp_path / "test_probe.py").write_text(PROBE)
    return {**os.environ, "PYTHONPATH": str(site), "PYTEST_ADDOPTS": "-p no:hypothesispytest"}


def run(code: str, folder: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder / "test_probe.py")],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_plain_pytest_run_loads_the_users_plugin(tmp_path, noisy_plugin_installed):
    """The control: without the isolation the noisy plugin does load (so the next test can fail)."""
    output = run(
        "import sys, pytest; sys.exit(pytest.main([sys.argv[1], '-q', '-s']))",
        tmp_path,
        noisy_plugin_installed,
    )
    assert "NOISY PLUGIN" in output


def test_the_suite_runs_without_the_users_plugins_but_with_hypothesis(tmp_path, noisy_plugin_installed):
    output = run(RUN_ISOLATED, tmp_path, noisy_plugin_installed)
    assert "NOISY PLUGIN" not in output
    assert "'noisy'" not in output
    assert "'hypothesispytest'" in output


def test_verify_hands_pytest_the_isolation_and_puts_the_environment_back(monkeypatch):
    seen = {}

    def fake_main(arguments, plugins):
        seen["arguments"] = arguments
        seen["autoload"] = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
        seen["plugins_variable"] = os.environ.get("PYTEST_PLUGINS")
        return 0

    monkeypatch.setattr(pytest, "main", fake_main)
    monkeypatch.setenv("PYTEST_PLUGINS", "someone_elses_plugin")
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", raising=False)
    verify._run_suite(["suite"])
    assert (seen["autoload"], seen["plugins_variable"]) == ("1", None)
    assert os.environ["PYTEST_PLUGINS"] == "someone_elses_plugin"
    assert "PYTEST_DISABLE_PLUGIN_AUTOLOAD" not in os.environ


def test_the_suites_arguments_load_hypothesis_by_name():
    arguments = verify.pytest_arguments(verify_arguments())
    assert "hypothesispytest" in [arguments[i + 1] for i, each in enumerate(arguments) if each == "-p"]


def verify_arguments():
    import argparse

    commands = argparse.ArgumentParser().add_subparsers()
    verify.add_command(commands)
    return commands.choices["verify"].parse_args([])
