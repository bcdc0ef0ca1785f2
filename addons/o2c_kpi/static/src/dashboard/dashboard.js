/** @odoo-module **/
// Copyright 2026 o2c
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { Component, onMounted, onPatched, onWillStart, onWillUnmount, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The Order to Cash KPI dashboard: headline figures with their trend
 * against the previous period, each opening its detailed report, the cash a
 * target would free, and the 12-month trends of the billing lag and the DSO.
 * Every figure comes from one call to o2c.kpi.figures.dashboard_data.
 */
export class O2cKpiDashboard extends Component {
    static template = "o2c_kpi.Dashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.canvas = useRef("trend");
        this.state = useState({ data: null, asOf: "", lagTarget: "", dsoTarget: "" });
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
            const data = await this.orm.call("o2c.kpi.figures", "dashboard_data", [], {
                as_of: this.state.asOf || false,
                lag_target: this.state.lagTarget === "" ? false : this.state.lagTarget,
                dso_target: this.state.dsoTarget === "" ? false : this.state.dsoTarget,
            });
            this.state.data = data;
            this.state.asOf = data.as_of;
            this.state.lagTarget = data.what_if.lag_target;
            this.state.dsoTarget = data.what_if.dso_target;
        } catch (error) {
            // A user mistake (a day ahead, a negative target) comes back as a
            // UserError that the RPC service already shows.
            if (!this.state.data) {
                throw error;
            }
        }
    }

    onChangeAsOf(ev) {
        this.state.asOf = ev.target.value;
        this.load();
    }

    onChangeTarget(field, ev) {
        this.state[field] = ev.target.value;
        this.load();
    }

    onExport() {
        this.action.doAction("o2c_kpi.action_o2c_kpi_export");
    }

    async openCard(card) {
        const action = await this.orm.call("o2c.kpi.figures", "action_open_card", [card.key], {
            as_of: this.state.asOf,
        });
        this.action.doAction(action);
    }

    trendClass(card) {
        if (!card.trend || card.trend === "flat") {
            return "text-muted";
        }
        // every figure of the dashboard is better lower
        return card.trend === "down" ? "text-success" : "text-danger";
    }

    trendIcon(card) {
        return { up: "fa-arrow-up", down: "fa-arrow-down", flat: "fa-arrows-h" }[card.trend] || "";
    }

    renderChart() {
        const data = this.state.data;
        if (!this.canvas.el || !data) {
            return;
        }
        const config = {
            type: "line",
            data: {
                labels: data.trend.labels,
                datasets: [
                    {
                        label: _t("Billing lag (days)"),
                        data: data.trend.lag,
                        borderColor: "#1f6f8b",
                        backgroundColor: "#1f6f8b",
                        spanGaps: true,
                    },
                    {
                        label: _t("DSO (days)"),
                        data: data.trend.dso,
                        borderColor: "#e07a5f",
                        backgroundColor: "#e07a5f",
                        spanGaps: true,
                        hidden: !data.what_if.has_dso,
                    },
                ],
            },
            options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
        };
        if (this.chart) {
            this.chart.data = config.data;
            this.chart.update();
        } else {
            this.chart = new window.Chart(this.canvas.el, config);
        }
    }
}

registry.category("actions").add("o2c_kpi_dashboard", O2cKpiDashboard);
