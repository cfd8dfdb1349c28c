//! kefu's search, shared by the generator (which writes the index), the CLI and the
//! widget (which read it). Pure Rust: no files, no network, compiles for wasm32.
//!
//! The matcher is a plain case-insensitive substring match for now; the index format,
//! its codec and the `Index::search` entry point are what later ranking plugs into.

mod codec;

pub use codec::{DecodeError, FORMAT_VERSION, MAGIC};

use serde::{Deserialize, Serialize};

/// One searchable document: an article of the help center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc {
    /// The article's title, shown as the result's label.
    pub title: String,
    /// URL of the article page relative to the site root, e.g. `en/orders/order-not-received/`.
    pub url: String,
    /// One-line summary shown under the title.
    pub summary: String,
}

/// The search index of one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// The locale these documents are written in, e.g. `zh-CN`.
    pub locale: String,
    /// Every document, in a stable order chosen by the generator.
    pub docs: Vec<Doc>,
}

/// One search hit: a document and where it ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The matching document.
    pub doc: &'a Doc,
}

impl Index {
    /// Creates an empty index for `locale`.
    pub fn new(locale: impl Into<String>) -> Self {
        Self { locale: locale.into(), docs: Vec::new() }
    }

    /// Returns the documents whose title or summary contains `query`, ignoring case,
    /// title matches first. A blank query matches nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit<'_>> {
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        let contains = |text: &str| text.to_lowercase().contains(&needle);
        let in_title = self.docs.iter().filter(|d| contains(&d.title));
        let in_summary_only = self.docs.iter().filter(|d| !contains(&d.title) && contains(&d.summary));
        in_title.chain(in_summary_only).take(limit).map(|doc| Hit { doc }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        let doc = |title: &str, summary: &str| Doc {
            title: title.into(),
            url: format!("/{}/", title.len()),
            summary: summary.into(),
        };
        Index {
            locale: "en".into(),
            docs: vec![
                doc("How to request a refund", "Apply for your money back"),
                doc("My order has not arrived", "Late, lost or misaddressed parcels"),
                doc("Service hours", "When the hotline and chat answer; refund desk closes at 18:00"),
                doc("包裹没到怎么办", "物流延误、地址错误或包裹丢失"),
            ],
        }
    }

    #[test]
    fn matches_are_case_insensitive_and_title_first() {
        let index = index();
        let titles: Vec<_> = index.search("REFUND", 10).iter().map(|h| h.doc.title.as_str()).collect();
        assert_eq!(titles, ["How to request a refund", "Service hours"]);
    }

    #[test]
    fn chinese_substrings_match() {
        let index = index();
        let hits = index.search("包裹", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].doc.title, "包裹没到怎么办");
        assert_eq!(index.search("丢失", 10)[0].doc.title, "包裹没到怎么办");
    }

    #[test]
    fn blank_query_and_no_match_give_nothing() {
        let index = index();
        assert!(index.search("   ", 10).is_empty());
        assert!(index.search("warranty", 10).is_empty());
    }

    #[test]
    fn limit_is_respected() {
        assert_eq!(index().search("o", 2).len(), 2);
    }
}
