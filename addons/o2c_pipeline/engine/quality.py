"""The invoice quality gate: rules checked on a customer invoice before it
is posted, each a pure function of plain values.

The ORM layer (``account.move._o2c_quality_check``) gathers an ``Invoice``
for many invoices in a few queries and turns each ``Failure`` into a
translated message. A rule that lacks the data it needs returns a failure
with ``cannot_check=True`` ("cannot check: ..."), never an exception.
"""

import re
from dataclasses import dataclass, field

OFF, WARN, BLOCK = "off", "warn", "block"
MODES = (OFF, WARN, BLOCK)

PO_REFERENCE = "po_reference"
PRICE_DRIFT = "price_drift"
OVER_INVOICING = "over_invoicing"
PERIOD_LABEL = "period_label"
CUSTOMER_DATA = "customer_data"
PAYMENT_TERMS = "payment_terms"
LEGAL_MENTIONS = "legal_mentions"
DUPLICATE = "duplicate"
RULES = (PO_REFERENCE, PRICE_DRIFT, OVER_INVOICING, PERIOD_LABEL, CUSTOMER_DATA, PAYMENT_TERMS,
         LEGAL_MENTIONS, DUPLICATE)

EU_COUNTRIES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})

# Month names and their usual abbreviations, English and French, lower case
# and without accents (labels are folded the same way before matching).
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre",
    "decembre", "janv", "fevr", "avr", "juil",
)
_MONTH_RE = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?")
_DATE_RE = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"  # 30/11/2026, 30-11-26
    r"|\b\d{4}-\d{1,2}(-\d{1,2})?\b"  # 2026-11, 2026-11-30
    r"|\b\d{1,2}/\d{4}\b"  # 11/2026
)
_FOLD = str.maketrans("àâäéèêëîïôöûùüç", "aaaeeeeiioouuuc")
_PENALTY_RE = re.compile(r"penalit|penalt")
_INDEMNITY_RE = re.compile(r"(?<![\d,.])40([.,]00?)?\s*(€|eur\b|euros?\b)|(€|\beur)\s*40(?![\d])|quarante euros")


@dataclass(frozen=True)
class Failure:
    rule: str
    code: str  # which message: the ORM layer translates it
    params: dict = field(default_factory=dict, compare=False)
    line: str = ""  # the invoice line's label, when the failure is about one line
    cannot_check: bool = False


@dataclass
class Line:
    label: str
    quantity: float
    price_net: float  # unit price after discount, invoice currency
    # The sale order line's unit price after discount, in the same currency
    # and unit; None when it cannot be compared (reason in price_unknown).
    sale_price_net: float | None = None
    price_unknown: str = ""
    is_sale_line: bool = False
    is_down_payment: bool = False
    invoiced_on_delivery: bool = False  # invoiced on delivered quantities
    is_time_and_materials: bool = False  # delivered by timesheets
    # In the order line's unit, from the ledger: delivered up to the invoice
    # date, invoiced by posted invoices; None when unknown.
    delivered_qty: float | None = None
    invoiced_qty: float | None = None
    quantity_in_sale_unit: float | None = None


@dataclass
class Customer:
    name: str = ""
    has_address: bool = False
    email: str = ""
    country_code: str = ""
    is_company: bool = False
    vat: str = ""
    po_required: bool = False
    payment_term_id: int | None = None


@dataclass
class Invoice:
    id: int
    customer: Customer
    partner_id: int = 0  # the commercial partner: duplicates are searched among its invoices
    company_country_code: str = ""
    ref: str = ""
    order_refs: tuple = ()  # customer references of the orders it bills (client_order_ref)
    order_ids: frozenset = frozenset()
    payment_term_id: int | None = None
    company_terms: str = ""  # company's terms and the invoice's own, as text
    amount_total: float = 0.0
    currency_rounding: float = 0.01
    period: str = ""  # "2026-11": the month of the invoice date
    lines: list = field(default_factory=list)


@dataclass(frozen=True)
class Posted:
    """A posted invoice a draft could duplicate."""

    id: int
    name: str
    partner_id: int
    amount_total: float
    order_ids: frozenset
    period: str


def fold(text):
    return (text or "").lower().translate(_FOLD)


# -- the rules ---------------------------------------------------------------------
def check_po_reference(invoice):
    if not invoice.customer.po_required:
        return []
    ref = (invoice.ref or "").strip()
    refs = [r.strip() for r in invoice.order_refs if r and r.strip()]
    if not ref:
        if refs:
            return [Failure(PO_REFERENCE, "po_missing_expected", {"expected": ", ".join(refs)})]
        return [Failure(PO_REFERENCE, "po_missing")]
    if not invoice.order_ids:
        return []
    if not refs:
        return [Failure(PO_REFERENCE, "po_no_order_ref", cannot_check=True)]
    if ref not in refs and not all(r in ref for r in refs):
        return [Failure(PO_REFERENCE, "po_mismatch", {"ref": ref, "expected": ", ".join(refs)})]
    return []


