//! Front matter in three steps: split the `+++` block off the Markdown (borrowed),
//! deserialize it into a typed struct that refuses unknown keys, then validate.

use crate::error::ContentError;
use serde::Deserialize;
use std::path::Path;

/// The metadata at the top of an article, between `+++` lines, in TOML.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FrontMatter {
    /// The question or topic the article answers, as visitors would ask it.
    pub title: String,
    /// One or two sentences shown in lists, search results and link previews.
    #[serde(default)]
    pub summary: String,
    /// Position within the category; lower comes first, then by title.
    #[serde(default)]
    pub order: i32,
}

/// An article's text split into its front matter and Markdown body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The TOML between the fences.
    pub front: &'a str,
    /// Byte offset of `front` in the whole text, so errors can name the right line.
    pub front_offset: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
}

const FENCE: &str = "+++";

/// Splits `text` into front matter and body. The file must start with a `+++` line and
/// the block must be closed by another.
pub(crate) fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, ContentError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - text_no_bom.len();
    let Some(after_open) = strip_fence_line(text_no_bom) else {
        return Err(ContentError::at(
            path,
            text,
            0,
            "an article must start with front matter: a line `+++`, then `title = \"...\"`, then a closing `+++`",
        ));
    };
    let front_offset = bom + (text_no_bom.len() - after_open.len());
    let mut line_start = 0;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            let body = &after_open[line_start + line.len()..];
            return Ok(Split { front: &after_open[..line_start], front_offset, body });
        }
        line_start += line.len();
    }
    Err(ContentError::at(
        path,
        text,
        0,
        "the front matter opened with `+++` is never closed: add a `+++` line after it",
    ))
}

fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(FENCE)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

impl FrontMatter {
    /// Parses and validates the front matter of `text`, the content of `path`, and
    /// returns it with the Markdown body.
    pub fn parse<'a>(path: &Path, text: &'a str) -> Result<(Self, &'a str), ContentError> {
        let split = split(path, text)?;
        let front: Self =
            toml::from_str(split.front).map_err(|e| ContentError::from_toml(path, text, split.front_offset, &e))?;
        if front.title.trim().is_empty() {
            let offset = split.front_offset + split.front.find("title").unwrap_or(0);
            return Err(ContentError::at(path, text, offset, "title must not be empty"));
        }
        Ok((front, split.body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<(FrontMatter, &str), ContentError> {
        FrontMatter::parse(Path::new("content/en/a.md"), text)
    }

    #[test]
    fn table_of_valid_inputs() {
        let cases: &[(&str, &str, &str)] = &[
            ("+++\ntitle = \"A\"\n+++\nBody\n", "A", "Body\n"),
            ("\u{feff}+++\r\ntitle = \"B\"\r\n+++\r\n# H\r\n", "B", "# H\r\n"),
            ("+++  \ntitle = \"C\"\nsummary = \"s\"\norder = 2\n+++\n", "C", ""),
        ];
        for (text, title, body) in cases {
            let (front, rest) = parse(text).unwrap();
            assert_eq!((front.title.as_str(), rest), (*title, *body), "{text:?}");
        }
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line_and_column() {
        let err = parse("+++\ntitle = \"A\"\n  sumary = \"typo\"\n+++\n").unwrap_err();
        assert_eq!(err.location.to_string(), "content/en/a.md:3:3");
        assert!(err.message.contains("sumary"), "{}", err.message);
    }

    #[test]
    fn table_of_invalid_inputs() {
        let cases: &[(&str, usize, &str)] = &[
            ("# No front matter\n", 1, "must start with front matter"),
            ("+++\ntitle = \"A\"\n", 1, "never closed"),
            ("+++\ntitle = \"\"\n+++\n", 2, "title must not be empty"),
            ("+++\nsummary = \"x\"\n+++\n", 2, "title"),
            ("+++\ntitle = \"A\"\norder = \"first\"\n+++\n", 3, "expected i32"),
        ];
        for (text, line, message) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.location.line, *line, "{text:?}: {err}");
            assert!(err.message.contains(message), "{text:?}: {err}");
        }
    }
}
