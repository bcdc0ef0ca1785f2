# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The daily run on a hand-built calendar. "Standard": -5 email, 0 email,
+7 email, +15 call, +30 escalation, +45 formal notice (email + letter);
invoices due on 10 March 2026 (DUE)."""

from datetime import date
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.sql_db import db_connect
from odoo.tests import tagged
from odoo.tools.misc import format_amount as format_amount_odoo
from odoo.tools.misc import format_date

from ..models.o2c_dunning_log import amount_formatter
from ..models.o2c_dunning_reminder import O2cDunningReminder
from ..models.o2c_dunning_runner import RUN_LOCK
from .common import DUE, O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningRun(O2cDunningCommon):
    def test_one_invoice_day_by_day_through_standard(self):
        move = self.invoice(self.customer, 1000)
        with self.mock_mail_gateway():
            for offset in range(-10, 51):
                self.run_on(day(offset))
        # Each step once, on its own day.
        self.assertEqual(self.executed(move), {-5: -5, 0: 0, 7: 7, 15: 15, 30: 30, 45: 45})
        reminders = self.reminders()
        self.assertEqual(reminders.mapped("channel"), ["email", "email", "email", "call", "internal", "email"])
        self.assertEqual(set(reminders.mapped("state")), {"sent"})
        # Four emails (-5, 0, +7, +45), to the customer, in the queue; none sent by SMTP.
        mails = self.queued.filtered(lambda mail: mail.model == "o2c.dunning.reminder")
        self.assertEqual(len(mails), 4)
        self.assertEqual(mails.recipient_ids, self.customer)
        self.assertFalse(self._mails, "a reminder run only queues emails")
        self.assertIn("due soon", mails[0].subject)
        self.assertIn(move.name, str(mails[0].body_html))
        self.assertIn("L441-10", str(mails[3].body_html))
        # +15: a call for the collector; +30: a to-do for the salesperson (here the admin fallback).
        call = reminders[3].activity_ids
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn(move.name, str(call.note))
        self.assertEqual(reminders[4].activity_ids.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        # +45: the formal notice is also a letter to print.
        self.assertTrue(reminders[5].to_print)
        self.assertEqual(reminders.log_ids.mapped("residual"), [1000.0] * 6)
        # The invoice's chatter says so, once per step.
        notes = move.message_ids.filtered(lambda message: "Payment reminder" in str(message.body))
        self.assertEqual(len(notes), 6)

    def test_paid_after_the_first_step_stops(self):
        move = self.invoice(self.customer, 1000)
        self.run_on(day(-5))
        self.pay(move, day(-2))
        for offset in (0, 7, 15, 30, 45):
            self.run_on(day(offset))
        self.assertEqual(self.executed(move), {-5: -5})

    def test_partial_payment_continues_on_the_residual(self):
        move = self.invoice(self.customer, 1000)
        self.run_on(day(0))
        self.pay(move, day(3), 400)
        self.run_on(day(7))
        # Step +7 runs, on the 600 left.
        self.assertEqual(self.executed(move), {0: 0, 7: 7})
        self.assertEqual(move.o2c_dunning_log_ids.sorted("offset_days").mapped("residual"), [1000.0, 600.0])

    def test_dispute_pauses_until_resolved(self):
        move = self.invoice(self.customer, 1000)
        self.run_on(day(0))
        dispute = self.env["o2c.dunning.dispute"].create({"move_id": move.id, "reason": "service"})
        self.assertEqual(move.o2c_dunning_paused, "dispute")
        self.run_on(day(7))
        self.assertEqual(self.executed(move), {0: 0})
        dispute.action_resolve()
        # Resolved on day +16: the latest due step (+15) runs, not +7 then +15.
        self.run_on(day(16))
        self.assertEqual(self.executed(move), {0: 0, 16: 15})

    def test_promise_kept(self):
        self.company.o2c_dunning_promise_grace_days = 3
        move = self.invoice(self.customer, 1000)
        self.run_on(day(7))
        promise = self.env["o2c.dunning.promise"].create({"move_id": move.id, "date": day(12), "amount": 1000})
        self.run_on(day(15))  # paused until 12 + 3 days of grace = day +15
        self.assertEqual(self.executed(move), {7: 7})
        self.pay(move, day(14))
        self.run_on(day(16))
        self.assertEqual(promise.state, "kept")
        self.assertEqual(self.executed(move), {7: 7})

    def test_promise_broken(self):
        self.company.o2c_dunning_promise_grace_days = 3
        move = self.invoice(self.customer, 1000)
        self.run_on(day(7))
        promise = self.env["o2c.dunning.promise"].create({"move_id": move.id, "date": day(12), "amount": 500})
        self.pay(move, day(12), 200)  # 200 of the 500 promised
        self.run_on(day(15))
        self.assertEqual(promise.state, "open")
        self.assertEqual(self.executed(move), {7: 7})
        self.run_on(day(16))  # grace over: broken, reminders resume at the current step (+15)
        self.assertEqual(promise.state, "broken")
        self.assertEqual(self.executed(move), {7: 7, 16: 15})

    def test_three_invoices_one_email_or_three(self):
        moves = [self.invoice(self.customer, amount) for amount in (100, 200, 300)]
        with self.mock_mail_gateway():
            self.run_on(day(0))
        reminder = self.reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.log_ids.move_id, moves[0] | moves[1] | moves[2])
        self.assertEqual(len(self.queued), 1)
        body = str(self.queued.body_html)
        self.assertTrue(all(move.name in body for move in moves))
        self.assertEqual(reminder.amount_text, self.company.currency_id.format(600))
        # Per-invoice emails: three at the next step.
        self.company.o2c_dunning_grouping = "invoice"
        with self.mock_mail_gateway():
            self.run_on(day(7))
        self.assertEqual(len(self.queued), 3)

    def test_catch_up_after_ten_days_without_runs(self):
        move = self.invoice(self.customer, 1000)
        self.run_on(day(-5))
        # No run from day -4 to day +7; on day +8 only +7 runs (not 0 then +7).
        with self.mock_mail_gateway():
            self.run_on(day(8))
        self.assertEqual(self.executed(move), {-5: -5, 8: 7})
        self.assertEqual(len(self.queued), 1)

    def test_crash_halfway_then_rerun_sends_each_email_once(self):
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(3)])
        for customer in customers:
            self.invoice(customer, 100)
        send = O2cDunningReminder._send_as_made
        calls = []

        class Killed(BaseException):
            """The worker killed halfway (not an error of one customer, which the run survives)."""

        def crash_on_second_batch(reminders, today):
            calls.append(reminders)
            if len(calls) == 2:
                raise Killed()
            return send(reminders, today)

        # One customer per batch: the second batch crashes after its logs were created.
        # (not assertRaises: it would roll back the first batch too, which a real crash keeps)
        with self.mock_mail_gateway(), patch.object(O2cDunningReminder, "_send_as_made", crash_on_second_batch):
            try:
                self.run_on(day(0), batch_size=1)
            except Killed:
                pass
            else:
                self.fail("the second batch should have crashed")
        self.assertEqual(self.env["o2c.dunning.log"].search_count([("partner_id", "in", customers.ids)]), 1)
        sent_first = self.queued
        self.assertEqual(len(sent_first), 1, "the crashed batch's email was rolled back with it")
        with self.mock_mail_gateway():
            self.run_on(day(0), batch_size=1)
            self.run_on(day(0), batch_size=1)  # and once more: nothing left
        self.assertEqual(len(self.queued), 2)
        mails = self.env["mail.mail"].search([("model", "=", "o2c.dunning.reminder")])
        self.assertEqual(sorted(mails.recipient_ids.ids), sorted(customers.ids))

    def test_a_second_run_waits_for_the_first(self):
        self.invoice(self.customer, 100)
        other = db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute("SELECT pg_advisory_xact_lock(%s)", [RUN_LOCK])
            with self.assertRaisesRegex(UserError, "already in progress"):
                self.run_on(day(0))
        finally:
            other.rollback()
            other.close()
        self.run_on(day(0))
        self.assertEqual(len(self.reminders()), 1)

    def test_two_companies_each_with_its_own_scenario(self):
        other = self.setup_other_company()["company"]
        other_scenario = self.scenario_for(other, "o2c_dunning.scenario_high_risk")
        other.o2c_dunning_scenario_id = other_scenario
        # In the first company the customer follows "Key account"; in the other, nothing set.
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        mine = self.invoice(self.customer, 100)
        theirs = self.invoice(self.customer, 100, company=other)
        self.run_on(day(-3), companies=self.company | other)
        # Key account's first step is -7 (run on -3: it is the latest due);
        # High risk in the other company is at -3 (call before the due date).
        self.assertEqual(mine.o2c_dunning_log_ids.step_id.scenario_id, key_account)
        self.assertEqual(theirs.o2c_dunning_log_ids.step_id.scenario_id, other_scenario)
        self.assertEqual(theirs.o2c_dunning_log_ids.offset_days, -3)
        self.assertEqual(theirs.o2c_dunning_log_ids.reminder_id.company_id, other)

    def test_excluded_customer_gets_nothing(self):
        move = self.invoice(self.customer, 100)
        self.customer.with_company(self.company).write(
            {"o2c_dunning_excluded": True, "o2c_dunning_exclusion_reason": "Public body, pays by mandate"})
        self.assertEqual(move.o2c_dunning_paused, "excluded")
        self.run_on(day(7))
        self.assertFalse(move.o2c_dunning_log_ids)

    def test_test_mode_sends_to_the_test_address(self):
        self.company.write({"o2c_dunning_test_mode": True, "o2c_dunning_test_email": "qa@company.example"})
        move = self.invoice(self.customer, 100)
        with self.mock_mail_gateway():
            self.run_on(day(0))
        self.assertEqual(len(self.queued), 1)
        self.assertEqual(self.queued.email_to, "qa@company.example")
        self.assertFalse(self.queued.recipient_ids)
        self.assertTrue(move.o2c_dunning_log_ids.test_mode)
        self.assertTrue(self.reminders().test_mode)

    def test_review_step_waits_in_the_worklist(self):
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        self.invoice(self.customer, 100)
        with self.mock_mail_gateway():
            self.run_on(day(45))  # formal notice, approved by a manager
        reminder = self.reminders()
        self.assertEqual((reminder.state, len(self.queued)), ("to_send", 0))
        self.assertIn("L441-10", str(reminder.preview))
        with self.mock_mail_gateway():
            reminder.action_send_now()
        self.assertEqual((reminder.state, len(self.queued)), ("sent", 1))
        with self.assertRaises(UserError):
            reminder.action_send_now()

    def test_approval_is_never_automatic(self):
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        notice = key_account.step_ids.filtered("manager_approval")
        notice.auto_send = True  # ticked by mistake: approval still wins
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        self.invoice(self.customer, 100)
        self.run_on(day(45))
        self.assertEqual(self.reminders().state, "to_send")

    def test_daily_job_assigns_people_not_the_superuser(self):
        # Nobody set as collector: the reminder and its call go to the invoice's salesperson,
        # without an "assigned to you" email for each.
        seller = self.env["res.users"].create({"name": "Seller", "login": "seller-dunning",
                                               "email": "seller@company.example",
                                               "company_id": self.company.id,
                                               "company_ids": [(6, 0, self.company.ids)]})
        move = self.invoice(self.customer, 100, due=DUE)
        move.invoice_user_id = seller
        with self.mock_mail_gateway():
            # what the daily job runs, as its superuser
            self.Runner.with_context(tracking_disable=False)._run_batch(
                self.company, day(15), self.env.ref("base.user_root"))
        reminder = self.reminders()
        self.assertEqual(reminder.user_id, seller)
        self.assertEqual(reminder.activity_ids.user_id, seller)
        self.assertFalse(self.queued, "no email for a call step, no assignment email")

    def test_skip_and_snooze_from_the_worklist(self):
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        self.invoice(self.customer, 100)
        self.run_on(day(45))
        reminder = self.reminders()
        Wizard = self.env["o2c.dunning.skip.wizard"].with_context(
            active_model="o2c.dunning.reminder", active_ids=reminder.ids)
        with self.assertRaisesRegex(UserError, "Say why"):
            Wizard.create({"mode": "skip"}).action_confirm()
        Wizard.create({"mode": "snooze", "snooze_until": "2099-01-01"}).action_confirm()
        self.assertEqual(str(reminder.snoozed_until), "2099-01-01")
        Wizard.create({"mode": "skip", "reason": "Paid by cheque, in the mail"}).action_confirm()
        self.assertEqual(reminder.state, "skipped")

    def test_french_customer_gets_french_email(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "o2c_dunning")])._update_translations("fr_FR")
        self.customer.lang = "fr_FR"
        self.invoice(self.customer, 100)
        with self.mock_mail_gateway():
            self.run_on(day(7))
        body = str(self.queued.body_html)
        for french in ("Bonjour", "Sauf erreur de notre part", "Voir et payer", "Total dû"):
            self.assertIn(french, body)

    def test_a_run_for_another_day_dates_what_it_writes_on_that_day(self):
        self.assertLess(day(20), date.today(), "runs made for days other than the machine's")
        self.invoice(self.customer, 300)
        silent = self.env["res.partner"].create({"name": "No address yet"})
        self.invoice(silent, 200)
        self.run_on(day(7))
        sent, held = self.reminders(), self.reminders(silent)
        self.assertEqual((sent.sent_date.date(), sent.predicted_date), (day(7), day(7)))
        self.assertEqual((held.state, held.tried_on), ("to_send", day(7)))
        silent.email = "ap@silent.example"
        self.run_on(day(8))  # tried again, and sent, on day +8
        self.assertEqual((held.state, held.sent_date.date()), ("sent", day(8)))
        self.run_on(day(15))
        call = self.reminders()[-1]
        self.assertEqual(call.step_id.offset_days, 15)
        self.assertEqual(call.activity_ids.date_deadline, day(15))
        self.assertEqual((call.date, call.sent_date.date(), call.predicted_date), (day(15), day(15), day(15)))

    def test_due_date_is_kept(self):
        self.assertEqual(self.invoice(self.customer, 100).invoice_date_due, DUE)


@tagged("post_install", "-at_install")
class TestDunningTemplates(O2cDunningCommon):
    def test_every_step_renders_in_english_and_french(self):
        """Each shipped template, and the printed letter, for every step of
        the three scenarios, in both languages, on a real reminder."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "o2c_dunning")])._update_translations("fr_FR")
        move = self.invoice(self.customer, 1234.5)
        self.run_on(day(0))
        reminder = self.reminders()
        steps = self.env["o2c.dunning.scenario"].search([("company_id", "=", self.company.id)]).step_ids
        report = self.env["ir.actions.report"]
        words = {"en_US": ("Dear", "Total due"), "fr_FR": ("Bonjour", "Total dû")}
        rendered = 0
        for step in steps:
            for lang, (hello, total) in words.items():
                template = step.mail_template_id.with_context(lang=lang)
                if template:
                    body = template._render_field("body_html", reminder.ids)[reminder.id]
                    subject = template._render_field("subject", reminder.ids)[reminder.id]
                    self.assertIn(hello, body)
                    self.assertIn(total, body)
                    self.assertIn(move.name, body)
                    self.assertIn(self.company.name, subject)
                    rendered += 1
                if step.print_letter:
                    html = report.with_context(lang=lang)._render_qweb_html(
                        "o2c_dunning.report_o2c_dunning_reminder", reminder.ids)[0].decode()
                    self.assertIn(move.name, html)
        # 3 scenarios of 4 email steps each (Standard -5, 0, +7, +45; Key account -7, 0, +10, +45;
        # High risk -10, 0, +3, +21), in 2 languages.
        self.assertEqual(rendered, 24)
        formal = self.env.ref("o2c_dunning.mail_template_o2c_dunning_formal_notice").with_context(lang="fr_FR")
        self.assertIn("L441-10 du Code de commerce", formal._render_field("body_html", reminder.ids)[reminder.id])


