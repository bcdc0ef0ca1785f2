"""Load each addon's pure ``engine`` package without importing the addon
itself (whose ``__init__`` imports Odoo): ``o2c_pipeline/engine`` becomes the
importable package ``o2c_pipeline_engine``."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"

for engine in sorted(ADDONS.glob("*/engine/__init__.py")):
    name = f"{engine.parent.parent.name}_engine"
    spec = importlib.util.spec_from_file_location(name, engine, submodule_search_locations=[str(engine.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


@pytest.fixture(scope="session", autouse=True)
def load_registry():
    """pytest-odoo, when installed, loads an Odoo registry for every session
    (and fails without ``--odoo-database``): the pure tests need none. This
    fixture of the same name replaces the plugin's for this folder only; the
    addons' Odoo tests keep it (``pytest --odoo-database=DB addons/*/tests``)."""
    yield
