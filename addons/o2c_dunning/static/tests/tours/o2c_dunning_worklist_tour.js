/** @odoo-module **/
/* Copyright 2026 o2c
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("o2c_dunning_worklist_tour", {
    url: "/odoo/action-o2c_dunning.action_o2c_dunning_worklist",
    steps: () => [
        {
            trigger: ".o_searchview_facet:contains('To Do Today')",
            content: "the worklist opens on today's reminders",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Slow Payer') td[name='partner_id']",
            content: "open the formal notice waiting for approval",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_notebook .nav-link:contains('Email Preview')",
            content: "preview the email",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='preview']:contains('L441-10')",
            content: "the preview is the formal notice, with the legal penalties",
        },
        {
            trigger: ".o_form_view .o_field_widget[name='preview']:contains('Tour Slow Payer')",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name='action_send_now']",
            content: "send it",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Done')",
            content: "the reminder is done",
        },
    ],
});
