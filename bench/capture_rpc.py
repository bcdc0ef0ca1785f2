#!/usr/bin/env python3
"""Capture the ORM calls Odoo's web client makes to show a screen.

    bench/capture_rpc.py --url http://localhost:8069 --db o2c_demo > bench/client_calls.json

Opens the Order to Cash kanban and Odoo's own quotations list in headless
Chromium (as admin/admin) and prints, per screen, the data-loading calls
(``web_read_group``, ``web_search_read``, ``read_progress_bar``) with their
exact specification and limits. ``bench_pipeline.py`` replays them, so the
kanban benchmark measures what the browser really asks for, not a guess.
Run it again when the kanban or the quotations list view changes.
"""

import argparse
import json
import sys

from screenshots import SCREENS, Browser, session_cookie

LOADERS = ("web_read_group", "web_search_read", "read_progress_bar")
CAPTURED = {
    "kanban": SCREENS["pipeline_kanban"],
    "quotations": "/odoo/action-sale.action_quotations_with_onboarding",
}
# Context keys that depend on the session, replaced by the benchmark's own.
SESSION_KEYS = ("uid", "allowed_company_ids", "params", "tz", "current_company_id")


def rpc_calls(events):
    for event in events:
        if event.get("method") != "Network.requestWillBeSent":
            continue
        request = event["params"]["request"]
        if "/web/dataset/call_kw" in request["url"] and request.get("postData"):
            params = json.loads(request["postData"])["params"]
            if params["method"] in LOADERS:
                context = params["kwargs"].pop("context", {})
                params["kwargs"]["context"] = {k: v for k, v in context.items() if k not in SESSION_KEYS}
                yield params


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="o2c_demo")
    parser.add_argument("--wait", type=float, default=8.0, help="seconds for a screen to load")
    args = parser.parse_args()
    cookie = session_cookie(args.url, args.db, "admin", "admin")
    browser = Browser()
    captured = {}
    try:
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session_id", value=cookie, url=args.url)
        for name, path in CAPTURED.items():
            browser.events.clear()
            browser.call("Page.navigate", url=args.url + path)
            browser.wait_events(args.wait)
            captured[name] = list(rpc_calls(browser.events))
            browser.call("Page.navigate", url="about:blank")
    finally:
        browser.close()
    json.dump(captured, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
