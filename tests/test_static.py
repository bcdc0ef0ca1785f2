"""Repository-level checks that need no Odoo: what every addon must ship."""

import ast
import csv
import importlib.util
import re
from importlib.machinery import SourceFileLoader
from pathlib import Path

import polib
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))
EXPECTED_DEPENDS = {
    "o2c_pipeline": {"sale_timesheet", "sale_project", "account"},
    "o2c_kpi": {"o2c_pipeline"},
    "o2c_accruals": {"o2c_pipeline"},
    "o2c_dunning": {"account", "sale", "mail"},
}


def manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def test_the_four_addons_are_there():
    assert [a.name for a in ADDONS] == sorted(EXPECTED_DEPENDS)


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    data = manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", data["version"])
    assert data["license"] == "LGPL-3"
    for key in ("name", "summary", "category", "author", "website", "depends"):
        assert data.get(key), key
    assert set(data["depends"]) == EXPECTED_DEPENDS[addon.name]
    for path in data.get("data", []) + data.get("demo", []):
        assert (addon / path).is_file(), f"{path} listed in the manifest does not exist"
    assert (addon / "static/description/icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for fragment in ("DESCRIPTION.md", "USAGE.md"):
        assert (addon / "readme" / fragment).read_text().strip(), fragment


def test_dunning_stays_independent():
    """o2c_dunning must install on an Odoo without the rest of the suite: no
    import of, nor XML reference to, another o2c module."""
    addon = ROOT / "addons/o2c_dunning"
    for path in [*addon.rglob("*.py"), *addon.rglob("*.xml")]:
        text = path.read_text()
        for other in ("o2c_pipeline", "o2c_kpi", "o2c_accruals"):
            assert f"addons.{other}" not in text and f'"{other}.' not in text and f"'{other}." not in text, path


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_security_csv(addon):
    data = manifest(addon)
    csv_path = addon / "security/ir.model.access.csv"
    declares_models = any(
        re.search(r"^\s+_name = ", p.read_text(), re.M) and "AbstractModel" not in p.read_text()
        for p in (addon / "models").glob("*.py")
    ) if (addon / "models").is_dir() else False
    if declares_models:
        assert "security/ir.model.access.csv" in data["data"]
    if csv_path.exists():
        rows = list(csv.reader(csv_path.read_text().splitlines()))
        assert rows[0] == ["id", "name", "model_id:id", "group_id:id", "perm_read", "perm_write",
                           "perm_create", "perm_unlink"]
        assert all(len(row) == 8 for row in rows[1:])


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_xml_files_parse(addon):
    for path in addon.rglob("*.xml"):
        etree.parse(str(path))


# Words spelt the same in French: OCA's po-pretty-format empties a msgstr
# equal to its msgid, so these stay "untranslated" on purpose.
# One list for this check and the Odoo suite's (every exported term has its French).
_loader = SourceFileLoader("run_tests", str(ROOT / "run-tests"))
_run_tests = importlib.util.module_from_spec(importlib.util.spec_from_loader("run_tests", _loader))
_loader.exec_module(_run_tests)
SAME_IN_FRENCH = _run_tests.SAME_IN_FRENCH


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_french_translation(addon):
    po = polib.pofile(str(addon / "i18n/fr.po"))
    assert po.metadata["Language"] == "fr"
    untranslated = [e.msgid for e in po.untranslated_entries() if e.msgid not in SAME_IN_FRENCH]
    assert not untranslated
    assert not po.fuzzy_entries()


@pytest.mark.parametrize("engine", sorted((ROOT / "addons").glob("*/engine/*.py")), ids=lambda p: p.name)
def test_engines_import_nothing_from_odoo(engine):
    tree = ast.parse(engine.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else []
        else:
            continue
        assert not any(name == "odoo" or name.startswith("odoo.") for name in names), engine
