# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import format_amount, format_date

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    o2c_billing_lag_days = fields.Float(
        "Billing Lag (days)", compute="_compute_o2c_kpi", digits=(16, 1),
        help="Value-weighted mean of the days from delivery to invoice of the value this order billed in the "
        "last 12 months.")
    o2c_unbilled_amount = fields.Monetary(
        "Unbilled Value", compute="_compute_o2c_kpi", currency_field="o2c_company_currency_id",
        help="Delivered and not invoiced today, untaxed, in the company currency (billing lag facts).")
    o2c_oldest_unbilled_date = fields.Date(
        "Oldest Unbilled Delivery", compute="_compute_o2c_kpi",
        help="Delivery date (by the company's convention) of the oldest value delivered and not invoiced.")

    def _compute_o2c_kpi(self):
        figures = self.env["o2c.kpi.figures"]._lag_and_unbilled(self, "order_id")
        for order in self:
            lag_days, unbilled, oldest = figures.get(order.id, (0.0, 0.0, False))
            order.o2c_billing_lag_days = lag_days
            order.o2c_unbilled_amount = unbilled
            order.o2c_oldest_unbilled_date = oldest

    @api.model
    def _o2c_refresh_changed(self, dirty):
        # The orders whose ledger moved in this transaction are queued for the
        # billing lag refresh, in the same transaction, with the day from
        # which their delivered and invoiced events moved.
        result = super()._o2c_refresh_changed(dirty)
        self.env["o2c.billing.lag"].sudo()._enqueue_orders(dirty)
        return result

    # -- alerts on unbilled work ------------------------------------------------------
    @api.model
    def _cron_o2c_kpi_unbilled_alerts(self):
        """Daily: one activity on each order whose oldest unbilled delivery is
        older than its company's threshold, never a second while the first
        is open; marked done once nothing older than the threshold is left
        unbilled. Run twice, it creates nothing more."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("o2c_kpi.mail_activity_type_unbilled_work", raise_if_not_found=False)
        if not activity_type:
            return
        late = self._o2c_kpi_late_orders(today)
        Activity = self.env["mail.activity"].sudo()
        open_alerts = Activity.search([("activity_type_id", "=", activity_type.id), ("res_model", "=", "sale.order")])
        alerted = set(open_alerts.mapped("res_id"))
        orders = self.sudo().browse([order_id for order_id in late if order_id not in alerted]).exists()
        vals_list = []
        for order in orders:
            user = order._o2c_kpi_alert_user()
            if not user:
                _logger.info("Unbilled work alert: nobody to alert on %s (no project manager, owner or "
                             "salesperson).", order.name)
                continue
            oldest, amount = late[order.id]
            order_lang = order.with_context(lang=user.lang or "en_US")
            vals_list.append({
                "res_model_id": self.env["ir.model"]._get_id("sale.order"),
                "res_id": order.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "date_deadline": today,
                "summary": order_lang.env._("Bill the work delivered since %(day)s",
                                            day=format_date(order_lang.env, oldest)),
                "note": order_lang.env._(
                    "%(amount)s delivered and not invoiced, the oldest on %(day)s (%(days)s days ago).",
                    amount=format_amount(order_lang.env, amount, order.company_id.currency_id),
                    day=format_date(order_lang.env, oldest), days=(today - oldest).days),
            })
        self._o2c_kpi_create_alerts(vals_list)
        # Orders caught up (or whose company turned alerts off): their alert is done.
        caught_up = open_alerts.filtered(lambda a: a.res_id not in late)
        if caught_up:
            caught_up.action_feedback(feedback=self.env._("Invoiced up to date."))

    @api.model
    def _o2c_kpi_late_orders(self, today):
        """{order id: (oldest unbilled delivery, unbilled value)} of the
        orders over their company's threshold, companies with alerts on."""
        self.env.flush_all()
        query = self.env["o2c.billing.lag"].sudo()._search(self.env["o2c.kpi.figures"]._unbilled_domain(today))
        self.env.cr.execute(SQL(
            """
            SELECT fact.order_id, MIN(fact.delivered_on), SUM(fact.amount)
              FROM (%s) fact
              JOIN res_company company ON company.id = fact.company_id AND company.o2c_kpi_alert
          GROUP BY fact.order_id, company.o2c_kpi_alert_days
            HAVING MIN(fact.delivered_on) < %s::date - company.o2c_kpi_alert_days
            """,
            query.select("o2c_billing_lag.order_id", "o2c_billing_lag.company_id", "o2c_billing_lag.delivered_on",
                         "o2c_billing_lag.amount"), today))
        return {order_id: (oldest, float(amount or 0)) for order_id, oldest, amount in self.env.cr.fetchall()}

    def _o2c_kpi_alert_user(self):
        """The project manager, else the order's step owner, else its
        salesperson, else the company's collections owner: an active
        internal user of the order's company."""
        self.ensure_one()
        for user in (self.o2c_project_manager_id, self.o2c_owner_id, self.user_id,
                     self.company_id.o2c_collection_user_id):
            if user and user.active and not user.share and self.company_id in user.company_ids:
                return user
        return self.env["res.users"]

    @api.model
    def _o2c_kpi_create_alerts(self, vals_list):
        """All at once; if that fails, one by one, so that one order (an
        assignee who may not see it...) never stops the others."""
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        try:
            with self.env.cr.savepoint():
                Activity.create(vals_list)
            return
        except Exception:  # noqa: BLE001 - isolate the one that fails, below
            _logger.info("Unbilled work alerts: creating them one by one.")
        for vals in vals_list:
            try:
                with self.env.cr.savepoint():
                    Activity.create(vals)
            except Exception:
                _logger.warning("Unbilled work alert on sale.order %s not created.", vals["res_id"], exc_info=True)
