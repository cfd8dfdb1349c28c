//! Search relevance on the labelled queries in tests/relevance/queries.toml, over the
//! sample help center, with exactly the engine the browser runs. Prints recall@1,
//! recall@5 and MRR@10 for the tuning half, the held-out half and both, overall, per
//! language, per kind and per kind and language (`cargo xtask bench relevance` shows
//! them), and fails if they fall below floors set from measurement. The labels name
//! articles, so the articles are ranked among themselves; where a self-help flow comes
//! before the expected article, that is printed apart, with the scores flows included.

use kefu_search::relevance::{Half, LabelledSet, Outcome, RANKED, Report};
use std::path::Path;

#[test]
fn labelled_queries_find_their_article() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    kefu::build(&repo, &public).expect("the sample builds");
    let text = std::fs::read_to_string(repo.join("tests/relevance/queries.toml")).unwrap();
    let queries: LabelledSet = toml::from_str(&text).unwrap();

    let mut report = Report::default();
    let mut interleaved = Report::default();
    let mut misses = Vec::new();
    let mut flows_first = Vec::new();
    for query in &queries.query {
        let hits = kefu::search::search(&public, &query.locale, &query.q, RANKED).unwrap();
        let wanted = query.expected_url("zh-CN");
        // The labels name articles: the floors hold for the articles among themselves.
        // Flows are results too, and where one comes first it is listed (the flow an
        // article offers answers what the article does); `interleaved` counts them.
        let all = Outcome::of(&hits, wanted.as_deref());
        let no_answer = all.no_answer;
        interleaved.add(query, all);
        let articles: Vec<_> = hits.iter().filter(|h| !is_flow(&h.url)).cloned().collect();
        let rank = Outcome::of(&articles, wanted.as_deref()).rank;
        report.add(query, Outcome { rank, no_answer });
        if let (Some(first), Some(wanted)) = (hits.first().filter(|h| is_flow(&h.url)), &wanted) {
            flows_first.push(format!("  {:?} ({}): {} before {wanted}", query.q, query.locale, first.url));
        }
        let shown = if wanted.is_some() { &articles } else { &hits };
        let got = shown.first().map_or("nothing".into(), |h| h.url.clone());
        let half = if query.half == Half::Tune { "tune" } else { "held-out" };
        match &wanted {
            Some(wanted) if rank != Some(1) => misses.push(format!(
                "  {:?} ({}, {}, {half}): wanted {wanted} at rank {rank:?}, first was {got}",
                query.q, query.locale, query.kind
            )),
            None if !no_answer => {
                misses.push(format!("  {:?} ({}, {}, {half}): answered {got}", query.q, query.locale, query.kind))
            }
            _ => {}
        }
    }
    println!("relevance over {} labelled queries (none: no good answer):", queries.query.len());
    print!("{}", report.table());
    println!("not first among the articles, or answered though nothing answers it:\n{}", misses.join("\n"));
    let row = |r: &Report| {
        let all = r.get("all", None);
        format!("recall@1 {:.3}, recall@5 {:.3}, MRR@10 {:.3}", all.recall1(), all.recall5(), all.mrr())
    };
    println!("with the flows among the results: {} (articles alone: {})", row(&interleaved), row(&report));
    println!("a flow first, before the expected article ({}):\n{}", flows_first.len(), flows_first.join("\n"));
    // Floors: set from measurement, a little below what the engine scores today (both
    // halves 0.938 / 0.993 / 0.963 over 307 queries with an answer; held out 0.927
    // recall@1, where issue 14 asks for 0.92; 8 of 16 unanswerable).
    let all = report.get("all", None);
    assert!(all.recall1() >= RECALL_AT_1, "recall@1 {:.3} fell below {RECALL_AT_1}", all.recall1());
    assert!(all.recall5() >= RECALL_AT_5, "recall@5 {:.3} fell below {RECALL_AT_5}", all.recall5());
    assert!(all.mrr() >= MRR_AT_10, "MRR@10 {:.3} fell below {MRR_AT_10}", all.mrr());
    let held_out = report.get("all", Some(Half::HeldOut)).recall1();
    assert!(held_out >= HELD_OUT_RECALL_AT_1, "held-out recall@1 {held_out:.3} fell below {HELD_OUT_RECALL_AT_1}");
    let none = report.get("unanswerable", None).no_answer();
    assert!(none >= UNANSWERED, "no good answer for {none:.3} of the unanswerable, below {UNANSWERED}");
}

const RECALL_AT_1: f64 = 0.93;
const RECALL_AT_5: f64 = 0.99;
const MRR_AT_10: f64 = 0.955;
const HELD_OUT_RECALL_AT_1: f64 = 0.92;
const UNANSWERED: f64 = 0.45;

/// Whether a result is a flow's page (`flows/<id>/` below a locale's home), not an article.
fn is_flow(url: &str) -> bool {
    url.starts_with("flows/") || url.split_once('/').is_some_and(|(_, rest)| rest.starts_with("flows/"))
}
