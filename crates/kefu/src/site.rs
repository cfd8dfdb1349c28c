//! Loading a site from disk: `site/kefu.toml` and every locale's `content/<locale>/`.

use crate::error::{Error, IoContext};
use kefu_core::flow::{self as flow_file, FlowFile};
use kefu_core::kefu_model::flow::{End, Flows, Known};
use kefu_core::{Article, Category, CategoryMeta, ContentError, ParseOptions, SiteConfig};
use kefu_search::synonyms::Rule;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The name of a category's (or section's) metadata file.
pub const CATEGORY_FILE: &str = "_category.toml";

/// A loaded site: its configuration and the content of each locale.
#[derive(Debug)]
pub struct Site {
    /// The folder holding `site/` and `content/`.
    pub root: PathBuf,
    /// `site/kefu.toml`.
    pub config: SiteConfig,
    /// Its `[search] synonyms`, read.
    pub synonyms: Vec<Rule>,
    /// The content of each configured locale, in the config's order.
    pub locales: Vec<LocaleContent>,
    /// The words each locale's pages and widget show.
    pub words: crate::words::SiteWords,
}

/// The content of one locale.
#[derive(Debug, Default)]
pub struct LocaleContent {
    /// The locale's code, e.g. `en`.
    pub code: String,
    /// Its categories, by `order` then title; drafts included.
    pub categories: Vec<Category>,
    /// The metadata of every folder that has a `_category.toml`, by its path below the
    /// locale folder, e.g. `tools/tiup`.
    pub folders: BTreeMap<String, CategoryMeta>,
    /// Files other than articles (images, say), by path below the locale folder.
    pub files: BTreeMap<String, PathBuf>,
    /// Its flows as read, in file-name order (`flows/<id>.md`).
    pub flow_files: Vec<FlowFile>,
    /// Its flows as the pages and the widget show them: URLs relative to the site root,
    /// article endings resolved. The same order as `flow_files`.
    pub flows: Flows,
    /// Where each article is in `categories`, by its path: pages look articles up by
    /// path for every translation link, so a scan would make builds quadratic.
    by_path: HashMap<String, (usize, usize)>,
}

impl LocaleContent {
    /// Every article, drafts included.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.categories.iter().flat_map(|c| &c.articles)
    }

    /// The categories that have a page, with its path below the locale's home.
    pub fn category_pages(&self) -> impl Iterator<Item = (&Category, String)> {
        self.categories.iter().filter_map(|c| Some((c, c.path_in_locale()?)))
    }

    /// Whether the category `slug` exists here.
    pub fn has_category(&self, slug: &str) -> bool {
        self.categories.iter().any(|c| c.slug == slug)
    }

    /// The article at `path` (below the locale folder, without `.md`).
    pub fn article(&self, path: &str) -> Option<&Article> {
        self.by_path.get(path).map(|&(c, a)| &self.categories[c].articles[a])
    }

    /// The title of the folder at `path`: its `_category.toml` title, else its name.
    pub fn folder_title(&self, path: &str) -> String {
        self.folders.get(path).map_or_else(|| path.rsplit('/').next().unwrap_or(path).to_string(), |m| m.title.clone())
    }
}

