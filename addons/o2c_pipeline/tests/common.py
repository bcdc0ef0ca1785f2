# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, fields

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class O2cPipelineCommon(AccountTestInvoicingCommon):
    """A company (USD, from Odoo's invoicing test setup), a 20% sales tax,
    one product per way services are delivered, one consultant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        company = cls.env.company
        cls.tax_20 = cls.env["account.tax"].create({
            "name": "Sales 20%", "amount": 20, "amount_type": "percent", "type_tax_use": "sale",
            "company_id": company.id,
        })
        uom_hour = cls.env.ref("uom.product_uom_hour")
        uom_unit = cls.env.ref("uom.product_uom_unit")
        common = {"type": "service", "taxes_id": [Command.set(cls.tax_20.ids)], "company_id": company.id}
        cls.product_tm = cls.env["product.product"].create(dict(
            common, name="T&M hour", list_price=100, uom_id=uom_hour.id, uom_po_id=uom_hour.id,
            service_policy="delivered_timesheet", service_tracking="task_in_project"))
        cls.product_fixed = cls.env["product.product"].create(dict(
            common, name="Fixed price", list_price=10000, uom_id=uom_unit.id, uom_po_id=uom_unit.id,
            service_policy="delivered_milestones", service_tracking="task_in_project"))
        cls.product_prepaid = cls.env["product.product"].create(dict(
            common, name="Support pack hour", list_price=90, uom_id=uom_hour.id, uom_po_id=uom_hour.id,
            service_policy="ordered_prepaid", service_tracking="task_in_project"))
        cls.product_manual = cls.env["product.product"].create(dict(
            common, name="Training day", list_price=1200, uom_id=uom_unit.id, uom_po_id=uom_unit.id,
            service_policy="delivered_manual", service_tracking="no"))
        cls.customer = cls.env["res.partner"].create({"name": "Armor Transports", "company_id": company.id})
        cls.consultant = cls.env["hr.employee"].create({
            "name": "Camille Martin", "company_id": company.id, "hourly_cost": 45})

    # -- helpers --------------------------------------------------------------------
    @classmethod
    def order(cls, lines, day, currency=None):
        """A confirmed order signed on ``day``; lines: [(product, qty, price)]."""
        vals = {
            "partner_id": cls.customer.id,
            "order_line": [Command.create({"product_id": p.id, "product_uom_qty": q, "price_unit": price})
                           for p, q, price in lines],
        }
        if currency:
            vals["pricelist_id"] = cls.env["product.pricelist"].create(
                {"name": currency.name, "currency_id": currency.id}).id
        order = cls.env["sale.order"].create(vals)
        order.action_confirm()
        order.date_order = fields.Datetime.to_datetime(day).replace(hour=9)
        return order

    @classmethod
    def timesheet(cls, line, day, hours):
        return cls.env["account.analytic.line"].create({
            "name": "Work", "date": day, "unit_amount": hours, "employee_id": cls.consultant.id,
            "project_id": line.task_id.project_id.id, "task_id": line.task_id.id,
        })

    @classmethod
    def invoice(cls, order, day, final=False):
        move = order._create_invoices(final=final)
        move.invoice_date = day
        move.action_post()
        return move

    @classmethod
    def down_payment(cls, order, percent, day):
        """A posted down-payment invoice of ``percent`` % of the order, dated ``day``."""
        wizard = cls.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids).create({
                "advance_payment_method": "percentage", "amount": percent,
                "sale_order_ids": [Command.set(order.ids)]})
        move = wizard._create_invoices(order)
        move.invoice_date = day
        move.action_post()
        return move

    @classmethod
    def pay(cls, move, day, amount):
        return cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids,
        ).create({"payment_date": day, "amount": amount})._create_payments()

    def refresh(self):
        """What a commit does: run the batched pipeline refresh."""
        self.env.flush_all()
        self.env.cr.precommit.run()

    def as_of(self, day, order):
        amounts = self.env["o2c.ledger"].amounts_as_of(day, [("order_id", "=", order.id)], groupby="order_id")
        return {kind: round(values[0], 2) for kind, values in amounts.get(order, {}).items()}

    def as_of_company(self, day, order):
        amounts = self.env["o2c.ledger"].amounts_as_of(day, [("order_id", "=", order.id)], groupby="order_id")
        return {kind: round(values[1], 2) for kind, values in amounts.get(order, {}).items()}
