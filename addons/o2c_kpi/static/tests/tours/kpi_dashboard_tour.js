/** @odoo-module **/
// Copyright 2026 o2c
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import { registry } from "@web/core/registry";

// Open the KPI dashboard, read the unbilled value, drill into it: the
// unbilled work by age opens, with the customer of the test's order.
registry.category("web_tour.tours").add("o2c_kpi_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the unbilled value",
            trigger: ".o2c_kpi_card[data-key='unbilled'] .o2c_kpi_value:contains('.')",
        },
        {
            content: "The billing lag is there too",
            trigger: ".o2c_kpi_card[data-key='lag'] .o2c_kpi_value",
        },
        {
            content: "Drill into the unbilled value",
            trigger: ".o2c_kpi_card[data-key='unbilled']",
            run: "click",
        },
        {
            content: "Unbilled work by age, per customer",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Tour Unbilled Customer')",
        },
    ],
});