def check_price_drift(invoice, tolerance_percent):
    failures = []
    for line in invoice.lines:
        if not line.is_sale_line or line.is_down_payment:
            continue
        if line.sale_price_net is None:
            failures.append(Failure(PRICE_DRIFT, "price_unknown", {"reason": line.price_unknown},
                                    line=line.label, cannot_check=True))
            continue
        drift = abs(line.price_net - line.sale_price_net)
        if drift <= invoice.currency_rounding / 2:
            continue
        if line.sale_price_net:
            percent = drift / abs(line.sale_price_net) * 100
            if percent <= tolerance_percent:
                continue
        else:
            percent = 100.0
        failures.append(Failure(PRICE_DRIFT, "price_drift", {
            "price": line.price_net, "sale_price": line.sale_price_net, "percent": round(percent, 2),
            "tolerance": tolerance_percent}, line=line.label))
    return failures


def check_over_invoicing(invoice, precision=1e-4):
    failures = []
    for line in invoice.lines:
        if not line.is_sale_line or line.is_down_payment or not line.invoiced_on_delivery or line.quantity <= 0:
            continue
        if line.delivered_qty is None or line.quantity_in_sale_unit is None:
            failures.append(Failure(OVER_INVOICING, "delivery_unknown", line=line.label, cannot_check=True))
            continue
        invoiced = (line.invoiced_qty or 0.0) + line.quantity_in_sale_unit
        if invoiced > line.delivered_qty + precision:
            failures.append(Failure(OVER_INVOICING, "over_invoiced", {
                "invoiced": round(invoiced, 4), "delivered": round(line.delivered_qty, 4),
                "already": round(line.invoiced_qty or 0.0, 4)}, line=line.label))
    return failures


def says_period(label):
    text = fold(label)
    return bool(_MONTH_RE.search(text) or _DATE_RE.search(text))


def check_period_label(invoice):
    return [Failure(PERIOD_LABEL, "no_period", line=line.label)
            for line in invoice.lines
            if line.is_time_and_materials and not line.is_down_payment and not says_period(line.label)]


def check_customer_data(invoice):
    customer = invoice.customer
    failures = []
    if not customer.has_address:
        failures.append(Failure(CUSTOMER_DATA, "no_address", {"customer": customer.name}))
    if not (customer.email or "").strip():
        failures.append(Failure(CUSTOMER_DATA, "no_email", {"customer": customer.name}))
    if customer.is_company and not (customer.vat or "").strip():
        if not customer.country_code or not invoice.company_country_code:
            failures.append(Failure(CUSTOMER_DATA, "vat_no_country", {"customer": customer.name},
                                    cannot_check=True))
        elif (customer.country_code in EU_COUNTRIES and invoice.company_country_code in EU_COUNTRIES
              and customer.country_code != invoice.company_country_code):
            failures.append(Failure(CUSTOMER_DATA, "no_vat", {"customer": customer.name}))
    return failures


def check_payment_terms(invoice):
    if not invoice.payment_term_id:
        return [Failure(PAYMENT_TERMS, "no_terms")]
    if invoice.customer.payment_term_id and invoice.payment_term_id != invoice.customer.payment_term_id:
        return [Failure(PAYMENT_TERMS, "other_terms")]
    return []


def has_legal_mentions(terms):
    """(late-payment penalty mentioned, 40 € recovery indemnity mentioned)."""
    text = fold(terms)
    return bool(_PENALTY_RE.search(text)), bool(_INDEMNITY_RE.search(text))


def check_legal_mentions(invoice):
    if not invoice.company_country_code:
        return [Failure(LEGAL_MENTIONS, "legal_no_country", cannot_check=True)]
    if invoice.company_country_code != "FR":
        return []
    penalty, indemnity = has_legal_mentions(invoice.company_terms)
    failures = []
    if not penalty:
        failures.append(Failure(LEGAL_MENTIONS, "no_penalty"))
    if not indemnity:
        failures.append(Failure(LEGAL_MENTIONS, "no_indemnity"))
    return failures


def check_duplicate(invoice, posted):
    """``posted``: posted invoices of the same customer (others ignored)."""
    for other in posted:
        if (other.id != invoice.id and other.partner_id == invoice.partner_id
                and abs(other.amount_total - invoice.amount_total) <= invoice.currency_rounding / 2
                and other.order_ids == invoice.order_ids and other.period == invoice.period):
            return [Failure(DUPLICATE, "duplicate", {"other": other.name})]
    return []


def check(invoice, modes, tolerance_percent=0.0, posted=()):
    """Every failure of ``invoice`` for the rules whose mode is not off:
    [(mode, Failure)], blocking ones first. "Cannot check" failures are
    warnings whatever the rule's mode."""
    checks = {
        PO_REFERENCE: lambda: check_po_reference(invoice),
        PRICE_DRIFT: lambda: check_price_drift(invoice, tolerance_percent),
        OVER_INVOICING: lambda: check_over_invoicing(invoice),
        PERIOD_LABEL: lambda: check_period_label(invoice),
        CUSTOMER_DATA: lambda: check_customer_data(invoice),
        PAYMENT_TERMS: lambda: check_payment_terms(invoice),
        LEGAL_MENTIONS: lambda: check_legal_mentions(invoice),
        DUPLICATE: lambda: check_duplicate(invoice, posted),
    }
    found = []
    for rule in RULES:
        mode = modes.get(rule, OFF)
        if mode == OFF:
            continue
        # A rule that could not be evaluated says so; it never blocks on
        # missing data alone.
        found.extend((WARN if failure.cannot_check else mode, failure) for failure in checks[rule]())
    found.sort(key=lambda item: item[0] != BLOCK)
    return found


def blocking(found):
    return [failure for mode, failure in found if mode == BLOCK]
