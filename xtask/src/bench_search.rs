//! `cargo xtask bench search` and `cargo xtask bench relevance`: kefu's search against
//! Pagefind 1.6 on the same built HTML.
//!
//! `search` builds a real corpus (TiDB's docs, Chinese) and a generated English one with
//! the release `kefu`, then measures what a visitor pays: index bytes, the bytes of a
//! cold first query (simulated exactly, with the engine's own "fetch these shards" loop
//! that the widget runs over HTTP), query latency natively and in Chromium through the
//! real search page, and build time. Pagefind indexes the same built pages, and is
//! measured in Chromium by xtask/bench/search.mjs. `relevance` (bench_relevance.rs) runs
//! the labelled-queries test and scores Pagefind on the same queries.
//!
//! Pagefind runs with `--root-selector article`, so that both engines index the same
//! documents (the articles, not the home, category, search and contact pages) and the
//! same text (not the header and navigation). "gzip" below is what a server that
//! compresses when it helps sends: the smaller of the raw bytes and gzip -9. Both
//! engines store their index files gzipped, so for them raw and gzip are about the same;
//! the difference is in the code (JS, wasm).

use super::{Lang, WorkDir, arrange_tidb, each_option, generate, positive, version};
use anyhow::{Context, Result, bail};
use kefu_search::format::{self, DocShard, Root};
use kefu_search::store;
use kefu_search::{Engine, Needs, ShardSizes};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const SEARCH_USAGE: &str = "\
cargo xtask bench search [OPTIONS]

Builds the TiDB corpus (with --tidb) and a generated English corpus with the release
kefu, indexes the same HTML with Pagefind 1.6, and prints side by side: index bytes per
article, bytes a new visitor downloads for a first query, query latency (natively, and
in Chromium through the real search page) and build time.

Options:
  --kefu PATH       the kefu binary (default: target/release/kefu, rebuilt by cargo
                    when its sources changed)
  --tidb PATH       also measure this folder of Markdown pages as a zh-CN site
                    (e.g. /work/shared/corpora/tidb-docs-cn); skipped when not given
  --articles N      articles in the generated corpus (default 10000)
  --pagefind        compare with Pagefind (the default; installed by `npm ci` in xtask/)
  --no-pagefind     kefu's numbers only
  --no-browser      skip everything that runs in Chromium
  --rounds N        timed rounds of the queries in Chromium, after a warm-up round (default 5)
  --keep DIR        build the sites in DIR and keep them (default: a folder in
                    /dev/shm, deleted afterwards; target/bench/ without /dev/shm)
  -h, --help        this help
";

/// Realistic first queries on TiDB's Chinese docs: terms, substrings, mixed with English.
const TIDB_QUERIES: &[&str] = &[
    "建表",
    "慢查询",
    "备份恢复",
    "TiKV 配置",
    "索引",
    "分区表",
    "悲观事务",
    "乐观事务",
    "执行计划",
    "统计信息",
    "数据迁移",
    "扩容",
    "缩容",
    "升级 TiDB",
    "监控",
    "告警规则",
    "TiFlash 副本",
    "PD 调度",
    "内存使用",
    "死锁",
    "字符集",
    "自增主键",
    "AUTO_RANDOM",
    "BR 备份",
    "TiDB Lightning 导入",
    "TiCDC",
    "热点",
    "SQL 调优",
    "用户权限",
    "时区",
    "GC",
    "外键",
    "视图",
];

/// First queries on the generated corpus: its vocabulary, one to three words, some
/// prefixes (the last word still being typed), a relaxed word and a typo.
const GENERATED_QUERIES: &[&str] = &[
    "refund",
    "parcel",
    "tracking",
    "cancel order",
    "payment card",
    "change address",
    "invoice",
    "deliv",
    "refu",
    "acc",
    "exchange item",
    "support team",
    "phone number",
    "email",
    "confirm payment",
    "shipping charges",
    "returnable items",
    "report problem",
    "bank code",
    "store price",
    "reply agent",
    "processing",
    "reviewers",
    "contact support",
    "order status",
    "question answer",
    "package delivered",
    "receiving",
    "update record",
    "messag",
    "trac",
    "recieve",
];

/// Results the widget and the search page ask for (crates/kefu-widget/src/search.rs,
/// site/assets/kefu/search.js).
const LIMIT: usize = 8;
/// How many times slower Chromium's CPU is for the phone row (its throttling emulation).
const PHONE: u32 = 4;
/// Pagefind results whose data a first query loads: a short list of results to show.
const PAGEFIND_TOP: usize = 5;
/// Native timings: each query this many times, with everything loaded.
const NATIVE_REPEATS: usize = 20;
/// Native timings from the root's bytes: each query this many times.
const COLD_REPEATS: usize = 5;
/// Debian's Chromium; never a downloaded one.
const CHROMIUM: &str = "/usr/bin/chromium";

/// The options of `bench search`.
struct Options {
    kefu: Option<PathBuf>,
    tidb: Option<PathBuf>,
    articles: usize,
    pagefind: bool,
    browser: bool,
    rounds: usize,
    keep: Option<PathBuf>,
}

