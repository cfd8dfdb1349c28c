//! `cargo xtask bench relevance`: kefu's relevance on the labelled queries, by half, kind
//! and language (the relevance test prints it), on TiDB's documentation when given, and
//! beside Pagefind 1.6 on the same built sample site.

use super::bench_search::{Tools, kefu_build, pagefind_index, release_kefu, run_node};
use super::{WorkDir, arrange_tidb, each_option, version};
use anyhow::{Context, Result, bail};
use kefu_search::relevance::{Labelled, LabelledSet, Outcome, RANKED, Report, Score};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const USAGE: &str = "\
cargo xtask bench relevance [OPTIONS]

Runs `cargo test -p kefu --test relevance -- --nocapture` (recall@1, recall@5 and MRR@10
of kefu on tests/relevance/queries.toml, for the tuning half, the held-out half and
both, by kind and language) and, when Pagefind is there, scores Pagefind 1.6 on the
same queries over the same built sample site in Chromium, side by side.

Options:
  --kefu PATH       the kefu binary that builds the sites (default: target/release/kefu)
  --tidb PATH       also score kefu on xtask/bench/tidb-queries.toml over this folder of
                    TiDB's Markdown pages (e.g. /work/shared/corpora/tidb-docs-cn)
  --pagefind        also score Pagefind (the default)
  --no-pagefind     no Pagefind
  --keep DIR        build the sites in DIR and keep them
  -h, --help        this help
";

/// The labelled questions over TiDB's documentation (all held out).
const TIDB_QUERIES: &str = "xtask/bench/tidb-queries.toml";

/// The options of `bench relevance`.
struct Options {
    kefu: Option<PathBuf>,
    tidb: Option<PathBuf>,
    pagefind: bool,
    keep: Option<PathBuf>,
}

impl Options {
    /// Parses `args`; `None` when help was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>> {
        let mut options = Options { kefu: None, tidb: None, pagefind: true, keep: None };
        let go_on = each_option(args, |name, value| {
            match name {
                "--kefu" => options.kefu = Some(value()?.into()),
                "--tidb" => options.tidb = Some(value()?.into()),
                "--keep" => options.keep = Some(value()?.into()),
                "--no-pagefind" => options.pagefind = false,
                "--pagefind" => options.pagefind = true,
                other => bail!("unknown option {other:?}\n\n{USAGE}"),
            }
            Ok(())
        })?;
        Ok(go_on.then_some(options))
    }
}

/// `cargo xtask bench relevance ARGS`.
pub fn relevance(root: &Path, args: &[String]) -> Result<()> {
    let Some(options) = Options::parse(args)? else {
        print!("{USAGE}");
        return Ok(());
    };
    let (passed, test_all) = relevance_test(root)?;
    if options.tidb.is_some() || options.pagefind {
        let kefu = release_kefu(root, options.kefu.as_deref())?;
        let work = WorkDir::new(root, options.keep.as_deref())?;
        if let Some(corpus) = &options.tidb {
            tidb_relevance(root, &kefu, corpus, &work)?;
        }
        if options.pagefind {
            compare_relevance(root, &kefu, &work, test_all.as_deref())?;
        }
    }
    if !passed {
        bail!("the relevance test failed (see above)");
    }
    Ok(())
}

