# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models, tools


class O2cCreditReport(models.Model):
    """One row per posted customer invoice or credit note: what invoices
    cost when they are wrong. Amounts untaxed, in the company currency."""

    _name = "o2c.credit.report"
    _description = "Credit notes and first-time-right invoices"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"

    move_id = fields.Many2one("account.move", "Document", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], "Document Type", readonly=True)
    date = fields.Date(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", "Company Currency", readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Sales Team", readonly=True)
    reason_id = fields.Many2one("o2c.credit.reason", "Credit Reason", readonly=True)
    avoidable = fields.Boolean(readonly=True)
    invoiced_amount = fields.Monetary("Invoiced (untaxed)", readonly=True)
    invoice_count = fields.Integer("Invoices", readonly=True)
    credit_amount = fields.Monetary("Credited (untaxed)", readonly=True)
    credit_count = fields.Integer("Credit Notes", readonly=True)
    avoidable_amount = fields.Monetary(
        "Avoidable Credits (untaxed)", readonly=True,
        help="Credit notes whose reason is avoidable: errors a check before posting would have prevented.")
    avoidable_count = fields.Integer("Avoidable Credit Notes", readonly=True)
    first_time_right_count = fields.Integer(
        "First-Time-Right Invoices", readonly=True,
        help="Invoices never credited nor reset to draft after they were posted.")
    first_time_right_rate = fields.Float(
        "First-Time-Right (%)", readonly=True, aggregator="avg",
        help="Share of invoices never credited nor reset to draft after they were posted.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(f"""
            CREATE VIEW {self._table} AS (
                SELECT m.id AS id,
                       m.id AS move_id,
                       m.move_type AS move_type,
                       m.invoice_date AS date,
                       m.company_id AS company_id,
                       company.currency_id AS currency_id,
                       m.commercial_partner_id AS partner_id,
                       m.invoice_user_id AS user_id,
                       m.team_id AS team_id,
                       m.o2c_credit_reason_id AS reason_id,
                       COALESCE(reason.avoidable, FALSE) AS avoidable,
                       CASE WHEN m.move_type = 'out_invoice' THEN m.amount_untaxed_signed ELSE 0 END
                           AS invoiced_amount,
                       CASE WHEN m.move_type = 'out_invoice' THEN 1 ELSE 0 END AS invoice_count,
                       CASE WHEN m.move_type = 'out_refund' THEN -m.amount_untaxed_signed ELSE 0 END
                           AS credit_amount,
                       CASE WHEN m.move_type = 'out_refund' THEN 1 ELSE 0 END AS credit_count,
                       CASE WHEN m.move_type = 'out_refund' AND reason.avoidable THEN -m.amount_untaxed_signed
                            ELSE 0 END AS avoidable_amount,
                       CASE WHEN m.move_type = 'out_refund' AND reason.avoidable THEN 1 ELSE 0 END
                           AS avoidable_count,
                       CASE WHEN m.move_type = 'out_invoice' AND {self._first_time_right()} THEN 1 ELSE 0 END
                           AS first_time_right_count,
                       CASE WHEN m.move_type <> 'out_invoice' THEN NULL
                            WHEN {self._first_time_right()} THEN 100.0 ELSE 0.0 END AS first_time_right_rate
                  FROM account_move m
                  JOIN res_company company ON company.id = m.company_id
             LEFT JOIN o2c_credit_reason reason ON reason.id = m.o2c_credit_reason_id
                 WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
            )""")

    @api.model
    def _first_time_right(self):
        return """(COALESCE(m.o2c_reset_count, 0) = 0 AND NOT EXISTS (
                      SELECT 1 FROM account_move credit
                       WHERE credit.reversed_entry_id = m.id AND credit.state = 'posted'
                         AND credit.move_type = 'out_refund'))"""
