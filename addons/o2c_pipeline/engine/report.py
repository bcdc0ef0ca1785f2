# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The weekly signed / delivered / invoiced / collected report: periods and
its XLSX rendering. No Odoo import: the model hands plain rows."""

import datetime as dt
import io

# Untaxed values, then what the bank sees: payments tax included.
MEASURES = ["signed", "delivered", "invoiced", "collected", "collected_tax_incl"]


def week_start(day):
    """Monday of the ISO week of ``day``."""
    return day - dt.timedelta(days=day.weekday())


def period_start(day, period):
    if period == "week":
        return week_start(day)
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period: {period}")


def last_complete_week(today):
    """(Monday, Sunday) of the last ISO week that ended before ``today``."""
    monday = week_start(today) - dt.timedelta(days=7)
    return monday, monday + dt.timedelta(days=6)


def period_label(start, period):
    if period == "week":
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{start:%Y-%m}"


def totals(rows):
    return {m: round(sum(r[m] for r in rows), 2) for m in MEASURES}


def xlsx_bytes(title, headers, rows, currency_format="#,##0.00 [$€-fr-FR]"):
    """An XLSX workbook of the report.

    ``headers``: labels of (period start, period, dimension, *MEASURES);
    ``rows``: dicts with keys ``start`` (date), ``period`` (label), ``name``
    and the measures. Dates as dates, amounts as numbers in the currency
    format, a frozen header, autofilter and a totals row.
    """
    import xlsxwriter  # noqa: PLC0415 - only needed when exporting

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#1f6f8b", "font_color": "#ffffff", "border": 1})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    money = workbook.add_format({"num_format": currency_format})
    money_total = workbook.add_format({"num_format": currency_format, "bold": True, "top": 1})
    sheet.write(0, 0, title, workbook.add_format({"bold": True, "font_size": 14}))
    first = 2
    for col, label in enumerate(headers):
        sheet.write(first, col, label, header)
    for index, row in enumerate(rows, start=first + 1):
        sheet.write_datetime(index, 0, dt.datetime.combine(row["start"], dt.time()), date)
        sheet.write(index, 1, row["period"])
        sheet.write(index, 2, row["name"])
        for col, measure in enumerate(MEASURES, start=3):
            sheet.write_number(index, col, row[measure], money)
    last = first + len(rows)
    total_row = last + 1
    sheet.write(total_row, 2, "Total", bold)
    for col in range(3, 3 + len(MEASURES)):
        letter = chr(ord("A") + col)
        formula = f"=SUM({letter}{first + 2}:{letter}{last + 1})" if rows else "=0"
        sheet.write_formula(total_row, col, formula, money_total, totals(rows)[MEASURES[col - 3]])
    sheet.freeze_panes(first + 1, 0)
    sheet.autofilter(first, 0, max(last, first), len(headers) - 1)
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 2, 32)
    sheet.set_column(3, 3 + len(MEASURES), 16)
    workbook.close()
    return output.getvalue()
