//! `cargo xtask bench build`: times kefu's full builds (a real corpus and generated ones,
//! in English and in Chinese), Hugo's builds of the same generated corpora for
//! comparison, and an incremental rebuild under `kefu serve`, and prints the numbers as a
//! table. The generated corpora are bench_corpus.rs's; `bench search` lives in
//! bench_search.rs, `bench relevance` in bench_relevance.rs.
//!
//! Benchmarks print; tests never time. Everything here runs the release binary as a
//! separate process, so what is measured is what a user waits for: wall time around the
//! process, and its peak resident memory as GNU time reports it.

use crate::setup;
use anyhow::{Context, Result, bail};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime};

// The generated corpora, in xtask/src/bench_corpus.rs.
#[path = "bench_corpus.rs"]
mod bench_corpus;
// `bench search`, in xtask/src/bench_search.rs, and `bench relevance`, in
// xtask/src/bench_relevance.rs.
#[path = "bench_relevance.rs"]
mod bench_relevance;
#[path = "bench_search.rs"]
mod bench_search;
// `bench tickets`, in xtask/src/bench_tickets.rs.
#[path = "bench_tickets.rs"]
mod bench_tickets;
// `bench widget`, in xtask/src/bench_widget.rs.
#[path = "bench_widget.rs"]
mod bench_widget;

use bench_corpus::{Lang, generate};

const USAGE: &str = "\
cargo xtask bench build [OPTIONS]       build times, against Hugo (options below)
cargo xtask bench search [OPTIONS]      search index size, first-query bytes and latency, against
                                        Pagefind (`cargo xtask bench search --help`)
cargo xtask bench relevance [OPTIONS]   recall@1/@5 and MRR@10 on tests/relevance, against Pagefind
cargo xtask bench widget [OPTIONS]      the widget's bytes and click-to-interactive time in Chromium
                                        (`cargo xtask bench widget --help`)
cargo xtask bench tickets [OPTIONS]     the ticket form's bytes, Send to queued, recovery to delivered
                                        (`cargo xtask bench tickets --help`)

`bench build` times full builds of kefu (a real corpus and generated ones), Hugo's builds of the
generated corpora, and an incremental rebuild under `kefu serve`; prints a table.

Options:
  --kefu PATH     the kefu binary (default: target/release/kefu, built with
                  `cargo build --release -p kefu` when missing)
  --tidb PATH     also build this folder of Markdown pages as a zh-CN site
                  (e.g. /work/shared/corpora/tidb-docs-cn); skipped when not given
  --articles N    articles in each generated corpus (default 10000)
  --lang LIST     the generated corpora's languages, comma-separated: en, zh-CN
                  (default en,zh-CN); Chinese has 2-4 sections of 2-4 paragraphs
                  of 25-60 customer-service words, English 300-600 words
  --runs N        timed runs of each build after one warm-up run; the median is
                  reported (default 3)
  --keep DIR      generate the sites in DIR and keep them (default: a folder in
                  /dev/shm, deleted afterwards; target/bench/ without /dev/shm)
  -h, --help      this help
";

/// GNU time: the only std-free way to get one child's peak RSS without unsafe code.
const GNU_TIME: &str = "/usr/bin/time";
/// How long the first build under `kefu serve`, or a rebuild known to come, may take.
const LONG_WAIT: Duration = Duration::from_secs(300);
/// How long to wait for a `Rebuilt` line before deciding serve does not rebuild.
const REBUILD_TIMEOUT: Duration = Duration::from_secs(30);
/// Edits timed under `kefu serve`.
const INCREMENTAL_EDITS: usize = 5;

/// The tidb corpus's site configuration; `ignore-keys` names its front-matter keys kefu has no use for.
const TIDB_CONFIG: &str = r#"name = "TiDB 文档"
base-url = "https://docs.example.com/"
default-locale = "zh-CN"

[[locales]]
code = "zh-CN"
name = "简体中文"

