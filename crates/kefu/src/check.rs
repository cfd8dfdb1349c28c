//! `kefu check`: every problem an author can fix before publishing, each with its file
//! and line: front matter, broken links and anchors (in articles and flows' steps),
//! missing images, pages that would overwrite each other, and missing translations (of
//! articles and of the words pages and the widget show). A flow's graph is checked as
//! the site loads (`Site::load_all`).

use crate::error::Error;
use crate::output::Files;
use crate::pages;
use crate::site::{LocaleContent, Site};
use kefu_core::flow as flow_file;
use kefu_core::kefu_model::flow::Flow;
use kefu_core::markdown::{Link, is_internal, split_anchor};
use kefu_core::{Article, ContentError};
use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};

/// Everything `kefu check` reports about the site at `root`, in file order.
pub fn check(root: &Path) -> Result<Vec<ContentError>, Error> {
    let (site, mut problems) = Site::load_all(root)?;
    problems.extend(collisions(&site, true));
    let sink = crate::output::Sink::memory();
    pages::render(&site, &sink, &|| {})?;
    let files = sink.into_files();
    for locale in &site.locales {
        for article in locale.articles() {
            let written = article.rendered.links.iter().map(|l| (l, article.source_line(l.line)));
            problems.extend(links(&site, locale, &article.source, written, &|a| has_anchor(article, a), &files));
            problems.extend(related(&site, locale, article));
        }
        for (file, flow) in locale.flow_files.iter().zip(&locale.flows.flows) {
            // A flow's links carry the lines of its file already.
            let written = file.links.iter().map(|l| (l, l.line));
            problems.extend(links(&site, locale, &file.source, written, &|a| flow_has_anchor(flow, a), &files));
        }
    }
    problems.extend(missing_translations(&site));
    problems.extend(missing_words(&site));
    let config = root.join("site/kefu.toml");
    if let Ok(text) = std::fs::read_to_string(&config) {
        let locales: Vec<&str> = site.config.locales.iter().map(|l| l.code.as_str()).collect();
        problems.extend(site.config.contact.untranslated(Path::new("site/kefu.toml"), &text, &locales));
        problems.extend(site.config.tickets.untranslated(Path::new("site/kefu.toml"), &text, &locales));
    }
    problems.sort_by(|a, b| {
        (&a.location.path, a.location.line, a.location.column).cmp(&(
            &b.location.path,
            b.location.line,
            b.location.column,
        ))
    });
    problems.dedup();
    Ok(problems)
}

/// Pages that would be written to the same place (ignoring case, as some file systems
/// and servers do): two articles, an article and a category or one of the pages every
/// locale has, and with `aliases`, an alias and any of those. A build refuses page
/// collisions; an alias that collides is skipped by the build and reported by check.
pub fn collisions(site: &Site, aliases: bool) -> Vec<ContentError> {
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut claim = |output: String, owner: String, source: &Path, line: usize| {
        let key = output.to_lowercase();
        match owners.get(&key) {
            Some(first) if *first != owner => problems.push(ContentError::at_line(
                source,
                line,
                format!("{owner} would be written to /{output}, which {first} already uses: rename one of them"),
            )),
            Some(_) => {}
            None => drop(owners.insert(key, owner)),
        }
    };
    for (reserved, what) in [("kefu/", "the widget"), ("css/", "the theme's styles")] {
        claim(reserved.into(), what.into(), Path::new(""), 0);
    }
    for locale in &site.locales {
        let prefix = site.config.locale_prefix(&locale.code);
        for (page, what) in [(pages::SEARCH_PATH, "the search page"), (pages::CONTACT_PATH, "the contact page")] {
            claim(format!("{prefix}{page}"), what.into(), Path::new(""), 0);
        }
        for (category, path) in locale.category_pages() {
            let folder = PathBuf::from("content").join(&locale.code).join(&category.slug);
            claim(format!("{prefix}{path}"), format!("the category {}", folder.display()), &folder, 0);
        }
        for file in &locale.flow_files {
            let owner = format!("the flow {}", file.source.display());
            claim(format!("{prefix}{}", file.flow.url), owner, &file.source, 1);
        }
        for article in locale.articles() {
            let owner = format!("the article {}", article.source.display());
            claim(format!("{prefix}{}", article.path_in_locale()), owner.clone(), &article.source, 1);
            for alias in article.front.aliases.iter().filter(|_| aliases) {
                claim(
                    alias.trim_start_matches('/').to_string(),
                    format!("an alias of {}", article.source.display()),
                    &article.source,
                    1,
                );
            }
        }
    }
    problems
}