impl Site {
    /// Loads the site at `root`; any problem in the content fails the load, and every
    /// problem found is reported.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let (site, problems) = Self::load_all(root)?;
        if problems.is_empty() { Ok(site) } else { Err(Error::Content(problems)) }
    }

    /// Reads `site/kefu.toml` alone.
    pub fn load_config(root: &Path) -> Result<SiteConfig, Error> {
        Ok(Self::read_config(root)?.0)
    }

    /// Reads `site/kefu.toml` and its synonym rules, each checked: one that does not
    /// read is an error at its line.
    fn read_config(root: &Path) -> Result<(SiteConfig, Vec<Rule>), Error> {
        let path = root.join("site/kefu.toml");
        let text = std::fs::read_to_string(&path).at(&path)?;
        let relative = relative(root, &path);
        let config = SiteConfig::parse(&relative, &text).map_err(Error::Content)?;
        let mut rules = Vec::new();
        let mut problems = Vec::new();
        for rule in &config.search.synonyms {
            match Rule::parse(rule) {
                Ok(parsed) => rules.push(parsed),
                Err(e) => {
                    // Where the rule is written; a rule with escapes is found by its key.
                    let offset = text.find(rule.as_str()).or_else(|| text.find("synonyms")).unwrap_or(0);
                    problems.push(ContentError::at(&relative, &text, offset, format!("synonym {rule:?}: {e}")));
                }
            }
        }
        if problems.is_empty() { Ok((config, rules)) } else { Err(Error::Content(problems)) }
    }

    /// Loads what can be loaded and returns it with every problem found: what
    /// `kefu check` works from. Only an unreadable configuration is an error.
    pub fn load_all(root: &Path) -> Result<(Self, Vec<ContentError>), Error> {
        let (config, synonyms) = Self::read_config(root)?;
        let options =
            ParseOptions { ignored_keys: config.content.ignore_keys.clone(), unsafe_html: config.markdown.unsafe_html };

        let mut problems = Vec::new();
        let content = root.join("content");
        let mut locales = Vec::new();
        for locale in &config.locales {
            let dir = content.join(&locale.code);
            let mut loaded =
                if dir.is_dir() { load_locale(root, &dir, &options, &mut problems)? } else { LocaleContent::default() };
            loaded.code = locale.code.clone();
            locales.push(loaded);
        }
        if content.is_dir() {
            for entry in std::fs::read_dir(&content).at(&content)? {
                let path = entry.at(&content)?.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                if path.is_dir() && config.locale(name).is_none() {
                    problems.push(problem(root, &path, format!(
                        "folder {name:?} is not a locale of site/kefu.toml: add a [[locales]] entry with code = {name:?}, or rename it"
                    )));
                }
            }
        }
        let codes: Vec<&str> = config.locales.iter().map(|l| l.code.as_str()).collect();
        let words = crate::words::load(root, &codes, &mut problems)?;
        let mut site = Self { root: root.to_path_buf(), config, synonyms, locales, words };
        site.resolve_flows(&mut problems);
        problems.sort_by(|a, b| (&a.location.path, a.location.line).cmp(&(&b.location.path, b.location.line)));
        Ok((site, problems))
    }

    /// Builds each locale's [`Flows`] from its files: URLs below the locale's home, article
    /// endings and `articles` resolved to pages; then checks the graph, what the leaves
    /// name, and each translation against the default locale's flows.
    fn resolve_flows(&mut self, problems: &mut Vec<ContentError>) {
        let topics: Vec<String> = self.config.contact.topics.iter().map(|t| t.id.get_ref().clone()).collect();
        let mut resolved = Vec::with_capacity(self.locales.len());
        for locale in &self.locales {
            let prefix = self.config.locale_prefix(&locale.code);
            let mut flows = Flows::default();
            for file in &locale.flow_files {
                let mut flow = file.flow.clone();
                flow.url = format!("{prefix}{}", flow.url);
                flow.articles = file
                    .flow
                    .articles
                    .iter()
                    .filter_map(|path| match self.article_for(locale, path.trim_end_matches('/')) {
                        Some(article) => Some(format!("{prefix}{}", article.path_in_locale())),
                        None => {
                            problems.push(ContentError::at_line(&file.source, file.articles_line, format!(
                                "articles: {path:?} is no article of this site: write `<category>/<slug>` of an article, as `related` does"
                            )));
                            None
                        }
                    })
                    .collect();
                for step in &mut flow.steps {
                    if let Some(End::Article { title, url }) = &mut step.end {
                        let (path, anchor) = kefu_core::markdown::split_anchor(url);
                        match self.article_for(locale, path) {
                            Some(article) => {
                                *title = article.front.title.clone();
                                *url = format!("{prefix}{}{}", article.path_in_locale(), anchor.map(|a| format!("#{a}")).unwrap_or_default());
                            }
                            None => problems.push(ContentError::at_line(&file.source, step.line as usize, format!(
                                "step #{} ends in article {path:?}, which does not exist: write the path of an article's .md file relative to {}/",
                                step.id,
                                flow_file::FOLDER
                            ))),
                        }
                    }
                }
                flows.flows.push(flow);
            }
            let form = crate::contact::ticket_form(self, &locale.code);
            let mut fields: Vec<String> = form.fields.iter().map(|f| f.id.clone()).collect();
            if form.attachments.is_some() {
                fields.push("attachments".into());
            }
            let options: Vec<(String, Vec<String>)> = form
                .fields
                .iter()
                .filter(|f| !f.options.is_empty())
                .map(|f| (f.id.clone(), f.options.iter().map(|(value, _)| value.clone()).collect()))
                .collect();
            let source = |flow: usize| locale.flow_files[flow].source.clone();
            let known = Known { topics: &topics, ticket_fields: &fields, ticket_options: &options };
            for problem in flows.problems(known) {
                problems.push(ContentError::at_line(source(problem.flow), problem.line as usize, problem.message));
            }
            resolved.push(flows);
        }
        let default = self.locales.iter().position(|l| l.code == self.config.default_locale).unwrap_or(0);
        for (i, locale) in self.locales.iter().enumerate().filter(|(i, _)| *i != default) {
            let original = &resolved[default];
            for problem in resolved[i].translation_problems(original) {
                problems.push(ContentError::at_line(
                    &locale.flow_files[problem.flow].source,
                    problem.line as usize,
                    problem.message,
                ));
            }
            for (f, flow) in resolved[i].missing_from(original) {
                problems.push(ContentError::at_line(
                    &self.locales[default].flow_files[f].source,
                    1,
                    format!(
                        "flow {:?} has no translation in {}: add content/{}/{}/{}.md with the same step ids",
                        flow.id,
                        locale.code,
                        locale.code,
                        flow_file::FOLDER,
                        flow.id
                    ),
                ));
            }
        }
        for (locale, flows) in self.locales.iter_mut().zip(resolved) {
            locale.flows = flows;
        }
    }

    /// The words locale `code` shows (English for a locale the site lacks).
    pub fn words(&self, code: &str) -> &kefu_core::kefu_model::Words {
        self.words.by_locale.get(code).unwrap_or_else(|| &self.words.by_locale[&self.config.default_locale])
    }

    /// Every article of every locale, drafts included.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        self.locales.iter().flat_map(LocaleContent::articles)
    }

    /// The content of the locale `code`.
    pub fn locale(&self, code: &str) -> Option<&LocaleContent> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// The default locale's content.
    pub fn default_locale(&self) -> &LocaleContent {
        self.locale(&self.config.default_locale).expect("the config validates its default locale")
    }

    /// The article at `path` as `locale` shows it: its own, else the default locale's.
    pub fn article_for<'a>(&'a self, locale: &'a LocaleContent, path: &str) -> Option<&'a Article> {
        locale.article(path).or_else(|| self.default_locale().article(path))
    }
}

