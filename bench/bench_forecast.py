#!/usr/bin/env python3
"""Benchmarks of the cash forecast (o2c_kpi) on the generated demo company.

    bench/bench_forecast.py --scale 1              # fresh database, generated, dropped
    bench/bench_forecast.py --db NAME [--update]   # a database with the demo company

Two measures, in one process:
1. the forecast as of the demo's last day (``o2c.cash.forecast.forecast_data``:
   every source, both horizons, three cases) against a hand-written SQL floor
   reading its three receivable sources as of that day, per document: open
   receivables (residual of each receivable line), delivered not invoiced
   (the billing lag facts) and, per order line, signed, delivered and
   invoiced (from Odoo's tables); medians of interleaved rounds, totals
   checked equal (receivables, unbilled, signed, delivered), query counts;
2. the backtest: 12 Sundays two weeks apart, the last one 13 weeks before the
   last day, forecast and baseline against the receipts that came: time,
   MAPE at 1, 4 and 13 weeks, and the figures of each date.
Results are printed and appended to bench/results/bench_forecast.jsonl.
"""

import datetime as dt
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()

# By hand: what the forecast reads of its three receivable sources on a day.
FLOOR_RECEIVABLES = """
SELECT aml.id, m.commercial_partner_id, COALESCE(aml.date_maturity, aml.date), r.residual
  FROM account_move_line aml
  JOIN account_move m ON m.id = aml.move_id AND m.move_type IN ('out_invoice', 'out_refund')
  JOIN account_account a ON a.id = aml.account_id AND a.account_type = 'asset_receivable'
 CROSS JOIN LATERAL (
       SELECT aml.balance
              - COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                           WHERE p.debit_move_id = aml.id AND p.max_date <= %(day)s), 0)
              + COALESCE((SELECT SUM(p.amount) FROM account_partial_reconcile p
                           WHERE p.credit_move_id = aml.id AND p.max_date <= %(day)s), 0) AS residual) r
 WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted' AND aml.date <= %(day)s AND r.residual <> 0
"""
FLOOR_UNBILLED = """
SELECT sale_line_id, delivered_on, SUM(amount_currency), SUM(amount)
  FROM o2c_billing_lag
 WHERE company_id = %(company)s AND delivered_on <= %(day)s
   AND (valid_from IS NULL OR valid_from <= %(day)s) AND (valid_to IS NULL OR valid_to > %(day)s)
   AND (invoiced_on IS NULL OR invoiced_on > %(day)s)
 GROUP BY 1, 2
"""
# Per order line, in the order's currency: signed, delivered (timesheets,
# milestones, manual deliveries) and invoiced (down payment lines apart) on the day.
FLOOR_LINES = """
WITH lines AS (
    SELECT sol.id, sol.qty_delivered_method AS method, sol.product_uom_qty, sol.product_uom,
           sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0) AS price, sol.price_subtotal,
           so.date_order::date AS signed_on, so.currency_id, COALESCE(sol.is_downpayment, FALSE) AS advance
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND so.company_id = %(company)s
),
delivered AS (
    SELECT id, SUM(qty) AS qty FROM (
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
         WHERE d.date <= %(day)s GROUP BY d.sale_line_id) q
  GROUP BY id
),
invoiced AS (
    SELECT r.order_line_id AS id,
           SUM(CASE WHEN m.currency_id = l.currency_id
                    THEN CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.price_subtotal
                    ELSE -aml.balance * COALESCE((
                         SELECT rate.rate FROM res_currency_rate rate
                          WHERE rate.currency_id = l.currency_id AND rate.name <= m.invoice_date
                       ORDER BY rate.company_id NULLS LAST, rate.name DESC LIMIT 1), 1.0) END) AS amount
      FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id
      JOIN account_move m ON m.id = aml.move_id JOIN lines l ON l.id = r.order_line_id
     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund') AND m.invoice_date <= %(day)s
  GROUP BY r.order_line_id
)
SELECT l.id, l.advance, CASE WHEN l.signed_on <= %(day)s AND NOT l.advance THEN l.price_subtotal ELSE 0 END,
       COALESCE(delivered.qty * l.price, 0), COALESCE(invoiced.amount, 0)
  FROM lines l LEFT JOIN delivered ON delivered.id = l.id LEFT JOIN invoiced ON invoiced.id = l.id
"""


def last_day(env, company):
    """The demo's last day: its latest timesheet."""
    env.cr.execute("SELECT MAX(date) FROM account_analytic_line WHERE company_id = %s", [company.id])
    return env.cr.fetchone()[0]