impl Options {
    /// Parses `args`; `None` when help was asked for.
    fn parse(args: &[String]) -> Result<Option<Self>> {
        let mut options =
            Options { kefu: None, tidb: None, articles: 10_000, pagefind: true, browser: true, rounds: 5, keep: None };
        let go_on = each_option(args, |name, value| {
            match name {
                "--kefu" => options.kefu = Some(value()?.into()),
                "--keep" => options.keep = Some(value()?.into()),
                "--no-pagefind" => options.pagefind = false,
                "--pagefind" => options.pagefind = true,
                "--no-browser" => options.browser = false,
                "--tidb" => options.tidb = Some(value()?.into()),
                "--articles" => options.articles = positive(name, &value()?)?,
                "--rounds" => options.rounds = positive(name, &value()?)?,
                other => bail!("unknown option {other:?}\n\n{SEARCH_USAGE}"),
            }
            Ok(())
        })?;
        Ok(go_on.then_some(options))
    }
}

/// A corpus to measure: its kefu site, locale and first queries.
struct Corpus {
    name: String,
    site: PathBuf,
    locale: &'static str,
    queries: &'static [&'static str],
}

/// `cargo xtask bench search ARGS`.
pub fn search(root: &Path, args: &[String]) -> Result<()> {
    let Some(options) = Options::parse(args)? else {
        print!("{SEARCH_USAGE}");
        return Ok(());
    };
    if cfg!(debug_assertions) {
        return rerun_optimised(root, args);
    }
    let kefu = release_kefu(root, options.kefu.as_deref())?;
    let tools = Tools::find(root, options.pagefind, options.browser);
    print_header(root, &kefu, &tools);
    let work = WorkDir::new(root, options.keep.as_deref())?;
    let mut corpora = Vec::new();
    if let Some(tidb) = &options.tidb {
        let site = work.path.join("tidb");
        arrange_tidb(tidb, &site)?;
        corpora.push(Corpus { name: "TiDB docs (zh-CN)".into(), site, locale: "zh-CN", queries: TIDB_QUERIES });
    }
    let site = work.path.join("generated");
    let started = Instant::now();
    // `generate` also writes a Hugo copy, for `bench build`; it is simply not used here.
    generate(&site, &work.path.join("hugo"), options.articles, Lang::En)?;
    println!("generated {} English articles in {:.1} s", options.articles, started.elapsed().as_secs_f64());
    let name = format!("generated {} articles (en)", options.articles);
    corpora.push(Corpus { name, site, locale: "en", queries: GENERATED_QUERIES });
    for (i, corpus) in corpora.iter().enumerate() {
        bench_corpus(root, &kefu, &tools, corpus, &work.out(&format!("site-{i}")), options.rounds)?;
    }
    if let Some(keep) = &options.keep {
        println!("\nsites kept in {}", keep.display());
    }
    Ok(())
}

/// Runs `bench search ARGS` again in a release build of xtask: `cargo xtask` is a debug
/// build, and the native timings (and the in-process index build) need optimised code.
fn rerun_optimised(root: &Path, args: &[String]) -> Result<()> {
    eprintln!("xtask: native timings need optimised code: cargo run --release -p xtask -- bench search ...");
    let status = crate::cargo_cmd()
        .current_dir(root)
        .args(["run", "--quiet", "--release", "--package", "xtask", "--", "bench", "search"])
        .args(args)
        .status()
        .context("could not start cargo")?;
    if !status.success() {
        bail!("bench search failed ({status})");
    }
    Ok(())
}

/// Builds one corpus with kefu and Pagefind, measures both and prints the comparison.
fn bench_corpus(root: &Path, kefu: &Path, tools: &Tools, corpus: &Corpus, out: &Path, rounds: usize) -> Result<()> {
    println!("\n== {} ==", corpus.name);
    let (took, summary) = kefu_build(kefu, &corpus.site, out)?;
    println!("{:<44} {:>8.2} s   {summary}", "kefu build (whole site, index included)", took.as_secs_f64());
    let index = Index::load(out, corpus.locale)?;
    let native = index.measure(corpus.queries)?;
    let same = if native.same { "the same bytes as the build's" } else { "NOT the same bytes as the build's" };
    let secs = native.index_build.as_secs_f64();
    println!("{:<44} {secs:>8.2} s   in process, from its own doc shards: {same}", "kefu index alone");
    let pagefind = tools.pagefind.as_deref().map(|bin| pagefind_index(bin, out)).transpose()?;
    if let Some(pf) = &pagefind {
        println!("{:<44} {:>8.2} s   {}", "Pagefind index of the built HTML", pf.took.as_secs_f64(), pf.summary);
    }
    let browser =
        if tools.browser { Some(Browser::measure(root, out, corpus, pagefind.is_some(), rounds)?) } else { None };
    let code = engine_code(out)?;
    print_files(&index, &native, pagefind.as_ref(), code, browser.as_ref());
    print_comparison(&index, &native, code, pagefind.as_ref(), browser.as_ref());
    print_targets(&index, &native, code, browser.as_ref());
    Ok(())
}