@tagged("post_install", "-at_install")
class TestDunningBrokenTemplate(O2cDunningCommon):
    def test_a_template_that_does_not_render_stops_only_its_reminders(self):
        broken = self.env["mail.template"].create({
            "name": "Broken", "model_id": self.env["ir.model"]._get_id("o2c.dunning.reminder"),
            "subject": "Reminder", "body_html": '<p t-out="object.no_such_field"/>'})
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        key_account.step_ids.filtered(lambda step: step.offset_days == 0).mail_template_id = broken
        other = self.env["res.partner"].create({"name": "Fine customer", "email": "fine@example.com"})
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        self.invoice(self.customer, 100)
        self.invoice(other, 100)
        with self.mock_mail_gateway():
            # with tracking on, as the daily job runs
            runner = self.Runner.with_context(tracking_disable=False, mail_notrack=False)
            runner.run_now(companies=self.company, today=day(0))
        # The other customer got its email; the broken one waits in the worklist, with why.
        self.assertEqual(self.queued.recipient_ids, other)
        self.assertEqual(self.reminders(other).state, "sent")
        stuck = self.reminders()
        self.assertEqual(stuck.state, "to_send")
        self.assertTrue(stuck.error)
        self.assertFalse(stuck.sent_date or stuck.sent_by_id, "back in the worklist, not sent")
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking notes are written at commit
        self.assertFalse(stuck.message_ids.tracking_value_ids, "never sent: no Done → To Do note")
        # Once the template is mended, the collector sends it.
        broken.body_html = "<p>Dear customer</p>"
        with self.mock_mail_gateway():
            stuck.action_send_now()
        self.assertEqual((stuck.state, stuck.error, len(self.queued)), ("sent", False, 1))


