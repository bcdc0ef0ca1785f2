# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Age buckets: days since a delivery date (unbilled work), or past a due
date (overdue receivables)."""

# (key, first day, last day or None)
UNBILLED_BUCKETS = [("0_7", 0, 7), ("8_15", 8, 15), ("16_30", 16, 30), ("31_60", 31, 60), ("61", 61, None)]
OVERDUE_BUCKETS = [("1_30", 1, 30), ("31_60", 31, 60), ("61_90", 61, 90), ("91", 91, None)]


def bucket(days, buckets=UNBILLED_BUCKETS):
    """The key of the bucket ``days`` falls in, or None (before the first)."""
    for key, first, last in buckets:
        if days >= first and (last is None or days <= last):
            return key
    return None


def label(key, buckets=UNBILLED_BUCKETS):
    """'0-7', '61+'... as printed in the reports (the words are the views')."""
    for bucket_key, first, last in buckets:
        if bucket_key == key:
            return f"{first}-{last}" if last is not None else f"{first}+"
    raise KeyError(key)


def sql_case(days_sql, buckets=UNBILLED_BUCKETS):
    """The SQL CASE giving the bucket key of an expression in days."""
    whens = " ".join(
        f"WHEN {days_sql} >= {first}" + (f" AND {days_sql} <= {last}" if last is not None else "")
        + f" THEN '{key}'" for key, first, last in buckets)
    return f"CASE {whens} END"