/// Bytes as stored, and as sent by a server that gzips (-9) when that makes them smaller.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Bytes {
    raw: f64,
    sent: f64,
}

impl Bytes {
    /// The gzip size, or the raw one.
    fn pick(self, gzip: bool) -> f64 {
        if gzip { self.sent } else { self.raw }
    }
}

impl std::ops::Add for Bytes {
    type Output = Bytes;
    /// Both sizes added.
    fn add(self, other: Bytes) -> Bytes {
        Bytes { raw: self.raw + other.raw, sent: self.sent + other.sent }
    }
}

impl std::iter::Sum for Bytes {
    /// The total of many.
    fn sum<I: Iterator<Item = Bytes>>(iter: I) -> Bytes {
        iter.fold(Bytes::default(), |a, b| a + b)
    }
}

/// The raw and sent size of `data`.
fn bytes_of(data: &[u8]) -> Result<Bytes> {
    let gzip = crate::widget::gzip_len(data)?;
    Ok(Bytes { raw: data.len() as f64, sent: gzip.min(data.len()) as f64 })
}

/// A locale's index as `kefu build` wrote it: the root, every shard, and their sizes.
struct Index {
    root_file: String,
    root: Vec<u8>,
    shards: BTreeMap<String, Vec<u8>>,
    sizes: BTreeMap<String, Bytes>,
    decoded: Root,
}

/// What a new visitor's first query fetches from kefu's index.
#[derive(Debug, Clone, Copy, Default)]
struct FirstQuery {
    /// Every file: the root, term shards and doc shards.
    bytes: Bytes,
    files: usize,
    /// The doc shards alone (titles, URLs and text of the candidates, for their results).
    doc_bytes: Bytes,
    doc_files: usize,
}

/// kefu's numbers that need no browser.
struct Native {
    /// Per query: what its cold first query fetched.
    first: Vec<FirstQuery>,
    /// Queries that found nothing.
    empty: usize,
    /// Milliseconds per query, everything loaded: the median of its runs.
    warm_ms: Vec<f64>,
    /// Milliseconds per query from the root's bytes to the answer, decoding what the
    /// query needs: the median of its runs.
    cold_ms: Vec<f64>,
    /// The time to build the index alone, in process.
    index_build: Duration,
    /// Whether that build gave the same bytes as `kefu build`.
    same: bool,
}

/// The file names of every document shard the root implies.
fn doc_files(root: &Root) -> Vec<String> {
    let per_shard = root.docs_per_shard.max(1) as usize;
    (0..root.lens.len().div_ceil(per_shard)).map(|n| root.doc_shard_file(n)).collect()
}

impl Index {
    /// Reads `<out>/kefu/index-<locale>.bin` and the shards it names.
    fn load(out: &Path, locale: &str) -> Result<Self> {
        let dir = out.join("kefu");
        let root_file = format!("index-{locale}.bin");
        // Sizes as stored (gzip at rest); bytes as the engine reads them.
        let read = |file: &str| -> Result<(Bytes, Vec<u8>)> {
            let stored = std::fs::read(dir.join(file)).with_context(|| format!("reading {file}"))?;
            Ok((bytes_of(&stored)?, store::unpack(&stored).with_context(|| format!("reading {file}"))?.into_owned()))
        };
        let (root_size, root) = read(&root_file)?;
        let decoded: Root = format::decode(&root).with_context(|| format!("decoding {root_file}"))?;
        if decoded.bundle.is_some() {
            bail!("{root_file} holds the whole index (a small site): measure a bigger corpus");
        }
        let mut shards = BTreeMap::new();
        let mut sizes = BTreeMap::from([(root_file.clone(), root_size)]);
        let terms = (0..decoded.term_shards.len()).map(|n| decoded.term_shard_file(n));
        let files = terms.chain(doc_files(&decoded)).chain(decoded.confusables_file()).collect::<Vec<_>>();
        for file in files {
            let (size, bytes) = read(&file)?;
            sizes.insert(file.clone(), size);
            shards.insert(file, bytes);
        }
        Ok(Self { root_file, root, shards, sizes, decoded })
    }

    /// The number of articles.
    fn articles(&self) -> usize {
        self.decoded.lens.len()
    }

    /// Every file of the index.
    fn total(&self) -> Bytes {
        self.sizes.values().copied().sum()
    }

    /// Answers `query` as a new visitor's widget does: the root, then every shard the
    /// engine asks for. Returns the files fetched, in order, and the number of hits.
    fn first_query(&self, query: &str) -> Result<(Vec<&str>, usize)> {
        let mut engine = Engine::new(&self.root)?;
        let mut fetched = vec![self.root_file.as_str()];
        loop {
            match engine.search(query, LIMIT) {
                Ok(hits) => return Ok((fetched, hits.len())),
                Err(Needs(files)) => {
                    for file in files {
                        let (name, bytes) =
                            self.shards.get_key_value(&file).context("the engine asked for no shard")?;
                        engine.add_shard(name, bytes)?;
                        fetched.push(name);
                    }
                }
            }
        }
    }

