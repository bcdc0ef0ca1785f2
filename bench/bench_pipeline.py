#!/usr/bin/env python3
"""Benchmarks of o2c_pipeline on the generated demo company.

    bench/bench_pipeline.py --scale 1             # fresh database, generated, dropped
    bench/bench_pipeline.py --db NAME             # a database with the demo company

Three measures, each as a ratio to a floor measured in the same run:
1. ledger: delivered / invoiced / collected / signed per order line as of a
   date, through the ORM (``o2c.ledger.amounts_as_of``) vs a hand-written SQL
   query on Odoo's tables computing the same sums; and its query count;
2. timesheet import: ``account.analytic.line.load`` (the import) of 100 and
   1 000 lines, and the queries the pipeline refresh then costs;
3. kanban: the calls the web client makes to open the pipeline kanban
   (``read_progress_bar``, ``web_read_group`` by stage, the first page of
   cards of every unfolded column), vs those of Odoo's quotations list
   (``web_search_read``, first page), both replayed from
   bench/client_calls.json, captured in Chromium by bench/capture_rpc.py.
Results are printed and appended to bench/results/bench_pipeline.jsonl.
"""

import datetime as dt
import json
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()
ROOT = common.ROOT
interleaved, count_queries = common.interleaved, common.count_queries

FLOOR_SQL = """
-- By hand, on Odoo's tables: per order line, signed / delivered / invoiced /
-- collected as of a day, in the order currency and in the company currency
-- (deliveries converted at the rate of their day), down payments apart.
WITH lines AS (
    SELECT sol.id, sol.qty_delivered_method AS method, sol.product_uom_qty,
           sol.price_unit * (1 - COALESCE(sol.discount, 0) / 100.0) AS price, sol.price_subtotal,
           so.date_order::date AS signed_on, so.currency_rate, sol.product_uom,
           so.currency_id, so.company_id, so.currency_id <> c.currency_id AS foreign_currency
      FROM sale_order_line sol JOIN sale_order so ON so.id = sol.order_id
      JOIN res_company c ON c.id = so.company_id
     WHERE so.state = 'sale' AND sol.display_type IS NULL AND NOT COALESCE(sol.is_downpayment, FALSE)
       AND so.company_id = ANY(%(companies)s)
),
delivered_by_day AS (
    SELECT aal.so_line AS id, aal.date, SUM(aal.unit_amount / tu.factor) * MIN(lu.factor) AS qty
      FROM account_analytic_line aal JOIN lines l ON l.id = aal.so_line AND l.method = 'timesheet'
      JOIN uom_uom tu ON tu.id = aal.product_uom_id JOIN uom_uom lu ON lu.id = l.product_uom
     WHERE aal.project_id IS NOT NULL AND aal.date <= %(day)s GROUP BY aal.so_line, aal.date
    UNION ALL
    SELECT m.sale_line_id, m.reached_date, m.quantity_percentage * l.product_uom_qty
      FROM project_milestone m JOIN lines l ON l.id = m.sale_line_id AND l.method = 'milestones'
     WHERE m.is_reached AND m.reached_date <= %(day)s
    UNION ALL
    SELECT d.sale_line_id, d.date, SUM(d.quantity)
      FROM o2c_manual_delivery d JOIN lines l ON l.id = d.sale_line_id AND l.method = 'manual'
     WHERE d.date <= %(day)s GROUP BY d.sale_line_id, d.date
),
delivered AS (
    SELECT l.id, SUM(d.qty * l.price) AS amount,
           SUM(d.qty * l.price / CASE WHEN NOT l.foreign_currency THEN 1.0 ELSE COALESCE((
               SELECT r.rate FROM res_currency_rate r
                WHERE r.currency_id = l.currency_id AND (r.company_id = l.company_id OR r.company_id IS NULL)
                  AND r.name <= d.date ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1), 1.0) END)
               AS amount_company
      FROM delivered_by_day d JOIN lines l ON l.id = d.id GROUP BY l.id
),
inv_lines AS (
    -- invoice lines in the order currency: the invoice's own amounts when it
    -- is in the order's currency, else its booked value at the invoice date's rate
    SELECT r.order_line_id AS id, aml.move_id, -aml.balance AS amount_company,
           CASE WHEN m.currency_id = l.currency_id
                THEN CASE WHEN m.move_type = 'out_refund' THEN -1 ELSE 1 END * aml.price_subtotal
                WHEN NOT l.foreign_currency THEN -aml.balance
                ELSE -aml.balance * COALESCE((
                    SELECT r.rate FROM res_currency_rate r
                     WHERE r.currency_id = l.currency_id AND (r.company_id = l.company_id OR r.company_id IS NULL)
                       AND r.name <= m.invoice_date ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1), 1.0)
           END AS amount, m.invoice_date
      FROM sale_order_line_invoice_rel r JOIN account_move_line aml ON aml.id = r.invoice_line_id
      JOIN account_move m ON m.id = aml.move_id JOIN lines l ON l.id = r.order_line_id
     WHERE m.state = 'posted' AND m.move_type IN ('out_invoice', 'out_refund')
),
inv AS (
    SELECT id, SUM(amount) AS amount, SUM(amount_company) AS amount_company
      FROM inv_lines WHERE invoice_date <= %(day)s GROUP BY id
),
paid AS (
    -- the share of each invoice paid by the day, in the invoice's currency
    SELECT il.move_id, SUM(CASE WHEN p.debit_move_id = il.id THEN p.debit_amount_currency
                                ELSE p.credit_amount_currency END) / NULLIF(ABS(MIN(im.amount_total)), 0) AS share
      FROM account_partial_reconcile p
      JOIN account_move_line il ON il.id = p.debit_move_id OR il.id = p.credit_move_id
      JOIN account_move im ON im.id = il.move_id AND im.state = 'posted'
           AND im.move_type IN ('out_invoice', 'out_refund')
      JOIN account_account a ON a.id = il.account_id AND a.account_type = 'asset_receivable'
      JOIN account_move_line ol ON ol.id = CASE WHEN p.debit_move_id = il.id THEN p.credit_move_id
                                                ELSE p.debit_move_id END
      JOIN account_move om ON om.id = ol.move_id AND om.move_type NOT IN ('out_invoice', 'out_refund')
     WHERE p.max_date <= %(day)s
  GROUP BY il.move_id
),
col AS (
    SELECT il.id, SUM(il.amount * paid.share) AS amount, SUM(il.amount_company * paid.share) AS amount_company
      FROM paid JOIN inv_lines il ON il.move_id = paid.move_id
  GROUP BY il.id
)
SELECT l.id,
       CASE WHEN l.signed_on <= %(day)s THEN l.price_subtotal ELSE 0 END,
       COALESCE(delivered.amount, 0), COALESCE(inv.amount, 0), COALESCE(col.amount, 0),
       CASE WHEN l.signed_on <= %(day)s THEN l.price_subtotal / COALESCE(NULLIF(l.currency_rate, 0), 1) ELSE 0 END,
       COALESCE(delivered.amount_company, 0), COALESCE(inv.amount_company, 0), COALESCE(col.amount_company, 0)
  FROM lines l
  LEFT JOIN delivered ON delivered.id = l.id LEFT JOIN inv ON inv.id = l.id LEFT JOIN col ON col.id = l.id
"""


