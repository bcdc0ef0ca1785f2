# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash KPIs",
    "summary": "Billing lag, unbilled ageing, DSO and cash tied up, with "
    "dashboards and alerts",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["o2c_pipeline"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/o2c_kpi_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_activity_type_data.xml",
        "views/o2c_billing_lag_views.xml",
        "views/o2c_kpi_dashboard_views.xml",
        "wizards/o2c_unbilled_ageing_views.xml",
        "wizards/o2c_kpi_export_views.xml",
        "views/res_config_settings_views.xml",
        "views/forms_views.xml",
        "security/o2c_cash_forecast_security.xml",
        "views/o2c_cash_forecast_views.xml",
        "views/menus.xml",
        "security/o2c_receivable_security.xml",
        "data/o2c_receivable_cron.xml",
        "views/o2c_receivable_history_views.xml",
        "data/o2c_cash_forecast_cron.xml",
    ],
    "assets": {
        "web.assets_backend": ["o2c_kpi/static/src/dashboard/*", "o2c_kpi/static/src/forecast/*"],
        "web.assets_tests": ["o2c_kpi/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
}
