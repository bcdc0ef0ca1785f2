"""What the benchmarks share: the database with the generated demo company
(made afresh, or given with --db), the company and its administrator, the
interleaved timing of two functions, and where the results go."""

import argparse
import json
import statistics
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
harness = SourceFileLoader("run_tests", str(ROOT / "run-tests")).load_module()
generate_demo = SourceFileLoader("generate_demo", str(ROOT / "bench" / "generate_demo.py")).load_module()
COMPANY = "Conseil Numérique SAS"  # the generator's company


def arguments(doc, scale=1.0):
    """A parser with the options of every benchmark on the demo company:
    --scale, --db, --keep; the benchmark adds its own."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--scale", type=float, default=scale)
    parser.add_argument("--db", help="database with the demo company already generated")
    parser.add_argument("--keep", action="store_true")
    return parser


def demo_database(args, label):
    """(suite, database, the generator's report or None): ``args.db``, else
    a fresh database named after ``label`` with the demo company generated
    at ``args.scale``. Odoo is configured for that database either way; the
    suite drops what it made on ``cleanup()`` unless --keep or --db."""
    suite = harness.OdooSuite(keep=args.keep or bool(args.db))
    suite.ensure_postgres()
    if not args.db:
        db = generate_demo.fresh_database(suite, f"{label}_s{str(args.scale).replace('.', '_')}")
        return suite, db, generate_demo.generate(suite, db, 42, args.scale, None)
    import odoo  # noqa: PLC0415 - only once Odoo is known to be importable

    odoo.tools.config.parse_config([f"--addons-path={suite.addons_path}", f"--data-dir={suite.data_dir}",
                                    "--log-level=warn", "-d", args.db])
    return suite, args.db, None


def demo_company(env, **context):
    """The demo company, and an environment of the administrator on it, in
    English (with ``context`` added)."""
    company = env["res.company"].search([("name", "=", COMPANY)], limit=1)
    admin = env.ref("base.user_admin")
    admin.company_ids |= company
    return company, env(user=admin.id, context={"allowed_company_ids": company.ids, "lang": "en_US", **context})


def interleaved(ours, theirs, rounds):
    """Median wall time and last result of each function, run alternately
    after one warm-up each, so that the machine's noise hits both alike."""
    times = ([], [])
    results = [ours(), theirs()]
    for _ in range(rounds):
        for index, function in enumerate((ours, theirs)):
            start = time.perf_counter()
            results[index] = function()
            times[index].append(time.perf_counter() - start)
    return [(statistics.median(times[i]), results[i]) for i in (0, 1)]


def count_queries(env, function):
    before = env.cr.sql_log_count
    result = function()
    return env.cr.sql_log_count - before, result


def save(name, report):
    """Print the report and append it to bench/results/``name``.jsonl."""
    print(json.dumps(report, indent=2, default=str))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    with (results / f"{name}.jsonl").open("a") as out:
        out.write(json.dumps(report, default=str) + "\n")