[content]
ignore-keys = ["hide_sidebar", "hide_commit", "category", "hide_leftNav"]
"#;

/// Runs `cargo xtask bench ARGS`.
pub fn run(root: &Path, args: &[String]) -> Result<()> {
    match args.first().map(String::as_str) {
        Some("build") => {
            let Some(options) = Options::parse(&args[1..])? else {
                print!("{USAGE}");
                return Ok(());
            };
            bench_build(root, &options)
        }
        Some("search") => bench_search::search(root, &args[1..]),
        Some("relevance") => bench_relevance::relevance(root, &args[1..]),
        Some("widget") => bench_widget::widget(root, &args[1..]),
        Some("tickets") => bench_tickets::tickets(root, &args[1..]),
        None | Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown benchmark {other:?}\n\n{USAGE}"),
    }
}

/// The options of `cargo xtask bench build`.
struct Options {
    kefu: Option<PathBuf>,
    tidb: Option<PathBuf>,
    articles: usize,
    langs: Vec<Lang>,
    runs: usize,
    keep: Option<PathBuf>,
}

impl Options {
    /// Parses the options; `None` when help was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>> {
        let mut options =
            Options { kefu: None, tidb: None, articles: 10_000, langs: Lang::ALL.to_vec(), runs: 3, keep: None };
        let go_on = each_option(args, |name, value| {
            match name {
                "--kefu" => options.kefu = Some(value()?.into()),
                "--tidb" => options.tidb = Some(value()?.into()),
                "--keep" => options.keep = Some(value()?.into()),
                "--articles" => options.articles = positive(name, &value()?)?,
                "--runs" => options.runs = positive(name, &value()?)?,
                "--lang" => options.langs = value()?.split(',').map(Lang::parse).collect::<Result<_>>()?,
                other => bail!("unknown option {other:?}\n\n{USAGE}"),
            }
            Ok(())
        })?;
        Ok(go_on.then_some(options))
    }
}

/// Walks a benchmark's options, `--runs 5` and `--runs=5` alike: `handle` gets each
/// name and a way to take its value. False when help was asked for.
fn each_option(
    args: &[String],
    mut handle: impl FnMut(&str, &mut dyn FnMut() -> Result<String>) -> Result<()>,
) -> Result<bool> {
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        if matches!(name, "-h" | "--help") {
            return Ok(false);
        }
        let mut value =
            || inline.clone().or_else(|| args.next().cloned()).with_context(|| format!("{name} needs a value"));
        handle(name, &mut value)?;
    }
    Ok(true)
}

/// Parses a count that must be at least 1.
fn positive(name: &str, value: &str) -> Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!("{name} takes a whole number of at least 1, not {value:?}"),
    }
}

