#!/usr/bin/env python3
"""Benchmark of the invoice quality gate against Odoo's own posting.

    bench/bench_quality.py --scale 10 --invoices 2000           # fresh database, generated, dropped
    bench/bench_quality.py --scale 10 --invoices 2000 --keep    # keep it for another run
    bench/bench_quality.py --db NAME --invoices 2000            # a database with the demo company

On the generated demo company, N draft customer invoices are made from its
posted ones (same customer, date, reference, terms and lines, each line
linked to its order line, so that every rule has its data), cycling over
them when N is larger. Then, each rolled back after, on the same drafts:

1. Odoo's own posting of the N drafts (``_post`` with the gate skipped);
2. the gate alone on the N drafts, every rule evaluated: the work ``_post``
   adds when every rule is set to block (values gathered, ledger read, rules
   run); its queries at N/10 and at N invoices (goal: the same number);
3. posting with every rule set to block, as a user would: the time, how
   many posted and how many the gate stopped (when it stops them all, the
   time to refuse them with one message listing every failure).

The goal: (2) adds at most 20 % to (1). Rounds alternate (1) and (2);
medians are compared. Results are printed and appended to
bench/results/bench_quality.jsonl.
"""

import datetime as dt
import statistics
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()

RULES = ("po_reference", "price_drift", "over_invoicing", "period_label", "customer_data", "payment_terms",
         "legal_mentions", "duplicate")


def make_drafts(env, company, count):
    """N draft copies of the company's posted invoices billing order lines."""
    from odoo import Command  # noqa: PLC0415

    Move = env["account.move"]
    posted = Move.search([("company_id", "=", company.id), ("move_type", "=", "out_invoice"),
                          ("state", "=", "posted"), ("invoice_line_ids.sale_line_ids", "!=", False)],
                         order="invoice_date, id")
    vals = []
    for index in range(count):
        source = posted[index % len(posted)]
        vals.append({
            "move_type": "out_invoice", "company_id": company.id, "partner_id": source.partner_id.id,
            "journal_id": source.journal_id.id, "currency_id": source.currency_id.id,
            "invoice_date": source.invoice_date, "ref": source.ref,
            "invoice_payment_term_id": source.invoice_payment_term_id.id,
            "invoice_user_id": source.invoice_user_id.id,
            "invoice_line_ids": [Command.create({
                "product_id": line.product_id.id, "name": line.name, "quantity": line.quantity,
                "product_uom_id": line.product_uom_id.id, "price_unit": line.price_unit,
                "discount": line.discount, "tax_ids": [Command.set(line.tax_ids.ids)],
                "sale_line_ids": [Command.set(line.sale_line_ids.ids)],
            }) for line in source.invoice_line_ids if line.display_type == "product"],
        })
    drafts = Move.create(vals)
    env.flush_all()
    return drafts


def rolled_back(env, function):
    """Run ``function`` in a savepoint rolled back after: (seconds, queries, result)."""
    env.flush_all()
    savepoint = env.cr.savepoint(flush=False)
    before = env.cr.sql_log_count
    start = time.perf_counter()
    result = function()
    env.flush_all()
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - before
    savepoint.close(rollback=True)
    env.invalidate_all()
    env.registry.clear_cache()
    return seconds, queries, result


def set_modes(company, mode):
    company.sudo().write({f"o2c_quality_{rule}": mode for rule in RULES})


def bench(env, company, count, rounds, with_blocking_post=True):
    drafts = make_drafts(env, company, count)
    tenth = drafts[: max(1, count // 10)]
    set_modes(company, "warn")
    env.flush_all()

    def odoo_post():
        drafts.with_context(o2c_quality_skip=True)._post(soft=False)
        return len(drafts.filtered(lambda m: m.state == "posted"))

    def gate(moves):
        def run():
            found = moves._o2c_quality_check()
            return sum(1 for failures in found.values() if failures)
        return run

    odoo_times, gate_times, gate_queries = [], [], None
    for _ in range(rounds):
        seconds, _queries, posted = rolled_back(env, odoo_post)
        assert posted == count, posted
        odoo_times.append(seconds)
        seconds, queries, flagged = rolled_back(env, gate(drafts))
        gate_times.append(seconds)
        gate_queries = queries
    _seconds, tenth_queries, _flagged = rolled_back(env, gate(tenth))

    def post_with_gate():
        from odoo.exceptions import UserError  # noqa: PLC0415

        set_modes(company, "block")
        try:
            drafts._post(soft=False)
        except UserError:  # every one of them stopped: one message lists them all
            return 0
        return len(drafts.filtered(lambda m: m.state == "posted"))

    blocking = rolled_back(env, post_with_gate) if with_blocking_post else None
    odoo_s, gate_s = statistics.median(odoo_times), statistics.median(gate_times)
    report = {
        "invoices": count,
        "odoo_post_s": round(odoo_s, 2),
        "gate_s": round(gate_s, 2),
        "overhead_pct": round(100 * gate_s / odoo_s, 1),
        "gate_queries": {str(len(tenth)): tenth_queries, str(count): gate_queries},
        "invoices_with_findings": flagged,
        "all_odoo_post_s": [round(t, 2) for t in odoo_times],
        "all_gate_s": [round(t, 2) for t in gate_times],
    }
    if blocking:
        seconds, _queries, posted = blocking
        report.update(post_every_rule_blocking_s=round(seconds, 2), posted_every_rule_blocking=posted,
                      stopped_every_rule_blocking=count - posted)
    return report


def main():
    parser = common.arguments(__doc__, scale=10.0)
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-blocking-post", action="store_true", help="skip measure 3")
    args = parser.parse_args()
    suite, db, generation = common.demo_database(args, "benchq")
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    report = {"database": db, "scale": args.scale, "measured_on": dt.datetime.now().isoformat(timespec="seconds")}
    if generation:
        report["generation_s"] = generation["total_seconds"]
    try:
        with Registry(db).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            company, user_env = common.demo_company(env, tracking_disable=True)
            report.update(bench(user_env, company.with_env(user_env), args.invoices, args.rounds,
                                 not args.no_blocking_post))
            cr.rollback()
    finally:
        if not args.db:
            suite.cleanup()
    common.save("bench_quality", report)


if __name__ == "__main__":
    main()
