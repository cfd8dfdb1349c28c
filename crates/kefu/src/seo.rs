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
    embed(
        &json!({ "@context": "https://schema.org", "@graph": [breadcrumb_list(renderer, locale, crumbs, title, path)] }),
    )
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
    let config = &renderer.site.config;
    let front = &article.front;
    let mut graph = vec![json!({
        "@type": "Article",
        "headline": front.title,
        "description": front.summary,
        "inLanguage": article.locale,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "dateModified": front.updated.map(|d| d.to_string()),
        "keywords": front.tags.join(", "),
        "publisher": { "@type": "Organization", "name": config.site_name(locale) },
    })];
    graph.push(breadcrumb_list(renderer, locale, crumbs, &front.title, &article.path_in_locale()));
    if !article.rendered.faq.is_empty() {
        let questions: Vec<_> = article
            .rendered
            .faq
            .iter()
            .map(|qa| json!({ "@type": "Question", "name": qa.question, "acceptedAnswer": { "@type": "Answer", "text": qa.answer } }))
            .collect();
        graph.push(json!({ "@type": "FAQPage", "mainEntity": questions }));
    }
    embed(&json!({ "@context": "https://schema.org", "@graph": graph }))
}

fn breadcrumb_list(
    renderer: &Renderer<'_>,
    locale: &str,
    crumbs: &[Crumb],
    title: &str,
    path: &str,
) -> serde_json::Value {
    let config = &renderer.site.config;
    let base = config.base_path();
    let mut items: Vec<_> = crumbs
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let item = config.absolute_url(c.url.strip_prefix(&base).unwrap_or(&c.url));
            json!({ "@type": "ListItem", "position": i + 1, "name": c.name, "item": item })
        })
        .collect();
    items.push(json!({ "@type": "ListItem", "position": items.len() + 1, "name": title, "item": renderer.absolute(locale, path) }));
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// JSON made safe inside `<script type="application/ld+json">`: no `<` can close it.
pub fn embed(value: &serde_json::Value) -> Value {
    Value::from_safe_string(value.to_string().replace('<', "\\u003c"))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
