"""Age buckets of unbilled work and overdue receivables."""

from o2c_kpi_engine import ageing


def test_unbilled_buckets_cover_every_day_once():
    assert [ageing.bucket(d) for d in (0, 7, 8, 15, 16, 30, 31, 60, 61, 400)] == [
        "0_7", "0_7", "8_15", "8_15", "16_30", "16_30", "31_60", "31_60", "61", "61"]
    assert ageing.bucket(-1) is None
    assert [ageing.label(k) for k, _f, _l in ageing.UNBILLED_BUCKETS] == ["0-7", "8-15", "16-30", "31-60", "61+"]


def test_overdue_buckets():
    assert [ageing.bucket(d, ageing.OVERDUE_BUCKETS) for d in (0, 1, 30, 31, 90, 91)] == [
        None, "1_30", "1_30", "31_60", "61_90", "91"]


def test_sql_case_is_the_same_rule():
    case = ageing.sql_case("age")
    assert case.startswith("CASE WHEN age >= 0 AND age <= 7 THEN '0_7'")
    assert case.endswith("WHEN age >= 61 THEN '61' END")