@tagged("post_install", "-at_install")
class TestDunningFastPaths(O2cDunningCommon):
    """The run's batch shortcuts give what Odoo's own one-by-one paths give."""

    def test_amounts_and_dates_as_odoo_formats_them(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        move = self.invoice(self.customer, 1234567.89)
        log_date = move.invoice_date_due
        for lang in ("en_US", "fr_FR"):
            env = self.env(context=dict(self.env.context, lang=lang))
            format_amount = amount_formatter(env)
            for currency in (usd, eur):  # symbol before, after
                for amount in (0, 1234567.891, -42.5, 0.005, 7):
                    self.assertEqual(format_amount(amount, currency), format_amount_odoo(env, amount, currency),
                                     f"{amount} {currency.name} {lang}")
        self.run_on(day(0))
        for lang in ("en_US", "fr_FR"):
            log = move.o2c_dunning_log_ids.with_context(lang=lang)
            env = log.env
            self.assertEqual(log.due_date_text, format_date(env, log_date))
            self.assertEqual(log.amount_due_text, format_amount_odoo(env, 1234567.89, move.currency_id))

    def test_bodies_rendered_in_batch_as_one_by_one(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        others = self.env["res.partner"].create([
            {"name": "Client français", "email": "fr@example.com", "lang": "fr_FR"},
            {"name": "Third <b>customer</b>", "email": "third@example.com"}])
        for partner in self.customer | others:
            self.invoice(partner, 250)
        template = self.env.ref("o2c_dunning.mail_template_o2c_dunning_due")
        reminders = self.env["o2c.dunning.reminder"].browse()
        with patch.object(O2cDunningReminder, "_send_as_made", autospec=True) as send:
            self.run_on(day(0))
            reminders = send.call_args[0][0]
        self.assertEqual(len(reminders), 3)
        for lang in ("en_US", "fr_FR"):
            batch = template.with_context(lang=lang)._render_field("body_html", reminders.ids)
            for reminder in reminders:
                # a single record goes through Odoo's own loop
                alone = template.with_context(lang=lang)._render_field("body_html", reminder.ids)
                self.assertEqual(batch[reminder.id], alone[reminder.id])
        self.assertIn("Third &lt;b&gt;customer&lt;/b&gt;", batch[reminders[2].id], "escaped as Odoo does")
        # and the inline fields (subject, addresses, recipient, language)
        for field in ("subject", "email_from", "reply_to", "partner_to", "lang"):
            batch = template._render_field(field, reminders.ids)
            for reminder in reminders:
                self.assertEqual(batch[reminder.id], template._render_field(field, reminder.ids)[reminder.id], field)
        self.assertEqual(template._render_field("lang", reminders.ids)[reminders[1].id], "fr_FR")
        # an expression that fails is a clear error, as in Odoo's loop
        template.email_from = "{{ object.partner_id.no_such_field }}"
        with self.assertRaises(UserError):
            template._render_field("email_from", reminders.ids)

    def test_queued_email_as_send_mail_batch_makes_it(self):
        move = self.invoice(self.customer, 300)
        pdf = self.env["ir.attachment"].create({
            "name": "invoice.pdf", "raw": b"%PDF-1.4 test", "res_model": "account.move", "res_id": move.id,
            "res_field": "invoice_pdf_report_file"})
        move.invalidate_recordset(["invoice_pdf_report_id"])
        self.assertEqual(move.invoice_pdf_report_id, pdf)
        self.invoice(self.customer, 200)
        with self.mock_mail_gateway():
            self.run_on(day(0))
        reminder = self.reminders()
        mail = self.queued
        self.assertEqual(len(mail), 1)
        # What Odoo's send_mail_batch makes for the same reminder, compared field by field.
        reference = reminder.step_id.mail_template_id.send_mail_batch(reminder.ids)
        for field in ("model", "res_id", "subject", "email_from", "reply_to", "recipient_ids", "body_html",
                      "email_to", "email_cc", "auto_delete", "message_type", "record_name", "is_notification",
                      "state", "author_id", "mail_server_id", "scheduled_date", "headers", "references",
                      "failure_type", "fetchmail_server_id"):
            self.assertEqual(mail[field], reference[field], field)
        # and the company of the reminder, as message_post gives it (send_mail_batch leaves it empty)
        self.assertEqual(mail.record_company_id, self.company)
        self.assertEqual(str(mail.body), str(reference.body))
        self.assertTrue(mail.message_id.startswith("<") and mail.message_id != reference.message_id)
        self.assertEqual(mail.attachment_ids, pdf, "the invoice PDF goes with the email")
        self.assertIn(mail.mail_message_id, reminder.message_ids, "the email is on the reminder's chatter")

    def test_invoice_notes_and_logs(self):
        move = self.invoice(self.customer, 300)
        self.run_on(day(7))
        note = move.message_ids.filtered(lambda message: "Payment reminder" in str(message.body))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.message_type, "notification")
        self.assertEqual(note.record_name, move.display_name)
        self.assertEqual(note.author_id, self.env.user.partner_id)
        self.assertEqual(note.record_company_id, self.company)
        self.assertTrue(note.message_id)
        log = move.o2c_dunning_log_ids
        step = self.standard.step_ids.filtered(lambda s: s.offset_days == 7)
        self.assertEqual((log.step_id, log.scenario_id, log.offset_days, log.residual), (step, self.standard, 7, 300))
        self.assertEqual((log.create_uid, log.reminder_id.scenario_id), (self.env.user, self.standard))
        self.assertEqual(log.reminder_id.name, f"Late Payer · {step.display_name}")
        self.assertEqual((log.channel, log.state), ("email", "sent"))
        reminder = log.reminder_id
        self.assertEqual((reminder.sent_by_id, reminder.to_print, reminder.error), (self.env.user, False, False))
        self.assertTrue(reminder.sent_date)

    def test_call_note_as_the_orm_stores_it(self):
        # +15 is the "Standard" call step: one activity whose note lists both invoices.
        moves = self.invoice(self.customer, 300) | self.invoice(self.customer, 120)
        self.run_on(day(15))
        reminder = self.reminders()
        call = reminder.activity_ids
        self.assertEqual(len(call), 1)
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        # Written in one query: the same HTML as the ORM stores (sanitized) for the same note.
        reference = self.env["mail.activity"].create({
            "res_model_id": call.res_model_id.id, "res_id": reminder.id, "activity_type_id": call.activity_type_id.id,
            "note": reminder._items_html()})
        call.invalidate_recordset()
        reference.invalidate_recordset()
        self.assertEqual(str(call.note), str(reference.note))
        for move in moves:
            self.assertIn(move.name, str(call.note))
        summary = f"Call Late Payer about {reminder.amount_text} overdue"
        self.assertEqual((call.res_name, call.res_model, call.summary),
                         (reminder.display_name, reminder._name, summary))
