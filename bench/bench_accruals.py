#!/usr/bin/env python3
"""Benchmarks of o2c_accruals on the generated demo company.

    bench/bench_accruals.py --scale 1        # fresh database, generated, dropped
    bench/bench_accruals.py --db NAME        # a database with the demo company

Two measures at the last month end before the demo company's last day, in
one process, rolled back:
1. the cut-off's computation (``o2c.cutoff._prepare_lines``: the ledger as of
   the date, service periods, revenue accounts, conversion at the date's
   rate) against a hand-written SQL floor computing the same
   delivered-minus-invoiced balances per order line on Odoo's tables, both
   converted at the cut-off rate; per-line balances and totals checked
   equal; medians of interleaved rounds; query counts. The whole *Compute*
   (lines written by the ORM) is timed too;
2. *Validate* of that cut-off: one entry and its reversal, time, move lines,
   queries and the process's peak memory.
Results are printed and appended to bench/results/bench_accruals.jsonl.
"""

import datetime as dt
import resource
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()

# By hand, on Odoo's tables: per confirmed order line (down payments apart),
# delivered minus invoiced up to the day in the order currency, and that
# balance in the company currency at the day's rate.
FLOOR_SQL = """
WITH lines AS (
    SELECT sol.id, sol.qty_delivered_method AS method, sol.product_uom_qty, sol.product_uom,
           sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0) AS price,
           so.currency_id, so.company_id, so.currency_id <> c.currency_id AS foreign_currency
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
      JOIN res_company c ON c.id = so.company_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
       AND so.company_id = %(company)s
),
delivered AS (
    SELECT d.id, SUM(d.qty * l.price) AS amount FROM (
        SELECT aal.so_line AS id, SUM(aal.unit_amount / tu.factor) * MIN(lu.factor) AS qty
          FROM account_analytic_line aal JOIN lines l ON l.id = aal.so_line AND l.method = 'timesheet'
          JOIN uom_uom tu ON tu.id = aal.product_uom_id JOIN uom_uom lu ON lu.id = l.product_uom
         WHERE aal.project_id IS NOT NULL AND aal.date <= %(day)s GROUP BY aal.so_line
        UNION ALL
        SELECT m.sale_line_id, SUM(m.quantity_percentage * l.product_uom_qty)
          FROM project_milestone m JOIN lines l ON l.id = m.sale_line_id AND l.method = 'milestones'
         WHERE m.is_reached AND m.reached_date <= %(day)s GROUP BY m.sale_line_id
        UNION ALL
        SELECT d.sale_line_id, SUM(d.quantity)
          FROM o2c_manual_delivery d JOIN lines l ON l.id = d.sale_line_id AND l.method = 'manual'
         WHERE d.date <= %(day)s GROUP BY d.sale_line_id
    ) d JOIN lines l ON l.id = d.id GROUP BY d.id
),
invoiced AS (
    SELECT r.order_line_id AS id,
           SUM(CASE WHEN m.currency_id = l.currency_id
                    THEN CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.price_subtotal
                    WHEN NOT l.foreign_currency THEN -aml.balance
                    ELSE -aml.balance * COALESCE((
                        SELECT r.rate FROM res_currency_rate r
                         WHERE r.currency_id = l.currency_id AND (r.company_id = l.company_id OR r.company_id IS NULL)
                           AND r.name <= m.invoice_date ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1), 1.0)
               END) AS amount
      FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id
      JOIN account_move m ON m.id = aml.move_id JOIN lines l ON l.id = r.order_line_id
     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund') AND m.invoice_date <= %(day)s
  GROUP BY r.order_line_id
),
balances AS (
    SELECT l.id, l.currency_id, l.company_id, l.foreign_currency,
           ROUND((COALESCE(d.amount, 0) - COALESCE(i.amount, 0))::numeric, 2) AS balance
      FROM lines l LEFT JOIN delivered d ON d.id = l.id LEFT JOIN invoiced i ON i.id = l.id
)
SELECT b.id, b.balance,
       ROUND(b.balance / CASE WHEN NOT b.foreign_currency THEN 1.0 ELSE (
           SELECT r.rate FROM res_currency_rate r
            WHERE r.currency_id = b.currency_id AND (r.company_id = b.company_id OR r.company_id IS NULL)
              AND r.name <= %(day)s ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1) END::numeric, 2)
  FROM balances b WHERE b.balance <> 0
"""


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_compute(env, company, day):
    # Cut-offs already made on that day step aside (rolled back at the end).
    env.cr.execute("UPDATE o2c_cutoff SET state = 'cancelled' WHERE company_id = %s AND cutoff_date = %s",
                   [company.id, day])
    env.invalidate_all()
    cutoff = env["o2c.cutoff"].create({"company_id": company.id, "cutoff_date": day})

    def ours():
        env.invalidate_all()
        return cutoff._prepare_lines()

    def floor():
        env.cr.execute("SET LOCAL jit = off")  # as the ledger does: JIT would cost seconds on both
        env.cr.execute(FLOOR_SQL, {"day": day, "company": company.id})
        return env.cr.fetchall()

    (ours_s, values), (floor_s, rows) = common.interleaved(ours, floor, rounds=9)
    env.invalidate_all()
    queries, _ = common.count_queries(env, cutoff._prepare_lines)
    sign = {"accrued_revenue": 1, "deferred_revenue": -1}
    ours_lines = {v["sale_line_id"]: round(sign[v["kind"]] * v["amount_currency"], 2) for v in values}
    floor_lines = {row[0]: round(float(row[1]), 2) for row in rows}
    totals = {kind: round(sum(v["amount"] for v in values if v["kind"] == kind), 2) for kind in sign}
    floor_totals = {"accrued_revenue": round(sum(float(r[2]) for r in rows if r[1] > 0), 2),
                    "deferred_revenue": round(sum(-float(r[2]) for r in rows if r[1] < 0), 2)}
    # The whole Compute: the lines written through the ORM, stored computes and the chatter message.
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    cutoff.action_compute()
    env.flush_all()
    compute_s = time.perf_counter() - start
    return cutoff, {
        "cutoff_date": str(day), "order_lines": len(floor_lines), "ours_s": round(ours_s, 4),
        "sql_floor_s": round(floor_s, 4), "ratio": round(ours_s / floor_s, 2), "queries": queries,
        "lines_equal": ours_lines == floor_lines, "totals": totals, "floor_totals": floor_totals,
        "totals_equal": all(abs(totals[k] - floor_totals[k]) <= 0.01 * max(len(rows), 1) for k in totals),
        "compute_with_lines_written_s": round(compute_s, 3),
        "compute_with_lines_written_queries": env.cr.sql_log_count - before,
    }


