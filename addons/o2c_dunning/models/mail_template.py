# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
import traceback

from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import safe_eval
from odoo.tools.rendering_tools import parse_inline_template

from odoo.addons.base.models.ir_qweb import QWebException

_logger = logging.getLogger(__name__)

REMINDER_MODEL = "o2c.dunning.reminder"


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
        if (model != REMINDER_MODEL or len(res_ids) < 2 or not template_src
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
                # the QWeb output is escaped markup, as in ir.qweb._render
                results[record.id] = Markup("".join(render(qweb, values)))[5:-6]  # noqa: S704
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

    @api.model
    def _render_template_inline_template(self, template_txt, model, res_ids, add_context=None, options=None):
        """Reminder subjects and addresses: check and compile each expression
        once for the batch, then evaluate it for each reminder, in the same
        sandbox as ``safe_eval`` (which compiles again for every record)."""
        if (model != REMINDER_MODEL or len(res_ids) < 2 or not template_txt
                or not self._has_unsafe_expression_template_inline_template(str(template_txt), model)
                or not (self._unrestricted_rendering or self.env.is_admin()
                        or self.env.user.has_group("mail.group_mail_template_editor"))):
            return super()._render_template_inline_template(template_txt, model, res_ids, add_context, options)
        variables = self._render_eval_context()
        variables.update(add_context or {})
        results = {}
        try:
            safe_eval.check_values(variables)
            parts = [(string, safe_eval.test_expr(expression, safe_eval._SAFE_OPCODES) if expression else None,
                      default) for string, expression, default in parse_inline_template(str(template_txt))]
            for record in self.env[model].browse(res_ids):
                rendered = []
                for string, code, default in parts:
                    rendered.append(string)
                    if code:
                        # a fresh namespace for each expression, as safe_eval gives
                        namespace = dict(variables, object=record, __builtins__=dict(safe_eval._BUILTINS))
                        value = safe_eval.unsafe_eval(code, namespace) or default
                        if value:
                            rendered.append(str(value))
                results[record.id] = "".join(rendered)
        except Exception as error:
            _logger.info("Failed to render inline_template: \n%s", str(template_txt), exc_info=True)
            raise UserError(self.env._("Failed to render inline_template template: %(template_txt)s",
                                       template_txt=template_txt)) from error
        return results
