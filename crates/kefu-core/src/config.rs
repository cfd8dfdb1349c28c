//! `site/kefu.toml`: the site's name, URL, locales and brand.

use crate::contact::ContactConfig;
use crate::error::ContentError;
use crate::tickets::TicketsConfig;
use serde::Deserialize;
use std::path::Path;

/// The whole of `site/kefu.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteConfig {
    /// The help center's name, shown in the header and the title of every page.
    pub name: String,
    /// The absolute URL the site is published at, e.g. `https://help.example.com/`.
    pub base_url: String,
    /// The locale served at the site root; the others live under `/<locale>/`.
    pub default_locale: String,
    /// Every locale the site is written in, in the order the language menu lists them.
    pub locales: Vec<LocaleConfig>,
    /// Colours and logo.
    #[serde(default)]
    pub brand: Brand,
    /// How Markdown is rendered.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// How content files are read.
    #[serde(default)]
    pub content: ContentConfig,
    /// The ways to reach a person: channels, hours, topics, holidays, busy seasons.
    #[serde(default)]
    pub contact: ContactConfig,
    /// The ticket form: where it posts, how, and its fields.
    #[serde(default)]
    pub tickets: TicketsConfig,
    /// How search understands visitors.
    #[serde(default)]
    pub search: SearchConfig,
}

/// `[search]`: the site's own search vocabulary, beside kefu's built-in lexicon.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SearchConfig {
    /// Synonym rules, as Solr and Elasticsearch write them: `"会员, VIP"` (each finds
    /// the articles that use the other) or `"退钱 => 退款"` (what visitors type also
    /// finds what articles say, not the other way round). kefu-search reads them.
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// `[markdown]`: rendering choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MarkdownConfig {
    /// Pass raw HTML in articles through unsanitised. Only for content you fully trust.
    #[serde(default)]
    pub unsafe_html: bool,
}

/// `[content]`: reading articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContentConfig {
    /// Front matter keys of other tools (a Hugo theme's, say) to skip rather than reject.
    #[serde(default)]
    pub ignore_keys: Vec<String>,
}

/// A link in the header's navigation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NavLink {
    /// The link's text.
    pub title: String,
    /// Where it goes: an absolute URL, or a path relative to the site root.
    pub url: String,
}

/// One locale of the site.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LocaleConfig {
    /// BCP 47 tag, also the folder name under `content/`, e.g. `zh-CN`.
    pub code: String,
    /// The language's own name, e.g. `简体中文`.
    pub name: String,
    /// The help center's name in this language; the site's `name` when not set.
    #[serde(default)]
    pub site_name: Option<String>,
    /// A sentence on what the help center is for: the home page's meta description.
    #[serde(default)]
    pub description: String,
    /// Links in the header, e.g. back to the shop.
    #[serde(default)]
    pub nav: Vec<NavLink>,
}

/// The site's brand.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Brand {
    /// Accent colour as `#rrggbb`, used by the pages and the widget.
    #[serde(default = "Brand::default_color")]
    pub color: String,
    /// The logo shown in the header: a path below `site/assets/`, e.g. `logo.svg`.
    #[serde(default)]
    pub logo: Option<String>,
}

impl Default for Brand {
    fn default() -> Self {
        Self { color: Self::default_color(), logo: None }
    }
}

impl Brand {
    fn default_color() -> String {
        "#0b6bcb".into()
    }
}

