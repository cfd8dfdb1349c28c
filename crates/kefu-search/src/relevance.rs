//! Scoring the engine on labelled queries (`tests/relevance/queries.toml`): what the
//! relevance test and `cargo xtask bench relevance` (which scores Pagefind too) count.

use serde::Deserialize;

/// Results a query's rank is looked for in (MRR@10).
pub const RANKED: usize = 10;

/// The file: `[[query]]` tables.
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledSet {
    /// The queries, in file order.
    pub query: Vec<Labelled>,
}

/// A query and the article that should come first.
#[derive(Debug, Clone, Deserialize)]
pub struct Labelled {
    /// What the visitor types.
    pub q: String,
    /// The index it is asked of.
    pub locale: String,
    /// The article's path in its locale, e.g. `orders/lost-parcel`.
    pub expect: String,
    /// What it tests: keywords, question, prefix, typo, synonym, substring, mixed.
    pub kind: String,
}

impl Labelled {
    /// The expected article's URL relative to the site root, e.g. `en/orders/lost-parcel/`
    /// (the default locale's articles are at the root).
    pub fn expected_url(&self, default_locale: &str) -> String {
        let prefix = if self.locale == default_locale { String::new() } else { format!("{}/", self.locale) };
        format!("{prefix}{}/", self.expect)
    }
}

/// recall@1, recall@5 and MRR@10 over some queries.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    /// Queries counted.
    pub n: usize,
    at1: usize,
    at5: usize,
    reciprocal: f64,
}

impl Score {
    /// Counts a query whose expected article came at `rank` (1-based), if at all.
    pub fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(r) = rank {
            self.at1 += usize::from(r == 1);
            self.at5 += usize::from(r <= 5);
            if r <= RANKED {
                self.reciprocal += 1.0 / r as f64;
            }
        }
    }

    /// The share of queries whose article came first.
    pub fn recall1(&self) -> f64 {
        self.at1 as f64 / self.n.max(1) as f64
    }

    /// The share of queries whose article came in the first five.
    pub fn recall5(&self) -> f64 {
        self.at5 as f64 / self.n.max(1) as f64
    }

    /// The mean reciprocal rank, within the first [`RANKED`].
    pub fn mrr(&self) -> f64 {
        self.reciprocal / self.n.max(1) as f64
    }
}
