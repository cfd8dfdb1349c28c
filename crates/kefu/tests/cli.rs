//! The `kefu` binary, run as an author runs it, on the sample site and on small sites
//! written into a temp folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "cli/flows.rs"]
mod flows;

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
    write_files(root, &files);
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
        "kefu/search.js",
        "kefu/search-ui.js",
        "kefu/kefu_search_wasm.js",
        "kefu/kefu_search_wasm_bg.wasm",
        "kefu/index-en.bin",
        "kefu/index-zh-CN.bin",
        "kefu/locales.json",
        "_headers",
    ] {
        assert!(public.join(file).is_file(), "{file} is written");
    }
    for wasm in ["kefu/kefu_widget_bg.wasm", "kefu/kefu_search_wasm_bg.wasm"] {
        assert_eq!(&std::fs::read(public.join(wasm)).unwrap()[..4], b"\0asm");
    }
    let hits = kefu::search::search(&public, "en", "refund policy", 5).unwrap();
    assert_eq!(hits[0].url, "en/refunds/refund-policy/");
    assert!(read(public.join("_headers")).contains("/*\n  Access-Control-Allow-Origin: *\n"));
    assert_eq!(read(public.join("kefu/locales.json")), r#"{"default":"zh-CN","locales":["zh-CN","en"]}"#);
    // A small site's index is one file per locale, and for the Chinese one the
    // confusables file, fetched only to correct a character.
    let bin: Vec<PathBuf> =
        walk(&public.join("kefu")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "bin")).collect();
    let name = |p: &PathBuf| p.file_name().unwrap().to_string_lossy().to_string();
    let index: Vec<&PathBuf> =
        bin.iter().filter(|p| !name(p).starts_with("widget-") && !name(p).starts_with("flows-")).collect();
    assert_eq!(index.len(), 3, "{index:?}");
    assert_eq!(index.iter().filter(|p| name(p).starts_with("c-")).count(), 1, "{index:?}");
    for file in &bin {
        // Stored gzipped, so that hosts which do not compress octet-stream send them small.
        assert_eq!(std::fs::read(file).unwrap()[..2], [0x1f, 0x8b], "{} is gzip", file.display());
    }
}

#[test]
fn the_widget_gets_the_site_its_words_and_data_per_locale() {
    use kefu_core::kefu_model::WidgetData;
    use kefu_core::kefu_model::flow::Flows;
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert!(build(&repo(), &public).status.success());
    let loader = read(public.join("kefu/kefu.js"));
    assert!(!loader.contains("__KEFU_SITE__"), "the site is written into the loader");
    // The site, as JSON in the loader: its default locale, and each locale's words, direction and home.
    let at = loader.find(r#"{"default":"zh-CN""#).expect("the site's JSON is in the loader");
    let json: serde_json::Value =
        serde_json::Deserializer::from_str(&loader[at..]).into_iter().next().unwrap().unwrap();
    assert_eq!(json["locales"]["zh-CN"]["launcher"], "帮助");
    assert_eq!(json["locales"]["en"]["home"], "en/");
    assert_eq!(json["locales"]["en"]["dir"], "ltr");
    assert_eq!(json["locales"]["en"]["unavailable"], "Open the help center");
    assert!(!loader.contains("Embed (README"), "the loader ships minified, without its comments");

    let data = |locale: &str| {
        let stored = std::fs::read(public.join(format!("kefu/widget-{locale}.bin"))).unwrap();
        WidgetData::decode(&kefu_search::store::unpack(&stored).unwrap()).unwrap()
    };
    let en = data("en");
    assert_eq!(
        (en.locale.as_str(), en.home.as_str(), en.site_name.as_str()),
        ("en", "en/", "Customer Service Help Center")
    );
    assert_eq!(en.words.t("close"), "Close help");
    let orders = en.category("orders").expect("the orders category");
    assert!(orders.articles.iter().any(|a| a.url == "en/orders/order-not-received/"), "{orders:?}");
    let zh = data("zh-CN");
    assert_eq!((zh.home.as_str(), zh.words.t("close")), ("", "关闭帮助"));
    assert!(!zh.featured.is_empty());
    // The contact channels, normalised for the widget: hours in minutes, in their zone.
    let ids: Vec<&str> = zh.contact.channels.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["hotline", "chat", "night", "wechat", "weibo", "x", "email", "ticket"]);
    let night = zh.contact.channels[2].hours.as_ref().unwrap();
    assert_eq!(
        (night.zone.as_str(), night.weekly[5][0].start, night.weekly[5][0].end),
        ("Asia/Shanghai", 23 * 60, 32 * 60)
    );
    assert_eq!(en.contact.channels[0].label, "Customer service hotline");
    assert_eq!(en.contact.topics.iter().find(|t| t.id == "orders").unwrap().prepare[0], "Your order number");
    // The flows: their outline in the data, every step in a file fetched for a walk.
    let stored = std::fs::read(public.join("kefu/flows-en.bin")).unwrap();
    let flows = Flows::decode(&kefu_search::store::unpack(&stored).unwrap()).unwrap();
    let walked = flows.flow("order-not-received").expect("the flow, with its steps");
    assert!(walked.steps.len() > 3, "{walked:?}");
    assert_eq!(en.flows, flows.outline());
}

