# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One email per customer and day ("Standard": -5 email, 0 email, +7 email,
+15 call, +30 escalation, +45 formal notice)."""

from odoo.tests import tagged

from .common import O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestOneEmailPerDay(O2cDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Run on day +7: one invoice at +7 (overdue email), two at -5 (due soon email),
        # one at +15 (a call only).
        cls.overdue = cls.invoice(cls.customer, 100, due=day(0))
        cls.soon = cls.invoice(cls.customer, 200, due=day(12)) | cls.invoice(cls.customer, 300, due=day(12))
        cls.call = cls.invoice(cls.customer, 400, due=day(-8))

    def stats_by_offset(self):
        self.env.flush_all()
        stats = self.env["o2c.dunning.step.stats"]._read_group(
            [("partner_id", "=", self.customer.id)], ["step_id"], ["reached:sum"])
        return {step.offset_days: reached for step, reached in stats}

    def test_all_steps_of_the_day_make_one_email(self):
        with self.mock_mail_gateway():
            self.run_on(day(7))
        reminder = self.reminders()
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.step_id.offset_days, 15, "led by its most advanced step")
        self.assertEqual(len(self.queued), 1)
        mail = self.queued
        self.assertIn("overdue invoices", mail.subject, "in the tone of the most advanced email step (+7)")
        body = str(mail.body_html)
        self.assertIn("Overdue", body)
        self.assertIn("Due soon", body)
        self.assertLess(body.index(self.overdue.name), body.index("Due soon"))
        for move in self.soon:
            self.assertGreater(body.index(move.name), body.index("Due soon"))
        self.assertNotIn(self.call.name, body, "its step is a call, not an email")
        self.assertIn(self.company.currency_id.format(600), body.replace("&nbsp;", "\xa0"),
                      "the total of the invoices listed")
        # The call still becomes its activity, about its own invoice.
        call = reminder.activity_ids
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertIn(self.call.name, str(call.note))
        self.assertNotIn(self.overdue.name, str(call.note))
        self.assertIn(self.company.currency_id.format(400), call.summary)
        # Each invoice keeps its own step: logs, invoice notes, statistics count per invoice and step.
        self.assertEqual({log.move_id: log.offset_days for log in reminder.log_ids},
                         {self.overdue: 7, self.soon[0]: -5, self.soon[1]: -5, self.call: 15})
        self.assertIn("Courtesy reminder", str(self.soon[0].message_ids[:1].body))
        self.assertEqual(self.stats_by_offset(), {-5: 2, 7: 1, 15: 1})

    def test_a_setting_keeps_one_email_per_step(self):
        self.company.o2c_dunning_grouping = "step"
        with self.mock_mail_gateway():
            self.run_on(day(7))
        self.assertEqual(len(self.reminders()), 3)
        self.assertEqual(len(self.queued), 2)
        self.assertEqual(sorted("overdue" in mail.subject for mail in self.queued), [False, True])
        self.assertEqual(self.stats_by_offset(), {-5: 2, 7: 1, 15: 1})

    def test_a_step_that_waits_for_approval_is_not_grouped_with_the_others(self):
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        late = self.invoice(self.customer, 500, due=day(-38))  # +45 on day +7: formal notice, approval
        with self.mock_mail_gateway():
            self.run_on(day(7))
        waiting = late.o2c_dunning_log_ids.reminder_id
        self.assertEqual((waiting.state, waiting.log_ids.move_id), ("to_send", late))
        self.assertEqual(len(self.reminders()), 2)
        self.assertEqual(len(self.queued), 1)
        self.assertNotIn(late.name, str(self.queued.body_html))
