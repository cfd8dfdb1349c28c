//! Front matter in three steps: split the `+++` (TOML) or `---` (YAML) block off the
//! Markdown (borrowed), deserialize it into a typed struct that refuses unknown keys,
//! then validate.

use crate::error::ContentError;
use kefu_model::time::Date;
use serde::Deserialize;
use std::path::Path;

/// The metadata at the top of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// The question or topic the article answers, as visitors would ask it.
    pub title: String,
    /// One or two sentences shown in lists, search results and link previews.
    #[serde(default)]
    pub summary: String,
    /// Other phrasings of the question; search matches them like the title.
    #[serde(default)]
    pub questions: Vec<String>,
    /// Short labels, shown on the page and used by search.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Position within the category; lower comes first, then by title.
    #[serde(default, alias = "weight")]
    pub order: i32,
    /// When the article was last revised, shown on the page and in the sitemap.
    #[serde(default)]
    pub updated: Option<Date>,
    /// A draft is checked but not published.
    #[serde(default)]
    pub draft: bool,
    /// Featured articles are listed on the home page.
    #[serde(default)]
    pub featured: bool,
    /// Other articles of the same locale, as `<category>/<slug>`.
    #[serde(default)]
    pub related: Vec<String>,
    /// Old URLs of this article, relative to the site root; each becomes a redirect.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// The front matter's format, told by its fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// An article's text split into its front matter and Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The format of `front`.
    pub format: Format,
    /// The text between the fences.
    pub front: &'a str,
    /// Byte offset of `front` in the whole text, so errors can name the right line.
    pub front_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the whole text.
    pub body_offset: usize,
}

/// Splits `text` into front matter and body. The file must start with a `+++` or `---`
/// line and the block must be closed by the same fence.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, ContentError> {
    let no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (format, fence) = match no_bom.get(..3) {
        Some("+++") => (Format::Toml, "+++"),
        Some("---") => (Format::Yaml, "---"),
        _ => {
            return Err(ContentError::at(
                path,
                text,
                0,
                "an article must start with front matter: a line `+++`, then `title = \"...\"`, then a closing `+++` (or the same in YAML between `---` lines)",
            ));
        }
    };
    let after_open = strip_fence_line(no_bom, fence).ok_or_else(|| {
        ContentError::at(path, text, 0, format!("the opening `{fence}` must stand alone on the first line"))
    })?;
    let front_offset = text.len() - after_open.len();
    let mut line_start = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == fence {
            let body_start = line_start + line.len();
            return Ok(Split {
                format,
                front: &after_open[..line_start],
                front_offset,
                body: &after_open[body_start..],
                body_offset: front_offset + body_start,
            });
        }
        line_start += line.len();
    }
    Err(ContentError::at(
        path,
        text,
        0,
        format!("the front matter opened with `{fence}` is never closed: add a `{fence}` line after it"),
    ))
}

fn strip_fence_line<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

impl FrontMatter {
    /// Parses and validates the front matter of `text`, the content of `path`.
    /// Keys in `ignored` (front matter of other tools, say a Hugo theme's) are skipped;
    /// any other unknown key is an error. Returns the front matter and the split text.
    pub(crate) fn parse<'a>(path: &Path, text: &'a str, ignored: &[String]) -> Result<(Self, Split<'a>), ContentError> {
        let split = split(path, text)?;
        let mut front = std::borrow::Cow::Borrowed(split.front);
        let parsed = loop {
            match deserialize(split.format, &front) {
                Ok(parsed) => break parsed,
                Err(err) => match unknown_field(&err.message).filter(|key| ignored.iter().any(|i| i == key)) {
                    // Blank the key's lines rather than delete them, so later errors keep their lines.
                    Some(key) => front = blank_key(&front, key).into(),
                    None => return Err(ContentError::at(path, text, split.front_offset + err.offset, err.message)),
                },
            }
        };
        parsed.validate(path, text, &split)?;
        Ok((parsed, split))
    }

    fn validate(&self, path: &Path, text: &str, split: &Split<'_>) -> Result<(), ContentError> {
        let at_key = |key: &str, message: &str| {
            let offset = split.front_offset + split.front.find(key).unwrap_or(0);
            ContentError::at(path, text, offset, message)
        };
        if self.title.trim().is_empty() {
            return Err(at_key("title", "title must not be empty"));
        }
        if self.related.iter().any(|r| r.ends_with(".md") || r.starts_with('/')) {
            return Err(at_key(
                "related",
                "related articles are written `<category>/<slug>`, without `.md` or a leading `/`",
            ));
        }
        Ok(())
    }
}

/// A deserialization error with its byte offset in the front matter.
struct RawError {
    offset: usize,
    message: String,
}

fn deserialize(format: Format, front: &str) -> Result<FrontMatter, RawError> {
    match format {
        Format::Toml => toml::from_str(front).map_err(|e| RawError {
            offset: e.span().map_or(0, |s| s.start),
            message: e.message().trim_end().to_string(),
        }),
        Format::Yaml if front.trim().is_empty() => Err(RawError { offset: 0, message: "missing field `title`".into() }),
        Format::Yaml => serde_saphyr::from_str(front).map_err(|e| yaml_error(front, &e)),
    }
}

fn yaml_error(front: &str, err: &serde_saphyr::Error) -> RawError {
    let offset = err.location().map_or(0, |l| line_column_offset(front, l.line() as usize, l.column() as usize));
    // The message's first line reads "error: line L column C: <what>"; keep <what>.
    let rendered = err.to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let message = first.split_once(": ").map_or(first, |(_, rest)| rest);
    let message = match message.split_once(": ") {
        Some((place, what)) if place.starts_with("line ") => what,
        _ => message,
    };
    RawError { offset, message: message.to_string() }
}

