//! kefu's search, one engine for the generator (which writes the index), the CLI and
//! the widget (which read it). Pure Rust: no files, no network, compiles for wasm32.
//!
//! - [`tokenize`]: Chinese and English text to terms (CJK as characters and pairs).
//! - [`build`]: documents to a root file and content-hashed shards ([`format`]).
//! - [`Engine`]: BM25F ranking with prefixes, typos, synonyms ([`synonyms`]), Chinese
//!   characters corrected by sound and shape, question words that weigh almost nothing,
//!   a title bonus and relaxation; [`Engine::explain`] says why results rank as they do.

mod builder;
mod confusables;
mod distance;
mod engine;
pub mod format;
mod inverted;
mod query;
pub mod relevance;
mod snippet;
#[cfg(feature = "store")]
pub mod store;
pub mod synonyms;
pub mod tokenize;

pub use builder::{Built, ShardSizes, build, build_with};
pub use engine::{Engine, Explanation, Hit, How, Lookup, Match, Needs, Ranked, SlotReport, no_good_answer};
pub use format::{DecodeError, DocRecord, SectionRecord};

/// Searches an index on disk: the root file's bytes, and every shard's by file name, as
/// [`store`] wrote them. What the CLI and the tests use; the browser fetches shards as
/// the engine asks.
#[cfg(feature = "store")]
pub fn search_all(
    root: &[u8],
    shard: &dyn Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>, SearchError> {
    with_files(root, shard, |engine| engine.search(query, limit))
}

/// [`Engine::explain`] over an index on disk, as [`search_all`] searches it.
#[cfg(feature = "store")]
pub fn explain_all(
    root: &[u8],
    shard: &dyn Fn(&str) -> Option<Vec<u8>>,
    query: &str,
    limit: usize,
) -> Result<Explanation, SearchError> {
    with_files(root, shard, |engine| engine.explain(query, limit))
}

/// Runs `ask` on the index, handing it every file it needs until it answers.
#[cfg(feature = "store")]
fn with_files<T>(
    root: &[u8],
    shard: &dyn Fn(&str) -> Option<Vec<u8>>,
    ask: impl Fn(&Engine) -> Result<T, Needs>,
) -> Result<T, SearchError> {
    let mut engine = Engine::new(&store::unpack(root)?)?;
    loop {
        match ask(&engine) {
            Ok(answer) => return Ok(answer),
            Err(Needs(files)) => {
                for file in files {
                    let bytes = shard(&file).ok_or_else(|| SearchError::Missing(file.clone()))?;
                    engine.add_shard(&file, &store::unpack(&bytes)?)?;
                }
            }
        }
    }
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// An index file is unreadable.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// A shard the root names is not there.
    #[error("search index shard {0} is missing: rebuild the site")]
    Missing(String),
}

#[cfg(test)]
mod tests;
