"""The KPI workbook, read back with openpyxl."""

import datetime as dt
import io

import openpyxl
from o2c_kpi_engine import xlsx

D = dt.date


def sheet():
    return xlsx.Sheet("By month", [
        xlsx.Column("Month", xlsx.MONTH),
        xlsx.Column("Billed value", xlsx.MONEY, "sum"),
        xlsx.Column("Mean lag", xlsx.DAYS, ("weighted", 1)),
        xlsx.Column("Customer", xlsx.TEXT),
    ], [
        [D(2026, 1, 1), 1000.0, 2.0, "Armor"],
        [D(2026, 2, 1), 3000.0, 10.0, "Breizh"],
        [D(2026, 3, 1), 0.0, None, "Celtic"],
    ])


def test_sheets_totals_and_formats():
    content = xlsx.workbook("Order to Cash KPIs", [sheet()], [("Billing lag", "days from delivery to invoice")],
                            definitions_title="Définitions")
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["By month", "Définitions"]
    ws = book["By month"]
    assert [c.value for c in ws[3]] == ["Month", "Billed value", "Mean lag", "Customer"]
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == "A3:D6"
    assert ws["A4"].value == dt.datetime(2026, 1, 1) and ws["A4"].number_format == "yyyy-mm"
    assert ws["C6"].value is None
    assert ws["A7"].value == "Total"
    assert ws["B7"].value == "=SUM(B4:B6)"
    assert ws["C7"].value.startswith("=IFERROR(SUMPRODUCT(C4:C6,B4:B6)")
    # Cached totals (what a viewer shows): 4 000, and (1 000 x 2 + 3 000 x 10) / 4 000 = 8.
    s = sheet()
    assert xlsx.total_of(s, 1) == 4000
    assert xlsx.total_of(s, 2) == 8
    assert book["Définitions"]["A3"].value == "Billing lag"


def test_empty_sheet_still_renders():
    empty = xlsx.Sheet("Empty", [xlsx.Column("Customer"), xlsx.Column("Value", xlsx.MONEY, "sum")])
    book = openpyxl.load_workbook(io.BytesIO(xlsx.workbook("T", [empty], [])))
    assert book["Empty"]["A4"].value == "Total"
    assert book["Empty"]["B4"].value == 0


def test_column_letters():
    assert [xlsx._letter(i) for i in (0, 25, 26, 27, 51, 52)] == ["A", "Z", "AA", "AB", "AZ", "BA"]
