//! Reading an article inside the panel: the article page is fetched, its body taken
//! from the `<article>` the help center renders, and shown with "did this answer your
//! question?". When the page cannot be fetched (another origin without CORS, say), the
//! visitor is taken to it instead.

use crate::i18n::Labels;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DomParser, SupportedType};

/// An article as the panel shows it.
#[derive(Clone, PartialEq)]
pub struct Article {
    /// Its absolute URL.
    pub url: String,
    /// Its title.
    pub title: String,
    /// Its body HTML, with links made absolute.
    pub body: String,
}

/// Fetches the article page at `url` and extracts what the panel shows.
pub async fn load(url: &str) -> Result<Article, String> {
    let page = url.split('#').next().unwrap_or(url);
    let html = crate::net::text(page).await?;
    let parser = DomParser::new().map_err(|_| "no DOMParser")?;
    // Parsed into an inert document: nothing in it runs or loads.
    let document = parser.parse_from_string(&html, SupportedType::TextHtml).map_err(|_| "unparsable page")?;
    let title = document.query_selector("article h1").ok().flatten().and_then(|h| h.text_content()).unwrap_or_default();
    let body = document.query_selector("article .article-body").ok().flatten().ok_or("not an article page")?;
    // Links are relative to the article's page, not to the page the widget sits on, and
    // open in the whole window, out of the panel.
    for_each(&body, "a", |link| {
        absolutize(link, page, "href");
        let _ = link.set_attribute("target", "_top");
    });
    for_each(&body, "img", |image| absolutize(image, page, "src"));
    Ok(Article { url: url.to_string(), title, body: body.inner_html() })
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

/// Tells the page hosting the widget what the visitor answered, as a `kefu:feedback`
/// event on `window` with `{ url, helpful }`: no data leaves the page unless its owner
/// sends it somewhere.
fn report(url: &str, helpful: bool) {
    let detail = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&detail, &"url".into(), &url.into());
    let _ = js_sys::Reflect::set(&detail, &"helpful".into(), &helpful.into());
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    if let (Some(window), Ok(event)) =
        (web_sys::window(), web_sys::CustomEvent::new_with_event_init_dict("kefu:feedback", &init))
    {
        let _ = window.dispatch_event(&event);
    }
}

/// The article, a way back, and "did this answer your question?".
#[component]
pub fn Reader(
    /// The article.
    article: Article,
    /// The widget's words.
    labels: &'static Labels,
    /// Where "no" leads: the contact page.
    contact: Signal<Option<String>>,
    /// Goes back to the results.
    back: Callback<()>,
) -> impl IntoView {
    let (answer, set_answer) = signal(None::<bool>);
    let heading = NodeRef::<leptos::html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let url = article.url.clone();
    let answered = move |helpful: bool| {
        report(&url, helpful);
        set_answer.set(Some(helpful));
    };
    let answered_no = answered.clone();
    view! {
        <div class="kefu-article">
            <button type="button" class="kefu-back" on:click=move |_| back.run(())>
                {labels.back}
            </button>
            <h3 tabindex="-1" node_ref=heading>{article.title}</h3>
            <div class="kefu-article-body" inner_html=article.body></div>
            <p>
                <a class="kefu-open" href=article.url target="_top">{labels.open_page}</a>
            </p>
            <div class="kefu-feedback" role="group" aria-label=labels.helpful>
                {move || match answer.get() {
                    None => {
                        let (yes, no) = (answered.clone(), answered_no.clone());
                        view! {
                            <p>{labels.helpful}</p>
                            <button type="button" on:click=move |_| yes(true)>{labels.yes}</button>
                            <button type="button" on:click=move |_| no(false)>{labels.no}</button>
                        }
                            .into_any()
                    }
                    Some(true) => view! { <p role="status">{labels.thanks}</p> }.into_any(),
                    Some(false) => view! {
                        <p role="status">{labels.sorry}</p>
                        <a href=move || contact.get().unwrap_or_default() target="_top">{labels.contact}</a>
                    }
                        .into_any(),
                }}
            </div>
        </div>
    }
}