/// Runs every build benchmark and prints the table.
fn bench_build(root: &Path, options: &Options) -> Result<()> {
    let kefu = kefu_binary(root, options)?;
    let hugo = find_or_install_hugo();
    let work = WorkDir::new(root, options.keep.as_deref())?;
    print_header(&kefu, hugo.as_deref(), options);
    println!("sources and outputs in {}", work.path.display());

    let tidb = match &options.tidb {
        Some(corpus) => Some(arrange_tidb(corpus, &work.path.join("tidb"))?),
        None => None,
    };
    let site = |lang: Lang| work.path.join("generated").join(lang.code());
    let hugo_site = |lang: Lang| work.path.join("hugo").join(lang.code());
    for &lang in &options.langs {
        let started = Instant::now();
        generate(&site(lang), &hugo_site(lang), options.articles, lang)?;
        println!(
            "generated {} {} articles twice (kefu and Hugo sites) in {:.1} s",
            options.articles,
            lang.code(),
            secs(started.elapsed())
        );
    }
    println!();

    let table = Table::new(options.runs);
    if let Some(pages) = tidb {
        let site = work.path.join("tidb");
        let name = options.tidb.as_deref().and_then(Path::file_name).unwrap_or_default().to_string_lossy();
        table.row(&kefu_build(&kefu, &format!("kefu  {name} (zh-CN)"), pages, &site, &work.out("tidb")))?;
    }
    let mut rows = Vec::new();
    for &lang in &options.langs {
        let (code, articles) = (lang.code(), options.articles);
        let label = format!("kefu  generated ({code})");
        let kefu_row =
            table.row(&kefu_build(&kefu, &label, articles, &site(lang), &work.out(&format!("kefu-{code}"))))?;
        let hugo_row = match &hugo {
            Some(hugo) => {
                let output = work.out(&format!("hugo-{code}"));
                Some(table.row(&hugo_build(hugo, code, articles, &hugo_site(lang), &output))?)
            }
            None => None,
        };
        rows.push((lang, kefu_row, hugo_row));
    }
    println!();
    for (lang, kefu_row, hugo_row) in &rows {
        print_ratio(lang.code(), kefu_row, hugo_row.as_ref());
    }
    if let [(first, first_row, _), (second, second_row, _)] = &rows[..] {
        // Both corpora have the same number of articles: the ratio of times is the ratio per article.
        let ratio = secs(second_row.median) / secs(first_row.median);
        println!("kefu {}/{} time per article: {ratio:.2}×", second.code(), first.code());
    }
    if let Some(&lang) = options.langs.first() {
        incremental(&kefu, &site(lang), lang, &work.out("serve"), options.articles)?;
    }
    if let Some(keep) = &options.keep {
        println!("\nsites kept in {}", keep.display());
    }
    Ok(())
}

/// The kefu binary to measure: `--kefu`, or the workspace's release build, built when missing.
fn kefu_binary(root: &Path, options: &Options) -> Result<PathBuf> {
    if let Some(kefu) = &options.kefu {
        if !kefu.is_file() {
            bail!("--kefu {}: no such file", kefu.display());
        }
        return Ok(kefu.clone());
    }
    let kefu = root.join("target/release/kefu");
    if !kefu.is_file() {
        eprintln!("xtask: building kefu: cargo build --release -p kefu");
        crate::run(crate::cargo_cmd().current_dir(root).args(["build", "--release", "-p", "kefu"]))?;
    }
    Ok(kefu)
}

/// Hugo on PATH, installed from Debian with apt-get when we are root; `None` (and a
/// message saying why) when it cannot be had, so only the Hugo column is skipped.
fn find_or_install_hugo() -> Option<PathBuf> {
    if let Some(hugo) = setup::which("hugo") {
        return Some(hugo);
    }
    if setup::which("apt-get").is_none() || !setup::is_root() {
        println!("hugo: not on PATH and cannot install it here (needs root and apt-get): skipping the Hugo column");
        println!("      install it with `sudo apt-get install -y hugo` to compare\n");
        return None;
    }
    eprintln!("xtask: installing Hugo for the comparison: apt-get install hugo");
    let update = Command::new("apt-get").args(["update", "-qq"]).status();
    let install = Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", "hugo"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status();
    let installed = update.is_ok_and(|s| s.success()) && install.is_ok_and(|s| s.success());
    match setup::which("hugo") {
        Some(hugo) if installed => Some(hugo),
        _ => {
            println!("hugo: `apt-get install -y hugo` failed: skipping the Hugo column\n");
            None
        }
    }
}

