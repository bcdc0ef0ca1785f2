#!/usr/bin/env python3
"""Benchmark of the o2c_dunning daily run against a SQL floor and OCA.

    bench/bench_dunning.py --invoices 2000            # fresh database, dropped after
    bench/bench_dunning.py --invoices 20000 --keep    # keep it for another run
    bench/bench_dunning.py --db NAME                  # a database made by --keep
    bench/bench_dunning.py --invoices 2000 --orm      # also our run forced on its ORM path

The database gets o2c_dunning and OCA's ``account_credit_control`` 18.0
(downloaded once from PyPI, pinned, unpacked under ~/.cache/o2c-bench), and
N open customer invoices of N/10 customers, due over the 60 days before the
run day and the 10 after it. Then, each in its own process so that its
memory peak is its own, on the same data and rolled back after:

1. selection: which invoice is at which step today, ours (``_due_items``)
   vs a hand-written SQL floor returning the same pairs (checked equal),
   and our query count;
2. our whole run (``run_now``: selection, logs, reminders, activities,
   rendering and queueing the emails) with the "Standard" scenario;
3. OCA's run on the same invoices, with a policy of the same levels
   (0, +7, +15, +30, +45 days; email, except a phone level at +15 and +30):
   ``generate_credit_lines``, ``set_to_ready_lines``, ``run_channel_action``.
With ``--orm``, also:

4. our whole run forced on its ORM path (emails, messages and recipients
   created through the ORM, as when another module overrides their
   creation), on the same data.

Runs 2, 3 (and 4) are repeated REPEAT times, each rolled back; their medians
are compared (all times are kept in the results). Results are printed and
appended to bench/results/bench_dunning.jsonl.
"""

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
import zipfile
from importlib.machinery import SourceFileLoader
from pathlib import Path
from statistics import median

common = SourceFileLoader("common", str(Path(__file__).resolve().parent / "common.py")).load_module()
harness = common.harness

OCA_WHEEL = "odoo-addon-account-credit-control==18.0.2.0.2.6"
CACHE = Path.home() / ".cache" / "o2c-bench"
RUN_DAY = dt.date(2026, 11, 23)
REPEAT = 3  # each side runs this many times, rolled back each time; medians are compared

# The floor: per open invoice of the company, the latest step of its
# scenario (here the company default) that is due and after the last one
# executed. Same rules as ours, written directly in SQL.
FLOOR_SQL = """
    SELECT DISTINCT ON (m.id) m.id, s.id
      FROM account_move m
      JOIN res_company c ON c.id = m.company_id
      JOIN o2c_dunning_step s ON s.scenario_id = c.o2c_dunning_scenario_id
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted' AND m.payment_state IN ('not_paid', 'partial')
       AND m.amount_residual > 0 AND m.company_id = %(company)s
       AND m.invoice_date_due + s.offset_days <= %(today)s
       AND m.amount_residual_signed >= COALESCE(s.min_amount, 0)
       AND s.offset_days > COALESCE((SELECT MAX(l.offset_days) FROM o2c_dunning_log l WHERE l.move_id = m.id),
                                    -2147483648)
     ORDER BY m.id, s.offset_days DESC
"""