class _Rollback(Exception):
    pass


def bench_validate(env, cutoff):
    # A first validation rolled back: the registry's field triggers and the
    # views' caches are warm in a running server; a one-off process would
    # time their building instead.
    try:
        with env.cr.savepoint():
            cutoff.action_validate()
            env.flush_all()
            raise _Rollback
    except _Rollback:
        env.invalidate_all()
    assert cutoff.state == "draft", cutoff.state
    rss_before = peak_rss_mb()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    cutoff.action_validate()
    env.flush_all()
    seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 3), "queries": env.cr.sql_log_count - before,
            "move_lines": len(cutoff.move_id.line_ids) + len(cutoff.reversal_move_id.line_ids),
            "peak_rss_mb_before": rss_before, "peak_rss_mb_after": peak_rss_mb(),
            "balanced": round(sum(cutoff.move_id.line_ids.mapped("balance")), 2) == 0}


def main():
    args = common.arguments(__doc__).parse_args()
    suite, db, _generation = common.demo_database(args, "bencha")
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    report = {"database": db, "scale": None if args.db else args.scale,
              "measured_on": dt.datetime.now().isoformat(timespec="seconds")}
    try:
        with Registry(db).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
            company = env["res.company"].search([("name", "=", common.COMPANY)], limit=1)
            env = env(context=dict(env.context, allowed_company_ids=company.ids))
            env.cr.execute("SELECT MAX(date) FROM account_analytic_line WHERE company_id = %s", [company.id])
            last_day = env.cr.fetchone()[0]
            day = last_day.replace(day=1) - dt.timedelta(days=1)
            report["orders"] = env["sale.order"].search_count([("company_id", "=", company.id),
                                                               ("state", "=", "sale")])
            cutoff, report["compute"] = bench_compute(env, company, day)
            report["validate"] = bench_validate(env, cutoff)
            cr.rollback()
    finally:
        if not args.db:
            suite.cleanup()
    common.save("bench_accruals", report)


if __name__ == "__main__":
    main()