/// Prints what is measured on what: binaries, versions, machine.
fn print_header(kefu: &Path, hugo: Option<&Path>, options: &Options) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let runs = if options.runs == 1 { "1 timed run".into() } else { format!("{} timed runs", options.runs) };
    println!("kefu build benchmark: {cpus} CPUs, {runs} per build after 1 warm-up");
    let age = kefu.metadata().and_then(|m| m.modified()).ok().and_then(|t| SystemTime::now().duration_since(t).ok());
    let age = age.map_or(String::new(), |a| format!(", built {} min ago", a.as_secs() / 60));
    println!("kefu: {} ({}{age})", kefu.display(), version(kefu, "--version"));
    if let Some(hugo) = hugo {
        println!("hugo: {} ({})", hugo.display(), version(hugo, "version"));
    }
    // Other work on the machine skews the times; say so rather than hide it. The load
    // average before we start should be near 0 on an idle machine.
    let load = std::fs::read_to_string("/proc/loadavg").ok().and_then(|l| l.split(' ').next()?.parse::<f64>().ok());
    match load {
        Some(load) if load >= 0.5 => {
            println!("load average {load:.2} before starting: other work is running, so the times are noisy")
        }
        Some(load) => println!("load average {load:.2} before starting (idle)"),
        None => {}
    }
    if !Path::new(GNU_TIME).is_file() {
        println!("peak memory: n/a ({GNU_TIME} is missing: `apt-get install time`)");
    }
    println!();
}

/// The first line `program ARG` prints, for the header.
fn version(program: &Path, arg: &str) -> String {
    Command::new(program)
        .arg(arg)
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().trim().to_string())
        .unwrap_or_else(|e| format!("cannot run: {e}"))
}

/// The folder the sites are generated in, removed on drop unless the user keeps it.
struct WorkDir {
    path: PathBuf,
    keep: bool,
}

impl WorkDir {
    /// `keep` when given (emptied of what a previous bench left), else a fresh folder in
    /// memory (tmpfs), where file systems do not differ: on ext4, creating files soon
    /// after others were deleted slows every build by a varying amount, and kefu writes
    /// three times as many files as Hugo. Without /dev/shm, under target/bench/.
    fn new(root: &Path, keep: Option<&Path>) -> Result<Self> {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.join("kefu-bench") } else { root.join("target/bench") };
        let (path, keep) = match keep {
            Some(dir) => (dir.to_path_buf(), true),
            None => (base.join(format!("run-{}", std::process::id())), false),
        };
        for sub in ["tidb", "generated", "hugo", "out"] {
            remove_dir(&path.join(sub))?;
        }
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        // Hugo resolves a relative --destination against --source: hand every tool absolute paths.
        let path = path.canonicalize()?;
        Ok(Self { path, keep })
    }

    /// Where one build writes its output.
    fn out(&self, name: &str) -> PathBuf {
        self.path.join("out").join(name)
    }
}

impl Drop for WorkDir {
    /// Deletes the folder unless kept, also when the bench fails half-way.
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Removes `dir` and what it holds, if it exists.
fn remove_dir(dir: &Path) -> Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("removing {}", dir.display()))
        }
        _ => Ok(()),
    }
}

/// Writes `text` to `path`, creating its folder.
fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Arranges the tidb corpus as a kefu site at `site`; returns the number of pages copied.
fn arrange_tidb(corpus: &Path, site: &Path) -> Result<usize> {
    if !corpus.is_dir() {
        bail!("--tidb {}: not a folder", corpus.display());
    }
    write(&site.join("site/kefu.toml"), TIDB_CONFIG)?;
    let mut skipped = Vec::new();
    let pages = copy_markdown(corpus, &site.join("content/zh-CN"), Path::new(""), &mut skipped)?;
    println!("tidb corpus: {pages} pages from {}", corpus.display());
    if !skipped.is_empty() {
        println!("             left out, no front matter (not pages): {}", skipped.join(", "));
    }
    Ok(pages)
}