    /// Measures the index build, and every query: cold bytes and native latencies.
    fn measure(&self, queries: &[&str]) -> Result<Native> {
        let (index_build, same) = self.rebuild()?;
        let mut native =
            Native { first: Vec::new(), empty: 0, warm_ms: Vec::new(), cold_ms: Vec::new(), index_build, same };
        for query in queries {
            let (files, hits) = self.first_query(query)?;
            let mut first = FirstQuery { files: files.len(), ..FirstQuery::default() };
            for file in &files {
                first.bytes = first.bytes + self.sizes[*file];
                if file.starts_with("d-") {
                    first.doc_bytes = first.doc_bytes + self.sizes[*file];
                    first.doc_files += 1;
                }
            }
            native.first.push(first);
            native.empty += usize::from(hits == 0);
            let mut runs = Vec::with_capacity(COLD_REPEATS);
            for _ in 0..COLD_REPEATS {
                let started = Instant::now();
                black_box(self.first_query(query)?);
                runs.push(ms(started.elapsed()));
            }
            native.cold_ms.push(spread(&runs)[0]);
        }
        let mut engine = Engine::new(&self.root)?;
        for (file, bytes) in &self.shards {
            engine.add_shard(file, bytes)?;
        }
        // Round after round over all the queries, so that a slow moment of the machine
        // falls on many queries once rather than on one query many times.
        let mut runs = vec![Vec::with_capacity(NATIVE_REPEATS); queries.len()];
        for _ in 0..NATIVE_REPEATS {
            for (query, runs) in queries.iter().zip(&mut runs) {
                let started = Instant::now();
                black_box(engine.search(black_box(query), LIMIT)).ok().context("everything is loaded")?;
                runs.push(ms(started.elapsed()));
            }
        }
        native.warm_ms = runs.iter().map(|runs| spread(runs)[0]).collect();
        Ok(native)
    }

    /// Rebuilds the index in process from its own doc shards (they hold exactly what
    /// `kefu build` indexed): the time of indexing alone, the median of 3 runs, and
    /// whether the result is byte for byte the build's.
    fn rebuild(&self) -> Result<(Duration, bool)> {
        let mut docs = Vec::with_capacity(self.articles());
        for file in doc_files(&self.decoded) {
            let shard: DocShard = format::decode(&self.shards[&file])?;
            docs.extend(shard.docs);
        }
        let (locale, home) = (&self.decoded.locale, &self.decoded.home);
        let mut times = Vec::new();
        let mut same = true;
        for _ in 0..3 {
            let started = Instant::now();
            let built = kefu_search::build(locale, home, &docs, ShardSizes::default());
            times.push(started.elapsed());
            same &= built.root == self.root
                && built.shards.len() == self.shards.len()
                && built.shards.iter().all(|(name, bytes)| self.shards.get(name) == Some(bytes));
        }
        times.sort();
        Ok((times[1], same))
    }
}

/// Milliseconds, as a float.
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The code a first search on the search page also needs once: the page's script
/// `search-ui.js`, the engine's `search.js`, the wasm's JS glue and the wasm, as built
/// into the site (the loader `kefu.js`, on every page anyway, is left out; so is the
/// widget's Leptos app, which a search on the search page never loads).
fn engine_code(out: &Path) -> Result<Bytes> {
    let mut total = Bytes::default();
    for file in ["search-ui.js", "search.js", "kefu_search_wasm.js", "kefu_search_wasm_bg.wasm"] {
        let path = out.join("kefu").join(file);
        total = total + bytes_of(&std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?)?;
    }
    Ok(total)
}

/// Runs `kefu build` of `site` into `out`; returns the wall time and kefu's summary line.
pub(super) fn kefu_build(kefu: &Path, site: &Path, out: &Path) -> Result<(Duration, String)> {
    // No run pays for the previous one's writeback (see `measure` in bench.rs).
    let _ = Command::new("sync").status();
    let started = Instant::now();
    let output = Command::new(kefu)
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--output")
        .arg(out)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start {}", kefu.display()))?;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        bail!("kefu build of {} failed ({}):\n{stderr}", site.display(), output.status);
    }
    let summary = stderr.lines().find(|l| l.starts_with("Built ")).unwrap_or_default().trim().to_string();
    Ok((took, summary))
}

/// The kefu binary: `--kefu`, or target/release/kefu, which cargo rebuilds when its
/// sources changed. When that build fails (sources mid-edit), the existing binary is
/// measured, with a warning; its age is printed in the header either way.
pub(super) fn release_kefu(root: &Path, given: Option<&Path>) -> Result<PathBuf> {
    if let Some(kefu) = given {
        if !kefu.is_file() {
            bail!("--kefu {}: no such file", kefu.display());
        }
        return Ok(kefu.to_path_buf());
    }
    let kefu = root.join("target/release/kefu");
    eprintln!("xtask: cargo build --release -p kefu");
    let status = crate::cargo_cmd().current_dir(root).args(["build", "--release", "-p", "kefu"]).status()?;
    if !status.success() {
        if !kefu.is_file() {
            bail!("`cargo build --release -p kefu` failed ({status}) and there is no {}", kefu.display());
        }
        println!("warning: `cargo build --release -p kefu` failed: measuring the existing, older binary");
    }
    Ok(kefu)
}

