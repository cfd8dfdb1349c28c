//! Words files: `site/words/<locale>.toml`, a flat table of the words pages and the
//! widget show (kefu_model::Words).

use crate::error::ContentError;
use kefu_model::Words;
use std::collections::BTreeMap;
use std::path::Path;

/// Parses the words file `path`. With `known` (the complete English set), a key that is
/// not a word there is an error, so that a typo does not go unnoticed.
pub fn parse_words(path: &Path, text: &str, known: Option<&Words>) -> Result<Words, ContentError> {
    let table: BTreeMap<String, String> =
        toml::from_str(text).map_err(|e| ContentError::from_toml(path, text, 0, &e))?;
    if let Some(known) = known
        && let Some(unknown) = table.keys().find(|k| known.get(k).is_none())
    {
        return Err(ContentError::at(
            path,
            text,
            key_offset(text, unknown),
            format!("`{unknown}` is not a word kefu shows: kefu's own site/words/en.toml lists every word"),
        ));
    }
    Ok(table.into_iter().collect())
}

/// Where `key` is defined in `text`: the start of its line, or the start of the file.
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let rest =
            line.trim_start().strip_prefix(key).or_else(|| line.trim_start().strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return offset + line.len() - line.trim_start().len();
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_known_words_and_names_an_unknown_one_at_its_line() {
        let english: Words = [("close", "Close"), ("back", "Back")].into_iter().collect();
        let path = Path::new("site/words/ar.toml");
        let words = parse_words(path, "# Arabic\nclose = \"إغلاق\"\n", Some(&english)).unwrap();
        assert_eq!(words.t("close"), "إغلاق");

        let err = parse_words(path, "close = \"x\"\n  bakc = \"y\"\n", Some(&english)).unwrap_err();
        assert_eq!(err.location.to_string(), "site/words/ar.toml:2:3");
        assert!(err.message.contains("`bakc` is not a word"), "{}", err.message);

        let err = parse_words(path, "close = 3\n", Some(&english)).unwrap_err();
        assert_eq!(err.location.line, 1);
    }
}
