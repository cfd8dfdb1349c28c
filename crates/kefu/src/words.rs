//! Each locale's words: English from kefu's defaults (`site/words/en.toml` in the
//! binary, which lists every word), then kefu's own file for the locale's language, then
//! the site's own `site/words/<locale>.toml`. The pages and the widget show the result.

use crate::embedded;
use crate::error::{Error, IoContext};
use kefu_core::kefu_model::{Words, locale};
use kefu_core::{ContentError, parse_words};
use std::collections::BTreeMap;
use std::path::Path;

/// The folder of words files, below `site/` and in the binary.
const DIR: &str = "words";

/// The words of a site's locales, and what each lacks.
#[derive(Debug, Default)]
pub struct SiteWords {
    /// Each locale's words, complete (English fills the gaps).
    pub by_locale: BTreeMap<String, Words>,
    /// For each locale not in English, the words no file gives in its language.
    pub missing: BTreeMap<String, Vec<String>>,
}

/// Loads the words of `locales`; a site's words file that does not parse, or names a word
/// that does not exist, is a problem.
pub fn load(root: &Path, locales: &[&str], problems: &mut Vec<ContentError>) -> Result<SiteWords, Error> {
    let english = builtin("en.toml").expect("kefu's en.toml parses (a unit test checks)");
    let builtins: BTreeMap<String, Words> = embedded::WORDS
        .files()
        .filter_map(|f| {
            let code = f.path().file_stem()?.to_str()?;
            Some((code.to_string(), builtin(f.path().to_str()?)?))
        })
        .collect();
    let own = site_files(root, &english, problems)?;

    let mut words = SiteWords::default();
    for &code in locales {
        let mut shown = english.clone();
        let mut translated = Words::default();
        for layer in [&builtins, &own] {
            if let Some(found) = locale::closest(code, layer.keys().map(String::as_str)) {
                shown.overlay(&layer[found]);
                if !locale::language(found).eq_ignore_ascii_case("en") {
                    translated.overlay(&layer[found]);
                }
            }
        }
        if !locale::language(code).eq_ignore_ascii_case("en") {
            let missing = translated.missing(&english);
            if !missing.is_empty() {
                words.missing.insert(code.to_string(), missing.into_iter().map(String::from).collect());
            }
        }
        words.by_locale.insert(code.to_string(), shown);
    }
    Ok(words)
}

fn builtin(name: &str) -> Option<Words> {
    let text = embedded::WORDS.get_file(name)?.contents_utf8()?;
    parse_words(Path::new(name), text, None).ok()
}

/// The site's own words files, by locale code.
fn site_files(
    root: &Path,
    english: &Words,
    problems: &mut Vec<ContentError>,
) -> Result<BTreeMap<String, Words>, Error> {
    let dir = root.join("site").join(DIR);
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    let mut entries: Vec<_> = std::fs::read_dir(&dir).at(&dir)?.collect::<Result<_, _>>().at(&dir)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let Some(code) =
            path.file_stem().and_then(|s| s.to_str()).filter(|_| path.extension() == Some("toml".as_ref()))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path).at(&path)?;
        let shown = Path::new("site").join(DIR).join(entry.file_name());
        match parse_words(&shown, &text, Some(english)) {
            Ok(words) => {
                files.insert(code.to_string(), words);
            }
            Err(problem) => problems.push(problem),
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_words_file_parses_and_english_is_complete() {
        let english = builtin("en.toml").unwrap();
        for file in embedded::WORDS.files() {
            let name = file.path().to_str().unwrap();
            let text = file.contents_utf8().unwrap();
            let words = parse_words(Path::new(name), text, Some(&english)).unwrap_or_else(|e| panic!("{e}"));
            assert!(words.keys().count() > 0, "{name} is empty");
        }
        let zh = builtin("zh-CN.toml").unwrap();
        assert_eq!(zh.missing(&english), Vec::<&str>::new(), "kefu's zh-CN words lack some of en.toml's");
    }

    /// Every key the widget, the loader's words and the templates ask for is in en.toml: a
    /// key that is not would show as itself.
    #[test]
    fn every_word_asked_for_exists() {
        let english = builtin("en.toml").unwrap();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut asked = Vec::new();
        let mut read = |dir: &Path, patterns: &[&str], end: char| {
            for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
                let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                for pattern in patterns {
                    for (at, _) in text.match_indices(pattern) {
                        let rest = &text[at + pattern.len()..];
                        let key: String =
                            rest.chars().take_while(|c| *c != end && (c.is_alphanumeric() || *c == '_')).collect();
                        if !key.is_empty() {
                            asked.push((entry.path().display().to_string(), key));
                        }
                    }
                }
            }
        };
        read(&repo.join("crates/kefu-widget/src"), &[".t(\"", "count(\""], '"');
        read(&repo.join("crates/kefu/src"), &["words.t(\"", "t.t(\""], '"');
        read(&repo.join("site/templates"), &["page.t."], ' ');
        assert!(asked.len() > 40, "the scan finds the words: {asked:?}");
        let unknown: Vec<_> = asked.iter().filter(|(_, key)| english.get(key).is_none()).collect();
        assert!(unknown.is_empty(), "words asked for but not in site/words/en.toml: {unknown:?}");
    }

    #[test]
    fn a_sites_file_overrides_some_words_and_the_rest_are_named_missing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/words")).unwrap();
        std::fs::write(dir.path().join("site/words/ar.toml"), "close = \"إغلاق\"\n").unwrap();
        std::fs::write(dir.path().join("site/words/en.toml"), "launcher = \"Support\"\n").unwrap();
        let mut problems = Vec::new();
        let words = load(dir.path(), &["ar", "en", "zh-CN"], &mut problems).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(words.by_locale["ar"].t("close"), "إغلاق");
        assert_eq!(words.by_locale["ar"].t("back"), "Back", "English fills the gaps");
        assert_eq!(words.by_locale["en"].t("launcher"), "Support");
        assert_eq!(words.by_locale["zh-CN"].t("launcher"), "帮助");
        assert!(words.missing["ar"].contains(&"back".to_string()));
        assert!(!words.missing.contains_key("zh-CN") && !words.missing.contains_key("en"));
    }
}