/// Copies every `*.md` page under `from` to the same place under `to`, except files
/// whose name starts with `_` (the corpus's `_index.md` and `_docHome.md` are Hugo
/// section pages, not articles) and files without front matter, which kefu rightly
/// refuses and which would stop the benchmark: those are named in `skipped`, relative
/// to `rel`. Returns how many were copied.
fn copy_markdown(from: &Path, to: &Path, rel: &Path, skipped: &mut Vec<String>) -> Result<usize> {
    let mut copied = 0;
    let mut entries: Vec<_> = std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))?.collect();
    entries.sort_by_key(|e| e.as_ref().map(|e| e.file_name()).ok());
    for entry in entries {
        let entry = entry?;
        let (path, name) = (entry.path(), entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_markdown(&path, &to.join(&name), &rel.join(&name), skipped)?;
            continue;
        }
        let name = name.to_string_lossy();
        if !name.ends_with(".md") || name.starts_with('_') {
            continue;
        }
        let text = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        if !(text.starts_with(b"---") || text.starts_with(b"+++")) {
            skipped.push(rel.join(&*name).display().to_string());
            continue;
        }
        std::fs::create_dir_all(to)?;
        std::fs::write(to.join(&*name), text).with_context(|| format!("writing {}", to.join(&*name).display()))?;
        copied += 1;
    }
    Ok(copied)
}

/// One build to time: the command (its output folder goes last), where it writes, and
/// how many pages it makes.
struct Build {
    label: String,
    pages: usize,
    program: PathBuf,
    args: Vec<OsString>,
    output: PathBuf,
}

/// `kefu build` of the site at `site` into `output`.
fn kefu_build(kefu: &Path, label: &str, pages: usize, site: &Path, output: &Path) -> Build {
    let args = vec!["build".into(), "--root".into(), site.into(), "--output".into()];
    Build { label: label.into(), pages, program: kefu.into(), args, output: output.into() }
}

/// `hugo` of the site at `site`, generated in the language `code`, into `output`.
fn hugo_build(hugo: &Path, code: &str, pages: usize, site: &Path, output: &Path) -> Build {
    let args = vec!["--quiet".into(), "--source".into(), site.into(), "--destination".into()];
    let label = format!("hugo  generated ({code})");
    Build { label, pages, program: hugo.into(), args, output: output.into() }
}

/// One timed run of a build.
struct Sample {
    wall: Duration,
    /// Peak resident set size in KiB, when GNU time is there to tell.
    rss_kib: Option<u64>,
    stderr: String,
}

/// Runs `build` once into a new output folder (`<output>-<run>`); fails with the
/// program's stderr when it fails.
///
/// Each run gets its own folder, and none is deleted until the end, because deleting
/// thousands of files just before a run slows the run's own file creation several
/// times over on filesystems mounted with `discard` (as this VM's ext4 is). For the
/// same reason `sync` first, so no run pays for the previous one's writeback.
fn measure(build: &Build, run: usize) -> Result<Sample> {
    let output = PathBuf::from(format!("{}-{run}", build.output.display()));
    remove_dir(&output)?;
    std::fs::create_dir_all(output.parent().unwrap_or(&output))?;
    let _ = Command::new("sync").status();
    let rss_file = output.with_extension("rss");
    let mut cmd = if Path::new(GNU_TIME).is_file() {
        // -o keeps time's report out of the program's stderr.
        let mut cmd = Command::new(GNU_TIME);
        cmd.args(["-f", "%M", "-o"]).arg(&rss_file).arg(&build.program);
        cmd
    } else {
        Command::new(&build.program)
    };
    cmd.args(&build.args).arg(&output).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let started = Instant::now();
    let out = cmd.output().with_context(|| format!("could not start {}", build.program.display()))?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        bail!("{} failed ({}):\n{stderr}", build.label.trim(), out.status);
    }
    // On failure GNU time writes a status line first, so the number is the last line.
    let rss = std::fs::read_to_string(&rss_file).ok();
    let rss_kib = rss.as_deref().and_then(|t| t.lines().last()).and_then(|l| l.trim().parse().ok());
    let _ = std::fs::remove_file(&rss_file);
    Ok(Sample { wall, rss_kib, stderr })
}

/// The summary of one build's runs.
struct Row {
    median: Duration,
    peak_rss_kib: Option<u64>,
}

/// Prints the build table, one row per build as soon as it is measured.
struct Table {
    runs: usize,
}

impl Table {
    /// Prints the header.
    fn new(runs: usize) -> Self {
        println!(
            "{:<28} {:>6} {:>9} {:>9} {:>19} {:>8} {:>10}",
            "build", "pages", "warm-up", "median", "min – max", "pages/s", "peak RSS"
        );
        Self { runs }
    }

