# Copyright 2026 o2c
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json
import logging
from collections import defaultdict
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError

from ..engine import scenario as engine
from .isolation import apart

_logger = logging.getLogger(__name__)

# pg_try_advisory_xact_lock key of the reminder run: one run at a time per database.
RUN_LOCK = 0x02C0D0
BATCH_SIZE = 200  # customers per transaction

CANDIDATES = """
    SELECT m.id, m.commercial_partner_id, m.company_id, m.invoice_date_due,
           m.amount_residual_signed, m.amount_residual, m.currency_id,
           CASE WHEN vs.id IS NOT NULL AND ('x' || substr(md5(m.commercial_partner_id::text || '-' || base.id::text),
                                                        1, 7))::bit(28)::int %% 2 = 1
                THEN vs.id ELSE base.id END AS scenario_id,
           done.last_offset, done.step_ids, CASE WHEN vs.id IS NOT NULL THEN base.id END AS ab_scenario_id
      FROM account_move m
      JOIN res_partner p ON p.id = m.commercial_partner_id
      JOIN res_company c ON c.id = m.company_id
      -- the customer's values in the invoice's company, else their ir.default fallbacks, as the ORM reads them
      CROSS JOIN LATERAL (SELECT %(fallbacks)s::jsonb -> m.company_id::text AS d) fb
      LEFT JOIN o2c_dunning_scenario ps
             ON ps.id = (COALESCE(p.o2c_dunning_scenario_id -> m.company_id::text,
                                  fb.d -> 'o2c_dunning_scenario_id') #>> '{}')::int
            AND ps.active AND ps.company_id = m.company_id
      LEFT JOIN o2c_dunning_scenario rs
             ON rs.company_id = m.company_id AND rs.active
            AND rs.rating = COALESCE(p.o2c_rating -> m.company_id::text, fb.d -> 'o2c_rating') #>> '{}'
      LEFT JOIN o2c_dunning_scenario cs
             ON cs.id = c.o2c_dunning_scenario_id AND cs.active AND cs.company_id = m.company_id
      CROSS JOIN LATERAL (SELECT COALESCE(ps.id, rs.id, cs.id) AS id) base
      LEFT JOIN o2c_dunning_scenario bs ON bs.id = base.id
      LEFT JOIN o2c_dunning_scenario vs ON vs.id = bs.variant_id AND vs.active
      LEFT JOIN LATERAL (
            SELECT MAX(l.offset_days) AS last_offset, ARRAY_AGG(l.step_id) AS step_ids
              FROM o2c_dunning_log l WHERE l.move_id = m.id) done ON TRUE
     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
       AND m.payment_state IN ('not_paid', 'partial') AND m.amount_residual > 0
       AND m.company_id = ANY(%(companies)s)
       AND m.invoice_date_due <= %(latest_due)s
       AND NOT COALESCE((COALESCE(p.o2c_dunning_excluded -> m.company_id::text,
                                  fb.d -> 'o2c_dunning_excluded') #>> '{}')::boolean, FALSE)
       AND NOT EXISTS (SELECT 1 FROM o2c_dunning_dispute d WHERE d.move_id = m.id AND d.state = 'open')
       AND NOT EXISTS (SELECT 1 FROM o2c_dunning_promise pr
                        WHERE pr.move_id = m.id AND pr.state = 'open' AND pr.grace_until >= %(today)s)
       AND base.id IS NOT NULL
     ORDER BY m.commercial_partner_id, m.id
"""


