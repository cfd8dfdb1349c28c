//! Articles and the categories they are filed in.

use crate::error::ContentError;
use crate::front_matter::FrontMatter;
use crate::markdown::{self, RenderOptions, Rendered};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// How to read articles: the site's choices that parsing depends on.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// Front matter keys of other tools to skip rather than reject.
    pub ignored_keys: Vec<String>,
    /// Pass raw HTML through instead of sanitising it.
    pub unsafe_html: bool,
}

/// One help article: `content/<locale>/[<category>/[<section>/...]]<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The locale folder it lives in, e.g. `zh-CN`.
    pub locale: String,
    /// Its path below the locale folder without `.md`, `/`-separated, e.g.
    /// `refunds/policy`. The same path in another locale is its translation.
    pub path: String,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The Markdown body as written, for the `.md` mirror.
    pub markdown: String,
    /// Line of the source file on which the body starts, from 1.
    pub body_line: usize,
    /// The rendered body and its headings, links and questions.
    pub rendered: Rendered,
}

impl Article {
    /// Parses an article. `source` is relative to the site root and starts with
    /// `content/<locale>/`.
    pub fn parse(source: &Path, text: &str, options: &ParseOptions) -> Result<Self, ContentError> {
        let (locale, path) = article_path(source).ok_or_else(|| {
            ContentError::at(source, text, 0, "an article must live under content/<locale>/ and end in .md")
        })?;
        let (front, split) = FrontMatter::parse(source, text, &options.ignored_keys)?;
        let page_depth = path.split('/').count();
        let rendered = markdown::render(split.body, &RenderOptions { page_depth, unsafe_html: options.unsafe_html });
        let body_line = text[..split.body_offset].matches('\n').count() + 1;
        Ok(Self {
            source: source.to_path_buf(),
            locale,
            path,
            front,
            markdown: split.body.to_string(),
            body_line,
            rendered,
        })
    }

    /// The category folder, or `None` for an article directly in the locale folder.
    pub fn category(&self) -> Option<&str> {
        self.path.split_once('/').map(|(category, _)| category)
    }

    /// The folders between the category and the file, e.g. `tiup` in `tools/tiup/deploy`.
    pub fn section(&self) -> Option<&str> {
        let (_, rest) = self.path.split_once('/')?;
        rest.rsplit_once('/').map(|(section, _)| section)
    }

    /// The file name without `.md`.
    pub fn slug(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The article's page, relative to the locale's home, e.g. `refunds/policy/`.
    pub fn path_in_locale(&self) -> String {
        format!("{}/", self.path)
    }

    /// The line in the source file of line `body_line` of the body.
    pub fn source_line(&self, body_line: usize) -> usize {
        self.body_line + body_line - 1
    }
}

fn article_path(source: &Path) -> Option<(String, String)> {
    let parts: Vec<&str> = source.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let content = parts.iter().position(|p| *p == "content")?;
    let (locale, rest) = parts[content + 1..].split_first()?;
    let (file, folders) = rest.split_last()?;
    let slug = file.strip_suffix(".md")?;
    let mut path = folders.join("/");
    if !path.is_empty() {
        path.push('/');
    }
    path.push_str(slug);
    Some((locale.to_string(), path))
}

/// The metadata of a category or section folder, from its `_category.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CategoryMeta {
    /// The category's name as visitors see it.
    pub title: String,
    /// One sentence on what the category covers.
    #[serde(default)]
    pub description: String,
    /// An icon shown beside the title on the home page: an emoji or a short symbol.
    #[serde(default)]
    pub icon: String,
    /// Position on the home page; lower comes first, then by title.
    #[serde(default)]
    pub order: i32,
}

impl CategoryMeta {
    /// Parses `_category.toml`; `path` is used in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ContentError> {
        toml::from_str(text).map_err(|e| ContentError::from_toml(path, text, 0, &e))
    }
}

/// A category of one locale with its articles, sorted for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The folder name, also the URL segment, e.g. `refunds`; empty for the articles
    /// directly in the locale folder.
    pub slug: String,
    /// Its metadata.
    pub meta: CategoryMeta,
    /// Its articles, by section, then `order`, then title.
    pub articles: Vec<Article>,
}

impl Category {
    /// Its page's path below the locale's home, e.g. `refunds/`; the articles directly
    /// in the locale folder have no category page.
    pub fn path_in_locale(&self) -> Option<String> {
        (!self.slug.is_empty()).then(|| format!("{}/", self.slug))
    }

    /// Sorts the articles into the order pages list them in.
    pub fn sort(&mut self) {
        self.articles.sort_by(|a, b| {
            (a.section(), a.front.order, &a.front.title, &a.path).cmp(&(
                b.section(),
                b.front.order,
                &b.front.title,
                &b.path,
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str, text: &str) -> Result<Article, ContentError> {
        Article::parse(Path::new(source), text, &ParseOptions::default())
    }

    #[test]
    fn parses_path_front_matter_and_body() {
        let text = "+++\ntitle = \"退款政策\"\nsummary = \"七天无理由退货\"\n+++\n\n未拆封的商品可以全额退款。\n";
        let article = parse("content/zh-CN/refunds/policy.md", text).unwrap();
        assert_eq!((article.locale.as_str(), article.path.as_str()), ("zh-CN", "refunds/policy"));
        assert_eq!((article.category(), article.section(), article.slug()), (Some("refunds"), None, "policy"));
        assert_eq!(article.path_in_locale(), "refunds/policy/");
        assert_eq!(article.rendered.html, "<p>未拆封的商品可以全额退款。</p>\n");
        assert_eq!(article.body_line, 5);
        assert_eq!(article.source_line(2), 6);
    }

    #[test]
    fn table_of_paths() {
        let cases = [
            ("content/en/faq.md", "faq", None, None),
            ("content/en/tools/tiup/deploy.md", "tools/tiup/deploy", Some("tools"), Some("tiup")),
            ("site/../content/en/a/b/c/d.md", "a/b/c/d", Some("a"), Some("b/c")),
        ];
        for (source, path, category, section) in cases {
            let article = parse(source, "+++\ntitle = \"x\"\n+++\n").unwrap();
            assert_eq!((article.path.as_str(), article.category(), article.section()), (path, category, section));
        }
    }

    #[test]
    fn misplaced_file_is_an_error() {
        let err = parse("notes/stray.md", "+++\ntitle = \"x\"\n+++\n").unwrap_err();
        assert!(err.message.contains("content/<locale>/"));
    }

    #[test]
    fn category_meta_refuses_unknown_keys() {
        let err = CategoryMeta::parse(Path::new("_category.toml"), "title = \"x\"\nicno = \"y\"\n").unwrap_err();
        assert_eq!(err.location.line, 2);
    }
}
