"""The invoice quality gate's rules, on plain values."""

import pytest
from o2c_pipeline_engine import quality as q


def invoice(**kwargs):
    customer = kwargs.pop("customer", None) or q.Customer(
        name="Armor", has_address=True, email="ap@armor.fr", country_code="FR", is_company=True,
        vat="FR23334175221", payment_term_id=7)
    values = {"id": 1, "customer": customer, "partner_id": 10, "company_country_code": "FR",
              "payment_term_id": 7, "amount_total": 1200.0, "period": "2026-11", "order_ids": frozenset({5}),
              "company_terms": "Pénalités de retard : 3 fois le taux d'intérêt légal. "
                               "Indemnité forfaitaire pour frais de recouvrement : 40 €."}
    values.update(kwargs)
    return q.Invoice(**values)


def line(**kwargs):
    values = {"label": "Conseil novembre 2026", "quantity": 10.0, "price_net": 100.0, "sale_price_net": 100.0,
              "is_sale_line": True}
    values.update(kwargs)
    return q.Line(**values)


def codes(failures):
    return [(f.code, f.cannot_check) for f in failures]


# -- PO reference ------------------------------------------------------------------
def test_po_reference_only_for_customers_requiring_it():
    assert q.check_po_reference(invoice()) == []


@pytest.mark.parametrize(
    ("ref", "order_refs", "expected"),
    [
        ("", ("BC-1",), [("po_missing_expected", False)]),
        ("", (), [("po_missing", False)]),
        ("BC-2", ("BC-1",), [("po_mismatch", False)]),
        ("BC-1", ("BC-1",), []),
        (" BC-1 ", ("BC-1",), []),
        ("BC-1 / BC-2", ("BC-1", "BC-2"), []),  # two orders, both references given
        ("BC-9", (), [("po_no_order_ref", True)]),  # nothing to compare with
    ],
)
def test_po_reference(ref, order_refs, expected):
    customer = q.Customer(po_required=True)
    assert codes(q.check_po_reference(invoice(customer=customer, ref=ref, order_refs=order_refs))) == expected


# -- price drift -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("price", "sale_price", "tolerance", "expected"),
    [
        (100.0, 100.0, 0.0, []),
        (100.004, 100.0, 0.0, []),  # rounding noise
        (101.0, 100.0, 1.0, []),  # at the tolerance
        (101.5, 100.0, 1.0, [("price_drift", False)]),
        (90.0, 100.0, 5.0, [("price_drift", False)]),  # lower is a drift too
        (10.0, 0.0, 50.0, [("price_drift", False)]),  # free on the order, charged on the invoice
    ],
)
def test_price_drift(price, sale_price, tolerance, expected):
    found = q.check_price_drift(invoice(lines=[line(price_net=price, sale_price_net=sale_price)]), tolerance)
    assert codes(found) == expected


def test_price_drift_names_the_line_and_skips_lines_without_order():
    inv = invoice(lines=[line(label="Audit", price_net=120.0), line(label="Travel", is_sale_line=False,
                                                                     sale_price_net=None)])
    [failure] = q.check_price_drift(inv, 5.0)
    assert failure.line == "Audit"
    assert failure.params["percent"] == 20.0


def test_price_drift_cannot_check_without_comparable_price():
    inv = invoice(lines=[line(sale_price_net=None, price_unknown="another currency")])
    assert codes(q.check_price_drift(inv, 1.0)) == [("price_unknown", True)]


# -- over-invoicing ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("qty", "delivered", "already", "expected"),
    [
        (10.0, 10.0, 0.0, []),
        (10.0, 12.0, 2.0, []),
        (10.0, 12.0, 3.0, [("over_invoiced", False)]),
        (10.0, 9.5, 0.0, [("over_invoiced", False)]),
        (10.0, None, 0.0, [("delivery_unknown", True)]),
    ],
)
def test_over_invoicing(qty, delivered, already, expected):
    inv = invoice(lines=[line(quantity=qty, quantity_in_sale_unit=qty, invoiced_on_delivery=True,
                              delivered_qty=delivered, invoiced_qty=already)])
    assert codes(q.check_over_invoicing(inv)) == expected


def test_over_invoicing_ignores_ordered_quantity_lines_and_credit():
    inv = invoice(lines=[line(quantity=10.0, quantity_in_sale_unit=10.0, delivered_qty=0.0),
                         line(quantity=-2.0, quantity_in_sale_unit=-2.0, delivered_qty=0.0,
                              invoiced_on_delivery=True)])
    assert q.check_over_invoicing(inv) == []


# -- period in T&M labels -----------------------------------------------------------
@pytest.mark.parametrize(
    ("label", "says"),
    [
        ("Conseil - novembre 2026", True),
        ("Consulting November 2026", True),
        ("Régie février", True),
        ("Regie fevrier", True),
        ("Dev (Nov. 2026)", True),
        ("Conseil du 01/11/2026 au 30/11/2026", True),
        ("Consulting 2026-11", True),
        ("Conseil 11/2026", True),
        ("Conseil", False),
        ("Senior developer day rate", False),
        ("", False),
    ],
)
def test_says_period(label, says):
    assert q.says_period(label) is says