class O2cDunningRunner(models.AbstractModel):
    """The daily reminder run: which invoice is at which step today (one
    query), then, customer batch by customer batch, logs, reminders, emails
    and activities, each batch in one transaction."""

    _name = "o2c.dunning.runner"
    _description = "Payment reminder run"

    @api.model
    def _try_lock(self):
        self.env.cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [RUN_LOCK])
        return self.env.cr.fetchone()[0]

    @api.model
    def _partner_fallbacks(self, companies):
        """{company id: {field: value}}: the ir.default fallbacks of the
        customers' company-dependent fields the selection reads, for each
        company (what the ORM reads when a customer has no value there)."""
        names = ("o2c_dunning_scenario_id", "o2c_rating", "o2c_dunning_excluded")
        IrDefault = self.env["ir.default"].with_user(SUPERUSER_ID)
        fallbacks = {}
        for company in companies:
            defaults = IrDefault.with_company(company)._get_model_defaults("res.partner")
            fallbacks[str(company.id)] = {name: defaults[name] for name in names if name in defaults}
        return fallbacks

    @api.model
    def _due_items(self, companies, today):
        """[(partner_id, step_id, move_id, company_id, currency_id, residual,
        ab_scenario_id, ab_group)] for every invoice that has a step to
        execute today."""
        Step = self.env["o2c.dunning.step"].sudo()
        steps = Step.search([("company_id", "in", companies.ids), ("scenario_id.active", "=", True)])
        by_scenario = defaultdict(list)
        for step in steps:
            by_scenario[step.scenario_id.id].append(
                engine.Step(step.id, step.offset_days, step.min_amount))
        if not by_scenario:
            return []
        lead = max(0, -min(step.offset_days for step in steps))
        self.env.flush_all()
        self.env.cr.execute(CANDIDATES, {
            "companies": companies.ids, "today": today, "fallbacks": json.dumps(self._partner_fallbacks(companies)),
            "latest_due": fields.Date.add(today, days=lead)})
        items = []
        for (move_id, partner_id, company_id, due, residual_company, residual, currency_id, scenario_id,
             last_offset, done_steps, ab_scenario_id) in self.env.cr.fetchall():
            invoice = engine.Invoice(move_id, due, residual_company, last_offset,
                                     done_step_ids=frozenset(done_steps or ()))
            step = engine.choose_step(by_scenario.get(scenario_id, ()), invoice, today)
            if step:
                ab_group = ("B" if scenario_id != ab_scenario_id else "A") if ab_scenario_id else False
                items.append((partner_id, step.id, move_id, company_id, currency_id, residual,
                              ab_scenario_id, ab_group))
        return items

    @api.model
    def _run_batch(self, companies, today, user, batch_size=BATCH_SIZE):
        """Try again the reminders held back before today (up to
        ``batch_size``), then execute the due steps of the first
        ``batch_size`` customers that have some. Returns (customers done,
        customers and held reminders remaining)."""
        held = self._held(companies, today)
        retried = self._retry(held[:batch_size], today, user)
        batches = self._batches(companies, today, batch_size)
        if batches:
            self._execute(batches[0], today, user)
        remaining = sum(_customers(batch) for batch in batches[1:]) + len(held[batch_size:])
        return (_customers(batches[0]) if batches else 0) + len(retried.partner_id), remaining

    @api.model
    def _held(self, companies, today):
        """The reminders a run held back before ``today`` (no email address,
        an error) that the run tries again: to send automatically, not
        snoozed, and still the latest step of each of their invoices (a
        later step already executed supersedes them: they stay on the
        worklist for the collector)."""
        self.env.flush_all()
        self.env.cr.execute("""
            SELECT r.id FROM o2c_dunning_reminder r
             WHERE r.company_id = ANY(%(companies)s) AND r.state = 'to_send' AND r.retry AND r.auto_send
               AND r.tried_on < %(today)s AND (r.snoozed_until IS NULL OR r.snoozed_until <= %(today)s)
               AND NOT EXISTS (SELECT 1 FROM o2c_dunning_log l
                                 JOIN o2c_dunning_log later ON later.move_id = l.move_id AND later.id > l.id
                                WHERE l.reminder_id = r.id)
             ORDER BY r.partner_id, r.id""", {"companies": companies.ids, "today": today})
        return self.env["o2c.dunning.reminder"].sudo().browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _retry(self, reminders, today, user):
        """Send ``reminders`` held back by an earlier run, if what held them
        back is fixed; else they wait for the next run. Nothing of them was
        sent: their logs (the unique invoice and step) stay theirs."""
        return reminders._send(user, today) if reminders else reminders

    @api.model
    def _batches(self, companies, today, batch_size):
        """The due items of today, in batches of ``batch_size`` customers."""
        self.env["o2c.dunning.promise"].search(
            [("company_id", "in", companies.ids), ("state", "=", "open")])._update_states(today)
        items = self._due_items(companies, today)
        batch_of = {partner_id: index // batch_size
                    for index, partner_id in enumerate(sorted({item[0] for item in items}))}
        batches = defaultdict(list)
        for item in items:
            batches[batch_of[item[0]]].append(item)
        return [batches[index] for index in sorted(batches)]

    @api.model
    def _execute(self, items, today, user):
        """Make and carry out the reminders of a batch's due items. Should
        that fail, again customer by customer: a customer whose reminders
        cannot even be made is left for the next run, the others go on."""
        emailing = self.env["o2c.dunning.step"].sudo().browse({item[1] for item in items}).filtered("send_email")
        self.env["res.company"].sudo().browse(
            {item[3] for item in items if item[1] in emailing.ids})._o2c_dunning_check_test_mode()
        by_customer = defaultdict(list)
        for item in items:
            by_customer[item[0]].append(item)

        def skipped(customer_items, error):
            _logger.warning("Payment reminders: customer %s left for the next run: %s", customer_items[0][0], error,
                            exc_info=error)

        reminders = apart(self.env.cr, items, by_customer.values, lambda part: self._make_reminders(part, today, user),
                          skipped)
        return reminders if reminders is not None else self.env["o2c.dunning.reminder"]

    @api.model
    def _responsible(self, partner, company, moves):
        """Who follows a customer's reminder: its collector, else the
        company's, else the salesperson of the customer or of an invoice,
        else the company's fallback (required by the settings once a
        scenario makes calls or escalations); never the cron's superuser."""
        candidates = (partner.with_company(company).o2c_dunning_collector_id, company.o2c_dunning_collector_id,
                      partner.user_id, *moves.invoice_user_id, company.o2c_dunning_fallback_user_id)
        return next((user for user in candidates if user.active and not user.share), self.env["res.users"])

    @api.model
    def _make_reminders(self, items, today, user):
        Reminder = self.env["o2c.dunning.reminder"].sudo()
        Step = self.env["o2c.dunning.step"].sudo()
        steps = Step.browse({item[1] for item in items})
        # records by id, kept in their batch so that a field is read once for all of them
        partners = self.env["res.partner"].sudo().browse({item[0] for item in items})
        partners = {partner.id: partner for partner in partners}
        steps = {step.id: step for step in steps}
        companies = self.env["res.company"].sudo().browse({item[3] for item in items})
        item_by_move = {item[2]: item for item in items}
        moves = self.env["account.move"].sudo().browse(list(item_by_move))
        moves.fetch(["o2c_predicted_payment_date", "invoice_date_due", "invoice_user_id"])
        reminder_values, reminder_moves = [], []
        now = Reminder._moment(today)
        offsets = {step.id: step.offset_days for step in steps.values()}
        auto = {step.id: step.auto_send and not step.manager_approval for step in steps.values()}
        for company in companies:
            # steps sent automatically and steps that wait for a review never share a reminder
            company_items = [(item[0], item[1], item[2], auto[item[1]]) for item in items if item[3] == company.id]
            for partner_id, step_id, move_ids in engine.group_reminders(
                    company_items, company.o2c_dunning_grouping, offsets):
                partner, group_steps = partners[partner_id], Step.browse({item_by_move[m][1] for m in move_ids})
                reminder_values.append({
                    "partner_id": partner_id, "company_id": company.id, "step_id": step_id, "date": today,
                    "channel": Reminder._steps_channel(group_steps),
                    "user_id": self._responsible(partner, company, moves.browse(move_ids)).id,
                    "auto_send": auto[step_id],
                    # not before the run's day: an overdue invoice without prediction is not paid yet
                    "predicted_date": max(today, *(move.o2c_predicted_payment_date or move.invoice_date_due
                                                   for move in moves.browse(move_ids))),
                })
                if reminder_values[-1]["auto_send"]:
                    # sent by this run (below): made as sent, rather than updated once sent
                    reminder_values[-1].update(state="sent", sent_date=now, sent_by_id=user.id,
                                               to_print=any(group_steps.mapped("print_letter")))
                reminder_moves.append(move_ids)
        # No "created" note nor "assigned to you" email for each reminder.
        reminders = Reminder._insert(reminder_values)
        log_values = []
        for reminder, values, move_ids in zip(reminders, reminder_values, reminder_moves, strict=True):
            company = companies.browse(values["company_id"])
            for move_id in move_ids:
                (_partner, step_id, _move, _company, currency_id, residual, ab_scenario_id, ab_group) = (
                    item_by_move[move_id])
                step = steps[step_id]  # each invoice's own step (statistics count per invoice and step)
                log_values.append({
                    "move_id": move_id, "partner_id": values["partner_id"], "company_id": company.id,
                    "step_id": step.id, "offset_days": step.offset_days, "reminder_id": reminder.id,
                    "date": today, "user_id": user.id, "actions": step.summary,
                    "currency_id": currency_id, "residual": residual, "test_mode": company.o2c_dunning_test_mode,
                    "ab_scenario_id": ab_scenario_id, "ab_group": ab_group,
                })
        self.env["o2c.dunning.log"].sudo()._insert(log_values)
        reminders.filtered("auto_send")._send_as_made(today)
        return reminders

    # -- entry points ------------------------------------------------------------------------------
    @api.model
    def _cron_run(self, batch_size=BATCH_SIZE):
        """Daily job: one batch per call; the cron framework calls again
        while ``_notify_progress`` reports customers remaining, committing
        after each batch."""
        if not self._try_lock():
            _logger.info("Payment reminders: another run is in progress; trying again in 10 minutes.")
            cron = self.env.ref("o2c_dunning.ir_cron_o2c_dunning_run", raise_if_not_found=False)
            if cron:
                cron._trigger(fields.Datetime.now() + timedelta(minutes=10))
            return
        companies = self.env["res.company"].sudo().search([])
        done, remaining = self._run_batch(companies, fields.Date.context_today(self), self.env.user, batch_size)
        _logger.info("Payment reminders: %s customers done, %s remaining.", done, remaining)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def run_now(self, companies=None, today=None, batch_size=BATCH_SIZE):
        """Run for ``companies`` (the user's current ones by default), batch
        by batch in the current transaction, each batch in a savepoint: a
        batch that fails is undone whole and the error is raised (from the
        screen, the request then undoes everything; the daily job commits
        batch by batch). Returns the number of customers reminded."""
        if not self.env.user.has_group("account.group_account_invoice"):
            raise UserError(self.env._("Only invoicing users can run the payment reminders."))
        if not self._try_lock():
            raise UserError(self.env._(
                "A payment reminder run is already in progress. Wait for it to finish, then try again."))
        companies = (companies or self.env.companies).sudo()
        today = today or fields.Date.context_today(self)
        # One selection for the whole run: each batch has its own customers, so
        # what a batch does cannot change what the next one has to do.
        total = len(self._retry(self._held(companies, today), today, self.env.user).partner_id)
        for batch in self._batches(companies, today, batch_size):
            with self.env.cr.savepoint():
                self._execute(batch, today, self.env.user)
            total += _customers(batch)
        return total

    @api.model
    def action_run_now(self):
        count = self.run_now()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if count else "info",
                "message": self.env._("%s customers reminded.", count) if count
                else self.env._("No reminder is due today."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }


def _customers(items):
    """How many customers the due items are for."""
    return len({item[0] for item in items})
