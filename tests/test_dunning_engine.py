"""The reminder calendar engine of o2c_dunning, by hand-computed cases."""

import datetime as dt

from o2c_dunning_engine import scenario as sc

# "Standard": -5, 0, +7, +15 (call), +30 (escalation), +45 (formal notice,
# only above 100).
STANDARD = [sc.Step(1, -5), sc.Step(2, 0), sc.Step(3, 7), sc.Step(4, 15), sc.Step(5, 30), sc.Step(6, 45, 100.0)]
DUE = dt.date(2026, 3, 10)


def day(n):
    return DUE + dt.timedelta(days=n)


def follow(invoice_kwargs, days):
    """Run the engine every day in ``days`` (offsets from the due date) and
    return {offset_of_run_day: step_id} of what was executed."""
    last = None
    done = {}
    for n in days:
        step = sc.choose_step(STANDARD, sc.Invoice(1, DUE, last_offset=last, **invoice_kwargs), day(n))
        if step:
            done[n] = step.id
            last = step.offset
    return done


def test_day_by_day_every_step_once_on_its_day():
    assert follow({"residual": 500.0}, range(-20, 60)) == {-5: 1, 0: 2, 7: 3, 15: 4, 30: 5, 45: 6}


def test_catch_up_runs_only_the_latest_due_step():
    # Runs on days -10 and -5, then nothing until +20: +7 and +15 were
    # missed; only +15 (the latest due) runs on day +20, then +30 as usual.
    assert follow({"residual": 500.0}, [-10, -5, 20, 21, 30]) == {-5: 1, 20: 4, 30: 5}


def test_invoice_posted_late_starts_at_its_current_step():
    # First run 3 days after the due date: the due-day step, not the preventive one.
    assert follow({"residual": 500.0}, [3, 4, 7]) == {3: 2, 7: 3}


def test_minimum_amount_skips_the_formal_notice_for_small_balances():
    assert follow({"residual": 60.0}, range(-20, 60)) == {-5: 1, 0: 2, 7: 3, 15: 4, 30: 5}


def test_paid_or_paused_invoices_get_nothing():
    assert sc.choose_step(STANDARD, sc.Invoice(1, DUE, residual=0.0), day(10)) is None
    assert sc.choose_step(STANDARD, sc.Invoice(1, DUE, residual=10.0, paused=True), day(10)) is None
    assert sc.choose_step(STANDARD, sc.Invoice(1, None, residual=10.0), day(10)) is None


def test_steps_in_any_order():
    shuffled = list(reversed(STANDARD))
    assert sc.choose_step(shuffled, sc.Invoice(1, DUE, 10.0, last_offset=0), day(8)).id == 3
    assert sc.choose_step(shuffled, sc.Invoice(1, DUE, 10.0, last_offset=45), day(90)) is None


def test_validate_steps():
    assert sc.validate_steps([]) == [(sc.NO_STEPS,)]
    assert sc.validate_steps([("a", -5, True), ("b", 0, True)]) == []
    assert sc.validate_steps([("a", 0, True), ("b", 0, True)]) == [(sc.SAME_OFFSET, "a", "b", 0)]
    assert sc.validate_steps([("a", 7, True), ("b", 0, False)]) == [
        (sc.UNORDERED, "a", "b", 7, 0), (sc.NO_ACTION, "b")]


def test_promise_state():
    promised = dt.date(2026, 4, 1)
    # 300 promised for 1 April, 3 days of grace.
    assert sc.promise_state(promised, 3, 300, 0, 500, dt.date(2026, 4, 4)) == "open"
    assert sc.promise_state(promised, 3, 300, 0, 500, dt.date(2026, 4, 5)) == "broken"
    assert sc.promise_state(promised, 3, 300, 300, 200, dt.date(2026, 4, 5)) == "kept"
    assert sc.promise_state(promised, 3, 300, 100, 0, dt.date(2026, 3, 20)) == "kept"


def test_group_reminders():
    items = [(7, 2, 30, True), (7, 2, 10, True), (7, 3, 20, True), (8, 2, 40, True)]
    assert sc.group_reminders(items, sc.PER_STEP) == [(7, 2, [10, 30]), (7, 3, [20]), (8, 2, [40])]
    assert sc.group_reminders(items, sc.PER_INVOICE) == [(7, 2, [10]), (7, 2, [30]), (7, 3, [20]), (8, 2, [40])]


def test_one_reminder_per_customer_and_day_in_the_tone_of_its_most_advanced_step():
    # Customer 7: two invoices at step 2 (-5 days), one at step 3 (+7): one reminder, led by step 3.
    offsets = {2: -5, 3: 7, 4: 45}
    items = [(7, 2, 30, True), (7, 2, 10, True), (7, 3, 20, True), (8, 2, 40, True)]
    assert sc.group_reminders(items, sc.PER_DAY, offsets) == [(7, 3, [10, 20, 30]), (8, 2, [40])]
    assert sc.group_reminders(items, offsets=offsets) == sc.group_reminders(items, sc.PER_DAY, offsets)
    # A step that waits for a review (kind False) is not held up with, nor holds up, the others.
    items.append((7, 4, 50, False))
    assert sc.group_reminders(items, sc.PER_DAY, offsets) == [(7, 4, [50]), (7, 3, [10, 20, 30]), (8, 2, [40])]


def test_a_step_moved_later_is_not_executed_twice():
    # Step 3 ran at +7, then its day was changed to +10: on day +12 it is
    # after the last offset (7) but already done, so nothing runs.
    moved = [sc.Step(2, 0), sc.Step(3, 10), sc.Step(4, 15)]
    invoice = sc.Invoice(1, DUE, 100.0, last_offset=7, done_step_ids=frozenset({2, 3}))
    assert sc.choose_step(moved, invoice, day(12)) is None
    assert sc.choose_step(moved, invoice, day(15)).id == 4


def test_ab_group_is_stable_and_splits():
    groups = [sc.ab_group(partner, 42) for partner in range(1, 201)]
    assert groups == [sc.ab_group(partner, 42) for partner in range(1, 201)]
    assert 80 < groups.count("B") < 120  # about half
    assert sc.ab_group(7, 42) in "AB"
