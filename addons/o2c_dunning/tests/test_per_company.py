# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Per company: the collector and the credit hold of a customer, the
ir.default fallbacks of its company-dependent values; and the customer's
language for what the run writes on invoices and activities."""

from odoo.tests import new_test_user, tagged

from .common import O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestPerCompany(O2cDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company()["company"]
        companies = cls.company | cls.other
        cls.alice, cls.bob = (
            new_test_user(cls.env, login, groups="account.group_account_invoice", company_id=cls.company.id,
                          company_ids=[(6, 0, companies.ids)])
            for login in ("alice-collector", "bob-collector"))

    def test_collector_and_credit_hold_per_company(self):
        self.customer.with_company(self.company).o2c_dunning_collector_id = self.alice
        self.customer.with_company(self.other).o2c_dunning_collector_id = self.bob
        # "High risk" calls and puts the customer on credit hold at +7; in the first company only.
        high_risk = self.scenario_for(self.company, "o2c_dunning.scenario_high_risk")
        self.customer.with_company(self.company).o2c_dunning_scenario_id = high_risk
        mine = self.invoice(self.customer, 100)
        theirs = self.invoice(self.customer, 100, company=self.other)
        self.run_on(day(7), companies=self.company | self.other)
        self.assertEqual(mine.o2c_dunning_log_ids.reminder_id.user_id, self.alice)
        self.assertEqual(mine.o2c_dunning_log_ids.reminder_id.activity_ids.user_id, self.alice)
        self.assertEqual(theirs.o2c_dunning_log_ids.reminder_id.user_id, self.bob)
        self.assertTrue(self.customer.with_company(self.company).o2c_credit_hold)
        self.assertFalse(self.customer.with_company(self.other).o2c_credit_hold)
        # Quotations warn in the company of the hold only.
        orders = self.env["sale.order"].create([
            {"partner_id": self.customer.id, "company_id": company.id} for company in (self.company, self.other)])
        self.assertEqual(orders.mapped("o2c_partner_credit_hold"), [True, False])
        self.assertTrue(orders[0]._onchange_partner_id_o2c_credit())
        self.assertFalse(orders[1]._onchange_partner_id_o2c_credit())

    def test_the_run_honours_ir_default_fallbacks(self):
        # In this company, customers are not reminded unless said otherwise, and follow "Key account".
        key_account = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        IrDefault = self.env["ir.default"].sudo()
        IrDefault.set("res.partner", "o2c_dunning_excluded", True, company_id=self.company.id)
        IrDefault.set("res.partner", "o2c_dunning_scenario_id", key_account.id, company_id=self.company.id)
        reminded = self.env["res.partner"].create({"name": "Reminded all the same", "email": "ap@r.example"})
        reminded.with_company(self.company).o2c_dunning_excluded = False
        excluded, kept = self.invoice(self.customer, 100), self.invoice(reminded, 100)
        self.assertTrue(self.customer.with_company(self.company).o2c_dunning_excluded, "as the ORM reads it")
        self.run_on(day(0))
        self.assertFalse(excluded.o2c_dunning_log_ids)
        self.assertEqual(kept.o2c_dunning_log_ids.scenario_id, key_account)
        # The fallbacks of one company are not another's.
        theirs = self.invoice(self.customer, 100, company=self.other)
        self.run_on(day(0), companies=self.other)
        self.assertEqual(theirs.o2c_dunning_log_ids.scenario_id, self.scenario_for(self.other))

    def test_notes_and_activities_in_the_customer_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search([("name", "=", "o2c_dunning")])._update_translations("fr_FR")
        self.customer.lang = "fr_FR"
        english = self.env["res.partner"].create({"name": "English customer", "email": "ap@en.example",
                                                  "lang": "en_US"})
        move, other = self.invoice(self.customer, 100), self.invoice(english, 100)
        self.run_on(day(15))  # the call step
        call = move.o2c_dunning_log_ids.reminder_id.activity_ids
        self.assertTrue(call.summary.startswith("Appeler Late Payer"), call.summary)
        self.assertIn("échéance", str(call.note))
        self.assertIn("Relance de paiement", str(move.message_ids[:1].body))
        self.assertTrue(other.o2c_dunning_log_ids.reminder_id.activity_ids.summary.startswith("Call English"))
        self.assertIn("Payment reminder", str(other.message_ids[:1].body))
