# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""What works: statistics per step, and an A/B test of two scenarios."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..engine import scenario as engine
from .common import O2cDunningCommon, day


@tagged("post_install", "-at_install")
class TestDunningStats(O2cDunningCommon):
    def stats(self, domain, groupby):
        return {
            group: (reached, paid_7, paid_30, days_to_pay, invoices, days_late)
            for group, reached, paid_7, paid_30, days_to_pay, invoices, days_late in
            self.env["o2c.dunning.step.stats"]._read_group(
                domain, [groupby], ["reached:sum", "paid_7:avg", "paid_30:avg", "days_to_pay:avg",
                                    "first_step:sum", "days_late_paid:avg"])}

    def test_statistics_per_step(self):
        # Reminded on the due day and at +7, paid on day +9: after the first
        # step it took 9 days (not within 7, within 30), after the second 2.
        move = self.invoice(self.customer, 1000)
        self.run_on(day(0))
        self.run_on(day(7))
        self.pay(move, day(9))
        self.env.flush_all()
        stats = self.stats([("move_id", "=", move.id)], "step_id")
        by_offset = {step.offset_days: values for step, values in stats.items()}
        self.assertEqual(by_offset[0], (1, 0.0, 100.0, 9.0, 1, 9.0))
        self.assertEqual(by_offset[7], (1, 100.0, 100.0, 2.0, 0, False))  # counted once, on step 0

    def test_ab_test_compares_both_variants(self):
        variant = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        self.standard.variant_id = variant
        customers = self.env["res.partner"]
        while len({engine.ab_group(c.id, self.standard.id) for c in customers}) < 2 or len(customers) < 6:
            customers |= self.env["res.partner"].create(
                {"name": f"AB {len(customers)}", "email": f"ab{len(customers)}@example.com"})
        group_of = {c: engine.ab_group(c.id, self.standard.id) for c in customers}
        moves = {c: self.invoice(c, 100) for c in customers}
        self.run_on(day(0))
        # Each customer followed its side; A pays 3 days late, B 10 days late.
        for customer, move in moves.items():
            log = move.o2c_dunning_log_ids
            self.assertEqual(log.ab_group, group_of[customer])
            self.assertEqual(log.scenario_id, variant if group_of[customer] == "B" else self.standard)
            self.assertEqual(log.ab_scenario_id, self.standard)
            self.pay(move, day(3 if group_of[customer] == "A" else 10))
        self.env.flush_all()
        count = {g: list(group_of.values()).count(g) for g in "AB"}
        stats = self.stats([("ab_scenario_id", "=", self.standard.id)], "ab_group")
        self.assertEqual(stats["A"], (count["A"], 100.0, 100.0, 3.0, count["A"], 3.0))
        self.assertEqual(stats["B"], (count["B"], 0.0, 100.0, 10.0, count["B"], 10.0))
        # The same customers stay on the same side at the next run.
        self.run_on(day(1))
        self.assertEqual({engine.ab_group(c.id, self.standard.id) for c in customers}, {"A", "B"})

    def test_variant_errors(self):
        variant = self.scenario_for(self.company, "o2c_dunning.scenario_key_account")
        with self.assertRaisesRegex(ValidationError, "its own A/B variant"):
            self.standard.variant_id = self.standard
        self.standard.variant_id = variant
        with self.assertRaisesRegex(ValidationError, "a variant cannot have a variant"):
            variant.variant_id = self.scenario_for(self.company, "o2c_dunning.scenario_high_risk")
