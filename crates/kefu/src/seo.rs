//! What search engines and tools read: sitemaps, robots.txt, llms.txt and JSON-LD.

use crate::error::Error;
use crate::pages::{CONTACT_PATH, Crumb, Renderer, SEARCH_PATH};
use crate::site::LocaleContent;
use kefu_core::Article;
use minijinja::Value;
use serde_json::json;
use std::fmt::Write;

/// One `<url>` of a sitemap.
struct Entry {
    loc: String,
    lastmod: Option<String>,
    /// (hreflang, href) of every language version, x-default included.
    alternates: Vec<(String, String)>,
}

/// The sitemap of one locale, with hreflang alternates for every translated page.
pub fn sitemap(renderer: &Renderer<'_>, locale: &LocaleContent) -> Result<String, Error> {
    let all = renderer.locales_having(|_| true);
    let entry = |path: &str, having: &[&str], lastmod: Option<String>| Entry {
        loc: renderer.absolute(&locale.code, path),
        lastmod,
        alternates: renderer.alternates(path, having),
    };
    let mut entries = vec![entry("", &all, None)];
    for (category, path) in locale.category_pages() {
        let having = renderer.locales_having(|l| l.has_category(&category.slug));
        entries.push(entry(&path, &having, None));
    }
    // Fallback pages are not listed: their canonical page is the original.
    for article in locale.articles().filter(|a| !a.front.draft) {
        let having = renderer.article_locales(&article.path);
        entries.push(entry(&article.path_in_locale(), &having, article.front.updated.map(|d| d.to_string())));
    }
    for flow in &locale.flow_files {
        let having = renderer.locales_having(|l| l.flows.flow(&flow.flow.id).is_some());
        entries.push(entry(&flow.flow.url, &having, None));
    }
    entries.push(entry(CONTACT_PATH, &all, None));

    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape(&e.loc));
        if let Some(date) = e.lastmod {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        if e.alternates.len() > 1 {
            for (lang, href) in &e.alternates {
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(lang),
                    escape(href)
                );
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    Ok(xml)
}

/// The sitemap index: one sitemap per locale.
pub fn sitemap_index(renderer: &Renderer<'_>) -> Result<String, Error> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for locale in &renderer.site.locales {
        let _ = writeln!(
            xml,
            "  <sitemap><loc>{}</loc></sitemap>",
            escape(&renderer.absolute(&locale.code, "sitemap.xml"))
        );
    }
    xml.push_str("</sitemapindex>\n");
    Ok(xml)
}

/// robots.txt: everything may be crawled; the sitemap index says where pages are.
pub fn robots(renderer: &Renderer<'_>) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", renderer.site.config.absolute_url("sitemap_index.xml"))
}

/// llms.txt (llmstxt.org): the site's articles, by locale and category, linking to
/// their Markdown mirrors.
pub fn llms_txt(renderer: &Renderer<'_>) -> String {
    let config = &renderer.site.config;
    let default = &config.default_locale;
    let mut out = format!("# {}\n\n", config.site_name(default));
    let description = config.locale(default).map_or("", |l| l.description.as_str());
    if !description.is_empty() {
        let _ = writeln!(out, "> {description}\n");
    }
    for locale in &renderer.site.locales {
        let name = config.locale(&locale.code).map_or("", |l| l.name.as_str());
        for category in &locale.categories {
            let articles: Vec<&Article> = category.articles.iter().filter(|a| !a.front.draft).collect();
            if articles.is_empty() {
                continue;
            }
            let title = if category.slug.is_empty() { config.site_name(&locale.code) } else { &category.meta.title };
            let _ = writeln!(out, "## {title} ({name})\n");
            for article in articles {
                let url = renderer.absolute(&locale.code, &format!("{}.md", article.path));
                let summary = if article.front.summary.is_empty() {
                    String::new()
                } else {
                    format!(": {}", article.front.summary)
                };
                let _ = writeln!(out, "- [{}]({url}){summary}", article.front.title);
            }
            out.push('\n');
        }
    }
    out
}

/// JSON-LD for the home page: the WebSite and its search action.
pub fn website_json_ld(renderer: &Renderer<'_>, locale: &str) -> Value {
    let config = &renderer.site.config;
    embed(&json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.site_name(locale),
        "url": renderer.absolute(locale, ""),
        "inLanguage": locale,
        "potentialAction": {
            "@type": "SearchAction",
            "target": format!("{}?q={{query}}", renderer.absolute(locale, SEARCH_PATH)),
            "query-input": "required name=query",
        },
    }))
}

