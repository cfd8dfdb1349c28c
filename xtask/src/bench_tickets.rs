//! `cargo xtask bench tickets`: what the ticket form costs and how fast the outbox is.
//! Builds the sample help center with the release binary, its tickets sent to a help desk
//! that xtask/bench/tickets.mjs runs on 127.0.0.1, and prints the bytes the form adds
//! beyond the widget's first open, and the milliseconds from Send to queued and from
//! recovery (back online, or a page loaded once the help desk is back) to delivered.

use super::bench_search::{kefu_build, node_script, release_kefu, spread};
use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::path::Path;

const USAGE: &str = "\
cargo xtask bench tickets [--kefu PATH] [--runs N]

Sends tickets from the sample help center's widget in Chromium to a help desk on
127.0.0.1 (N runs, default 5, a fresh visitor each) and prints:
  - the bytes the ticket form loads beyond the first open (gzip, as sent), by file;
  - ms from Kefu(\"navigate\", \"ticket\") to the form shown, and from Send to queued;
  - ms from the browser coming back online to the help desk holding the ticket;
  - ms from loading a page while a ticket waits to the help desk holding it.
";

/// `cargo xtask bench tickets`.
pub fn tickets(root: &Path, args: &[String]) -> Result<()> {
    let Some((kefu, runs)) = super::bench_widget::kefu_and_runs(args, 5, USAGE)? else { return Ok(()) };
    let kefu = release_kefu(root, kefu.as_deref())?;
    let dir = root.join("target/bench/tickets");
    let _ = std::fs::remove_dir_all(&dir);
    // The help desk's port, chosen now: the build writes it into the widget's data.
    let desk = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let sample = dir.join("sample");
    std::fs::create_dir_all(sample.join("site"))?;
    copy_dir(&root.join("site"), &sample.join("site"))?;
    std::os::unix::fs::symlink(root.join("content"), sample.join("content"))?;
    let config = sample.join("site/kefu.toml");
    let text = std::fs::read_to_string(&config)?;
    let text: String = text
        .lines()
        .map(|line| match line.split(' ').next() {
            Some("endpoint") => format!("endpoint = \"http://127.0.0.1:{desk}/tickets\""),
            Some("min-seconds") => "min-seconds = 0".into(),
            Some("clarity") => "clarity = {}".into(),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, text)?;
    let site = dir.join("public");
    kefu_build(&kefu, &sample, &site)?;

    let job = json!({ "site": site, "chromium": crate::setup::CHROMIUM, "runs": runs, "desk": desk });
    let answer = node_script(root, "tickets.mjs", &dir.join("job.json"), &job)?;
    print_report(&answer)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            std::fs::create_dir_all(&target)?;
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn print_report(answer: &Value) -> Result<()> {
    let results = answer["results"].as_array().context("tickets.mjs: no results")?;
    println!(
        "tickets, sample help center, Chromium {}, {} runs",
        answer["chromium"].as_str().unwrap_or("?"),
        results.len()
    );
    let first = results.first().context("tickets.mjs: no runs")?;
    let form = first["form"].as_array().cloned().unwrap_or_default();
    let total: u64 = form.iter().filter_map(|f| f["bytes"].as_u64()).sum();
    println!("  the ticket form, beyond the first open  {total:>7} B");
    for file in &form {
        println!("    {:<38} {:>7} B", file["path"].as_str().unwrap_or("?"), file["bytes"].as_u64().unwrap_or(0));
    }
    for (key, what) in [
        ("formMs", "navigate(\"ticket\") to the form shown"),
        ("queued", "Send to queued (stored, shown)"),
        ("online", "back online to delivered"),
        ("reload", "page load to a waiting ticket delivered"),
    ] {
        let values: Vec<f64> = results.iter().filter_map(|r| r[key].as_f64()).collect();
        let [median, p95, max] = spread(&values);
        println!("  {what:<40} median {median:>7.1} ms   p95 {p95:>7.1}   max {max:>7.1}");
    }
    Ok(())
}