#[test]
fn a_sites_words_override_and_add_languages_and_check_names_the_gaps() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    write_files(
        site.path(),
        &[
            ("site/words/en.toml", "contact_us = \"Talk to us\"\n"),
            ("site/words/zh-CN.toml", "contact_us = \"找我们\"\n"),
        ],
    );
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(read(public.join("billing/refunds/index.html")).contains(">Talk to us</a>"));
    assert!(read(public.join("zh-CN/billing/refunds/index.html")).contains(">找我们</a>"));
    assert!(
        kefu(&["check", "--root", site.path().to_str().unwrap()]).status.success(),
        "zh-CN is complete: kefu's own words fill it"
    );

    // A language kefu has no words for: the site's file gives some, check names the rest.
    let config = read(site.path().join("site/kefu.toml")) + "\n[[locales]]\ncode = \"ar\"\nname = \"العربية\"\n";
    write_files(site.path(), &[("site/kefu.toml", &config), ("site/words/ar.toml", "close = \"إغلاق\"\n")]);
    let result = kefu(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let out = String::from_utf8_lossy(&result.stdout);
    assert!(out.contains("site/words/ar.toml:1:1: locale ar lacks "), "{out}");
    assert!(out.contains("launcher") && !out.contains(" close,"), "{out}");
    assert!(build(site.path(), &public).status.success(), "missing words are check's business, not a failed build");
    assert!(read(public.join("ar/billing/refunds/index.html")).contains("<html lang=\"ar\" dir=\"rtl\">"));

    // A word that does not exist fails the build, at its line, and keeps the output.
    write_files(site.path(), &[("site/words/ar.toml", "close = \"إغلاق\"\nlauncher_label = \"x\"\n")]);
    let result = build(site.path(), &public);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("site/words/ar.toml:2:1: `launcher_label` is not a word kefu shows"), "{stderr}");
    assert!(public.join("ar/billing/refunds/index.html").is_file(), "the previous output is intact");
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
            // JSON-LD is data, not script: the browser never runs it, and CSP does not apply.
            let data = open.contains("type=\"application/ld+json\"");
            assert!(open.contains(" src=") || data, "{}: inline script at byte {i}", entry.display());
        }
        assert!(!html.contains("<style"), "{}: inline <style>", entry.display());
        assert!(!html.contains(" style="), "{}: style attribute", entry.display());
    }
}

#[test]
fn escapes_and_sanitises_what_authors_write_and_honours_the_base_path() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let page = read(public.join("billing/refunds/index.html"));
    assert!(page.contains("<h1>Refunds &lt;fast&gt;</h1>"), "{page}");
    assert!(!page.contains("alert(1)"), "raw HTML is sanitised: {page}");
    assert!(page.contains("src=\"/help/kefu/kefu.js\""), "{page}");
    assert!(read(public.join("zh-CN/index.html")).contains("href=\"/help/zh-CN/billing/\""));
    assert!(read(public.join("zh-CN/billing/index.html")).contains("href=\"/help/zh-CN/billing/refunds/\""));
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

