//! kefu's ticket form and outbox: a module of its own beside the widget's app, which
//! `ticket.js` loads when the visitor opens the ticket view, or when a page loads while a
//! ticket still waits to be sent (the loader sees the outbox's mark in localStorage).
//!
//! The rules (the form's checks, the body, retries) are `kefu_model`'s, the same the build
//! and the tests run; this crate is the browser's side: the form's view and the outbox's
//! delivery (fetch, timers, `online`, `pagehide`, one tab at a time).

mod deflect;
mod files;
mod form;
mod outbox;

use kefu_model::WidgetData;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// The mounted form, as `ticket.js` holds it.
#[wasm_bindgen]
pub struct TicketApp {
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl TicketApp {
    /// Removes the form from the page (the outbox goes on delivering).
    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}

/// Starts the outbox once per page: `store` is `ticket.js`'s IndexedDB store, `emit(name,
/// detail)` tells the page about `ticket-*` events. Delivers what waits, then whatever is
/// added, retrying as the model says.
#[wasm_bindgen]
pub fn start(store: outbox::Store, emit: js_sys::Function) {
    outbox::start(store, emit);
}

/// Sends an article's "was this helpful?" (`url`, `helpful`, on `page`) through the outbox
/// to the site's feedback endpoint, if it has one (`data`: the locale's widget data).
#[wasm_bindgen]
pub fn feedback(data: &[u8], site: String, url: String, helpful: bool, page: String) -> Result<(), JsError> {
    let data = WidgetData::decode(data)?;
    let Some(endpoint) = data.tickets.feedback.as_deref() else { return Ok(()) };
    let helpful = if helpful { "true" } else { "false" };
    let mut ticket = kefu_model::endpoint::Ticket::feedback(
        form::random(),
        outbox::now(),
        "article",
        &[("url", &url), ("helpful", helpful)],
    );
    ticket.locale = data.locale.clone();
    ticket.page = page;
    let endpoint = kefu_model::endpoint::Endpoint::for_feedback(kefu_model::endpoint::resolve(endpoint, &site));
    let record = outbox::Record {
        entry: kefu_model::outbox::Entry::new(ticket, outbox::now()),
        endpoint,
        files: Default::default(),
    };
    wasm_bindgen_futures::spawn_local(async move {
        let _ = outbox::add(record).await;
    });
    Ok(())
}

/// Mounts the ticket form into `container`: `data` is the locale's widget data file
/// (decompressed), `site` the help center's absolute URL, and `context` what the visitor
/// already said: `{ topic, urgency, fields: { name, email, order, ... }, page }`.
#[wasm_bindgen]
pub fn mount(container: HtmlElement, data: &[u8], site: String, context: JsValue) -> Result<TicketApp, JsError> {
    let data: &'static WidgetData = Box::leak(Box::new(WidgetData::decode(data)?));
    let context = form::Context::read(&context, site);
    let mounted = leptos::mount::mount_to(container, move || view! { <form::TicketView data context/> });
    Ok(TicketApp { mounted: Some(Box::new(mounted)) })
}
