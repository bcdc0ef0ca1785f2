# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import threading

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..engine import quality as quality_engine
from ..engine import report as report_engine
from .o2c_stage_threshold import DEFAULT_STUCK_DAYS

_logger = logging.getLogger(__name__)

QUALITY_MODES = [
    (quality_engine.OFF, "Off"),
    (quality_engine.WARN, "Warn"),
    (quality_engine.BLOCK, "Block"),
]
QUALITY_HELP = "Off: not checked. Warn: shown on the draft invoice and in Invoices to Check. Block: the invoice " \
    "cannot be posted until fixed, or a billing manager overrides with a reason."


class ResCompany(models.Model):
    _inherit = "res.company"

    o2c_collection_user_id = fields.Many2one(
        "res.users", "Default Collections Owner",
        help="Owner of the Invoiced stage on new orders of this company.")
    o2c_digest_user_ids = fields.Many2many(
        "res.users", "o2c_digest_user_company_rel", "company_id", "user_id", "Weekly Report Recipients")
    o2c_digest_last_week = fields.Date(
        "Last Weekly Report Sent", readonly=True,
        help="Monday of the last week whose report was sent: a week is never sent twice.")

    # Quality gate: one mode per rule. Warn by default: nothing stops
    # posting until a billing manager chooses to block.
    o2c_quality_po_reference = fields.Selection(
        QUALITY_MODES, "Purchase-Order Reference", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_price_drift = fields.Selection(
        QUALITY_MODES, "Price Drift from the Order", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_price_tolerance = fields.Float(
        "Price Tolerance (%)", default=1.0, groups="account.group_account_manager",
        help="A line's unit price after discount may differ from its order line's by this share before the "
        "price drift rule reports it.")
    o2c_quality_over_invoicing = fields.Selection(
        QUALITY_MODES, "Invoiced Above Delivered", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_period_label = fields.Selection(
        QUALITY_MODES, "Period in Time-and-Materials Labels", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_customer_data = fields.Selection(
        QUALITY_MODES, "Customer Invoicing Data", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_payment_terms = fields.Selection(
        QUALITY_MODES, "Payment Terms", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_legal_mentions = fields.Selection(
        QUALITY_MODES, "French Legal Mentions", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")
    o2c_quality_duplicate = fields.Selection(
        QUALITY_MODES, "Likely Duplicate", default="warn", required=True, help=QUALITY_HELP,
        groups="account.group_account_manager")

    @api.constrains("o2c_quality_price_tolerance")
    def _check_o2c_quality_price_tolerance(self):
        for company in self:
            if company.o2c_quality_price_tolerance < 0:
                raise ValidationError(self.env._("The price tolerance is a share of the price: 0 or more."))

    def _o2c_quality_modes(self):
        """{rule: mode} of this company (read as superuser by the gate)."""
        self.ensure_one()
        return {rule: self[f"o2c_quality_{rule}"] or quality_engine.WARN for rule in quality_engine.RULES}

    def _o2c_quality_has_blocking(self):
        self.ensure_one()
        return quality_engine.BLOCK in self._o2c_quality_modes().values()

    @api.constrains("o2c_collection_user_id", "o2c_digest_user_ids")
    def _check_o2c_users_company(self):
        for company in self:
            for user in company.o2c_collection_user_id | company.o2c_digest_user_ids:
                if company not in user.company_ids:
                    raise ValidationError(self.env._(
                        "%(user)s has no access to %(company)s: give them access to the company first, "
                        "or choose another user.", user=user.name, company=company.name))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["o2c.stage.threshold"]._create_defaults(companies)
        return companies

    def _o2c_stuck_thresholds(self):
        self.ensure_one()
        return dict(self._o2c_stuck_thresholds_cached(self.id))

    @api.model
    @tools.ormcache("company_id")
    def _o2c_stuck_thresholds_cached(self, company_id):
        # Read on every kanban page: cached, cleared when a threshold changes.
        thresholds = dict(DEFAULT_STUCK_DAYS)
        thresholds.update({
            t.stage: t.days
            for t in self.env["o2c.stage.threshold"].sudo().search([("company_id", "=", company_id)])
        })
        return tuple(thresholds.items())

    # -- weekly digest ----------------------------------------------------------------
    @api.model
    def _cron_o2c_weekly_digest(self):
        """Email last week's signed / delivered / invoiced / collected values
        to each company's recipients. A company's week is marked sent in the
        same transaction as its mails are queued: run twice, or after a crash,
        a week is never sent twice nor lost."""
        monday, sunday = report_engine.last_complete_week(fields.Date.context_today(self))
        companies = self.search([("o2c_digest_user_ids", "!=", False)])
        for company in companies:
            if company.o2c_digest_last_week and company.o2c_digest_last_week >= monday:
                continue
            company._o2c_send_digest(monday, sunday)
            if not getattr(threading.current_thread(), "testing", False):
                self.env.cr.commit()  # one company at a time: a crash later does not resend this one

    def _o2c_send_digest(self, monday, sunday):
        self.ensure_one()
        # Lock the company row: a second run started at the same time waits,
        # then sees the week as sent.
        self.env.cr.execute("SELECT o2c_digest_last_week FROM res_company WHERE id = %s FOR UPDATE", [self.id])
        already = self.env.cr.fetchone()[0]
        if already and already >= monday:
            return False
        ledger = self.env["o2c.ledger"].sudo().with_company(self).with_context(allowed_company_ids=self.ids)
        rows = ledger._report_rows(monday, sunday, "week", "user_id", [("company_id", "=", self.id)])
        orders = self.env["sale.order"].sudo().with_context(allowed_company_ids=self.ids)
        pipeline = orders._read_group(
            [("company_id", "=", self.id), ("state", "=", "sale")], ["o2c_stage"], ["o2c_stage_amount:sum"])
        digest = {
            "week": report_engine.period_label(monday, "week"),
            "monday": monday,
            "sunday": sunday,
            "totals": report_engine.totals(rows),
            "rows": rows,
            "stages": {stage: amount for stage, amount in pipeline if stage},
            "stuck": orders.search_count([("company_id", "=", self.id), ("state", "=", "sale"),
                                          ("o2c_is_stuck", "=", True)]),
            "blocked": orders.search_count([("company_id", "=", self.id), ("o2c_blocked", "=", True)]),
        }
        template = self.env.ref("o2c_pipeline.mail_template_weekly_digest")
        for user in self.o2c_digest_user_ids:
            template.with_context(lang=user.lang or "en_US", o2c_digest=digest).send_mail(
                self.id, email_values={"recipient_ids": [(6, 0, user.partner_id.ids)]},
                email_layout_xmlid="mail.mail_notification_light")
        self.sudo().o2c_digest_last_week = monday
        _logger.info("o2c weekly digest %s sent to %s users of %s", digest["week"],
                     len(self.o2c_digest_user_ids), self.name)
        return True
