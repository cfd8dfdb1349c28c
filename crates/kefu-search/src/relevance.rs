//! Scoring the engine on labelled queries (`tests/relevance/queries.toml`): what the
//! relevance test and `cargo xtask bench relevance` (which scores Pagefind too) count.
//!
//! The queries come in two halves fixed before the engine was tuned on them: ranking is
//! tuned on [`Half::Tune`], and [`Half::HeldOut`] says how well that carries over. A
//! [`Report`] gives both, overall, per language, per kind and per kind and language.

use crate::Hit;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

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
#[serde(deny_unknown_fields)]
pub struct Labelled {
    /// What the visitor types.
    pub q: String,
    /// The index it is asked of.
    pub locale: String,
    /// The article's path in its locale, e.g. `orders/lost-parcel`; none for a query that
    /// no article answers (kind `unanswerable`).
    pub expect: Option<String>,
    /// What it tests: keywords, question, prefix, typo, synonym, substring, mixed,
    /// unanswerable.
    pub kind: String,
    /// Which half it is in.
    pub half: Half,
}

/// The two halves of the labelled queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Half {
    /// Ranking may be tuned on these.
    Tune,
    /// Never tuned on: they measure what tuning carries over to.
    HeldOut,
}

impl Labelled {
    /// The expected article's URL relative to the site root, e.g. `en/orders/lost-parcel/`
    /// (the default locale's articles are at the root); none for an unanswerable query.
    pub fn expected_url(&self, default_locale: &str) -> Option<String> {
        let prefix = if self.locale == default_locale { String::new() } else { format!("{}/", self.locale) };
        self.expect.as_ref().map(|expect| format!("{prefix}{expect}/"))
    }
}

/// recall@1, recall@5 and MRR@10 over some queries, and how often the engine said it
/// had no good answer.
#[derive(Debug, Default, Clone, Copy)]
pub struct Score {
    /// Queries counted.
    pub n: usize,
    at1: usize,
    at5: usize,
    reciprocal: f64,
    no_answer: usize,
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

    /// The share of queries the engine had no good answer for (no result, or a first
    /// result it flags as weak).
    pub fn no_answer(&self) -> f64 {
        self.no_answer as f64 / self.n.max(1) as f64
    }
}

/// What the engine answered to one labelled query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Where the expected article came, 1-based, within the first [`RANKED`].
    pub rank: Option<usize>,
    /// Whether the engine said it had no good answer.
    pub no_answer: bool,
}

impl Outcome {
    /// What `hits`, as the engine ranked them, say of a query whose expected article is
    /// at `wanted` (a URL relative to the site root, as [`Labelled::expected_url`] gives).
    pub fn of(hits: &[Hit], wanted: Option<&str>) -> Self {
        let page = |hit: &Hit| hit.url.split('#').next().unwrap_or_default().trim_start_matches('/').to_string();
        let rank = wanted.and_then(|wanted| hits.iter().take(RANKED).position(|h| page(h) == wanted)).map(|i| i + 1);
        Outcome { rank, no_answer: crate::no_good_answer(hits) }
    }
}

/// Scores grouped by half and by row (all, a language, a kind, a kind in a language).
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Keyed by row, then by half (`None`: both halves).
    rows: BTreeMap<(u8, String), BTreeMap<Option<Half>, Score>>,
}

impl Report {
    /// Counts one query's outcome in every row it belongs to. An unanswerable query
    /// counts only in its kind's rows: recall over the others is what `all` means.
    pub fn add(&mut self, query: &Labelled, outcome: Outcome) {
        let rows = [
            (0, "all".to_string()),
            (1, query.locale.clone()),
            (2, query.kind.clone()),
            (3, format!("{} {}", query.kind, query.locale)),
        ];
        let skip = if query.expect.is_some() { 0 } else { 2 };
        for row in rows.into_iter().skip(skip) {
            let halves = self.rows.entry(row).or_default();
            for half in [Some(query.half), None] {
                let score = halves.entry(half).or_default();
                score.add(outcome.rank);
                score.no_answer += usize::from(outcome.no_answer);
            }
        }
    }

