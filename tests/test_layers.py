"""The package layers of README's "Layout" hold: import-linter checks the contracts in .importlinter,
and the same check fails when a lower layer reaches up or two features import each other."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=root, env={"PYTHONPATH": str(root)},
                          capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.fixture
def elearn_copy(tmp_path):
    shutil.copytree(ROOT / "elearn", tmp_path / "elearn", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    return tmp_path


def add_import(root: Path, module: str, statement: str) -> None:
    path = root / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{statement}  # noqa\n")


def test_an_upward_import_breaks_the_build(elearn_copy):
    add_import(elearn_copy, "elearn.core.settings", "from elearn.journey import services")
    result = lint_imports(elearn_copy)
    assert result.returncode == 1
    assert "elearn.core is not allowed to import elearn.journey" in result.stdout


def test_two_features_importing_each_other_break_the_build(elearn_copy):
    add_import(elearn_copy, "elearn.quizzes.services", "from elearn.learning import services")
    result = lint_imports(elearn_copy)
    assert result.returncode == 1
    assert "No cycles are allowed in elearn." in result.stdout


def test_a_feature_importing_another_features_views_breaks_the_build(elearn_copy):
    add_import(elearn_copy, "elearn.mentoring.services", "from elearn.quizzes import views")
    result = lint_imports(elearn_copy)
    assert result.returncode == 1
    assert "elearn.mentoring.services -> elearn.quizzes.views" in result.stdout
