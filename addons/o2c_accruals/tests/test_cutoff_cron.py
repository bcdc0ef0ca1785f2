# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

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

    def test_the_activity_goes_to_the_reviewer_while_they_can_validate(self):
        Cutoff = self.env["o2c.cutoff"].sudo()
        company = self.env.company
        reviewer = new_test_user(self.env, "o2c_reviewer", groups="base.group_user,account.group_account_manager",
                                 company_id=company.id, company_ids=company.ids)
        company.o2c_cutoff_reviewer_id = reviewer
        Cutoff._cron_prepare_cutoffs()
        cutoff = Cutoff.search([("company_id", "=", company.id), ("cutoff_date", "=", Cutoff._default_cutoff_date())])
        self.assertEqual(cutoff.activity_ids.user_id, reviewer)
        # Without the rights to validate any more, the company's first
        # accounting administrator gets the next one.
        reviewer.groups_id -= self.env.ref("account.group_account_manager")
        first = self.env.ref("base.user_admin")  # an administrator of Invoicing by Odoo's own data
        self.assertEqual(company._o2c_cutoff_reviewer(), first)
        next_cutoff = Cutoff._prepare_for(company, cutoff.cutoff_date.replace(day=1) - relativedelta(days=1))
        self.assertEqual(next_cutoff.activity_ids.user_id, first)

    def test_a_reviewer_who_cannot_validate_is_refused(self):
        company = self.env.company
        other_company = self.env["res.company"].create({"name": "Other company"})
        groups = "base.group_user,account.group_account_manager"
        refused = [
            new_test_user(self.env, "o2c_salesman", groups="base.group_user,sales_team.group_sale_salesman",
                          company_id=company.id, company_ids=company.ids),
            new_test_user(self.env, "o2c_portal", groups="base.group_portal", company_id=company.id,
                          company_ids=company.ids),
            # the rights, in another company only
            new_test_user(self.env, "o2c_elsewhere", groups=groups, company_id=other_company.id,
                          company_ids=other_company.ids),
        ]
        archived = new_test_user(self.env, "o2c_archived", groups=groups, company_id=company.id,
                                 company_ids=company.ids)
        archived.active = False
        for user in [*refused, archived]:
            with self.subTest(user=user.login):
                with self.assertRaises(ValidationError) as error:
                    company.o2c_cutoff_reviewer_id = user
                self.assertIn("cannot validate the cut-offs", str(error.exception))
                self.assertIn("Invoicing / Administrator", str(error.exception))
        self.assertFalse(company.o2c_cutoff_reviewer_id)