/// Writes `files` (path, text) below `root`.
fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn seo_files_translations_and_fallbacks() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    write_files(
        site.path(),
        &[
            (
                "content/en/billing/faq.md",
                "---\ntitle: Billing FAQ\nsummary: Short answers\nupdated: 2026-11-01\naliases: [/old/billing-faq/]\n---\n\n## Can I pay later?\n\nYes, within **30 days**.\n\n## Do you take cards?\n\nAll major cards.\n",
            ),
            ("content/en/billing/secret.md", "+++\ntitle = \"Not yet\"\ndraft = true\n+++\n"),
        ],
    );
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));

    // The default locale (en) is at the root; zh-CN lacks the FAQ and shows the English one.
    let faq = read(public.join("billing/faq/index.html"));
    assert!(faq.contains("<link rel=\"canonical\" href=\"https://example.com/help/billing/faq/\">"), "{faq}");
    assert!(faq.contains("\"@type\":\"FAQPage\""), "{faq}");
    assert!(faq.contains("{\"@type\":\"Question\",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":\"Yes, within 30 days.\"},\"name\":\"Can I pay later?\"}"), "{faq}");
    assert!(faq.contains("\"@type\":\"BreadcrumbList\""));
    assert!(faq.contains("<time datetime=\"2026-11-01\">"));
    let fallback = read(public.join("zh-CN/billing/faq/index.html"));
    assert!(fallback.contains("<article lang=\"en\">"), "{fallback}");
    assert!(fallback.contains("下面显示的是English版本"), "{fallback}");
    assert!(fallback.contains("<link rel=\"canonical\" href=\"https://example.com/help/billing/faq/\">"));

    // Both locales have refunds: hreflang alternates with x-default.
    let refunds = read(public.join("zh-CN/billing/refunds/index.html"));
    for alt in [
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/help/billing/refunds/\">",
        "<link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://example.com/help/zh-CN/billing/refunds/\">",
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.com/help/billing/refunds/\">",
    ] {
        assert!(refunds.contains(alt), "{alt}\n{refunds}");
    }
    let sitemap = read(public.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://example.com/help/billing/faq/</loc>\n    <lastmod>2026-11-01</lastmod>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("hreflang=\"zh-CN\" href=\"https://example.com/help/zh-CN/billing/refunds/\""));
    assert!(!read(public.join("zh-CN/sitemap.xml")).contains("billing/faq/"), "fallback pages are not in the sitemap");
    assert!(read(public.join("sitemap_index.xml")).contains("<loc>https://example.com/help/zh-CN/sitemap.xml</loc>"));
    assert!(read(public.join("robots.txt")).contains("Sitemap: https://example.com/help/sitemap_index.xml"));
    let llms = read(public.join("llms.txt"));
    assert!(llms.contains("- [Billing FAQ](https://example.com/help/billing/faq.md): Short answers"), "{llms}");
    assert!(read(public.join("billing/faq.md")).starts_with("# Billing FAQ\n\n> Short answers\n\n## Can I pay later?"));
    let redirect = read(public.join("old/billing-faq/index.html"));
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/help/billing/faq/\">"), "{redirect}");
    assert!(!public.join("billing/secret").exists(), "drafts are not published");
    for page in ["search/index.html", "contact/index.html", "zh-CN/search/index.html", "404.html", "billing/index.html"]
    {
        assert!(public.join(page).is_file(), "{page}");
    }
}

#[test]
fn check_lists_every_problem_with_file_and_line() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    write_files(
        site.path(),
        &[
            (
                "content/en/billing/links.md",
                "+++\ntitle = \"Links\"\nrelated = [\"billing/nope\"]\n+++\n\n## Fees {#fees}\n\n[ok](refunds.md) [ok](#fees)\n[gone](missing.md)\n[bad anchor](refunds.md#nowhere)\n![photo](img/box.png)\n[self](#absent)\n",
            ),
            ("content/en/billing/Links.md", "+++\ntitle = \"Same page, other case\"\n+++\n"),
            ("content/en/billing/typo.md", "+++\ntitle = \"Typo\"\nsumary = \"x\"\n+++\n"),
        ],
    );
    let result = kefu(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let out = String::from_utf8_lossy(&result.stdout);
    let expected = [
        "content/en/billing/Links.md:1:1: the article content/en/billing/Links.md would be written to /billing/Links/, which the article content/en/billing/links.md already uses",
        "content/en/billing/links.md:3:1: related article \"billing/nope\" does not exist",
        "content/en/billing/links.md:9:1: broken link missing.md: content/en/billing/missing.md does not exist",
        "content/en/billing/links.md:10:1: broken anchor refunds.md#nowhere: content/en/billing/refunds.md has no heading with id \"nowhere\"",
        "content/en/billing/links.md:11:1: missing image img/box.png: content/en/billing/img/box.png does not exist",
        "content/en/billing/links.md:12:1: broken anchor #absent",
        "content/en/billing/links.md:1:1: missing zh-CN translation: content/zh-CN/billing/links.md",
        "content/en/billing/typo.md:3:1: unknown field `sumary`",
    ];
    for line in expected {
        assert!(out.lines().any(|l| l.starts_with(line)), "missing {line:?} in:\n{out}");
    }
    assert!(String::from_utf8_lossy(&result.stderr).contains("problem(s) in"));

    let clean = kefu(&["check", "--root", repo().to_str().unwrap()]);
    assert!(clean.status.success(), "the sample content is clean:\n{}", String::from_utf8_lossy(&clean.stdout));
}

