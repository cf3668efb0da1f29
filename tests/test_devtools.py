"""Development aids (`flask demo`, the volume generator) stay out of the product: a production app
neither imports them nor offers their commands; a development app offers `flask demo` as before."""

import json
import os
import subprocess
import sys
import textwrap

from tests.test_config import PRODUCTION

# Prints the elearn.devtools modules imported and the CLI commands offered by a freshly built app.
BUILD_APP = textwrap.dedent("""
    import json, sys
    from elearn import create_app
    app = create_app()
    print(json.dumps({
        "devtools": sorted(name for name in sys.modules if name.startswith("elearn.devtools")),
        "commands": sorted(app.cli.commands),
    }))
""")


def _build_app_in_a_fresh_interpreter(tmp_path, settings: dict) -> dict:
    env = {**os.environ, **settings, "ELEARN_DATABASE_URL": f"sqlite:///{tmp_path / 'elearn.sqlite3'}"}
    result = subprocess.run([sys.executable, "-c", BUILD_APP], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_production_app_does_not_import_the_development_tools(tmp_path):
    built = _build_app_in_a_fresh_interpreter(tmp_path, PRODUCTION)
    assert built["devtools"] == []
    assert "demo" not in built["commands"]
    assert {"content", "user"} <= set(built["commands"])  # the product's own commands stay


def test_a_development_app_offers_flask_demo(tmp_path):
    built = _build_app_in_a_fresh_interpreter(tmp_path, {"ELEARN_ENV": "development"})
    assert "demo" in built["commands"]
    assert "elearn.devtools.demo" in built["devtools"]
