//! `kefu search`: queries a built site's index with exactly the engine the browser runs.

use crate::error::{Error, IoContext};
use kefu_search::{Explanation, Hit, SearchError};
use std::path::Path;

/// Searches the index of `locale` in the built site at `output`.
pub fn search(output: &Path, locale: &str, query: &str, limit: usize) -> Result<Vec<Hit>, Error> {
    with_index(output, locale, |root, shard| kefu_search::search_all(root, shard, query, limit))
}

/// Why the results of [`search`] rank as they do.
pub fn explain(output: &Path, locale: &str, query: &str, limit: usize) -> Result<Explanation, Error> {
    with_index(output, locale, |root, shard| kefu_search::explain_all(root, shard, query, limit))
}

/// Runs `ask` over the index of `locale` in the built site at `output`.
fn with_index<T>(
    output: &Path,
    locale: &str,
    ask: impl FnOnce(&[u8], &dyn Fn(&str) -> Option<Vec<u8>>) -> Result<T, SearchError>,
) -> Result<T, Error> {
    let dir = output.join(crate::pages::WIDGET_DIR);
    let root_path = dir.join(format!("index-{locale}.bin"));
    let root = std::fs::read(&root_path).at(&root_path)?;
    let shard = |file: &str| std::fs::read(dir.join(file)).ok();
    ask(&root, &shard).map_err(|e| match e {
        SearchError::Decode(source) => Error::Index { path: root_path.clone(), message: source.to_string() },
        SearchError::Missing(file) => {
            Error::Index { path: dir.join(file), message: "missing: rebuild the site".into() }
        }
    })
}

/// A hit as JSON, for `--json`.
pub fn to_json(hit: &Hit) -> serde_json::Value {
    serde_json::json!({
        "title": hit.title,
        "url": hit.url,
        "summary": hit.summary,
        "section": hit.section,
        "snippet": hit.snippet.iter().map(|(text, mark)| serde_json::json!({ "text": text, "match": mark })).collect::<Vec<_>>(),
        "score": hit.score,
        "relaxed": hit.relaxed,
        "weak": hit.weak,
    })
}

/// A hit as a line or two of text, matches in [brackets].
pub fn to_text(rank: usize, hit: &Hit) -> String {
    let snippet: String = hit.snippet.iter().map(|(t, m)| if *m { format!("[{t}]") } else { t.clone() }).collect();
    let section = hit.section.as_ref().map(|s| format!(" › {s}")).unwrap_or_default();
    let weak = if hit.weak { "  (weak evidence)" } else { "" };
    format!("{rank}. {}{section}{weak}\n   /{}\n   {}", hit.title, hit.url, snippet.replace('\n', " "))
}
