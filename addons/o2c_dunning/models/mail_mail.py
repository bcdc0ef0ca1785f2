# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models

REMINDER_MODEL = "o2c.dunning.reminder"


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        """A reminder email that the mail queue could not send (refused by
        the server, no valid recipient) puts its reminder back on the
        worklist, with the reason."""
        failed = self.filtered(lambda mail: mail.model == REMINDER_MODEL and mail.res_id and mail.state == "exception")
        if failed:
            labels = dict(self._fields["failure_type"]._description_selection(self.env))
            if failure_type in ("mail_email_missing", "mail_email_invalid"):
                reason = labels.get(failure_type)
            else:
                reason = failure_reason or failed[0].failure_reason or labels.get(failure_type) or failure_type
            self.env[REMINDER_MODEL].sudo().browse(failed.mapped("res_id")).exists()._mail_failed(reason)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
