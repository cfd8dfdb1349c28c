//! The home view: the flow the visitor was walking through, to continue; what the panel
//! suggests for this page before the visitor types and the flows of its topic; then the
//! help center's popular articles and a way to contact a person.

use super::HitList;
use super::contact::ContactLink;
use crate::host::{Shared, Steps};
use crate::search::{Hit, use_search};
use kefu_model::widget::Link;
use leptos::prelude::*;
use std::rc::Rc;

/// How many suggestions the home view shows.
const SUGGESTIONS: u32 = 5;

/// The home view.
#[component]
pub fn Home() -> impl IntoView {
    let shared = expect_context::<Shared>();
    let words = shared.words();
    let suggested = use_search(Rc::new(move || shared.suggest.get()), SUGGESTIONS);
    // The page's suggestion search first; else the articles of the page's topic.
    let suggestions = Signal::derive(move || {
        let hits = suggested.hits.get();
        if !hits.is_empty() {
            return hits;
        }
        shared.topic.with(|topic| shared.data.category(topic).map_or_else(Vec::new, |c| hits_of(&shared, &c.articles)))
    });
    let featured = hits_of(&shared, &shared.data.featured);
    let no_featured = featured.is_empty();
    let flows = &shared.data.flows;
    // Where the visitor left a flow (this page or an earlier one of the site).
    let walking = Signal::derive(move || {
        // A walk resumes once the flows' steps are fetched.
        let Steps::Ready(steps) = shared.steps.get() else { return Vec::new() };
        shared.walk.with(|walk| {
            walk.iter()
                .map(|r| {
                    let flow = r.flow(steps);
                    Hit {
                        url: shared.url(&flow.url),
                        title: words.t("flow_continue").replace("{title}", &flow.title),
                        section: Some(r.step(steps).title.clone()),
                        snippet: Vec::new(),
                        weak: false,
                    }
                })
                .collect()
        })
    });
    // The flows of the page's topic; every flow where the page has none.
    let guided = Signal::derive(move || {
        shared.topic.with(|topic| {
            let topic = shared.data.topic(topic);
            flows
                .flows
                .iter()
                .filter(|f| topic.is_none_or(|t| f.topic == t))
                .map(|f| Hit {
                    url: shared.url(&f.url),
                    title: f.title.clone(),
                    section: None,
                    snippet: vec![(f.summary.clone(), false)],
                    weak: false,
                })
                .collect::<Vec<_>>()
        })
    });
    // Not there at all without a walk: the page's suggestions are the first list then.
    let continuing = shared
        .walk
        .with_untracked(Option::is_some)
        .then(|| view! { <div class="kefu-continue"><HitList hits=walking/></div> });
    view! {
        <div class="kefu-home">
            {continuing}
            <div hidden=move || suggestions.with(Vec::is_empty)>
                <h3 class="kefu-list-title">{words.t("suggested")}</h3>
                <HitList hits=suggestions/>
            </div>
            <div hidden=move || guided.with(Vec::is_empty)>
                <h3 class="kefu-list-title">{words.t("flow_guided")}</h3>
                <HitList hits=guided/>
            </div>
            <div hidden=no_featured>
                <h3 class="kefu-list-title">{words.t("featured")}</h3>
                <HitList hits=Signal::stored(featured)/>
            </div>
            <p class="kefu-contact">
                <ContactLink topic=None text=words.t("contact_prompt")/>
            </p>
        </div>
    }
}

/// `links` as plain hits, with absolute URLs.
fn hits_of(shared: &Shared, links: &[Link]) -> Vec<Hit> {
    links
        .iter()
        .map(|l| Hit {
            url: shared.url(&l.url),
            title: l.title.clone(),
            section: None,
            snippet: Vec::new(),
            weak: false,
        })
        .collect()
}
