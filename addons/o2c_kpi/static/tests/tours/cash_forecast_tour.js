/** @odoo-module **/
// Copyright 2026 o2c
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

// Open the cash forecast, switch to the pessimistic case and back, then click
// the open receivables of the first week that has some: the invoices behind it open.
registry.category("web_tour.tours").add("o2c_cash_forecast_tour", {
    steps: () => [
        {
            content: "The forecast shows the cash at the end of each week",
            trigger: ".o2c_forecast_table .o2c_forecast_balance td:contains('$')",
        },
        {
            content: "The pessimistic case",
            trigger: ".o2c_forecast_case[data-case='pessimistic']",
            run: "click",
        },
        {
            content: "Back to the expected case",
            trigger: ".o2c_forecast_case[data-case='expected']",
            run: "click",
        },
        {
            content: "Drill into a week of open receivables",
            trigger: ".o2c_forecast_table tr[data-source='receivables'] .o2c_forecast_cell.text-primary",
            run: "click",
        },
        {
            content: "The invoices behind it",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Named after the source and the week",
            trigger: ".o_breadcrumb:contains('Open receivables')",
        },
    ],
});
