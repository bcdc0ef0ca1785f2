# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Pure Python engines of o2c_accruals: no Odoo import, tested with pytest."""
