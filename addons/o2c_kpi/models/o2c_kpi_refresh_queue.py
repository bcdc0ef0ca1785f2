# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class O2cKpiRefreshQueue(models.Model):
    """Orders whose ledger events changed since their billing lag facts were
    computed: filled in the transaction that changes them (by the pipeline's
    refresh), emptied by the facts' refresh in the transaction that replaces
    their facts. Nothing is lost when a refresh fails halfway."""

    _name = "o2c.kpi.refresh.queue"
    _description = "Orders whose billing lag is to refresh"
    _log_access = False
    _rec_name = "order_id"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade", readonly=True)
    since = fields.Date(
        readonly=True, help="The earliest date of the delivered or invoiced events that changed: the refresh "
        "matches what comes from then on, when it can.")
    match_all = fields.Boolean(readonly=True, help="Match all the order's events again.")
    version = fields.Integer(
        "Times Queued", readonly=True, default=1,
        help="Raised each time the order is queued again: the refresh takes off the queue only the versions it "
        "read, never news queued while it ran.")
    error = fields.Text(readonly=True, help="Why the last refresh of this order failed; it is tried again later.")
    failed_at = fields.Datetime(readonly=True)

    _sql_constraints = [("order_unique", "UNIQUE(order_id)", "An order is queued once.")]
