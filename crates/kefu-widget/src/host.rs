//! What every view shares: the locale's data, where the visitor is (the views, and the
//! walk through a flow), the page's context, and the way back to the loader (events and
//! the commands it forwards).

use crate::nav::{Arg, Navigation, View};
use crate::search::Searcher;
use js_sys::{Object, Reflect};
use kefu_model::flow::{Flows, Handover, Runner};
use kefu_model::{WidgetData, Words};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

/// Where the flows' steps are: the widget's data has only the flows' outline.
#[derive(Clone, Copy, PartialEq)]
pub enum Steps {
    /// Not asked for yet.
    Unasked,
    /// Being fetched.
    Loading,
    /// Here.
    Ready(&'static Flows),
    /// The fetch failed; the next [`Shared::load_flows`] tries again.
    Failed,
}

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
    /// The visitor's walk through a flow, kept in the tab's sessionStorage on every change
    /// ([`Shared::set_walk`]): it survives closing the panel and the site's next page.
    pub walk: RwSignal<Option<Runner>>,
    /// The flows with every step ([`Shared::load_flows`]): the data has only their outline.
    pub steps: RwSignal<Steps>,
    fetch: StoredValue<js_sys::Function, LocalStorage>,
    searcher: StoredValue<Searcher, LocalStorage>,
    emit: StoredValue<js_sys::Function, LocalStorage>,
    container: StoredValue<HtmlElement, LocalStorage>,
}

