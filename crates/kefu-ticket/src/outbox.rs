//! The outbox in the browser: every ticket is stored (IndexedDB, through `ticket.js`)
//! before it is sent and stays until the endpoint answers 2xx. What to do after each try
//! is `kefu_model::outbox`'s to say; here are the tries themselves: a pass over the due
//! tickets under a Web Lock (two tabs never send at once; the key protects anyway), a
//! timer to the next one due, `online`, and a `keepalive` copy when the page goes away
//! mid-send.

use js_sys::{Array, Function, Object, Promise, Reflect};
use kefu_model::endpoint::{Endpoint, Format, Ticket};
use kefu_model::outbox::{Entry, Next, Reply};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, spawn_local};

#[wasm_bindgen]
extern "C" {
    /// `ticket.js`'s store: records `{ key, entry, endpoint, files }` in IndexedDB, and
    /// `lock(name, fn)`, which runs `fn` (returning a promise) unless another tab holds
    /// the lock.
    pub type Store;

    #[wasm_bindgen(method)]
    fn all(this: &Store) -> Promise;
    #[wasm_bindgen(method)]
    fn put(this: &Store, record: &JsValue) -> Promise;
    #[wasm_bindgen(method)]
    fn remove(this: &Store, key: &str) -> Promise;
    #[wasm_bindgen(method)]
    fn lock(this: &Store, name: &str, run: &Function) -> Promise;
}

/// A ticket as stored: the model's entry, where it goes, and its files.
#[derive(Clone)]
pub struct Record {
    /// The entry.
    pub entry: Entry,
    /// Its endpoint, with an absolute URL.
    pub endpoint: Endpoint,
    /// Its attachments (`File`s), sent with a multipart body.
    pub files: Array,
}

/// Who hears about every change of an entry: the form's view, when mounted.
type Listener = Rc<dyn Fn(&[Entry])>;

struct Outbox {
    store: Store,
    emit: Function,
}

thread_local! {
    static OUTBOX: RefCell<Option<Rc<Outbox>>> = const { RefCell::new(None) };
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
    /// A pass is under way; another asked for meanwhile runs right after it.
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// Everything queued is due now (the browser came online).
    static FORCE: Cell<bool> = const { Cell::new(false) };
    static TIMER: Cell<i32> = const { Cell::new(0) };
    /// The keepalive copies of the tries under way: (url, body).
    static IN_FLIGHT: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
}

/// The localStorage key the loader reads on every page: set while a ticket waits.
const MARK: &str = "kefu-outbox";

fn outbox() -> Option<Rc<Outbox>> {
    OUTBOX.with(|o| o.borrow().clone())
}

/// Starts delivering (once per page).
pub fn start(store: Store, emit: Function) {
    if outbox().is_some() {
        return;
    }
    OUTBOX.with(|o| *o.borrow_mut() = Some(Rc::new(Outbox { store, emit })));
    let Some(window) = web_sys::window() else { return };
    let online = Closure::<dyn Fn()>::new(|| {
        FORCE.set(true);
        run();
    });
    let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
    online.forget();
    let pagehide = Closure::<dyn Fn()>::new(keepalive);
    let _ = window.add_event_listener_with_callback("pagehide", pagehide.as_ref().unchecked_ref());
    pagehide.forget();
    run();
}

/// Sets the view's listener, and tells it what the outbox holds now.
pub fn listen(listener: Option<Listener>) {
    LISTENER.with(|l| *l.borrow_mut() = listener);
    spawn_local(async {
        let records = load().await;
        notify(&records);
    });
}

/// Stores a new ticket and starts sending it.
pub async fn add(record: Record) -> Result<(), String> {
    let outbox = outbox().ok_or("the outbox has not started")?;
    save(&outbox, &record).await?;
    set_mark(true);
    if !record.entry.ticket.feedback {
        emit("ticket-queued", &record.entry, &[]);
    }
    notify(&load().await);
    run();
    Ok(())
}

/// Replaces a refused ticket by its edited copy, sent anew.
pub async fn resend(old_key: &str, record: Record) -> Result<(), String> {
    let outbox = outbox().ok_or("the outbox has not started")?;
    JsFuture::from(outbox.store.remove(old_key)).await.map_err(|e| message(&e))?;
    add(record).await
}