def bench_forecast(env, user_env, company, day, rounds):
    Forecast = user_env["o2c.cash.forecast"]
    Inputs = env["o2c.cash.forecast.inputs"].with_company(company)
    params = {"company": company.id, "day": day}

    def ours():
        env.invalidate_all()
        return Forecast.forecast_data(day)

    def floor():
        env.cr.execute("SET LOCAL jit = off")  # as the ledger's queries
        rows = []
        for query in (FLOOR_RECEIVABLES, FLOOR_UNBILLED, FLOOR_LINES):
            env.cr.execute(query, params)
            rows.append(env.cr.fetchall())
        return rows

    (ours_s, data), (floor_s, (receivables, unbilled, lines)) = common.interleaved(ours, floor, rounds)
    queries, _ = common.count_queries(env, ours)
    # Same inputs: the forecast's readers against the floor's rows.
    mine_receivables = sum(float(row[3]) for row in Inputs._receivables(company, day, False))
    facts, totals = Inputs._facts(company, day)
    mine_unbilled = sum(amount for pieces in facts.values() for _d, _v, amount in pieces)
    info, signed = Inputs._order_lines(company, day)
    delivering = Inputs._in_progress(company, day)
    mine_lines = [
        sum(signed.values()),
        # delivered by the convention (facts) + this period's timesheets (ledger)
        sum(totals[line]["delivered"] + (delivering.get(line, 0.0) if info[line][3] else 0.0) for line in info),
    ]
    floor_lines = [sum(float(row[i]) for row in lines) for i in (2, 3)]
    checks = {
        "receivables": [round(mine_receivables, 2), round(sum(float(r[3]) for r in receivables), 2)],
        "unbilled": [round(mine_unbilled, 2), round(sum(float(r[3]) for r in unbilled), 2)],
        "signed_delivered": [[round(v, 2) for v in mine_lines], [round(v, 2) for v in floor_lines]],
    }
    week = data["horizons"]["week"]["cases"]
    return {
        "reference": str(day), "ours_s": round(ours_s, 4), "sql_floor_s": round(floor_s, 4),
        "ratio": round(ours_s / floor_s, 2), "queries": queries,
        "floor_rows": {"receivable_lines": len(receivables), "unbilled_pieces": len(unbilled),
                       "order_lines": len(lines)},
        "inputs_equal": {key: mine == theirs for key, (mine, theirs) in checks.items()}, "inputs": checks,
        "opening": round(data["opening"], 2),
        "balance_13_weeks": {case: round(week[case]["balance"][-1], 2) for case in week},
        "receipts_13_weeks": {source: round(sum(week["expected"]["sources"][source][:13]), 2)
                              for source in ("receivables", "unbilled", "backlog", "payables")},
        "later": round(sum(week["expected"]["sources"][s][13] for s in ("receivables", "unbilled", "backlog")), 2),
        "not_expected": {key: round(value, 2) for key, value in data["not_expected"].items()},
    }


def bench_backtest(env, company, day):
    Forecast = env["o2c.cash.forecast"].with_company(company)
    dates = Forecast._backtest_dates(day)
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = Forecast._backtest(company, dates)
    seconds = time.perf_counter() - start
    return {
        "dates": [str(d) for d in dates], "seconds": round(seconds, 2), "queries": env.cr.sql_log_count - queries,
        "mape": {str(h): {k: round(v, 1) if v is not None else None for k, v in m.items()}
                 for h, m in result["mape"].items()},
        "weeks": [{"date": str(row["date"]), **{kind: [round(row[kind][h - 1]) for h in (1, 4, 13)]
                                                 for kind in ("forecast", "baseline", "actual")}}
                  for row in result["dates"]],
    }


def main():
    parser = common.arguments(__doc__)
    parser.add_argument("--update", action="store_true", help="update the o2c modules in --db first")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    suite, db, _generation = common.demo_database(args, "benchf")
    if args.db and args.update:
        code, out = suite.odoo("-d", db, "-u", ",".join(common.harness.MODULES), "--stop-after-init",
                               "--log-level=warn",
                               log=common.harness.LOG_DIR / f"bench-forecast-update-{db}.log")
        if code:
            raise SystemExit(out[-4000:])
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    report = {"database": db, "measured_on": dt.datetime.now().isoformat(timespec="seconds")}
    try:
        with Registry(db).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company, user_env = common.demo_company(env)
            Lag = env["o2c.billing.lag"]
            if Lag._queue_size() or not Lag.search_count([]):
                Lag._rebuild_all()
                cr.commit()  # derived data, as the job commits it
            day = last_day(env, company)
            report.update({
                "orders": env["sale.order"].search_count([("company_id", "=", company.id), ("state", "=", "sale")]),
                "invoices": env["account.move"].search_count([("company_id", "=", company.id),
                                                              ("move_type", "=", "out_invoice"),
                                                              ("state", "=", "posted")]),
                "billing_lag_facts": Lag.search_count([("company_id", "=", company.id)]),
                "timesheets": env["account.analytic.line"].search_count([("company_id", "=", company.id)]),
            })
            report["forecast"] = bench_forecast(env, user_env, company, day, args.rounds)
            report["backtest"] = bench_backtest(env, company, day)
            cr.rollback()
    finally:
        if not args.db:
            suite.cleanup()
    common.save("bench_forecast", report)


if __name__ == "__main__":
    main()