/// What the comparison needs besides kefu.
pub(super) struct Tools {
    /// Pagefind's command, when installed (xtask/node_modules, by `npm ci`).
    pub(super) pagefind: Option<PathBuf>,
    /// Whether Node, playwright-core and Chromium are there for the in-browser part.
    pub(super) browser: bool,
}

impl Tools {
    /// Finds them, running `npm ci` (in xtask/ and tests/) when a Node package is missing;
    /// says what is skipped and why.
    pub(super) fn find(root: &Path, pagefind: bool, browser: bool) -> Self {
        let modules = root.join("xtask/node_modules");
        let bin = modules.join(".bin/pagefind");
        let playwright = modules.join("playwright-core");
        if ((pagefind && !bin.is_file()) || (browser && !playwright.is_dir()))
            && let Err(e) = crate::setup::npm_tools(root)
        {
            println!("npm: {e:#}");
        }
        let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
        let browser_ok = browser && node && playwright.is_dir() && Path::new(CHROMIUM).is_file();
        if browser && !browser_ok {
            println!("Chromium part skipped: it needs node, playwright-core in xtask/node_modules and {CHROMIUM}");
        }
        let pagefind_ok = pagefind && bin.is_file();
        if pagefind && !pagefind_ok {
            println!("Pagefind column skipped: {} is missing (`npm ci` in xtask/)", bin.display());
        }
        Self { pagefind: pagefind_ok.then_some(bin), browser: browser_ok }
    }
}

/// Prints what is measured with what, and how busy the machine is.
fn print_header(root: &Path, kefu: &Path, tools: &Tools) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    println!("kefu search benchmark: {cpus} CPUs, load average {} (1, 5, 15 min) before starting", load.join(" "));
    if load.first().and_then(|l| l.parse::<f64>().ok()).is_some_and(|l| l >= 0.5) {
        println!("  other work is running: the times are noisy");
    }
    println!("kefu: {} ({}, built {} ago)", kefu.display(), version(kefu, "--version"), age(kefu));
    let wasm = root.join("target/widget-dist/kefu_search_wasm_bg.wasm");
    let newest =
        ["crates/kefu-search-wasm/src", "crates/kefu-search/src"].iter().filter_map(|d| newest(&root.join(d))).max();
    let stale = match (modified(&wasm), newest) {
        (Some(built), Some(source)) if source > built => ": OLDER than its sources, run `cargo xtask widget`",
        _ => "",
    };
    println!("search wasm: {} (built {} ago{stale})", wasm.display(), age(&wasm));
    if let Some(pagefind) = &tools.pagefind {
        println!("pagefind: {} ({})", pagefind.display(), version(pagefind, "--version"));
    }
    if tools.browser {
        println!("node: {}; chromium: {CHROMIUM}", version(Path::new("node"), "--version"));
    }
}

/// When `path` was last changed.
fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

/// How long ago `path` was last changed, e.g. `12 min`.
fn age(path: &Path) -> String {
    match modified(path).and_then(|t| SystemTime::now().duration_since(t).ok()) {
        Some(age) => format!("{} min", age.as_secs() / 60),
        None => "? min".into(),
    }
}

/// The newest change of any file in `dir` (one level: source folders are flat here).
fn newest(dir: &Path) -> Option<SystemTime> {
    std::fs::read_dir(dir).ok()?.filter_map(|e| modified(&e.ok()?.path())).max()
}

/// What Pagefind wrote for a site, and how long it took.
pub(super) struct PagefindIndex {
    took: Duration,
    /// Its "Indexed N pages" line.
    pub(super) summary: String,
    /// Index files: entry, meta, index chunks and fragments.
    index: Bytes,
    index_files: usize,
    /// Everything else in `pagefind/`: its JS, worker, wasm (one per language) and UI.
    other: Bytes,
}

/// Runs Pagefind over the built site at `out`, articles only (see the module's doc).
pub(super) fn pagefind_index(bin: &Path, out: &Path) -> Result<PagefindIndex> {
    let started = Instant::now();
    let output = Command::new(bin)
        .arg("--site")
        .arg(out)
        .args(["--root-selector", "article"])
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("could not start {}", bin.display()))?;
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("pagefind failed ({}):\n{stdout}\n{}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    let summary = stdout.lines().find(|l| l.contains("Indexed") && l.contains("pages")).unwrap_or_default().trim();
    let mut pf = PagefindIndex {
        took,
        summary: summary.to_string(),
        index: Bytes::default(),
        index_files: 0,
        other: Bytes::default(),
    };
    for file in files_under(&out.join("pagefind"))? {
        let size = bytes_of(&std::fs::read(&file)?)?;
        if is_pagefind_index(&file.to_string_lossy()) {
            pf.index = pf.index + size;
            pf.index_files += 1;
        } else {
            pf.other = pf.other + size;
        }
    }
    Ok(pf)
}

