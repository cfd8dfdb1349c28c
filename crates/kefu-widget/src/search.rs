//! Search as the widget and the help center's search page both use it: the locale's
//! index root loaded once, shards fetched as queries need them, the hits of the current
//! query, and a status line for screen readers.

use crate::i18n::Labels;
use kefu_search::{Engine, Needs};
use leptos::prelude::*;
use leptos::task::spawn_local;

const MAX_RESULTS: usize = 8;

/// One result, ready to show.
#[derive(Clone, PartialEq)]
pub struct Hit {
    /// Absolute URL of the article (with `#anchor` for a section).
    pub url: String,
    /// Its title.
    pub title: String,
    /// The heading of the section that matched, if any.
    pub section: Option<String>,
    /// Pieces of an extract, `true` where a query term matched.
    pub snippet: Vec<(String, bool)>,
}

/// Where the search is.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Idle,
    Loading,
    Ready,
    Failed,
}

/// The live search over one locale's index.
#[derive(Clone, Copy)]
pub struct Search {
    /// The hits of the current query.
    pub hits: ReadSignal<Vec<Hit>>,
    /// What to announce: loading, failure, no result or the number of results.
    pub status: Signal<String>,
    /// The locale's contact page, offered when nothing matches; known once the index is.
    pub contact: Signal<Option<String>>,
    /// Whether the last query found nothing.
    pub nothing: Signal<bool>,
}

/// The engine of one locale's index, shared by the searches of a page; empty until the
/// first query loads its root.
pub type SharedEngine = StoredValue<Option<Engine>>;

/// Searches `<site_base>kefu/index-<locale>.bin` for `query` as it changes.
pub fn use_search(
    engine: SharedEngine,
    site_base: String,
    locale: &str,
    labels: &'static Labels,
    query: Signal<String>,
) -> Search {
    let dir = format!("{site_base}kefu/");
    let root_url = format!("{dir}index-{locale}.bin");
    let site_base_for_contact = site_base.clone();
    let (hits, set_hits) = signal(Vec::<Hit>::new());
    let (phase, set_phase) = signal(Phase::Idle);
    // Each query gets a number; only the latest may show its results.
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let q = query.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if q.trim().is_empty() {
            set_hits.set(Vec::new());
            set_phase.set(Phase::Idle);
            return;
        }
        let (dir, root_url, site_base) = (dir.clone(), root_url.clone(), site_base.clone());
        spawn_local(async move {
            if phase.get_untracked() != Phase::Ready {
                set_phase.set(Phase::Loading);
            }
            match run(&engine, &dir, &root_url, &q).await {
                Ok(found) if generation.get_value() == mine => {
                    set_hits.set(found.into_iter().map(|h| to_hit(&site_base, h)).collect());
                    set_phase.set(Phase::Ready);
                }
                Ok(_) => {}
                Err(err) => {
                    leptos::logging::warn!("kefu: search index: {err}");
                    set_phase.set(Phase::Failed);
                }
            }
        });
    });

    let contact = Signal::derive(move || {
        phase.track();
        engine.with_value(|e| e.as_ref().map(|e| format!("{site_base_for_contact}{}contact/", e.home())))
    });
    let nothing = Signal::derive(move || phase.get() == Phase::Ready && hits.with(Vec::is_empty));
    let status = Signal::derive(move || match phase.get() {
        Phase::Idle => String::new(),
        Phase::Loading => labels.loading.to_string(),
        Phase::Failed => labels.load_failed.to_string(),
        Phase::Ready => match hits.with(Vec::len) {
            0 => labels.no_results.to_string(),
            n => labels.results.replace("{n}", &n.to_string()),
        },
    });
    Search { hits, status, contact, nothing }
}

/// Answers `query`, fetching the root and whatever shards the engine asks for.
async fn run(
    engine: &StoredValue<Option<Engine>>,
    dir: &str,
    root_url: &str,
    query: &str,
) -> Result<Vec<kefu_search::Hit>, String> {
    if engine.with_value(Option::is_none) {
        let root = fetch(root_url).await?;
        let loaded = Engine::new(&root).map_err(|e| e.to_string())?;
        // Another query may have loaded it meanwhile; either copy is the same.
        engine.set_value(Some(loaded));
    }
    loop {
        let answer = engine.with_value(|e| e.as_ref().expect("loaded above").search(query, MAX_RESULTS));
        match answer {
            Ok(hits) => return Ok(hits),
            Err(Needs(files)) => {
                for file in files {
                    let bytes = fetch(&format!("{dir}{file}")).await?;
                    engine.try_update_value(|e| e.as_mut().map(|e| e.add_shard(&file, &bytes)));
                }
            }
        }
    }
}

async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    crate::net::bytes(url).await
}

fn to_hit(site_base: &str, hit: kefu_search::Hit) -> Hit {
    // Index URLs are relative to the site root; `site_base` ends with `/`.
    Hit { url: format!("{site_base}{}", hit.url), title: hit.title, section: hit.section, snippet: hit.snippet }
}

/// A snippet with its matches marked.
#[component]
pub fn Snippet(
    /// The pieces, `true` where a query term matched.
    pieces: Vec<(String, bool)>,
) -> impl IntoView {
    pieces
        .into_iter()
        .map(|(text, matched)| if matched { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() })
        .collect_view()
}

/// The results of the help center's search page, under the page's own search box.
#[component]
pub fn PageResults(
    /// The live search.
    search: Search,
) -> impl IntoView {
    view! {
        <p class="search-status" role="status">{move || search.status.get()}</p>
        <ul class="article-list">
            <For each=move || search.hits.get() key=|hit| hit.url.clone() let(hit)>
                <li>
                    <a href=hit.url>{hit.title}{hit.section.map(|s| format!(" › {s}"))}</a>
                    <p><Snippet pieces=hit.snippet/></p>
                </li>
            </For>
        </ul>
    }
}
