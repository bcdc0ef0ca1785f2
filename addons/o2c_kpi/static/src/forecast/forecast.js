/** @odoo-module **/
// Copyright 2026 o2c
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatMonetary } from "@web/views/fields/formatters";

const COLORS = {
    receivables: "#1f6f8b",
    unbilled: "#99c24d",
    backlog: "#f2c14e",
    payables: "#e07a5f",
};
const BALANCE_COLORS = { expected: "#3d405b", pessimistic: "#c0392b", optimistic: "#27ae60" };

/**
 * The 13-week cash forecast: stacked bars of expected cash per source and
 * period, the cash balance at the end of each period in the three cases, a
 * table of the same figures whose cells open the invoices, orders or bills
 * behind them. One call to o2c.cash.forecast.forecast_data.
 */
export class O2cCashForecast extends Component {
    static template = "o2c_kpi.CashForecast";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.canvas = useRef("chart");
        const context = this.props.action?.context || {};
        this.state = useState({
            data: null,
            reference: context.o2c_reference || "",
            horizon: "week",
            case: "expected",
            showDefinitions: false,
        });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load();
        });
        onMounted(() => this.renderChart());
        onPatched(() => this.renderChart());
        onWillUnmount(() => this.chart?.destroy());
    }

    async load() {
        try {
            const data = await this.orm.call("o2c.cash.forecast", "forecast_data", [], {
                reference: this.state.reference || false,
            });
            this.state.data = data;
            this.state.reference = data.reference;
        } catch (error) {
            // A day ahead or a missing rate comes back as a UserError that the
            // RPC service already shows; keep what was displayed.
            if (!this.state.data) {
                throw error;
            }
        }
    }

    get part() {
        return this.state.data.horizons[this.state.horizon];
    }

    get figures() {
        return this.part.cases[this.state.case];
    }

    get columns() {
        return [...this.part.labels, _t("Later"), _t("Not expected")];
    }

    money(value) {
        return formatMonetary(value || 0, { currencyId: this.state.data.currency_id, digits: [16, 0] });
    }

    onChangeReference(ev) {
        this.state.reference = ev.target.value;
        this.load();
    }

    setHorizon(horizon) {
        this.state.horizon = horizon;
    }

    setCase(name) {
        this.state.case = name;
    }

    async openBucket(source, index, value) {
        if (value === 0) {
            return; // nothing behind it
        }
        const action = await this.orm.call("o2c.cash.forecast", "action_open_bucket", [
            this.state.reference,
            this.state.horizon,
            index,
            source,
            this.state.case,
        ]);
        this.action.doAction(action);
    }

    async onExport() {
        const action = await this.orm.call("o2c.cash.forecast.export", "action_export_as_of", [
            this.state.reference,
        ]);
        this.action.doAction(action);
    }

    async onSnapshot() {
        const action = await this.orm.call("o2c.cash.forecast", "action_snapshot_now", []);
        this.action.doAction(action);
    }

    async onAnalysis() {
        const action = await this.orm.call("o2c.cash.forecast", "action_open_analysis", []);
        this.action.doAction(action);
    }

    renderChart() {
        if (!this.canvas.el || !this.state.data) {
            return;
        }
        const count = this.part.labels.length;
        const datasets = this.state.data.sources.map((source) => ({
            type: "bar",
            label: source.label,
            data: this.figures.sources[source.key].slice(0, count),
            backgroundColor: COLORS[source.key],
            stack: "cash",
            order: 2,
            yAxisID: "y",
            source: source.key,
        }));
        for (const name of ["expected", "pessimistic", "optimistic"]) {
            const label = this.state.data.cases.find((c) => c.key === name).label;
            datasets.push({
                type: "line",
                label: _t("Cash (%s)", label),
                data: this.part.cases[name].balance,
                borderColor: BALANCE_COLORS[name],
                backgroundColor: BALANCE_COLORS[name],
                borderDash: name === "expected" ? [] : [6, 4],
                order: 1,
                yAxisID: "balance",
            });
        }
        const config = {
            type: "bar",
            data: { labels: this.part.labels, datasets },
            options: {
                maintainAspectRatio: false,
                animation: false,
                // flows on the left, cash on the right: a week's receipts are
                // a small part of the cash they add up to
                scales: {
                    x: { stacked: true },
                    y: { stacked: true, position: "left", title: { display: true, text: _t("Cash flow") } },
                    balance: {
                        position: "right",
                        grid: { drawOnChartArea: false },
                        title: { display: true, text: _t("Cash") },
                    },
                },
                onClick: (_ev, elements) => {
                    const element = elements[0];
                    const dataset = element && datasets[element.datasetIndex];
                    if (dataset && dataset.source) {
                        this.openBucket(dataset.source, element.index);
                    }
                },
            },
        };
        if (this.chart) {
            this.chart.data = config.data;
            this.chart.options.onClick = config.options.onClick;
            this.chart.update();
        } else {
            this.chart = new window.Chart(this.canvas.el, config);
        }
    }
}

registry.category("actions").add("o2c_cash_forecast", O2cCashForecast);
