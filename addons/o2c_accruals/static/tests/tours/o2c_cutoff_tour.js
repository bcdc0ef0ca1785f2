/** @odoo-module **/
/* Copyright 2026 o2c
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

// An accountant prepares last month's cut-off, excludes a disputed line with
// its reason and validates: the entry is posted and reversed.
registry.category("web_tour.tours").add("o2c_cutoff_tour", {
    url: "/odoo/action-o2c_accruals.o2c_cutoff_action",
    steps: () => [
        {
            trigger: ".o_list_button_add",
            content: "a new cut-off, dated the last day of the previous month",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_compute']",
            content: "compute it from the delivery ledger",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Cut-off Disputed')",
            content: "the disputed customer's accrued revenue is proposed",
        },
        {
            trigger: ".o_data_row:contains('Tour Cut-off Disputed') td[name='exclusion_reason']",
            content: "edit its line",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains('Tour Cut-off Disputed') td[name='exclusion_reason'] input",
            content: "say why it is excluded",
            run: "edit Hours disputed by the customer",
        },
        {
            trigger: ".o_data_row:contains('Tour Cut-off Disputed') td[name='excluded'] input",
            content: "exclude it",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_validate']",
            content: "validate the cut-off",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='reversed']",
            content: "the entry is posted and reversed the next day",
        },
    ],
});
