"""Accrual maths of a cut-off: classification, pro rata by days, the entry."""

import io
from datetime import date

import openpyxl
import pytest
from o2c_accruals_engine import accrual, working_paper

CUTOFF = date(2026, 1, 31)


def test_classify_delivered_minus_invoiced():
    assert accrual.classify(1500, 0) == (accrual.ACCRUED, 1500)
    assert accrual.classify(360, 3600) == (accrual.DEFERRED, 3240)
    assert accrual.classify(1000.004, 1000) is None
    assert accrual.classify(0.1 + 0.2, 0.3) is None


def test_pro_rata_by_days_after_the_cut_off():
    # 1 200 for 2026: 334 of 365 days after Jan 31.
    assert accrual.days_after(date(2026, 1, 1), date(2026, 12, 31), CUTOFF) == 334
    assert round(accrual.pro_rata_after(1200, date(2026, 1, 1), date(2026, 12, 31), CUTOFF), 2) == 1098.08
    assert round(accrual.earned_share(date(2026, 1, 1), date(2026, 12, 31), CUTOFF) * 365) == 31
    # Entirely after, entirely before, a single day.
    assert accrual.pro_rata_after(900, date(2026, 2, 1), date(2026, 4, 30), CUTOFF) == 900
    assert accrual.pro_rata_after(900, date(2025, 11, 1), date(2026, 1, 31), CUTOFF) == 0
    assert accrual.pro_rata_after(50, date(2026, 1, 31), date(2026, 1, 31), CUTOFF) == 0
    assert accrual.pro_rata_after(50, date(2026, 2, 1), date(2026, 2, 1), CUTOFF) == 50
    assert accrual.earned_share(date(2026, 2, 1), date(2026, 2, 1), CUTOFF) == 0


def test_convert_at_the_cut_off_rate():
    assert accrual.convert(1000, 2.0) == 2000
    assert accrual.convert(333.333, 1.1) == 366.67


ACCOUNTS = {"accrued": "418100", "deferred": "487000", "tax": "445870"}


def test_entry_with_vat_on_accrued_revenue_balances():
    lines = [
        {"kind": accrual.ACCRUED, "amount": 1500, "tax_amounts": {"vat20": 300}, "revenue_account": "706000",
         "analytic": 7, "partner": 1, "label": "A", "ref": 1},
        {"kind": accrual.ACCRUED, "amount": 100.006, "tax_amounts": {"vat20": 20.001}, "revenue_account": "706000",
         "analytic": None, "partner": 2, "label": "B", "ref": 2},
        {"kind": accrual.DEFERRED, "amount": 3240, "revenue_account": "706100", "analytic": 8, "partner": 1,
         "label": "C", "ref": 3},
    ]
    entry = accrual.entry_lines(lines, ACCOUNTS)
    by_account = {}
    for line in entry:
        debit, credit = by_account.get(line["account"], (0, 0))
        by_account[line["account"]] = (round(debit + line["debit"], 2), round(credit + line["credit"], 2))
    assert by_account == {"418100": (1920.01, 0), "706000": (0, 1600.01), "445870": (0, 320),
                          "706100": (3240, 0), "487000": (0, 3240)}
    debit, credit = accrual.totals(entry)
    assert debit == credit == 5160.01
    # Analytic only on revenue lines (profit and loss), never on 418100 / 487000 / 445870.
    assert {line["account"] for line in entry if line["analytic"]} == {"706000", "706100"}


def test_entry_without_vat_and_zero_lines():
    lines = [{"kind": accrual.ACCRUED, "amount": 800, "revenue_account": "706000", "ref": 1},
             {"kind": accrual.ACCRUED, "amount": 0, "revenue_account": "706000", "ref": 2}]
    entry = accrual.entry_lines(lines, ACCOUNTS)
    assert [(line["account"], line["debit"], line["credit"]) for line in entry] == [
        ("418100", 800, 0), ("706000", 0, 800)]


def test_summary_per_key():
    rows = [{"account": "706000", "net": 800}, {"account": "706100", "net": -3240}, {"account": "706000", "net": 1}]
    assert accrual.summary(rows, "account", "net") == [("706000", 801), ("706100", -3240)]


@pytest.fixture
def labels():
    columns = dict.fromkeys([*working_paper.LINE_COLUMNS, "debit", "credit", "label"])
    return {"title": "Cut-off", "lines": "Lines", "per_account": "Per Account", "per_customer": "Per Customer",
            "entry": "Entry", "total": "Total", "columns": {key: key for key in columns}}


def test_working_paper_totals(labels):
    rows = [dict.fromkeys(working_paper.LINE_COLUMNS, ""), dict.fromkeys(working_paper.LINE_COLUMNS, "")]
    for row, (account, customer, amount, net) in zip(rows, [("706000", "Armor", 800, 800), ("706100", "Bretagne",
                                                                                          3240, -3240)], strict=True):
        row.update({"account": account, "customer": customer, "amount": amount, "net": net, "tax": 0, "delivered": 0,
                    "invoiced": 0, "amount_currency": amount, "proposed": amount})
    entry = [{"account": "418100", "label": "", "debit": 800, "credit": 0},
             {"account": "706000", "label": "", "debit": 0, "credit": 800}]
    book = openpyxl.load_workbook(io.BytesIO(working_paper.workbook(rows, entry, labels)))
    assert book.sheetnames == ["Lines", "Per Account", "Per Customer", "Entry"]
    last = list(book["Lines"].iter_rows(values_only=True))[-1]
    assert last[0] == "Total"
    assert last[working_paper.LINE_COLUMNS.index("amount")] == 4040
    assert list(book["Per Account"].iter_rows(values_only=True))[3:] == [
        ("706000", 800), ("706100", -3240), ("Total", -2440)]
    assert list(book["Entry"].iter_rows(values_only=True))[-1] == ("Total", None, 800, 800)
