"""Periods and the XLSX rendering of the weekly report."""

import datetime as dt
import io

import openpyxl
import pytest
from o2c_pipeline_engine import report

D = dt.date


def test_periods():
    assert report.week_start(D(2026, 11, 23)) == D(2026, 11, 23)  # a Monday
    assert report.week_start(D(2026, 11, 29)) == D(2026, 11, 23)  # its Sunday
    assert report.last_complete_week(D(2026, 11, 23)) == (D(2026, 11, 16), D(2026, 11, 22))
    assert report.last_complete_week(D(2026, 11, 25)) == (D(2026, 11, 16), D(2026, 11, 22))
    assert report.period_start(D(2026, 11, 25), "month") == D(2026, 11, 1)
    assert report.period_label(D(2026, 11, 16), "week") == "2026-W47"
    assert report.period_label(D(2027, 1, 1), "week") == "2026-W53"  # ISO year of the week
    assert report.period_label(D(2026, 11, 1), "month") == "2026-11"
    with pytest.raises(ValueError):
        report.period_start(D(2026, 11, 25), "quarter")


def test_xlsx_has_dates_numbers_frozen_header_and_totals():
    rows = [
        {"start": D(2026, 11, 9), "period": "2026-W46", "name": "Alice", "signed": 1000.0,
         "delivered": 300.0, "invoiced": 0.0, "collected": 0.0, "collected_tax_incl": 0.0},
        {"start": D(2026, 11, 16), "period": "2026-W47", "name": "Bob", "signed": 0.0,
         "delivered": 700.5, "invoiced": 1000.0, "collected": 250.25, "collected_tax_incl": 300.3},
    ]
    headers = ["Start", "Week", "Salesperson", "Signed (untaxed)", "Delivered (untaxed)", "Invoiced (untaxed)",
               "Collected (untaxed)", "Collected (tax incl.)"]
    content = report.xlsx_bytes("Order to Cash", headers, rows)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[3]] == headers
    assert sheet.freeze_panes == "A4"
    assert sheet["A4"].value == dt.datetime(2026, 11, 9) and sheet["A4"].number_format == "yyyy-mm-dd"
    assert sheet["E5"].value == 700.5 and "€" in sheet["E5"].number_format
    # Totals row: formulas, with the cached values a viewer shows.
    assert sheet["C6"].value == "Total"
    assert sheet["D6"].value == "=SUM(D4:D5)"
    assert sheet["H6"].value == "=SUM(H4:H5)"
    assert report.totals(rows) == {"signed": 1000.0, "delivered": 1000.5, "invoiced": 1000.0, "collected": 250.25,
                                   "collected_tax_incl": 300.3}


def test_empty_report_still_renders():
    content = report.xlsx_bytes("Empty", ["Start", "Week", "Customer", "S", "D", "I", "C", "CT"], [])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["C4"].value == "Total"
