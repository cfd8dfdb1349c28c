//! Renders a loaded site into the files of the help center: pages, the search index of
//! each locale, the theme's assets and the widget bundle.

use crate::error::Error;
use crate::output::Files;
use crate::site::{LocaleContent, Site};
use crate::{embedded, theme};
use kefu_core::{Article, Category, SiteConfig};
use kefu_search::{Doc, Index};
use minijinja::{Environment, Value, context};
use serde::Serialize;

/// The folder of the output that holds the widget: loader, glue, wasm and indexes.
pub const WIDGET_DIR: &str = "kefu";

/// Renders every file of the site.
pub fn render(site: &Site) -> Result<Files, Error> {
    let widget = embedded::widget().ok_or(Error::WidgetMissing)?;
    let env = theme::templates(&site.root.join("site"));
    let mut files = theme::assets(&site.root.join("site"))?;
    for (name, bytes) in widget {
        files.insert(format!("{WIDGET_DIR}/{name}"), bytes.to_vec());
    }
    files.insert("css/brand.css".into(), brand_css(&site.config).into_bytes());

    for locale in &site.locales {
        let page = PageContext::new(&site.config, &locale.code);
        let prefix = site.config.locale_prefix(&locale.code);
        let categories: Vec<_> = locale.categories.iter().map(|c| CategoryView::new(&page, c)).collect();
        let html = render_template(&env, "home.html", context! { page => &page, categories })?;
        files.insert(format!("{prefix}index.html"), html.into_bytes());

        for category in &locale.categories {
            for article in &category.articles {
                let view = ArticleView::new(article);
                let html = render_template(
                    &env,
                    "article.html",
                    context! { page => &page, article => view, category => &category.meta.title },
                )?;
                files.insert(format!("{prefix}{}index.html", article.path_in_locale()), html.into_bytes());
            }
        }
        files.insert(format!("{WIDGET_DIR}/index-{}.bin", locale.code), search_index(&site.config, locale).encode());
    }
    Ok(files)
}

fn render_template(env: &Environment<'_>, name: &str, ctx: Value) -> Result<String, Error> {
    let template = env.get_template(name).map_err(|source| Error::Template { name: name.into(), source })?;
    template.render(ctx).map_err(|source| Error::Template { name: name.into(), source })
}

/// What every page knows about the site and its own locale.
#[derive(Debug, Serialize)]
struct PageContext<'a> {
    /// The site's name.
    site_name: &'a str,
    /// Path prefix of every link, e.g. `/` or `/help/`.
    base: String,
    /// The page's locale code, for `lang` and the widget.
    lang: &'a str,
    /// Text direction of the locale.
    dir: &'static str,
    /// URL of this locale's home.
    home: String,
    /// Every locale with the URL of its home, for the language menu.
    locales: Vec<LocaleLink<'a>>,
}

#[derive(Debug, Serialize)]
struct LocaleLink<'a> {
    code: &'a str,
    name: &'a str,
    url: String,
}

impl<'a> PageContext<'a> {
    fn new(config: &'a SiteConfig, code: &'a str) -> Self {
        let base = config.base_path();
        let locales = config
            .locales
            .iter()
            .map(|l| LocaleLink {
                code: &l.code,
                name: &l.name,
                url: format!("{base}{}", config.locale_prefix(&l.code)),
            })
            .collect();
        Self {
            site_name: config.site_name(code),
            home: format!("{base}{}", config.locale_prefix(code)),
            base,
            lang: code,
            dir: text_direction(code),
            locales,
        }
    }

    fn url(&self, path_in_locale: &str) -> String {
        format!("{}{path_in_locale}", self.home)
    }
}

/// Right-to-left for the scripts that need it, by language subtag.
fn text_direction(locale: &str) -> &'static str {
    const RTL: [&str; 8] = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi"];
    let language = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if RTL.contains(&language.as_str()) { "rtl" } else { "ltr" }
}

#[derive(Debug, Serialize)]
struct CategoryView<'a> {
    title: &'a str,
    description: &'a str,
    articles: Vec<ArticleLink<'a>>,
}

#[derive(Debug, Serialize)]
struct ArticleLink<'a> {
    title: &'a str,
    summary: &'a str,
    url: String,
}

impl<'a> CategoryView<'a> {
    fn new(page: &PageContext<'_>, category: &'a Category) -> Self {
        let articles = category
            .articles
            .iter()
            .map(|a| ArticleLink {
                title: &a.front.title,
                summary: &a.front.summary,
                url: page.url(&a.path_in_locale()),
            })
            .collect();
        Self { title: &category.meta.title, description: &category.meta.description, articles }
    }
}

#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    summary: &'a str,
    /// Rendered and sanitised by `kefu_core::markdown`, so marked safe for the template.
    body: Value,
}

impl<'a> ArticleView<'a> {
    fn new(article: &'a Article) -> Self {
        Self {
            title: &article.front.title,
            summary: &article.front.summary,
            body: Value::from_safe_string(article.body_html.clone()),
        }
    }
}

/// The search index of a locale; URLs are relative to the site root.
fn search_index(config: &SiteConfig, locale: &LocaleContent) -> Index {
    let prefix = config.locale_prefix(&locale.code);
    let docs = locale
        .categories
        .iter()
        .flat_map(|c| &c.articles)
        .map(|a| Doc {
            title: a.front.title.clone(),
            url: format!("{prefix}{}", a.path_in_locale()),
            summary: a.front.summary.clone(),
        })
        .collect();
    Index { locale: locale.code.clone(), docs }
}

/// The brand colour as a CSS custom property, in a file: pages carry no inline style.
fn brand_css(config: &SiteConfig) -> String {
    format!(":root {{ --kefu-brand: {}; }}\n", config.brand.color)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_language() {
        assert_eq!(text_direction("ar-EG"), "rtl");
        assert_eq!(text_direction("he"), "rtl");
        assert_eq!(text_direction("zh-CN"), "ltr");
        assert_eq!(text_direction("en"), "ltr");
    }
}
