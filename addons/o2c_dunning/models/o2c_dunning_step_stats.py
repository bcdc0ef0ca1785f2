# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models, tools

from .o2c_dunning_log import AB_GROUPS


class O2cDunningStepStats(models.Model):
    """What happened after each reminder step: one row per (invoice, step)
    whose reminder was sent (one held back, e.g. for want of an email
    address, or skipped, does not count), with when the invoice was paid. Pivot on step or scenario:
    invoices that reached it, share paid within 7 and 30 days after it,
    average days to pay after it; on the A/B group: payment delays of each
    variant of a scenario and the number of invoices behind them."""

    _name = "o2c.dunning.step.stats"
    _description = "Payment reminder statistics"
    _auto = False
    _order = "date desc"
    _rec_name = "step_id"

    date = fields.Date("Step Date", readonly=True)
    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    step_id = fields.Many2one("o2c.dunning.step", "Step", readonly=True)
    scenario_id = fields.Many2one("o2c.dunning.scenario", "Scenario", readonly=True)
    ab_scenario_id = fields.Many2one(
        "o2c.dunning.scenario", "A/B Test", readonly=True, help="The scenario whose variant was tested.")
    ab_group = fields.Selection(AB_GROUPS, "A/B Group", readonly=True)
    reached = fields.Integer(
        "Invoices Reached", readonly=True, aggregator="sum",
        help="Invoices whose reminder at this step was sent: one held back (no email address, an error) or "
        "skipped does not count.")
    paid_7 = fields.Float(
        "Paid within 7 Days (%)", readonly=True, aggregator="avg",
        help="Share of the invoices paid in full within 7 days after the step; steps less than 7 days "
        "old and still unpaid are left out.")
    paid_30 = fields.Float("Paid within 30 Days (%)", readonly=True, aggregator="avg")
    days_to_pay = fields.Float("Days to Pay after Step", readonly=True, aggregator="avg")
    first_step = fields.Integer("Invoices", readonly=True, aggregator="sum",
                                help="Counts each invoice once (on its first step).")
    days_late_paid = fields.Float(
        "Days Late at Payment", readonly=True, aggregator="avg",
        help="Days from the due date to the payment, for paid invoices (counted once each).")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                WITH paid AS (
                    SELECT aml.move_id, MAX(apr.max_date) AS paid_on
                      FROM account_move_line aml
                      JOIN account_partial_reconcile apr ON apr.debit_move_id = aml.id
                      JOIN account_move m ON m.id = aml.move_id
                     WHERE aml.display_type = 'payment_term' AND m.payment_state IN ('paid', 'in_payment')
                       AND EXISTS (SELECT 1 FROM o2c_dunning_log l WHERE l.move_id = m.id)
                     GROUP BY aml.move_id
                )
                SELECT l.id, l.date, l.move_id, l.partner_id, l.company_id, l.step_id, l.scenario_id,
                       l.ab_scenario_id, l.ab_group, 1 AS reached,
                       CASE WHEN p.paid_on <= l.date + 7 THEN 100.0
                            WHEN l.date + 7 <= CURRENT_DATE THEN 0.0 END AS paid_7,
                       CASE WHEN p.paid_on <= l.date + 30 THEN 100.0
                            WHEN l.date + 30 <= CURRENT_DATE THEN 0.0 END AS paid_30,
                       GREATEST(p.paid_on - l.date, 0) AS days_to_pay,
                       CASE WHEN l.id = first.id THEN 1 ELSE 0 END AS first_step,
                       CASE WHEN l.id = first.id THEN p.paid_on - m.invoice_date_due END AS days_late_paid
                  FROM o2c_dunning_log l
                  JOIN o2c_dunning_reminder r ON r.id = l.reminder_id AND r.state = 'sent'
                  JOIN account_move m ON m.id = l.move_id
                  LEFT JOIN paid p ON p.move_id = l.move_id
                  JOIN LATERAL (SELECT MIN(f.id) AS id
                                  FROM o2c_dunning_log f
                                  JOIN o2c_dunning_reminder fr ON fr.id = f.reminder_id AND fr.state = 'sent'
                                 WHERE f.move_id = l.move_id) first ON TRUE
            )""")
