# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMoveLine(models.Model):
    """Service period of a customer invoice line (yearly support,
    subscriptions, prepaid packs): earned day by day. Named apart from OCA's
    ``account_invoice_start_end_dates`` (``start_date``, ``end_date``), which
    the cut-off reads too when it is installed."""

    _inherit = "account.move.line"

    o2c_service_start = fields.Date("Service Start", copy=False)
    o2c_service_end = fields.Date("Service End", copy=False)

    @api.constrains("o2c_service_start", "o2c_service_end")
    def _check_o2c_service_period(self):
        for line in self:
            if bool(line.o2c_service_start) != bool(line.o2c_service_end):
                raise ValidationError(self.env._(
                    "A service period needs both its start and its end (%(line)s).", line=line.display_name))
            if line.o2c_service_start and line.o2c_service_start > line.o2c_service_end:
                raise ValidationError(self.env._(
                    "A service period cannot end before it starts (%(line)s).", line=line.display_name))

    @api.model
    def _o2c_service_period_fields(self):
        """(start, end) field pairs to read, ours first, then OCA's when installed."""
        pairs = [("o2c_service_start", "o2c_service_end")]
        if "start_date" in self._fields and "end_date" in self._fields:
            pairs.append(("start_date", "end_date"))
        return pairs
