# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCutoffTour(HttpCase):
    def test_compute_exclude_and_validate(self):
        env = self.env
        company = env.ref("base.user_admin").company_id
        Account = env["account.account"].with_company(company)
        for code, account_type in (("418100", "asset_current"), ("487000", "liability_current"),
                                   ("445870", "liability_current")):
            if not Account.search([("code", "=", code), *Account._check_company_domain(company)]):
                Account.create({"code": code, "name": f"Cut-off {code}", "account_type": account_type,
                                "company_ids": [Command.set(company.ids)]})
        hour = env.ref("uom.product_uom_hour")
        product = env["product.product"].create({
            "name": "Tour cut-off hour", "type": "service", "list_price": 100, "uom_id": hour.id, "uom_po_id": hour.id,
            "service_policy": "delivered_timesheet", "service_tracking": "task_in_project"})
        employee = env["hr.employee"].create({"name": "Tour Consultant", "company_id": company.id})
        day = env["o2c.cutoff"]._default_cutoff_date()
        # The demo data's draft cut-off of that date: the tour makes its own.
        env["o2c.cutoff"].search([("company_id", "=", company.id), ("cutoff_date", "=", day)]).unlink()
        orders = {}
        for name, hours in (("Tour Cut-off Kept", 8), ("Tour Cut-off Disputed", 3)):
            order = env["sale.order"].create({
                "partner_id": env["res.partner"].create({"name": name}).id, "company_id": company.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 100})]})
            order.action_confirm()
            order.date_order = fields.Datetime.to_datetime(day.replace(day=1))
            line = order.order_line
            env["account.analytic.line"].create({
                "name": "Work", "date": day.replace(day=10), "unit_amount": hours, "employee_id": employee.id,
                "project_id": line.task_id.project_id.id, "task_id": line.task_id.id})
            orders[name] = order
        self.start_tour("/odoo/action-o2c_accruals.o2c_cutoff_action", "o2c_cutoff_tour", login="admin")
        cutoff = env["o2c.cutoff"].search([("company_id", "=", company.id), ("cutoff_date", "=", day)])
        self.assertEqual(cutoff.state, "reversed")
        disputed = cutoff.line_ids.filtered(lambda line: line.order_id == orders["Tour Cut-off Disputed"])
        kept = cutoff.line_ids.filtered(lambda line: line.order_id == orders["Tour Cut-off Kept"])
        self.assertEqual((disputed.excluded, disputed.exclusion_reason), (True, "Hours disputed by the customer"))
        self.assertEqual((kept.excluded, kept.amount), (False, 800))
        labels = cutoff.move_id.line_ids.mapped("name")
        self.assertTrue(any(orders["Tour Cut-off Kept"].name in (label or "") for label in labels))
        self.assertFalse(any(orders["Tour Cut-off Disputed"].name in (label or "") for label in labels))
