//! Renders a loaded site into the files of the help center: every page of every locale,
//! the files for search engines and tools, the search indexes, the theme's assets and
//! the widget bundle.

use crate::error::Error;
use crate::output::Sink;
use crate::site::{LocaleContent, Site};
use crate::{embedded, seo, theme};
use kefu_core::kefu_model::{Words, locale as locales};
use kefu_core::{Article, Category};
use kefu_search::{DocRecord, SectionRecord, ShardSizes};
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

mod flows;

/// The folder of the output that holds the widget: loader, glue, wasm and indexes.
pub const WIDGET_DIR: &str = "kefu";
/// Pages every locale has besides articles and categories, by path below the locale.
pub const SEARCH_PATH: &str = "search/";
/// `_headers`: every file may be read from any origin (it is all public).
const HEADERS: &str = "\
# Written by kefu build. The widget, embedded on other sites, loads its code, the search
# index and articles from this help center: let any origin read them.
/*
  Access-Control-Allow-Origin: *
";

/// The contact page, below the locale.
pub const CONTACT_PATH: &str = "contact/";

/// Renders every file of the site into `sink`; `tick` is called once per article page
/// written.
pub fn render(site: &Site, sink: &Sink, tick: &(dyn Fn() + Sync)) -> Result<(), Error> {
    let widget = embedded::widget().ok_or(Error::WidgetMissing)?;
    let renderer = Renderer::new(site);
    let bundle = widget.iter().map(|(name, bytes)| (format!("{WIDGET_DIR}/{name}"), bytes.to_vec()));
    let mut files = theme::assets(&site.root.join("site"), bundle)?;
    crate::widget::write_loader(&renderer, &mut files)?;
    // For hosts that read it (Netlify, Cloudflare Pages): the widget, embedded on other
    // sites, loads its modules, the index and articles from here. Other hosts: see README.
    files.insert("_headers".into(), HEADERS.as_bytes().to_vec());
    // Which indexes there are, for a visitor whose locale has none (search.js).
    let locales = serde_json::json!({
        "default": site.config.default_locale,
        "locales": site.config.locales.iter().map(|l| &l.code).collect::<Vec<_>>(),
    });
    files.insert(format!("{WIDGET_DIR}/locales.json"), locales.to_string().into_bytes());
    files.insert(
        "css/brand.css".into(),
        format!(":root {{ --kefu-brand: {}; }}\n", site.config.brand.color).into_bytes(),
    );
    sink.put_all(files)?;

    let mut redirects = Vec::new();
    for locale in &site.locales {
        let prefix = site.config.locale_prefix(&locale.code);
        for (rel, path) in &locale.files {
            let bytes = std::fs::read(path).map_err(|source| Error::Io { path: path.clone(), source })?;
            sink.put(format!("{prefix}{rel}"), bytes)?;
        }
        let articles = renderer.articles_of(locale);
        // The search index and the pages side by side, every page written as soon as it
        // is rendered: the index's serial steps (merging, splitting) leave a core to the
        // pages, and no page waits in memory for the index.
        let (index, pages) = rayon::join(
            || search_index(&renderer, locale, &articles, sink),
            || {
                articles.par_iter().try_for_each(|shown| {
                    let html = renderer.article_page(locale, shown)?;
                    tick();
                    sink.put(format!("{prefix}{}index.html", shown.article.path_in_locale()), html.into_bytes())
                })
            },
        );
        index.and(pages)?;
        for (name, bytes) in crate::widget::data_files(&renderer, locale, &articles) {
            sink.put(name, bytes)?;
        }
        for (index, flow) in locale.flows.flows.iter().enumerate() {
            sink.put(format!("{}index.html", flow.url), renderer.flow_page(locale, index)?.into_bytes())?;
        }
        let originals: Vec<&Article> =
            articles.iter().filter(|s| s.fallback_from.is_none()).map(|s| s.article).collect();
        sink.put_all(
            originals
                .par_iter()
                .map(|article| (format!("{prefix}{}.md", article.path), markdown_mirror(article).into_bytes())),
        )?;
        for article in originals {
            for alias in &article.front.aliases {
                let target = renderer.url(&locale.code, &article.path_in_locale());
                redirects.push((alias_file(alias), locale.code.as_str(), target));
            }
        }
        sink.put(format!("{prefix}index.html"), renderer.home_page(locale, &articles)?.into_bytes())?;
        for (category, path) in locale.category_pages() {
            sink.put(
                format!("{prefix}{path}index.html"),
                renderer.category_page(locale, category, &path, &articles)?.into_bytes(),
            )?;
        }
        sink.put(
            format!("{prefix}{SEARCH_PATH}index.html"),
            renderer.simple_page(locale, "search.html", SEARCH_PATH)?.into_bytes(),
        )?;
        sink.put(format!("{prefix}{CONTACT_PATH}index.html"), renderer.contact_page(locale)?.into_bytes())?;
        sink.put(format!("{prefix}sitemap.xml"), seo::sitemap(&renderer, locale)?.into_bytes())?;
    }
    // Last, so that an alias never replaces a page; `kefu check` reports the clash.
    for (file, locale, target) in redirects {
        if !sink.has(&file) {
            sink.put(file, renderer.redirect_page(locale, &target)?.into_bytes())?;
        }
    }
    sink.put("404.html".into(), renderer.simple_page(site.default_locale(), "404.html", "404.html")?.into_bytes())?;
    sink.put("sitemap_index.xml".into(), seo::sitemap_index(&renderer)?.into_bytes())?;
    sink.put("robots.txt".into(), seo::robots(&renderer).into_bytes())?;
    sink.put("llms.txt".into(), seo::llms_txt(&renderer).into_bytes())?;
    Ok(())
}

/// An article as one locale shows it: its own, or the default locale's in its place.
pub struct Shown<'a> {
    /// The article.
    pub article: &'a Article,
    /// The locale it was written in, when that is not the locale showing it.
    pub fallback_from: Option<&'a str>,
}

/// Renders pages of one site.
pub struct Renderer<'a> {
    /// The site.
    pub site: &'a Site,
    env: Environment<'static>,
    /// The site's base path (see `SiteConfig::base_path`), which every URL starts with.
    base: String,
    /// Each locale's UI words as a template value, made once: converting the map for
    /// every page cost as much as rendering the page's template.
    words: BTreeMap<String, Value>,
}

impl<'a> Renderer<'a> {
    /// The renderer of `site`, with its theme's templates.
    fn new(site: &'a Site) -> Self {
        let words = site.locales.iter().map(|l| (l.code.clone(), Value::from_serialize(site.words(&l.code)))).collect();
        Renderer { site, env: theme::templates(&site.root.join("site")), base: site.config.base_path(), words }
    }

    /// The published articles locale `locale` shows: its own, then the default
    /// locale's that it lacks.
    pub fn articles_of(&self, locale: &'a LocaleContent) -> Vec<Shown<'a>> {
        let published = |l: &'a LocaleContent| l.articles().filter(|a| !a.front.draft);
        let mut shown: Vec<Shown<'a>> =
            published(locale).map(|article| Shown { article, fallback_from: None }).collect();
        let default = self.site.default_locale();
        if default.code != locale.code {
            for article in published(default) {
                if locale.article(&article.path).is_none_or(|own| own.front.draft) {
                    shown.push(Shown { article, fallback_from: Some(&default.code) });
                }
            }
        }
        shown
    }

    /// The root-relative URL of `path` (below the locale's home) in `locale`.
    pub fn url(&self, locale: &str, path: &str) -> String {
        format!("{}{}{path}", self.base, self.site.config.locale_prefix(locale))
    }

    /// The absolute URL of `path` (below the locale's home) in `locale`.
    pub fn absolute(&self, locale: &str, path: &str) -> String {
        self.site.config.absolute_url(&format!("{}{path}", self.site.config.locale_prefix(locale)))
    }

    /// The locales in which the page at `path` exists natively.
    pub fn locales_having(&self, exists: impl Fn(&LocaleContent) -> bool) -> Vec<&'a str> {
        self.site.locales.iter().filter(|l| exists(l)).map(|l| l.code.as_str()).collect()
    }

    /// The locales in which the article at `path` is published.
    pub fn article_locales(&self, path: &str) -> Vec<&'a str> {
        self.locales_having(|l| l.article(path).is_some_and(|a| !a.front.draft))
    }

    /// (hreflang, absolute URL) of each language version of the page at `path`, with
    /// x-default (the default locale's) when there are several.
    pub fn alternates(&self, path: &str, having: &[&str]) -> Vec<(String, String)> {
        let default = self.site.config.default_locale.as_str();
        let mut alternates: Vec<(String, String)> =
            having.iter().map(|code| (code.to_string(), self.absolute(code, path))).collect();
        if having.len() > 1 && having.contains(&default) {
            alternates.push(("x-default".into(), self.absolute(default, path)));
        }
        alternates
    }

    fn page(&self, locale: &str, path: &str, title: &str, description: &str, having: &[&str]) -> PageContext<'a> {
        let config = &self.site.config;
        let base = &self.base;
        let language_name = |code: &str| config.locale(code).map_or("", |l| l.name.as_str());
        let locales = config
            .locales
            .iter()
            .map(|l| {
                let url =
                    if having.contains(&l.code.as_str()) { self.url(&l.code, path) } else { self.url(&l.code, "") };
                LocaleLink { code: l.code.clone(), name: l.name.clone(), url }
            })
            .collect();
        let alternates: Vec<Alternate> =
            self.alternates(path, having).into_iter().map(|(hreflang, href)| Alternate { hreflang, href }).collect();
        let locale_config = config.locale(locale);
        PageContext {
            site_name: config.site_name(locale).to_string(),
            base: base.clone(),
            lang: locale.to_string(),
            dir: locales::direction(locale),
            language_name: language_name(locale).to_string(),
            home: self.url(locale, ""),
            search: self.url(locale, SEARCH_PATH),
            contact: self.url(locale, CONTACT_PATH),
            logo: config.brand.logo.as_ref().map(|logo| format!("{base}{logo}")),
            nav: locale_config
                .map(|l| l.nav.iter().map(|n| (n.title.clone(), nav_url(base, &n.url))).collect())
                .unwrap_or_default(),
            locales,
            t: self.site.words(locale),
            words: self.words.get(locale).cloned().unwrap_or_else(|| Value::from_serialize(self.site.words(locale))),
            title: title.to_string(),
            description: if description.is_empty() { title.to_string() } else { description.to_string() },
            canonical: self.absolute(locale, path),
            alternates,
            og_locale: locale.replace('-', "_"),
            json_ld: None,
            topic: String::new(),
        }
    }

    fn render(&self, name: &str, ctx: Value) -> Result<String, Error> {
        let template = self.env.get_template(name).map_err(|source| Error::Template { name: name.into(), source })?;
        let mut page = template.render(ctx).map_err(|source| Error::Template { name: name.into(), source })?;
        // Pages are kept until the whole site is written: not with the slack of a grown String.
        page.shrink_to_fit();
        Ok(page)
    }

    fn home_page(&self, locale: &LocaleContent, shown: &[Shown<'_>]) -> Result<String, Error> {
        let config = &self.site.config;
        let description = config.locale(&locale.code).map_or("", |l| l.description.as_str());
        let mut page =
            self.page(&locale.code, "", config.site_name(&locale.code), description, &self.locales_having(|_| true));
        page.json_ld = Some(seo::website_json_ld(self, &locale.code));
        let categories: Vec<CategoryCard> = locale
            .category_pages()
            .map(|(c, path)| CategoryCard {
                title: c.meta.title.clone(),
                description: c.meta.description.clone(),
                icon: c.meta.icon.clone(),
                url: self.url(&locale.code, &path),
                count: shown.iter().filter(|s| s.article.category() == Some(&c.slug)).count(),
            })
            .collect();
        let featured: Vec<ArticleLink> =
            shown.iter().filter(|s| s.article.front.featured).map(|s| self.link(&locale.code, s.article)).collect();
        let loose: Vec<ArticleLink> = shown
            .iter()
            .filter(|s| s.article.category().is_none())
            .map(|s| self.link(&locale.code, s.article))
            .collect();
        let flows = self.flows_by_topic(locale);
        self.render("home.html", context! { page, categories, featured, loose, flows })
    }

    fn category_page(
        &self,
        locale: &LocaleContent,
        category: &Category,
        path: &str,
        shown: &[Shown<'_>],
    ) -> Result<String, Error> {
        let having = self.locales_having(|l| l.has_category(&category.slug));
        let mut page = self.page(&locale.code, path, &category.meta.title, &category.meta.description, &having);
        let crumbs = vec![Crumb { name: page.t.t("home").to_string(), url: page.home.clone() }];
        page.json_ld = Some(seo::breadcrumbs_json_ld(self, &locale.code, &crumbs, &category.meta.title, path));
        page.topic = category.slug.clone();
        let mut sections: Vec<Section> = Vec::new();
        for s in shown.iter().filter(|s| s.article.category() == Some(&category.slug)) {
            let title = s.article.section().map(|sec| locale.folder_title(&format!("{}/{sec}", category.slug)));
            match sections.last_mut() {
                Some(last) if last.title == title => last.articles.push(self.link(&locale.code, s.article)),
                _ => sections.push(Section { title, articles: vec![self.link(&locale.code, s.article)] }),
            }
        }
        self.render("category.html", context! { page, category => &category.meta, sections, crumbs })
    }

    fn article_page(&self, locale: &LocaleContent, shown: &Shown<'_>) -> Result<String, Error> {
        let article = shown.article;
        let front = &article.front;
        let path = article.path_in_locale();
        let having = self.article_locales(&article.path);
        let mut page = self.page(&locale.code, &path, &front.title, &front.summary, &having);
        if let Some(original) = shown.fallback_from {
            // The original is the page search engines should index.
            page.canonical = self.absolute(original, &path);
        }
        let mut crumbs = vec![Crumb { name: page.t.t("home").to_string(), url: page.home.clone() }];
        if let Some(category) = article.category() {
            page.topic = category.to_string();
            crumbs.push(Crumb {
                name: locale.folder_title(category),
                url: self.url(&locale.code, &format!("{category}/")),
            });
        }
        page.json_ld = Some(seo::article_json_ld(self, &locale.code, article, &crumbs, &page.canonical));
        let toc: Vec<_> = article.rendered.headings.iter().filter(|h| (2..=3).contains(&h.level)).collect();
        let toc: Vec<_> = if toc.len() >= 2 {
            toc.into_iter().map(|h| (h.level, h.id.as_str(), h.text.as_str())).collect()
        } else {
            Vec::new()
        };
        let related: Vec<ArticleLink> = front
            .related
            .iter()
            .filter_map(|p| self.site.article_for(locale, p))
            .map(|a| self.link(&locale.code, a))
            .collect();
        let fallback_notice = shown.fallback_from.map(|code| {
            let name = self.site.config.locale(code).map_or(code, |l| l.name.as_str());
            page.t.t("fallback_notice").replace("{language}", name)
        });
        let view = ArticleView {
            title: &front.title,
            summary: &front.summary,
            lang: shown.fallback_from.unwrap_or(&locale.code),
            updated: front.updated.map(|d| d.to_string()),
            tags: &front.tags,
            body: Value::from_safe_string(article.rendered.html.clone()),
            path: &article.path,
        };
        let flows = self.flows_for_article(locale, article);
        self.render("article.html", context! { page, article => view, crumbs, toc, related, fallback_notice, flows })
    }

    fn simple_page(&self, locale: &LocaleContent, template: &str, path: &str) -> Result<String, Error> {
        let t = self.site.words(&locale.code);
        let title = t.t(if template == "search.html" { "search_title" } else { "not_found_title" });
        let having = if template == "404.html" { Vec::new() } else { self.locales_having(|_| true) };
        let page = self.page(&locale.code, path, title, title, &having);
        let categories = self.category_links(locale);
        self.render(template, context! { page, categories, noindex => template == "404.html" })
    }

    fn contact_page(&self, locale: &LocaleContent) -> Result<String, Error> {
        let title = self.site.words(&locale.code).t("contact_title");
        let mut page = self.page(&locale.code, CONTACT_PATH, title, title, &self.locales_having(|_| true));
        let model = crate::contact::model(self.site, &locale.code);
        page.json_ld = Some(seo::embed(&crate::contact::json_ld(self, &locale.code, &model)));
        let form = crate::contact::ticket_form(self.site, &locale.code);
        let contact = crate::contact::view(self, &locale.code, &model, &form);
        let flows = self.flow_links(locale);
        self.render("contact.html", context! { page, categories => self.category_links(locale), contact, flows })
    }

    /// Each category's title and link, for the pages that list them at the end.
    fn category_links(&self, locale: &LocaleContent) -> Vec<(String, String)> {
        locale.category_pages().map(|(c, path)| (c.meta.title.clone(), self.url(&locale.code, &path))).collect()
    }

    fn redirect_page(&self, locale: &str, target: &str) -> Result<String, Error> {
        let page = self.page(locale, "", "", "", &[]);
        let absolute = self.site.config.absolute_url(target.strip_prefix(&self.base).unwrap_or(target));
        self.render("redirect.html", context! { page, target, absolute })
    }

    /// A link to `article` as shown in `locale`.
    fn link(&self, locale: &str, article: &Article) -> ArticleLink {
        ArticleLink {
            title: article.front.title.clone(),
            summary: article.front.summary.clone(),
            url: self.url(locale, &article.path_in_locale()),
        }
    }
}

/// What every page knows about the site and itself.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    site_name: String,
    /// Path prefix of every link, e.g. `/` or `/help/`.
    base: String,
    lang: String,
    dir: &'static str,
    language_name: String,
    home: String,
    search: String,
    contact: String,
    logo: Option<String>,
    nav: Vec<(String, String)>,
    locales: Vec<LocaleLink>,
    /// The UI words, for Rust; templates get them as `t`, from `words`.
    #[serde(skip)]
    t: &'a Words,
    #[serde(rename = "t")]
    words: Value,
    title: String,
    description: String,
    canonical: String,
    alternates: Vec<Alternate>,
    og_locale: String,
    /// JSON-LD, already serialised and safe to embed.
    json_ld: Option<Value>,
    /// The category the page belongs to, for the widget's contextual help
    /// (`data-kefu-topic`); empty elsewhere.
    topic: String,
}

#[derive(Debug, Serialize)]
struct LocaleLink {
    code: String,
    name: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

/// A breadcrumb: a name and the URL it links to.
#[derive(Debug, Serialize)]
pub struct Crumb {
    /// Shown text.
    pub name: String,
    /// Root-relative URL.
    pub url: String,
}

#[derive(Debug, Serialize)]
struct CategoryCard {
    title: String,
    description: String,
    icon: String,
    url: String,
    count: usize,
}

#[derive(Debug, Serialize)]
struct Section {
    title: Option<String>,
    articles: Vec<ArticleLink>,
}

#[derive(Debug, Serialize)]
struct ArticleLink {
    title: String,
    summary: String,
    url: String,
}

#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    summary: &'a str,
    lang: &'a str,
    updated: Option<String>,
    tags: &'a [String],
    /// Rendered and sanitised by `kefu_core::markdown`, so marked safe for the template.
    body: Value,
    path: &'a str,
}

/// Right-to-left for the scripts that need it, by language subtag.
fn nav_url(base: &str, url: &str) -> String {
    if url.contains("://") || url.starts_with('/') { url.to_string() } else { format!("{base}{url}") }
}

/// The output file of an alias: `/old/page/` becomes `old/page/index.html`.
fn alias_file(alias: &str) -> String {
    let trimmed = alias.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else if trimmed.ends_with(".html") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/index.html")
    }
}

/// The article as Markdown, for tools and language models: title, summary, body.
fn markdown_mirror(article: &Article) -> String {
    let mut out = format!("# {}\n\n", article.front.title);
    if !article.front.summary.is_empty() {
        out.push_str(&format!("> {}\n\n", article.front.summary));
    }
    out.push_str(article.markdown.trim_start());
    out
}

/// Puts the search index files of a locale, fallbacks included, gzipped for the disk;
/// URLs in the index are relative to the site root. The flows come after the articles.
fn search_index(
    renderer: &Renderer<'_>,
    locale: &LocaleContent,
    shown: &[Shown<'_>],
    sink: &Sink,
) -> Result<(), Error> {
    let prefix = renderer.site.config.locale_prefix(&locale.code);
    let mut docs: Vec<DocRecord> = shown
        .iter()
        .map(|s| {
            let front = &s.article.front;
            DocRecord {
                title: front.title.clone(),
                url: format!("{prefix}{}", s.article.path_in_locale()),
                summary: front.summary.clone(),
                questions: front.questions.iter().chain(&front.tags).cloned().collect(),
                sections: s
                    .article
                    .rendered
                    .sections
                    .iter()
                    .map(|section| SectionRecord {
                        heading: section.heading.clone(),
                        anchor: section.id.clone(),
                        text: section.text.clone(),
                    })
                    .collect(),
            }
        })
        .collect();
    docs.extend(flows::search_docs(locale, &prefix, shown));
    let synonyms = &renderer.site.synonyms;
    let index = kefu_search::build_with(&locale.code, &prefix, &docs, ShardSizes::default(), synonyms);
    std::iter::once((format!("index-{}.bin", locale.code), index.root))
        .chain(index.shards)
        .collect::<Vec<_>>()
        .into_par_iter()
        // One file a task: term shards, first, take several times longer to compress than
        // document shards, so halves of the list would leave a core idle.
        .with_max_len(1)
        .try_for_each(|(file, bytes)| sink.put(format!("{WIDGET_DIR}/{file}"), kefu_search::store::pack(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("/zh/tidb/dev/ddl-v2/"), "zh/tidb/dev/ddl-v2/index.html");
        assert_eq!(alias_file("old/page.html"), "old/page.html");
        assert_eq!(alias_file("/old-page"), "old-page/index.html");
    }
}