    /// Runs `build` once to warm up and `runs` times more, prints its row and returns its summary.
    fn row(&self, build: &Build) -> Result<Row> {
        let warmup = measure(build, 0)?;
        let mut samples = Vec::with_capacity(self.runs);
        for run in 1..=self.runs {
            samples.push(measure(build, run)?);
        }
        let mut walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
        walls.sort();
        let median = walls[walls.len() / 2];
        let peak_rss_kib = samples.iter().filter_map(|s| s.rss_kib).max();
        let range = format!("{:.3} – {:.3} s", secs(walls[0]), secs(walls[walls.len() - 1]));
        println!(
            "{:<28} {:>6} {:>7.3} s {:>7.3} s {:>19} {:>8.0} {:>10}",
            build.label,
            build.pages,
            secs(warmup.wall),
            secs(median),
            range,
            build.pages as f64 / secs(median),
            mib(peak_rss_kib)
        );
        // kefu's own summary line, to check that it built every page it was given.
        if let Some(line) = samples[0].stderr.lines().find(|l| l.starts_with("Built ")) {
            println!("{:<28} ({})", "", line.trim());
        }
        Ok(Row { median, peak_rss_kib })
    }
}

/// Seconds as a float, for printing.
fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// KiB as MiB text, or n/a.
fn mib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// Prints kefu's time and memory relative to Hugo's on the generated corpus in `code`.
fn print_ratio(code: &str, kefu: &Row, hugo: Option<&Row>) {
    let Some(hugo) = hugo else {
        println!("kefu/hugo ({code}): n/a (no Hugo)");
        return;
    };
    let time = secs(kefu.median) / secs(hugo.median);
    let memory = match (kefu.peak_rss_kib, hugo.peak_rss_kib) {
        (Some(k), Some(h)) => format!("{:.2}×", k as f64 / h as f64),
        _ => "n/a".into(),
    };
    println!(
        "kefu/hugo on the generated corpus ({code}): time {time:.2}×, peak memory {memory} (below 1 means kefu uses less)"
    );
}

/// Starts `kefu serve` on the generated site, appends a line to one article
/// [`INCREMENTAL_EDITS`] times and prints the median time from the write until serve
/// says it rebuilt.
fn incremental(kefu: &Path, site: &Path, lang: Lang, output: &Path, articles: usize) -> Result<()> {
    let mut server = Server::start(kefu, site, output)?;
    let started = Instant::now();
    server.wait_for("Serving", LONG_WAIT)?.context("kefu serve did not start listening within 300 s")?;
    println!("\nincremental: kefu serve started (first build and listen) in {:.1} s", secs(started.elapsed()));
    // Let the file watcher settle so the first edit is not seen as part of startup.
    std::thread::sleep(Duration::from_millis(500));
    let article = bench_corpus::article_file(site, lang, articles / 2);
    // A serve that rebuilds says `Built in N ms` on stdout at startup; one that does not
    // gets 30 s to prove otherwise. Known rebuilds may be slow on a big site: wait longer.
    let mut timeout = if server.saw("Built in ") { LONG_WAIT } else { REBUILD_TIMEOUT };
    let (mut seen, mut own, mut extra) = (Vec::new(), Vec::new(), 0);
    for edit in 1..=INCREMENTAL_EDITS {
        let written = Instant::now();
        let mut file = std::fs::OpenOptions::new().append(true).open(&article)?;
        writeln!(file, "\nEdited by the benchmark ({edit}).")?;
        drop(file);
        let Some((at, line)) = server.wait_for("Rebuilt", timeout)? else {
            let waited = timeout.as_secs();
            println!("incremental: not available in this kefu (no `Rebuilt` line within {waited} s of an edit)");
            return server.stop();
        };
        timeout = LONG_WAIT;
        seen.push(at - written);
        own.extend(rebuilt_ms(&line));
        // A second event for the same write would show up as one more rebuild here.
        std::thread::sleep(Duration::from_secs(1));
        extra += server.drain("Rebuilt");
    }
    print_incremental(&mut seen, &mut own, extra, articles);
    server.stop()
}

