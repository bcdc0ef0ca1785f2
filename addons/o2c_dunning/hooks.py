# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).


def post_init_hook(env):
    """Companies other than the main one get their own reminder scenarios;
    every company gets the default rating limits and a fallback responsible
    for its reminders."""
    companies = env["res.company"].search([])
    companies._o2c_dunning_install_scenarios()
    companies._o2c_dunning_set_fallback()
    env["o2c.dunning.rating.rule"]._create_defaults(companies)
