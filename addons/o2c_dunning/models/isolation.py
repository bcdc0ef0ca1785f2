# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""One customer's failure must never stop a run for everyone."""

import logging

import psycopg2

_logger = logging.getLogger(__name__)


def apart(cr, records, parts, run, failed):
    """``run(records)`` in a savepoint; should it fail, ``run(part)`` for
    each of ``parts`` (recordsets or lists splitting ``records``), each in a
    savepoint of its own, and ``failed(part, error)`` for those that fail.
    Returns the union (or sum) of what the runs return. The database's own
    errors (serialization, lock, lost connection) are raised: the whole run
    is then tried again."""
    try:
        with cr.savepoint():
            return run(records)
    except psycopg2.OperationalError:
        raise
    except Exception:
        _logger.info("Payment reminders: a batch failed; trying its customers one by one.", exc_info=True)
    results = None
    for part in parts():
        try:
            with cr.savepoint():
                result = run(part)
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # noqa: BLE001
            failed(part, error)
            continue
        results = result if results is None else results + result
    return results