/// Runs the relevance test and prints its output; returns whether it passed and its
/// `all` row for both halves ("n recall@1 recall@5 MRR@10"), for a cross-check.
fn relevance_test(root: &Path) -> Result<(bool, Option<String>)> {
    eprintln!("xtask: cargo test -p kefu --test relevance -- --nocapture");
    let output = crate::cargo_cmd()
        .current_dir(root)
        .args(["test", "-p", "kefu", "--test", "relevance", "--", "--nocapture"])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("could not start cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    // The row's last five columns are both halves': n, recall@1, recall@5, MRR@10, none.
    let all = stdout.lines().map(|l| l.split_whitespace().collect::<Vec<_>>()).find_map(|words| {
        (words.first() == Some(&"all") && words.len() > 5).then(|| words[words.len() - 5..][..4].join(" "))
    });
    Ok((output.status.success(), all))
}

/// Builds TiDB's documentation as a zh-CN site and prints kefu's scores on its labelled
/// questions, and the ones it does not rank first.
fn tidb_relevance(root: &Path, kefu: &Path, corpus: &Path, work: &WorkDir) -> Result<()> {
    let site = work.path.join("tidb");
    arrange_tidb(corpus, &site)?;
    let out = work.out("tidb");
    let (took, summary) = kefu_build(kefu, &site, &out)?;
    println!("kefu build of the TiDB corpus: {:.1} s, {summary}", took.as_secs_f64());
    let queries = labelled_queries(&root.join(TIDB_QUERIES))?;
    let answers = kefu_answers(&out, &queries)?;
    let mut report = Report::default();
    let mut misses = Vec::new();
    for (query, hits) in queries.iter().zip(&answers) {
        let wanted = query.expected_url("zh-CN");
        let outcome = Outcome::of(hits, wanted.as_deref());
        report.add(query, outcome);
        if outcome.rank != Some(1) {
            let first = hits.first().map_or("nothing", |h| h.url.as_str());
            misses.push(format!("  {:?} ({}): rank {:?}, first was {first}", query.q, query.kind, outcome.rank));
        }
    }
    println!("\nkefu on {} labelled questions over TiDB's docs ({TIDB_QUERIES}):", queries.len());
    print!("{}", report.table());
    println!("not first:\n{}", misses.join("\n"));
    Ok(())
}

/// Builds the sample site with kefu, indexes it with Pagefind, and prints both engines'
/// scores on the labelled queries that an article answers, side by side.
fn compare_relevance(root: &Path, kefu: &Path, work: &WorkDir, test_all: Option<&str>) -> Result<()> {
    let tools = Tools::find(root, true, true);
    let Some(pagefind) = tools.pagefind.as_deref().filter(|_| tools.browser) else {
        println!("\nPagefind comparison skipped (see above)");
        return Ok(());
    };
    let out = work.out("sample");
    kefu_build(kefu, root, &out)?;
    let pf = pagefind_index(pagefind, &out)?;
    let queries: Vec<Labelled> = labelled_queries(&root.join("tests/relevance/queries.toml"))?
        .into_iter()
        .filter(|q| q.expect.is_some())
        .collect();
    let default_locale = default_locale(root)?;
    let wanted: Vec<String> = queries.iter().filter_map(|q| q.expected_url(&default_locale)).collect();
    let kefu_ranks: Vec<_> =
        kefu_answers(&out, &queries)?.iter().zip(&wanted).map(|(hits, w)| Outcome::of(hits, Some(w)).rank).collect();
    let pf_urls = pagefind_top(root, &out, &queries)?;
    let rank = |urls: &[String], want: &str| urls.iter().position(|u| u == want).map(|i| i + 1);
    let pf_ranks: Vec<_> = pf_urls.iter().zip(&wanted).map(|(u, w)| rank(u, w)).collect();
    println!(
        "\nkefu ({}) and Pagefind ({}, `--root-selector article`: {}) on the same {} queries, same built site:",
        version(kefu, "--version"),
        version(pagefind, "--version"),
        pf.summary,
        queries.len()
    );
    let scores = print_scores(&queries, &kefu_ranks, &pf_ranks);
    let (r1, r5, mrr) = (scores.recall1(), scores.recall5(), scores.mrr());
    let mine = format!("{} {r1:.3} {r5:.3} {mrr:.3}", scores.n);
    if test_all.is_some_and(|t| t != mine) {
        let test = test_all.unwrap_or("");
        println!(
            "note: the test's `all` row ({test}) differs from kefu's column ({mine}): the engine's sources changed"
        );
        println!("      between the test's build and this xtask's, or the CLI builds another index than the test");
    }
    println!("note: kefu also indexes each article's `questions` and `tags` (front matter), which are not in the HTML");
    print_wins(&queries, &kefu_ranks, &pf_ranks, &pf_urls);
    Ok(())
}

/// The labelled queries of a file, in file order.
fn labelled_queries(path: &Path) -> Result<Vec<Labelled>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let set: LabelledSet = toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    Ok(set.query)
}

/// The sample site's default locale (served at the root; the others under `/<locale>/`).
fn default_locale(root: &Path) -> Result<String> {
    let text = std::fs::read_to_string(root.join("site/kefu.toml"))?;
    let config: toml::Table = text.parse()?;
    Ok(config.get("default-locale").and_then(toml::Value::as_str).context("no default-locale")?.to_string())
}

/// A result URL as compared: relative to the site root, without `#anchor`.
fn page_of(url: &str) -> String {
    url.split('#').next().unwrap_or_default().trim_start_matches('/').to_string()
}