/// JSON-LD for a category page: its breadcrumb trail.
pub fn breadcrumbs_json_ld(renderer: &Renderer<'_>, locale: &str, crumbs: &[Crumb], title: &str, path: &str) -> Value {
    let graph = [Node::Breadcrumbs(breadcrumb_list(renderer, locale, crumbs, title, path))];
    embed(&Graph { context: SCHEMA_ORG, graph: &graph })
}

/// JSON-LD for an article: Article and BreadcrumbList, and FAQPage when the article is
/// a list of questions.
pub fn article_json_ld(
    renderer: &Renderer<'_>,
    locale: &str,
    article: &Article,
    crumbs: &[Crumb],
    canonical: &str,
) -> Value {
    let front = &article.front;
    let mut graph = vec![
        Node::Article {
            kind: "Article",
            date_modified: front.updated.map(|d| d.to_string()),
            description: &front.summary,
            headline: &front.title,
            in_language: &article.locale,
            keywords: front.tags.join(", "),
            main_entity_of_page: canonical,
            publisher: Named { kind: "Organization", name: renderer.site.config.site_name(locale) },
            url: canonical,
        },
        Node::Breadcrumbs(breadcrumb_list(renderer, locale, crumbs, &front.title, &article.path_in_locale())),
    ];
    let faq = &article.rendered.faq;
    if !faq.is_empty() {
        let questions = faq
            .iter()
            .map(|qa| Question {
                kind: "Question",
                accepted_answer: Answer { kind: "Answer", text: &qa.answer },
                name: &qa.question,
            })
            .collect();
        graph.push(Node::Faq { kind: "FAQPage", main_entity: questions });
    }
    embed(&Graph { context: SCHEMA_ORG, graph: &graph })
}

// The JSON-LD of every article, as types that borrow the article's text: a
// `serde_json::Value` copied each answer and sorted each object's keys, for every page
// of a build. The fields are in the order of their JSON names, as a `Value` wrote them.
const SCHEMA_ORG: &str = "https://schema.org";

#[derive(serde::Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: &'a [Node<'a>],
}

#[derive(serde::Serialize)]
#[serde(untagged)]
enum Node<'a> {
    Article {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "dateModified")]
        date_modified: Option<String>,
        description: &'a str,
        headline: &'a str,
        #[serde(rename = "inLanguage")]
        in_language: &'a str,
        keywords: String,
        #[serde(rename = "mainEntityOfPage")]
        main_entity_of_page: &'a str,
        publisher: Named<'a>,
        url: &'a str,
    },
    Breadcrumbs(Breadcrumbs),
    Faq {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "mainEntity")]
        main_entity: Vec<Question<'a>>,
    },
}

#[derive(serde::Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(serde::Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer<'a>,
    name: &'a str,
}

#[derive(serde::Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

#[derive(serde::Serialize)]
struct Breadcrumbs {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    items: Vec<ListItem>,
}

#[derive(serde::Serialize)]
struct ListItem {
    #[serde(rename = "@type")]
    kind: &'static str,
    item: String,
    name: String,
    position: usize,
}

fn breadcrumb_list(renderer: &Renderer<'_>, locale: &str, crumbs: &[Crumb], title: &str, path: &str) -> Breadcrumbs {
    let config = &renderer.site.config;
    let base = config.base_path();
    let item =
        |position: usize, name: &str, item: String| ListItem { kind: "ListItem", item, name: name.into(), position };
    let mut items: Vec<ListItem> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| item(i + 1, &c.name, config.absolute_url(c.url.strip_prefix(&base).unwrap_or(&c.url))))
        .collect();
    items.push(item(items.len() + 1, title, renderer.absolute(locale, path)));
    Breadcrumbs { kind: "BreadcrumbList", items }
}

/// JSON made safe inside `<script type="application/ld+json">`: no `<` can close it.
pub fn embed(value: &impl serde::Serialize) -> Value {
    let json = serde_json::to_string(value).expect("JSON-LD serializes");
    Value::from_safe_string(if json.contains('<') { json.replace('<', "\\u003c") } else { json })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_json_cannot_close_its_script_and_reads_back_the_same() {
        let answer = Answer { kind: "Answer", text: "a < b, then </script><script>alert(1)</script>" };
        let embedded = embed(&answer).to_string();
        assert!(!embedded.contains('<'), "{embedded}");
        let back: serde_json::Value = serde_json::from_str(&embedded).unwrap();
        assert_eq!(back, json!({ "@type": "Answer", "text": answer.text }));
    }
}
