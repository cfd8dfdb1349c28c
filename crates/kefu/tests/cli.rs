//! The `kefu` binary, run as an author runs it, on the sample site and on small sites
//! written into a temp folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu")).args(args).output().expect("kefu runs")
}

fn build(root: &Path, output: &Path) -> Output {
    kefu(&["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()])
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Writes a small two-locale site with one article each.
fn small_site(root: &Path) {
    let files = [
        (
            "site/kefu.toml",
            "name = \"Help\"\nbase-url = \"https://example.com/help/\"\ndefault-locale = \"en\"\n\n[[locales]]\ncode = \"en\"\nname = \"English\"\n\n[[locales]]\ncode = \"zh-CN\"\nname = \"简体中文\"\n",
        ),
        ("content/en/billing/_category.toml", "title = \"Billing\"\n"),
        (
            "content/en/billing/refunds.md",
            "+++\ntitle = \"Refunds <fast>\"\nsummary = \"Money back\"\n+++\n\nAsk us. <script>alert(1)</script>\n",
        ),
        ("content/zh-CN/billing/refunds.md", "+++\ntitle = \"退款\"\n+++\n\n请联系我们。\n"),
    ];
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn builds_the_sample_help_center() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let result = build(&repo(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(String::from_utf8_lossy(&result.stderr).contains("Built "));

    let home = read(public.join("index.html"));
    assert!(home.contains("<html lang=\"zh-CN\" dir=\"ltr\">"));
    assert!(home.contains("href=\"/orders/order-not-received/\">包裹没到怎么办？</a>"));
    let article = read(public.join("en/orders/order-not-received/index.html"));
    assert!(article.contains("<h1>My order has not arrived</h1>"));
    assert!(article.contains("<script src=\"/kefu/kefu.js\" async data-locale=\"en\"></script>"));
    for file in [
        "kefu/kefu.js",
        "kefu/kefu.css",
        "kefu/kefu_widget.js",
        "kefu/kefu_widget_bg.wasm",
        "kefu/index-en.bin",
        "kefu/index-zh-CN.bin",
    ] {
        assert!(public.join(file).is_file(), "{file} is written");
    }
    let wasm = std::fs::read(public.join("kefu/kefu_widget_bg.wasm")).unwrap();
    assert_eq!(&wasm[..4], b"\0asm");
    let index = kefu_search::Index::decode(&std::fs::read(public.join("kefu/index-en.bin")).unwrap()).unwrap();
    assert_eq!(index.search("refund", 5)[0].doc.url, "en/refunds/refund-policy/");
}

#[test]
fn pages_have_no_inline_script_or_style() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert!(build(&repo(), &public).status.success());
    for entry in walk(&public).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let html = read(&entry);
        for (i, tag) in html.match_indices("<script").map(|(i, _)| (i, &html[i..])) {
            let open = &tag[..tag.find('>').unwrap()];
            assert!(open.contains(" src="), "{}: inline script at byte {i}", entry.display());
        }
        assert!(!html.contains("<style"), "{}: inline <style>", entry.display());
        assert!(!html.contains(" style="), "{}: style attribute", entry.display());
    }
}

#[test]
fn escapes_what_authors_write_and_honours_the_base_path() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let page = read(public.join("billing/refunds/index.html"));
    assert!(page.contains("<h1>Refunds &lt;fast&gt;</h1>"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(page.contains("src=\"/help/kefu/kefu.js\""), "{page}");
    assert!(read(public.join("zh-CN/index.html")).contains("href=\"/help/zh-CN/billing/refunds/\""));
}

#[test]
fn a_failed_build_names_the_file_and_line_and_keeps_the_previous_output() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let public = site.path().join("public");
    assert!(build(site.path(), &public).status.success());
    let before = read(public.join("billing/refunds/index.html"));

    let broken = site.path().join("content/en/billing/refunds.md");
    std::fs::write(&broken, "+++\ntitle = \"Refunds\"\nsumary = \"typo\"\n+++\n").unwrap();
    std::fs::write(site.path().join("content/zh-CN/billing/bad.md"), "no front matter\n").unwrap();
    let result = build(site.path(), &public);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("content/en/billing/refunds.md:3:1: unknown field `sumary`"), "{stderr}");
    assert!(stderr.contains("content/zh-CN/billing/bad.md:1:1: an article must start with front matter"), "{stderr}");
    assert!(stderr.contains("2 problem(s)"), "{stderr}");

    assert_eq!(read(public.join("billing/refunds/index.html")), before, "previous output is intact");
    let leftovers: Vec<_> = std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(leftovers.iter().all(|n| !n.to_string_lossy().starts_with(".public")), "{leftovers:?}");
}

#[test]
fn a_mistyped_config_key_is_an_error() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    std::fs::write(&config, read(&config).replace("base-url", "baseurl")).unwrap();
    let result = build(site.path(), &site.path().join("public"));
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("site/kefu.toml:2:1: unknown field `baseurl`"), "{stderr}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}