/// The N of `Rebuilt in N ms (M articles)`.
fn rebuilt_ms(line: &str) -> Option<u64> {
    line.strip_prefix("Rebuilt in ")?.split_whitespace().next()?.parse().ok()
}

/// Prints the incremental rebuild's times.
fn print_incremental(seen: &mut [Duration], own: &mut [u64], extra: usize, articles: usize) {
    seen.sort();
    own.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "incremental: 1 of {articles} articles edited, {} edits: median {:.0} ms from the write to serve's `Rebuilt` line (min {:.0}, max {:.0})",
        seen.len(),
        ms(seen[seen.len() / 2]),
        ms(seen[0]),
        ms(seen[seen.len() - 1])
    );
    if !own.is_empty() {
        println!("incremental: kefu's own `Rebuilt in N ms` figure: median {} ms", own[own.len() / 2]);
    }
    if extra > 0 {
        println!(
            "incremental: note: {extra} extra `Rebuilt` lines came after the timed ones (one edit, several rebuilds)"
        );
    }
}

/// A running `kefu serve`, its stdout lines read on a thread, stopped on drop.
struct Server {
    child: Child,
    lines: Receiver<(Instant, String)>,
    /// The stdout lines read so far that no one waited for.
    other_lines: Vec<String>,
    stderr: PathBuf,
}

impl Server {
    /// Starts `kefu serve` on a free port; stderr goes to a file next to `output`, to show when it fails.
    fn start(kefu: &Path, site: &Path, output: &Path) -> Result<Self> {
        let stderr = output.with_extension("stderr");
        std::fs::create_dir_all(output.parent().unwrap_or(output))?;
        let mut child = Command::new(kefu)
            .arg("serve")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(output)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr)?)
            .spawn()
            .with_context(|| format!("could not start {} serve", kefu.display()))?;
        let stdout = child.stdout.take().context("kefu serve's stdout")?;
        let (tx, lines) = mpsc::channel();
        // Time each line as it arrives, so waiting on the channel does not add to it.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send((Instant::now(), line)).is_err() {
                    break;
                }
            }
        });
        Ok(Self { child, lines, other_lines: Vec::new(), stderr })
    }

    /// The next stdout line starting with `prefix` and when it came, or `None` after `timeout`;
    /// fails with serve's stderr when it exits.
    fn wait_for(&mut self, prefix: &str, timeout: Duration) -> Result<Option<(Instant, String)>> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok((at, line)) if line.starts_with(prefix) => return Ok(Some((at, line))),
                Ok((_, line)) => self.other_lines.push(line),
                Err(RecvTimeoutError::Timeout) => return Ok(None),
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait()?;
                    let stderr = std::fs::read_to_string(&self.stderr).unwrap_or_default();
                    bail!("kefu serve exited ({status}):\n{stderr}");
                }
            }
        }
    }

    /// Whether a line starting with `prefix` went by unwaited for.
    fn saw(&self, prefix: &str) -> bool {
        self.other_lines.iter().any(|line| line.starts_with(prefix))
    }

    /// Counts and discards the lines starting with `prefix` that came so far.
    fn drain(&self, prefix: &str) -> usize {
        self.lines.try_iter().filter(|(_, line)| line.starts_with(prefix)).count()
    }

    /// Stops serve with SIGINT, as Ctrl-C would, and waits for it; kills it after 10 s.
    fn stop(&mut self) -> Result<()> {
        if self.child.try_wait()?.is_some() {
            return Ok(());
        }
        let _ = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for Server {
    /// Stops serve also when the bench fails half-way, so no server outlives it.
    fn drop(&mut self) {
        let _ = self.stop();
    }
}
