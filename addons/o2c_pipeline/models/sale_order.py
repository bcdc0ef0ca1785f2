# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..engine import pipeline
from .account_move import QUALITY_STATES
from .o2c_ledger import INVOICED_IN_ORDER_CURRENCY

STAGE_SELECTION = [
    (pipeline.SIGNED, "Signed"),
    (pipeline.IN_DELIVERY, "In delivery"),
    (pipeline.TO_INVOICE, "To invoice"),
    (pipeline.INVOICED, "Invoiced"),
    (pipeline.COLLECTED, "Collected"),
]
DIRTY_KEY = "o2c.pipeline.dirty_orders"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    o2c_stage = fields.Selection(
        STAGE_SELECTION, "Pipeline Stage", readonly=True, copy=False, index=True, group_expand=True,
        help="Where the order stands in the chain signed → delivered → invoiced → collected, from its "
        "ledger: recomputed when a timesheet, milestone, delivery, invoice, credit note or payment changes.")
    o2c_stage_date = fields.Date(
        "In Stage Since", readonly=True, copy=False,
        help="The day the order entered its stage; only what is dated up to today counts, never later.")
    o2c_next_event_date = fields.Date(
        "Next Dated Event", readonly=True, copy=False, index="btree_not_null",
        help="The first day after today on which something of this order is dated (work entered ahead, an "
        "invoice dated ahead): the daily job looks at the order again that day.")
    o2c_days_in_stage = fields.Integer("Days in Stage", compute="_compute_o2c_stage_age")
    o2c_is_stuck = fields.Boolean(
        "Stuck", compute="_compute_o2c_stage_age", search="_search_o2c_is_stuck",
        help="In its stage for longer than the company's threshold for that stage.")
    o2c_signed_amount = fields.Monetary("Signed Value", readonly=True, copy=False)
    o2c_delivered_amount = fields.Monetary("Delivered Value", readonly=True, copy=False)
    o2c_invoiced_amount = fields.Monetary(
        "Invoiced Value", readonly=True, copy=False,
        help="Posted invoices minus credit notes on the order lines; down payments are advances, "
        "counted once the final invoice deducts them.")
    o2c_collected_amount = fields.Monetary("Collected Value", readonly=True, copy=False)
    o2c_to_invoice_amount = fields.Monetary(
        "Delivered, Not Invoiced", readonly=True, copy=False,
        help="Value delivered and not yet invoiced (untaxed).")
    o2c_advance_amount = fields.Monetary(
        "Down Payments Held", readonly=True, copy=False,
        help="Down payments invoiced and not yet deducted by a final invoice.")
    o2c_overdue_amount = fields.Monetary(
        "Overdue", readonly=True, copy=False, help="Amount of the order's invoices past their due date.")
    o2c_stage_amount = fields.Monetary(
        "Stage Value", readonly=True, copy=False, currency_field="o2c_company_currency_id",
        help="What is at stake at the current stage, in the company currency: value left to deliver "
        "(signed, in delivery), to invoice, to collect, or collected.")
    o2c_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency", store=True)
    o2c_collection_user_id = fields.Many2one(
        "res.users", "Collections Owner", tracking=True, check_company=True,
        default=lambda self: self.env.company.o2c_collection_user_id,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="Who follows the payment of this order's invoices (owner of the Invoiced stage).")
    o2c_health = fields.Selection(
        [("ok", "On track"), ("overdue", "Overdue"), ("blocked", "Blocked")], "Health",
        compute="_compute_o2c_health", store=True,
        help="Blocked, else overdue, else on track: the colours of the pipeline's column bars.")
    o2c_project_manager_id = fields.Many2one(
        "res.users", "Project Manager", compute="_compute_o2c_project_manager_id", store=True)
    o2c_owner_id = fields.Many2one(
        "res.users", "Step Owner", compute="_compute_o2c_owner_id", store=True, index=True,
        help="Salesperson while signed, project manager while in delivery or to invoice, collections "
        "owner while invoiced.")

    o2c_invoice_quality = fields.Selection(
        QUALITY_STATES, "Draft Invoice Check", compute="_compute_o2c_invoice_quality",
        help="What the quality gate says of the order's draft invoices (the worst of them): passes, to "
        "check (warnings), or blocked. Empty without a draft invoice.")
    o2c_blocked = fields.Boolean("Blocked", readonly=True, copy=False, tracking=True, index=True)
    o2c_block_reason_id = fields.Many2one(
        "o2c.block.reason", "Block Reason", readonly=True, copy=False, tracking=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]")
    o2c_block_note = fields.Text("Block Note", readonly=True, copy=False)

    @api.constrains("o2c_blocked", "o2c_block_reason_id")
    def _check_o2c_block_reason(self):
        for order in self:
            if order.o2c_blocked and not order.o2c_block_reason_id:
                raise ValidationError(self.env._("Order %(order)s is blocked: give the reason.", order=order.name))

    # -- computes -------------------------------------------------------------------
    @api.depends("project_id.user_id", "order_line.project_id.user_id", "order_line.task_id.project_id.user_id")
    def _compute_o2c_project_manager_id(self):
        for order in self:
            projects = order.project_id | order.order_line.project_id | order.order_line.task_id.project_id
            order.o2c_project_manager_id = projects.user_id[:1]

    def _compute_o2c_invoice_quality(self):
        drafts = self.invoice_ids.filtered(lambda m: m.move_type == "out_invoice" and m.state == "draft")
        # One gate run for the drafts of every order shown.
        states = dict(zip(drafts, drafts.mapped("o2c_quality_state"), strict=True))
        rank = {"pass": 0, "warn": 1, "block": 2}
        for order in self:
            mine = [states[move] for move in order.invoice_ids if states.get(move)]
            order.o2c_invoice_quality = max(mine, key=rank.get) if mine else False

    @api.depends("o2c_blocked", "o2c_overdue_amount")
    def _compute_o2c_health(self):
        for order in self:
            order.o2c_health = "blocked" if order.o2c_blocked else "overdue" if order.o2c_overdue_amount > 0 else "ok"

    @api.depends("o2c_stage", "user_id", "o2c_project_manager_id", "o2c_collection_user_id")
    def _compute_o2c_owner_id(self):
        owners = {
            "salesperson": lambda o: o.user_id,
            "project_manager": lambda o: o.o2c_project_manager_id,
            "collections": lambda o: o.o2c_collection_user_id,
        }
        for order in self:
            role = pipeline.OWNER_ROLE.get(order.o2c_stage)
            order.o2c_owner_id = owners[role](order) if role else False

    @api.depends("o2c_stage", "o2c_stage_date", "company_id")
    def _compute_o2c_stage_age(self):
        # One method for both fields: "today" (the user's time zone) and the
        # thresholds are looked up once per batch of cards, not once per field.
        today = fields.Date.context_today(self)
        thresholds = {company: company._o2c_stuck_thresholds() for company in self.company_id}
        for order in self:
            order.o2c_days_in_stage = pipeline.days_in_stage(order.o2c_stage_date, today)
            order.o2c_is_stuck = pipeline.is_stuck(
                order.o2c_stage, order.o2c_stage_date, today, thresholds.get(order.company_id, {}))

    def _search_o2c_is_stuck(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search on stuck orders with = or != and a boolean."))
        today = fields.Date.context_today(self)
        stuck = []
        for company in self.env.companies:
            for stage, limit in company._o2c_stuck_thresholds().items():
                stuck.append([
                    ("company_id", "=", company.id),
                    ("o2c_stage", "=", stage),
                    ("o2c_stage_date", "<", pipeline.stuck_since_before(today, limit)),
                ])
        domain = expression.OR(stuck) if stuck else expression.FALSE_DOMAIN
        positive = (operator == "=") == value
        return domain if positive else ["!", *domain]

    # -- the refresh ------------------------------------------------------------------
    def _o2c_mark_dirty(self, since=None):
        """Recompute these orders' pipeline before the transaction commits,
        in one batch whatever the number of events that touched them.

        ``since``: the earliest date of the delivered or invoiced events that
        changed (readers of the ledger, such as the billing lag, recompute
        from there): None when unknown (everything may have moved),
        ``date.max`` when no delivered or invoiced event moved (a payment)."""
        if not self.ids:
            return
        data = self.env.cr.precommit.data
        if DIRTY_KEY not in data:
            data[DIRTY_KEY] = {}
            env = self.env
            self.env.cr.precommit.add(lambda: env["sale.order"]._o2c_refresh_dirty())
        dirty = data[DIRTY_KEY]
        for order_id in self.ids:
            if order_id in dirty:
                previous = dirty[order_id]
                dirty[order_id] = None if previous is None or since is None else min(previous, since)
            else:
                dirty[order_id] = since

    @api.model
    def _o2c_refresh_dirty(self):
        dirty = self.env.cr.precommit.data.pop(DIRTY_KEY, {})
        if dirty:
            self._o2c_refresh_changed(dirty)

    @api.model
    def _o2c_refresh_changed(self, dirty):
        """``dirty``: {order id: since} of the orders whose ledger moved in
        this transaction (see _o2c_mark_dirty). Readers of the ledger that
        keep figures of their own (the KPIs) extend this."""
        self.sudo().browse(sorted(dirty))._o2c_refresh_pipeline()

    def _o2c_refresh_pipeline(self):
        """Stage, stage date and amounts of these orders from the ledger: one
        query for the events, one UPDATE. Orders that are not confirmed
        leave the pipeline."""
        if not self:
            return
        self.env.flush_all()
        cr = self.env.cr
        self.env["o2c.ledger"]._no_jit()
        cr.execute(
            """
            SELECT ev.order_id, ev.date, ev.kind, ev.is_advance,
                   SUM(ev.amount_currency), SUM(ev.amount)
              FROM o2c_ledger_event ev
             WHERE ev.order_id = ANY(%s)
          GROUP BY ev.order_id, ev.date, ev.kind, ev.is_advance
            """,
            [self.ids],
        )
        events = defaultdict(list)
        for order_id, day, kind, is_advance, amount_currency, amount in cr.fetchall():
            events[order_id].append((day, kind, is_advance, amount_currency or 0.0, amount or 0.0))
        # As of today: work entered ahead, milestones, deliveries and invoices
        # dated ahead count from their day on, when the daily job comes back.
        today = fields.Date.context_today(self)
        overdue = self._o2c_overdue_amounts(today)
        rows = []
        for order in self:
            if order.state != "sale":
                rows.append((order.id, None, None, None, 0, 0, 0, 0, 0, 0, 0, 0))
                continue
            # A confirmed order is signed, even if its order date is ahead.
            signed_events = [e for e in events.get(order.id, []) if e[1] == "signed"]
            order_events, next_day = pipeline.split_at(
                [e for e in events.get(order.id, []) if e[1] != "signed"], today)
            signed = sum(e[3] for e in signed_events)
            signed_company = sum(e[4] for e in signed_events)
            tolerance = order.currency_id.rounding / 2
            totals, stage, since = pipeline.stage_timeline(
                order.date_order.date(), signed,
                [(day, kind, amount) for day, kind, is_advance, amount, _c in order_events if not is_advance],
                tolerance=tolerance,
            )
            company = defaultdict(float)
            for _day, kind, is_advance, _amount, amount_company in order_events:
                company[(kind, is_advance)] += amount_company
            stage_amount = {
                pipeline.SIGNED: signed_company - company[("delivered", False)],
                pipeline.IN_DELIVERY: signed_company - company[("delivered", False)],
                pipeline.TO_INVOICE: company[("delivered", False)] - company[("invoiced", False)],
                pipeline.INVOICED: company[("invoiced", False)] - company[("collected", False)],
                pipeline.COLLECTED: company[("collected", False)],
            }[stage]
            advance = sum(e[3] for e in order_events if e[1] == "invoiced" and e[2])
            rows.append((
                order.id, stage, min(since, today), next_day, totals.signed, totals.delivered, totals.invoiced,
                totals.collected, totals.to_invoice, advance, overdue.get(order.id, 0.0), max(stage_amount, 0.0),
            ))
        columns = ["o2c_stage", "o2c_stage_date", "o2c_next_event_date", "o2c_signed_amount", "o2c_delivered_amount",
                   "o2c_invoiced_amount", "o2c_collected_amount", "o2c_to_invoice_amount",
                   "o2c_advance_amount", "o2c_overdue_amount", "o2c_stage_amount"]
        types = ["varchar", "date", "date"] + ["numeric"] * 8
        cr.execute(
            f"""
            UPDATE sale_order so
               SET {", ".join(f"{c} = v.{c}" for c in columns)}
              FROM (SELECT {", ".join(f"unnest(%s::{t}[]) AS {c}" for c, t in zip(["id", *columns],
                                                                                    ["int", *types],
                                                                                    strict=True))}) v
             WHERE v.id = so.id
            """,
            [[row[i] for row in rows] for i in range(len(columns) + 1)],
        )
        self.invalidate_recordset(columns)
        # The owner and the health depend on what was written: let the ORM
        # recompute them.
        self.modified(["o2c_stage", "o2c_overdue_amount"])
        self.env.flush_all()

    def _o2c_overdue_amounts(self, today):
        """Residual of the orders' invoices past due, in the order's currency,
        spread over the orders by their share of each invoice's untaxed
        amount."""
        self.env.cr.execute(
            f"""
            SELECT sol.order_id,
                   SUM(move.amount_residual / NULLIF(move.amount_untaxed, 0) * {INVOICED_IN_ORDER_CURRENCY})
              FROM account_move move
              JOIN account_move_line aml ON aml.move_id = move.id
              JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
              JOIN sale_order_line sol ON sol.id = rel.order_line_id
              JOIN sale_order so ON so.id = sol.order_id
              JOIN res_company company ON company.id = so.company_id
             WHERE sol.order_id = ANY(%s)
               AND move.state = 'posted' AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.payment_state IN ('not_paid', 'partial')
               AND move.invoice_date_due < %s
          GROUP BY sol.order_id
            """,
            [self.ids, today],
        )
        return dict(self.env.cr.fetchall())

    @api.model
    def _cron_o2c_refresh_overdue(self):
        """Daily: amounts fall overdue with time, without any event, and what
        was dated ahead (work, milestones, deliveries, invoices) starts to
        count on its day. Any stage can hold an overdue invoice (a down
        payment on a signed order), so every order not collected is
        refreshed, and those still showing an overdue amount or with
        something dated up to today they have not counted yet."""
        today = fields.Date.context_today(self)
        orders = self.search([("state", "=", "sale"), "|", "|", ("o2c_stage", "!=", pipeline.COLLECTED),
                              ("o2c_overdue_amount", "!=", 0), ("o2c_next_event_date", "<=", today)])
        orders._o2c_refresh_pipeline()

    @api.model
    def web_read_group(self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True):
        # Collected orders need nobody's move: their column starts folded, as
        # done stages do in Odoo (folding is only built in for relational groups).
        result = super().web_read_group(domain, fields, groupby, limit=limit, offset=offset, orderby=orderby,
                                        lazy=lazy)
        if groupby and groupby[0] == "o2c_stage":
            for group in result.get("groups", []):
                if group.get("o2c_stage") == pipeline.COLLECTED:
                    group["__fold"] = True
        return result

    # -- blocking -------------------------------------------------------------------------
    def action_o2c_block(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Block Orders"),
            "res_model": "o2c.block.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def _o2c_block(self, reason, note=False):
        if not reason:
            raise UserError(self.env._("Choose why the order is blocked."))
        not_confirmed = self.filtered(lambda o: o.state != "sale")
        if not_confirmed:
            raise UserError(self.env._(
                "Only confirmed orders can be blocked in the pipeline: %(orders)s.",
                orders=", ".join(not_confirmed.mapped("name"))))
        other_company = self.filtered(lambda o: reason.company_id and reason.company_id != o.company_id)
        if other_company:
            raise UserError(self.env._(
                "The reason %(reason)s belongs to another company than %(orders)s.",
                reason=reason.name, orders=", ".join(other_company.mapped("name"))))
        self.write({"o2c_blocked": True, "o2c_block_reason_id": reason.id, "o2c_block_note": note})
        if note:
            for order in self:
                order.message_post(body=note, subtype_xmlid="mail.mt_note")

    def action_o2c_unblock(self):
        self.write({"o2c_blocked": False, "o2c_block_reason_id": False, "o2c_block_note": False})

    # -- hooks on the order itself -----------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda o: o.state == "sale")._o2c_mark_dirty()
        return orders

    def write(self, vals):
        result = super().write(vals)
        if {"state", "date_order", "currency_id", "currency_rate"} & set(vals):
            self._o2c_mark_dirty()
        return result
