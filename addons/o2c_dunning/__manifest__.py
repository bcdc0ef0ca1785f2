# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash Dunning",
    "summary": "Automated payment reminders before, at and after the due date, "
    "disputes, promises to pay and customer rating",
    "version": "18.0.2.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["account", "sale", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/o2c_dunning_security.xml",
        "data/mail_template.xml",
        "data/o2c_dunning_scenario_data.xml",
        "data/ir_cron.xml",
        "report/o2c_dunning_reminder_report.xml",
        "wizards/o2c_dunning_skip_wizard_views.xml",
        "views/o2c_dunning_scenario_views.xml",
        "views/o2c_dunning_reminder_views.xml",
        "views/o2c_dunning_dispute_views.xml",
        "views/o2c_dunning_step_stats_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["o2c_dunning/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
}
