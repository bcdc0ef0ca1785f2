# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged

from ..models.o2c_cutoff import O2cCutoff


@tagged("post_install", "-at_install")
class TestCutoffCron(TransactionCase):
    """The monthly job on whatever the database holds (Odoo's demo data,
    nothing configured), as the cron runs it: superuser."""

    def setUp(self):
        super().setUp()
        # The demo data's draft cut-off of last month: the job makes its own.
        Cutoff = self.env["o2c.cutoff"].sudo()
        Cutoff.search([("cutoff_date", "=", Cutoff._default_cutoff_date())]).unlink()

    def test_prepares_each_company_once(self):
        Cutoff = self.env["o2c.cutoff"].sudo()
        day = Cutoff._default_cutoff_date()
        companies = self.env["res.company"].search([])
        Cutoff._cron_prepare_cutoffs()
        Cutoff._cron_prepare_cutoffs()
        cutoffs = Cutoff.search([("cutoff_date", "=", day)])
        self.assertEqual(sorted(cutoffs.company_id.ids), sorted(companies.ids))
        activities = self.env["mail.activity"].search([("res_model", "=", "o2c.cutoff"), ("res_id", "in", cutoffs.ids)])
        self.assertLessEqual(len(activities), len(cutoffs))
        self.assertTrue(activities, "the accountants of the demo companies get their activity")
        self.assertEqual(len(activities), len(activities.mapped("res_id")))

    def test_one_bad_company_does_not_stop_the_others(self):
        Cutoff = self.env["o2c.cutoff"].sudo()
        companies = self.env["res.company"].search([], order="id")
        bad = companies[0]
        prepare = O2cCutoff._prepare_for

        def failing(model, company, day):
            if company == bad:
                raise ValueError("broken company")
            return prepare(model, company, day)

        with patch.object(O2cCutoff, "_prepare_for", failing), self.assertLogs(
                "odoo.addons.o2c_accruals.models.o2c_cutoff", level="ERROR"):
            Cutoff._cron_prepare_cutoffs()
        prepared = Cutoff.search([("cutoff_date", "=", Cutoff._default_cutoff_date())]).company_id
        self.assertEqual(prepared, companies - bad)
