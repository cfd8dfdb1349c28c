//! Builds the browser's wasm modules, the widget's Leptos app (which links the search
//! engine), the search engine alone (for the help center's search page) and the ticket
//! form: cargo for wasm32, wasm-bindgen (`--target web`), wasm-opt -Oz, then esbuild
//! minifies the glue, the loader, the engine's API and the stylesheet. The app's views
//! that the first open does not need are split out of its module first (wasm-split). The
//! result, in `target/widget-dist/`, is what the `kefu` binary embeds.

use crate::setup::Wasm;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The wasm modules: their packages, the stems of their files, and exports they have but
/// never use, removed with the code only they reach.
const MODULES: [(&str, &str, Option<&str>); 3] = [
    // Leptos always enables server_fn's browser streaming, whose wasm-streams types are
    // exported to JS: the widget calls no server function (1.7 KB gzip, measured).
    ("kefu-widget", "kefu_widget", Some("*intounderlying*")),
    ("kefu-search-wasm", "kefu_search_wasm", None),
    // The ticket form and the outbox: loaded when a ticket is written or waits to be sent.
    ("kefu-ticket", "kefu_ticket", Some("*intounderlying*")),
];

/// The loader and the panel it loads (with its stylesheet), the engine's API, and the
/// help center's search boxes (site.js mounts search-ui.js): shipped minified, from
/// `site/assets/kefu/`.
pub const SOURCES: [&str; 7] = ["kefu.js", "panel.js", "kefu.css", "search.js", "site.js", "search-ui.js", "ticket.js"];

/// Where the built widget goes; `crates/kefu/build.rs` reads it from here.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("target/widget-dist")
}

/// Builds the widget and returns the dist directory.
pub fn build(root: &Path, wasm: &Wasm) -> Result<PathBuf> {
    let started = Instant::now();
    let dist = dist_dir(root);
    std::fs::create_dir_all(&dist)?;
    for (package, stem, unused) in MODULES {
        let raw = Wasm::output(root, stem);
        let split = package == "kefu-widget";
        let mut cargo = wasm.cargo_build(root, package);
        if split {
            // The relocations let wasm-split follow every call and address.
            cargo.args(["--", "-Clink-arg=--emit-relocs"]);
        }
        crate::run(&mut cargo)?;
        let input = if split { split_views(root, &raw, &dist, stem)? } else { raw.clone() };
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&input)
            .out_name(stem)
            .web(true)?
            .typescript(false)
            // The split modules call the app's functions through these exports.
            .keep_lld_exports(split)
            .generate(&dist)
            .map_err(|e| anyhow::anyhow!("wasm-bindgen on {}: {e:#}", raw.display()))?;
        wasm_opt(root, &dist.join(format!("{stem}_bg.wasm")), unused)?;
        let glue = dist.join(format!("{stem}.js"));
        if package != "kefu-search-wasm" {
            let mut text = std::fs::read_to_string(&glue)?;
            if split {
                text = one_split_import(&text);
            }
            std::fs::write(&glue, isolate_errors(&text).with_context(|| format!("{}", glue.display()))?)?;
        }
        minify(root, &glue, &glue)?;
    }
    for file in SOURCES {
        minify(root, &root.join("site/assets/kefu").join(file), &dist.join(file))?;
    }
    eprintln!("xtask: widget built in {:.1}s", started.elapsed().as_secs_f64());
    report_sizes(&dist)?;
    Ok(dist)
}

/// The wasm-split link module: the app's glue imports it, and it fetches the split views.
/// It and the split modules (`kefu_split_*.wasm`) are the files of `dist` named `kefu_split*`.
const SPLIT_PREFIX: &str = "kefu_split";

/// The split views' files in `dist` (the link module and the wasm modules it loads), by name.
fn split_files(dist: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.starts_with(SPLIT_PREFIX) {
            files.push(name);
        }
    }
    files.sort();
    Ok(files)
}

/// wasm-bindgen gives the link module one key per function the app imports from it, each
/// the same `import * as` of it; one key is enough (and the same key twice is a mistake
/// esbuild warns about).
fn one_split_import(glue: &str) -> String {
    let key = format!("\"./{SPLIT_PREFIX}.js\": import");
    let mut seen = false;
    let lines = glue.lines().filter(|line| !line.trim_start().starts_with(&key) || !std::mem::replace(&mut seen, true));
    lines.map(|line| format!("{line}\n")).collect()
}

