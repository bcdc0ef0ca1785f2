# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Scenario set-up mistakes get a clear error; access rights."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningScenario(O2cDunningCommon):
    def new_scenario(self, steps):
        return self.env["o2c.dunning.scenario"].create({
            "name": "Test", "company_id": self.company.id,
            "step_ids": [(0, 0, {"name": name, "offset_days": offset, "sequence": i, **actions})
                         for i, (name, offset, actions) in enumerate(steps)]})

    def test_bad_scenarios(self):
        call = {"phone_call": True}
        with self.assertRaisesRegex(ValidationError, "has no step"):
            self.new_scenario([])
        with self.assertRaisesRegex(ValidationError, "both at 7 days"):
            self.new_scenario([("a", 7, call), ("b", 7, call)])
        with self.assertRaisesRegex(ValidationError, "order the steps"):
            self.new_scenario([("a", 7, call), ("b", 0, call)])
        with self.assertRaisesRegex(ValidationError, "does nothing"):
            self.new_scenario([("a", 7, {})])
        with self.assertRaisesRegex(ValidationError, "choose its template"):
            self.new_scenario([("a", 7, {"send_email": True})])
        wrong = self.env["mail.template"].search([("model", "=", "account.move")], limit=1)
        with self.assertRaisesRegex(ValidationError, "made for account.move"):
            self.new_scenario([("a", 7, {"send_email": True, "mail_template_id": wrong.id})])
        with self.assertRaisesRegex(ValidationError, "has no step"):
            self.new_scenario([("a", 7, call)]).step_ids.unlink()
        scenario = self.new_scenario([("a", 7, call)])
        with self.assertRaisesRegex(ValidationError, "order the steps"):
            scenario.write({"step_ids": [(0, 0, {"name": "b", "offset_days": 3, "sequence": 99, **call})]})

    def test_one_scenario_per_rating(self):
        self.standard.rating = "C"
        with self.assertRaisesRegex(ValidationError, "already the scenario of customers rated C"):
            self.scenario_for(self.company, "o2c_dunning.scenario_key_account").rating = "C"

    def test_rating_scenario_applies_when_the_customer_has_none(self):
        high_risk = self.scenario_for(self.company, "o2c_dunning.scenario_high_risk")
        self.assertEqual(high_risk.rating, "D")
        self.customer.o2c_rating = "D"
        move = self.invoice(self.customer, 100)
        self.run_on(day(-10))
        self.assertEqual(move.o2c_dunning_log_ids.scenario_id, high_risk)

    def test_new_company_gets_its_own_scenarios(self):
        company = self.env["res.company"].create({"name": "Filiale"})
        scenarios = self.env["o2c.dunning.scenario"].sudo().search([("company_id", "=", company.id)])
        self.assertEqual(scenarios.mapped("name"), ["Standard", "Key account", "High risk"])
        self.assertEqual(company.o2c_dunning_scenario_id, scenarios[0])
        self.assertEqual(scenarios.mapped("rating"), [False, False, "D"])
        self.assertEqual(len(scenarios[0].step_ids), 6)
        self.assertEqual(scenarios.step_ids.company_id, company)

    def test_variant_is_not_copied(self):
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.standard.variant_id = key_account
        self.assertFalse(self.standard.copy().variant_id)
        # New companies copy the shipped scenarios, whatever A/B tests run elsewhere.
        self.env.ref("o2c_dunning.scenario_standard").sudo().variant_id = self.env.ref(
            "o2c_dunning.scenario_key_account")
        company = self.env["res.company"].create({"name": "Filiale B"})
        self.assertFalse(company.sudo().o2c_dunning_scenario_id.variant_id)

    def test_settings_errors(self):
        # The settings screen writes test mode, then the address: accepted.
        self.env["res.config.settings"].create(
            {"o2c_dunning_test_mode": True, "o2c_dunning_test_email": "qa@company.example"}).execute()
        self.assertEqual(self.company.o2c_dunning_test_email, "qa@company.example")
        # Test mode without an address: the run refuses to send.
        self.company.o2c_dunning_test_email = False
        self.invoice(self.customer, 100)
        with self.assertRaisesRegex(UserError, "no test address"):
            self.run_on(day(0))
        self.company.o2c_dunning_test_mode = False
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.o2c_dunning_promise_grace_days = -1
        move = self.invoice(self.customer, 100)
        with self.assertRaisesRegex(ValidationError, "positive amount"):
            self.env["o2c.dunning.promise"].create({"move_id": move.id, "date": day(3), "amount": 0})

    def test_settings_require_a_fallback_responsible(self):
        # "Standard" plans a call and an escalation: someone must take those nobody follows.
        self.assertTrue(self.company.o2c_dunning_fallback_user_id, "set when the company was made")
        self.company.o2c_dunning_fallback_user_id = False
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.o2c_dunning_needs_fallback)
        with self.assertRaisesRegex(ValidationError, "choose a fallback responsible"):
            settings.execute()
        self.env["res.config.settings"].create({"o2c_dunning_fallback_user_id": self.env.user.id}).execute()
        self.assertEqual(self.company.o2c_dunning_fallback_user_id, self.env.user)

    def test_access(self):
        collector = new_test_user(self.env, "collector", groups="account.group_account_invoice",
                                  company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])
        salesman = new_test_user(self.env, "seller", groups="sales_team.group_sale_salesman",
                                 company_id=self.company.id, company_ids=[(6, 0, self.company.ids)])
        self.invoice(self.customer, 100)
        # A collector runs and reads, but does not edit scenarios.
        self.Runner.with_user(collector).run_now(companies=self.company, today=day(0))
        self.assertEqual(len(self.reminders().with_user(collector)), 1)
        with self.assertRaises(AccessError):
            self.standard.with_user(collector).name = "Mine"
        with self.assertRaises(UserError):
            self.Runner.with_user(salesman).run_now(companies=self.company, today=day(7))
        # A salesman sees reminders but cannot send one.
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = key_account
        self.run_on(day(45))
        waiting = self.reminders().filtered(lambda reminder: reminder.state == "to_send")
        with self.assertRaises(AccessError):
            waiting.with_user(salesman).action_send_now()
        with self.assertRaises(AccessError):  # needs approval: not a collector's to send nor to skip
            waiting.with_user(collector).action_send_now()
        with self.assertRaises(AccessError):
            self.env["o2c.dunning.skip.wizard"].with_user(collector).create(
                {"reminder_ids": waiting.ids, "mode": "skip", "reason": "no"}).action_confirm()
        # Other company's reminders are invisible.
        other = self.setup_other_company()["company"]
        foreign = self.env["o2c.dunning.reminder"].search([]).with_user(collector).search(
            [("company_id", "=", other.id)])
        self.assertFalse(foreign)
