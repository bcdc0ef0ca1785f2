# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import ast

import babel.dates

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml

from odoo.addons.base.models.res_lang import intersperse

from .bulk import bulk_insert

AB_GROUPS = [("A", "A (scenario)"), ("B", "B (variant)")]
INSERT_COLUMNS = (  # column, SQL array type: what a run gives for each log
    ("move_id", "int"), ("partner_id", "int"), ("company_id", "int"), ("step_id", "int"), ("scenario_id", "int"),
    ("offset_days", "int"), ("reminder_id", "int"), ("date", "date"), ("user_id", "int"), ("actions", "varchar"),
    ("currency_id", "int"), ("residual", "float8"), ("test_mode", "bool"), ("ab_scenario_id", "int"),
    ("ab_group", "varchar"),
)


class O2cDunningLog(models.Model):
    """One reminder step executed for one invoice. The unique key (invoice,
    step) is what makes a run safe to repeat: a step is never executed twice
    for the same invoice, whatever crashes or concurrent runs happen."""

    _name = "o2c.dunning.log"
    _description = "Payment reminder log"
    _order = "date desc, id desc"
    _rec_name = "step_id"

    # no index of its own: the unique (move_id, step_id) index serves it
    move_id = fields.Many2one("account.move", "Invoice", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    step_id = fields.Many2one("o2c.dunning.step", required=True, ondelete="restrict", index=True)
    scenario_id = fields.Many2one("o2c.dunning.scenario", help="The scenario of the step.")
    offset_days = fields.Integer("Day", required=True, help="The step's day when it was executed.")
    reminder_id = fields.Many2one("o2c.dunning.reminder", "Reminder", ondelete="set null", index=True)
    date = fields.Date(required=True, index=True)
    user_id = fields.Many2one("res.users", "Run By")
    actions = fields.Char(help="What the step did: email, letter, call, escalation, credit hold.")
    # shown only, read from the reminder: stored, each run would update them for every log
    channel = fields.Selection(related="reminder_id.channel")
    state = fields.Selection(related="reminder_id.state", string="Reminder Status")
    currency_id = fields.Many2one("res.currency", required=True)
    # a Float shown as an amount in currency_id: the invoice's residual, already
    # rounded, and a Monetary field costs a currency lookup per log at creation
    residual = fields.Float("Balance Then", help="The invoice's balance when the step was executed.")
    ab_scenario_id = fields.Many2one(
        "o2c.dunning.scenario", "A/B Test", help="The scenario whose variant was being tested for this customer.")
    ab_group = fields.Selection(AB_GROUPS, "A/B Group")
    test_mode = fields.Boolean(help="Run while the company's test mode was on: emails went to the test address.")

    portal_url = fields.Char("Payment Link", compute="_compute_portal_url")
    due_date_text = fields.Char("Due Date (text)", compute="_compute_texts")
    amount_due_text = fields.Char(
        "Amount Due (text)", compute="_compute_texts", help="The invoice's balance now, in its currency.")

    _sql_constraints = [
        ("move_step_uniq", "UNIQUE (move_id, step_id)", "This reminder step was already executed for this invoice."),
    ]

    @api.model
    def _insert(self, vals_list):
        """Create the logs of a run in one query (a run makes thousands; the
        ORM's create costs more than the insert itself for each). Same
        values as ``create``; the unique (invoice, step) key still holds."""
        self.check_access("create")
        if not vals_list:
            return self.browse()
        self._add_scenario(vals_list)
        self.env.flush_all()
        logs = self.browse(bulk_insert(self.env, self._table, INSERT_COLUMNS, vals_list))
        # the invoices and reminders now have logs the cache does not know
        self.env["o2c.dunning.reminder"].invalidate_model(["log_ids", "open_log_ids", "invoice_count"])
        self.env["account.move"].invalidate_model(["o2c_dunning_log_ids", "o2c_dunning_last_step_id"])
        return logs

    @api.model_create_multi
    def create(self, vals_list):
        self._add_scenario(vals_list)
        return super().create(vals_list)

    @api.model
    def _add_scenario(self, vals_list):
        steps = self.env["o2c.dunning.step"].browse({vals["step_id"] for vals in vals_list if vals.get("step_id")})
        steps = {step.id: step for step in steps}
        for vals in vals_list:
            if vals.get("step_id"):
                vals.setdefault("scenario_id", steps[vals["step_id"]].scenario_id.id)

    @api.depends("move_id.invoice_date_due", "move_id.amount_residual", "move_id.currency_id")
    @api.depends_context("lang")
    def _compute_texts(self):
        # What the reminder emails, letters and activities print for each
        # invoice, formatted in the reader's language like Odoo's
        # format_date and format_amount, with the language looked up once
        # for the whole batch rather than once per amount.
        format_amount = amount_formatter(self.env)
        lang = get_lang(self.env)
        locale = babel_locale_parse(lang.code)
        date_format = posix_to_ldml(lang.date_format, locale=locale)
        dates = {}  # invoices share due dates: each is formatted once
        for log in self:
            move = log.move_id
            due = move.invoice_date_due
            if due not in dates:
                dates[due] = babel.dates.format_date(due, format=date_format, locale=locale) if due else ""
            log.due_date_text = dates[due]
            log.amount_due_text = format_amount(move.amount_residual, move.currency_id)

    @api.depends("move_id.access_token")
    def _compute_portal_url(self):
        # Never writes: the run gives the invoices their access tokens before
        # rendering; a preview of an invoice without one links to the portal
        # page, which asks the customer to log in.
        for log in self:
            move = log.move_id
            log.portal_url = move.get_base_url() + (move.get_portal_url() if move.access_token else move.access_url)


def amount_formatter(env):
    """A function (amount, currency) -> text giving what Odoo's
    ``format_amount`` gives in the language of ``env``, with the language's
    separators read once instead of for every amount."""
    lang = get_lang(env)
    grouping, separator, decimal_point = ast.literal_eval(lang.grouping), lang.thousands_sep or "", lang.decimal_point

    def format_amount(amount, currency):
        whole, _dot, decimals = (f"%.{currency.decimal_places}f" % currency.round(amount)).partition(".")
        text = intersperse(whole, grouping, separator)[0] + (decimal_point + decimals if decimals else "")
        text = text.replace(" ", "\N{NO-BREAK SPACE}").replace("-", "-\N{ZERO WIDTH NO-BREAK SPACE}")
        symbol = currency.symbol or ""
        if currency.position == "before":
            return f"{symbol}\N{NO-BREAK SPACE}{text}"
        return f"{text}\N{NO-BREAK SPACE}{symbol}"

    return format_amount
