//! The ticket view: a place in the panel for the ticket form, which is a module of its own
//! (`kefu_ticket`, with the outbox) that the panel loads when this view first shows, so
//! that the widget's first open does not carry it. A flow's answers go to it too.

use crate::host::Shared;
use kefu_model::contact::Urgency;
use leptos::prelude::*;

/// The ticket view.
#[component]
pub fn TicketSlot(
    /// What it is about (a topic's id), if known.
    topic: Option<String>,
    /// How urgent, if known.
    urgency: Option<Urgency>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    // The page's topic may name a contact topic or a category of one.
    let page_topic = shared.topic.with_untracked(|t| shared.data.topic(t).map(String::from));
    let topic = topic.or(page_topic).unwrap_or_default();
    let urgency = urgency.map_or("", Urgency::name);
    // What a flow found out, when one led here: the form is prefilled with it.
    let handover = shared.nav.with_untracked(|nav| nav.handover().cloned());
    let slot = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(slot) = slot.get() {
            shared.ticket_form(Some(&slot), &topic, urgency, handover.as_ref());
        }
    });
    on_cleanup(move || shared.ticket_form(None, "", "", None));
    view! { <div class="kefu-ticket-slot" node_ref=slot></div> }
}
