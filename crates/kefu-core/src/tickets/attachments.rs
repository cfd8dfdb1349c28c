//! `[tickets.attachments]`: how many files a ticket may carry, how large, of which types,
//! and how far images are scaled down before they are stored. The widget checks each file
//! against these limits in the browser, before anything is stored or sent.

use kefu_model::ticket::Attachments;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::fmt;
use toml::Spanned;

/// The most files a ticket may carry: each is a part of one request body.
const MOST_FILES: i64 = 20;
/// The largest file kefu lets a form take: larger ones are stored in the browser and sent
/// whole, and a visitor on a slow line never gets them through.
const MOST_BYTES: u64 = 100_000_000;
/// The longest edge an image may be scaled to: browsers refuse to draw larger canvases.
const MOST_EDGE: i64 = 16_384;

/// `[tickets.attachments]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AttachmentsConfig {
    /// At most this many files per ticket, 1 to 20 (default 3).
    #[serde(default)]
    pub max_files: Option<Spanned<i64>>,
    /// Each file at most this large: `"500 KB"`, `"10 MB"`, `"2 MiB"` or bytes (default 10 MB).
    #[serde(default)]
    pub max_size: Option<Spanned<Size>>,
    /// MIME types (`application/pdf`), families (`image/*`) or endings (`.log`); none: any.
    #[serde(default)]
    pub types: Vec<Spanned<String>>,
    /// Images longer than this (px) are scaled down in the browser; 0: never (default 1600).
    #[serde(default)]
    pub max_edge: Option<Spanned<i64>>,
}

/// `max-size` as written: a text such as `"10 MB"`, or a whole number of bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Size {
    /// A number of bytes.
    Bytes(i64),
    /// A number and a unit.
    Text(String),
}

