# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import logging
from collections import defaultdict
from datetime import datetime

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import split_every
from odoo.tools.mail import email_normalize_all, generate_tracking_message_id

from . import bulk
from .bulk import bulk_insert, bulk_link
from .isolation import apart
from .o2c_dunning_log import amount_formatter

_logger = logging.getLogger(__name__)

# What mail.template.send_mail_batch renders for a queued email.
RENDER_FIELDS = ("attachment_ids", "auto_delete", "body_html", "email_cc", "email_from", "email_to",
                 "mail_server_id", "model", "partner_to", "reply_to", "report_template_ids", "res_id",
                 "scheduled_date", "subject")
INVOICE_FIELDS = ["name", "ref", "move_type", "state", "payment_state", "amount_residual", "currency_id",
                  "invoice_date_due", "company_id", "partner_id", "invoice_user_id", "team_id", "access_token"]
REMINDER_COLUMNS = (
    ("partner_id", "int"), ("company_id", "int"), ("step_id", "int"), ("scenario_id", "int"), ("name", "varchar"),
    ("channel", "varchar"), ("date", "date"), ("predicted_date", "date"), ("user_id", "int"), ("auto_send", "bool"),
    ("state", "varchar"), ("sent_date", "timestamp"), ("sent_by_id", "int"), ("to_print", "bool"),
)
MAIL_COLUMNS = (
    ("mail_message_id", "int"), ("body_html", "text"), ("email_to", "text"), ("email_cc", "varchar"),
    ("auto_delete", "bool"), ("scheduled_date", "timestamp"),
)
MESSAGE_COLUMNS = (  # column, SQL array type
    ("model", "varchar"), ("res_id", "int"), ("record_name", "varchar"), ("record_company_id", "int"),
    ("record_alias_domain_id", "int"), ("message_type", "varchar"), ("subtype_id", "int"),
    ("author_id", "int"), ("email_from", "varchar"), ("reply_to", "varchar"), ("message_id", "varchar"),
    ("subject", "varchar"), ("body", "text"), ("mail_server_id", "int"),
)


