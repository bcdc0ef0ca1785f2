# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Writing a run's rows in one query per table.

A daily run makes thousands of logs, notes and queued emails at once: the
ORM's create costs several times the INSERT itself for each of them
(defaults, cache, HTML sanitizing of bodies made from templates). The rows
given here are complete (no defaults, no computed fields): the callers say
what each column holds, and invalidate what the ORM cached about them.

The run writes mail.mail and mail.message rows this way only when no
installed module other than Odoo's own mail overrides their create (see
``foreign_overrides``): a module that tracks, gateways or counts emails
gets them through the ORM."""

from odoo import fields


def sql_value(value, sql_type):
    """The ORM's False is SQL's NULL, except for booleans."""
    return value if sql_type == "bool" or value is not False else None


def bulk_insert(env, table, columns, rows, constants=None):
    """INSERT ``rows`` (dicts) into ``table``: ``columns`` is ((name, SQL
    type), ...) of the values taken from each row, ``constants`` a dict of
    values for every row; create/write uid and date are added. Returns the
    new ids, in the order of ``rows``."""
    if not rows:
        return []
    cr = env.cr
    cr.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(rows)])
    ids = [row[0] for row in cr.fetchall()]
    now = fields.Datetime.now()
    constants = dict(constants or {}, create_uid=env.uid, create_date=now, write_uid=env.uid, write_date=now)
    names = ", ".join(["id", *(name for name, _type in columns), *constants])
    arrays = ", ".join(["%s::int[]", *(f"%s::{sql_type}[]" for _name, sql_type in columns)])
    values = ", ".join(["%s"] * len(constants))
    cr.execute(
        f"INSERT INTO {table} ({names}) SELECT *, {values} FROM unnest({arrays})",
        [*constants.values(), ids,
         *([sql_value(row.get(name), sql_type) for row in rows] for name, sql_type in columns)])
    return ids


def bulk_link(env, table, columns, pairs):
    """INSERT the (id, id) ``pairs`` into the many2many ``table``, whose
    two columns are ``columns``; pairs already there are left alone."""
    if pairs:
        env.cr.execute(
            f"INSERT INTO {table} ({columns[0]}, {columns[1]}) "
            "SELECT * FROM unnest(%s::int[], %s::int[]) ON CONFLICT DO NOTHING",
            [[pair[0] for pair in pairs], [pair[1] for pair in pairs]])


# Where Odoo's own create of a model may be defined: the ORM, base and mail.
OWN_MODULES = ("odoo.models", "odoo.addons.base.", "odoo.addons.mail.")


def foreign_overrides(model_class, method="create"):
    """The modules, other than Odoo's own ORM, base and mail, that override
    ``method`` of ``model_class`` (a registry class: its method resolution
    order lists each module's class): those a direct INSERT would bypass."""
    return sorted({cls.__module__ for cls in model_class.__mro__
                   if method in vars(cls) and not cls.__module__.startswith(OWN_MODULES)})
