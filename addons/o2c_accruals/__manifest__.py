# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash Accruals",
    "summary": "Monthly accrued revenue (FAE) and deferred revenue (PCA) "
    "cut-off entries proposed from deliveries and invoices",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["o2c_pipeline"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/o2c_accruals_security.xml",
        "data/ir_cron_data.xml",
        "views/o2c_cutoff_views.xml",
        "views/res_config_settings_views.xml",
        "views/account_move_views.xml",
    ],
    "demo": ["data/o2c_cutoff_demo.xml"],
    "assets": {
        "web.assets_tests": ["o2c_accruals/static/tests/tours/*.js"],
    },
}
