#!/usr/bin/env python3
"""Generate the demo company into a fresh database and report how long each
phase took and how many records it created.

    bench/generate_demo.py --scale 1            # fresh database, dropped at the end
    bench/generate_demo.py --scale 10 --keep    # keep it for the other benchmarks
    bench/generate_demo.py --db NAME --scale 1  # into an existing database with o2c_pipeline

The fresh database comes from run-tests' cached template (Odoo's modules
without demo data), then the four o2c modules are installed into it.
Results are appended to bench/results/generate_demo.jsonl.
"""

import argparse
import datetime as dt
import json
import sys
import time
from importlib.machinery import SourceFileLoader
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
harness = SourceFileLoader("run_tests", str(ROOT / "run-tests")).load_module()


def fresh_database(suite, label):
    template = suite.template(demo=False)
    db = suite.fresh_db(template, label)
    code, out = suite.odoo("-d", db, "-i", ",".join(harness.MODULES), "--stop-after-init", "--log-level=warn",
                           "--without-demo=all", log=harness.LOG_DIR / f"bench-{db}.log")
    if code:
        sys.exit(out[-4000:])
    return db


def generate(suite, db, seed, scale, today):
    import odoo  # noqa: PLC0415 - only once Odoo is known to be importable
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config([f"--addons-path={suite.addons_path}", f"--data-dir={suite.data_dir}",
                                    "--log-level=warn", "-d", db])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        start = time.perf_counter()
        result = env["o2c.demo.generator"].generate(seed=seed, scale=scale, today=today, make_default=True)
        cr.commit()
        total = time.perf_counter() - start
    return {"timings": result["timings"], "counts": result["counts"], "total_seconds": round(total, 1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--today", default=None, help="last day of history, YYYY-MM-DD (default: today)")
    parser.add_argument("--db", help="existing database with o2c_pipeline installed")
    parser.add_argument("--keep", action="store_true", help="keep the fresh database")
    args = parser.parse_args()
    suite = harness.OdooSuite(keep=args.keep or bool(args.db))
    suite.ensure_postgres()
    db = args.db or fresh_database(suite, f"bench_s{str(args.scale).replace('.', '_')}")
    today = dt.date.fromisoformat(args.today) if args.today else None
    try:
        report = generate(suite, db, args.seed, args.scale, today)
    finally:
        if not args.db:
            suite.cleanup()
    report.update(database=db if (args.keep or args.db) else None, scale=args.scale, seed=args.seed,
                  measured_on=dt.datetime.now().isoformat(timespec="seconds"))
    print(json.dumps(report, indent=2))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    with (results / "generate_demo.jsonl").open("a") as out:
        out.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