/// Splits the views marked `wasm_split` (`kefu-widget`'s `components::split`) out of the
/// app's module `raw`. Each split module goes to `dist`, optimised: `kefu_split_<view>.wasm`,
/// and `kefu_split_chunk_<n>.wasm` for code that several views share; so does the link
/// module that loads them. Returns the app's module, for wasm-bindgen.
fn split_views(root: &Path, raw: &Path, dist: &Path, stem: &str) -> Result<PathBuf> {
    let work = raw.with_file_name(format!("{stem}-split"));
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    let main = work.join("main.wasm");
    let input = std::fs::read(raw).with_context(|| format!("reading {}", raw.display()))?;
    let link = format!("./{SPLIT_PREFIX}.js");
    let glue = format!("./{stem}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &work;
    options.main_out_path = &main;
    options.link_name = &link;
    options.main_module = &glue;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| anyhow::anyhow!("wasm-split on {}: {e:#}", raw.display()))?;
    for old in split_files(dist)? {
        std::fs::remove_file(dist.join(old))?;
    }
    let mut js = std::fs::read_to_string(work.join(&link))?;
    for module in &split.split_modules {
        let name = module.file_name().unwrap_or_default().to_string_lossy();
        let renamed = match name.strip_prefix("split_") {
            Some(view) => format!("{SPLIT_PREFIX}_{view}"),
            None => format!("{SPLIT_PREFIX}_{name}"),
        };
        let quoted = format!("\"./{name}\"");
        match js.matches(&quoted).count() {
            // An empty module is never fetched.
            0 => continue,
            1 => {}
            _ => bail!("wasm-split's link module loads {name} twice; update split_views in xtask"),
        }
        js = js.replace(&quoted, &format!("\"./{renamed}\""));
        std::fs::write(dist.join(&renamed), without_names(&std::fs::read(module)?)?)?;
        wasm_opt(root, &dist.join(&renamed), None)?;
    }
    // A module that cannot be fetched is the app's to tell (a link and `error`); the
    // console hears of it as of any of the widget's troubles, as a warning.
    let logged = "console.error(e);";
    if js.matches(logged).count() != 1 {
        bail!("wasm-split's link module no longer logs a failed load as {logged:?}; update split_views in xtask");
    }
    js = js.replace(logged, "console.warn(\"kefu: a view could not be loaded:\", e);");
    let out = dist.join(format!("{SPLIT_PREFIX}.js"));
    std::fs::write(&out, js)?;
    minify(root, &out, &out)?;
    Ok(main)
}

/// The module `wasm` without its name section: wasm-split writes label names, which
/// wasm-opt does not know and warns about (and would strip anyway).
fn without_names(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut out = wasm_encoder::Module::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let wasmparser::Payload::CustomSection(custom) = &payload
            && custom.name() == "name"
        {
            continue;
        }
        if let Some((id, range)) = payload.as_section() {
            let range = usize::try_from(range.start)?..usize::try_from(range.end)?;
            out.section(&wasm_encoder::RawSection { id, data: &wasm[range] });
        }
    }
    Ok(out.finish())
}

fn wasm_opt(root: &Path, wasm: &Path, unused_exports: Option<&str>) -> Result<()> {
    let tool = root.join("xtask/node_modules/.bin/wasm-opt");
    if !tool.exists() {
        bail!("{} is missing: run `cargo xtask setup`", tool.display());
    }
    // The features Rust's wasm32 target emits today; wasm-opt must accept them all.
    let features = [
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
        "--enable-sign-ext",
        "--enable-reference-types",
        "--enable-multivalue",
        "--enable-mutable-globals",
    ];
    let mut cmd = Command::new(tool);
    if let Some(pattern) = unused_exports {
        cmd.arg("--remove-exports").arg(format!("--pass-arg=remove-exports@{pattern}"));
    }
    crate::run(cmd.args(["-Oz", "--strip-debug", "--strip-producers"]).args(features).arg(wasm).arg("-o").arg(wasm))
}

/// The lines of wasm-bindgen's glue (0.2.130, pinned) through which the browser calls
/// every Rust closure (event listeners, timers, the futures' task queue): in
/// `makeMutClosure` and, when the module has `Fn` closures, `makeClosure`.
const CLOSURE_CALLS: [&str; 2] = ["return f(a, state.b, ...args);", "return f(state.a, state.b, ...args);"];

/// Makes the widget's glue hand an error thrown inside any of its callbacks to a handler
/// (`onError(fn)`, which the loader sets) instead of letting it reach the host page's
/// `window.onerror`: a listener registered before ours would see it first, so catching
/// it at the source is the only way. Fails when the glue no longer has those lines (a
/// new wasm-bindgen): then this must be looked at again, not skipped.
fn isolate_errors(glue: &str) -> Result<String> {
    let mut out = glue.to_string();
    let counts = CLOSURE_CALLS.map(|call| out.matches(call).count());
    if counts[0] != 1 || counts[1] > 1 {
        bail!("wasm-bindgen's glue has changed ({counts:?} of {CLOSURE_CALLS:?}); update isolate_errors in xtask");
    }
    for call in CLOSURE_CALLS {
        out = out.replace(call, &format!("try {{ {call} }} catch (e) {{ widgetError(e); }}"));
    }
    out.push_str(
        "\nlet widgetError = (e) => { throw e; };\n\
         /** Where an error inside the widget's callbacks goes instead of the page's onerror (kefu's loader). */\n\
         export function onError(handler) { widgetError = handler; }\n",
    );
    Ok(out)
}

/// Minifies the script or stylesheet `from` into `to` with esbuild: whitespace, comments
/// and local names go; the syntax stays (an ES module stays one).
fn minify(root: &Path, from: &Path, to: &Path) -> Result<()> {
    let tool = root.join("xtask/node_modules/.bin/esbuild");
    if !tool.exists() {
        bail!("{} is missing: run `cargo xtask setup`", tool.display());
    }
    crate::run(
        Command::new(tool)
            .arg(from)
            .args(["--minify", "--legal-comments=none", "--log-level=warning"])
            .arg(format!("--outfile={}", to.display()))
            .arg("--allow-overwrite"),
    )
}

/// Prints the raw and gzip sizes of the loader, the JS glue and the wasm.
pub fn report_sizes(dist: &Path) -> Result<()> {
    let built = MODULES.iter().flat_map(|(_, stem, _)| [format!("{stem}.js"), format!("{stem}_bg.wasm")]);
    let files = SOURCES.iter().map(|f| f.to_string()).chain(built).chain(split_files(dist)?).map(|f| dist.join(f));
    eprintln!("xtask: widget sizes (raw / gzip -9):");
    for path in files {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        eprintln!("  {name:<26} {:>8} B / {:>7} B", bytes.len(), gzip_len(&bytes)?);
    }
    Ok(())
}

pub(crate) fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
