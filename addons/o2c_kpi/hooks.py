# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).


def post_init_hook(env):
    """Queue every confirmed order: the first refresh (the hourly job, or
    *Refresh Now*) computes their billing lag."""
    env["o2c.billing.lag"]._enqueue_companies(env["res.company"].search([]))
