# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_reads_the_pipeline_ledger(self):
        """o2c_kpi is built on o2c_pipeline, which installs the services stack."""
        module = self.env["ir.module.module"].search([("name", "=", "o2c_kpi")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.dependencies_id.mapped("name"), ["o2c_pipeline"])
        for needed in ("o2c_pipeline", "sale_timesheet", "sale_project", "account"):
            self.assertEqual(self.env["ir.module.module"].search([("name", "=", needed)]).state, "installed", needed)
