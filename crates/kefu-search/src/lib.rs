//! kefu's search, one engine for the generator (which writes the index), the CLI and
//! the widget (which read it). Pure Rust: no files, no network, compiles for wasm32.
//!
//! - [`tokenize`]: Chinese and English text to terms (CJK as characters and pairs).
//! - [`build`]: documents to a root file and content-hashed shards ([`format`]).
//! - [`Engine`]: BM25F ranking with prefixes, typos, a title bonus and relaxation.

mod builder;
mod distance;
mod engine;
pub mod format;
mod inverted;
pub mod relevance;
#[cfg(feature = "store")]
pub mod store;
pub mod tokenize;

pub use builder::{Built, ShardSizes, build};
pub use engine::{Engine, Hit, Needs};
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
    let mut engine = Engine::new(&store::unpack(root)?)?;
    loop {
        match engine.search(query, limit) {
            Ok(hits) => return Ok(hits),
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
