# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command

from odoo.addons.o2c_pipeline.tests.common import O2cPipelineCommon


class O2cAccrualsCommon(O2cPipelineCommon):
    """The pipeline's test company (USD, 20% sales tax) with the three French
    cut-off accounts found by their code, VAT on accrued revenue booked."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.account_fae = Account.create({"code": "418100", "name": "Clients - FAE", "account_type": "asset_current"})
        cls.account_pca = Account.create({"code": "487000", "name": "PCA", "account_type": "liability_current"})
        cls.account_vat_fae = Account.create({
            "code": "445870", "name": "TVA sur FAE", "account_type": "liability_current"})
        cls.revenue = cls.company_data["default_account_revenue"]
        cls.env.company.o2c_cutoff_vat = True
        uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.product_support = cls.env["product.product"].create({
            "name": "Yearly support", "type": "service", "list_price": 1200, "uom_id": uom_unit.id,
            "uom_po_id": uom_unit.id, "invoice_policy": "order", "service_type": "manual",
            "taxes_id": [Command.set(cls.tax_20.ids)], "company_id": cls.env.company.id})
        cls.Cutoff = cls.env["o2c.cutoff"]

    def cutoff(self, day="2026-01-31", **vals):
        cutoff = self.Cutoff.create({"cutoff_date": day, **vals})
        cutoff.action_compute()
        return cutoff

    @staticmethod
    def summary(cutoff):
        return sorted((line.kind, line.order_id.name or line.invoice_line_id.move_id.name, round(line.amount, 2))
                      for line in cutoff.line_ids)

    @staticmethod
    def entry(move):
        """(account code, debit, credit) of a move, sorted."""
        return sorted((line.account_id.code, round(line.debit, 2), round(line.credit, 2)) for line in move.line_ids)

    def milestone(self, line, percentage, day):
        """A milestone of ``percentage`` of the order line, reached on ``day``."""
        project = line.task_id.project_id
        project.allow_milestones = True
        milestone = self.env["project.milestone"].create({
            "name": "Milestone", "project_id": project.id, "sale_line_id": line.id,
            "quantity_percentage": percentage})
        milestone.write({"is_reached": True})
        milestone.write({"reached_date": day})
        return milestone
