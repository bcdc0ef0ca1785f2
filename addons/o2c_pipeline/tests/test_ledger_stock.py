# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Deliveries by stock moves, when sale_stock is installed (run-tests
installs it in a database of its own for this test)."""

from unittest import SkipTest

from odoo import fields
from odoo.tests import Form, tagged

from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestLedgerStock(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["o2c.ledger"]._stock_moves_available():
            raise SkipTest("sale_stock is not installed")

    def test_done_moves_and_returns_are_deliveries(self):
        # 5 units x 100; 5 delivered today (500), then 2 returned (-200).
        product = self.env["product.product"].create({
            "name": "Rugged laptop", "type": "consu", "invoice_policy": "delivery", "list_price": 100})
        today = fields.Date.today()
        order = self.order([(product, 5, 100)], str(today))
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 5, "picked": True})
        picking.button_validate()
        self.refresh()
        self.assertEqual(self.as_of(today, order), {"signed": 500, "delivered": 500})
        self.assertEqual(order.o2c_stage, "to_invoice")
        wizard = Form(self.env["stock.return.picking"].with_context(
            active_ids=picking.ids, active_id=picking.id, active_model="stock.picking")).save()
        wizard.product_return_moves.quantity = 2
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.write({"quantity": 2, "picked": True})
        returned.button_validate()
        self.refresh()
        self.assertEqual(order.order_line.qty_delivered, 3)
        self.assertEqual(self.as_of(today, order), {"signed": 500, "delivered": 300})
        self.assertEqual(order.o2c_to_invoice_amount, 300)
