#!/usr/bin/env python3
"""Screenshots of the main screens for the README, from a running Odoo.

    bench/screenshots.py --url http://localhost:8069 --db o2c_demo --out docs/screenshots

Logs in as admin/admin, drives headless Chromium through the DevTools
protocol (websocket-client, Debian's chromium) and saves one PNG per screen.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import requests
import websocket

SCREENS = {
    "pipeline_kanban": "/odoo/action-o2c_pipeline.action_o2c_pipeline",
    "pipeline_list": "/odoo/action-o2c_pipeline.action_o2c_pipeline?view_type=list",
    "weekly_report": "/odoo/action-o2c_pipeline.action_o2c_ledger_report",
    "kpi_dashboard": "/odoo/action-o2c_kpi.action_o2c_kpi_dashboard",
}


def session_cookie(url, db, login, password):
    session = requests.Session()
    response = session.post(f"{url}/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": db, "login": login, "password": password}}, timeout=60)
    response.raise_for_status()
    if response.json().get("error"):
        raise SystemExit(response.json()["error"])
    return session.cookies.get("session_id")


class Browser:
    def __init__(self, width=1440, height=900):
        self.profile = tempfile.mkdtemp()
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        self.process = subprocess.Popen([
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
            "--remote-debugging-port=9333", "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json") as response:
                    target = next(t for t in json.load(response) if t["type"] == "page")
                break
            except Exception:  # noqa: BLE001 - Chromium is still starting
                time.sleep(0.2)
        self.ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0
        self.events = []  # DevTools events received so far (Network.*, ...)

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_events(self, seconds):
        """Collect the events that arrive during ``seconds``."""
        self.ws.settimeout(0.5)
        end = time.monotonic() + seconds
        try:
            while time.monotonic() < end:
                try:
                    message = json.loads(self.ws.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                if "method" in message:
                    self.events.append(message)
        finally:
            self.ws.settimeout(60)

    def close(self):
        self.ws.close()
        self.process.terminate()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="o2c_demo")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--only", nargs="*", help="names of the screens to take (all by default)")
    parser.add_argument("--wait", type=float, default=6.0, help="seconds for a screen to load")
    args = parser.parse_args()
    cookie = session_cookie(args.url, args.db, args.login, args.password)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    browser = Browser()
    try:
        browser.call("Network.enable")
        browser.call("Network.setCookie", name="session_id", value=cookie, url=args.url)
        for name, path in SCREENS.items():
            if args.only and name not in args.only:
                continue
            browser.call("Page.navigate", url=args.url + path)
            time.sleep(args.wait)
            shot = browser.call("Page.captureScreenshot", format="png")
            (out / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"{out / name}.png")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
