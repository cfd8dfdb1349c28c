//! Loading a site from disk: `site/kefu.toml` and `content/<locale>/<category>/*.md`.

use crate::error::{Error, IoContext};
use kefu_core::{Article, Category, CategoryMeta, ContentError, SiteConfig};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of a category's metadata file.
const CATEGORY_FILE: &str = "_category.toml";

/// A loaded site: its configuration and the content of each locale.
#[derive(Debug)]
pub struct Site {
    /// The folder holding `site/` and `content/`.
    pub root: PathBuf,
    /// `site/kefu.toml`.
    pub config: SiteConfig,
    /// The content of each configured locale, in the config's order.
    pub locales: Vec<LocaleContent>,
}

/// The content of one locale.
#[derive(Debug)]
pub struct LocaleContent {
    /// The locale's code, e.g. `en`.
    pub code: String,
    /// Its categories, by `order` then title.
    pub categories: Vec<Category>,
}

impl Site {
    /// Loads the site at `root`, reporting every content problem at once.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let config_path = root.join("site/kefu.toml");
        let text = std::fs::read_to_string(&config_path).at(&config_path)?;
        let config = SiteConfig::parse(&relative(root, &config_path), &text).map_err(|e| Error::Content(vec![e]))?;

        let mut problems = Vec::new();
        let content = root.join("content");
        let mut locales = Vec::new();
        for locale in &config.locales {
            let dir = content.join(&locale.code);
            let categories = if dir.is_dir() { load_locale(root, &dir, &mut problems)? } else { Vec::new() };
            locales.push(LocaleContent { code: locale.code.clone(), categories });
        }
        for entry in std::fs::read_dir(&content).at(&content)? {
            let path = entry.at(&content)?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if path.is_dir() && config.locale(name).is_none() {
                problems.push(problem(
                    root,
                    &path,
                    format!("folder {name:?} is not a locale of site/kefu.toml: add a [[locales]] entry with code = {name:?}, or rename it"),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        Ok(Self { root: root.to_path_buf(), config, locales })
    }

    /// Every article of every locale.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.locales.iter().flat_map(|l| &l.categories).flat_map(|c| &c.articles)
    }
}

fn load_locale(root: &Path, dir: &Path, problems: &mut Vec<ContentError>) -> Result<Vec<Category>, Error> {
    let mut categories: BTreeMap<String, Category> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io { path: dir.to_path_buf(), source: e.into() })?;
        let path = entry.path();
        let rel = relative(root, path);
        match (entry.depth(), entry.file_type().is_dir(), path.extension().and_then(|e| e.to_str())) {
            (1, true, _) => {
                let slug = entry.file_name().to_string_lossy().into_owned();
                let meta = load_category_meta(root, path, &slug, problems)?;
                categories.insert(slug.clone(), Category { slug, meta, articles: Vec::new() });
            }
            (2, false, Some("md")) => {
                let text = std::fs::read_to_string(path).at(path)?;
                match Article::parse(&rel, &text) {
                    Ok(article) => categories
                        .get_mut(&article.category)
                        .expect("walkdir yields a folder before its files")
                        .articles
                        .push(article),
                    Err(e) => problems.push(e),
                }
            }
            (2, false, _) if entry.file_name() == CATEGORY_FILE => {}
            (_, true, _) => {
                problems.push(problem(root, path, "folders nest two deep only: content/<locale>/<category>/"))
            }
            (1, false, _) => problems.push(problem(
                root,
                path,
                "files go in a category folder: content/<locale>/<category>/<slug>.md",
            )),
            _ => {}
        }
    }
    let mut categories: Vec<Category> = categories.into_values().collect();
    categories.iter_mut().for_each(Category::sort);
    categories.sort_by(|a, b| (a.meta.order, &a.meta.title, &a.slug).cmp(&(b.meta.order, &b.meta.title, &b.slug)));
    Ok(categories)
}

fn load_category_meta(
    root: &Path,
    dir: &Path,
    slug: &str,
    problems: &mut Vec<ContentError>,
) -> Result<CategoryMeta, Error> {
    let path = dir.join(CATEGORY_FILE);
    if !path.exists() {
        return Ok(CategoryMeta { title: slug.to_string(), ..CategoryMeta::default() });
    }
    let text = std::fs::read_to_string(&path).at(&path)?;
    Ok(CategoryMeta::parse(&relative(root, &path), &text).unwrap_or_else(|e| {
        problems.push(e);
        CategoryMeta { title: slug.to_string(), ..CategoryMeta::default() }
    }))
}

fn problem(root: &Path, path: &Path, message: impl Into<String>) -> ContentError {
    ContentError::at(relative(root, path), "", 0, message)
}

/// `path` relative to the site root, for messages an author can click.
fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
