/** @odoo-module **/
/* Copyright 2026 o2c
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("o2c_quality_gate_tour", {
    steps: () => [
        {
            trigger: ".o2c_quality_banner.alert-danger:contains('BC-TOUR-7')",
            content: "the draft invoice says what blocks it",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_post']:contains('Confirm')",
            content: "try to post it",
            run: "click",
        },
        {
            trigger: ".modal:contains('The quality gate stops these invoices from being posted'):contains('BC-TOUR-7')",
            content: "the gate refuses, naming the reference expected",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "close the message",
            run: "click",
        },
        {
            trigger: ".o_notebook a.nav-link:contains('Other Info')",
            content: "the Customer Reference is in the Other Info tab",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='ref'] input",
            content: "enter the order's purchase-order reference",
            run: "edit BC-TOUR-7",
        },
        {
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_post']:contains('Confirm')",
            content: "post again",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value='posted']",
            content: "the invoice is posted",
        },
    ],
});