fn line_column_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let in_line = text[line_start..].chars().take(column.saturating_sub(1)).map(char::len_utf8).sum::<usize>();
    line_start + in_line
}

/// The key named by serde's "unknown field `key`, expected ..." message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(&rest[..rest.find('`')?])
}

/// `front` with the top-level `key` and its indented continuation lines overwritten
/// with spaces, byte for byte, so every other offset stays valid.
fn blank_key(front: &str, key: &str) -> String {
    let mut out = String::with_capacity(front.len());
    let mut blanking = false;
    for line in front.split_inclusive('\n') {
        let starts_key = line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(['=', ':']));
        let continuation =
            line.starts_with([' ', '\t']) || line.trim().is_empty() || line.trim_start().starts_with(']');
        blanking = starts_key || (blanking && continuation && !line.trim().is_empty());
        if blanking {
            out.extend(line.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<FrontMatter, ContentError> {
        FrontMatter::parse(Path::new("content/en/a/b.md"), text, &[]).map(|(front, _)| front)
    }

    #[test]
    fn table_of_valid_inputs() {
        let cases: &[(&str, &str, &str)] = &[
            ("+++\ntitle = \"A\"\n+++\nBody\n", "A", "Body\n"),
            ("\u{feff}+++\r\ntitle = \"B\"\r\n+++\r\n# H\r\n", "B", "# H\r\n"),
            ("+++  \ntitle = \"C\"\nsummary = \"s\"\norder = 2\n+++\n", "C", ""),
            ("---\ntitle: D\nsummary: 介绍\naliases: ['/zh/old/']\n---\n\n# D\n", "D", "\n# D\n"),
        ];
        for (text, title, body) in cases {
            let (front, split) = FrontMatter::parse(Path::new("x.md"), text, &[]).unwrap();
            assert_eq!((front.title.as_str(), split.body), (*title, *body), "{text:?}");
        }
    }

    #[test]
    fn every_field_in_both_formats() {
        let toml = "+++\ntitle = \"T\"\nsummary = \"S\"\nquestions = [\"q1\", \"q2\"]\ntags = [\"t\"]\nweight = 3\nupdated = 2026-11-20\ndraft = true\nfeatured = true\nrelated = [\"refunds/policy\"]\naliases = [\"/old/\"]\n+++\n";
        let yaml = "---\ntitle: T\nsummary: S\nquestions:\n  - q1\n  - q2\ntags: [t]\nweight: 3\nupdated: 2026-11-20\ndraft: true\nfeatured: true\nrelated: [refunds/policy]\naliases: [/old/]\n---\n";
        let (a, b) = (parse(toml).unwrap(), parse(yaml).unwrap());
        assert_eq!(a, b);
        assert_eq!(a.questions, ["q1", "q2"]);
        assert_eq!(a.order, 3);
        assert_eq!(a.updated.unwrap().to_string(), "2026-11-20");
        assert!(a.draft && a.featured);
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line_and_column() {
        let err = parse("+++\ntitle = \"A\"\n  sumary = \"typo\"\n+++\n").unwrap_err();
        assert_eq!(err.location.to_string(), "content/en/a/b.md:3:3");
        assert!(err.message.contains("sumary"), "{}", err.message);
        let err = parse("---\ntitle: A\nsumary: typo\n---\n").unwrap_err();
        assert_eq!(err.location.to_string(), "content/en/a/b.md:3:1");
        assert!(err.message.starts_with("unknown field `sumary`"), "{}", err.message);
    }

    #[test]
    fn ignored_keys_are_skipped_and_later_errors_keep_their_line() {
        let ignored = ["hide_sidebar".to_string(), "category".to_string()];
        let text = "---\ntitle: A\nhide_sidebar: true\ncategory:\n  - x\n  - y\nsummary: s\n---\n";
        let (front, _) = FrontMatter::parse(Path::new("f.md"), text, &ignored).unwrap();
        assert_eq!(front.summary, "s");
        let text = "---\ntitle: A\nhide_sidebar: true\norder: first\n---\n";
        let err = FrontMatter::parse(Path::new("f.md"), text, &ignored).unwrap_err();
        assert_eq!(err.location.line, 4, "{err}");
    }

    #[test]
    fn table_of_invalid_inputs() {
        let cases: &[(&str, usize, &str)] = &[
            ("# No front matter\n", 1, "must start with front matter"),
            ("+++\ntitle = \"A\"\n", 1, "never closed"),
            ("---\ntitle: A\n", 1, "never closed"),
            ("+++\ntitle = \"\"\n+++\n", 2, "title must not be empty"),
            ("+++\nsummary = \"x\"\n+++\n", 2, "title"),
            ("---\n---\n", 2, "missing field `title`"),
            ("+++\ntitle = \"A\"\norder = \"first\"\n+++\n", 3, "expected i32"),
            ("---\ntitle: A\norder: first\n---\n", 3, "i32"),
            ("+++\ntitle = \"A\"\nupdated = \"soon\"\n+++\n", 3, "not a date"),
            ("+++\ntitle = \"A\"\nrelated = [\"refunds/policy.md\"]\n+++\n", 3, "<category>/<slug>"),
        ];
        for (text, line, message) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.location.line, *line, "{text:?}: {err}");
            assert!(err.message.contains(message), "{text:?}: {err}");
        }
    }
}
