# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash Accruals",
    "summary": "Monthly accrued revenue (FAE) and deferred revenue (PCA) "
    "cut-off entries proposed from deliveries and invoices",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["o2c_pipeline"],
}
