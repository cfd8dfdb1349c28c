//! The panel's views, one component each.
//!
//! To add a view: give `nav::View` a variant carrying what the view is given, write its
//! component here (reading `Shared` with `expect_context`), add its arm to the match in
//! `app::Panel`, and its name to `View::named` so that `Kefu("navigate", name, arg)`
//! reaches it. Navigation, back and focus on open then work for it as for the others.
//! A view the first open does not need goes in through [`split`]: a `wasm_split` function
//! that draws it, and `split::later` in its arm; it then costs the first open nothing.
//!
//! Every generic view type is code in the wasm module: lists of articles share one
//! component ([`HitList`]) over one item type, and parts that come and go are hidden
//! rather than rendered conditionally where that is enough.

pub mod article;
pub mod contact;
pub mod flow;
pub mod home;
pub mod results;
pub mod split;
pub mod ticket;

use crate::host::Shared;
use crate::nav::View;
use crate::search::{Hit, Snippet};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MouseEvent;

/// Whether a click on a link is a plain one: a modified click (new tab, new window) keeps
/// its usual meaning instead of opening in the panel.
pub fn plain_click(ev: &MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

/// A click in a body of the help center's HTML (an article's, a flow step's): a link to a
/// flow's page opens the flow view; with `pages`, a link to any other page of the help
/// center opens in the reader, so that the visitor stays in the panel.
pub fn open_in_panel(shared: &Shared, ev: &MouseEvent, pages: bool) {
    let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()?.closest("a[href]").ok()?);
    let Some(href) = link.and_then(|l| l.get_attribute("href")) else { return };
    let view = View::page(&shared.data.flows, shared.site, &href);
    if plain_click(ev) && (matches!(view, View::Flow { .. }) || (pages && href.starts_with(shared.site))) {
        ev.prevent_default();
        shared.nav.update(|nav| nav.go(view));
    }
}

/// A list of articles (or flows), each opening in the panel; a modified click (new tab, new window)
/// keeps its usual meaning, and without the app each is a plain link.
#[component]
pub fn HitList(
    /// The articles: results with their section and extract, or plain links.
    hits: Signal<Vec<Hit>>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    // A flow's page opens the flow, any other the reader.
    let open = move |ev: MouseEvent, url: String| {
        if plain_click(&ev) {
            ev.prevent_default();
            shared.open_page(&url);
        }
    };
    // Drawn anew whenever the list changes: a keyed list (`<For>`) kept the unchanged items'
    // nodes, for 4.1 KB (gzip) more of the wasm module, measured, where a list has at most
    // a handful of items.
    let items = move || {
        hits.get()
            .into_iter()
            .map(|hit| {
                let url = hit.url.clone();
                view! {
                    <li>
                        <a href=hit.url target="_top" on:click=move |ev| open(ev, url.clone())>
                            <span class="kefu-title">{hit.title}</span>
                            {hit.section.map(|s| view! { <span class="kefu-section">{s}</span> })}
                            {(!hit.snippet.is_empty()).then(|| view! {
                                <span class="kefu-snippet"><Snippet pieces=hit.snippet/></span>
                            })}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    // Pointing at a link, or moving to it, fetches the reader's code ahead of the click.
    view! {
        <ul class="kefu-results" on:pointerover=|_| split::expect_article() on:focusin=|_| split::expect_article()>
            {items}
        </ul>
    }
}
