# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from datetime import date, timedelta

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import MockEmail

DUE = date(2026, 3, 10)


def day(offset):
    return DUE + timedelta(days=offset)


class O2cDunningCommon(AccountTestInvoicingCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.company_data["company"]
        cls.standard = cls.scenario_for(cls.company)
        cls.company.email = "billing@company.example"
        cls.customer = cls.env["res.partner"].create({"name": "Late Payer", "email": "ap@late.example",
                                                       "lang": "en_US"})
        cls.Runner = cls.env["o2c.dunning.runner"]

    @classmethod
    def scenario_for(cls, company, xmlid="o2c_dunning.scenario_standard"):
        """The company's own copy of a shipped scenario (made when the company was created)."""
        source = cls.env.ref(xmlid).sudo()
        return cls.env["o2c.dunning.scenario"].search(
            [("company_id", "=", company.id), ("name", "=", source.name)])

    @classmethod
    def invoice(cls, partner, amount, due=DUE, company=None, currency=None):
        company = company or cls.company
        move = cls.env["account.move"].with_company(company).create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": due - timedelta(days=30),
            "invoice_date_due": due, "currency_id": (currency or company.currency_id).id,
            "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 1, "price_unit": amount,
                                         "tax_ids": [(6, 0, [])]})],
        })
        move.action_post()
        return move

    @classmethod
    def pay(cls, move, on, amount=None):
        wizard = cls.env["account.payment.register"].with_company(move.company_id).with_context(
            active_model="account.move", active_ids=move.ids).create(
            {"payment_date": on, **({"amount": amount} if amount else {})})
        wizard._create_payments()

    @contextmanager
    def mock_mail_gateway(self, *args, **kwargs):
        """Odoo's mail mocks (no email leaves), then ``self.queued``: the
        emails queued inside the block, read from the database (the run
        writes them in one query, not through mail.mail's create, which the
        mocks watch)."""
        self.env.flush_all()
        self.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM mail_mail")
        floor = self.env.cr.fetchone()[0]
        with super().mock_mail_gateway(*args, **kwargs):
            yield
        self.env.flush_all()
        self.queued = self.env["mail.mail"].sudo().search([("id", ">", floor)], order="id")

    def run_on(self, when, **kwargs):
        return self.Runner.run_now(companies=kwargs.pop("companies", self.company), today=when, **kwargs)

    def reminders(self, partner=None):
        return self.env["o2c.dunning.reminder"].search(
            [("partner_id", "=", (partner or self.customer).id)], order="date, id")

    def executed(self, move):
        """{run day offset from DUE: step offset} of the move's logs."""
        return {(log.date - DUE).days: log.offset_days for log in move.o2c_dunning_log_ids}