impl<'de> Deserialize<'de> for Size {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SizeVisitor;
        impl Visitor<'_> for SizeVisitor {
            type Value = Size;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as \"10 MB\", or a whole number of bytes")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Size, E> {
                Ok(Size::Bytes(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Size, E> {
                Ok(Size::Bytes(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Size, E> {
                Ok(Size::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(SizeVisitor)
    }
}

impl AttachmentsConfig {
    const DEFAULT_FILES: u32 = 3;
    const DEFAULT_BYTES: u64 = 10_000_000;
    const DEFAULT_EDGE: u32 = 1600;

    /// The limits the form carries. Call after `validate`.
    pub fn limits(&self) -> Attachments {
        Attachments {
            max_files: number(&self.max_files).unwrap_or(Self::DEFAULT_FILES),
            max_bytes: self.max_size.as_ref().and_then(|s| bytes(s.get_ref()).ok()).unwrap_or(Self::DEFAULT_BYTES),
            types: self.types.iter().map(|t| t.get_ref().clone()).collect(),
            max_edge: number(&self.max_edge).unwrap_or(Self::DEFAULT_EDGE),
        }
    }

    /// Checks the limits' ranges and the types' spelling, each problem at its place.
    pub fn validate(&self, at: &mut dyn FnMut(usize, String)) {
        if let Some(n) = &self.max_files
            && !(1..=MOST_FILES).contains(n.get_ref())
        {
            at(n.span().start, format!("max-files = {}: write 1 to {MOST_FILES}", n.get_ref()));
        }
        if let Some(size) = &self.max_size {
            match bytes(size.get_ref()) {
                Err(problem) => at(size.span().start, problem),
                Ok(0) => at(size.span().start, "max-size is 0: a file must be allowed at least 1 byte".into()),
                Ok(n) if n > MOST_BYTES => at(
                    size.span().start,
                    format!(
                        "max-size is {}, and kefu takes files of at most 100 MB: a visitor on a slow line never gets larger ones through; link to them in the description instead",
                        kefu_model::ticket::size_words(n)
                    ),
                ),
                Ok(_) => {}
            }
        }
        if let Some(edge) = &self.max_edge
            && !(0..=MOST_EDGE).contains(edge.get_ref())
        {
            at(
                edge.span().start,
                format!(
                    "max-edge = {}: write a number of pixels up to {MOST_EDGE} (the largest canvas browsers draw), or 0 to never scale images",
                    edge.get_ref()
                ),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for t in &self.types {
            if !is_type(t.get_ref()) {
                at(
                    t.span().start,
                    format!(
                        "{:?} is not a type: write a MIME type (\"application/pdf\"), a family (\"image/*\") or a file name ending (\".log\"); no types take any file",
                        t.get_ref()
                    ),
                );
            } else if !seen.insert(t.get_ref().to_ascii_lowercase()) {
                at(t.span().start, format!("type {:?} is listed twice", t.get_ref()));
            }
        }
    }
}

/// A count as written, when it is one (validate names those that are not).
fn number(value: &Option<Spanned<i64>>) -> Option<u32> {
    value.as_ref().and_then(|n| u32::try_from(*n.get_ref()).ok())
}

/// The bytes a `max-size` means, or what is wrong with it. Units are those file managers
/// show (`KB` and `MB`, powers of 1,000) and their binary kin (`KiB`, `MiB`); a number may
/// have decimals (`1.5 MB`).
pub fn bytes(size: &Size) -> Result<u64, String> {
    let text = match size {
        Size::Bytes(n) => return u64::try_from(*n).map_err(|_| format!("max-size = {n}: a size is not negative")),
        Size::Text(text) => text.trim(),
    };
    let bad = || {
        format!(
            "max-size {text:?} is not a size: write a number and a unit, e.g. \"500 KB\", \"10 MB\" or \"2 MiB\", or a whole number of bytes"
        )
    };
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = (&text[..split], text[split..].trim_start());
    let unit: u128 = match unit.to_ascii_lowercase().as_str() {
        "b" | "" => 1,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "kib" => 1 << 10,
        "mib" => 1 << 20,
        _ => return Err(bad()),
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    // Twelve digits and six decimals are more than any size in range: the arithmetic below
    // then cannot overflow.
    if whole.is_empty() || whole.len() > 12 || fraction.len() > 6 || !digits(whole) || !digits(fraction) {
        return Err(bad());
    }
    if number.ends_with('.') {
        return Err(bad());
    }
    let scale = 10u128.pow(fraction.len() as u32);
    let value = whole.parse::<u128>().map_err(|_| bad())? * scale + fraction.parse::<u128>().unwrap_or(0);
    Ok(u64::try_from(value * unit / scale).unwrap_or(u64::MAX))
}

/// Whether `t` is a MIME type (`application/pdf`), a family (`image/*`) or an ending
/// (`.log`), spelled as the `accept` attribute takes it.
fn is_type(t: &str) -> bool {
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-".contains(&b));
    if let Some(ending) = t.strip_prefix('.') {
        return !ending.is_empty() && ending.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    }
    match t.split_once('/') {
        Some((kind, "*")) => token(kind),
        Some((kind, sub)) => token(kind) && token(sub),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_as_written() {
        let cases: &[(Size, Result<u64, &str>)] = &[
            (Size::Text("500 KB".into()), Ok(500_000)),
            (Size::Text("10 MB".into()), Ok(10_000_000)),
            (Size::Text("10MB".into()), Ok(10_000_000)),
            (Size::Text("2 MiB".into()), Ok(2_097_152)),
            (Size::Text("64 kib".into()), Ok(65_536)),
            (Size::Text("1.5 MB".into()), Ok(1_500_000)),
            (Size::Text("0.5 MiB".into()), Ok(524_288)),
            (Size::Text("812 B".into()), Ok(812)),
            (Size::Text("4096".into()), Ok(4096)),
            (Size::Bytes(1_000_000), Ok(1_000_000)),
            (Size::Bytes(-1), Err("is not negative")),
            (Size::Text("ten MB".into()), Err("is not a size")),
            (Size::Text("10 GB".into()), Err("is not a size")),
            (Size::Text("10 Mb s".into()), Err("is not a size")),
            (Size::Text("1. MB".into()), Err("is not a size")),
            (Size::Text(".5 MB".into()), Err("is not a size")),
            (Size::Text("1.2.3 MB".into()), Err("is not a size")),
            (Size::Text("".into()), Err("is not a size")),
            (Size::Text("99999999999999999999 MB".into()), Err("is not a size")),
        ];
        for (size, expected) in cases {
            match (bytes(size), expected) {
                (Ok(n), Ok(m)) => assert_eq!(n, *m, "{size:?}"),
                (Err(problem), Err(says)) => assert!(problem.contains(says), "{size:?}: {problem}"),
                (got, _) => panic!("{size:?}: {got:?}"),
            }
        }
    }

    #[test]
    fn types_the_accept_attribute_takes() {
        for good in ["image/*", "application/pdf", "application/vnd.ms-excel", "text/x-log", ".log", ".tar.gz"] {
            assert!(is_type(good), "{good}");
        }
        for bad in
            ["image", "pdf", "*/*", "image/", "/pdf", ".", "image/png,image/jpeg", " .log", "text/plain; charset=utf-8"]
        {
            assert!(!is_type(bad), "{bad}");
        }
    }
}