fn load_locale(
    root: &Path,
    dir: &Path,
    options: &ParseOptions,
    problems: &mut Vec<ContentError>,
) -> Result<LocaleContent, Error> {
    let mut content = LocaleContent::default();
    let mut sources = Vec::new();
    let mut flow_sources = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Io { path: dir.to_path_buf(), source: e.into() })?;
        let path = entry.path();
        let below = path.strip_prefix(dir).expect("walkdir stays below its root");
        let below = below.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/");
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_dir() {
            if name.starts_with('.') {
                continue;
            }
            let meta_path = path.join(CATEGORY_FILE);
            if meta_path.is_file() {
                let text = std::fs::read_to_string(&meta_path).at(&meta_path)?;
                match CategoryMeta::parse(&relative(root, &meta_path), &text) {
                    Ok(meta) => drop(content.folders.insert(below, meta)),
                    Err(e) => problems.push(e),
                }
            }
        } else if name.starts_with('.') || name == CATEGORY_FILE {
            continue;
        } else if name.ends_with(".md") && name.starts_with('_') {
            problems.push(problem(
                root,
                path,
                "files starting with `_` are reserved: rename it, or move it out of content/",
            ));
        } else if name.ends_with(".md") && below.starts_with(&format!("{}/", flow_file::FOLDER)) {
            flow_sources.push(path.to_path_buf());
        } else if name.ends_with(".md") {
            sources.push(path.to_path_buf());
        } else {
            content.files.insert(below, path.to_path_buf());
        }
    }

    // Per file: unreadable (an error), or parsed into an article or a problem.
    let parsed: Vec<Result<Result<Article, ContentError>, Error>> = sources
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).at(path)?;
            Ok(Article::parse(&relative(root, path), &text, options))
        })
        .collect();
    for path in flow_sources {
        let text = std::fs::read_to_string(&path).at(&path)?;
        match FlowFile::parse(&relative(root, &path), &text, options.unsafe_html) {
            Ok(flow) => content.flow_files.push(flow),
            Err(problem) => problems.push(problem),
        }
    }
    let mut categories: BTreeMap<String, Category> = BTreeMap::new();
    for result in parsed {
        match result? {
            Ok(article) => {
                let slug = article.category().unwrap_or_default().to_string();
                categories
                    .entry(slug.clone())
                    .or_insert_with(|| Category { meta: category_meta(&content, &slug), slug, articles: Vec::new() })
                    .articles
                    .push(article);
            }
            Err(problem) => problems.push(problem),
        }
    }
    content.categories = categories.into_values().collect();
    content.categories.iter_mut().for_each(Category::sort);
    content
        .categories
        .sort_by(|a, b| (a.meta.order, &a.meta.title, &a.slug).cmp(&(b.meta.order, &b.meta.title, &b.slug)));
    for (c, category) in content.categories.iter().enumerate() {
        for (a, article) in category.articles.iter().enumerate() {
            content.by_path.insert(article.path.clone(), (c, a));
        }
    }
    Ok(content)
}

fn category_meta(content: &LocaleContent, slug: &str) -> CategoryMeta {
    content
        .folders
        .get(slug)
        .cloned()
        .unwrap_or_else(|| CategoryMeta { title: slug.to_string(), ..CategoryMeta::default() })
}

fn problem(root: &Path, path: &Path, message: impl Into<String>) -> ContentError {
    ContentError::at_line(relative(root, path), 1, message)
}

/// `path` relative to the site root, for messages an author can click.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
