//! `cargo xtask bench widget`: what the widget costs a visitor. Builds the sample help
//! center with the release binary and opens the widget on a shop's page in Chromium
//! (xtask/bench/widget.mjs), cold each time, at normal CPU and four times slower (a
//! phone), and prints the loader's bytes, every byte fetched from the click to an
//! interactive panel, the milliseconds that took, and what the first search adds.

use super::bench_search::{kefu_build, release_kefu, spread};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const USAGE: &str = "\
cargo xtask bench widget [--kefu PATH] [--runs N]

Opens the sample help center's widget on a blank shop page in Chromium, cold each time
(N runs, default 7, at normal CPU and with the CPU four times slower), and prints:
  - the loader's bytes (gzip, as sent);
  - every byte fetched from the click to an interactive panel (gzip where a host would
    gzip, as sent), by file;
  - click-to-interactive milliseconds (median, p95, max);
  - what the panel loads next for the first keystroke (the engine and the index), and
    the time from typing to results.
";

/// Budgets of the widget issue: the loader, and code and data of the first open.
const LOADER_BUDGET: usize = 4 * 1024;
const FIRST_OPEN_BUDGET: usize = 150 * 1024;
const INTERACTIVE_BUDGET_MS: f64 = 300.0;

/// `cargo xtask bench widget`.
pub fn widget(root: &Path, args: &[String]) -> Result<()> {
    let Some((kefu, runs)) = kefu_and_runs(args, 7, USAGE)? else { return Ok(()) };
    let kefu = release_kefu(root, kefu.as_deref())?;
    let dir = root.join("target/bench/widget");
    let _ = std::fs::remove_dir_all(&dir);
    let site = dir.join("public");
    kefu_build(&kefu, root, &site)?;

    let job = json!({ "site": site, "chromium": crate::setup::CHROMIUM, "runs": runs, "throttles": [1, 4] });
    let answer = super::bench_search::node_script(root, "widget.mjs", &dir.join("job.json"), &job)?;
    print_report(&answer, runs)
}

/// The options the browser benches share, `--kefu PATH` and `--runs N` (`runs` when not
/// given); `None` once `--help` printed `usage`.
pub(super) fn kefu_and_runs(args: &[String], runs: usize, usage: &str) -> Result<Option<(Option<PathBuf>, usize)>> {
    let (mut kefu, mut runs) = (None, runs);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--kefu" => kefu = Some(args.next().context("--kefu needs a path")?.into()),
            "--runs" => runs = args.next().context("--runs needs a number")?.parse().context("--runs")?,
            "-h" | "--help" => {
                print!("{usage}");
                return Ok(None);
            }
            other => bail!("unknown option {other:?}\n\n{usage}"),
        }
    }
    Ok(Some((kefu, runs)))
}

fn print_report(answer: &Value, runs: usize) -> Result<()> {
    let results = answer["results"].as_array().context("widget.mjs: no results")?;
    println!(
        "widget, sample help center, Chromium {} (gzip -9 where a host gzips; index files are gzipped at rest)",
        answer["chromium"].as_str().unwrap_or("?")
    );
    let first = results.first().context("widget.mjs: no runs")?;
    let loader = first["loader"].as_u64().unwrap_or(0) as usize;
    println!("  loader kefu.js, on every page          {:>7} B   (budget {LOADER_BUDGET} B)", loader);
    // The index is counted apart wherever it lands: before the panel is interactive when
    // the engine is quick enough to ask for it first, or after.
    let (open_index, open) = split_index(files(&first["open"]));
    let (warm_index, engine) = split_index(files(&first["warm"]));
    let open_total: usize = open.iter().map(|(_, b)| b).sum();
    println!(
        "  click to interactive, code and data    {:>7} B   (budget {FIRST_OPEN_BUDGET} B with the engine below)",
        open_total
    );
    for (path, bytes) in &open {
        println!("    {path:<38} {bytes:>7} B");
    }
    let engine_total: usize = engine.iter().map(|(_, b)| b).sum();
    println!("  then, for the first keystroke: engine  {engine_total:>7} B");
    for (path, bytes) in &engine {
        println!("    {path:<38} {bytes:>7} B");
    }
    let index: Vec<_> = open_index.into_iter().chain(warm_index).collect();
    let index_total: usize = index.iter().map(|(_, b)| b).sum();
    println!("  the index, counted apart               {index_total:>7} B");
    for (path, bytes) in &index {
        println!("    {path:<38} {bytes:>7} B");
    }
    println!("  code and data of the first open        {:>7} B", open_total + engine_total);
    for throttle in [1, 4] {
        let of = |key: &str| -> Vec<f64> {
            results.iter().filter(|r| r["throttle"] == throttle).filter_map(|r| r[key].as_f64()).collect()
        };
        let [median, p95, max] = spread(&of("interactive"));
        let [s_median, _, s_max] = spread(&of("search"));
        println!(
            "  CPU {throttle}x: click to interactive       median {median:>6.1} ms  p95 {p95:>6.1}  max {max:>6.1}   ({runs} cold runs; budget {INTERACTIVE_BUDGET_MS} ms at 4x)"
        );
        println!("  CPU {throttle}x: first query to results      median {s_median:>6.1} ms  max {s_max:>6.1}");
    }
    Ok(())
}

/// Files and their bytes.
type Files = Vec<(String, usize)>;

/// `files` as (the search index's, the rest): every `.bin` of the widget's folder but
/// its data (`widget-*`) and flows (`flows-*`) is the index's.
fn split_index(files: BTreeMap<String, usize>) -> (Files, Files) {
    files.into_iter().partition(|(path, _)| {
        let name = path.rsplit('/').next().unwrap_or_default();
        name.ends_with(".bin") && !name.starts_with("widget-") && !name.starts_with("flows-")
    })
}

/// Bytes by file of one run's responses.
fn files(responses: &Value) -> BTreeMap<String, usize> {
    let mut files = BTreeMap::new();
    for r in responses.as_array().into_iter().flatten() {
        *files.entry(r["path"].as_str().unwrap_or("?").to_string()).or_default() +=
            r["bytes"].as_u64().unwrap_or(0) as usize;
    }
    files
}
