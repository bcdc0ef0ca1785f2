/** @odoo-module **/
/* Copyright 2026 o2c
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

function toggleFilter(name) {
    return [
        {
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            content: "open the filters",
            run: "click",
        },
        {
            trigger: `.o_filter_menu .dropdown-item:contains("${name}")`,
            content: `filter on ${name}`,
            run: "click",
        },
        {
            trigger: ".o_control_panel_actions .o_searchview_dropdown_toggler",
            content: "close the filters",
            run: "click",
        },
        {
            trigger: `.o_searchview_facet:contains("${name}")`,
        },
    ];
}

registry.category("web_tour.tours").add("o2c_pipeline_block_tour", {
    url: "/odoo/action-o2c_pipeline.action_o2c_pipeline",
    steps: () => [
        {
            trigger: ".o_kanban_renderer .o_kanban_group .o_column_title:contains('Signed')",
            content: "the pipeline is a kanban grouped by stage",
        },
        ...toggleFilter("Stuck"),
        {
            trigger: ".o_kanban_record:contains('Tour Stuck Customer') .o_o2c_badge_stuck",
            content: "open the stuck order",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name='action_o2c_block']",
            content: "block it",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='reason_id'] input",
            run: "edit Dispute",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Dispute')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit The customer contests the March timesheets",
        },
        {
            trigger: ".modal button[name='action_block']",
            run: "click",
        },
        {
            trigger: ".o_form_view .ribbon:contains('Blocked')",
            content: "the order shows it is blocked",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a",
            content: "back to the pipeline",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains('Stuck') .o_facet_remove",
            run: "click",
        },
        ...toggleFilter("Blocked"),
        {
            trigger:
                ".o_kanban_record:contains('Tour Stuck Customer') .o_o2c_badge_blocked:contains('Dispute')",
            content: "the blocked order is in the Blocked filter, with its reason",
        },
    ],
});
