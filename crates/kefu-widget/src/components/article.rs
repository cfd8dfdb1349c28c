//! Reading an article inside the panel: the article page is fetched, its body taken
//! from the `<article>` the help center renders, and shown with "did this answer your
//! question?". When the page cannot be fetched (another origin without CORS, say), the
//! view links to it instead.

use super::contact::ContactLink;
use crate::host::Shared;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, SupportedType};

/// An article as the panel shows it.
#[derive(Clone, PartialEq)]
pub struct Loaded {
    /// Its absolute URL.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its body HTML, with links made absolute.
    pub body: String,
}

/// Fetches the article page at `url` and extracts what the panel shows.
async fn load(url: String) -> Result<Loaded, String> {
    let url = url.as_str();
    let page = url.split('#').next().unwrap_or(url);
    let html = crate::net::text(page).await?;
    let parser = DomParser::new().map_err(|_| "no DOMParser")?;
    // Parsed into an inert document: nothing in it runs or loads.
    let document = parser.parse_from_string(&html, SupportedType::TextHtml).map_err(|_| "unparsable page")?;
    let title = document.query_selector("article h1").ok().flatten().and_then(|h| h.text_content()).unwrap_or_default();
    let body = document.query_selector("article .article-body").ok().flatten().ok_or("not an article page")?;
    absolute(&body, page);
    Ok(Loaded { url: url.to_string(), title, body: body.inner_html() })
}

/// `html`, a body of the help center's page `page`, with its links and images absolute.
pub fn absolute_html(html: &str, page: &str) -> String {
    let parsed = DomParser::new().and_then(|p| p.parse_from_string(html, SupportedType::TextHtml));
    match parsed.ok().and_then(|document| document.body()) {
        Some(body) => {
            absolute(&body, page);
            body.inner_html()
        }
        None => html.to_string(),
    }
}

/// Makes the links and images of `body` absolute: they are relative to the help center's
/// page, not to the page the widget sits on; links open in the whole window, out of the
/// panel (unless the panel shows them itself, [`super::open_in_panel`]).
fn absolute(body: &web_sys::Element, page: &str) {
    for_each(body, "a", |link| {
        absolutize(link, page, "href");
        let _ = link.set_attribute("target", "_top");
    });
    for_each(body, "img", |image| absolutize(image, page, "src"));
}

/// Calls `f` on every element of `root` that matches `selector`.
fn for_each(root: &web_sys::Element, selector: &str, mut f: impl FnMut(&web_sys::Element)) {
    let Ok(nodes) = root.query_selector_all(selector) else { return };
    for i in 0..nodes.length() {
        if let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            f(&element);
        }
    }
}

/// Resolves `attribute` of `element` against `base`.
fn absolutize(element: &web_sys::Element, base: &str, attribute: &str) {
    if let Some(value) = element.get_attribute(attribute)
        && let Ok(url) = web_sys::Url::new_with_base(&value, base)
    {
        let _ = element.set_attribute(attribute, &url.href());
    }
}

/// The article view: the article, "did this answer your question?", and the article's
/// own page; while it loads, the status region says so.
#[component]
pub fn Article(
    /// The article's absolute URL.
    url: String,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let loaded = RwSignal::new(None::<Result<Loaded, String>>);
    let fetching = url.clone();
    shared.status.set(words.t("loading").to_string());
    leptos::task::spawn_local(async move {
        let result = load(fetching.clone()).await;
        // The view may be gone by now (the visitor went back): then nothing is shown.
        if loaded.is_disposed() {
            return;
        }
        shared.status.set(String::new());
        match &result {
            Ok(article) => shared.emit("article-viewed", &[("url", article.url.as_str().into())]),
            Err(err) => crate::host::warn(&format!("showing {fetching} in the panel failed ({err})")),
        }
        loaded.set(Some(result));
    });
    view! {
        <div class="kefu-article">
            {move || loaded.get().map(|result| match result {
                Ok(article) => view! { <Reader article/> }.into_any(),
                Err(_) => view! {
                    <p class="kefu-open">
                        <a href=url.clone() target="_top">{words.t("open_page")}</a>
                    </p>
                }
                    .into_any(),
            })}
        </div>
    }
}

/// A loaded article, its page's link and "did this answer your question?".
#[component]
fn Reader(
    /// The article.
    article: Loaded,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let (answer, set_answer) = signal(None::<bool>);
    let heading = NodeRef::<leptos::html::H3>::new();
    // Focus where reading starts, the heading: when it is shown, and when the panel opens on it.
    Effect::new(move |_| {
        shared.focus.track();
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    // The article's category says what the visitor's problem is about.
    let topic = shared.topic_of_url(&article.url).map(String::from);
    let url = article.url.clone();
    let answered = move |helpful: bool| {
        shared.emit("feedback", &[("url", url.clone().into()), ("helpful", helpful.into())]);
        shared.send_feedback(&url, helpful);
        set_answer.set(Some(helpful));
    };
    let answered_no = answered.clone();
    view! {
        <h3 tabindex="-1" node_ref=heading>{article.title}</h3>
        <div class="kefu-article-body" inner_html=article.body on:click=move |ev| super::open_in_panel(&shared, &ev, false)></div>
        <p>
            <a class="kefu-open" href=article.url target="_top">{words.t("open_page")}</a>
        </p>
        <div class="kefu-feedback" role="group" aria-label=words.t("answered")>
            {move || match answer.get() {
                None => {
                    let (yes, no) = (answered.clone(), answered_no.clone());
                    view! {
                        <p>{words.t("answered")}</p>
                        <button type="button" on:click=move |_| yes(true)>{words.t("yes")}</button>
                        <button type="button" on:click=move |_| no(false)>{words.t("no")}</button>
                    }
                        .into_any()
                }
                Some(true) => view! { <p role="status">{words.t("thanks")}</p> }.into_any(),
                Some(false) => view! {
                    <p role="status">{words.t("sorry")}</p>
                    <ContactLink topic=topic.clone() text=words.t("contact_us")/>
                }
                    .into_any(),
            }}
        </div>
    }
}
