//! Embeds the built widget (from `cargo xtask widget`) into the `kefu` binary, as
//! Pagefind's binary carries its WASM, so `kefu build` needs nothing else on disk.

use std::path::PathBuf;

/// What `cargo xtask widget` writes (its MODULES and SOURCES, xtask/src/widget.rs); all
/// are embedded, the minified sources in place of `site/assets/kefu`'s, and so are the
/// split views' files, whatever wasm-split named them (`kefu_split*`).
const FILES: [&str; 13] = [
    "kefu_widget.js",
    "kefu_widget_bg.wasm",
    "kefu_search_wasm.js",
    "kefu_search_wasm_bg.wasm",
    "kefu_ticket.js",
    "kefu_ticket_bg.wasm",
    "ticket.js",
    "kefu.js",
    "panel.js",
    "search.js",
    "site.js",
    "search-ui.js",
    "kefu.css",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(kefu_widget)");
    println!("cargo::rerun-if-env-changed=KEFU_WIDGET_DIR");
    println!("cargo::rerun-if-changed=../../site");
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("KEFU_WIDGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../target/widget-dist"));
    println!("cargo::rerun-if-changed={}", dir.display());
    for file in FILES {
        println!("cargo::rerun-if-changed={}", dir.join(file).display());
    }
    if FILES.iter().all(|f| dir.join(f).is_file()) {
        let dir = dir.canonicalize().expect("the widget directory exists");
        let mut split: Vec<String> = std::fs::read_dir(&dir)
            .expect("the widget directory is readable")
            .map(|entry| entry.expect("the widget directory is readable").file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("kefu_split"))
            .collect();
        split.sort();
        for file in &split {
            println!("cargo::rerun-if-changed={}", dir.join(file).display());
        }
        // `WIDGET`, each file's name and bytes, for src/embedded.rs.
        let entries: String = FILES
            .iter()
            .copied()
            .chain(split.iter().map(String::as_str))
            .map(|f| format!("    ({f:?}, include_bytes!({:?})),\n", dir.join(f).display().to_string()))
            .collect();
        let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
        std::fs::write(out.join("widget.rs"), format!("&[\n{entries}]\n")).expect("OUT_DIR is writable");
        println!("cargo::rustc-cfg=kefu_widget");
    } else {
        println!(
            "cargo::warning=the widget is not built ({} is missing): this kefu binary cannot write sites; run `cargo xtask widget` first",
            dir.display()
        );
    }
}