/// Runs a pass over the due tickets (or notes that one more is wanted).
fn run() {
    if RUNNING.get() {
        AGAIN.set(true);
        return;
    }
    RUNNING.set(true);
    spawn_local(async {
        loop {
            AGAIN.set(false);
            if let Some(outbox) = outbox() {
                let pass = Closure::once_into_js(move || wasm_bindgen_futures::future_to_promise(pass()));
                let _ = JsFuture::from(outbox.store.lock("kefu-outbox", pass.unchecked_ref())).await;
            }
            if !AGAIN.get() {
                break;
            }
        }
        RUNNING.set(false);
        schedule().await;
    });
}

/// Sends every due ticket, one after the other.
async fn pass() -> Result<JsValue, JsValue> {
    let Some(outbox) = outbox() else { return Ok(JsValue::UNDEFINED) };
    let force = FORCE.replace(false);
    for mut record in load().await {
        // This tab holds the lock: a ticket still marked as sending was being sent by a
        // page that went away mid-try. It is queued again (the key keeps it single).
        record.entry.revive();
        if force {
            record.entry.online(now());
        }
        if record.entry.is_due(now()) {
            send(&outbox, record).await;
        }
    }
    Ok(JsValue::UNDEFINED)
}

/// One try of one ticket.
async fn send(outbox: &Outbox, mut record: Record) {
    record.entry.start();
    if save(outbox, &record).await.is_err() {
        return; // not stored as sending: not sent either, so it cannot be sent twice
    }
    notify(&load().await);
    let ticket = &record.entry.ticket;
    // kefu's own JSON: an endpoint that wants another shape gets no copy it cannot read.
    let own_body = record.endpoint.preset.takes_key_header() && record.endpoint.template.is_empty();
    let copy = own_body.then(|| ticket.keepalive()).flatten();
    if let Some(copy) = &copy {
        IN_FLIGHT.with(|f| f.borrow_mut().push((record.endpoint.url.clone(), copy.clone())));
    }
    let reply = post(&record).await;
    IN_FLIGHT.with(|f| f.borrow_mut().retain(|(_, body)| Some(body) != copy.as_ref()));
    let endpoint = &record.endpoint;
    let next = record.entry.settle(&reply, now(), js_sys::Math::random(), endpoint.preset, &endpoint.reference);
    let _ = save(outbox, &record).await;
    let records = load().await;
    set_mark(records.iter().any(|r| r.entry.is_pending()));
    notify(&records);
    if record.entry.ticket.feedback {
        return; // the page was told of the feedback when it was given
    }
    match next {
        Next::Sent => emit("ticket-sent", &record.entry, &[]),
        Next::Refused => {
            let (status, said) = record.entry.failure.clone().unwrap_or_default();
            emit("ticket-failed", &record.entry, &[("status", status.into()), ("message", said.into())]);
        }
        Next::RetryAt(_) => {}
    }
}

/// The request of one try, through gloo-net.
async fn post(record: &Record) -> Reply {
    use gloo_net::http::{Method, RequestBuilder};
    let (endpoint, ticket) = (&record.endpoint, &record.entry.ticket);
    let method = if endpoint.method.eq_ignore_ascii_case("PUT") { Method::PUT } else { Method::POST };
    let mut request = RequestBuilder::new(&endpoint.url).method(method).header("Accept", "application/json");
    for (name, value) in &endpoint.headers {
        request = request.header(name, value);
    }
    if endpoint.preset.takes_key_header() {
        request = request.header("Idempotency-Key", &ticket.key);
    }
    let request = match endpoint.format {
        Format::Json => request.header("Content-Type", "application/json").body(endpoint.json(ticket)),
        Format::Form => match web_sys::UrlSearchParams::new() {
            Ok(params) => {
                for (name, value) in ticket.pairs() {
                    params.append(&name, &value);
                }
                request.body(params)
            }
            Err(_) => return Reply::Network,
        },
        Format::Multipart => match multipart(ticket, &record.files) {
            Some(form) => request.body(form),
            None => return Reply::Network,
        },
    };
    let Ok(request) = request else { return Reply::Network };
    match request.send().await {
        Err(_) => Reply::Network,
        Ok(response) => Reply::Http {
            status: response.status(),
            retry_after: response.headers().get("Retry-After"),
            body: response.text().await.unwrap_or_default(),
        },
    }
}

fn multipart(ticket: &Ticket, files: &Array) -> Option<web_sys::FormData> {
    let form = web_sys::FormData::new().ok()?;
    for (name, value) in ticket.pairs() {
        form.append_with_str(&name, &value).ok()?;
    }
    for file in files.iter() {
        let file: web_sys::File = file.dyn_into().ok()?;
        form.append_with_blob_and_filename("attachments", &file, &file.name()).ok()?;
    }
    Some(form)
}

