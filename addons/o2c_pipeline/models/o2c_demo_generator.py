# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Turn the demo plan (``engine/demo_plan.py``) into a real Odoo company.

Everything is created in batches (one ``create`` per model and phase) so that
scale 1 stays under two minutes; the few per-record steps (reconciliations,
down payments) are bounded by the number of invoices, never of timesheets.
"""

import datetime as dt
import logging
import time
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..engine import demo_plan as dp

_logger = logging.getLogger(__name__)

BATCH = 2000


class O2cDemoGenerator(models.AbstractModel):
    _name = "o2c.demo.generator"
    _description = "Order to Cash demo company generator"

    @api.model
    def generate(self, seed=42, scale=1.0, today=None, company_name=None, make_default=False):
        """Create a French IT consultancy with 12 months of history.

        Callable from ``odoo shell`` (``env["o2c.demo.generator"].generate()``),
        from tests and from ``bench/``. Returns the company and, per phase, the
        seconds spent and the number of records created.
        """
        if not self.env.is_superuser() and not self.env.user.has_group("base.group_system"):
            raise UserError(self.env._("Only an administrator can generate a demo company."))
        if scale <= 0:
            raise UserError(self.env._("The scale of the demo company must be positive."))
        if isinstance(today, str):
            today = fields.Date.to_date(today)
        plan = dp.build_plan(seed=seed, scale=scale, today=today or fields.Date.context_today(self))
        name = company_name or "Conseil Numérique SAS"
        if self.env["res.company"].sudo().search_count([("name", "=", name)]):
            raise UserError(self.env._("A company named %(name)s already exists: choose another name.", name=name))
        run = _Run(self.sudo(), plan, name, seed)
        run.execute()
        if make_default:
            # From odoo shell or a script the user is the superuser: the person
            # who will log in is the administrator.
            user = self.env.ref("base.user_admin") if self.env.user._is_superuser() else self.env.user
            user.sudo().write({"company_ids": [Command.link(run.company.id)], "company_id": run.company.id})
        return {"company": run.company, "timings": run.timings, "counts": run.counts}


class _Run:
    """One generation: keeps the mapping from plan keys to records."""

    def __init__(self, env_model, plan, company_name, seed):
        self.base_env = env_model.env
        self.plan = plan
        self.company_name = company_name
        self.slug = "".join(ch for ch in company_name.lower() if ch.isalnum())[:20] + str(seed)
        self.timings = {}
        self.counts = {}
        self.plan_orders = {o.key: o for o in plan.orders}

    def _phase(self, name, method):
        start = time.perf_counter()
        count = method()
        self.timings[name] = round(time.perf_counter() - start, 2)
        self.counts[name] = count
        _logger.info("o2c demo: %s: %s records in %.1f s", name, count, self.timings[name])

    def _analyze(self):
        self.base_env.cr.execute("ANALYZE")
        return 0

    def execute(self):
        self._phase("company", self._create_company)
        self._phase("people", self._create_people)
        self._phase("customers", self._create_customers)
        self._phase("orders", self._create_orders)
        self._phase("timesheets", self._create_timesheets)
        self._phase("deliveries", self._create_deliveries)
        self._phase("invoices", self._create_invoices)
        self._phase("credit_notes", self._create_credit_notes)
        self._phase("payments", self._create_payments)
        # The tables were just filled: without fresh statistics the planner
        # takes them for empty and the pipeline's ledger query runs for minutes.
        self._phase("statistics", self._analyze)
        self._phase("pipeline", self._refresh_pipeline)
        self.env.flush_all()

    def _refresh_pipeline(self):
        # Done at commit anyway; done here so that the caller (tests, shell)
        # sees the stages in the same transaction, and the timing is known.
        orders = self.env["sale.order"].browse([o.id for o in self.orders.values()])
        orders._o2c_mark_dirty()
        self.env["sale.order"]._o2c_refresh_dirty()
        return len(orders)

    # -- company, people ---------------------------------------------------------
    def _create_company(self):
        env = self.base_env
        france = env.ref("base.fr")
        eur = env.ref("base.EUR")
        company = env["res.company"].create({
            "name": self.company_name,
            "country_id": france.id,
            "currency_id": eur.id,
            "street": "12 rue de la Paix",
            "zip": "75002",
            "city": "Paris",
            "phone": "+33 1 23 45 67 89",
        })
        env.user.write({"company_ids": [Command.link(company.id)]})
        self.company = company
        self.env = env(context=dict(env.context, allowed_company_ids=[company.id], tracking_disable=True,
                                    mail_create_nolog=True, mail_notrack=True, mail_auto_subscribe_no_notify=True))
        self.env["account.chart.template"].try_loading("fr", company, install_demo=False)
        usd = env.ref("base.USD")
        usd.active = True
        self.env["res.currency.rate"].create([
            {"name": day, "rate": rate, "currency_id": usd.id, "company_id": company.id}
            for day, rate in self.plan.usd_rates
        ])
        self.currencies = {"EUR": eur, "USD": usd}
        self.usd_pricelist = self.env["product.pricelist"].create({
            "name": "USD", "currency_id": usd.id, "company_id": company.id,
        })
        self.sale_tax = company.account_sale_tax_id
        self.bank_journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
        self.payment_terms = {}
        for days in (30, 45, 60):
            self.payment_terms[days] = self.env["account.payment.term"].create({
                "name": self.env._("%(days)s days", days=days),
                "company_id": company.id,
                "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": days})],
            })
        self._create_products()
        return 1

    def _create_products(self):
        uom_hour = self.base_env.ref("uom.product_uom_hour")
        uom_day = self.base_env.ref("uom.product_uom_day")
        uom_unit = self.base_env.ref("uom.product_uom_unit")
        common = {"type": "service", "company_id": self.company.id, "taxes_id": [Command.set(self.sale_tax.ids)]}
        vals = []
        keys = []
        for grade, _cost, price in dp.GRADES:
            keys.append((dp.TM, grade))
            vals.append(dict(common, name=f"Régie - consultant {grade}", list_price=price, uom_id=uom_hour.id,
                             uom_po_id=uom_hour.id, service_policy="delivered_timesheet",
                             service_tracking="task_in_project"))
        keys.append((dp.FIXED, None))
        vals.append(dict(common, name="Forfait projet", list_price=10000, uom_id=uom_unit.id, uom_po_id=uom_unit.id,
                         service_policy="delivered_milestones", service_tracking="task_in_project"))
        keys.append((dp.PREPAID, None))
        vals.append(dict(common, name="Pack support prépayé", list_price=90, uom_id=uom_hour.id, uom_po_id=uom_hour.id,
                         service_policy="ordered_prepaid", service_tracking="task_in_project"))
        keys.append((dp.MANUAL, None))
        vals.append(dict(common, name="Formation (jour)", list_price=1200, uom_id=uom_day.id, uom_po_id=uom_day.id,
                         service_policy="delivered_manual", service_tracking="no"))
        products = self.env["product.product"].create(vals)
        self.products = dict(zip(keys, products, strict=True))

    def _create_people(self):
        env = self.env
        groups = {
            "salesperson": [env.ref("sales_team.group_sale_salesman"), env.ref("project.group_project_user")],
            "project_manager": [env.ref("sales_team.group_sale_salesman"), env.ref("project.group_project_manager"),
                                env.ref("hr_timesheet.group_hr_timesheet_approver")],
            "collector": [env.ref("account.group_account_invoice"), env.ref("sales_team.group_sale_salesman")],
        }
        users = env["res.users"].with_context(no_reset_password=True).create([{
            "name": person.name,
            "login": f"{person.key}@{self.slug}.example.com",
            "email": f"{person.key}@{self.slug}.example.com",
            "company_id": self.company.id,
            "company_ids": [Command.set(self.company.ids)],
            "groups_id": [Command.link(group.id) for group in groups[person.role]],
        } for person in self.plan.people])
        self.users = {person.key: user for person, user in zip(self.plan.people, users, strict=True)}
        collectors = [self.users[p.key] for p in self.plan.people if p.role == "collector"]
        if collectors:
            self.company.o2c_collection_user_id = collectors[0]
        self.teams = env["crm.team"].create([
            {"name": env._("Key accounts"), "company_id": self.company.id},
            {"name": env._("Mid-market"), "company_id": self.company.id},
        ])
        employees = env["hr.employee"].create([{
            "name": consultant.name,
            "company_id": self.company.id,
            "job_title": f"Consultant {consultant.grade}",
            "hourly_cost": consultant.hourly_cost,
        } for consultant in self.plan.consultants])
        self.employees = {c.key: e for c, e in zip(self.plan.consultants, employees, strict=True)}
        return len(users) + len(employees)

    def _create_customers(self):
        env = self.env
        france = env.ref("base.fr")
        usa = env.ref("base.us")
        vals = []
        for customer in self.plan.customers:
            foreign = customer.currency != "EUR"
            vals.append({
                "name": customer.name,
                "is_company": True,
                "city": customer.city,
                "zip": customer.zip,
                "country_id": (usa if foreign else france).id,
                "email": f"comptabilite@{customer.key.replace('_', '')}.{self.slug}.example.com",
                "lang": "en_US" if foreign else "fr_FR",
                "user_id": self.users[customer.salesperson].id,
                "comment": f"Payment profile: {customer.profile}",
                "company_id": self.company.id,
            })
        lang_fr = env["res.lang"]._activate_lang("fr_FR")
        if not lang_fr:
            for v in vals:
                v["lang"] = "en_US"
        partners = env["res.partner"].create(vals)
        self.partners = {c.key: p for c, p in zip(self.plan.customers, partners, strict=True)}
        for customer, partner in zip(self.plan.customers, partners, strict=True):
            partner.with_company(self.company).write({
                "property_payment_term_id": self.payment_terms[customer.payment_term_days].id,
                **({"property_product_pricelist": self.usd_pricelist.id} if customer.currency == "USD" else {}),
            })
        return len(partners)

    # -- orders ---------------------------------------------------------------------
    def _create_orders(self):
        env = self.env
        customers = {c.key: c for c in self.plan.customers}
        vals = []
        for index, order in enumerate(self.plan.orders):
            customer = customers[order.customer]
            partner = self.partners[order.customer]
            vals.append({
                "partner_id": partner.id,
                "company_id": self.company.id,
                "user_id": self.users[order.salesperson].id,
                "team_id": self.teams[index % 2].id,
                "date_order": order.signed_on,
                "payment_term_id": self.payment_terms[customer.payment_term_days].id,
                **({"pricelist_id": self.usd_pricelist.id} if customer.currency == "USD" else {}),
                "client_order_ref": f"BC-{order.signed_on:%Y}-{index + 1:04d}",
                "order_line": [Command.create({
                    "product_id": self.products[(line.kind, line.grade)].id,
                    "name": line.name,
                    "product_uom_qty": line.quantity,
                    "price_unit": line.price_unit,
                }) for line in order.lines],
            })
        orders = env["sale.order"].create(vals)
        orders.action_confirm()
        self.orders = {o.key: rec for o, rec in zip(self.plan.orders, orders, strict=True)}
        self.lines = {}
        for order, record in self.orders_items():
            for line, sol in zip(order.lines, record.order_line, strict=True):
                self.lines[line.key] = sol
        # Confirmation stamps "now": put back the signature dates, one UPDATE.
        env.flush_all()
        env.cr.execute(
            "UPDATE sale_order SET date_order = v.signed FROM (SELECT unnest(%s::int[]) AS id, "
            "unnest(%s::timestamp[]) AS signed) v WHERE v.id = sale_order.id",
            [orders.ids, [dt.datetime.combine(o.signed_on, dt.time(9)) for o in self.plan.orders]],
        )
        orders.invalidate_recordset(["date_order"])
        # One project per order, owned by the order's project manager.
        for order, record in self.orders_items():
            projects = record.order_line.project_id
            if projects:
                projects.write({
                    "user_id": self.users[order.project_manager].id,
                    "date_start": order.start,
                    "date": order.end,
                    "allow_milestones": bool(order.milestones),
                })
        milestone_vals = []
        for order, record in self.orders_items():
            sol = record.order_line[:1]
            for milestone in order.milestones:
                milestone_vals.append({
                    "name": milestone.name,
                    "project_id": sol.project_id.id or sol.task_id.project_id.id,
                    "sale_line_id": sol.id,
                    "quantity_percentage": milestone.share,
                    "deadline": milestone.reached_on or order.end,
                    "is_reached": bool(milestone.reached_on),
                })
        milestones = env["project.milestone"].create(milestone_vals)
        reached = [(m.id, ms["deadline"]) for m, ms in zip(milestones, milestone_vals, strict=True) if ms["is_reached"]]
        if reached:
            # reached_date is computed as "today" when a milestone is reached:
            # history needs the real date.
            env.flush_all()
            env.cr.execute(
                "UPDATE project_milestone SET reached_date = v.day FROM (SELECT unnest(%s::int[]) AS id, "
                "unnest(%s::date[]) AS day) v WHERE v.id = project_milestone.id",
                [[r[0] for r in reached], [r[1] for r in reached]],
            )
            milestones.invalidate_recordset(["reached_date"])
        return len(orders)

    def orders_items(self):
        return ((order, self.orders[order.key]) for order in self.plan.orders)

    def _create_timesheets(self):
        env = self.env
        internal_project = self.company.internal_project_id
        internal_task = internal_project.task_ids[:1]
        task_of_line = {key: sol.task_id for key, sol in self.lines.items()}
        vals = []
        for sheet in self.plan.timesheets:
            if sheet.line:
                task = task_of_line[sheet.line]
                project, name = task.project_id, "Prestation"
            else:
                task, project, name = internal_task, internal_project, "Interne / avant-vente"
            vals.append({
                "date": sheet.day,
                "employee_id": self.employees[sheet.consultant].id,
                "project_id": project.id,
                "task_id": task.id,
                "unit_amount": sheet.hours,
                "name": name,
            })
        AnalyticLine = env["account.analytic.line"]
        for start in range(0, len(vals), BATCH):
            AnalyticLine.create(vals[start:start + BATCH])
            env.flush_all()
            env.invalidate_all()
        return len(vals)

    def _create_deliveries(self):
        """Training days, delivered by hand: one dated change per delivery, so
        that the ledger knows when each day was given."""
        steps = sorted(
            (day, line.key, qty)
            for order in self.plan.orders for line in order.lines if line.kind == dp.MANUAL
            for day, qty in line.deliveries
        )
        delivered = defaultdict(float)
        for day, key, qty in steps:
            delivered[key] += qty
            self.lines[key].with_context(o2c_delivery_date=day).qty_delivered = delivered[key]
        return len(steps)

    # -- invoices, credit notes, payments -----------------------------------------------
    def _create_invoices(self):
        env = self.env
        Move = env["account.move"]
        regular = [i for i in self.plan.invoices if i.kind == "regular"]
        vals = []
        for invoice in regular:
            order = self.orders[invoice.order]
            move_vals = order._prepare_invoice()
            move_vals["invoice_date"] = invoice.invoice_date
            move_vals["invoice_line_ids"] = [
                Command.create(self.lines[line_key]._prepare_invoice_line(quantity=qty))
                for line_key, qty in invoice.lines
            ]
            vals.append(move_vals)
        moves = Move.create(vals)
        self.invoices = dict(zip((i.key for i in regular), moves, strict=True))
        # Link each T&M invoice to the timesheets of the month it bills (what
        # sale_timesheet's _link_timesheets_to_invoice does, in one UPDATE).
        links = [(self.lines[invoice.lines[0][0]].id, invoice.period[0], invoice.period[1], move.id)
                 for invoice, move in zip(regular, moves, strict=True) if invoice.period]
        if links:
            env.flush_all()
            env.cr.execute(
                """
                UPDATE account_analytic_line aal SET timesheet_invoice_id = v.move_id
                  FROM (SELECT unnest(%s::int[]) AS sol_id, unnest(%s::date[]) AS date_from,
                               unnest(%s::date[]) AS date_to, unnest(%s::int[]) AS move_id) v
                 WHERE aal.so_line = v.sol_id AND aal.date BETWEEN v.date_from AND v.date_to
                   AND aal.project_id IS NOT NULL AND aal.timesheet_invoice_id IS NULL
                """,
                [list(column) for column in zip(*links, strict=True)],
            )
            env["account.analytic.line"].invalidate_model(["timesheet_invoice_id"])
        # Down payments at signature, then the final invoice deducting them.
        for invoice in (i for i in self.plan.invoices if i.kind == "down_payment"):
            order = self.orders[invoice.order]
            wizard = env["sale.advance.payment.inv"].with_context(
                active_model="sale.order", active_ids=order.ids).create({
                    "advance_payment_method": "percentage",
                    "amount": self._plan_order(invoice.order).down_payment_share * 100,
                    "sale_order_ids": [Command.set(order.ids)],
                })
            move = wizard._create_invoices(order)
            move.invoice_date = invoice.invoice_date
            self.invoices[invoice.key] = move
        for invoice in (i for i in self.plan.invoices if i.kind == "final"):
            move = self.orders[invoice.order]._create_invoices(final=True)
            move.invoice_date = invoice.invoice_date
            self.invoices[invoice.key] = move
        all_moves = Move.browse([m.id for m in self.invoices.values()])
        all_moves.action_post()
        return len(all_moves)

    def _plan_order(self, key):
        return self.plan_orders[key]

    def _create_credit_notes(self):
        env = self.env
        vals = []
        for note in self.plan.credit_notes:
            invoice = self.invoices[note.invoice]
            vals.append({
                "move_type": "out_refund",
                "partner_id": invoice.partner_id.id,
                "currency_id": invoice.currency_id.id,
                "invoice_date": note.date,
                "reversed_entry_id": invoice.id,
                "invoice_origin": invoice.invoice_origin,
                "invoice_payment_term_id": invoice.invoice_payment_term_id.id,
                "invoice_user_id": invoice.invoice_user_id.id,
                "team_id": invoice.team_id.id,
                "company_id": self.company.id,
                "ref": env._("Credit note on %(invoice)s", invoice=invoice.name),
                "invoice_line_ids": [
                    Command.create(self.lines[line_key]._prepare_invoice_line(quantity=qty))
                    for line_key, qty in note.lines
                ],
            })
        refunds = env["account.move"].create(vals)
        refunds.action_post()
        self._reconcile([(self.invoices[note.invoice], refund)
                         for note, refund in zip(self.plan.credit_notes, refunds, strict=True)])
        return len(refunds)

    def _reconcile(self, pairs):
        """Reconcile each (invoice, counterpart move) pair, all in one plan."""
        plan = []
        for invoice, counterpart_move in pairs:
            lines = (invoice.line_ids | counterpart_move.line_ids).filtered(
                lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled)
            if len(lines) > 1:
                plan.append(lines)
        if plan:
            self.env["account.move.line"]._reconcile_plan(plan)

    def _create_payments(self):
        env = self.env
        by_invoice = defaultdict(list)
        for payment in sorted(self.plan.payments, key=lambda p: p.date):
            by_invoice[payment.invoice].append(payment)
        created = 0
        # Round 1: first payment of every invoice, round 2: second instalments.
        for round_index in (0, 1):
            todo = [(key, payments[round_index]) for key, payments in by_invoice.items()
                    if len(payments) > round_index]
            vals = []
            for key, payment in todo:
                invoice = self.invoices[key]
                residual = invoice.amount_residual
                amount = invoice.currency_id.round(residual * payment.share)
                vals.append({
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": invoice.commercial_partner_id.id,
                    "amount": amount,
                    "currency_id": invoice.currency_id.id,
                    "date": payment.date,
                    "journal_id": self.bank_journal.id,
                    "memo": invoice.name,
                    "company_id": self.company.id,
                })
            payments = env["account.payment"].create(vals)
            payments.action_post()
            self._reconcile([(self.invoices[key], record.move_id)
                             for (key, _payment), record in zip(todo, payments, strict=True)])
            created += len(payments)
        return created
