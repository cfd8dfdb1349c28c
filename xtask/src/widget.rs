//! Builds the widget: cargo for wasm32, wasm-bindgen (`--target web`), wasm-opt -Oz.
//! The result, in `target/widget-dist/`, is what the `kefu` binary embeds.

use crate::setup::Wasm;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PACKAGE: &str = "kefu-widget";
const STEM: &str = "kefu_widget";

/// Where the built widget goes; `crates/kefu/build.rs` reads it from here.
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("target/widget-dist")
}

/// Builds the widget and returns the dist directory.
pub fn build(root: &Path, wasm: &Wasm) -> Result<PathBuf> {
    let started = Instant::now();
    crate::run(&mut wasm.cargo_build(root, PACKAGE))?;
    let raw = root.join(format!("target/wasm/wasm32-unknown-unknown/widget/{STEM}.wasm"));
    let dist = dist_dir(root);
    std::fs::create_dir_all(&dist)?;
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&raw)
        .web(true)?
        .typescript(false)
        .generate(&dist)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen on {}: {e:#}", raw.display()))?;
    let bound = dist.join(format!("{STEM}_bg.wasm"));
    wasm_opt(root, &bound)?;
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
    let files = [
        ("loader", root.join("site/assets/kefu/kefu.js")),
        ("glue", dist.join(format!("{STEM}.js"))),
        ("wasm", dist.join(format!("{STEM}_bg.wasm"))),
    ];
    eprintln!("xtask: widget sizes (raw / gzip -9):");
    for (label, path) in files {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        eprintln!("  {label:<7} {:>8} B / {:>7} B  {}", bytes.len(), gzip_len(&bytes)?, path.display());
    }
    Ok(())
}

fn gzip_len(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