/// Whether a file (path or URL) of Pagefind's bundle is index data rather than code.
fn is_pagefind_index(path: &str) -> bool {
    path.ends_with("pagefind-entry.json")
        || [".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"].iter().any(|ext| path.ends_with(ext))
}

/// Every file below `dir`.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            files.extend(files_under(&entry.path())?);
        } else {
            files.push(entry.path());
        }
    }
    Ok(files)
}

/// The numbers measured in Chromium (xtask/bench/search.mjs).
struct Browser {
    version: String,
    /// kefu's search page, warm: milliseconds from `input` to the status line.
    kefu_ms: Vec<f64>,
    /// kefu's engine alone (`search.js`), warm: milliseconds until the results are ready.
    kefu_engine_ms: Vec<f64>,
    /// The same on a CPU [`PHONE`] times slower.
    kefu_phone_ms: Vec<f64>,
    /// Queries kefu's page answered with no result.
    kefu_empty: usize,
    /// Pagefind, per query, a new visitor: (index files, code files) downloaded.
    pf_first: Vec<(Bytes, Bytes)>,
    /// Queries Pagefind found nothing for.
    pf_empty: usize,
    /// Pagefind, warm: `search()` alone, and with the top results' `data()`.
    pf_search_ms: Vec<f64>,
    pf_total_ms: Vec<f64>,
}

impl Browser {
    /// Runs the corpus's queries through kefu's search page and Pagefind's JS API.
    fn measure(root: &Path, out: &Path, corpus: &Corpus, pagefind: bool, rounds: usize) -> Result<Self> {
        let (queries, lang) = (corpus.queries, corpus.locale);
        // Both corpora have one locale, the default: its search page is at the root.
        let mut tasks = vec![
            json!({ "kind": "kefu-latency", "page": "/search/", "queries": queries, "rounds": rounds }),
            json!({ "kind": "kefu-engine", "page": "/search/", "lang": lang, "queries": queries, "rounds": rounds }),
            json!({ "kind": "kefu-engine", "page": "/search/", "lang": lang, "queries": queries, "rounds": rounds, "throttle": PHONE }),
        ];
        if pagefind {
            tasks.push(json!({ "kind": "pagefind-cold", "lang": lang, "queries": queries, "top": PAGEFIND_TOP }));
            let latency = json!({ "kind": "pagefind-latency", "lang": lang, "queries": queries, "rounds": rounds, "top": PAGEFIND_TOP });
            tasks.push(latency);
        }
        let (results, version) = run_node(root, out, tasks)?;
        let statuses = results[0]["statuses"].as_object().context("kefu-latency: no statuses")?;
        // "N articles found" / "找到 N 篇文章": a digit; "no matching articles" has none.
        let kefu_empty = statuses.values().filter(|s| !s.as_str().unwrap_or("").contains(char::is_numeric)).count();
        let mut browser = Browser {
            version,
            kefu_ms: floats(&results[0]["ms"]),
            kefu_engine_ms: floats(&results[1]["ms"]),
            kefu_phone_ms: floats(&results[2]["ms"]),
            kefu_empty,
            pf_first: Vec::new(),
            pf_empty: 0,
            pf_search_ms: Vec::new(),
            pf_total_ms: Vec::new(),
        };
        if pagefind {
            for run in results[3]["runs"].as_array().context("pagefind-cold: no runs")? {
                browser.pf_first.push(pagefind_download(run));
                browser.pf_empty += usize::from(run["results"].as_u64() == Some(0));
            }
            browser.pf_search_ms = floats(&results[4]["searchMs"]);
            browser.pf_total_ms = floats(&results[4]["withDataMs"]);
        }
        Ok(browser)
    }
}

/// What one of Pagefind's first queries downloaded: (index files, code files).
fn pagefind_download(run: &Value) -> (Bytes, Bytes) {
    let (mut index, mut code) = (Bytes::default(), Bytes::default());
    for file in run["files"].as_array().into_iter().flatten() {
        let raw = file["raw"].as_f64().unwrap_or(0.0);
        let size = Bytes { raw, sent: file["gzip"].as_f64().unwrap_or(0.0).min(raw) };
        if is_pagefind_index(file["path"].as_str().unwrap_or("")) {
            index = index + size;
        } else {
            code = code + size;
        }
    }
    (index, code)
}

/// The numbers of a JSON array.
fn floats(value: &Value) -> Vec<f64> {
    value.as_array().into_iter().flatten().filter_map(Value::as_f64).collect()
}

