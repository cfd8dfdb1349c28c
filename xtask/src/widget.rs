//! Builds the browser's two wasm modules, the widget's Leptos app and the search engine
//! (which the search page loads alone): cargo for wasm32, wasm-bindgen (`--target web`),
//! wasm-opt -Oz. The result, in `target/widget-dist/`, is what the `kefu` binary embeds.

use crate::setup::Wasm;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The wasm modules: their packages, and the stems of their files.
const MODULES: [(&str, &str); 2] = [("kefu-widget", "kefu_widget"), ("kefu-search-wasm", "kefu_search_wasm")];

/// Where the built widget goes; `crates/kefu/build.rs` reads it from here.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("target/widget-dist")
}

/// Builds the widget and returns the dist directory.
pub fn build(root: &Path, wasm: &Wasm) -> Result<PathBuf> {
    let started = Instant::now();
    let dist = dist_dir(root);
    std::fs::create_dir_all(&dist)?;
    for (package, stem) in MODULES {
        crate::run(&mut wasm.cargo_build(root, package))?;
        let raw = Wasm::output(root, stem);
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&raw)
            .web(true)?
            .typescript(false)
            .generate(&dist)
            .map_err(|e| anyhow::anyhow!("wasm-bindgen on {}: {e:#}", raw.display()))?;
        wasm_opt(root, &dist.join(format!("{stem}_bg.wasm")))?;
    }
    eprintln!("xtask: widget built in {:.1}s", started.elapsed().as_secs_f64());
    report_sizes(root, &dist)?;
    Ok(dist)
}

fn wasm_opt(root: &Path, wasm: &Path) -> Result<()> {
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
    crate::run(
        Command::new(tool)
            .args(["-Oz", "--strip-debug", "--strip-producers"])
            .args(features)
            .arg(wasm)
            .arg("-o")
            .arg(wasm),
    )
}

/// Prints the raw and gzip sizes of the loader, the JS glue and the wasm.
pub fn report_sizes(root: &Path, dist: &Path) -> Result<()> {
    let assets = root.join("site/assets/kefu");
    let scripts = ["kefu.js", "search.js", "search-ui.js"].map(|f| assets.join(f));
    let built = MODULES.iter().flat_map(|(_, stem)| [format!("{stem}.js"), format!("{stem}_bg.wasm")]);
    let files = scripts.into_iter().chain(built.map(|f| dist.join(f)));
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
