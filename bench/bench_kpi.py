#!/usr/bin/env python3
"""Benchmarks of o2c_kpi on the generated demo company.

    bench/bench_kpi.py --scale 1             # fresh database, generated, dropped
    bench/bench_kpi.py --db NAME             # a database with the demo company

Three measures, in one process:
1. full rebuild of the billing lag facts: time, peak memory of the process,
   queries, facts written (committed: the facts are derived data);
2. incremental refresh after one day of new work: every consultant books
   a day on the order line they worked on last, and a tenth of the orders
   with unbilled work are invoiced (committed, on a scratch copy of the
   database); the refresh of the orders this queued, against a full
   rebuild of the same data (goal: under 5 %), in turns, 5 rounds each in
   its own transaction rolled back, the tables vacuumed before each,
   medians;
3. the dashboard's headline figures (``o2c.kpi.figures._headline``: lag
   now and before, unbilled now and 30 days before, revenue of both
   periods) against a hand-written SQL floor computing the same aggregates
   on the same tables, totals checked equal, and their query counts.
Results are printed and appended to bench/results/bench_kpi.jsonl.
"""

import contextlib
import datetime as dt
import resource
import statistics
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()

# By hand on the facts and the ledger: the figures _headline computes, for one company.
FLOOR_SQL = """
WITH billed AS (
    SELECT CASE WHEN invoiced_on BETWEEN %(start)s AND %(as_of)s THEN 'now' ELSE 'before' END AS period,
           billing_lag_days AS lag, amount AS v
      FROM o2c_billing_lag
     WHERE company_id = %(company)s AND status = 'billed' AND invoiced_on BETWEEN %(previous_start)s AND %(as_of)s
),
weights AS (SELECT period, lag, SUM(v) AS v FROM billed GROUP BY period, lag),
running AS (SELECT period, lag, SUM(v) OVER (PARTITION BY period ORDER BY lag) AS c,
                   SUM(v) OVER (PARTITION BY period) AS total FROM weights)
SELECT 'lag_' || period, SUM(v * lag) / NULLIF(SUM(v), 0) FROM billed GROUP BY period
 UNION ALL
SELECT 'median_' || period, MIN(lag) FROM running WHERE c >= total / 2 GROUP BY period
 UNION ALL
SELECT 'unbilled_' || d.label, COALESCE(SUM(f.amount), 0)
  FROM (VALUES ('now', %(as_of)s::date), ('before', %(unbilled_before)s::date)) d(label, day)
  LEFT JOIN o2c_billing_lag f ON f.company_id = %(company)s AND f.delivered_on <= d.day
        AND (f.valid_from IS NULL OR f.valid_from <= d.day) AND (f.valid_to IS NULL OR f.valid_to > d.day)
        AND (f.invoiced_on IS NULL OR f.invoiced_on > d.day)
 GROUP BY d.label
 UNION ALL
SELECT 'revenue_' || CASE WHEN date >= %(start)s THEN 'now' ELSE 'before' END, SUM(amount)
  FROM o2c_ledger_event
 WHERE kind = 'invoiced' AND company_id = %(company)s AND date BETWEEN %(previous_start)s AND %(as_of)s
 GROUP BY 1
"""


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def bench_rebuild(env):
    Lag = env["o2c.billing.lag"]
    env.cr.execute("DELETE FROM o2c_billing_lag")
    env.cr.execute("DELETE FROM o2c_kpi_refresh_queue")
    rss_before = peak_rss_mb()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    orders = Lag._rebuild_all()
    seconds = time.perf_counter() - start
    env.cr.execute("SELECT COUNT(*) FROM o2c_billing_lag")
    return {"orders": orders, "facts": env.cr.fetchone()[0], "seconds": round(seconds, 3),
            "queries": env.cr.sql_log_count - queries, "peak_rss_mb_before": rss_before,
            "peak_rss_mb": peak_rss_mb()}


def one_day_of_work(env, company, day):
    """Every consultant books 7 h on the timesheet line they worked on last;
    a tenth of the orders with unbilled work get their invoice."""
    env.cr.execute(
        """
        SELECT DISTINCT ON (aal.employee_id) aal.employee_id, aal.project_id, aal.task_id, aal.so_line
          FROM account_analytic_line aal
          JOIN sale_order_line sol ON sol.id = aal.so_line AND sol.qty_delivered_method = 'timesheet'
          JOIN sale_order so ON so.id = sol.order_id AND so.state = 'sale'
         WHERE aal.company_id = %s AND aal.project_id IS NOT NULL AND aal.employee_id IS NOT NULL
      ORDER BY aal.employee_id, aal.date DESC
        """,
        [company.id])
    lines = [{"name": "Benchmark day", "date": day, "unit_amount": 7, "employee_id": employee,
              "project_id": project, "task_id": task, "so_line": so_line}
             for employee, project, task, so_line in env.cr.fetchall()]
    env["account.analytic.line"].create(lines)
    env.flush_all()
    orders = env["sale.order"].search([("company_id", "=", company.id), ("state", "=", "sale"),
                                       ("invoice_status", "=", "to invoice")], order="id")
    to_invoice = orders[::10]
    invoices = to_invoice._create_invoices()
    invoices.write({"invoice_date": day})
    invoices.action_post()
    return len(lines), len(to_invoice)


