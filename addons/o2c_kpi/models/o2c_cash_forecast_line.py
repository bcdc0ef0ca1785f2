# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

from ..engine import forecast as fc

SOURCES = [
    (fc.RECEIVABLES, "Open receivables"),
    (fc.UNBILLED, "Delivered, not invoiced"),
    (fc.BACKLOG, "Signed backlog"),
    (fc.PAYABLES, "Vendor bills"),
]
HORIZON_WEEKS = 26  # a snapshot keeps week by week what comes within about 6 months
CASES = [(fc.EXPECTED, "Expected"), (fc.OPTIMISTIC, "Optimistic"), (fc.PESSIMISTIC, "Pessimistic")]
# Columns written by a snapshot, in the order of its rows.
COLUMNS = [("forecast_id", "int"), ("company_id", "int"), ("currency_id", "int"), ("reference_date", "date"),
           ("scenario", "varchar"), ("source", "varchar"), ("partner_id", "int"), ("move_id", "int"),
           ("order_id", "int"), ("date", "date"), ("late", "bool"), ("beyond_horizon", "bool"),
           ("not_expected", "bool"), ("amount", "numeric")]


class O2cCashForecastLine(models.Model):
    _name = "o2c.cash.forecast.line"
    _description = "Cash forecast: a document's expected cash"
    _order = "date, id"
    _log_access = False

    forecast_id = fields.Many2one("o2c.cash.forecast", "Snapshot", required=True, readonly=True, index=True,
                                  ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    reference_date = fields.Date("Reference Date", readonly=True)
    latest = fields.Boolean(related="forecast_id.latest", string="Latest Snapshot")
    scenario = fields.Selection(
        CASES, "Case", readonly=True, required=True,
        help="Expected: spread over the 10th to 90th percentiles of the customer's days late; optimistic: at their "
        "20th percentile; pessimistic: at their 80th.")
    source = fields.Selection(SOURCES, "Source of Cash", readonly=True, required=True)
    partner_id = fields.Many2one("res.partner", "Partner", readonly=True, index="btree_not_null")
    move_id = fields.Many2one("account.move", "Invoice or Bill", readonly=True)
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    date = fields.Date(
        "Expected On", readonly=True,
        help="When the cash is expected (the first day after the reference date when already late); empty when "
        "it is not expected.")
    late = fields.Boolean("Late", readonly=True, help="Expected before the reference date: counted in the first week.")
    beyond_horizon = fields.Boolean("After 13 Weeks", readonly=True)
    not_expected = fields.Boolean(
        "Not Expected", readonly=True,
        help="An invoice later than any payment seen in 12 months, or backlog nothing schedules.")
    amount = fields.Monetary("Amount", readonly=True, help="Tax included, in the company currency; negative: cash out.")

    @api.model
    def _insert(self, snapshot, items):
        """The snapshot's lines in one INSERT: per item and case, the amount
        expected in each ISO week of the 6 months (dated its first expected
        day in that week), then what comes later, and what is not expected."""
        reference = snapshot.date
        weeks = fc.weeks(reference, HORIZON_WEEKS)
        first, horizon_end = weeks[0].start, fc.weeks(reference)[-1].end
        company = snapshot.company_id
        rows = []
        for item in items:
            move_id = item.res_id if item.model == "account.move" else None
            order_id = item.res_id if item.model == "sale.order" else None
            for case in fc.CASES:
                by_week = defaultdict(lambda: [0.0, None, False])
                for day, share in item.dates[case] if item.dates else [(None, 1.0)]:
                    slot = by_week[fc.bucket_index(weeks, day)]
                    slot[0] += share
                    if day:
                        slot[1] = min(slot[1] or max(day, first), max(day, first))
                        slot[2] = slot[2] or day < first
                for share, day, late in by_week.values():
                    rows.append((snapshot.id, company.id, company.currency_id.id, reference, case, item.source,
                                 item.partner_id, move_id, order_id, day, late, bool(day and day > horizon_end),
                                 day is None, round(item.amount * share, 2)))
        if rows:
            names = ", ".join(name for name, _type in COLUMNS)
            unnest = ", ".join(f"unnest(%s::{sql_type}[])" for _name, sql_type in COLUMNS)
            self.env.cr.execute(f"INSERT INTO o2c_cash_forecast_line ({names}) SELECT {unnest}",
                                [[row[i] for row in rows] for i in range(len(COLUMNS))])
        self.invalidate_model()
        snapshot.invalidate_recordset(["line_ids"])

    def action_open_document(self):
        self.ensure_one()
        record = self.move_id or self.order_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "views": [(False, "form")],
        }