class O2cDunningReminder(models.Model):
    """What one run says to one customer for one step: the invoices it lists
    (its logs), the email, letter, call or escalation it carries. The
    collectors' worklist is the list of reminders still to send."""

    _name = "o2c.dunning.reminder"
    _description = "Payment reminder"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # name, scenario and channel are set when the reminder is made (see create),
    # and keep what it was then: no computation per record when a run makes hundreds
    name = fields.Char(readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    step_id = fields.Many2one("o2c.dunning.step", required=True, readonly=True, ondelete="restrict")
    scenario_id = fields.Many2one("o2c.dunning.scenario", readonly=True, index=True)
    offset_days = fields.Integer(related="step_id.offset_days")
    date = fields.Date(required=True, readonly=True, index=True)
    predicted_date = fields.Date(
        "Predicted Payment", readonly=True,
        help="When the customer will likely pay the listed invoices, from its payment history.")
    log_ids = fields.One2many("o2c.dunning.log", "reminder_id", "Invoices", readonly=True)
    open_log_ids = fields.Many2many(
        "o2c.dunning.log", compute="_compute_open_log_ids", string="Open Invoices",
        help="The listed invoices still open: a payment may come in between the run and the sending.")
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    user_id = fields.Many2one(
        "res.users", "Collector", index=True, tracking=True, domain=[("share", "=", False)],
        help="Who follows this reminder in the worklist.")
    state = fields.Selection([
        ("to_send", "To Do"),
        ("sent", "Done"),
        ("skipped", "Skipped"),
        ("cancelled", "Cancelled"),
    ], default="to_send", required=True, tracking=True, index=True, readonly=True)
    channel = fields.Selection(
        [("email", "Email"), ("letter", "Letter"), ("call", "Phone"), ("internal", "Internal")],
        readonly=True)
    auto_send = fields.Boolean(readonly=True)
    to_print = fields.Boolean("To Print", readonly=True)
    snoozed_until = fields.Date(tracking=True, readonly=True)
    skip_reason = fields.Text(readonly=True, tracking=True)
    error = fields.Char(
        readonly=True, help="Why the reminder was not sent (no email address, a template that does not render, an "
        "email the mail server refused): fix it, then send the reminder from the worklist.")
    retry = fields.Boolean(
        "Tried Again", readonly=True,
        help="Held back by a run (no email address, an error): the next run tries it again, once what held it "
        "back is fixed.")
    tried_on = fields.Date("Last Tried", readonly=True)
    sent_date = fields.Datetime(readonly=True)
    sent_by_id = fields.Many2one("res.users", readonly=True)
    mail_id = fields.Many2one("mail.mail", "Email", compute="_compute_mail_id")
    test_mode = fields.Boolean(readonly=True, help="Sent to the company's test address, not to the customer.")
    lang = fields.Char(compute="_compute_lang")
    recipient_id = fields.Many2one(
        "res.partner", compute="_compute_recipient_id", help="The customer's invoicing contact.")
    amount_text = fields.Char("Amount Due", compute="_compute_amount_text")
    # What the email lists: the open invoices whose step sends an email, by kind
    email_log_ids = fields.Many2many("o2c.dunning.log", string="Invoices in the Email",
                                     compute="_compute_email_sections")
    overdue_log_ids = fields.Many2many("o2c.dunning.log", string="Overdue Invoices", compute="_compute_email_sections")
    due_today_log_ids = fields.Many2many("o2c.dunning.log", string="Invoices Due Today",
                                         compute="_compute_email_sections")
    due_soon_log_ids = fields.Many2many("o2c.dunning.log", string="Invoices Due Soon",
                                        compute="_compute_email_sections")
    email_amount_text = fields.Char("Amount Due in the Email", compute="_compute_email_sections")
    preview = fields.Html(compute="_compute_preview", sanitize=False)

    @api.model_create_multi
    def create(self, vals_list):
        self._add_step_values(vals_list)
        return super().create(vals_list)

    @api.model
    def _add_step_values(self, vals_list):
        """Set the scenario, channel and name a reminder keeps from its step
        and customer, when not given."""
        # by id, in one batch each (browse(id) would read them one by one)
        steps = self.env["o2c.dunning.step"].browse({vals["step_id"] for vals in vals_list if vals.get("step_id")})
        steps = {step.id: step for step in steps}
        partners = self.env["res.partner"].browse({vals["partner_id"] for vals in vals_list if vals.get("partner_id")})
        partners = {partner.id: partner for partner in partners}
        for vals in vals_list:
            if vals.get("step_id"):
                step = steps[vals["step_id"]]
                vals.setdefault("scenario_id", step.scenario_id.id)
                vals.setdefault("channel", self._steps_channel(step))
                vals.setdefault("name", self._reminder_name(
                    partners.get(vals.get("partner_id"), self.env["res.partner"]), step))

    @api.model
    def _insert(self, vals_list):
        """Create a run's reminders in one query: what ``create`` makes
        with no "created" note and no follower (as the run asks), for the
        values of LETTER_COLUMNS."""
        self.check_access("create")
        self._add_step_values(vals_list)
        for vals in vals_list:
            vals.setdefault("state", "to_send")
            vals.setdefault("to_print", False)
        self.env.flush_all()
        return self.browse(bulk_insert(self.env, self._table, REMINDER_COLUMNS, vals_list, {"test_mode": False}))

    @api.model
    def _reminder_name(self, partner, step):
        return f"{partner.name or ''} · {step.display_name or ''}"

    @api.model
    def _steps_channel(self, steps):
        """The main channel of a reminder carrying out ``steps``."""
        return ("email" if any(steps.mapped("send_email")) else "letter" if any(steps.mapped("print_letter"))
                else "call" if any(steps.mapped("phone_call")) else "internal")

    def _steps(self):
        """The steps a reminder carries out: each of its invoices has its own
        (a reminder of one customer and day lists invoices at several steps)."""
        self.ensure_one()
        return self.step_id | self.log_ids.step_id

    def _email_step(self):
        """The step whose email the reminder sends: its most advanced step
        that sends one (its tone), or nothing."""
        self.ensure_one()
        steps = self._steps().filtered("send_email")
        return max(steps, key=lambda step: (step.offset_days, step.id)) if steps else steps

    @api.depends("log_ids")
    def _compute_invoice_count(self):
        for reminder in self:
            reminder.invoice_count = len(reminder.log_ids)

    @api.depends("partner_id")
    def _compute_lang(self):
        for reminder in self:
            reminder.lang = reminder.recipient_id.lang or reminder.partner_id.lang or self.env.lang

    @api.depends("log_ids.move_id.payment_state", "log_ids.move_id.amount_residual")
    def _compute_open_log_ids(self):
        for reminder in self:
            reminder.open_log_ids = reminder.log_ids.filtered(
                lambda log: log.move_id.payment_state in ("not_paid", "partial") and log.move_id.amount_residual > 0)

    def _compute_mail_id(self):
        mails = self.env["mail.mail"].sudo().search(
            [("model", "=", self._name), ("res_id", "in", self.ids)], order="id")
        by_reminder = {mail.res_id: mail for mail in mails}
        for reminder in self:
            reminder.mail_id = by_reminder.get(reminder.id, False)

    @api.depends("partner_id")
    def _compute_recipient_id(self):
        for reminder in self:
            reminder.recipient_id = reminder.partner_id.address_get(["invoice"])["invoice"]

    def _totals_by_currency(self, logs=None):
        """[(currency, amount due)] of the open invoices (of ``logs``), per currency."""
        self.ensure_one()
        totals = defaultdict(float)
        for log in self.open_log_ids if logs is None else logs:
            totals[log.move_id.currency_id] += log.move_id.amount_residual
        return sorted(totals.items(), key=lambda item: item[0].name)

    def _amount_text(self, format_amount, logs=None):
        return " + ".join(format_amount(amount, currency) for currency, amount in self._totals_by_currency(logs))

    @api.depends("log_ids.move_id.amount_residual")
    @api.depends_context("lang")
    def _compute_amount_text(self):
        format_amount = amount_formatter(self.env)
        for reminder in self:
            reminder.amount_text = reminder._amount_text(format_amount)

    @api.depends("log_ids.move_id.amount_residual", "log_ids.move_id.invoice_date_due", "log_ids.step_id", "date")
    @api.depends_context("lang")
    def _compute_email_sections(self):
        format_amount = amount_formatter(self.env)
        for reminder in self:
            logs = reminder.open_log_ids
            emailed = logs.filtered("step_id.send_email") or logs  # (a reminder without email: all, to preview)
            day = reminder.date
            reminder.email_log_ids = emailed
            reminder.overdue_log_ids = emailed.filtered(lambda log, day=day: log.move_id.invoice_date_due < day)
            reminder.due_today_log_ids = emailed.filtered(lambda log, day=day: log.move_id.invoice_date_due == day)
            reminder.due_soon_log_ids = emailed.filtered(lambda log, day=day: log.move_id.invoice_date_due > day)
            reminder.email_amount_text = reminder._amount_text(format_amount, emailed)

    @api.depends("step_id.mail_template_id", "log_ids.step_id.mail_template_id")
    def _compute_preview(self):
        for reminder in self:
            template = reminder._email_step().mail_template_id
            if not template or not reminder.id:
                reminder.preview = False
                continue
            rendered = template.with_context(lang=reminder.lang)._render_field("body_html", reminder.ids)
            subject = template.with_context(lang=reminder.lang)._render_field("subject", reminder.ids)
            reminder.preview = Markup("<p><b>%s</b></p>%s") % (subject[reminder.id], rendered[reminder.id])

    # -- worklist actions --------------------------------------------------------------
    def _check_can_send(self):
        self.check_access("write")
        approval = self.filtered(lambda reminder: any(reminder._steps().mapped("manager_approval")))
        if approval and not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._("Only an accounting manager can send a reminder that needs approval."))
        done = self.filtered(lambda reminder: reminder.state != "to_send")
        if done:
            raise UserError(self.env._("These reminders were already handled: %s.", ", ".join(done.mapped("name"))))

    def action_send_now(self):
        self._check_can_send()
        sent = self.sudo()._send(self.env.user)
        held = (self - sent).filtered(lambda reminder: reminder.state == "to_send")
        if not held:
            return True
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "message": self.env._("Not sent: %s", "; ".join(f"{r.name}: {r.error}" for r in held)),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def action_run_now(self):
        return self.env["o2c.dunning.runner"].action_run_now()

    def action_unsnooze(self):
        self.write({"snoozed_until": False})

    def action_print(self):
        return self.env.ref("o2c_dunning.action_report_o2c_dunning_reminder").report_action(self)

    def action_open_invoices(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "name": self.env._("Invoices"),
            "view_mode": "list,form",
            "domain": [("id", "in", self.log_ids.move_id.ids)],
        }

    # -- sending -----------------------------------------------------------------------------
    def _send(self, user, today=None):
        """Carry out the reminders of ``self`` (to_send ones) and mark them
        sent, with a note on each invoice; all in the current transaction,
        so that a crash leaves nothing half-sent. Those that cannot be
        carried out stay to do, with why."""
        today = today or fields.Date.context_today(self)
        reminders = self.filtered(lambda reminder: reminder.state == "to_send")._carry_out_isolated(today)
        reminders.write({"state": "sent", "sent_date": self._moment(today), "sent_by_id": user.id,
                         "error": False, "retry": False})
        reminders._post_on_invoices()
        return reminders

    @api.model
    def _moment(self, today):
        """The time a run made for ``today`` writes: now, on today's date
        (a run made for another day, e.g. a catch-up, dates what it does
        on that day)."""
        now = fields.Datetime.now()
        return now if today == fields.Date.context_today(self) else datetime.combine(today, now.time())

    def _send_as_made(self, today):
        """The daily run's _send, for reminders it made already marked sent
        (see the runner): no UPDATE of each, no "To Do → Done" tracking
        note. Those it could not carry out go back to the worklist."""
        reminders = self._carry_out_isolated(today)
        undone = self - reminders  # cancelled (paid meanwhile) or held back (back to do, see _hold)
        if undone:
            undone.write({"sent_date": False, "sent_by_id": False})
            undone.filtered(lambda reminder: reminder.state == "cancelled").write({"to_print": False})
        reminders._post_on_invoices()
        return reminders

    def _carry_out_isolated(self, today):
        """``_carry_out`` in a savepoint; should it fail, again customer by
        customer, each in a savepoint of its own: the reminders of a
        customer that fail (an activity, a constraint, anything) stay to
        do with the error, the other customers' are carried out. Returns
        the reminders carried out."""
        self.filtered(lambda reminder: reminder._email_step()).company_id._o2c_dunning_check_test_mode()
        done = apart(self.env.cr, self, lambda: self.grouped("partner_id").values(),
                     lambda reminders: reminders._carry_out(today),
                     lambda reminders, error: reminders._hold(error, today))
        return done if done is not None else self.browse()

    def _hold(self, error, today, offer_letter=False):
        """Leave ``self`` to do in the worklist, with ``error`` (an
        exception or a message) as the reason; the next run tries again.
        ``offer_letter``: those whose step prints letters are to print."""
        if isinstance(error, Exception):
            _logger.warning("Payment reminders %s held back: %s", self.ids, error, exc_info=error)
            error = error.args[0] if isinstance(error, UserError) else f"{type(error).__name__}: {error}"
        # made as sent by the run, never sent in fact: no "Done → To Do" tracking note
        self.filtered(lambda reminder: reminder.state == "sent").with_context(tracking_disable=True).write(
            {"state": "to_send"})
        self.write({"error": str(error)[:500], "retry": True, "tried_on": today, "to_print": False})
        if offer_letter:
            self.filtered(lambda reminder: any(reminder._steps().mapped("print_letter"))).write({"to_print": True})

    def _unreachable(self):
        """{reminder: why its email cannot reach the customer}: no email
        address, or one that Odoo's mail queue would refuse."""
        problems = {}
        for reminder in self:
            if reminder.company_id.o2c_dunning_test_mode:
                continue  # to the company's test address (checked when sending)
            contact = reminder.recipient_id
            if not (contact.email or "").strip():
                problems[reminder] = self.env._(
                    "No email address: add one to %(contact)s; the next run sends the reminder.",
                    contact=contact.display_name)
            elif not email_normalize_all(contact.email):
                problems[reminder] = self.env._(
                    "The email address “%(email)s” of %(contact)s is not valid: correct it; the next run sends "
                    "the reminder.", email=contact.email, contact=contact.display_name)
        return problems

    def _carry_out(self, today):
        """Email through the mail queue (or the company's test address),
        letters flagged for printing, calls and escalations as activities,
        credit hold on the customer. Returns the reminders carried out:
        not those whose invoices were all paid meanwhile (cancelled), nor
        those held back (left to do with the reason: no email address, a
        template that does not render, nobody to call the customer)."""
        reminders = self
        # the invoice fields the reminders read, in one query (not all of account.move's)
        reminders.log_ids.move_id.fetch(INVOICE_FIELDS)
        emptied = reminders.filtered(lambda reminder: not reminder.open_log_ids)
        emptied.write({"state": "cancelled", "skip_reason": self.env._("Paid before the reminder was sent.")})
        reminders -= emptied
        unassigned = reminders.filtered(lambda reminder: any(
            not (reminder._escalation_user(step) if step.escalate else reminder.user_id)
            or (step.phone_call and not reminder.user_id) for step in reminder._activity_steps()))
        unassigned._hold(self.env._(
            "Nobody is responsible for this reminder's call or escalation: set a collector on the customer, or a "
            "fallback responsible in the Invoicing settings."), today)
        reminders -= unassigned
        emails = reminders.filtered(lambda reminder: reminder._email_step())
        for reminder, problem in emails._unreachable().items():
            reminder._hold(problem, today, offer_letter=True)
            reminders -= reminder
            emails -= reminder
        if not reminders:
            return reminders
        self._ensure_portal_tokens(emails.log_ids.move_id)  # for the payment links
        failed = self.browse()
        for (template, company), batch in emails.grouped(
                lambda reminder: (reminder._email_step().mail_template_id, reminder.company_id)).items():
            try:
                with self.env.cr.savepoint():
                    batch._send_emails(template, company)
            except UserError as error:
                # A template that does not render stops its own reminders only:
                # they stay to do, with why, and the rest of the run goes on.
                _logger.warning("Payment reminders: template %s failed: %s", template.name, error)
                batch._hold(error, today)
                failed |= batch
        reminders -= failed
        reminders._create_activities(today)
        holding = reminders.filtered(lambda reminder: any(reminder._steps().mapped("credit_hold")))
        for company, company_reminders in holding.grouped("company_id").items():
            # a hold in the reminder's company only (a customer has one per company)
            company_reminders.partner_id.with_company(company).filtered(
                lambda partner: not partner.o2c_credit_hold).write({"o2c_credit_hold": True})
        # (those the run made are flagged already)
        reminders.filtered(lambda reminder: not reminder.to_print and any(reminder._steps().mapped("print_letter"))
                           ).write({"to_print": True})
        return reminders

    def _mail_failed(self, reason):
        """The mail queue could not deliver the email of these reminders (a
        refusal by the server, a bounce): back on the worklist, visibly."""
        error = self.env._("The email was not delivered: %s", reason)
        reminders = self.filtered(lambda reminder: reminder.state == "sent")
        reminders.write({"state": "to_send", "error": error[:500], "retry": False, "sent_date": False,
                         "sent_by_id": False})
        reminders._message_log_batch(bodies=dict.fromkeys(reminders.ids, error))

    def _message_receive_bounce(self, email, partner):
        self._mail_failed(self.env._("%s bounced", email))
        return super()._message_receive_bounce(email, partner)

    def _ensure_portal_tokens(self, moves):
        missing = moves.filtered(lambda move: not move.access_token)
        if missing:
            self.env.cr.execute(
                "UPDATE account_move SET access_token = gen_random_uuid()::text "
                "WHERE id = ANY(%s) AND access_token IS NULL", [missing.ids])
            missing.invalidate_recordset(["access_token"])
            missing.fetch(["access_token"])  # that field only, not all of account.move's

    def _send_emails(self, template, company):
        test_address = company.o2c_dunning_test_mode and company.o2c_dunning_test_email
        email_values = {"recipient_ids": [], "email_to": test_address} if test_address else {}
        template = template.with_context(o2c_dunning_test=bool(test_address))
        if template.email_layout_xmlid or not self._fast_mail_path():
            # Odoo's own path, which wraps each body in the layout (and goes through
            # the modules that override the creation of emails).
            mails = template.send_mail_batch(self.ids, email_values=email_values or None)
            # the company of the reminders, as message_post gives it (send_mail_batch leaves it empty)
            mails.mail_message_id.write({"record_company_id": company.id})
            message_of = {mail.res_id: mail.mail_message_id.id for mail in mails}
        else:
            message_of = self._queue_emails(template, email_values)
        links = []
        for reminder in self:
            if reminder.id in message_of:
                pdfs = reminder.open_log_ids.move_id.invoice_pdf_report_id
                links += [(message_of[reminder.id], attachment.id) for attachment in pdfs]
        self._link_attachments(links)
        if test_address:
            self.write({"test_mode": True})

    def _queue_emails(self, template, email_values):
        """The emails of ``template`` for the reminders of ``self``, in the
        mail queue: what ``send_mail_batch`` makes (same rendering, same
        recipients, same mail.mail), but its mail.message and mail.mail rows
        are written in one query each per batch instead of one ORM create
        per email, which sanitizes the whole body again twice. The bodies
        come from the template, as the email that leaves does. Returns
        {reminder id: its email's message id}."""
        Mail = self.env["mail.mail"].sudo()
        author = self.env.user.partner_id
        message_of = {}
        for chunk in split_every(500, self.ids, self.browse):
            rendered = template._generate_template(chunk.ids, RENDER_FIELDS)
            missing_reply_to = self.browse([res_id for res_id in chunk.ids if not rendered[res_id].get("reply_to")])
            default_reply_to = missing_reply_to._notify_get_reply_to() if missing_reply_to else {}
            rows, mail_rows, report_attachments = [], [], []
            for reminder in chunk:
                values = rendered[reminder.id]
                rows.append({
                    "model": self._name, "res_id": reminder.id, "record_name": reminder.name,
                    "record_company_id": reminder.company_id.id,
                    "record_alias_domain_id": reminder.company_id.alias_domain_id.id or None,
                    "message_type": "email_outgoing", "author_id": author.id,
                    "email_from": values.get("email_from") or author.email_formatted,
                    "reply_to": values.get("reply_to") or default_reply_to.get(reminder.id),
                    "subject": values.get("subject"), "body": values.get("body_html") or "",
                    "mail_server_id": values.get("mail_server_id") or None,
                })
                scheduled = values.get("scheduled_date")
                scheduled = scheduled and Mail._parse_scheduled_datetime(scheduled)  # as mail.mail's create
                mail_rows.append(dict({
                    "body_html": values.get("body_html") or "", "email_to": values.get("email_to"),
                    "email_cc": values.get("email_cc"), "auto_delete": bool(values.get("auto_delete")),
                    "scheduled_date": scheduled.replace(tzinfo=None) if scheduled else None,
                    "recipient_ids": values.get("partner_ids") or [],
                }, **email_values))
                report_attachments.append((values.get("attachment_ids") or [], values.get("attachments") or []))
            message_ids = self._insert_messages(rows)
            for values, message_id in zip(mail_rows, message_ids, strict=True):
                values["mail_message_id"] = message_id
            mail_ids = bulk_insert(self.env, "mail_mail", MAIL_COLUMNS, mail_rows,
                                   {"state": "outgoing", "is_notification": False})
            recipients = [(mail_id, partner_id) for mail_id, values in zip(mail_ids, mail_rows, strict=True)
                          for partner_id in values["recipient_ids"]]
            bulk_link(self.env, "mail_mail_res_partner_rel", ("mail_mail_id", "res_partner_id"), recipients)
            links = []
            for message_id, (attachment_ids, attachments) in zip(message_ids, report_attachments, strict=True):
                if attachments:
                    attachment_ids = attachment_ids + self.env["ir.attachment"].sudo().create([{
                        "name": name, "datas": datas, "type": "binary",
                        "res_model": "mail.message", "res_id": message_id,
                    } for name, datas in attachments]).ids
                links += [(message_id, attachment_id) for attachment_id in attachment_ids]
            self._link_attachments(links)
            message_of.update(zip(chunk.ids, message_ids, strict=True))
        return message_of

    @api.model
    def _fast_mail_path(self):
        """Whether the run may write emails and messages with one INSERT per
        table: only when no installed module other than Odoo's own mail
        overrides their creation (read from the models' method resolution
        at run time), else they go through the ORM."""
        if self.env.context.get("o2c_dunning_orm_path"):
            return False
        overrides = [module for model in ("mail.mail", "mail.message")
                     for module in bulk.foreign_overrides(type(self.env[model]))]
        if overrides:
            _logger.debug("Payment reminders: emails through the ORM (create overridden by %s).", overrides)
        return not overrides

    def _insert_messages(self, rows):
        """Create mail.message rows (chatter notes, queued emails) in one
        query (through the ORM when another module overrides their
        creation, see _fast_mail_path); returns their ids in the order of
        ``rows``. Each row gives the keys of MESSAGE_COLUMNS it has; bodies
        must be safe HTML."""
        if not rows:
            return []
        for row in rows:
            row["message_id"] = generate_tracking_message_id(f"{row['res_id']}-{row['model']}")
        if not self._fast_mail_path():
            return self.env["mail.message"].sudo().create(rows).ids
        self.env.flush_all()
        ids = bulk_insert(self.env, "mail_message", MESSAGE_COLUMNS, rows, {
            "is_internal": False, "email_add_signature": True, "date": fields.Datetime.now()})
        # the chatters of these records now have messages the cache does not know
        self.env["mail.message"].invalidate_model()
        for model in {row["model"] for row in rows}:
            self.env[model].invalidate_model(["message_ids"])
        return ids

    def _link_attachments(self, pairs):
        """Attach files to messages: [(message id, attachment id)]."""
        if pairs and not self._fast_mail_path():
            attachments = defaultdict(list)
            for message_id, attachment_id in pairs:
                attachments[message_id].append(attachment_id)
            for message_id, attachment_ids in attachments.items():
                self.env["mail.message"].sudo().browse(message_id).write(
                    {"attachment_ids": [Command.link(attachment_id) for attachment_id in attachment_ids]})
        elif pairs:
            bulk_link(self.env, "message_attachment_rel", ("message_id", "attachment_id"), pairs)
            self.env["mail.message"].invalidate_model(["attachment_ids"])

    def _activity_steps(self):
        """The steps of the reminder that make an activity (call, escalation)."""
        self.ensure_one()
        return self._steps().filtered(lambda step: step.phone_call or step.escalate)

    def _create_activities(self, today):
        """The calls and escalations of ``self``, due on the run's day."""
        call_type = self.env.ref("mail.mail_activity_data_call")
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        values, notes = [], []
        for reminders in self._by_customer_language():
            env = reminders.env  # the customer's language, for the summary and the invoices listed
            format_amount = amount_formatter(env)
            for reminder in reminders:
                for step in reminder._activity_steps():
                    logs = reminder.open_log_ids.filtered(lambda log, step=step: log.step_id == step)
                    logs = logs or reminder.open_log_ids  # (a reminder made before its invoices had their own step)
                    items, amount = reminder._items_html(logs), reminder._amount_text(format_amount, logs)
                    if step.phone_call:
                        values.append({
                            "res_model_id": model_id, "res_id": reminder.id, "activity_type_id": call_type.id,
                            "user_id": reminder.user_id.id, "date_deadline": today,
                            "summary": env._("Call %(customer)s about %(amount)s overdue",
                                             customer=reminder.partner_id.name, amount=amount),
                        })
                        notes.append(items)
                    if step.escalate:
                        values.append({
                            "res_model_id": model_id, "res_id": reminder.id, "activity_type_id": todo_type.id,
                            "user_id": reminder._escalation_user(step).id, "date_deadline": today,
                            "summary": env._("Escalation: %(customer)s, %(amount)s overdue",
                                             customer=reminder.partner_id.name, amount=amount),
                        })
                        notes.append(items)
        if not values:
            return
        activities = self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(values)
        # The notes are HTML made here from escaped values (see _items_html): written
        # in one query, as the sanitizer would store them (no-break spaces as entities),
        # rather than sanitized twice for each activity by the ORM.
        self.env.cr.execute(
            "UPDATE mail_activity SET note = data.note "
            "FROM unnest(%s::int[], %s::text[]) AS data(id, note) WHERE mail_activity.id = data.id",
            [activities.ids, [str(note).replace("\xa0", "&nbsp;") for note in notes]])
        activities.invalidate_recordset(["note"])

    def _escalation_user(self, step):
        """Who receives the escalation of ``step``: its target, else the
        reminder's responsible (never nobody: see the runner)."""
        self.ensure_one()
        target = step.escalate_to
        moves = self.open_log_ids.move_id
        if target == "legal":
            return self.company_id.o2c_dunning_legal_user_id or self.user_id
        salesperson = self.partner_id.user_id or moves.invoice_user_id[:1]
        if target == "sales_manager":
            team = self.partner_id.team_id or moves.team_id[:1]
            return team.user_id or salesperson or self.user_id
        return salesperson or self.user_id

    def _by_customer_language(self):
        """``self`` in groups of one customer language each, each group in
        that language: notes and activities are written in the language
        of the customer, as its emails are."""
        return [reminders.with_context(lang=lang) for lang, reminders in self.grouped("lang").items()]

    def _items_html(self, logs=None):
        rows = Markup("").join(
            Markup("<li>%s, %s %s, %s</li>") % (
                log.move_id.name, self.env._("due"), log.due_date_text, log.amount_due_text)  # in self's language
            for log in (self.open_log_ids if logs is None else logs))
        return Markup("<ul>%s</ul>") % rows

    def _post_on_invoices(self):
        """A note on each invoice's chatter, written in one query."""
        note = self.env.ref("mail.mt_note")
        author = self.env.user.partner_id
        rows = []
        for reminders in self._by_customer_language():
            env = reminders.env  # the customer's language (steps' names and actions too)
            for reminder in reminders:
                test_mode = Markup(" — <i>%s</i>") % env._("test mode, sent to the test address") \
                    if reminder.test_mode else ""
                reply_to = reminder.company_id.email_formatted or author.email_formatted
                for log in reminder.log_ids:
                    move = log.move_id
                    body = Markup("<p>%s <b>%s</b> (%s)%s</p>") % (  # as the ORM would sanitize it
                        env._("Payment reminder:"), log.step_id.display_name, log.step_id.summary, test_mode)
                    rows.append({
                        "model": "account.move", "res_id": move.id, "record_name": move.display_name,
                        "record_company_id": move.company_id.id,
                        "record_alias_domain_id": move.company_id.alias_domain_id.id or None,
                        "message_type": "notification", "subtype_id": note.id, "body": str(body),
                        "author_id": author.id, "email_from": author.email_formatted, "reply_to": reply_to,
                    })
        self._insert_messages(rows)