/// Runs xtask/bench/search.mjs over the site in `dir`; returns each task's answer and
/// Chromium's version. Its progress lines go to stderr.
pub(super) fn run_node(root: &Path, dir: &Path, tasks: Vec<Value>) -> Result<(Vec<Value>, String)> {
    let job = json!({ "site": dir.to_string_lossy(), "chromium": CHROMIUM, "tasks": tasks });
    let mut answer = node_script(root, "search.mjs", &dir.with_extension("job.json"), &job)?;
    let version = answer["userAgent"].as_str().unwrap_or_default().to_string();
    let results = answer["results"].take().as_array().cloned().context("search.mjs: no results")?;
    Ok((results, version))
}

/// Runs `xtask/bench/<script>` on `job` (written to `job_file` for it, then removed) and
/// returns the JSON of its last line of output. Its progress lines go to stderr.
pub(super) fn node_script(root: &Path, script: &str, job_file: &Path, job: &Value) -> Result<Value> {
    std::fs::write(job_file, serde_json::to_vec(job)?)?;
    let output = Command::new("node")
        .arg(root.join("xtask/bench").join(script))
        .arg(job_file)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .context("could not start node")?;
    let _ = std::fs::remove_file(job_file);
    if !output.status.success() {
        bail!("xtask/bench/{script} failed ({})", output.status);
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.lines().last().unwrap_or_default()).with_context(|| format!("{script} printed no JSON"))
}

/// Median, p95 and max of `values` (nearest rank); zeros when there are none.
pub(super) fn spread(values: &[f64]) -> [f64; 3] {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    [percentile(&sorted, 0.5), percentile(&sorted, 0.95), percentile(&sorted, 1.0)]
}

/// The `p` quantile of `sorted`, nearest rank.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

/// Prints what each engine's files are, and how many queries found nothing.
fn print_files(index: &Index, native: &Native, pf: Option<&PagefindIndex>, code: Bytes, browser: Option<&Browser>) {
    let (terms, docs) = (index.decoded.term_shards.len(), doc_files(&index.decoded).len());
    let total = index.total();
    let root = index.sizes[&index.root_file];
    let confusables = match index.decoded.confusables_file() {
        Some(file) => format!(" + confusables {}", kib(index.sizes[&file].sent)),
        None => String::new(),
    };
    println!(
        "kefu index: root {} + {terms} term shards + {docs} doc shards{confusables} = {} raw, {} gzip; search code (search-ui.js, search.js, glue, wasm) {} raw, {} gzip",
        kib(root.raw),
        kib(total.raw),
        kib(total.sent),
        kib(code.raw),
        kib(code.sent)
    );
    if let Some(pf) = pf {
        println!(
            "Pagefind index: {} files, {} raw, {} gzip; its JS, worker, wasm (one per language) and UI {} raw, {} gzip",
            pf.index_files,
            kib(pf.index.raw),
            kib(pf.index.sent),
            kib(pf.other.raw),
            kib(pf.other.sent)
        );
    }
    if let Some(b) = browser {
        let pf = if b.pf_first.is_empty() { String::new() } else { format!(", Pagefind {}", b.pf_empty) };
        let n = native.first.len();
        println!(
            "queries with no result, of {n}: kefu {} (in Chromium {}){pf}; {}",
            native.empty, b.kefu_empty, b.version
        );
    }
}

/// Prints kefu and Pagefind side by side.
fn print_comparison(index: &Index, native: &Native, code: Bytes, pf: Option<&PagefindIndex>, b: Option<&Browser>) {
    let n = index.articles() as f64;
    let title = format!("{} articles, {} queries", index.articles(), native.first.len());
    println!("\n{title:<46} {:>24} {:>24} {:>22}", "kefu", "Pagefind", "kefu/Pagefind");
    let total = index.total();
    row("index per article, raw (bytes)", Some(vec![total.raw / n]), pf.map(|p| vec![p.index.raw / n]), 0);
    row("index per article, gzip (bytes)", Some(vec![total.sent / n]), pf.map(|p| vec![p.index.sent / n]), 0);
    // KiB per query: kefu's from the engine's own loop, Pagefind's as downloaded in Chromium.
    let kefu_first = |gzip: bool, with_code: bool| {
        let extra = if with_code { code } else { Bytes::default() };
        Some(spread(&native.first.iter().map(|f| (f.bytes + extra).pick(gzip) / 1024.0).collect::<Vec<_>>()).to_vec())
    };
    let pf_runs = b.map(|b| &b.pf_first).filter(|runs| !runs.is_empty());
    let pf_first = |gzip: bool, with_code: bool| {
        let kib =
            |(index, code): &(Bytes, Bytes)| (if with_code { *index + *code } else { *index }).pick(gzip) / 1024.0;
        pf_runs.map(|runs| spread(&runs.iter().map(kib).collect::<Vec<_>>()).to_vec())
    };
    println!("first query, KiB downloaded (median / p95 / max):");
    row("  index only, gzip", kefu_first(true, false), pf_first(true, false), 1);
    row("  index only, raw", kefu_first(false, false), pf_first(false, false), 1);
    row("  with the engine's code, gzip", kefu_first(true, true), pf_first(true, true), 1);
    row("  with the engine's code, raw", kefu_first(false, true), pf_first(false, true), 1);
    let kefu_spread =
        |f: fn(&FirstQuery) -> f64| Some(spread(&native.first.iter().map(f).collect::<Vec<_>>()).to_vec());
    row("  kefu: index files fetched", kefu_spread(|f| f.files as f64), None, 0);
    row("  kefu: of which doc shards", kefu_spread(|f| f.doc_files as f64), None, 0);
    row("  kefu: the doc shards' KiB, gzip", kefu_spread(|f| f.doc_bytes.sent / 1024.0), None, 1);
    print_latency(native, b);
    let pf_build = pf.map(|p| vec![p.took.as_secs_f64()]);
    row("index build, s: kefu's alone; Pagefind's run", Some(vec![native.index_build.as_secs_f64()]), pf_build, 2);
}

