# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
{
    "name": "Order to Cash Pipeline",
    "summary": "Signed, delivered, invoiced, collected: one pipeline and one "
    "owner per step for service companies",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "o2c",
    "website": "https://github.com/o2c-suite/o2c",
    "depends": ["sale_timesheet", "sale_project", "account"],
    "application": True,
}
