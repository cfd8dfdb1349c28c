//! The panel's views, one component each.
//!
//! To add a view: give `nav::View` a variant carrying what the view is given, write its
//! component here (reading `Shared` with `expect_context`), add its arm to the match in
//! `app::Panel`, and its name to `View::named` so that `Kefu("navigate", name, arg)`
//! reaches it. Navigation, back and focus on open then work for it as for the others.
//!
//! Every generic view type is code in the wasm module: lists of articles share one
//! component ([`HitList`]) over one item type, and parts that come and go are hidden
//! rather than rendered conditionally where that is enough.

pub mod article;
pub mod contact;
pub mod home;
pub mod results;
pub mod ticket;

use crate::host::Shared;
use crate::nav::View;
use crate::search::{Hit, Snippet};
use leptos::prelude::*;

/// A list of articles, each opening in the panel; a modified click (new tab, new window)
/// keeps its usual meaning, and without the app each is a plain link.
#[component]
pub fn HitList(
    /// The articles: results with their section and extract, or plain links.
    hits: Signal<Vec<Hit>>,
) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let open = move |ev: web_sys::MouseEvent, url: String| {
        if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
            return;
        }
        ev.prevent_default();
        shared.nav.update(|nav| nav.go(View::Article { url }));
    };
    view! {
        <ul class="kefu-results">
            <For each=move || hits.get() key=|hit| hit.url.clone() let(hit)>
                <li>
                    <a href=hit.url.clone() target="_top" on:click={
                        let url = hit.url.clone();
                        move |ev| open(ev, url.clone())
                    }>
                        <span class="kefu-title">{hit.title}</span>
                        {hit.section.map(|s| view! { <span class="kefu-section">{s}</span> })}
                        {(!hit.snippet.is_empty()).then(|| view! {
                            <span class="kefu-snippet"><Snippet pieces=hit.snippet/></span>
                        })}
                    </a>
                </li>
            </For>
        </ul>
    }
}
