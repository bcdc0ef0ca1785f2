# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Unbilled work by age, as of any day: the billing lag facts delivered by
that day and not invoiced by then, copied for the reader (with their access
rules) into rows that pivots and lists can group by age bucket."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..engine import ageing

BUCKETS = [
    ("0_7", "0-7 days"),
    ("8_15", "8-15 days"),
    ("16_30", "16-30 days"),
    ("31_60", "31-60 days"),
    ("61", "Over 60 days"),
]
# Fact columns copied to the rows as they are.
COPIED = ["company_id", "order_id", "sale_line_id", "partner_id", "user_id", "team_id", "project_id",
          "project_manager_id", "delivered_on", "first_event_on", "last_event_on", "amount"]


class O2cUnbilledAgeing(models.TransientModel):
    _name = "o2c.unbilled.ageing"
    _description = "Unbilled work by age"

    as_of = fields.Date(
        "As of", required=True, default=fields.Date.context_today,
        help="Work delivered up to this day (by the company's delivery date convention) and not invoiced by "
        "then; its age is counted from its delivery date.")
    line_ids = fields.One2many("o2c.unbilled.ageing.line", "report_id", readonly=True)

    @api.constrains("as_of")
    def _check_as_of(self):
        for report in self:
            if report.as_of > fields.Date.context_today(self):
                raise ValidationError(self.env._("The unbilled work is known up to today: choose today or a past day."))

    def action_open(self):
        """Fill the rows of the day (one INSERT) and show them."""
        self.ensure_one()
        self.line_ids.unlink()
        Lag = self.env["o2c.billing.lag"]
        Lag.check_access("read")
        self.env.flush_all()
        query = Lag._search(self.env["o2c.kpi.figures"]._unbilled_domain(self.as_of))
        columns = [SQL.identifier("o2c_billing_lag", name) for name in COPIED]
        select = query.select(
            SQL("%s", self.id), *columns, SQL("(%s - o2c_billing_lag.delivered_on)", self.as_of),
            SQL("%s, %s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'", self.env.uid, self.env.uid))
        self.env.cr.execute(SQL(
            "INSERT INTO o2c_unbilled_ageing_line (report_id, %s, age_days, create_uid, write_uid, create_date, "
            "write_date) %s",
            SQL(", ").join(SQL.identifier(name) for name in COPIED), select))
        self.env.cr.execute(SQL(
            f"UPDATE o2c_unbilled_ageing_line SET bucket = {ageing.sql_case('age_days')} WHERE report_id = %s",
            self.id))
        self.env["o2c.unbilled.ageing.line"].invalidate_model()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unbilled Work on %(day)s", day=fields.Date.to_string(self.as_of)),
            "res_model": "o2c.unbilled.ageing.line",
            "view_mode": "pivot,list,graph",
            "views": [(False, "pivot"), (False, "list"), (False, "graph")],
            "domain": [("report_id", "=", self.id)],
            "target": "current",
        }

    @api.model
    def action_open_as_of(self, as_of=None):
        """The report of a day (today by default), from the dashboard."""
        return self.create({"as_of": as_of or fields.Date.context_today(self)}).action_open()


class O2cUnbilledAgeingLine(models.TransientModel):
    _name = "o2c.unbilled.ageing.line"
    _description = "Unbilled work by age: one delivery"
    _order = "age_days desc, id"
    _rec_name = "order_id"

    report_id = fields.Many2one("o2c.unbilled.ageing", required=True, ondelete="cascade", index=True)
    as_of = fields.Date(related="report_id.as_of")
    company_id = fields.Many2one("res.company", readonly=True)
    order_id = fields.Many2one("sale.order", "Order", readonly=True)
    sale_line_id = fields.Many2one("sale.order.line", "Order Line", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    project_id = fields.Many2one("project.project", "Project", readonly=True)
    project_manager_id = fields.Many2one("res.users", "Project Manager", readonly=True)
    company_currency_id = fields.Many2one("res.currency", related="company_id.currency_id")
    delivered_on = fields.Date("Delivery Date", readonly=True)
    first_event_on = fields.Date("First Delivery Event", readonly=True)
    last_event_on = fields.Date("Last Delivery Event", readonly=True)
    age_days = fields.Integer("Age (days)", readonly=True, aggregator="max",
                              help="Days from the delivery date to the report's day.")
    bucket = fields.Selection(BUCKETS, "Age", readonly=True)
    amount = fields.Monetary("Unbilled Value", currency_field="company_currency_id", readonly=True,
                             help="Untaxed, in the company currency.")

    def action_open_events(self):
        """The ledger's delivery events behind this row: timesheet days,
        milestones, manual deliveries, goods."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deliveries of %(line)s", line=self.sale_line_id.display_name),
            "res_model": "o2c.ledger",
            "view_mode": "list",
            "views": [(False, "list")],
            "domain": [("sale_line_id", "=", self.sale_line_id.id), ("kind", "=", "delivered"),
                       ("date", ">=", self.first_event_on), ("date", "<=", self.last_event_on)],
        }

    def action_open_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": self.order_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
