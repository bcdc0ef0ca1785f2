# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Which reminder step is due for an invoice today: pure Python, no Odoo.

A scenario is a list of steps, each ``offset`` days from the invoice's due
date (negative: before it, 0: on the day, positive: after it). Each run
executes, for every open invoice that is not paused, the *latest* step that
is due and that comes after the last step already executed: after days
without runs, an invoice jumps to the step it should be at instead of
receiving every missed reminder at once.
"""

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass

# Problems of a scenario's steps, reported by validate_steps().
NO_STEPS = "no_steps"
SAME_OFFSET = "same_offset"
UNORDERED = "unordered"
NO_ACTION = "no_action"


@dataclass(frozen=True)
class Step:
    id: int
    offset: int
    min_amount: float = 0.0


@dataclass(frozen=True)
class Invoice:
    id: int
    due_date: dt.date
    residual: float  # company currency, what the step's minimum is compared with
    last_offset: int | None = None  # offset of the last step executed, if any
    paused: bool = False  # dispute open, promise running, customer excluded
    done_step_ids: frozenset = frozenset()  # steps already executed (even if their day changed since)


def validate_steps(steps):
    """Problems of steps given in their display order as ``(name, offset,
    has_action)``: a list of ``(problem, *details)``, empty when valid."""
    if not steps:
        return [(NO_STEPS,)]
    problems = []
    for (name_a, offset_a, _action), (name_b, offset_b, _action_b) in itertools.pairwise(steps):
        if offset_a == offset_b:
            problems.append((SAME_OFFSET, name_a, name_b, offset_a))
        elif offset_a > offset_b:
            problems.append((UNORDERED, name_a, name_b, offset_a, offset_b))
    problems.extend((NO_ACTION, name) for name, _offset, has_action in steps if not has_action)
    return problems


def choose_step(steps, invoice, today):
    """The step to execute today for ``invoice``, or None.

    ``steps`` are the invoice's scenario steps (any order). Only steps after
    the last executed one count; among those already due whose minimum
    amount the residual reaches, the latest wins (catch-up without bursts).
    """
    if invoice.paused or invoice.residual <= 0 or invoice.due_date is None:
        return None
    days = (today - invoice.due_date).days
    best = None
    for step in steps:
        if step.offset > days:
            continue
        if invoice.last_offset is not None and step.offset <= invoice.last_offset:
            continue
        if step.id in invoice.done_step_ids:
            continue
        if invoice.residual + 1e-9 < (step.min_amount or 0.0):
            continue
        if best is None or step.offset > best.offset:
            best = step
    return best


def promise_state(promised_date, grace_days, promised_amount, paid_since, residual, today):
    """``kept`` once the customer paid the promised amount (or everything),
    ``broken`` when the promised date plus grace passed without it, else
    ``open`` (reminders stay paused)."""
    if residual <= 0 or paid_since + 1e-9 >= promised_amount:
        return "kept"
    if today > promised_date + dt.timedelta(days=grace_days):
        return "broken"
    return "open"


def ab_group(partner_id, scenario_id):
    """"A" or "B": a customer's side of a scenario's A/B test, stable from
    one run to the next and independent between scenarios (the same
    formula is used in SQL by the daily run)."""
    digest = hashlib.md5(f"{partner_id}-{scenario_id}".encode(), usedforsecurity=False).hexdigest()
    return "B" if int(digest[:7], 16) % 2 else "A"


# How a run groups the due steps of a customer into reminders (and so emails).
PER_DAY = "day"  # one per customer and day: all its steps due that day, in the tone of the most advanced
PER_STEP = "step"  # one per customer and step
PER_INVOICE = "invoice"  # one per invoice


def group_reminders(items, mode=PER_DAY, offsets=None):
    """Group ``(partner_id, step_id, invoice_id, kind)`` items into
    reminders; items of different ``kind`` (e.g. sent automatically or
    after a review) never share one. ``offsets`` gives each step's day, for
    PER_DAY: a reminder's lead step is its most advanced one. Returns a
    list of ``(partner_id, lead_step_id, [invoice_ids])`` in a stable
    order; each invoice keeps its own step."""
    offsets = offsets or {}
    groups = {}
    for partner_id, step_id, invoice_id, kind in items:
        key = {PER_DAY: (partner_id, kind), PER_STEP: (partner_id, kind, step_id),
               PER_INVOICE: (partner_id, kind, step_id, invoice_id)}[mode]
        groups.setdefault(key, []).append((step_id, invoice_id))
    reminders = []
    for key, members in sorted(groups.items(), key=lambda group: tuple(map(str, group[0]))):
        lead = max(members, key=lambda member: (offsets.get(member[0], 0), member[0]))[0]
        reminders.append((key[0], lead, sorted(invoice_id for _step, invoice_id in members)))
    return reminders