#[test]
fn new_creates_a_site_that_builds_and_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("help");
    let result = kefu(&["new", site.to_str().unwrap()]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(kefu(&["check", "--root", site.to_str().unwrap()]).status.success());
    assert!(build(&site, &site.join("public")).status.success());
    assert!(read(site.join("public/getting-started/welcome/index.html")).contains("href=\"../contact/\""));
    let again = kefu(&["new", site.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// A few real pages of the TiDB documentation (tests/fixtures/tidb-docs-cn, CC BY-SA 3.0):
/// YAML front matter with another tool's keys, Hugo shortcodes, GitHub-style anchors on
/// Chinese headings, and links to pages and images that were not copied.
#[test]
fn builds_and_checks_real_tidb_pages() {
    let fixture = repo().join("tests/fixtures/tidb-docs-cn");
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let result = build(&fixture, &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let tiup = read(public.join("tiup/tiup-component-cluster/index.html"));
    assert!(tiup.contains("<h3 id=\"--wait-timeoutuint默认-120\">--wait-timeout（uint，默认 120）</h3>"), "{tiup}");
    let release = read(public.join("releases/release-5.2.4/index.html"));
    assert!(release.contains("<h1>TiDB 5.2.4 Release Notes</h1>"));
    assert!(public.join("zh/tidb/dev/ddl-v2/index.html").is_file(), "aliases become redirects");
    let upgrade = read(public.join("upgrade-tidb-using-tiup/index.html"));
    // pulldown-cmark percent-encodes the anchor's Chinese: #--wait-timeoutuint默认-120.
    let link = "href=\"../tiup/tiup-component-cluster/#--wait-timeoutuint%E9%BB%98%E8%AE%A4-120\"";
    assert!(upgrade.contains(link), "links to .md become page links");

    let result = kefu(&["check", "--root", fixture.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let out = String::from_utf8_lossy(&result.stdout);
    assert!(
        out.contains("content/zh-CN/releases/release-5.2.4.md:17:1: broken link /system-variables.md#tidb_analyze_version-从-v510-版本开始引入: content/zh-CN/system-variables.md does not exist"),
        "{out}"
    );
    assert!(
        out.lines().any(
            |l| l.starts_with("content/zh-CN/sql-optimization-concepts.md:") && l.contains("missing image /media/")
        ),
        "{out}"
    );
    assert!(!out.contains("wait-timeout"), "the anchor into a copied page resolves: {out}");
    assert!(!out.contains("unknown field"), "ignore-keys skips the Hugo theme's keys: {out}");
    assert!(out.lines().all(|l| l.contains("broken link") || l.contains("missing image")), "{out}");
}

#[test]
fn output_is_deterministic() {
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert!(build(&repo(), &a).status.success());
    assert!(build(&repo(), &b).status.success());
    let (files_a, files_b) = (walk(&a), walk(&b));
    assert_eq!(files_a.len(), files_b.len());
    for file in files_a {
        let rel = file.strip_prefix(&a).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), std::fs::read(b.join(rel)).unwrap(), "{}", rel.display());
    }
}

#[test]
fn brand_logo_and_navigation_from_the_config() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let text = read(&config).replace(
        "code = \"en\"\nname = \"English\"\n",
        "code = \"en\"\nname = \"English\"\nnav = [{ title = \"Shop\", url = \"https://shop.example.com/\" }, { title = \"Status\", url = \"status/\" }]\n",
    );
    std::fs::write(&config, format!("{text}\n[brand]\ncolor = \"#aa3300\"\nlogo = \"logo.svg\"\n")).unwrap();
    write_files(site.path(), &[("site/assets/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]);
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    let home = read(public.join("index.html"));
    assert!(home.contains("<img src=\"/help/logo.svg\" alt=\"\" width=\"28\" height=\"28\">"), "{home}");
    assert!(home.contains("<a href=\"https://shop.example.com/\">Shop</a>"));
    assert!(home.contains("<a href=\"/help/status/\">Status</a>"));
    assert_eq!(read(public.join("css/brand.css")), ":root { --kefu-brand: #aa3300; }\n");
    assert!(public.join("logo.svg").is_file());
}

#[test]
fn search_answers_from_a_built_site_in_text_and_json() {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert!(build(&repo(), &public).status.success());
    let root = repo();
    let args = |extra: &[&str]| {
        let mut args = vec!["search", "--root", root.to_str().unwrap(), "--output", public.to_str().unwrap()];
        args.extend_from_slice(extra);
        kefu(&args)
    };
    let text = args(&["包裹没到"]);
    assert!(text.status.success());
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.starts_with("1. 包裹没到怎么办？\n   /orders/order-not-received/\n"), "{stdout}");

    let json = args(&["refnud polcy", "--locale", "en", "--json", "-n", "3"]);
    let hits: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 3);
    assert_eq!(hits[0]["url"], "en/refunds/refund-policy/");
    assert!(hits[0]["snippet"].as_array().unwrap().iter().any(|p| p["match"] == true));

    let none = args(&["zzzzqx", "--locale", "en"]);
    assert!(none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("No results for \"zzzzqx\" in en."));
}

#[test]
fn contact_ranks_the_samples_channels_at_an_instant_in_the_visitors_zone() {
    let root = repo();
    let rank = |extra: &[&str]| {
        let mut args = vec!["contact", "--root", root.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let result = kefu(&args);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        serde_json::from_slice::<serde_json::Value>(&result.stdout).unwrap()
    };
    // Saturday 23:30 in Shanghai, an urgent account problem: the night line is open until 08:00.
    let night = rank(&[
        "--at",
        "2026-12-05T23:30:00+08:00",
        "--tz",
        "Asia/Shanghai",
        "--urgency",
        "urgent",
        "--topic",
        "account",
    ]);
    let first = &night["channels"][0];
    assert_eq!((first["id"].as_str(), first["open"].as_bool()), (Some("night"), Some(true)), "{night:#}");
    assert_eq!(first["closes_at"], "2026-12-06T08:00:00+08:00");
    assert_eq!(first["opens_at"], serde_json::Value::Null);
    assert_eq!(first["reason"], "服务中，约 5 分钟内回复：紧急问题最快的方式");
    let hotline = night["channels"].as_array().unwrap().iter().find(|c| c["id"] == "hotline").unwrap();
    assert_eq!(
        (hotline["open"].as_bool(), hotline["opens_at"].as_str()),
        (Some(false), Some("2026-12-06T09:00:00+08:00"))
    );

    // The same instant for a visitor in New York, in English: times in their zone, and
    // the lines staffed only in Chinese last.
    let ny = rank(&["--at", "2026-12-05T23:30:00+08:00", "--tz", "America/New_York", "--locale", "en"]);
    assert_eq!(ny["at"], "2026-12-05T10:30:00-05:00");
    let ids: Vec<&str> = ny["channels"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids[ids.len() - 3..], ["wechat", "weibo", "night"], "{ids:?}");
    let hotline = ny["channels"].as_array().unwrap().iter().find(|c| c["id"] == "hotline").unwrap();
    assert_eq!(hotline["opens_at"], "2026-12-05T20:00:00-05:00");
    assert_eq!(
        hotline["reason"],
        "closed, opens Sun 09:00 (your time Sat 20:00); leave a ticket and we reply when we open"
    );

    // Text for people: one line a channel, best first.
    let text = kefu(&["contact", "--root", root.to_str().unwrap(), "--at", "2027-02-05T12:00:00+08:00"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("在线客服 (chat): 除夕休息，周六 10:00 上班"), "{text}");

    for (args, says) in [
        (&["--tz", "Mars/Base"][..], "\"Mars/Base\" is not a time zone"),
        (&["--topic", "nope"][..], "topic \"nope\" is not one of: account, orders, refunds, quality, other"),
        (&["--locale", "fr"][..], "locale \"fr\" is not one of the site's"),
    ] {
        let mut all = vec!["contact", "--root", root.to_str().unwrap()];
        all.extend_from_slice(args);
        let result = kefu(&all);
        assert!(!result.status.success());
        assert!(
            String::from_utf8_lossy(&result.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

#[test]
fn contact_settings_kefu_cannot_use_are_errors_with_file_and_line() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let contact = "\n[contact]\nzone = \"Asia/Shangai\"\n\n[[contact.channels]]\nid = \"hotline\"\nkind = \"phone\"\nlabel = \"Hotline\"\nvalue = \"+1 202-555-0147\"\nhours = \"Mo-Fr sunrise-sunset\"\ntopics = [\"billing\"]\n\n[[contact.channels]]\nid = \"hotline\"\nkind = \"fax\"\nlabel = \"Fax\"\n";
    std::fs::write(&config, read(&config) + contact).unwrap();
    let result = build(site.path(), &site.path().join("public"));
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    for line in [
        "site/kefu.toml:14:8: \"Asia/Shangai\" is not a time zone: use an IANA name such as \"Asia/Shanghai\"",
        "site/kefu.toml:21:9: hours \"Mo-Fr sunrise-sunset\": a time of sunrise, sunset, dawn or dusk is not supported",
        "site/kefu.toml:22:11: topic \"billing\" is not one of [[contact.topics]]",
        "site/kefu.toml:25:6: channel \"hotline\" is defined twice",
        "site/kefu.toml:26:8: channel kind \"fax\" is not one of phone, chat, email, social, ticket, link",
    ] {
        assert!(stderr.contains(line), "{line}\nin:\n{stderr}");
    }
    assert!(!site.path().join("public").exists(), "nothing is written");
}

#[test]
fn check_names_contact_texts_a_locale_lacks() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let contact = "\n[[contact.channels]]\nid = \"hotline\"\nkind = \"phone\"\nlabel = { en = \"Hotline\" }\nvalue = \"+1 202-555-0147\"\n\n[[contact.topics]]\nid = \"billing\"\nlabel = { en = \"Billing\", zh-CN = \"账单\" }\nprepare = { en = [\"Your invoice number\"] }\n";
    std::fs::write(&config, read(&config) + contact).unwrap();
    let result = kefu(&["check", "--root", site.path().to_str().unwrap()]);
    assert!(!result.status.success());
    let stdout = String::from_utf8_lossy(&result.stdout);
    for line in [
        "site/kefu.toml:14:6: channel \"hotline\": label has no zh-CN text: zh-CN visitors read the default locale's",
        "site/kefu.toml:20:6: topic \"billing\": prepare has no zh-CN text",
    ] {
        assert!(stdout.contains(line), "{line}\nin:\n{stdout}");
    }
    assert!(!stdout.contains("topic \"billing\": label"), "{stdout}");
    // A build still succeeds: the default locale's words stand in.
    assert!(build(site.path(), &site.path().join("public")).status.success());
}

#[test]
fn a_sites_synonyms_are_searched_and_explained_and_a_bad_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    small_site(dir.path());
    let config = dir.path().join("site/kefu.toml");
    let text = read(&config);
    std::fs::write(&config, format!("{text}\n[search]\nsynonyms = [\"reimburse me, cashback => refunds\"]\n")).unwrap();
    let public = dir.path().join("public");
    let built = build(dir.path(), &public);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let root = dir.path().to_str().unwrap();
    let search = |extra: &[&str]| {
        let mut args = vec!["search", "--root", root, "--output", public.to_str().unwrap(), "--locale", "en"];
        args.extend_from_slice(extra);
        kefu(&args)
    };
    let hits = search(&["cashback", "--json"]);
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(hits[0]["url"], "billing/refunds/", "{hits}");
    assert_eq!(hits[0]["weak"], false);
    let explained = search(&["cashback", "--explain"]);
    let stdout = String::from_utf8_lossy(&explained.stdout);
    assert!(stdout.contains("refund: synonym: cashback => refunds, ×0.7"), "{stdout}");
    assert!(stdout.contains("1. Refunds <fast>  /billing/refunds/"), "{stdout}");
    assert!(stdout.contains("title ×6"), "field weights are shown: {stdout}");

    std::fs::write(&config, format!("{text}\n[search]\nsynonyms = [\"cashback =>\"]\n")).unwrap();
    let failed = build(dir.path(), &public);
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("site/kefu.toml:14:"), "{stderr}");
    assert!(stderr.contains("synonym \"cashback =>\": a synonym rule needs two words or more"), "{stderr}");
}

#[test]
fn check_refuses_secrets_in_tickets_naming_the_line_and_the_safe_route() {
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let tickets = "\n[tickets]\nendpoint = \"https://hooks.slack.com/services/T0000/B0000/XXXXXXXX\"\nheaders = { Authorization = \"Bearer abc123\", \"X-Shop\" = \"cn\" }\n";
    std::fs::write(&config, read(&config) + tickets).unwrap();
    for command in ["check", "build"] {
        let result = kefu(&[command, "--root", site.path().to_str().unwrap()]);
        assert!(!result.status.success(), "{command} fails");
        let said = String::from_utf8_lossy(&result.stdout) + String::from_utf8_lossy(&result.stderr);
        for line in [
            "site/kefu.toml:14:12: endpoint is a Slack incoming webhook: it has no CORS and the URL itself is the secret",
            "post to a function that forwards to Slack",
            "site/kefu.toml:15:13: header \"Authorization\" looks secret",
            "put the secret in a serverless function (the webhook preset) that adds it",
        ] {
            assert!(said.contains(line), "{command}: {line}\nin:\n{said}");
        }
        assert!(!said.contains("X-Shop"), "{said}");
    }
}

/// Checks `body` (a ticket's JSON) against the schema kefu publishes, structurally: every
/// key the body has is a property, every required key is there, with its type or value.
fn assert_fits_the_schema(schema: &serde_json::Value, body: &serde_json::Value) {
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let properties = schema["properties"].as_object().unwrap();
    let body = body.as_object().unwrap();
    for (key, value) in body {
        let property = properties.get(key).unwrap_or_else(|| panic!("{key} is not in the schema"));
        let fits = match property["type"].as_str() {
            Some("string") => value.is_string(),
            Some("object") => value.as_object().unwrap().values().all(|v| v.is_string()),
            Some("array") => value.as_array().unwrap().iter().all(|v| v.is_string()),
            Some(other) => panic!("{key}: type {other} is not checked here"),
            None if property.get("const").is_some() => value == &property["const"],
            None => property["enum"].as_array().unwrap().contains(value),
        };
        assert!(fits, "{key} = {value} does not fit {property}");
    }
    for key in schema["required"].as_array().unwrap() {
        assert!(body.contains_key(key.as_str().unwrap()), "{key} is required");
    }
}

#[test]
fn the_sample_takes_tickets_as_json_and_publishes_their_schema() {
    use kefu_core::kefu_model::WidgetData;
    use kefu_core::kefu_model::endpoint::{Format, Preset, Ticket};
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    assert!(build(&repo(), &public).status.success());

    let schema: serde_json::Value = serde_json::from_str(&read(public.join("kefu/ticket.schema.json"))).unwrap();
    let mut ticket = Ticket::new([9; 16], 1_796_000_000_000);
    ticket.locale = "zh-CN".into();
    ticket.page = "https://help.example.com/orders/order-not-received/".into();
    ticket.topic = "orders".into();
    ticket.urgency = "normal".into();
    ticket.fields.insert("email".into(), "li@example.com".into());
    ticket.fields.insert("delivery".into(), "international".into());
    ticket.files.push("receipt.png".into());
    let body: serde_json::Value = serde_json::from_str(&ticket.json(Preset::Webhook)).unwrap();
    assert_fits_the_schema(&schema, &body);

    let stored = std::fs::read(public.join("kefu/widget-zh-CN.bin")).unwrap();
    let data = WidgetData::decode(&kefu_search::store::unpack(&stored).unwrap()).unwrap();
    let endpoint = data.tickets.endpoint.as_ref().expect("the sample's form is on");
    assert_eq!(
        (endpoint.url.as_str(), endpoint.format, endpoint.reference.as_str()),
        ("/api/tickets", Format::Json, "/reference")
    );
    let ids: Vec<&str> = data.tickets.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["name", "email", "order", "topic", "subject", "description", "delivery"]);
    assert_eq!(data.tickets.field("order").unwrap().pattern, r"[A-Za-z0-9\-]{6,32}");
    assert_eq!(data.tickets.field("topic").unwrap().options[1], ("orders".into(), "订单与物流".into()));
    // JSON is not what a form posts: without JavaScript, the page says so.
    let page = read(public.join("en/contact/index.html"));
    assert!(page.contains("id=\"ticket-form\""), "{page}");
    assert!(page.contains("Sending this form needs JavaScript"), "{page}");
    assert!(!page.contains("method=\"post\""), "{page}");
}

#[test]
fn a_form_endpoint_gets_a_contact_page_form_that_posts_without_javascript() {
    use kefu_core::kefu_model::WidgetData;
    use kefu_core::kefu_model::endpoint::Format;
    use kefu_core::kefu_model::ticket::Condition;
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let tickets = r#"
[[contact.topics]]
id = "orders"
label = { en = "Orders & delivery", zh-CN = "订单" }

[tickets]
endpoint = "/api/tickets"
format = "form"
preset = "basin"

[[tickets.fields]]
id = "order"
pattern = '[A-Za-z0-9\-]{6,32}'
hint = "As on the order's page"

[[tickets.fields]]
id = "delivery"
label = { en = "Delivery", zh-CN = "配送方式" }
kind = "select"
options = [{ value = "domestic", label = "Domestic" }, { value = "international", label = "International" }]
required = true
when = { field = "topic", values = ["orders"] }

[[tickets.fields]]
id = "gift"
label = { en = "Gift <script>alert(1)</script>", zh-CN = "礼物" }
kind = "checkbox"
"#;
    std::fs::write(&config, read(&config) + tickets).unwrap();
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));

    let page = read(public.join("contact/index.html"));
    for html in [
        r#"<form action="https://example.com/help/api/tickets" method="post" enctype="application/x-www-form-urlencoded" accept-charset="utf-8">"#,
        r#"<input type="hidden" name="locale" value="en">"#,
        r#"<input type="hidden" name="schema" value="kefu.ticket/1">"#,
        r#"<label for="ticket-email">Email <span class="ticket-note">(required)</span></label>"#,
        r#"<input id="ticket-email" name="email" type="email" required>"#,
        r#"<input id="ticket-order" name="order" type="text" pattern="[A-Za-z0-9\-]{6,32}" aria-describedby="ticket-order-hint">"#,
        r#"<p class="ticket-hint" id="ticket-order-hint">As on the order&#39;s page</p>"#,
        r#"<option value="orders">Orders &amp; delivery</option>"#,
        r#"<textarea id="ticket-description" name="description" rows="6" required></textarea>"#,
        // Conditional: always shown, never required, and said to be so.
        r#"<label for="ticket-delivery">Delivery <span class="ticket-note">(only if it applies)</span></label>"#,
        r#"<select id="ticket-delivery" name="delivery">"#,
        r#"<option value="international">International</option>"#,
        r#"<label for="ticket-gift">Gift &lt;script&gt;alert(1)&lt;/script&gt;</label>"#,
        r#"<input id="ticket-gift" name="gift" type="checkbox" value="true">"#,
        r#"<input type="text" name="website" value="" hidden tabindex="-1" autocomplete="off" aria-hidden="true">"#,
        r#"<div class="ticket-form" id="ticket-form" data-kefu-ticket-form="en">"#,
    ] {
        assert!(page.contains(html), "{html}\nin:\n{page}");
    }
    assert!(!page.contains("<script>alert"), "{page}");
    // Every input's name in the form, in order.
    let form = &page[page.find("id=\"ticket-form\"").unwrap()..];
    let names: Vec<&str> = form.split(" name=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    let expected =
        ["locale", "schema", "name", "email", "order", "topic", "subject", "description", "delivery", "gift"];
    assert_eq!(names, [expected.as_slice(), &["website"]].concat());
    let zh = read(public.join("zh-CN/contact/index.html"));
    assert!(
        zh.contains(r#"<label for="ticket-delivery">配送方式 <span class="ticket-note">(如适用)</span></label>"#),
        "{zh}"
    );

    let stored = std::fs::read(public.join("kefu/widget-en.bin")).unwrap();
    let data = WidgetData::decode(&kefu_search::store::unpack(&stored).unwrap()).unwrap();
    let endpoint = data.tickets.endpoint.as_ref().unwrap();
    assert_eq!((endpoint.url.as_str(), endpoint.format), ("/api/tickets", Format::Form), "kept as configured");
    let ids: Vec<&str> = data.tickets.fields.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["name", "email", "order", "topic", "subject", "description", "delivery", "gift"]);
    let delivery = data.tickets.field("delivery").unwrap();
    assert_eq!(delivery.when, Some(Condition { field: "topic".into(), values: vec!["orders".into()] }));
    assert!(delivery.required, "required when it shows: the widget asks for it then");
    assert!(public.join("kefu/ticket.schema.json").is_file());
}

#[test]
fn a_multipart_form_takes_files_on_the_page_and_in_the_widget() {
    use kefu_core::kefu_model::WidgetData;
    use kefu_core::kefu_model::endpoint::Format;
    use kefu_core::kefu_model::ticket::Attachments;
    let site = tempfile::tempdir().unwrap();
    small_site(site.path());
    let config = site.path().join("site/kefu.toml");
    let tickets = r#"
[tickets]
endpoint = "https://forms.example.com/f/abc"
format = "multipart"
preset = "formspree"

[tickets.attachments]
max-files = 2
max-size = "2 MiB"
types = ["image/*", "application/pdf", ".log"]
max-edge = 1200
"#;
    std::fs::write(&config, read(&config) + tickets).unwrap();
    let public = site.path().join("public");
    let result = build(site.path(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));

    let page = read(public.join("contact/index.html"));
    for html in [
        r#"<form action="https://forms.example.com/f/abc" method="post" enctype="multipart/form-data" accept-charset="utf-8">"#,
        r#"<label for="ticket-attachments">Attachments</label>"#,
        r#"<input id="ticket-attachments" name="attachments" type="file" multiple accept="image/*,application/pdf,.log" aria-describedby="ticket-attachments-hint">"#,
        r#"<p class="ticket-hint" id="ticket-attachments-hint">Up to 2 files, each at most 2.1 MB.</p>"#,
    ] {
        assert!(page.contains(html), "{html}\nin:\n{page}");
    }
    // The files come after the fields, before the honeypot.
    let form = &page[page.find("id=\"ticket-form\"").unwrap()..];
    let names: Vec<&str> = form.split(" name=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    assert_eq!(names[names.len() - 2..], ["attachments", "website"]);
    let zh = read(public.join("zh-CN/contact/index.html"));
    assert!(zh.contains(r#"<label for="ticket-attachments">附件</label>"#), "{zh}");
    assert!(zh.contains(">最多 2 个文件，每个不超过 2.1 MB。</p>"), "{zh}");

    let expected = Attachments {
        max_files: 2,
        max_bytes: 2_097_152,
        types: vec!["image/*".into(), "application/pdf".into(), ".log".into()],
        max_edge: 1200,
    };
    for locale in ["en", "zh-CN"] {
        let stored = std::fs::read(public.join(format!("kefu/widget-{locale}.bin"))).unwrap();
        let data = WidgetData::decode(&kefu_search::store::unpack(&stored).unwrap()).unwrap();
        assert_eq!(data.tickets.endpoint.as_ref().unwrap().format, Format::Multipart);
        assert_eq!(data.tickets.attachments.as_ref(), Some(&expected), "{locale}");
    }

    // Files need a body that carries them: the build says so at the line.
    let json = read(&config).replace("format = \"multipart\"", "format = \"json\"");
    std::fs::write(&config, json).unwrap();
    let result = build(site.path(), &public);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("site/kefu.toml:15:10: attachments need format = \"multipart\""), "{stderr}");
}
