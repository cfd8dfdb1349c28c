//! Articles and the categories they are filed in.

use crate::error::ContentError;
use crate::front_matter::FrontMatter;
use crate::markdown;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One help article: `content/<locale>/<category>/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The source file, relative to the site root.
    pub source: PathBuf,
    /// The locale folder it lives in, e.g. `zh-CN`.
    pub locale: String,
    /// The category folder's name, e.g. `refunds`.
    pub category: String,
    /// The file name without `.md`: the last part of the article's URL.
    pub slug: String,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The body rendered to HTML by [`markdown::render`].
    pub body_html: String,
}

impl Article {
    /// Parses an article. `source` is `content/<locale>/<category>/<slug>.md`.
    pub fn parse(source: &Path, text: &str) -> Result<Self, ContentError> {
        let (locale, category, slug) = article_path_parts(source).ok_or_else(|| {
            ContentError::at(source, text, 0, "an article must live at content/<locale>/<category>/<slug>.md")
        })?;
        let (front, body) = FrontMatter::parse(source, text)?;
        Ok(Self { source: source.to_path_buf(), locale, category, slug, front, body_html: markdown::render(body) })
    }

    /// The article's page, relative to the locale's home, e.g. `refunds/policy/`.
    pub fn path_in_locale(&self) -> String {
        format!("{}/{}/", self.category, self.slug)
    }
}

fn article_path_parts(source: &Path) -> Option<(String, String, String)> {
    let parts: Vec<&str> = source.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    match parts.as_slice() {
        [.., "content", locale, category, file] => {
            let slug = file.strip_suffix(".md")?;
            Some((locale.to_string(), category.to_string(), slug.to_string()))
        }
        _ => None,
    }
}

/// The metadata of a category, from `content/<locale>/<category>/_category.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CategoryMeta {
    /// The category's name as visitors see it.
    pub title: String,
    /// One sentence on what the category covers.
    #[serde(default)]
    pub description: String,
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

/// A category folder of one locale with its articles, sorted for display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// The folder name, also the URL segment, e.g. `refunds`.
    pub slug: String,
    /// Its metadata.
    pub meta: CategoryMeta,
    /// Its articles, by `order` then title.
    pub articles: Vec<Article>,
}

impl Category {
    /// Sorts the articles by `order`, then title, then slug: the order pages list them in.
    pub fn sort(&mut self) {
        self.articles
            .sort_by(|a, b| (a.front.order, &a.front.title, &a.slug).cmp(&(b.front.order, &b.front.title, &b.slug)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_path_front_matter_and_body() {
        let source = Path::new("content/zh-CN/refunds/policy.md");
        let text = "+++\ntitle = \"退款政策\"\nsummary = \"七天无理由退货\"\n+++\n\n未拆封的商品可以全额退款。\n";
        let article = Article::parse(source, text).unwrap();
        assert_eq!(
            (article.locale.as_str(), article.category.as_str(), article.slug.as_str()),
            ("zh-CN", "refunds", "policy")
        );
        assert_eq!(article.path_in_locale(), "refunds/policy/");
        assert_eq!(article.body_html, "<p>未拆封的商品可以全额退款。</p>\n");
    }

    #[test]
    fn misplaced_file_is_an_error() {
        let err = Article::parse(Path::new("content/en/stray.md"), "+++\ntitle = \"x\"\n+++\n").unwrap_err();
        assert!(err.message.contains("content/<locale>/<category>/<slug>.md"));
    }

    #[test]
    fn category_meta_refuses_unknown_keys() {
        let err = CategoryMeta::parse(Path::new("_category.toml"), "title = \"x\"\nicon = \"y\"\n").unwrap_err();
        assert_eq!(err.location.line, 2);
    }
}
