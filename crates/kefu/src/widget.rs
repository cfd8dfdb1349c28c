//! The widget's files in the output: the bundle `cargo xtask widget` built (embedded in
//! the binary), the loader with the site written into it, and per locale the widget's
//! data file beside the search index.

use crate::error::Error;
use crate::output::Files;
use crate::pages::{Renderer, Shown, WIDGET_DIR};
use crate::site::LocaleContent;
use kefu_core::kefu_model::flow::Flows;
use kefu_core::kefu_model::locale;
use kefu_core::kefu_model::widget::{Category, Link, WidgetData};

/// Where the loader takes the site's locales and its own words: a JSON object replaces
/// this string literal (which minifying keeps as it is).
const SITE_TOKEN: &str = "\"__KEFU_SITE__\"";
/// How many of a category's articles the panel may suggest for a page of its topic.
const TOPIC_ARTICLES: usize = 5;
/// How many featured articles the panel shows.
const FEATURED: usize = 6;

/// Writes the site into the loader, `kefu/kefu.js`: its locales, the default one, and
/// per locale what the loader shows before the app is there.
pub fn write_loader(renderer: &Renderer<'_>, files: &mut Files) -> Result<(), Error> {
    let site = renderer.site;
    let Some(loader) = files.get_mut(&format!("{WIDGET_DIR}/kefu.js")) else { return Ok(()) };
    let text = String::from_utf8_lossy(loader);
    if text.matches(SITE_TOKEN).count() != 1 {
        // A site's own loader, written without the token: it knows its site.
        return Ok(());
    }
    let locales: serde_json::Map<String, serde_json::Value> = site
        .config
        .locales
        .iter()
        .map(|l| {
            let words = site.words(&l.code);
            let entry = serde_json::json!({
                "launcher": words.t("launcher"),
                "title": words.t("widget_title"),
                "unavailable": words.t("widget_unavailable"),
                "loading": words.t("loading"),
                "dir": locale::direction(&l.code),
                "home": site.config.locale_prefix(&l.code),
            });
            (l.code.clone(), entry)
        })
        .collect();
    let json = serde_json::json!({ "default": site.config.default_locale, "locales": locales });
    // JSON is a JavaScript expression; `</script>` cannot occur in a file of its own.
    *loader = text.replacen(SITE_TOKEN, &json.to_string(), 1).into_bytes();
    Ok(())
}

/// The widget's data files of `locale`: its data (words, categories with their first
/// articles, featured articles with URLs relative to the site root, contact channels,
/// ticket form and the flows' outline) and its flows with every step, which the widget
/// fetches only for a walk.
pub fn data_files(renderer: &Renderer<'_>, locale: &LocaleContent, shown: &[Shown<'_>]) -> [(String, Vec<u8>); 2] {
    let site = renderer.site;
    let prefix = site.config.locale_prefix(&locale.code);
    let link = |s: &Shown<'_>| Link {
        title: s.article.front.title.clone(),
        url: format!("{prefix}{}", s.article.path_in_locale()),
    };
    let categories = locale
        .category_pages()
        .map(|(category, path)| Category {
            slug: category.slug.clone(),
            title: category.meta.title.clone(),
            url: format!("{prefix}{path}"),
            articles: shown
                .iter()
                .filter(|s| s.article.category() == Some(&category.slug))
                .take(TOPIC_ARTICLES)
                .map(link)
                .collect(),
        })
        .collect();
    let data = WidgetData {
        locale: locale.code.clone(),
        site_name: site.config.site_name(&locale.code).to_string(),
        home: prefix.clone(),
        words: site.words(&locale.code).clone(),
        categories,
        featured: shown.iter().filter(|s| s.article.front.featured).take(FEATURED).map(link).collect(),
        contact: crate::contact::model(site, &locale.code),
        // The endpoint as configured: the widget resolves a relative one against the help
        // center it was loaded from.
        tickets: crate::contact::ticket_form(site, &locale.code),
        flows: locale.flows.outline(),
    };
    let flows = locale.flows.encode();
    [
        (format!("{WIDGET_DIR}/{}", WidgetData::file_name(&locale.code)), kefu_search::store::pack(&data.encode())),
        (format!("{WIDGET_DIR}/{}", Flows::file_name(&locale.code)), kefu_search::store::pack(&flows)),
    ]
}