def bench_ledger(env, day):
    Ledger = env["o2c.ledger"]

    def ours():
        env.invalidate_all()
        return Ledger.amounts_as_of(day)

    def floor():
        env.cr.execute("SET LOCAL jit = off")  # same setting as ours: JIT would cost seconds on both
        env.cr.execute(FLOOR_SQL, {"day": day, "companies": env.companies.ids})  # the user's companies, as ours
        return env.cr.fetchall()

    (ours_s, ours_result), (floor_s, floor_rows) = interleaved(ours, floor, rounds=9)
    queries, _ = count_queries(env, ours)
    # Same sums: compare the grand totals of both.
    kinds = ["signed", "delivered", "invoiced", "collected"]
    ours_totals = {}
    for c, suffix in ((0, ""), (1, "_company")):
        for k in kinds:
            ours_totals[k + suffix] = round(sum(v.get(k, (0, 0))[c] for v in ours_result.values()), 0)
    floor_totals = {}
    for c, suffix in ((1, ""), (5, "_company")):
        for i, k in enumerate(kinds):
            floor_totals[k + suffix] = round(sum(row[c + i] or 0 for row in floor_rows), 0)
    return {
        "lines": len(floor_rows), "ours_s": round(ours_s, 4), "sql_floor_s": round(floor_s, 4),
        "ratio": round(ours_s / floor_s, 2), "queries": queries,
        "totals_equal": ours_totals == floor_totals, "totals": ours_totals, "floor_totals": floor_totals,
    }