    /// The score of a row (`all`, `en`, `typo`, `typo zh-CN`) in a half (`None`: both).
    pub fn get(&self, row: &str, half: Option<Half>) -> Score {
        let found = self.rows.iter().find(|((_, name), _)| name == row);
        found.and_then(|(_, halves)| halves.get(&half)).copied().unwrap_or_default()
    }

    /// The table: a line per row, with n, recall@1, recall@5, MRR@10 and the share with
    /// no good answer, for the tuning half, the held-out half and both. An unanswerable
    /// query counts as right when the engine says it has no good answer, so its rows
    /// show that share alone.
    pub fn table(&self) -> String {
        let mut out = String::new();
        let group = |name: &str| format!("{name:-^34}");
        let _ = writeln!(out, "  {:<24}  {}  {}  {}", "", group(" tune "), group(" held-out "), group(" both "));
        let heads = format!("{:>4} {:>6} {:>6} {:>6} {:>7}", "n", "r@1", "r@5", "MRR", "none");
        let _ = writeln!(out, "  {:<24}  {heads}  {heads}  {heads}", "");
        for ((_, name), halves) in &self.rows {
            let cells: Vec<String> = [Some(Half::Tune), Some(Half::HeldOut), None]
                .iter()
                .map(|half| match halves.get(half) {
                    Some(s) if name.starts_with("unanswerable") => {
                        format!("{:>4} {:>6} {:>6} {:>6} {:>7.3}", s.n, "", "", "", s.no_answer())
                    }
                    Some(s) => format!(
                        "{:>4} {:>6.3} {:>6.3} {:>6.3} {:>7.3}",
                        s.n,
                        s.recall1(),
                        s.recall5(),
                        s.mrr(),
                        s.no_answer()
                    ),
                    None => format!("{:>34}", "—"),
                })
                .collect();
            let _ = writeln!(out, "  {name:<24}  {}", cells.join("  "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(locale: &str, kind: &str, half: Half) -> Labelled {
        let expect = (kind != "unanswerable").then(|| "orders/lost-parcel".to_string());
        Labelled { q: "q".into(), locale: locale.into(), expect, kind: kind.into(), half }
    }

    #[test]
    fn a_report_counts_each_query_in_its_rows_and_halves() {
        let mut report = Report::default();
        let first = Outcome { rank: Some(1), no_answer: false };
        let second = Outcome { rank: Some(2), no_answer: false };
        let none = Outcome { rank: None, no_answer: true };
        report.add(&query("en", "typo", Half::Tune), first);
        report.add(&query("en", "typo", Half::HeldOut), second);
        report.add(&query("zh-CN", "typo", Half::HeldOut), none);
        report.add(&query("zh-CN", "unanswerable", Half::HeldOut), none);
        let held_out = report.get("all", Some(Half::HeldOut));
        assert_eq!((held_out.n, held_out.recall1(), held_out.recall5(), held_out.mrr()), (2, 0.0, 0.5, 0.25));
        assert_eq!(report.get("typo en", None).recall1(), 0.5);
        assert_eq!(report.get("zh-CN", None).no_answer(), 1.0);
        assert_eq!(report.get("typo", Some(Half::Tune)).n, 1);
        assert_eq!(report.get("unanswerable", None).no_answer(), 1.0);
        assert!(report.table().contains("typo zh-CN"), "{}", report.table());
    }

    #[test]
    fn expected_urls_put_other_locales_under_their_code() {
        assert_eq!(query("en", "typo", Half::Tune).expected_url("zh-CN").unwrap(), "en/orders/lost-parcel/");
        assert_eq!(query("zh-CN", "typo", Half::Tune).expected_url("zh-CN").unwrap(), "orders/lost-parcel/");
        assert_eq!(query("en", "unanswerable", Half::Tune).expected_url("zh-CN"), None);
    }
}
