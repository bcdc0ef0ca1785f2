"""Load each addon's pure ``engine`` package without importing the addon
itself (whose ``__init__`` imports Odoo): ``o2c_pipeline/engine`` becomes the
importable package ``o2c_pipeline_engine``."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"

for engine in sorted(ADDONS.glob("*/engine/__init__.py")):
    name = f"{engine.parent.parent.name}_engine"
    spec = importlib.util.spec_from_file_location(name, engine, submodule_search_locations=[str(engine.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
