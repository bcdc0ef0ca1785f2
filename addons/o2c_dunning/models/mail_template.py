# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import traceback

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.addons.base.models.ir_qweb import QWebException
from odoo.exceptions import AccessError, UserError
from odoo.tools import safe_eval

_logger = logging.getLogger(__name__)

LETTER_MODEL = "o2c.dunning.letter"


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """Reminder bodies: compile the template once for the whole batch.

        Odoo parses and compiles a mail body again for every record (about
        2 ms each): for a run of hundreds of reminders that is most of the
        rendering time. Here the body is compiled once, then evaluated for
        each reminder, with the same values, restrictions and errors as
        Odoo's loop (``mail.render.mixin._render_template_qweb``)."""
        if (model != LETTER_MODEL or len(res_ids) < 2 or not template_src
                or not self._has_unsafe_expression_template_qweb(template_src, model)):
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        variables = self._render_eval_context()
        variables.update(add_context or {})
        options = dict(options or {})
        if not self._unrestricted_rendering and not self.env.is_admin() and not self.env.user.has_group(
                "mail.group_mail_template_editor"):
            options["raise_on_forbidden_code_for_model"] = model
        results = {}
        try:
            qweb = self.env["ir.qweb"].with_context(**options)._prepare_environment(variables)
            safe_eval.check_values(variables)
            functions, def_name = qweb._compile(html.fragment_fromstring(template_src, create_parent="div"))
            render = functions[def_name]
            for record in self.env[model].browse(res_ids):
                values = dict(variables, object=record)
                # strip the <div> wrapping the fragment, as Odoo does
                results[record.id] = Markup("".join(render(qweb, values)))[5:-6]
        except Exception as error:
            if isinstance(error, QWebException) and isinstance(error.__cause__, PermissionError):
                raise AccessError(self.env._(
                    "Only members of %(group_name)s group are allowed to edit templates containing sensible "
                    "placeholders", group_name=self.env.ref("mail.group_mail_template_editor").name)) from error
            _logger.info("Failed to render template: %s", template_src, exc_info=True)
            raise UserError(self.env._(
                "Failed to render QWeb template: %(template_src)s\n\n%(template_traceback)s)",
                template_src=template_src, template_traceback=traceback.format_exc())) from error
        return results
