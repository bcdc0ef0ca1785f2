# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from ..engine import quality as quality_engine
from .common import O2cPipelineCommon


@tagged("post_install", "-at_install")
class TestQualityGate(O2cPipelineCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({
            "street": "2 rue de Brest", "city": "Rennes", "zip": "35000",
            "country_id": cls.env.ref("base.fr").id, "email": "compta@armor.example", "is_company": True,
            "vat": "FR23334175221",
        })
        cls.terms_30 = cls.env["account.payment.term"].create({
            "name": "30 days", "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})],
        })

    def set_modes(self, tolerance=1.0, **modes):
        """Every rule off but those given."""
        values = {f"o2c_quality_{rule}": "off" for rule in quality_engine.RULES}
        values.update({f"o2c_quality_{rule}": mode for rule, mode in modes.items()})
        values["o2c_quality_price_tolerance"] = tolerance
        self.env.company.write(values)
        self.env["account.move"].invalidate_model(["o2c_quality_state", "o2c_quality_warnings"])

    def draft(self, lines=None, day="2026-11-30", order=None):
        order = order or self.order(lines or [(self.product_manual, 2, 1200)], "2026-11-02")
        for line in order.order_line.filtered(lambda sol: sol.qty_delivered_method == "manual"):
            line.qty_delivered = line.product_uom_qty
        move = order._create_invoices()
        move.invoice_date = day
        return move

    def plain_invoice(self, amount=1000.0, day="2026-11-30", partner=None, taxes=True):
        return self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": (partner or self.customer).id, "invoice_date": day,
            "invoice_line_ids": [Command.create({
                "name": "Audit", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.set(self.tax_20.ids if taxes else [])]})],
        })

    # -- defaults ---------------------------------------------------------------------
    def test_defaults_warn_and_never_block(self):
        company = self.env["res.company"].create({"name": "Fresh Company"})
        self.assertEqual(set(company._o2c_quality_modes().values()), {"warn"})
        self.assertEqual(company.o2c_quality_price_tolerance, 1.0)
        self.env.company.write({f"o2c_quality_{rule}": "warn" for rule in quality_engine.RULES})
        self.customer.email = False
        move = self.draft()
        self.assertEqual(move.o2c_quality_state, "warn")
        self.assertIn("has no invoicing e-mail", move.o2c_quality_warnings)
        move.action_post()
        self.assertEqual(move.state, "posted")
        self.assertFalse(move.o2c_quality_state)

    # -- each rule in warn and block modes ----------------------------------------------
    def test_po_reference_required_customer(self):
        self.customer.o2c_po_required = True
        order = self.order([(self.product_manual, 1, 1200)], "2026-11-02")
        order.client_order_ref = "BC-2026-0042"
        move = self.draft(order=order)
        self.assertEqual(move.ref, "BC-2026-0042", "Odoo copies the order's reference on the invoice")
        move.ref = False
        self.set_modes(po_reference="warn")
        self.assertEqual(move.o2c_quality_state, "warn")
        self.assertIn("BC-2026-0042", move.o2c_quality_warnings)
        self.set_modes(po_reference="block")
        move.invalidate_recordset(["o2c_quality_state"])
        self.assertEqual(move.o2c_quality_state, "block")
        with self.assertRaisesRegex(UserError, "BC-2026-0042"):
            move.action_post()
        move.ref = "BC-2026-0041"
        with self.assertRaisesRegex(UserError, "is not the order's purchase-order reference"):
            move.action_post()
        move.ref = "BC-2026-0042"
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_rules_off_gather_nothing(self):
        move = self.draft()
        move.invoice_payment_term_id = False
        self.set_modes()
        self.assertEqual(move._o2c_quality_check(), {})
        self.env.flush_all()
        with self.assertQueryCount(0):
            move._o2c_quality_check()
        self.assertEqual(move.o2c_quality_state, "pass")

    def test_po_reference_not_required(self):
        self.set_modes(po_reference="block")
        move = self.draft()
        move.ref = False
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_price_drift(self):
        move = self.draft([(self.product_manual, 2, 1200)])
        move.invoice_line_ids.price_unit = 1300  # 8.33 % above the order
        self.set_modes(price_drift="warn", tolerance=5)
        self.assertEqual(move.o2c_quality_state, "warn")
        self.assertIn("1200", move.o2c_quality_warnings)
        self.set_modes(price_drift="block", tolerance=5)
        with self.assertRaisesRegex(UserError, "Training day.*differs from the order's"):
            move.action_post()
        self.set_modes(price_drift="block", tolerance=10)
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_price_drift_after_discount(self):
        order = self.order([(self.product_manual, 1, 1000)], "2026-11-02")
        order.order_line.discount = 10
        move = self.draft(order=order)
        self.set_modes(price_drift="block", tolerance=0)
        move.invoice_line_ids.write({"price_unit": 900, "discount": 0})  # same net price, said differently
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_over_invoicing_a_delivered_line(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-11-02")
        line = order.order_line
        self.timesheet(line, "2026-11-10", 5)
        self.timesheet(line, "2026-12-01", 3)  # after the invoice date: not delivered yet for it
        move = self.draft(order=order, day="2026-11-30")
        self.assertEqual(move.invoice_line_ids.quantity, 8)
        self.set_modes(over_invoicing="warn")
        self.assertEqual(move.o2c_quality_state, "warn")
        self.set_modes(over_invoicing="block")
        with self.assertRaisesRegex(UserError, "8.0 invoiced in all .0.0 already. but 5.0 delivered"):
            move.action_post()
        move.invoice_line_ids.quantity = 5
        move.action_post()
        self.assertEqual(move.state, "posted")
        # The next invoice counts what is already invoiced.
        second = order._create_invoices()
        second.invoice_date = "2026-12-01"
        second.invoice_line_ids.quantity = 4
        with self.assertRaisesRegex(UserError, "9.0 invoiced in all .5.0 already. but 8.0 delivered"):
            second.action_post()

    def test_period_in_time_and_materials_label(self):
        order = self.order([(self.product_tm, 100, 100)], "2026-11-02")
        self.timesheet(order.order_line, "2026-11-10", 5)
        move = self.draft(order=order)
        move.invoice_line_ids.name = "Consulting"
        self.set_modes(period_label="warn")
        self.assertIn("Consulting", move.o2c_quality_warnings)
        self.set_modes(period_label="block")
        with self.assertRaisesRegex(UserError, "does not say the period"):
            move.action_post()
        move.invoice_line_ids.name = "Consulting - novembre 2026"
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_customer_data(self):
        germany = self.env["res.partner"].create({
            "name": "Berlin GmbH", "is_company": True, "country_id": self.env.ref("base.de").id,
            "street": "Unter den Linden 1", "city": "Berlin", "email": "ap@berlin.example"})
        self.env.company.account_fiscal_country_id = self.env.ref("base.fr")
        move = self.plain_invoice(partner=germany, taxes=False)
        self.set_modes(customer_data="warn")
        self.assertIn("without a VAT number", move.o2c_quality_warnings)
        self.set_modes(customer_data="block")
        germany.email = False
        with self.assertRaises(UserError) as error:
            move.action_post()
        self.assertIn("without a VAT number", str(error.exception))
        self.assertIn("has no invoicing e-mail", str(error.exception))
        germany.write({"vat": "DE123456788", "email": "ap@berlin.example"})
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_payment_terms(self):
        self.customer.property_payment_term_id = self.terms_30
        move = self.plain_invoice()
        move.invoice_payment_term_id = False
        self.set_modes(payment_terms="warn")
        self.assertIn("No payment terms", move.o2c_quality_warnings)
        self.set_modes(payment_terms="block")
        with self.assertRaisesRegex(UserError, "No payment terms"):
            move.action_post()
        move.invoice_payment_term_id = self.env.ref("account.account_payment_term_immediate")
        with self.assertRaisesRegex(UserError, "differ from the customer's agreed terms 30 days"):
            move.action_post()
        move.invoice_payment_term_id = self.terms_30
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_french_legal_mentions(self):
        company = self.env.company
        company.account_fiscal_country_id = self.env.ref("base.fr")
        company.invoice_terms = False
        move = self.plain_invoice(taxes=False)
        self.set_modes(legal_mentions="warn")
        self.assertIn("late-payment penalty", move.o2c_quality_warnings)
        self.set_modes(legal_mentions="block")
        with self.assertRaisesRegex(UserError, "40 € fixed recovery indemnity"):
            move.action_post()
        company.invoice_terms = ("<p>Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité "
                                 "forfaitaire pour frais de recouvrement : 40 €.</p>")
        move.action_post()
        self.assertEqual(move.state, "posted")

    def test_duplicate(self):
        first = self.plain_invoice(1000, "2026-11-05")
        first.action_post()
        second = self.plain_invoice(1000, "2026-11-28")
        other_month = self.plain_invoice(1000, "2026-12-01")
        other_amount = self.plain_invoice(999, "2026-11-28")
        self.set_modes(duplicate="warn")
        self.assertIn(first.name, second.o2c_quality_warnings)
        self.assertEqual((other_month | other_amount).mapped("o2c_quality_state"), ["pass", "pass"])
        self.set_modes(duplicate="block")
        with self.assertRaisesRegex(UserError, "Likely duplicate of posted invoice"):
            second.action_post()
        (other_month | other_amount).action_post()
        # A reversed invoice is no longer a duplicate's original.
        first._reverse_moves(cancel=True)
        second.action_post()
        self.assertEqual(second.state, "posted")

    # -- batches, overrides -----------------------------------------------------------------
    def test_batch_with_one_blocked_invoice(self):
        self.customer.property_payment_term_id = self.terms_30
        good = self.plain_invoice(100) | self.plain_invoice(200)
        good.invoice_payment_term_id = self.terms_30
        bad = self.plain_invoice(300)
        bad.invoice_payment_term_id = False
        self.set_modes(payment_terms="block")
        # The auto-post job posts in batches too: a blocked invoice leaves it.
        bad.auto_post = "at_date"
        action = (good | bad).action_post()
        self.assertEqual(bad.auto_post, "no")
        self.assertEqual(good.mapped("state"), ["posted", "posted"])
        self.assertEqual(bad.state, "draft")
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("stopped 1 invoices", action["params"]["message"])
        self.assertIn("No payment terms", bad.message_ids[0].body)
        self.assertEqual(self.env["account.move"].search([("o2c_quality_state", "=", "block")]), bad)

    def test_batch_all_blocked_lists_every_failure(self):
        self.set_modes(payment_terms="block", customer_data="block")
        self.customer.email = False
        moves = self.plain_invoice(100) | self.plain_invoice(200)
        moves.invoice_payment_term_id = False
        with self.assertRaises(UserError) as error:
            moves.action_post()
        message = str(error.exception)
        self.assertEqual(message.count("No payment terms"), 2)
        self.assertEqual(message.count("has no invoicing e-mail"), 2)
        self.assertEqual(moves.mapped("state"), ["draft", "draft"])

    def test_override_with_reason(self):
        self.set_modes(payment_terms="block")
        move = self.plain_invoice()
        move.invoice_payment_term_id = False
        clerk = self.env["res.users"].create({
            "name": "Billing Clerk", "login": "o2c_billing_clerk", "company_id": self.env.company.id,
            "company_ids": [Command.set(self.env.company.ids)],
            "groups_id": [Command.set([self.env.ref("account.group_account_invoice").id,
                                       self.env.ref("base.group_user").id])],
        })
        wizard = self.env["o2c.quality.override"].with_user(clerk).create({
            "move_id": move.id, "reason": "Agreed by phone"})
        with self.assertRaises(AccessError):
            wizard.action_override()
        with self.assertRaises(AccessError):
            move.with_user(clerk).o2c_quality_override_reason = "sneaky"
        self.assertEqual(move.state, "draft")
        wizard = self.env["o2c.quality.override"].create({"move_id": move.id, "reason": "  "})
        with self.assertRaisesRegex(UserError, "Give the reason"):
            wizard.action_override()
        self.env["o2c.quality.override"].create({
            "move_id": move.id, "reason": "Terms agreed by phone with the customer"}).action_override()
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.o2c_quality_override_reason, "Terms agreed by phone with the customer")
        self.assertEqual(move.o2c_quality_override_user_id, self.env.user)
        self.assertTrue(any("Terms agreed by phone" in (m.body or "") for m in move.message_ids))

    def test_settings_per_company_and_for_billing_managers_only(self):
        other = self.env["res.company"].create({"name": "Blocking Company"})
        other.o2c_quality_payment_terms = "block"
        self.set_modes()  # all off here
        move = self.plain_invoice()
        move.invoice_payment_term_id = False
        move.action_post()
        self.assertEqual(move.state, "posted", "another company's settings do not apply")
        clerk = self.env["res.users"].create({
            "name": "Settings Clerk", "login": "o2c_settings_clerk", "company_id": self.env.company.id,
            "company_ids": [Command.set(self.env.company.ids)],
            "groups_id": [Command.set([self.env.ref("account.group_account_invoice").id,
                                       self.env.ref("base.group_user").id])],
        })
        with self.assertRaises(AccessError):
            self.env.company.with_user(clerk).o2c_quality_payment_terms = "off"
        with self.assertRaises(AccessError):
            self.env["o2c.credit.reason"].with_user(clerk).create({"name": "Mine", "avoidable": True})

    def test_cannot_check_is_a_warning(self):
        self.set_modes(legal_mentions="block")
        self.env.company.account_fiscal_country_id = False
        self.env.company.country_id = False
        move = self.plain_invoice(taxes=False)
        self.assertEqual(move.o2c_quality_state, "warn")
        self.assertIn("Cannot check the French legal mentions", move.o2c_quality_warnings)
        move.action_post()
        self.assertEqual(move.state, "posted")

    # -- the "To invoice" worklist and the Create Invoices wizard ---------------------------
    def test_order_shows_its_draft_invoice_check_and_wizard_runs_it(self):
        self.set_modes(payment_terms="block")
        order = self.order([(self.product_manual, 2, 1200)], "2026-11-02")
        order.order_line.qty_delivered = 2
        self.assertFalse(order.o2c_invoice_quality)
        self.customer.property_payment_term_id = self.terms_30
        wizard = self.env["sale.advance.payment.inv"].with_context(
            active_model="sale.order", active_ids=order.ids).create({
                "advance_payment_method": "delivered", "sale_order_ids": [Command.set(order.ids)]})
        action = wizard.create_invoices()
        # The order was signed before the customer had agreed terms: its draft has none.
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("1 blocked, 0 with warnings", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_model"], "account.move")
        order.invalidate_recordset(["o2c_invoice_quality"])
        self.assertEqual(order.o2c_invoice_quality, "block")
        move = order.invoice_ids
        move.invoice_payment_term_id = self.terms_30
        order.invalidate_recordset(["o2c_invoice_quality"])
        self.assertEqual(order.o2c_invoice_quality, "pass")

    def test_nothing_configured_on_all_drafts_as_superuser(self):
        """Every draft and order of the database (demo data included),
        default settings, as the superuser: no crash, one state each."""
        moves = self.env["account.move"].sudo().search([("move_type", "=", "out_invoice"), ("state", "=", "draft")])
        moves |= self.plain_invoice().sudo()
        for move in moves:
            self.assertIn(move.o2c_quality_state, ("pass", "warn", "block"))
        orders = self.env["sale.order"].sudo().search([])
        orders.mapped("o2c_invoice_quality")


@tagged("post_install", "-at_install")
class TestAvoidableCredits(O2cPipelineCommon):
    def posted(self, amount, day):
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer.id, "invoice_date": day,
            "invoice_line_ids": [Command.create({"name": "Audit", "quantity": 1, "price_unit": amount,
                                                 "tax_ids": [Command.set(self.tax_20.ids)]})],
        })
        move.action_post()
        return move

    def test_credit_reason_feeds_the_figures(self):
        self.env.company.write({f"o2c_quality_{rule}": "off" for rule in quality_engine.RULES})
        wrong_rate = self.env.ref("o2c_pipeline.credit_reason_wrong_rate")
        gesture = self.env.ref("o2c_pipeline.credit_reason_commercial_gesture")
        credited_wrong = self.posted(1000, "2026-11-05")
        credited_gesture = self.posted(500, "2026-11-10")
        reset = self.posted(2000, "2026-11-12")
        self.posted(1500, "2026-11-13")  # right the first time
        self.posted(9999, "2026-10-13")  # another month
        wizard = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=credited_wrong.ids).create({
                "date": "2026-11-20", "journal_id": credited_wrong.journal_id.id})
        self.assertTrue(wizard.o2c_needs_credit_reason)
        with self.assertRaisesRegex(UserError, "Credit Reason"):
            wizard.refund_moves()
        wizard.o2c_credit_reason_id = wrong_rate
        wizard.refund_moves()
        credit = credited_wrong.reversal_move_ids
        self.assertEqual(credit.o2c_credit_reason_id, wrong_rate)
        credit.action_post()
        credited_gesture._reverse_moves([{"invoice_date": "2026-11-21", "o2c_credit_reason_id": gesture.id}]) \
            .action_post()
        reset.button_draft()
        self.assertEqual(reset.o2c_reset_count, 1)
        reset.action_post()

        figures = self.env["account.move"]._o2c_quality_figures("2026-11-01", "2026-11-30")
        self.assertEqual(figures["invoiced"], 5000)
        self.assertEqual(figures["invoice_count"], 4)
        self.assertEqual(figures["credited"], 1500)
        self.assertEqual(figures["credit_count"], 2)
        self.assertEqual(figures["avoidable"], 1000)
        self.assertEqual(figures["avoidable_share"], 20.0)
        self.assertEqual(figures["first_time_right"], 25.0)
        self.assertEqual([(r["reason"], r["avoidable"], r["amount"], r["count"]) for r in figures["reasons"]],
                         [(wrong_rate, True, 1000, 1), (gesture, False, 500, 1)])
        # By month, as the pivot reads it.
        [(_month, rate, credited)] = self.env["o2c.credit.report"]._read_group(
            [("date", ">=", "2026-11-01"), ("date", "<=", "2026-11-30")], ["date:month"],
            ["first_time_right_rate:avg", "credit_amount:sum"])
        self.assertEqual((rate, credited), (25.0, 1500))
        empty = self.env["account.move"]._o2c_quality_figures("2020-01-01", "2020-01-31")
        self.assertEqual((empty["invoiced"], empty["first_time_right"], empty["reasons"]), (0.0, None, []))

    def test_vendor_bill_reversal_needs_no_reason(self):
        bill = self.init_invoice("in_invoice", partner=self.customer, amounts=[100], post=True)
        wizard = self.env["account.move.reversal"].with_context(
            active_model="account.move", active_ids=bill.ids).create({
                "date": "2026-11-20", "journal_id": bill.journal_id.id})
        self.assertFalse(wizard.o2c_needs_credit_reason)
        wizard.refund_moves()
        self.assertTrue(bill.reversal_move_ids)


@tagged("post_install", "-at_install")
class TestQualityTour(HttpCase):
    def test_post_a_blocked_invoice_read_the_message_fix_it_and_post(self):
        admin = self.env.ref("base.user_admin")
        company = admin.company_id
        values = {f"o2c_quality_{rule}": "off" for rule in quality_engine.RULES}
        values["o2c_quality_po_reference"] = "block"
        company.write(values)
        customer = self.env["res.partner"].create({"name": "Tour PO Customer", "o2c_po_required": True})
        product = self.env["product.product"].create({
            "name": "Tour workshop", "type": "service", "invoice_policy": "order", "list_price": 800})
        order = self.env["sale.order"].with_company(company).create({
            "partner_id": customer.id, "client_order_ref": "BC-TOUR-7",
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})]})
        order.action_confirm()
        move = order._create_invoices()
        move.ref = False
        self.assertEqual(move.o2c_quality_state, "block")
        self.start_tour(f"/odoo/action-account.action_move_out_invoice/{move.id}", "o2c_quality_gate_tour",
                        login="admin")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.ref, "BC-TOUR-7")