/// Broken links, anchors and images in one file (an article or a flow): `written` are
/// its links with their lines in the file, `own_anchor` says whether `#anchor` exists on
/// its own page.
fn links<'a>(
    site: &Site,
    locale: &LocaleContent,
    source: &Path,
    written: impl Iterator<Item = (&'a Link, usize)>,
    own_anchor: &dyn Fn(&str) -> bool,
    files: &Files,
) -> Vec<ContentError> {
    let mut problems = Vec::new();
    let source_dir = source.parent().unwrap_or(Path::new(""));
    let locale_dir = PathBuf::from("content").join(&locale.code);
    for (link, line) in written.filter(|(l, _)| is_internal(&l.dest) && !l.dest.starts_with("data:")) {
        let at = |message: String| ContentError::at_line(source, line, message);
        let (path, anchor) = split_anchor(&link.dest);
        let path = path.split('?').next().unwrap_or_default();
        if link.image {
            let file = if let Some(from_root) = path.strip_prefix('/') {
                locale_dir.join(from_root)
            } else {
                source_dir.join(path)
            };
            let in_assets = path.strip_prefix('/').is_some_and(|p| files.contains_key(p));
            if !in_assets && !site.root.join(normalize(&file)).is_file() {
                problems.push(at(format!(
                    "missing image {}: {} does not exist",
                    link.dest,
                    normalize(&file).display()
                )));
            }
        } else if path.is_empty() {
            if let Some(anchor) = anchor.filter(|a| !own_anchor(a)) {
                problems.push(at(format!("broken anchor #{anchor}: no heading of this page has that id")));
            }
        } else if let Some(stem) = path.strip_suffix(".md") {
            let file = if let Some(from_root) = stem.strip_prefix('/') {
                locale_dir.join(from_root)
            } else {
                source_dir.join(stem)
            };
            let file = normalize(&file);
            let Ok(target) = file.strip_prefix(&locale_dir) else {
                problems.push(at(format!("broken link {}: it leads out of {}", link.dest, locale_dir.display())));
                continue;
            };
            let target = target.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
            if let Some(id) = target.strip_prefix(&format!("{}/", flow_file::FOLDER)) {
                match locale.flows.flow(id) {
                    None => problems.push(at(format!("broken link {}: {}.md is no flow", link.dest, file.display()))),
                    Some(flow) => {
                        if let Some(anchor) = anchor.filter(|a| !flow_has_anchor(flow, a)) {
                            problems.push(at(format!(
                                "broken anchor {}: flow {:?} has no step #{anchor}",
                                link.dest, flow.id
                            )));
                        }
                    }
                }
                continue;
            }
            let found = site.article_for(locale, &target);
            match found {
                None => problems.push(at(format!("broken link {}: {}.md does not exist", link.dest, file.display()))),
                Some(t) if t.front.draft => {
                    problems.push(at(format!("link {} goes to a draft, which is not published", link.dest)))
                }
                Some(t) => {
                    if let Some(anchor) = anchor.filter(|a| !has_anchor(t, a)) {
                        problems.push(at(format!(
                            "broken anchor {}: {} has no heading with id {anchor:?}",
                            link.dest,
                            t.source.display()
                        )));
                    }
                }
            }
        } else if let Some(from_root) = path.strip_prefix(&site.config.base_path()) {
            let known = from_root.is_empty()
                || files.contains_key(from_root)
                || files.contains_key(&format!("{}/index.html", from_root.trim_end_matches('/')));
            if !known {
                problems.push(at(format!("broken link {}: the site has no page there", link.dest)));
            }
        }
    }
    problems
}

/// Whether a flow's page has the id `anchor`: a step's, or a heading's in a step's text.
fn flow_has_anchor(flow: &Flow, anchor: &str) -> bool {
    let id = format!("id=\"{anchor}\"");
    flow.steps.iter().any(|s| s.id == anchor || s.html.contains(&id))
}

fn has_anchor(article: &Article, anchor: &str) -> bool {
    // pulldown-cmark's footnote links point at ids it derives from the label.
    anchor.starts_with("fn") || article.rendered.headings.iter().any(|h| h.id == anchor)
}

/// `related` entries that name no article.
fn related(site: &Site, locale: &LocaleContent, article: &Article) -> Vec<ContentError> {
    article
        .front
        .related
        .iter()
        .filter(|path| site.article_for(locale, path).is_none())
        .map(|path| {
            ContentError::at_line(
                &article.source,
                front_matter_line(site, article, "related"),
                format!(
                    "related article {path:?} does not exist: write `<category>/<slug>` of an article in content/{}/",
                    locale.code
                ),
            )
        })
        .collect()
}

/// Articles of the default locale that another locale lacks, and the reverse.
fn missing_translations(site: &Site) -> Vec<ContentError> {
    let config = &site.config;
    let default = site.default_locale();
    let name = |code: &str| config.locale(code).map_or(code.to_string(), |l| l.name.clone());
    let mut problems = Vec::new();
    for locale in site.locales.iter().filter(|l| l.code != default.code) {
        let own: HashSet<&str> = locale.articles().map(|a| a.path.as_str()).collect();
        for article in default.articles().filter(|a| !own.contains(a.path.as_str())) {
            problems.push(ContentError::at_line(
                &article.source,
                1,
                format!(
                    "missing {} translation: content/{}/{}.md (until it exists, {} visitors see this {} page)",
                    locale.code,
                    locale.code,
                    article.path,
                    name(&locale.code),
                    name(&default.code)
                ),
            ));
        }
        for article in locale.articles().filter(|a| default.article(&a.path).is_none()) {
            problems.push(ContentError::at_line(
                &article.source,
                1,
                format!(
                    "no {} version of this article: add content/{}/{}.md",
                    default.code, default.code, article.path
                ),
            ));
        }
    }
    problems
}

/// The words a locale shows in English because no words file gives them in its language.
fn missing_words(site: &Site) -> Vec<ContentError> {
    site.words
        .missing
        .iter()
        .map(|(code, missing)| {
            ContentError::at_line(
                Path::new("site/words").join(format!("{code}.toml")),
                1,
                format!(
                    "locale {code} lacks {} word(s), shown in English until this file gives them: {}",
                    missing.len(),
                    missing.join(", ")
                ),
            )
        })
        .collect()
}

/// The line of `key` in the article's front matter, or 1.
fn front_matter_line(site: &Site, article: &Article, key: &str) -> usize {
    let text = std::fs::read_to_string(site.root.join(&article.source)).unwrap_or_default();
    text.lines().position(|l| l.trim_start().starts_with(key)).map_or(1, |i| i + 1)
}

/// `path` with `.` and `..` resolved lexically.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => drop(out.pop()),
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
