# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import O2cAccrualsCommon


@tagged("post_install", "-at_install")
class TestCutoffSecurity(O2cAccrualsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.salesperson = new_test_user(
            cls.env, login="o2c_acc_sales", groups="sales_team.group_sale_salesman",
            company_id=company.id, company_ids=[company.id])
        cls.billing = new_test_user(
            cls.env, login="o2c_acc_billing", groups="account.group_account_invoice",
            company_id=company.id, company_ids=[company.id])
        cls.own = cls.order([(cls.product_tm, 100, 100)], "2026-01-05")
        cls.own.user_id = cls.salesperson
        cls.other = cls.order([(cls.product_tm, 100, 100)], "2026-01-05")
        cls.other.user_id = cls.env.user
        cls.timesheet(cls.own.order_line, "2026-01-20", 8)
        cls.timesheet(cls.other.order_line, "2026-01-20", 2)

    def test_salesperson_reads_own_lines_and_cannot_validate(self):
        cutoff = self.cutoff()
        self.assertEqual(len(cutoff.line_ids), 2)
        lines = self.env["o2c.cutoff.line"].with_user(self.salesperson).search([("cutoff_id", "=", cutoff.id)])
        self.assertEqual(lines.order_id, self.own)
        self.assertEqual(lines.amount, 800)
        as_salesperson = cutoff.with_user(self.salesperson)
        for action in ("action_validate", "action_cancel", "action_compute"):
            with self.assertRaises(AccessError):
                getattr(as_salesperson, action)()
        with self.assertRaises(AccessError):
            lines.write({"excluded": True, "exclusion_reason": "mine"})
        self.assertEqual(cutoff.state, "draft")

    def test_billing_user_reads_everything_adjusts_nothing(self):
        cutoff = self.cutoff()
        as_billing = cutoff.with_user(self.billing)
        self.assertEqual(len(as_billing.line_ids), 2)
        with self.assertRaises(AccessError):
            as_billing.action_validate()
        with self.assertRaises(AccessError):
            as_billing.line_ids[0].write({"adjusted_amount": 1, "adjustment_reason": "x"})

    def test_other_company_is_invisible(self):
        cutoff = self.cutoff()
        other_company = self.env["res.company"].create({"name": "Other o2c"})
        outsider = new_test_user(self.env, login="o2c_acc_outsider", groups="account.group_account_manager",
                                 company_id=other_company.id, company_ids=[other_company.id])
        self.assertFalse(self.env["o2c.cutoff"].with_user(outsider).search([("id", "=", cutoff.id)]))
        self.assertFalse(self.env["o2c.cutoff.line"].with_user(outsider).search([("cutoff_id", "=", cutoff.id)]))

    def test_project_manager_reads_the_lines_of_own_projects(self):
        manager = new_test_user(
            self.env, login="o2c_acc_project", groups="project.group_project_user",
            company_id=self.env.company.id, company_ids=[self.env.company.id])
        self.other.order_line.task_id.project_id.user_id = manager
        cutoff = self.cutoff()
        lines = self.env["o2c.cutoff.line"].with_user(manager).search([("cutoff_id", "=", cutoff.id)])
        self.assertEqual((lines.order_id, lines.amount), (self.other, 200))
        self.assertEqual(cutoff.with_user(manager).read(["name"])[0]["name"], cutoff.name)