/// Prints the latency rows: Chromium (warm) and native.
fn print_latency(native: &Native, b: Option<&Browser>) {
    let p50_p95 = |v: &[f64]| (!v.is_empty()).then(|| spread(v)[..2].to_vec());
    println!("query latency, ms (p50 / p95):");
    if let Some(b) = b {
        row("  Chromium, warm, engine: results ready (*)", p50_p95(&b.kefu_engine_ms), p50_p95(&b.pf_total_ms), 2);
        row("  Chromium, warm, Pagefind's search() alone", None, p50_p95(&b.pf_search_ms), 2);
        row("  Chromium, warm, search page: shown (**)", p50_p95(&b.kefu_ms), None, 2);
        row(&format!("  Chromium, CPU {PHONE}x slower (a phone), engine"), p50_p95(&b.kefu_phone_ms), None, 2);
    }
    // Each query's latency is the median of its runs; the percentiles are over queries.
    row(&format!("  native, everything loaded ({NATIVE_REPEATS} runs)"), p50_p95(&native.warm_ms), None, 3);
    row(&format!("  native, cold: root + shards, search ({COLD_REPEATS})"), p50_p95(&native.cold_ms), None, 3);
    if b.is_some() {
        println!("  (*) kefu: search.js's search(q, {LIMIT}), as the widget and the search page call it;");
        println!("      Pagefind: search() and data() of the top {PAGEFIND_TOP}; no rendering for either");
        println!("  (**) kefu's search page, from the `input` event to the status line announcing the results");
    }
}

/// Prints a row: kefu's numbers, Pagefind's, and kefu/Pagefind for each; `—` where missing.
fn row(label: &str, kefu: Option<Vec<f64>>, pagefind: Option<Vec<f64>>, digits: usize) {
    let cell = |v: &Option<Vec<f64>>| match v {
        Some(v) => v.iter().map(|x| format!("{x:.digits$}")).collect::<Vec<_>>().join(" / "),
        None => "—".to_string(),
    };
    let ratio = match (&kefu, &pagefind) {
        (Some(k), Some(p)) => k.iter().zip(p).map(|(k, p)| format!("{:.2}", k / p)).collect::<Vec<_>>().join(" / "),
        _ => "—".into(),
    };
    println!("{label:<46} {:>24} {:>24} {:>22}", cell(&kefu), cell(&pagefind), ratio);
}

/// Prints the first-query and latency numbers against the targets, met or not.
fn print_targets(index: &Index, native: &Native, code: Bytes, b: Option<&Browser>) {
    let median = |v: Vec<f64>| spread(&v)[0];
    println!("targets:");
    match b.filter(|b| !b.pf_first.is_empty()) {
        Some(b) => {
            for (label, with_code) in [("index only", false), ("with the engine's code", true)] {
                let extra = if with_code { code } else { Bytes::default() };
                let kefu = median(native.first.iter().map(|f| (f.bytes + extra).sent).collect());
                let pf =
                    median(b.pf_first.iter().map(|(i, c)| if with_code { (*i + *c).sent } else { i.sent }).collect());
                let verdict = if kefu <= pf / 2.0 { "met" } else { "NOT met" };
                println!(
                    "  first query ≤ ½ Pagefind's (gzip, median, {label}): kefu/Pagefind {:.2}: {verdict}",
                    kefu / pf
                );
            }
        }
        None => println!("  first query ≤ ½ Pagefind's: not measured (no Pagefind in Chromium)"),
    }
    match b {
        Some(b) => {
            let n = index.articles();
            for (label, ms) in [("engine", &b.kefu_engine_ms), ("search page, shown", &b.kefu_ms)] {
                let p95 = spread(ms)[1];
                let verdict = if p95 < 5.0 { "met" } else { "NOT met" };
                println!(
                    "  p95 < 5 ms in Chromium at 10,000 articles ({label}): {p95:.2} ms at {n} articles: {verdict}"
                );
            }
        }
        None => println!("  p95 < 5 ms in Chromium: not measured (--no-browser)"),
    }
}

/// Bytes as KiB or MiB text.
fn kib(bytes: f64) -> String {
    if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / 1024.0 / 1024.0)
    } else {
        format!("{:.1} KiB", bytes / 1024.0)
    }
}
