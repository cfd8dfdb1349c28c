//! What every view shares: the locale's data, where the visitor is, the page's context,
//! and the way back to the loader (events and the commands it forwards).

use crate::nav::{Arg, Navigation, View};
use crate::search::Searcher;
use js_sys::{Object, Reflect};
use kefu_model::{WidgetData, Words};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::HtmlElement;

/// The app's shared state, provided as context to every view.
#[derive(Clone, Copy)]
pub struct Shared {
    /// The locale's widget data.
    pub data: &'static WidgetData,
    /// The help center's absolute URL, ending in `/`.
    pub site: &'static str,
    /// The views the visitor went through.
    pub nav: RwSignal<Navigation>,
    /// A search whose results the home view suggests for this page.
    pub suggest: RwSignal<String>,
    /// This page's topic: a category of the help center.
    pub topic: RwSignal<String>,
    /// What the status region announces.
    pub status: RwSignal<String>,
    /// Bumped when the loader asks for focus (the panel opened).
    pub focus: RwSignal<u32>,
    searcher: StoredValue<Searcher, LocalStorage>,
    emit: StoredValue<js_sys::Function, LocalStorage>,
    container: StoredValue<HtmlElement, LocalStorage>,
}

impl Shared {
    /// The state of a freshly mounted app.
    pub fn new(
        data: &'static WidgetData,
        site: String,
        searcher: Searcher,
        emit: js_sys::Function,
        container: HtmlElement,
    ) -> Shared {
        Shared {
            data,
            site: Box::leak(site.into_boxed_str()),
            nav: RwSignal::new(Navigation::default()),
            suggest: RwSignal::new(String::new()),
            topic: RwSignal::new(String::new()),
            status: RwSignal::new(String::new()),
            focus: RwSignal::new(0),
            searcher: StoredValue::new_local(searcher),
            emit: StoredValue::new_local(emit),
            container: StoredValue::new_local(container),
        }
    }

    /// The locale's words.
    pub fn words(&self) -> &'static Words {
        &self.data.words
    }

    /// The searcher of the locale's index.
    pub fn searcher(&self) -> Searcher {
        self.searcher.get_value()
    }

    /// The absolute URL of `path`, relative to the site root.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.site)
    }

    /// The contact topic of the article at `url`: the one that lists its category.
    pub fn topic_of_url(&self, url: &str) -> Option<&'static str> {
        let path = url.strip_prefix(self.site)?.strip_prefix(self.data.home.as_str())?;
        self.data.topic_of_category(path.split('/').next()?)
    }

    /// The locale's contact page.
    pub fn contact_page(&self) -> String {
        self.url(&format!("{}contact/", self.data.home))
    }

    /// Tells the page that `event` happened, with `detail`'s fields.
    pub fn emit(&self, event: &str, detail: &[(&str, JsValue)]) {
        let object = Object::new();
        for (key, value) in detail {
            let _ = Reflect::set(&object, &JsValue::from_str(key), value);
        }
        let _ = self.emit.with_value(|emit| emit.call2(&JsValue::NULL, &event.into(), &object));
    }

    /// Asks the loader to open the chat of `provider` (its launcher on the page), closing
    /// the panel.
    pub fn open_chat(&self, provider: &str) {
        self.tell("kefu:chat", &JsValue::from_str(provider));
    }

    /// Asks the panel to mount the ticket form (a module of its own) in `slot`, for a
    /// topic and an urgency; `None` when the ticket view goes.
    pub fn ticket_form(&self, slot: Option<&HtmlElement>, topic: &str, urgency: &str) {
        let detail = Object::new();
        let slot = slot.map_or(JsValue::NULL, JsValue::from);
        for (key, value) in [("slot", slot), ("topic", topic.into()), ("urgency", urgency.into())] {
            let _ = Reflect::set(&detail, &JsValue::from_str(key), &value);
        }
        self.tell("kefu:ticket", &detail);
    }

    /// Asks the panel to send an article's "was this helpful?" to the site's feedback
    /// endpoint (through the tickets' outbox, which it loads for it); nothing when the
    /// site has none, so that no module loads for nothing.
    pub fn send_feedback(&self, url: &str, helpful: bool) {
        if self.data.tickets.feedback.is_none() {
            return;
        }
        let detail = Object::new();
        let _ = Reflect::set(&detail, &JsValue::from_str("url"), &JsValue::from_str(url));
        let _ = Reflect::set(&detail, &JsValue::from_str("helpful"), &JsValue::from_bool(helpful));
        self.tell("kefu:feedback", &detail);
    }

    /// Dispatches the event `name` with `detail` on the app's container, for the panel.
    fn tell(&self, name: &str, detail: &JsValue) {
        let init = web_sys::CustomEventInit::new();
        init.set_detail(detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.container.with_value(|c| c.dispatch_event(&event));
        }
    }

    /// Asks the loader to close the panel.
    pub fn close(&self) {
        if let Ok(event) = web_sys::CustomEvent::new(crate::CLOSE_EVENT) {
            let _ = self.container.with_value(|c| c.dispatch_event(&event));
        }
    }

    /// Runs a command the loader forwards (see [`crate::Widget::command`]).
    pub fn command(&self, name: &str, a: JsValue, b: JsValue) {
        match name {
            "navigate" => {
                let field = |key: &str| Reflect::get(&b, &JsValue::from_str(key)).ok().and_then(|v| v.as_string());
                let arg = Arg { text: b.as_string(), topic: field("topic"), urgency: field("urgency") };
                match View::named(&a.as_string().unwrap_or_default(), arg) {
                    Ok(view) => self.nav.update(|nav| nav.go(view)),
                    Err(problem) => warn(&problem),
                }
            }
            "context" => {
                self.suggest.set(a.as_string().unwrap_or_default());
                self.topic.set(b.as_string().unwrap_or_default());
            }
            "focus" => self.focus.update(|n| *n += 1),
            "reset" => self.nav.update(Navigation::reset),
            other => warn(&format!("unknown panel command \"{other}\"")),
        }
    }
}

/// One console warning, as the loader's own.
pub fn warn(message: &str) {
    leptos::logging::warn!("kefu: {message}");
}