def bench_import(env, company, sizes=(100, 1000)):
    """Import timesheets (``load``, what the import screen calls) on the
    company's running T&M tasks, and count the queries of the pipeline
    refresh they trigger (it runs when the import's savepoint is flushed).
    Rolled back after each size."""
    tasks = env["project.task"].search([("company_id", "=", company.id), ("sale_line_id", "!=", False),
                                        ("sale_line_id.qty_delivered_method", "=", "timesheet")], limit=40)
    employees = env["hr.employee"].search([("company_id", "=", company.id)], limit=40)
    SaleOrder = type(env["sale.order"])
    original = SaleOrder._o2c_refresh_pipeline
    spent = {"queries": 0, "orders": 0, "calls": 0, "seconds": 0.0}

    def counting_refresh(self):
        before, start = self.env.cr.sql_log_count, time.perf_counter()
        result = original(self)
        spent["queries"] += self.env.cr.sql_log_count - before
        spent["seconds"] += time.perf_counter() - start
        spent["orders"] += len(self)
        spent["calls"] += 1
        return result

    results = {}
    fields = ["name", "date", "employee_id/.id", "project_id/.id", "task_id/.id", "unit_amount"]
    SaleOrder._o2c_refresh_pipeline = counting_refresh
    try:
        for size in sizes:
            rows = [[f"Import {n}", str(dt.date.today()), str(employees[n % len(employees)].id),
                     str(tasks[n % len(tasks)].project_id.id), str(tasks[n % len(tasks)].id), "1.5"]
                    for n in range(size)]
            spent.update(queries=0, orders=0, calls=0, seconds=0.0)
            env.cr.execute("SAVEPOINT bench_import")
            start = time.perf_counter()
            queries, result = count_queries(
                env, lambda rows=rows: env["account.analytic.line"].load(fields, rows))
            env.cr.flush()
            seconds = time.perf_counter() - start
            assert not result["messages"], result["messages"][:3]
            env.cr.execute("ROLLBACK TO SAVEPOINT bench_import")
            env.invalidate_all()
            results[size] = {"import_queries": queries, "import_s": round(seconds, 2),
                             "refresh_calls": spent["calls"], "orders_refreshed": spent["orders"],
                             "refresh_queries": spent["queries"], "refresh_s": round(spent["seconds"], 3)}
    finally:
        SaleOrder._o2c_refresh_pipeline = original
    small, large = results[sizes[0]], results[sizes[-1]]
    results["refresh_query_ratio"] = round(large["refresh_queries"] / max(small["refresh_queries"], 1), 2)
    return results


def replay(env, calls, limit=None, domain=None):
    """A function that replays web-client calls captured by capture_rpc.py,
    with a fresh cache each time as a new HTTP request has."""
    def run():
        env.invalidate_all()
        loaded = 0
        for call in calls:
            kwargs = dict(call["kwargs"])
            context = dict(kwargs.pop("context"), **env.context)
            if call["method"] == "web_search_read":
                if limit:
                    kwargs["limit"] = limit
                if domain is not None:
                    kwargs["domain"] = domain
            result = getattr(env[call["model"]].with_context(context), call["method"])(*call["args"], **kwargs)
            if call["method"] == "web_search_read":
                loaded += len(result["records"])
        return loaded
    return run


def bench_kanban(env):
    """The calls Odoo 18's web client makes for the pipeline kanban (column
    bars, ``web_read_group``, one ``web_search_read`` per unfolded column
    with the view's page size) and for Odoo's quotations list, replayed from
    bench/client_calls.json (captured by bench/capture_rpc.py). The list is
    replayed over all orders: its default "My Quotations" filter leaves the
    administrator of the demo company an empty list."""
    calls = json.loads((ROOT / "bench" / "client_calls.json").read_text())
    kanban = replay(env, calls["kanban"])
    quotations = replay(env, calls["quotations"], domain=[])
    kanban_80 = replay(env, calls["kanban"], limit=80)
    # Many rounds: both are tens of milliseconds on a noisy machine.
    (kanban_s, cards), (list_s, rows) = interleaved(kanban, quotations, rounds=31)
    (kanban_80_s, cards_80), (list_80_s, _) = interleaved(kanban_80, quotations, rounds=31)
    kanban_queries, _ = count_queries(env, kanban)
    list_queries, _ = count_queries(env, quotations)
    card_limit = next(c["kwargs"]["limit"] for c in calls["kanban"] if c["method"] == "web_search_read")
    return {"orders": env["sale.order"].search_count([("state", "=", "sale")]),
            "cards_per_column": card_limit, "cards": cards, "list_rows": rows,
            "kanban_s": round(kanban_s, 4), "quotations_list_s": round(list_s, 4),
            "ratio": round(kanban_s / list_s, 2),
            "kanban_queries": kanban_queries, "quotations_queries": list_queries,
            # what the same kanban would cost at the action's default page of 80
            "at_80_cards": {"cards": cards_80, "kanban_s": round(kanban_80_s, 4),
                            "quotations_list_s": round(list_80_s, 4), "ratio": round(kanban_80_s / list_80_s, 2)}}


def main():
    args = common.arguments(__doc__).parse_args()
    suite, db, _generation = common.demo_database(args, "benchp")
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    report = {"database": db, "measured_on": dt.datetime.now().isoformat(timespec="seconds")}
    try:
        with Registry(db).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company, user_env = common.demo_company(env)
            report["timesheets"] = env["account.analytic.line"].search_count([("company_id", "=", company.id)])
            report["ledger"] = bench_ledger(user_env, dt.date.today())
            report["import"] = bench_import(user_env, company)
            report["kanban"] = bench_kanban(user_env)
            cr.rollback()
    finally:
        if not args.db:
            suite.cleanup()
    common.save("bench_pipeline", report)


if __name__ == "__main__":
    main()
