# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_needs_only_invoicing_sales_and_mail(self):
        """Dunning is sold alone too: its dependency closure must not pull the
        rest of the suite nor the services stack."""
        Module = self.env["ir.module.module"]
        module = Module.search([("name", "=", "o2c_dunning")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(sorted(module.dependencies_id.mapped("name")), ["account", "mail", "sale"])
        closure, todo = set(), module
        while todo:
            names = set(todo.dependencies_id.mapped("name")) - closure
            closure |= names
            todo = Module.search([("name", "in", list(names))])
        self.assertFalse(closure & {"o2c_pipeline", "o2c_kpi", "o2c_accruals", "sale_timesheet", "project"})