/// kefu's top results for each query, with the engine over the built index files.
fn kefu_answers(out: &Path, queries: &[Labelled]) -> Result<Vec<Vec<kefu_search::Hit>>> {
    let dir = out.join("kefu");
    let mut roots = BTreeMap::new();
    let mut answers = Vec::new();
    for query in queries {
        let root = match roots.get(&query.locale) {
            Some(root) => root,
            None => {
                let bytes = std::fs::read(dir.join(format!("index-{}.bin", query.locale)))?;
                roots.entry(query.locale.clone()).or_insert(bytes)
            }
        };
        answers.push(kefu_search::search_all(root, &|f| std::fs::read(dir.join(f)).ok(), &query.q, RANKED)?);
    }
    Ok(answers)
}
/// Pagefind's top results for each query, in Chromium, one page per locale.
fn pagefind_top(root: &Path, out: &Path, queries: &[Labelled]) -> Result<Vec<Vec<String>>> {
    let mut locales: Vec<&str> = queries.iter().map(|q| q.locale.as_str()).collect();
    locales.sort();
    locales.dedup();
    let tasks = locales
        .iter()
        .map(|locale| {
            let qs: Vec<&str> = queries.iter().filter(|q| q.locale == *locale).map(|q| q.q.as_str()).collect();
            json!({ "kind": "pagefind-ranks", "lang": locale, "queries": qs, "top": RANKED })
        })
        .collect();
    let (results, _) = run_node(root, out, tasks)?;
    let mut per_locale: Vec<_> =
        results.iter().map(|r| r["urls"].as_array().cloned().unwrap_or_default().into_iter()).collect();
    let mut top = Vec::new();
    for query in queries {
        let i = locales.iter().position(|l| *l == query.locale).expect("every locale has a task");
        let urls = per_locale[i].next().context("Pagefind answered fewer queries than asked")?;
        top.push(urls.as_array().into_iter().flatten().filter_map(Value::as_str).map(page_of).collect());
    }
    Ok(top)
}

/// Prints recall@1, recall@5 and MRR@10 of both engines, overall, by locale and by kind,
/// with kefu/Pagefind ratios; returns kefu's overall score.
fn print_scores(queries: &[Labelled], kefu: &[Option<usize>], pagefind: &[Option<usize>]) -> Score {
    let mut groups: BTreeMap<String, (Score, Score)> = BTreeMap::new();
    for (i, query) in queries.iter().enumerate() {
        for key in ["all".to_string(), query.locale.clone(), format!("kind {}", query.kind)] {
            let (k, p) = groups.entry(key).or_default();
            k.add(kefu[i]);
            p.add(pagefind[i]);
        }
    }
    let metric = |name: &str| format!("{name:-^23}");
    println!("  {:<16} {:>4}   {}   {}   {}", "", "", metric(" recall@1 "), metric(" recall@5 "), metric(" MRR@10 "));
    let heads = format!("{:>6} {:>8} {:>7}", "kefu", "Pagefind", "ratio");
    println!("  {:<16} {:>4}   {heads}   {heads}   {heads}", "", "n");
    let values = |s: &Score| [s.recall1(), s.recall5(), s.mrr()];
    for (key, (k, p)) in &groups {
        let cells: Vec<String> =
            values(k).iter().zip(values(p)).map(|(k, p)| format!("{k:>6.3} {p:>8.3} {:>7}", ratio(*k, p))).collect();
        println!("  {key:<16} {:>4}   {}", k.n, cells.join("   "));
    }
    groups["all"].0
}

/// `kefu / pagefind` as `1.23×`; `∞` or `—` when Pagefind's is 0.
fn ratio(kefu: f64, pagefind: f64) -> String {
    match (kefu, pagefind) {
        (_, p) if p > 0.0 => format!("{:.2}×", kefu / p),
        (k, _) if k > 0.0 => "∞".into(),
        _ => "—".into(),
    }
}

/// Lists the queries Pagefind ranks right and kefu does not, and counts the reverse.
fn print_wins(queries: &[Labelled], kefu: &[Option<usize>], pagefind: &[Option<usize>], pf_urls: &[Vec<String>]) {
    let first = |r: &Option<usize>| *r == Some(1);
    let kefu_only = (0..queries.len()).filter(|&i| first(&kefu[i]) && !first(&pagefind[i])).count();
    let pf_only: Vec<usize> = (0..queries.len()).filter(|&i| first(&pagefind[i]) && !first(&kefu[i])).collect();
    println!("\nfirst for kefu only: {kefu_only} queries; for Pagefind only: {}", pf_only.len());
    for i in pf_only {
        let q = &queries[i];
        let kefu_rank = kefu[i].map_or("not in the top 10".to_string(), |r| format!("rank {r}"));
        println!("  {:?} ({}, {}): {} → kefu {kefu_rank}", q.q, q.locale, q.kind, pf_urls[i][0]);
    }
    let missed = (0..queries.len()).filter(|&i| pagefind[i].is_none()).count();
    println!("Pagefind has the expected article nowhere in its top {RANKED} for {missed} of {} queries", queries.len());
}