def test_period_label_only_on_time_and_materials_lines():
    inv = invoice(lines=[line(label="Conseil", is_time_and_materials=True), line(label="Forfait")])
    assert [f.line for f in q.check_period_label(inv)] == ["Conseil"]


# -- customer data --------------------------------------------------------------------
def test_customer_complete():
    assert q.check_customer_data(invoice()) == []


def test_customer_missing_address_and_email():
    customer = q.Customer(name="X", country_code="FR", is_company=True, vat="FR1")
    assert codes(q.check_customer_data(invoice(customer=customer))) == [("no_address", False), ("no_email", False)]


@pytest.mark.parametrize(
    ("country", "is_company", "vat", "expected"),
    [
        ("DE", True, "", [("no_vat", False)]),  # EU business in another country
        ("DE", True, "DE123456789", []),
        ("DE", False, "", []),  # a private person
        ("FR", True, "", []),  # same country
        ("US", True, "", []),  # outside the EU
        ("", True, "", [("vat_no_country", True)]),
    ],
)
def test_customer_vat(country, is_company, vat, expected):
    customer = q.Customer(name="X", has_address=True, email="a@b.c", country_code=country, is_company=is_company,
                          vat=vat)
    assert codes(q.check_customer_data(invoice(customer=customer))) == expected


# -- payment terms ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("terms", "agreed", "expected"),
    [(7, 7, []), (None, 7, [("no_terms", False)]), (8, 7, [("other_terms", False)]), (8, None, [])],
)
def test_payment_terms(terms, agreed, expected):
    customer = q.Customer(payment_term_id=agreed)
    assert codes(q.check_payment_terms(invoice(customer=customer, payment_term_id=terms))) == expected


# -- legal mentions ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("country", "terms", "expected"),
    [
        ("FR", "Late payment penalties: 3 times the legal rate. Fixed recovery indemnity: EUR 40.", []),
        ("FR", "Indemnité forfaitaire de recouvrement : 40 euros", [("no_penalty", False)]),
        ("FR", "Pénalités de retard au taux de 10 %", [("no_indemnity", False)]),
        ("FR", "", [("no_penalty", False), ("no_indemnity", False)]),
        ("FR", "Pénalités ; indemnité de 400 €", [("no_indemnity", False)]),  # 400 is not 40
        ("BE", "", []),  # French mentions for French companies
        ("", "", [("legal_no_country", True)]),
    ],
)
def test_legal_mentions(country, terms, expected):
    assert codes(q.check_legal_mentions(invoice(company_country_code=country, company_terms=terms))) == expected


# -- duplicates ------------------------------------------------------------------------
def test_duplicate():
    inv = invoice()
    same = q.Posted(2, "INV/2026/0002", 10, 1200.0, frozenset({5}), "2026-11")
    assert codes(q.check_duplicate(inv, [same])) == [("duplicate", False)]
    assert q.check_duplicate(inv, [q.Posted(2, "X", 10, 1200.0, frozenset({5}), "2026-10")]) == []
    assert q.check_duplicate(inv, [q.Posted(2, "X", 10, 1100.0, frozenset({5}), "2026-11")]) == []
    assert q.check_duplicate(inv, [q.Posted(2, "X", 11, 1200.0, frozenset({5}), "2026-11")]) == []
    assert q.check_duplicate(inv, [q.Posted(2, "X", 10, 1200.0, frozenset({6}), "2026-11")]) == []
    assert q.check_duplicate(inv, [q.Posted(1, "X", 10, 1200.0, frozenset({5}), "2026-11")]) == []  # itself


# -- modes ------------------------------------------------------------------------------
def test_check_follows_the_modes_blocking_first():
    inv = invoice(payment_term_id=None, lines=[line(label="Conseil", is_time_and_materials=True)])
    modes = {q.PERIOD_LABEL: q.WARN, q.PAYMENT_TERMS: q.BLOCK}
    found = q.check(inv, modes)
    assert [(mode, f.code) for mode, f in found] == [(q.BLOCK, "no_terms"), (q.WARN, "no_period")]
    assert [f.code for f in q.blocking(found)] == ["no_terms"]
    assert q.check(inv, {q.PERIOD_LABEL: q.OFF, q.PAYMENT_TERMS: q.OFF}) == []
    assert q.check(inv, {}) == []


def test_cannot_check_never_blocks():
    inv = invoice(company_country_code="")
    found = q.check(inv, {q.LEGAL_MENTIONS: q.BLOCK})
    assert [(mode, f.code) for mode, f in found] == [(q.WARN, "legal_no_country")]
    assert q.blocking(found) == []
