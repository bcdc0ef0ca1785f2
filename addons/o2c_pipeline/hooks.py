# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tools import sql


def post_init_hook(env):
    """Start the ledger on an existing database: manual quantities delivered
    before install are dated by their line's last change, every company gets
    its stuck thresholds, and every confirmed order its stage."""
    env.cr.execute(
        """
        INSERT INTO o2c_manual_delivery (sale_line_id, order_id, company_id, date, quantity,
                                         user_id, create_uid, write_uid, create_date, write_date)
        SELECT sol.id, sol.order_id, sol.company_id, sol.write_date::date, sol.qty_delivered,
               sol.write_uid, %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
          FROM sale_order_line sol
          JOIN sale_order so ON so.id = sol.order_id
         WHERE sol.qty_delivered_method = 'manual' AND sol.qty_delivered <> 0 AND so.state = 'sale'
        """,
        {"uid": env.uid},
    )
    env["o2c.stage.threshold"]._create_defaults(env["res.company"].search([]))
    env["sale.order"].search([("state", "=", "sale")])._o2c_refresh_pipeline()


def uninstall_hook(env):
    # The events view is not a model's table: Odoo does not know to drop it.
    sql.drop_view_if_exists(env.cr, "o2c_ledger_billing")
    sql.drop_view_if_exists(env.cr, "o2c_ledger_event")
    sql.drop_view_if_exists(env.cr, "o2c_ledger_billing_event")