/// The page goes away while tries are under way: a `keepalive` copy of each goes out
/// (text/plain, which needs no preflight, the key inside). The outbox keeps the ticket
/// until a 2xx is seen, so the next page sends it again under the same key.
fn keepalive() {
    let Some(window) = web_sys::window() else { return };
    for (url, body) in IN_FLIGHT.with(|f| f.borrow().clone()) {
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        // Neither gloo-net nor web-sys has `keepalive` yet: set on the init object itself.
        let _ = Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
        init.set_body(&JsValue::from_str(&body));
        if let Ok(headers) = web_sys::Headers::new() {
            let _ = headers.set("Content-Type", "text/plain;charset=UTF-8");
            init.set_headers(&headers);
        }
        let _ = window.fetch_with_str_and_init(&url, &init);
    }
}

/// Sets the timer for the next ticket due.
async fn schedule() {
    let next = load().await.iter().filter(|r| r.entry.is_pending()).map(|r| r.entry.due).min();
    let Some(window) = web_sys::window() else { return };
    window.clear_timeout_with_handle(TIMER.get());
    if let Some(due) = next {
        let wait = (due - now()).clamp(0, i64::from(i32::MAX)) as i32;
        let tick = Closure::once_into_js(run);
        if let Ok(handle) = window.set_timeout_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), wait) {
            TIMER.set(handle);
        }
    }
}

/// Every stored ticket, oldest first.
pub async fn load() -> Vec<Record> {
    let Some(outbox) = outbox() else { return vec![] };
    let Ok(all) = JsFuture::from(outbox.store.all()).await else { return vec![] };
    let mut records: Vec<Record> = Array::from(&all).iter().filter_map(|r| from_js(&r)).collect();
    records.sort_by_key(|r| r.entry.ticket.created);
    records
}

async fn save(outbox: &Outbox, record: &Record) -> Result<(), String> {
    JsFuture::from(outbox.store.put(&to_js(record))).await.map(drop).map_err(|e| message(&e))
}

fn to_js(record: &Record) -> JsValue {
    let object = Object::new();
    let entry = serde_json::to_string(&record.entry).unwrap_or_default();
    let endpoint = serde_json::to_string(&record.endpoint).unwrap_or_default();
    for (key, value) in [
        ("key", JsValue::from_str(&record.entry.ticket.key)),
        ("entry", entry.into()),
        ("endpoint", endpoint.into()),
        ("files", record.files.clone().into()),
    ] {
        let _ = Reflect::set(&object, &key.into(), &value);
    }
    object.into()
}

fn from_js(value: &JsValue) -> Option<Record> {
    let field = |key: &str| Reflect::get(value, &key.into()).ok();
    Some(Record {
        entry: serde_json::from_str(&field("entry")?.as_string()?).ok()?,
        endpoint: serde_json::from_str(&field("endpoint")?.as_string()?).ok()?,
        files: field("files").map(|f| Array::from(&f)).unwrap_or_default(),
    })
}

fn notify(records: &[Record]) {
    let entries: Vec<Entry> = records.iter().map(|r| r.entry.clone()).collect();
    if let Some(listener) = LISTENER.with(|l| l.borrow().clone()) {
        listener(&entries);
    }
}

/// Tells the page about a ticket: its key and reference, and `more`.
fn emit(event: &str, entry: &Entry, more: &[(&str, JsValue)]) {
    let mut detail = vec![("key", entry.ticket.key.as_str().into()), ("reference", entry.shown_reference().into())];
    detail.extend(more.iter().cloned());
    tell(event, &detail);
}

/// Tells the page that `event` happened, with `detail`'s fields.
pub fn tell(event: &str, detail: &[(&str, JsValue)]) {
    let Some(outbox) = outbox() else { return };
    let object = Object::new();
    for (key, value) in detail {
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    let _ = outbox.emit.call2(&JsValue::NULL, &event.into(), &object);
}

fn set_mark(pending: bool) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    let _ = if pending { storage.set_item(MARK, "1") } else { storage.remove_item(MARK) };
}

/// Milliseconds since 1970.
pub fn now() -> i64 {
    js_sys::Date::now() as i64
}

/// What a JavaScript error says.
pub fn message(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "unknown error".into())
}
