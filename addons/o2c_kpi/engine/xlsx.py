# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The KPI workbook: one sheet per breakdown, formatted numbers and dates,
frozen headers, autofilter, a totals row and a definitions sheet. Plain
values in, XLSX bytes out (xlsxwriter); no Odoo import."""

import datetime as dt
import io
from dataclasses import dataclass, field

# Column kinds and how their total is made.
TEXT, DATE, MONTH, MONEY, DAYS, PERCENT = "text", "date", "month", "money", "days", "percent"


@dataclass
class Column:
    header: str
    kind: str = TEXT
    # Total of the column: "sum", ("weighted", index of the weight column), or a value.
    total: object = None
    width: int = 16


@dataclass
class Sheet:
    title: str
    columns: list
    rows: list = field(default_factory=list)
    total_label: str = "Total"


def _letter(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _weighted(rows, value_index, weight_index):
    pairs = [(r[value_index], r[weight_index]) for r in rows
             if r[value_index] is not None and r[weight_index] is not None]
    weight = sum(w for _v, w in pairs)
    return sum(v * w for v, w in pairs) / weight if weight else None


def total_of(sheet, index):
    """The value a column's total shows (also cached with its formula)."""
    column = sheet.columns[index]
    if column.total == "sum":
        return sum(row[index] or 0 for row in sheet.rows)
    if isinstance(column.total, tuple) and column.total[0] == "weighted":
        return _weighted(sheet.rows, index, column.total[1])
    return column.total


def workbook(title, sheets, definitions, definitions_title="Definitions", currency_format="#,##0.00"):
    """XLSX bytes: a sheet per ``Sheet``, then ``definitions`` ([(term,
    definition)]) on a last sheet."""
    import xlsxwriter  # noqa: PLC0415 - only needed when exporting

    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#1f6f8b", "font_color": "#ffffff", "border": 1,
                              "text_wrap": True, "valign": "top"})
    formats = {
        TEXT: None,
        DATE: book.add_format({"num_format": "yyyy-mm-dd"}),
        MONTH: book.add_format({"num_format": "yyyy-mm"}),
        MONEY: book.add_format({"num_format": currency_format}),
        DAYS: book.add_format({"num_format": "0.0"}),
        PERCENT: book.add_format({"num_format": "0.0"}),
    }
    bold = {"bold": True, "top": 1}
    total_formats = {
        kind: book.add_format(dict(bold, num_format=fmt.num_format if fmt else "General"))
        for kind, fmt in formats.items()
        if kind != TEXT
    }
    total_formats[TEXT] = book.add_format(bold)
    title_format = book.add_format({"bold": True, "font_size": 14})
    for sheet in sheets:
        ws = book.add_worksheet(sheet.title[:31])
        ws.write(0, 0, title, title_format)
        first = 2
        for col, column in enumerate(sheet.columns):
            ws.write(first, col, column.header, header)
            ws.set_column(col, col, column.width)
        for row_index, row in enumerate(sheet.rows, start=first + 1):
            for col, (column, value) in enumerate(zip(sheet.columns, row, strict=True)):
                if value is None:
                    ws.write_blank(row_index, col, None)
                elif column.kind in (DATE, MONTH) and isinstance(value, dt.date):
                    ws.write_datetime(row_index, col, dt.datetime.combine(value, dt.time()), formats[column.kind])
                elif column.kind == TEXT:
                    ws.write_string(row_index, col, str(value))
                else:
                    ws.write_number(row_index, col, value, formats[column.kind])
        last = first + len(sheet.rows)
        total_row = last + 1
        ws.write(total_row, 0, sheet.total_label, total_formats[TEXT])
        for col, column in enumerate(sheet.columns):
            if col == 0 or column.total is None:
                continue
            cached = total_of(sheet, col)
            letter = _letter(col)
            cells = f"{letter}{first + 2}:{letter}{last + 1}"
            if not sheet.rows:
                ws.write_number(total_row, col, 0, total_formats[column.kind])
            elif column.total == "sum":
                ws.write_formula(total_row, col, f"=SUM({cells})", total_formats[column.kind], cached)
            elif isinstance(column.total, tuple):
                weights = f"{_letter(column.total[1])}{first + 2}:{_letter(column.total[1])}{last + 1}"
                ws.write_formula(total_row, col, f"=IFERROR(SUMPRODUCT({cells},{weights})/SUMIF({cells},\"<>\","
                                 f"{weights}),\"\")", total_formats[column.kind], cached if cached is not None else "")
            else:
                ws.write(total_row, col, cached, total_formats[column.kind])
        ws.freeze_panes(first + 1, 0)
        ws.autofilter(first, 0, max(last, first), len(sheet.columns) - 1)
    ws = book.add_worksheet(definitions_title[:31])
    ws.write(0, 0, title, title_format)
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 110)
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for row, (term, text) in enumerate(definitions, start=2):
        ws.write(row, 0, term, book.add_format({"bold": True, "valign": "top"}))
        ws.write(row, 1, text, wrap)
    book.close()
    return output.getvalue()
