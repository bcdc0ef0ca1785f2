# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash Pipeline",
    "summary": "Signed, delivered, invoiced, collected: one pipeline and one "
    "owner per step for service companies",
    "version": "18.0.1.2.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["sale_timesheet", "sale_project", "account"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/o2c_security.xml",
        "data/o2c_block_reason_data.xml",
        "data/o2c_credit_reason_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/sale_order_views.xml",
        "views/o2c_ledger_views.xml",
        "views/o2c_config_views.xml",
        "views/menus.xml",
        "views/account_move_views.xml",
        "views/o2c_credit_views.xml",
    ],
    "assets": {
        "web.assets_tests": ["o2c_pipeline/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "application": True,
}
