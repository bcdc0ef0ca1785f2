"""Stage rules of the pipeline, on plain numbers."""

import datetime as dt

import pytest
from o2c_pipeline_engine import pipeline as pl

D = dt.date


@pytest.mark.parametrize(
    ("signed", "delivered", "invoiced", "collected", "stage"),
    [
        (1000, 0, 0, 0, pl.SIGNED),
        (1000, 400, 0, 0, pl.TO_INVOICE),  # delivered, not billed
        (1000, 400, 400, 0, pl.INVOICED),  # billed, money due
        (1000, 400, 400, 400, pl.IN_DELIVERY),  # nothing waiting, 600 to deliver
        (1000, 1000, 1000, 1000, pl.COLLECTED),
        (1000, 1200, 1200, 1200, pl.COLLECTED),  # T&M over the estimate
        (1000, 0, 1000, 0, pl.INVOICED),  # prepaid, invoiced upfront
        (1000, 0, 1000, 1000, pl.SIGNED),  # prepaid and paid, nothing delivered yet
        (1000, 1000, 1000, 999.99, pl.INVOICED),  # one cent still due
        (1000, 1000, 999.999, 999.999, pl.COLLECTED),  # rounding noise is not a leak
    ],
)
def test_stage_of(signed, delivered, invoiced, collected, stage):
    assert pl.stage_of(pl.Totals(signed, delivered, invoiced, collected)) == stage


def test_timeline_gives_the_day_the_current_stage_started():
    # Signed Jan 5; 800 delivered Jan 20 (to invoice); invoiced Feb 2 once
    # 1 500 delivered (invoiced); 1 000 more delivered Feb 10 (to invoice).
    events = [
        (D(2026, 1, 20), pl.DELIVERED, 800),
        (D(2026, 1, 31), pl.DELIVERED, 700),
        (D(2026, 2, 2), pl.INVOICED_EVENT, 1500),
        (D(2026, 2, 10), pl.DELIVERED, 1000),
        (D(2026, 2, 15), pl.INVOICED_EVENT, -500),
        (D(2026, 3, 1), pl.COLLECTED_EVENT, 500),
    ]
    totals, stage, since = pl.stage_timeline(D(2026, 1, 5), 10000, reversed(events))
    assert (totals.delivered, totals.invoiced, totals.collected) == (2500, 1000, 500)
    assert totals.to_invoice == 1500 and totals.due == 500
    assert (stage, since) == (pl.TO_INVOICE, D(2026, 2, 10))


def test_timeline_without_events_is_signed_since_signature():
    assert pl.stage_timeline(D(2026, 1, 5), 10000, [])[1:] == (pl.SIGNED, D(2026, 1, 5))


def test_events_of_one_day_count_together():
    # Delivered and invoiced the same day: never "to invoice".
    events = [(D(2026, 2, 1), pl.INVOICED_EVENT, 300), (D(2026, 2, 1), pl.DELIVERED, 300)]
    assert pl.stage_timeline(D(2026, 1, 5), 1000, events)[1:] == (pl.INVOICED, D(2026, 2, 1))


def test_unknown_event_kind():
    with pytest.raises(ValueError):
        pl.stage_timeline(D(2026, 1, 5), 10, [(D(2026, 1, 6), "shipped", 1)])


def test_stuck_uses_the_threshold_of_the_stage():
    thresholds = {pl.SIGNED: 30, pl.TO_INVOICE: 5}
    today = D(2026, 3, 1)
    assert pl.is_stuck(pl.TO_INVOICE, D(2026, 2, 20), today, thresholds)  # 9 days > 5
    assert not pl.is_stuck(pl.TO_INVOICE, D(2026, 2, 24), today, thresholds)  # 5 days, not more
    assert not pl.is_stuck(pl.SIGNED, D(2026, 2, 1), today, thresholds)  # 28 days <= 30
    assert not pl.is_stuck(pl.COLLECTED, D(2020, 1, 1), today, thresholds)  # never stuck
    assert pl.days_in_stage(D(2026, 2, 20), today) == 9
    assert pl.stuck_since_before(today, 5) == D(2026, 2, 24)


def test_events_dated_ahead_wait_for_their_day():
    # A timesheet entered five weeks ahead (Mar 9) and an invoice dated ahead
    # (Feb 20) do not count on Feb 2; the first of them says when to look again.
    events = [
        (D(2026, 1, 20), pl.DELIVERED, 800),
        (D(2026, 3, 9), pl.DELIVERED, 400),
        (D(2026, 2, 20), pl.INVOICED_EVENT, 800),
        (D(2026, 2, 2), pl.COLLECTED_EVENT, 0),
    ]
    past, next_day = pl.split_at(events, D(2026, 2, 2))
    assert past == [events[0], events[3]]
    assert next_day == D(2026, 2, 20)
    assert pl.split_at(events, D(2026, 3, 9)) == (events, None)
    assert pl.split_at([], D(2026, 3, 9)) == ([], None)
