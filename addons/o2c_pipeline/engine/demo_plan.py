# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Plan of a believable French IT consultancy: who works for whom, on which
day, what gets invoiced when, and when each customer pays.

Pure data and arithmetic, no Odoo import: the ORM layer
(``models/o2c_demo_generator.py``) only turns this plan into records, so the
shape of the company (profiles, delays, counts) is unit-tested without a
database. The same seed, scale and reference date always give the same plan.
"""

import datetime as dt
import random
from dataclasses import dataclass, field

HISTORY_DAYS = 365
HOURS_PER_DAY = 7.0

# Fixed-date French public holidays: nobody timesheets on them.
FRENCH_FIXED_HOLIDAYS = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}


@dataclass(frozen=True)
class PaymentProfile:
    """How a customer pays, in days relative to the due date."""

    mean_days_late: float
    spread_days: float
    partial_share: float  # share of invoices paid in two instalments
    dispute_share: float  # share of invoices left unpaid because disputed


PAYMENT_PROFILES = {
    "punctual": PaymentProfile(-1, 3, 0.0, 0.0),
    "slow": PaymentProfile(14, 7, 0.10, 0.02),
    "very_slow": PaymentProfile(45, 15, 0.25, 0.05),
    "disputing": PaymentProfile(25, 20, 0.15, 0.30),
}
# Out of 40 customers at scale 1: 18 punctual, 12 slow, 6 very slow, 4 disputing.
PROFILE_MIX = ["punctual"] * 9 + ["slow"] * 6 + ["very_slow"] * 3 + ["disputing"] * 2

# Product kinds, named after how they are delivered and invoiced.
TM = "time_and_materials"  # billed monthly on timesheets
FIXED = "fixed_price"  # billed on milestones
PREPAID = "prepaid_pack"  # invoiced upfront, consumed over months
MANUAL = "manual"  # training days, delivered quantity set by hand

GRADES = [
    # (grade, hourly cost, hourly sale price)
    ("junior", 32.0, 75.0),
    ("confirmed", 45.0, 95.0),
    ("senior", 60.0, 125.0),
]

FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Emma", "Lucie", "Claire",
    "Thomas", "Nicolas", "Julien", "Antoine", "Maxime", "Hugo", "Lucas", "Pierre", "Romain",
    "Mathieu", "Sophie", "Élodie", "Nathalie", "Karim", "Mehdi", "Yasmine", "Paul", "Louis",
    "Arthur", "Gabriel",
]
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Benali",
]
COMPANY_STEMS = [
    "Transports", "Mutuelle", "Banque", "Assurances", "Énergies", "Logistique", "Pharma",
    "Hôtellerie", "Distribution", "Immobilier", "Télécom", "Industries", "Agro", "Médias",
    "Santé", "Aéro", "Chimie", "Textile", "Bâtiment", "Retail",
]
COMPANY_NAMES = [
    "Armor", "Rhône", "Garonne", "Alpes", "Loire", "Atlantique", "Provence", "Vosges",
    "Bretagne", "Normandie", "Azur", "Léman", "Jura", "Cévennes", "Morvan", "Vendée",
]
CITIES = [
    ("Paris", "75008"), ("Lyon", "69002"), ("Nantes", "44000"), ("Lille", "59000"),
    ("Bordeaux", "33000"), ("Toulouse", "31000"), ("Rennes", "35000"), ("Marseille", "13002"),
    ("Strasbourg", "67000"), ("Grenoble", "38000"),
]


@dataclass
class Person:
    key: str
    name: str
    role: str  # salesperson, project_manager, collector


@dataclass
class Consultant:
    key: str
    name: str
    grade: str
    hourly_cost: float


@dataclass
class Customer:
    key: str
    name: str
    city: str
    zip: str
    profile: str
    currency: str  # "EUR" or "USD"
    payment_term_days: int
    salesperson: str


@dataclass
class Milestone:
    name: str
    share: float  # of the fixed-price line
    reached_on: dt.date | None


@dataclass
class OrderLine:
    key: str
    kind: str
    name: str
    quantity: float  # hours for TM and prepaid, units for fixed, days for manual
    price_unit: float  # in the customer's currency
    grade: str | None = None
    # Manual lines only: (date, delivered quantity added that day).
    deliveries: list = field(default_factory=list)


@dataclass
class Order:
    key: str
    customer: str
    kind: str
    signed_on: dt.date
    start: dt.date
    end: dt.date
    salesperson: str
    project_manager: str
    lines: list
    milestones: list = field(default_factory=list)
    down_payment_share: float = 0.0
    team_size: int = 1
    team: list = field(default_factory=list)


@dataclass
class Timesheet:
    day: dt.date
    consultant: str
    order: str | None  # None: internal (bench, pre-sales, training)
    line: str | None
    hours: float


@dataclass
class Invoice:
    key: str
    order: str
    kind: str  # "regular", "down_payment" or "final" (deducts down payments)
    invoice_date: dt.date
    due_date: dt.date
    lines: list  # [(line key, quantity)]; empty for down payment and final
    untaxed: float  # in the order currency, before down payment deduction
    period: tuple | None = None  # (first, last day) of the timesheets a T&M invoice bills


@dataclass
class CreditNote:
    key: str
    invoice: str
    date: dt.date
    lines: list  # [(line key, quantity)]
    untaxed: float


@dataclass
class Payment:
    invoice: str
    date: dt.date
    share: float  # of the invoice's amount still due once credit notes are applied


@dataclass
class Plan:
    today: dt.date
    start: dt.date
    people: list
    consultants: list
    customers: list
    orders: list
    timesheets: list
    invoices: list
    credit_notes: list
    payments: list
    usd_rates: list  # [(date, USD per EUR)]
    # Invoices the customer disputes: unpaid, for the dunning module to find.
    disputed_invoices: list = field(default_factory=list)

    def counts(self):
        return {
            "consultants": len(self.consultants),
            "customers": len(self.customers),
            "orders": len(self.orders),
            "timesheets": len(self.timesheets),
            "invoices": len(self.invoices),
            "credit_notes": len(self.credit_notes),
            "payments": len(self.payments),
        }


def is_working_day(day):
    return day.weekday() < 5 and (day.month, day.day) not in FRENCH_FIXED_HOLIDAYS


def working_days(start, end):
    """Working days from start to end, both included."""
    day = start
    days = []
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def month_end(day):
    first_next = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def _scaled(base, scale, minimum=1):
    return max(minimum, round(base * scale))


class _Planner:
    def __init__(self, seed, scale, today):
        self.rng = random.Random(seed)
        self.scale = scale
        self.today = today
        self.start = today - dt.timedelta(days=HISTORY_DAYS)
        self.orders = []
        self.invoices = []
        self.credit_notes = []
        self.payments = []
        self.disputed = []

    # -- people and customers ------------------------------------------------
    def _name(self, index):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        suffix = "" if index < len(FIRST_NAMES) * 3 else f" {index // (len(FIRST_NAMES) * 3) + 1}"
        return f"{first} {last}{suffix}"

    def people(self):
        people = []
        index = 0
        for role, base in (("salesperson", 4), ("project_manager", 6), ("collector", 1)):
            for n in range(_scaled(base, self.scale)):
                people.append(Person(f"{role}_{n}", self._name(1000 + index), role))
                index += 1
        self.salespeople = [p.key for p in people if p.role == "salesperson"]
        self.project_managers = [p.key for p in people if p.role == "project_manager"]
        return people

    def consultants(self):
        consultants = []
        for n in range(_scaled(50, self.scale)):
            grade, cost, _price = GRADES[self.rng.choices([0, 1, 2], weights=[3, 5, 2])[0]]
            consultants.append(
                Consultant(f"consultant_{n}", self._name(n), grade, cost + self.rng.randint(-3, 3))
            )
        return consultants

    def customers(self):
        customers = []
        count = _scaled(40, self.scale)
        foreign_every = 40  # one customer in a foreign currency per 40
        for n in range(count):
            stem = COMPANY_STEMS[n % len(COMPANY_STEMS)]
            name = COMPANY_NAMES[(n * 3 + n // len(COMPANY_STEMS)) % len(COMPANY_NAMES)]
            suffix = "" if n < len(COMPANY_STEMS) * len(COMPANY_NAMES) else f" {n}"
            city, zip_code = CITIES[n % len(CITIES)]
            profile = PROFILE_MIX[n % len(PROFILE_MIX)]
            # The last of every 40 customers (or of a smaller company) pays in USD.
            foreign = n % foreign_every == foreign_every - 1 or (count < foreign_every and n == count - 1)
            currency = "USD" if foreign else "EUR"
            if currency == "USD":
                name, city, zip_code = "Northwind Systems", "Boston", "02110"
                suffix = "" if n < foreign_every else f" {n // foreign_every}"
                profile = "slow"
                stem = ""
            customers.append(
                Customer(
                    key=f"customer_{n}",
                    name=f"{stem} {name}{suffix}".strip(),
                    city=city,
                    zip=zip_code,
                    profile=profile,
                    currency=currency,
                    payment_term_days=self.rng.choice([30, 30, 30, 45, 60]),
                    salesperson=self.salespeople[n % len(self.salespeople)],
                )
            )
        return customers

    # -- orders and staffing -------------------------------------------------
    def _new_order(self, kind, customer, start, months, grade=None):
        rng = self.rng
        key = f"order_{len(self.orders)}"
        end = min(month_end(start + dt.timedelta(days=30 * months)), self.today + dt.timedelta(days=180))
        signed_on = start - dt.timedelta(days=rng.randint(5, 25))
        rate = self._price(customer, {g: p for g, _c, p in GRADES}[grade or "confirmed"])
        team_size = rng.choice([1, 1, 2, 2, 3, 4]) if kind in (TM, FIXED) else 1
        lines, milestones, down_payment = [], [], 0.0
        if kind == TM:
            months_hours = team_size * 20 * HOURS_PER_DAY
            quantity = round(months_hours * months / 10) * 10
            lines.append(OrderLine(f"{key}_l0", TM, f"Régie - consultant {grade}", quantity, rate, grade))
        elif kind == FIXED:
            price = self._price(customer, round(team_size * months * 12000 / 1000) * 1000)
            lines.append(OrderLine(f"{key}_l0", FIXED, "Forfait projet", 1.0, price))
            shares = rng.choice([(0.3, 0.4, 0.3), (0.2, 0.3, 0.3, 0.2), (0.5, 0.5)])
            span = (end - start).days
            for n, share in enumerate(shares, start=1):
                due = start + dt.timedelta(days=round(span * n / len(shares)) - rng.randint(0, 10))
                reached = due if due <= self.today else None
                milestones.append(Milestone(f"Jalon {n}", share, reached))
            down_payment = 0.3 if rng.random() < 0.3 else 0.0
        order = Order(
            key=key,
            customer=customer.key,
            kind=kind,
            signed_on=signed_on,
            start=start,
            end=end,
            salesperson=customer.salesperson,
            project_manager=rng.choice(self.project_managers),
            lines=lines,
            milestones=milestones,
            down_payment_share=down_payment,
            team_size=team_size,
        )
        self.orders.append(order)
        return order

    def _price(self, customer, amount_eur):
        if customer.currency == "USD":
            return round(amount_eur * 1.1, 2)
        return amount_eur

    def staff(self, consultants, customers):
        """Walk every consultant's year: join an open mission or start a new
        one for some customer, with a few bench days in between."""
        rng = self.rng
        clock = [(self.start + dt.timedelta(days=rng.randint(0, 20)), c) for c in consultants]
        assignments = {c.key: [] for c in consultants}  # (start, end, order)
        while clock:
            clock.sort(key=lambda item: (item[0], item[1].key))
            day, consultant = clock.pop(0)
            if day > self.today:
                continue
            open_orders = [
                o for o in self.orders
                if o.kind in (TM, FIXED) and o.start <= day + dt.timedelta(days=7)
                and o.end > day + dt.timedelta(days=20) and len(o.team) < o.team_size
            ]
            if open_orders and rng.random() < 0.7:
                order = open_orders[0]
            else:
                kind = TM if rng.random() < 0.65 else FIXED
                months = rng.randint(2, 9) if kind == TM else rng.randint(2, 6)
                order = self._new_order(kind, rng.choice(customers), day, months, consultant.grade)
            order.team.append(consultant.key)
            until = order.end
            if rng.random() < 0.3:  # leaves the mission early for another one
                until = min(until, day + dt.timedelta(days=rng.randint(30, 90)))
            assignments[consultant.key].append((max(day, order.start), until, order))
            clock.append((until + dt.timedelta(days=rng.choice([1, 1, 3, 7, 10])), consultant))
        return assignments

    def side_orders(self, customers, consultants):
        """Prepaid support packs and training sessions, not staffed full time."""
        rng = self.rng
        packs = []
        for customer in customers:
            if rng.random() < 0.35:
                start = self.start + dt.timedelta(days=rng.randint(0, HISTORY_DAYS - 60))
                order = self._new_order(PREPAID, customer, start, rng.randint(3, 8))
                hours = rng.choice([40, 80, 120])
                price = self._price(customer, 90.0)
                order.lines.append(OrderLine(f"{order.key}_l0", PREPAID, f"Pack support {hours} h", hours, price))
                order.team.append(rng.choice(consultants).key)
                packs.append(order)
            if rng.random() < 0.3:
                start = self.start + dt.timedelta(days=rng.randint(0, HISTORY_DAYS - 20))
                order = self._new_order(MANUAL, customer, start, 2)
                days = rng.randint(2, 8)
                line = OrderLine(f"{order.key}_l0", MANUAL, "Formation (jour)", days, self._price(customer, 1200.0))
                delivered, day = 0, start
                while delivered < days:
                    day += dt.timedelta(days=rng.randint(1, 20))
                    if day > self.today:
                        break
                    step = min(days - delivered, rng.randint(1, 3))
                    line.deliveries.append((day, step))
                    delivered += step
                order.lines.append(line)
        return packs

    def timesheets(self, consultants, assignments, packs):
        rng = self.rng
        pack_left = {o.key: o.lines[0].quantity for o in packs}
        pack_of = {}
        for order in packs:
            pack_of.setdefault(order.team[0], []).append(order)
        sheets = []
        for consultant in consultants:
            spans = assignments[consultant.key]
            for day in working_days(self.start, self.today):
                hours = HOURS_PER_DAY
                for order in pack_of.get(consultant.key, []):
                    if order.start <= day <= order.end and pack_left[order.key] > 0 and rng.random() < 0.25:
                        spent = min(pack_left[order.key], rng.choice([1.0, 2.0, 3.5]))
                        pack_left[order.key] -= spent
                        sheets.append(Timesheet(day, consultant.key, order.key, order.lines[0].key, spent))
                        hours -= spent
                        break
                mission = next((o for s, e, o in spans if s <= day <= e and o.start <= day), None)
                if mission is not None:
                    sheets.append(Timesheet(day, consultant.key, mission.key, mission.lines[0].key, hours))
                else:
                    sheets.append(Timesheet(day, consultant.key, None, None, hours))
        return sheets

    # -- invoicing and collection ---------------------------------------------
    def _billing_delay(self):
        """Days from delivery to invoice: most within days, some weeks late."""
        draw = self.rng.random()
        if draw < 0.70:
            return self.rng.randint(0, 5)
        if draw < 0.90:
            return self.rng.randint(6, 15)
        return self.rng.randint(20, 45)

    def _invoice(self, order, customer, kind, day, lines, untaxed, period=None):
        if day > self.today:
            return None
        invoice = Invoice(
            key=f"invoice_{len(self.invoices)}",
            order=order.key,
            kind=kind,
            invoice_date=day,
            due_date=day + dt.timedelta(days=customer.payment_term_days),
            lines=lines,
            untaxed=round(untaxed, 2),
            period=period,
        )
        self.invoices.append(invoice)
        return invoice

    def invoices_for(self, orders, customers, sheets):
        rng = self.rng
        by_key = {c.key: c for c in customers}
        hours = {}
        for sheet in sheets:
            if sheet.order is not None:
                month = month_end(sheet.day)
                hours[(sheet.order, month)] = hours.get((sheet.order, month), 0.0) + sheet.hours
        for order in orders:
            customer = by_key[order.customer]
            line = order.lines[0]
            if order.kind == TM:
                months = sorted(m for (o, m) in hours if o == order.key)
                for month in months:
                    if rng.random() < 0.03:  # forgotten: delivered, never billed
                        continue
                    qty = round(hours[(order.key, month)], 2)
                    day = month + dt.timedelta(days=self._billing_delay())
                    self._invoice(order, customer, "regular", day, [(line.key, qty)], qty * line.price_unit,
                                  period=(month.replace(day=1), month))
            elif order.kind == FIXED and order.down_payment_share:
                self._invoice(order, customer, "down_payment", order.signed_on + dt.timedelta(days=rng.randint(0, 3)),
                              [], line.price_unit * order.down_payment_share)
                reached = [m.reached_on for m in order.milestones]
                if all(reached):
                    day = max(reached) + dt.timedelta(days=self._billing_delay())
                    self._invoice(order, customer, "final", day, [], line.price_unit)
            elif order.kind == FIXED:
                for milestone in order.milestones:
                    if milestone.reached_on:
                        day = milestone.reached_on + dt.timedelta(days=self._billing_delay())
                        self._invoice(order, customer, "regular", day, [(line.key, milestone.share)],
                                      milestone.share * line.price_unit)
            elif order.kind == PREPAID:
                day = order.signed_on + dt.timedelta(days=rng.randint(0, 5))
                self._invoice(order, customer, "regular", day, [(line.key, line.quantity)],
                              line.quantity * line.price_unit)
            elif order.kind == MANUAL:
                for delivered_on, qty in line.deliveries:
                    day = delivered_on + dt.timedelta(days=self._billing_delay())
                    self._invoice(order, customer, "regular", day, [(line.key, qty)], qty * line.price_unit)

    def credit_notes_and_payments(self, orders, customers):
        rng = self.rng
        order_by_key = {o.key: o for o in orders}
        customer_by_key = {c.key: c for c in customers}
        for invoice in sorted(self.invoices, key=lambda i: (i.invoice_date, i.key)):
            order = order_by_key[invoice.order]
            profile = PAYMENT_PROFILES[customer_by_key[order.customer].profile]
            credited = 0.0
            if invoice.kind == "regular" and rng.random() < 0.04:
                line_key, qty = invoice.lines[0]
                part = rng.choice([0.1, 0.25, 0.5, 1.0])
                credit_qty = round(qty * part, 2)
                credit_day = invoice.invoice_date + dt.timedelta(days=rng.randint(3, 20))
                if credit_day <= self.today and credit_qty > 0:
                    price = order.lines[0].price_unit
                    self.credit_notes.append(CreditNote(
                        f"credit_note_{len(self.credit_notes)}", invoice.key, credit_day,
                        [(line_key, credit_qty)], round(credit_qty * price, 2)))
                    credited = part
            if credited >= 1.0:
                continue
            if rng.random() < profile.dispute_share:
                self.disputed.append(invoice.key)
                continue
            late = round(rng.gauss(profile.mean_days_late, profile.spread_days))
            pay_day = max(invoice.invoice_date + dt.timedelta(days=2), invoice.due_date + dt.timedelta(days=late))
            if rng.random() < profile.partial_share:
                second = pay_day + dt.timedelta(days=rng.randint(15, 45))
                if pay_day <= self.today:
                    self.payments.append(Payment(invoice.key, pay_day, 0.5))
                    if second <= self.today:
                        self.payments.append(Payment(invoice.key, second, 1.0))
            elif pay_day <= self.today:
                self.payments.append(Payment(invoice.key, pay_day, 1.0))

    def usd_rates(self):
        rates, rate = [], 1.08
        day = self.start.replace(day=1)
        while day <= self.today:
            rates.append((day, round(rate, 4)))
            rate = min(1.18, max(1.00, rate + self.rng.uniform(-0.02, 0.02)))
            day = month_end(day) + dt.timedelta(days=1)
        return rates


def build_plan(seed=42, scale=1.0, today=None):
    """The whole demo company as plain data.

    ``scale`` multiplies consultants, customers and orders (scale 1: about 50
    consultants, 40 customers, 12 500 timesheet lines over 12 months).
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    today = today or dt.date.today()
    planner = _Planner(seed, scale, today)
    people = planner.people()
    consultants = planner.consultants()
    customers = planner.customers()
    assignments = planner.staff(consultants, customers)
    packs = planner.side_orders(customers, consultants)
    sheets = planner.timesheets(consultants, assignments, packs)
    # Orders whose whole staffing fell after today never started: drop them.
    worked = {s.order for s in sheets}
    orders = [o for o in planner.orders if o.key in worked or o.kind == MANUAL]
    planner.orders = orders
    planner.invoices_for(orders, customers, sheets)
    planner.credit_notes_and_payments(orders, customers)
    return Plan(
        today=today,
        start=planner.start,
        people=people,
        consultants=consultants,
        customers=customers,
        orders=orders,
        timesheets=sheets,
        invoices=planner.invoices,
        credit_notes=planner.credit_notes,
        payments=planner.payments,
        usd_rates=planner.usd_rates(),
        disputed_invoices=planner.disputed,
    )