def oca_addons_dir():
    """OCA's account_credit_control, from its PyPI wheel (pinned)."""
    target = CACHE / OCA_WHEEL.replace("==", "-")
    if not (target / "odoo" / "addons" / "account_credit_control").is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--dest", str(CACHE), OCA_WHEEL],
                       check=True, stdout=subprocess.DEVNULL)
        wheel = next(CACHE.glob("odoo_addon_account_credit_control-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return target / "odoo" / "addons"


def odoo_env(suite, db):
    import odoo  # noqa: PLC0415 - only once Odoo is known to be importable
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config([f"--addons-path={suite.addons_path}", f"--data-dir={suite.data_dir}",
                                    "--log-level=warn", "-d", db])
    return odoo, Registry(db)


def make_invoices(env, count, seed=7):
    """``count`` open invoices of ``count // 10`` customers, due from 60 days
    before the run day to 10 days after, in batches."""
    rng = random.Random(seed)
    company = env.company
    company.email = company.email or "billing@bench.example"
    partners = env["res.partner"].create([
        {"name": f"Bench customer {i:05d}", "email": f"ap{i:05d}@bench.example", "is_company": True}
        for i in range(max(count // 10, 1))])
    start = time.perf_counter()
    for offset in range(0, count, 500):
        values = []
        for _ in range(min(500, count - offset)):
            due = RUN_DAY + dt.timedelta(days=rng.randint(-60, 10))
            values.append({
                "move_type": "out_invoice", "partner_id": rng.choice(partners).id,
                "invoice_date": due - dt.timedelta(days=30), "invoice_date_due": due,
                "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 1,
                                             "price_unit": rng.randint(5, 400) * 50, "tax_ids": [(6, 0, [])]})],
            })
        env["account.move"].create(values).action_post()
        env.cr.commit()
    return {"customers": len(partners), "invoices": count, "creation_s": round(time.perf_counter() - start, 1)}


def peak_rss_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def phase_ours(env):
    company = env.company
    Runner = env["o2c.dunning.runner"]
    companies = company
    fast_path = env["o2c.dunning.reminder"]._fast_mail_path()
    # 1. selection vs floor, interleaved, same results
    times = {"ours": [], "floor": []}
    for _ in range(5):
        env.invalidate_all()
        start = time.perf_counter()
        items = Runner._due_items(companies, RUN_DAY)
        times["ours"].append(time.perf_counter() - start)
        start = time.perf_counter()
        env.cr.execute(FLOOR_SQL, {"company": company.id, "today": RUN_DAY})
        floor = env.cr.fetchall()
        times["floor"].append(time.perf_counter() - start)
    before = env.cr.sql_log_count
    Runner._due_items(companies, RUN_DAY)
    queries = env.cr.sql_log_count - before
    ours_pairs = {(item[2], item[1]) for item in items}
    selection = {
        "pairs": len(ours_pairs), "equal_to_floor": ours_pairs == set(floor),
        "ours_s": round(min(times["ours"]), 4), "floor_s": round(min(times["floor"]), 4),
        "ratio": round(min(times["ours"]) / min(times["floor"]), 2), "queries": queries,
    }
    return {"selection": selection, "run": whole_run(env), "fast_path": fast_path}


def whole_run(env):
    """Our whole run, REPEAT times, each rolled back."""
    Runner = env["o2c.dunning.runner"]
    companies = env.company
    runs = []
    for _ in range(REPEAT):
        mails_before = env["mail.mail"].search_count([])
        start = time.perf_counter()
        reminded = Runner.run_now(companies=companies, today=RUN_DAY)
        env.flush_all()
        run_s = time.perf_counter() - start
        runs.append({"seconds": round(run_s, 2), "customers": reminded,
                     "logs": env["o2c.dunning.log"].search_count([]),
                     "reminders": env["o2c.dunning.reminder"].search_count([]),
                     "emails_queued": env["mail.mail"].search_count([]) - mails_before,
                     "activities": env["mail.activity"].search_count([("res_model", "=", "o2c.dunning.reminder")])})
        env.cr.rollback()
        env.invalidate_all()
    return dict(runs[0], seconds=median(run["seconds"] for run in runs),
                all_seconds=[run["seconds"] for run in runs], peak_rss_mb=peak_rss_mb())


def phase_ours_orm(env):
    env = env(context=dict(env.context, o2c_dunning_orm_path=True))
    return {"fast_path": env["o2c.dunning.reminder"]._fast_mail_path(), "run": whole_run(env)}


def phase_oca(env):
    runs = []
    for _ in range(REPEAT):
        runs.append(oca_run(env))
        env.cr.rollback()
        env.invalidate_all()
    return dict(runs[0], seconds=median(run["seconds"] for run in runs),
                all_seconds=[run["seconds"] for run in runs], peak_rss_mb=peak_rss_mb())


def oca_run(env):
    company = env.company
    receivable = env["res.partner"].search([("name", "like", "Bench customer")], limit=1).property_account_receivable_id
    template = env.ref("account_credit_control.email_template_credit_control_base").copy(
        {"report_template_ids": [(5, 0, 0)]})  # no PDF: wkhtmltopdf is not there, and ours sends none either
    levels = [(1, 0, "email"), (2, 7, "email"), (3, 15, "phone"), (4, 30, "phone"), (5, 45, "email")]
    policy = env["credit.control.policy"].create({
        "name": "Same levels as Standard", "account_ids": [(6, 0, receivable.ids)],
        "level_ids": [(0, 0, {"name": f"L{level}", "level": level, "computation_mode": "net_days",
                              "delay_days": days, "channel": channel, "email_template_id": template.id,
                              "custom_text": "Reminder", "custom_mail_text": "<p>Reminder</p>"})
                      for level, days, channel in levels],
    })
    company.credit_policy_id = policy
    mails_before = env["mail.mail"].search_count([])
    env.flush_all()
    start = time.perf_counter()
    run = env["credit.control.run"].create({"date": RUN_DAY, "policy_ids": [(6, 0, policy.ids)]})
    run.generate_credit_lines()
    generated_s = time.perf_counter() - start
    run.set_to_ready_lines()
    run.run_channel_action()
    env.flush_all()
    total_s = time.perf_counter() - start
    return {"seconds": round(total_s, 2), "generate_lines_s": round(generated_s, 2),
            "lines": len(run.line_ids), "emails_queued": env["mail.mail"].search_count([]) - mails_before}


def run_phase(args):
    suite = harness.OdooSuite(keep=True)
    suite.addons_path += f",{oca_addons_dir()}"
    odoo, registry = odoo_env(suite, args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = env.ref("base.user_admin")
        env = env(user=user.id, context={"allowed_company_ids": user.company_id.ids, "tracking_disable": True})
        result = {"ours": phase_ours, "ours_orm": phase_ours_orm, "oca": phase_oca}[args.phase](env)
    print(json.dumps(result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--db", help="database made by an earlier --keep run")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--orm", action="store_true", help="also measure our run forced on its ORM path")
    parser.add_argument("--phase", choices=["ours", "ours_orm", "oca"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return run_phase(args)
    suite = harness.OdooSuite(keep=args.keep or bool(args.db))
    suite.ensure_postgres()
    report = {"measured_on": dt.datetime.now().isoformat(timespec="seconds"), "run_day": str(RUN_DAY)}
    db = args.db
    try:
        if not db:
            suite.addons_path += f",{oca_addons_dir()}"
            db = suite.fresh_db(suite.template(demo=False), f"benchd_{args.invoices}")
            code, out = suite.odoo("-d", db, "-i", "o2c_dunning,account_credit_control", "--stop-after-init",
                                   "--log-level=warn", "--without-demo=all",
                                   log=harness.LOG_DIR / f"bench-{db}.log")
            if code:
                sys.exit(out[-4000:])
            odoo, registry = odoo_env(suite, db)
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
                user = env.ref("base.user_admin")
                report["dataset"] = make_invoices(env(user=user.id, context={
                    "allowed_company_ids": user.company_id.ids, "tracking_disable": True}), args.invoices)
        report["database"] = db
        for phase in ("ours", "oca", *(["ours_orm"] if args.orm else [])):
            # Rolled-back runs leave dead rows behind (the logs, messages, emails of
            # each repetition): each side starts from a vacuumed database.
            conn = suite.connect(db)
            try:
                conn.cursor().execute("VACUUM ANALYZE")
            finally:
                conn.close()
            out = subprocess.run([sys.executable, __file__, "--phase", phase, "--db", db],
                                 check=True, capture_output=True, text=True).stdout
            report[phase] = json.loads(out.strip().splitlines()[-1])
        report["whole_run_ratio_oca_over_ours"] = round(report["oca"]["seconds"] / report["ours"]["run"]["seconds"], 2)
        if args.orm:
            report["whole_run_ratio_oca_over_ours_orm"] = round(
                report["oca"]["seconds"] / report["ours_orm"]["run"]["seconds"], 2)
    finally:
        if not (args.keep or args.db):
            suite.cleanup()
    common.save("bench_dunning", report)
    return None


if __name__ == "__main__":
    main()
