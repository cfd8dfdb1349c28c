//! Errors that point at the exact place in the author's file.

use std::fmt;
use std::path::PathBuf;

/// A place in a source file; lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, which is the content of `path`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { path: path.into(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// A problem in the author's content or configuration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ContentError {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl ContentError {
    /// An error at byte `offset` of `text`, the content of `path`.
    pub fn at(path: impl Into<PathBuf>, text: &str, offset: usize, message: impl Into<String>) -> Self {
        Self { location: Location::at_offset(path, text, offset), message: message.into() }
    }

    /// An error on `line` of `path` (at its start).
    pub fn at_line(path: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Self { location: Location { path: path.into(), line, column: 1 }, message: message.into() }
    }

    /// An error from parsing TOML that starts at byte `base` of `text`.
    pub(crate) fn from_toml(path: impl Into<PathBuf>, text: &str, base: usize, err: &toml::de::Error) -> Self {
        let offset = base + err.span().map_or(0, |span| span.start);
        Self::at(path, text, offset, err.message().trim_end().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "a\n退款 x\n";
        let at = |o| Location::at_offset("f.md", text, o);
        assert_eq!((at(0).line, at(0).column), (1, 1));
        assert_eq!((at(2).line, at(2).column), (2, 1));
        // "退款 " is 7 bytes and 3 characters.
        assert_eq!((at(9).line, at(9).column), (2, 4));
        assert_eq!(at(9).to_string(), "f.md:2:4");
    }
}
