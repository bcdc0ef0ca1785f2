#!/bin/bash
# One-shot init of the docker-compose demo: database, modules, demo company.
# Safe to run again: an existing database and company are left as they are.
set -euo pipefail
DB="${O2C_DB:-o2c_demo}"
SCALE="${O2C_SCALE:-1}"
DB_ARGS=(--db_host="${HOST:-db}" --db_user="${USER:-odoo}" --db_password="${PASSWORD:-odoo}")
MODULES=l10n_fr_account,o2c_pipeline,o2c_kpi,o2c_dunning,o2c_accruals

echo "o2c: installing ${MODULES} into ${DB}"
odoo "${DB_ARGS[@]}" -d "${DB}" -i "${MODULES}" --stop-after-init --no-http

echo "o2c: generating the demo company (scale ${SCALE})"
odoo shell "${DB_ARGS[@]}" -d "${DB}" --no-http --log-level=warn <<PY
company = env["res.company"].search([("name", "=", "Conseil Numérique SAS")])
if company:
    print("o2c: demo company already there, nothing to do")
else:
    result = env["o2c.demo.generator"].generate(scale=float("${SCALE}"), make_default=True)
    env.cr.commit()
    print("o2c: demo company created:", result["counts"], "timings (s):", result["timings"])
    # The KPIs at once (their jobs would compute them within the hour).
    env["o2c.billing.lag"]._refresh_queued()
    company = env["res.company"].search([("name", "=", "Conseil Numérique SAS")])
    env["o2c.receivable.history"]._refresh_company(company)
    env.cr.commit()
    print("o2c: KPIs computed")
PY