def bench_incremental(suite, db, rounds=5):
    """One day of work, committed on a scratch copy of ``db``, then in turns:
    the refresh of the orders it queued, and a full rebuild of the same
    data. Each round runs in its own transaction, as the job does, rolled
    back, and the refreshed tables are vacuumed before each: every round
    starts from the same committed state (rounds rolled back in one
    transaction would leave each other's aborted rows behind, which the
    smaller refresh pays for most). Medians."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    scratch = f"{db}_incremental"
    suite.drop(scratch)
    odoo.sql_db.close_db(db)
    try:
        suite.copy(db, scratch)
    except Exception as error:
        raise SystemExit(f"Cannot copy {db} for the incremental refresh ({error}): close the other sessions on it "
                         "(a running Odoo, psql), or measure with --only rebuild headline.") from error
    try:
        registry = Registry(scratch)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company = env["res.company"].search([("name", "=", common.COMPANY)], limit=1)
            timesheets, invoiced = one_day_of_work(env, company, dt.date.today())
            env.flush_all()
            cr.precommit.run()  # the pipeline's refresh queues the orders it touched
            cr.commit()
            queued = env["o2c.billing.lag"]._queue_size()
        times = {"incremental": [], "full": []}
        queries, refreshed = {}, None
        for _round in range(rounds):
            for name in ("incremental", "full"):
                with contextlib.closing(suite.connect(scratch)) as conn, conn.cursor() as vacuum:
                    vacuum.execute("VACUUM o2c_billing_lag, o2c_billing_lag_checkpoint, o2c_kpi_refresh_queue")
                with registry.cursor() as cr:
                    Lag = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})["o2c.billing.lag"]
                    refresh = Lag._refresh_queued if name == "incremental" else Lag._rebuild_all
                    count = cr.sql_log_count
                    start = time.perf_counter()
                    done = refresh()
                    times[name].append(time.perf_counter() - start)
                    queries[name] = cr.sql_log_count - count
                    if name == "incremental":
                        refreshed = done
                    cr.rollback()
    finally:
        odoo.sql_db.close_db(scratch)
        Registry.delete(scratch)
        suite.drop(scratch)
        suite.databases.remove(scratch)
    incremental, full = statistics.median(times["incremental"]), statistics.median(times["full"])
    return {"timesheet_lines": timesheets, "orders_invoiced": invoiced, "orders_queued": queued,
            "orders_refreshed": refreshed, "seconds": round(incremental, 4), "queries": queries["incremental"],
            "full_rebuild_seconds": round(full, 4), "full_rebuild_queries": queries["full"],
            "ratio_to_full": round(incremental / full, 4),
            "all_seconds": {k: [round(t, 4) for t in v] for k, v in times.items()}}


def bench_headline(env, company, as_of):
    Figures = env["o2c.kpi.figures"]
    start = as_of - dt.timedelta(days=89)
    params = {"company": company.id, "as_of": as_of, "start": start,
              "previous_start": start - dt.timedelta(days=90),
              "unbilled_before": as_of - dt.timedelta(days=30)}

    def ours():
        env.invalidate_all()
        return Figures._headline(as_of)

    def floor():
        env.cr.execute("SET LOCAL jit = off")
        env.cr.execute(FLOOR_SQL, params)
        return dict(env.cr.fetchall())

    (ours_s, headline), (floor_s, floor_values) = common.interleaved(ours, floor, rounds=15)
    queries, _ = common.count_queries(env, ours)

    def r(value):
        return round(float(value), 2) if value is not None else None

    mine = {"lag_now": r(headline["lag"]), "lag_before": r(headline["lag_previous"]),
            "median_now": headline["lag_median"], "unbilled_now": r(headline["unbilled"]),
            "unbilled_before": r(headline["unbilled_previous"]), "revenue_now": r(headline["daily_revenue"] * 90)}
    theirs = {"lag_now": r(floor_values.get("lag_now")), "lag_before": r(floor_values.get("lag_before")),
              "median_now": floor_values.get("median_now"), "unbilled_now": r(floor_values.get("unbilled_now")),
              "unbilled_before": r(floor_values.get("unbilled_before")),
              "revenue_now": r(floor_values.get("revenue_now") or 0)}
    return {"ours_s": round(ours_s, 4), "sql_floor_s": round(floor_s, 4), "ratio": round(ours_s / floor_s, 2),
            "queries": queries, "totals_equal": mine == theirs, "figures": mine, "floor_figures": theirs}


def main():
    parser = common.arguments(__doc__)
    parser.add_argument("--only", choices=["rebuild", "incremental", "headline"], nargs="*")
    args = parser.parse_args()
    suite, db, _generation = common.demo_database(args, "benchk")
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    report = {"database": db, "measured_on": dt.datetime.now().isoformat(timespec="seconds")}
    only = set(args.only or ["rebuild", "incremental", "headline"])
    try:
        with Registry(db).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company, user_env = common.demo_company(env)
            report["orders"] = env["sale.order"].search_count([("company_id", "=", company.id),
                                                               ("state", "=", "sale")])
            report["timesheets"] = env["account.analytic.line"].search_count([("company_id", "=", company.id)])
            rebuild = bench_rebuild(env)  # also gives the facts the other two read
            # Committed, as the job commits it: the facts are derived data, and
            # the incremental refresh works on facts of earlier transactions.
            cr.commit()
            if "rebuild" in only:
                report["rebuild"] = rebuild
            if "headline" in only:
                report["headline"] = bench_headline(user_env, company, dt.date.today())
        if "incremental" in only:
            report["incremental"] = bench_incremental(suite, db)
    finally:
        if not args.db:
            suite.cleanup()
    common.save("bench_kpi", report)


if __name__ == "__main__":
    main()
