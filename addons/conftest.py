# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""pytest-odoo only: the addons' tests run in one process with Odoo's HTTP
server in threads (``--odoo-http``).

Odoo's web application maps every module of the addons path to its static
folder the first time a request's path has three slashes or more
(``odoo.http.root.statics``, a lazy property), reading each module's
manifest with ``ast.literal_eval``. Under Odoo's own runner, ``-i``/``-u``
has already read and cached every manifest (``update_list``); under
pytest-odoo, only those of the installed modules are cached, so the first
tour's browser, which asks for the menus, the translations and the bundles
at once, has several request threads parse some 550 manifests at the same
time. CPython 3.11's AST constructor is not thread-safe
(https://github.com/python/cpython/issues/106905): one of these requests
now and then fails with ``SystemError: AST constructor recursion depth
mismatch``, answers 500, and the web client never starts (a blank page,
"ready code was always falsy"). The map is built here once, before any test,
in the main thread.
"""

import pytest


@pytest.fixture(scope="session", autouse=True)
def o2c_http_statics(request):
    if not request.config.getoption("--odoo-http", default=False):
        yield
        return
    request.getfixturevalue("load_registry")
    import odoo.http  # noqa: PLC0415 - only once pytest-odoo has configured Odoo

    odoo.http.root.statics  # noqa: B018 - builds the lazy property, the point of this fixture
    yield
