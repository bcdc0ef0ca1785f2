# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The auditors' working paper of a cut-off, as an XLSX workbook: the lines
with their sources, the booked amounts per account and per customer, and the
journal entry. Plain rows in, bytes out."""

import io

import xlsxwriter

from .accrual import summary

LINE_COLUMNS = ["kind", "source", "order", "customer", "project", "product", "account", "currency", "delivered",
                "invoiced", "amount_currency", "proposed", "excluded", "adjustment", "amount", "tax", "net"]
MONEY_COLUMNS = {"delivered", "invoiced", "amount_currency", "proposed", "amount", "tax", "debit", "credit", "net"}


def workbook(rows, entry, labels):
    """``rows``: dicts with LINE_COLUMNS keys (``amount``: booked, 0 when
    excluded; ``net``: revenue effect, FAE positive, PCA negative); ``entry``: dicts with account, label, debit, credit;
    ``labels``: sheet and column titles. Each sheet ends with a total row."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    money_bold = book.add_format({"num_format": "#,##0.00", "bold": True})
    columns = labels["columns"]

    def sheet(name, keys, data):
        ws = book.add_worksheet(name[:31])
        ws.write(0, 0, labels["title"], bold)
        for col, key in enumerate(keys):
            ws.write(2, col, columns[key], bold)
            ws.set_column(col, col, 16)
        for row_index, row in enumerate(data, start=3):
            for col, key in enumerate(keys):
                value = row.get(key)
                if key in MONEY_COLUMNS:
                    ws.write_number(row_index, col, value or 0.0, money)
                else:
                    ws.write(row_index, col, value if value is not None else "")
        total_row = 3 + len(data)
        ws.write(total_row, 0, labels["total"], bold)
        for col, key in enumerate(keys):
            if key in MONEY_COLUMNS and col:
                ws.write_number(total_row, col, round(sum(row.get(key) or 0.0 for row in data), 2), money_bold)
        return ws

    sheet(labels["lines"], LINE_COLUMNS, rows)
    per_account = [{"account": key, "net": value} for key, value in summary(rows, "account", "net")]
    sheet(labels["per_account"], ["account", "net"], per_account)
    per_customer = [{"customer": key, "net": value} for key, value in summary(rows, "customer", "net")]
    sheet(labels["per_customer"], ["customer", "net"], per_customer)
    sheet(labels["entry"], ["account", "label", "debit", "credit"], entry)
    book.close()
    return output.getvalue()