impl SiteConfig {
    /// Parses and validates the text of `kefu.toml`; `path` is used in error messages.
    /// Every problem found is returned.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Vec<ContentError>> {
        let config: Self = toml::from_str(text).map_err(|e| vec![ContentError::from_toml(path, text, 0, &e)])?;
        config.validate(path, text).map_err(|e| vec![e])?;
        let mut problems = Vec::new();
        config.contact.validate(path, text, &mut problems);
        config.tickets.validate(&config.contact, path, text, &mut problems);
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }

    fn validate(&self, path: &Path, text: &str) -> Result<(), ContentError> {
        let error_at_key = |key: &str, message: String| {
            let offset = text.find(key).unwrap_or(0);
            ContentError::at(path, text, offset, message)
        };
        if !self.base_url.starts_with("http://") && !self.base_url.starts_with("https://") {
            return Err(error_at_key(
                "base-url",
                format!("base-url must be an absolute http(s) URL, got {:?}", self.base_url),
            ));
        }
        if self.locales.is_empty() {
            return Err(error_at_key("locales", "at least one locale is needed: add a [[locales]] table".into()));
        }
        if self.locale(&self.default_locale).is_none() {
            let known: Vec<_> = self.locales.iter().map(|l| l.code.as_str()).collect();
            return Err(error_at_key(
                "default-locale",
                format!(
                    "default-locale {:?} is not one of the [[locales]] ({})",
                    self.default_locale,
                    known.join(", ")
                ),
            ));
        }
        let color = self.brand.color.strip_prefix('#').unwrap_or_default();
        if color.len() != 6 || !color.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(error_at_key(
                "color",
                format!("brand color must look like #0b6bcb, got {:?}", self.brand.color),
            ));
        }
        Ok(())
    }

    /// The locale with this code, if the site has it.
    pub fn locale(&self, code: &str) -> Option<&LocaleConfig> {
        self.locales.iter().find(|l| l.code == code)
    }

    /// The help center's name in the locale `code`.
    pub fn site_name(&self, code: &str) -> &str {
        self.locale(code).and_then(|l| l.site_name.as_deref()).unwrap_or(&self.name)
    }

    /// The path part of `base-url`, always starting and ending with `/`: every link on
    /// the site starts with it, so a site can live at `https://example.com/help/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let trimmed = path.trim_matches('/');
        if trimmed.is_empty() { "/".into() } else { format!("/{trimmed}/") }
    }

    /// The absolute URL of `path`, which is relative to the site root.
    pub fn absolute_url(&self, path: &str) -> String {
        format!("{}/{}", self.base_url.trim_end_matches('/'), path.trim_start_matches('/'))
    }

    /// The path of a locale's home relative to the site root: empty for the default
    /// locale, `en/` for the others.
    pub fn locale_prefix(&self, code: &str) -> String {
        if code == self.default_locale { String::new() } else { format!("{code}/") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r##"
name = "Help"
base-url = "https://help.example.com/support"
default-locale = "zh-CN"

[[locales]]
code = "zh-CN"
name = "简体中文"

[[locales]]
code = "en"
name = "English"
site-name = "Help Center"
"##;

    fn parse(text: &str) -> Result<SiteConfig, ContentError> {
        SiteConfig::parse(Path::new("site/kefu.toml"), text).map_err(|mut e| e.remove(0))
    }

    #[test]
    fn parses_and_derives_paths() {
        let config = parse(GOOD).unwrap();
        assert_eq!(config.base_path(), "/support/");
        assert_eq!(config.locale_prefix("zh-CN"), "");
        assert_eq!(config.locale_prefix("en"), "en/");
        assert_eq!(config.brand.color, "#0b6bcb");
        assert_eq!((config.site_name("zh-CN"), config.site_name("en")), ("Help", "Help Center"));
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let text = GOOD.replace("default-locale", "defualt-locale");
        let err = parse(&text).unwrap_err();
        assert_eq!(err.location.to_string(), "site/kefu.toml:4:1");
        assert!(err.message.contains("defualt-locale"), "{}", err.message);
    }

    #[test]
    fn default_locale_must_exist() {
        let err = parse(&GOOD.replace("default-locale = \"zh-CN\"", "default-locale = \"fr\"")).unwrap_err();
        assert_eq!(err.location.line, 4);
        assert!(err.message.contains("\"fr\" is not one of the [[locales]] (zh-CN, en)"), "{}", err.message);
    }

    #[test]
    fn search_synonyms_are_read_and_unknown_search_keys_named() {
        let config = parse(&format!("{GOOD}\n[search]\nsynonyms = [\"会员, VIP\", \"退钱 => 退款\"]\n")).unwrap();
        assert_eq!(config.search.synonyms, ["会员, VIP", "退钱 => 退款"]);
        assert!(parse(GOOD).unwrap().search.synonyms.is_empty());
        let err = parse(&format!("{GOOD}\n[search]\nsynonym = []\n")).unwrap_err();
        assert_eq!(err.location.line, 16);
        assert!(err.message.contains("synonym"), "{}", err.message);
    }

    #[test]
    fn brand_color_is_checked() {
        let err = parse(&format!("{GOOD}\n[brand]\ncolor = \"blue\"\n")).unwrap_err();
        assert!(err.message.contains("#0b6bcb"), "{}", err.message);
    }
}
