//! Self-help flows on the static site: their pages, where they are listed, search,
//! `kefu flows`, and what `kefu check` and a failed build say about a broken one.

use super::{build, kefu, read, repo, walk, write_files};
use std::path::Path;
use std::process::{Command, Stdio};

/// Builds the sample help center into a temp folder, once per test that asks.
fn built_sample() -> (tempfile::TempDir, std::path::PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let result = build(&repo(), &public);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    (out, public)
}

/// The `<section>` of step `id` in a flow page.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("no step #{id} in:\n{page}"));
    &page[start..start + page[start..].find("</section>").unwrap()]
}

#[test]
fn each_flow_has_a_page_per_locale_with_every_step_and_link() {
    let (_out, public) = built_sample();
    let site = kefu::Site::load(&repo()).unwrap();
    for locale in &site.locales {
        assert_eq!(locale.flows.flows.len(), 4, "{}", locale.code);
        for flow in &locale.flows.flows {
            let page = read(public.join(&flow.url).join("index.html"));
            assert!(page.contains(&format!("<h1 id=\"flow-title\">{}</h1>", escape(&flow.title))), "{page}");
            for (s, step) in flow.steps.iter().enumerate() {
                let html = section(&page, &step.id);
                let class = if s == flow.start { "kefu-step kefu-start" } else { "kefu-step" };
                assert!(
                    html.contains(&format!("class=\"{class}\" aria-labelledby=\"{}-title\" tabindex=\"-1\">", step.id))
                );
                assert!(html.contains(&format!("<h2 id=\"{}-title\">{}</h2>", step.id, escape(&step.title))), "{html}");
                for choice in &step.choices {
                    let href = match (&choice.flow, &choice.step) {
                        (None, Some(id)) => format!("#{id}"),
                        (Some(other), Some(id)) => format!("/{}flows/{other}/#{id}", prefix(&locale.code)),
                        (Some(other), None) => format!("/{}flows/{other}/", prefix(&locale.code)),
                        (None, None) => unreachable!(),
                    };
                    assert!(
                        html.contains(&format!("<li><a href=\"{href}\">{}</a></li>", escape(&choice.label))),
                        "{html}"
                    );
                }
                // Every step but the start leads back and to the start; every leaf to help.
                assert_eq!(html.contains("class=\"kefu-step-nav\""), s != flow.start, "{html}");
                assert_eq!(html.contains("class=\"kefu-end-actions\""), step.end.is_some(), "{html}");
            }
            assert!(!page.contains("<style") && !page.contains(" style="), "{page}");
            assert!(page.matches("<script").count() == page.matches("<script src=").count() + 1, "JSON-LD only");
        }
    }

    let page = read(public.join("en/flows/order-not-received/index.html"));
    assert!(page.contains("<main id=\"main\" data-kefu-topic=\"orders\">"), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://help.example.com/en/flows/order-not-received/\">"));
    assert!(page.contains("hreflang=\"zh-CN\" href=\"https://help.example.com/flows/order-not-received/\""));
    assert!(page.contains("\"@type\":\"BreadcrumbList\""), "{page}");
    assert!(page.contains("<li><a href=\"/en/orders/\">Orders &amp; delivery</a></li>"), "{page}");
    let chase = section(&page, "chase");
    assert!(chase.contains(
        "<a class=\"button\" href=\"/en/contact/?topic=orders&amp;urgency=normal\">See who can help now</a>"
    ));
    assert!(chase.contains("<a href=\"#delivery\">Back</a> <a href=\"#tracking\">Start over</a>"), "{chase}");
    let lost = section(&page, "lost");
    assert!(lost.contains("<p class=\"kefu-evidence\">Please include: Order number</p>"), "{lost}");
    assert!(
        lost.contains("href=\"/en/contact/?topic=orders&amp;urgency=urgent#ticket\">Write to us with your answers</a>")
    );
    assert!(lost.contains("<a href=\"/en/contact/?topic=orders\">This didn&#39;t solve it</a>"), "{lost}");
    let search = section(&page, "search-first");
    assert!(
        search.contains("<a class=\"button\" href=\"/en/orders/lost-parcel/\">Tracking says delivered"),
        "{search}"
    );
    let resolved = section(&page, "not-shipped");
    assert!(resolved.contains("Did this solve it?</p>"), "{resolved}");
    assert!(resolved.contains("<a href=\"/en/\">Yes, solved</a>"), "{resolved}");
    // Progress along the path "Back" walks, and a Chinese list of what to include.
    assert!(section(&page, "delivery").contains("<p class=\"kefu-progress\">Step 3 of 4</p>"));
    let zh = read(public.join("flows/order-not-received/index.html"));
    assert!(section(&zh, "customs").contains("请附上：订单号、配送方式"), "{zh}");

    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://help.example.com/flows/refund-request/</loc>"), "{sitemap}");
    assert!(sitemap.contains("hreflang=\"en\" href=\"https://help.example.com/en/flows/refund-request/\""));
}

fn prefix(locale: &str) -> &'static str {
    if locale == "en" { "en/" } else { "" }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

#[test]
fn the_home_page_articles_and_the_contact_page_link_the_flows() {
    let (_out, public) = built_sample();
    let home = read(public.join("index.html"));
    let flows = &home[home.find("<h2 id=\"flows-title\">一步步解决问题</h2>").expect("the flows section")..];
    for (topic, link) in [("订单与物流", "/flows/order-not-received/"), ("其他问题", "/flows/support-not-solved/")]
    {
        assert!(flows.contains(&format!("<h3>{topic}</h3>")), "{flows}");
        assert!(flows.contains(&format!("<li><a href=\"{link}\">")), "{flows}");
    }
    assert!(
        read(public.join("en/index.html"))
            .contains("<a href=\"/en/flows/product-quality/\">Something is wrong with my item</a>")
    );

    // Offered where `articles` names the article, and on every article of the topic's categories.
    for (article, flow) in [
        ("en/orders/order-not-received", "/en/flows/order-not-received/"),
        ("en/orders/wrong-address", "/en/flows/order-not-received/"),
        ("en/quality/photo-evidence", "/en/flows/product-quality/"),
        ("escalation/when-to-escalate", "/flows/support-not-solved/"),
    ] {
        let page = read(public.join(article).join("index.html"));
        let guided =
            &page[page.find("<section class=\"guided\"").unwrap_or_else(|| panic!("{article}: no guided help"))..];
        assert!(guided.contains(&format!("<li><a href=\"{flow}\">")), "{article}: {guided}");
    }
    let en = read(public.join("en/orders/lost-parcel/index.html"));
    assert!(en.contains("<h2 id=\"guided-title\">Guided help</h2>"), "{en}");

    let contact = read(public.join("en/contact/index.html"));
    let flows = contact.find("<h2 id=\"flows-title\">Solve it step by step</h2>").expect("the flows section");
    assert!(flows < contact.find("id=\"channels-title\"").unwrap(), "the flows come before the channels");
    for flow in ["order-not-received", "product-quality", "refund-request", "support-not-solved"] {
        assert!(contact[flows..].contains(&format!("<a href=\"/en/flows/{flow}/\">")), "{flow}");
    }
}

#[test]
fn search_finds_the_flow_beside_the_article() {
    let (_out, public) = built_sample();
    let root = repo();
    let search = |locale: &str, query: &str| {
        let args = ["search", "--root", root.to_str().unwrap(), "--output", public.to_str().unwrap()];
        let result = kefu(&[&args[..], &["--locale", locale, "--json", query]].concat());
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
        let hits: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap();
        hits.as_array().unwrap().iter().map(|h| h["url"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    let zh = search("zh-CN", "包裹没到");
    assert_eq!(zh[0], "orders/order-not-received/", "the article first: {zh:?}");
    assert!(zh.contains(&"flows/order-not-received/".to_string()), "{zh:?}");
    let en = search("en", "parcel not arrived");
    assert!(en.contains(&"en/flows/order-not-received/".to_string()), "{en:?}");
    assert!(en.iter().any(|u| u.starts_with("en/orders/order-not-received/")), "{en:?}");
    assert!(search("en", "I want a refund").contains(&"en/flows/refund-request/".to_string()));
}

#[test]
fn kefu_flows_lists_shows_and_draws_them() {
    let root = repo();
    let flows = |extra: &[&str]| {
        let result = kefu(&[&["flows", "--root", root.to_str().unwrap()][..], extra].concat());
        (result.status.success(), String::from_utf8(result.stdout).unwrap(), String::from_utf8(result.stderr).unwrap())
    };
    let (ok, text, _) = flows(&[]);
    assert!(ok);
    assert!(text.starts_with("zh-CN:\n  order-not-received  订单一直没收到  [orders] 10 steps; 6 leaves: 2 resolved, 1 article, 1 contact, 2 ticket; longest path 4 steps\n"), "{text}");
    assert!(text.contains("\nen:\n"), "{text}");
    assert!(text.contains("  refund-request  I want a refund  [refunds] 10 steps; 6 leaves: 3 resolved, 2 article, 1 ticket; longest path 5 steps\n"), "{text}");

    let (ok, json, _) = flows(&["--json", "--locale", "en"]);
    assert!(ok);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    let first = &json[0];
    assert_eq!(
        (first["locale"].as_str(), first["id"].as_str(), first["url"].as_str()),
        (Some("en"), Some("order-not-received"), Some("en/flows/order-not-received/"))
    );
    assert_eq!(first["leaves"], serde_json::json!({ "resolved": 2, "article": 1, "contact": 1, "ticket": 2 }));
    assert_eq!(
        (first["steps"].as_u64(), first["longest"].as_u64(), first["topic"].as_str()),
        (Some(10), Some(4), Some("orders"))
    );

    let (ok, outline, _) = flows(&["order-not-received", "--locale", "en"]);
    assert!(ok);
    assert!(outline.contains("  #tracking (start)  What does the tracking page say?  → #not-shipped | #in-transit | #delivered-missing | product-quality#damaged\n"), "{outline}");
    assert!(outline.contains("  #lost  It's nowhere to be found  → ticket\n"), "{outline}");

    let (ok, mermaid, _) = flows(&["order-not-received", "--mermaid"]);
    assert!(ok);
    assert!(mermaid.starts_with("flowchart TD\n    tracking[\"物流页面显示什么状态？\"]\n"), "{mermaid}");
    assert!(mermaid.contains("    tracking -->|\"包裹送到了，但外箱破损\"| product_quality__damaged\n"), "{mermaid}");
    assert!(mermaid.ends_with("    style tracking stroke-width:3px\n"), "{mermaid}");

    let (ok, _, stderr) = flows(&["nope", "--mermaid"]);
    assert!(!ok);
    assert!(stderr.contains("there is no flow \"nope\" in zh-CN; there are: order-not-received, product-quality, refund-request, support-not-solved"), "{stderr}");
    let (ok, _, stderr) = flows(&["--locale", "fr"]);
    assert!(!ok && stderr.contains("there is no locale \"fr\"; there are: zh-CN, en"), "{stderr}");

    // A reader that stops early (`kefu flows | head -1`) is not an error.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["flows", "--root", root.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let closed = child.wait_with_output().unwrap();
    assert!(closed.status.success(), "{}", String::from_utf8_lossy(&closed.stderr));
    assert!(!String::from_utf8_lossy(&closed.stderr).contains("panicked"));
}

/// Copies the sample's `site/` and `content/` to `root`.
fn copy_sample(root: &Path) {
    let repo = repo();
    for dir in ["site", "content"] {
        for file in walk(&repo.join(dir)) {
            let to = root.join(file.strip_prefix(&repo).unwrap());
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&file, to).unwrap();
        }
    }
}

/// The line of `text` (from 1) that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} is not in:\n{text}")) + 1
}

const BROKEN_FLOW: &str = "+++
title = \"绕圈\"
topic = \"nowhere\"
+++

## 第一步 {#one}

看看[这篇文章](../orders/nope.md)，或者[另一个流程](order-not-received.md#nope)。

- [下一步](#two)

## 第二步 {#two}

- [回到第一步](#one)

## 孤岛 {#island}

→ resolved
";

#[test]
fn check_names_each_flow_problem_at_its_line_and_a_failed_build_keeps_the_output() {
    let dir = tempfile::tempdir().unwrap();
    copy_sample(dir.path());
    let public = dir.path().join("public");
    assert!(build(dir.path(), &public).status.success());
    let before = read(public.join("flows/order-not-received/index.html"));

    // A choice to a step that does not exist (which leaves its target unreachable), and a
    // new flow with a cycle, an island, a topic that is none, broken links in its text and
    // no English translation.
    let en = dir.path().join("content/en/flows/order-not-received.md");
    let text = read(&en).replace("(#wait)", "(#wiat)");
    std::fs::write(&en, &text).unwrap();
    write_files(dir.path(), &[("content/zh-CN/flows/loop.md", BROKEN_FLOW)]);

    let result = kefu(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    let out = String::from_utf8_lossy(&result.stdout);
    let en_file = "content/en/flows/order-not-received.md";
    let loop_file = "content/zh-CN/flows/loop.md";
    let expected = [
        (
            en_file,
            line_of(&text, "(#wiat)"),
            "choice \"Less than 5 days past the estimated date\" leads to step #wiat, which this flow does not have",
        ),
        (en_file, line_of(&text, "{#wait}"), "step #wait cannot be reached from the start"),
        (en_file, line_of(&text, "{#in-transit}"), "step #in-transit's choices differ from the original's"),
        (
            loop_file,
            1,
            "topic \"nowhere\" is not a [[contact.topics]] id; topics are: account, orders, refunds, quality, other",
        ),
        (loop_file, 1, "flow \"loop\" has no translation in en: add content/en/flows/loop.md"),
        (
            loop_file,
            line_of(BROKEN_FLOW, "[回到第一步]"),
            "choice \"回到第一步\" leads back to step #one, which is on the way here",
        ),
        (loop_file, line_of(BROKEN_FLOW, "{#island}"), "step #island cannot be reached from the start"),
        (
            loop_file,
            line_of(BROKEN_FLOW, "看看"),
            "broken link ../orders/nope.md: content/zh-CN/orders/nope.md does not exist",
        ),
        (
            loop_file,
            line_of(BROKEN_FLOW, "看看"),
            "broken anchor order-not-received.md#nope: flow \"order-not-received\" has no step #nope",
        ),
    ];
    for (file, line, message) in expected {
        let want = format!("{file}:{line}:1: {message}");
        assert!(out.lines().any(|l| l.starts_with(&want)), "missing {want:?} in:\n{out}");
    }

    let result = build(dir.path(), &public);
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains(&format!("{loop_file}:1:1: flow \"loop\" has no translation in en")), "{stderr}");
    assert!(stderr.contains(&format!("{en_file}:{}:1: choice", line_of(&text, "(#wiat)"))), "{stderr}");
    assert_eq!(read(public.join("flows/order-not-received/index.html")), before, "the previous output is intact");
    assert!(!public.join("flows/loop").exists());
}