impl Shared {
    /// The state of a freshly mounted app. `fetch(name)` resolves to the bytes of a file of
    /// the widget's folder.
    pub fn new(
        data: &'static WidgetData,
        site: String,
        searcher: Searcher,
        emit: js_sys::Function,
        fetch: js_sys::Function,
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
            walk: RwSignal::new(None),
            steps: RwSignal::new(Steps::Unasked),
            fetch: StoredValue::new_local(fetch),
            searcher: StoredValue::new_local(searcher),
            emit: StoredValue::new_local(emit),
            container: StoredValue::new_local(container),
        }
    }

    /// Resumes the walk the tab kept, if any: it needs the flows' steps. (Once mounted:
    /// fetching needs the app's task executor.)
    pub fn resume_walk(&self) {
        if stored_walk().is_some() {
            self.load_flows();
        }
    }

    /// Fetches the flows' steps, once (again after a failure); then the walk the tab kept,
    /// if any, resumes.
    pub fn load_flows(&self) {
        if matches!(self.steps.get_untracked(), Steps::Loading | Steps::Ready(_)) {
            return;
        }
        self.steps.set(Steps::Loading);
        let shared = *self;
        let name = JsValue::from(Flows::file_name(&self.data.locale));
        let asked = self.fetch.with_value(|fetch| fetch.call1(&JsValue::NULL, &name));
        leptos::task::spawn_local(async move {
            let bytes = match asked {
                Ok(promise) => JsFuture::from(js_sys::Promise::from(promise)).await,
                Err(error) => Err(error),
            };
            let flows = bytes
                .map_err(|e| crate::net::message(&e))
                .and_then(|bytes| Flows::decode(&js_sys::Uint8Array::new(&bytes).to_vec()).map_err(|e| e.to_string()));
            match flows {
                Ok(flows) => {
                    let flows: &'static Flows = Box::leak(Box::new(flows));
                    shared.steps.set(Steps::Ready(flows));
                    if shared.walk.with_untracked(Option::is_none) {
                        shared.walk.set(stored_walk().and_then(|text| Runner::decode(flows, &text)));
                    }
                }
                Err(problem) => {
                    warn(&format!("the flows could not be loaded: {problem}"));
                    shared.steps.set(Steps::Failed);
                }
            }
        });
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

    /// Shows the help center's page `url` (absolute): a flow's page in the flow view, any
    /// other in the article reader.
    pub fn open_page(&self, url: &str) {
        let view = View::page(&self.data.flows, self.site, url);
        self.nav.update(|nav| nav.go(view));
    }

    /// Moves the walk through a flow (`None`: done, or forgotten), and keeps it in the
    /// tab's sessionStorage.
    pub fn set_walk(&self, walk: Option<Runner>) {
        if let Some(storage) = session() {
            // A walk exists only once the flows are there.
            let _ = match (&walk, self.steps.get_untracked()) {
                (Some(runner), Steps::Ready(flows)) => storage.set_item(WALK_KEY, &runner.encode(flows)),
                _ => storage.remove_item(WALK_KEY),
            };
        }
        self.walk.set(walk);
    }

    /// The locale's contact page.
    pub fn contact_page(&self) -> String {
        self.url(&format!("{}contact/", self.data.home))
    }

    /// Tells the page that `event` happened, with `detail`'s fields.
    pub fn emit(&self, event: &str, detail: &[(&str, JsValue)]) {
        let _ = self.emit.with_value(|emit| emit.call2(&JsValue::NULL, &event.into(), &object(detail)));
    }

    /// Asks the loader to open the chat of `provider` (its launcher on the page), closing
    /// the panel.
    pub fn open_chat(&self, provider: &str) {
        self.tell("kefu:chat", &JsValue::from_str(provider));
    }

    /// Asks the panel to mount the ticket form (a module of its own) in `slot`, for a
    /// topic and an urgency, with what a flow found out (`flow`: { id, title, path,
    /// answers: { field: value }, evidence: [field] }, else null); `None` when the ticket
    /// view goes.
    pub fn ticket_form(&self, slot: Option<&HtmlElement>, topic: &str, urgency: &str, handover: Option<&Handover>) {
        let flow = handover.map_or(JsValue::NULL, |h| {
            let answers: Vec<(&str, JsValue)> = h.answers.iter().map(|(f, v)| (f.as_str(), v.into())).collect();
            let evidence: js_sys::Array = h.evidence.iter().map(|e| JsValue::from_str(e)).collect();
            object(&[
                ("id", h.flow.as_str().into()),
                ("title", h.title.as_str().into()),
                ("path", h.path_text().into()),
                ("answers", object(&answers).into()),
                ("evidence", evidence.into()),
            ])
            .into()
        });
        let slot = slot.map_or(JsValue::NULL, JsValue::from);
        let detail = object(&[("slot", slot), ("topic", topic.into()), ("urgency", urgency.into()), ("flow", flow)]);
        self.tell("kefu:ticket", &detail);
    }

    /// Asks the panel to send an article's "was this helpful?" to the site's feedback
    /// endpoint (through the tickets' outbox, which it loads for it); nothing when the
    /// site has none, so that no module loads for nothing.
    pub fn send_feedback(&self, url: &str, helpful: bool) {
        if self.data.tickets.feedback.is_none() {
            return;
        }
        self.tell("kefu:feedback", &object(&[("url", url.into()), ("helpful", helpful.into())]));
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
                let flows = &self.data.flows;
                match View::named(&a.as_string().unwrap_or_default(), arg) {
                    Ok(View::Flow { id }) if flows.flow(&id).is_none() => {
                        let ids: Vec<&str> = flows.flows.iter().map(|f| f.id.as_str()).collect();
                        warn(&format!("there is no flow \"{id}\"; flows are: {}", ids.join(", ")));
                    }
                    // A flow's page opens the flow.
                    Ok(View::Article { url }) => self.open_page(&url),
                    Ok(view) => self.nav.update(|nav| nav.go(view)),
                    Err(problem) => warn(&problem),
                }
            }
            "context" => {
                self.suggest.set(a.as_string().unwrap_or_default());
                self.topic.set(b.as_string().unwrap_or_default());
            }
            "focus" => self.focus.update(|n| *n += 1),
            "reset" => {
                self.nav.update(Navigation::reset);
                self.set_walk(None);
            }
            other => warn(&format!("unknown panel command \"{other}\"")),
        }
    }
}

/// Where the walk through a flow is kept, per tab: [`Runner::encode`]'s text.
const WALK_KEY: &str = "kefu-flow";

/// The walk the tab kept ([`Runner::encode`]'s text), if any.
fn stored_walk() -> Option<String> {
    session()?.get_item(WALK_KEY).ok()?
}

/// The tab's sessionStorage; `None` where storage is blocked.
fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// A plain object of `fields`.
fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object
}

/// One console warning, as the loader's own.
pub fn warn(message: &str) {
    leptos::logging::warn!("kefu: {message}");
}
