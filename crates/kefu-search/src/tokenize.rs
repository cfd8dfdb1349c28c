//! Text to terms, the same way for documents and queries.
//!
//! Every character is normalised: full-width forms to half-width, lower case, accents
//! removed from Latin letters. Latin, digit and other alphabetic runs
//! become words, stemmed for English. CJK runs become every single character and every
//! overlapping pair, so any substring of a page matches whatever the segmentation
//! (Pagefind's Chinese recall fails exactly there). Mixed runs such as `TP钱包` or
//! `order 12345` split at the script change.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// What a term stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A stemmed word of letters or digits.
    Word,
    /// One CJK character.
    Cjk,
    /// Two adjacent CJK characters.
    CjkPair,
}

/// One term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised (and, for words, stemmed) term.
    pub term: String,
    /// The word as normalised but not stemmed: prefix and typo matching use it.
    pub raw: String,
    /// What it is.
    pub kind: Kind,
    /// Position in the text, counting words and CJK characters.
    pub position: u32,
    /// Byte range in the original text, for highlighting.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Stems an English word; other words come back unchanged.
pub fn stem(word: &str) -> String {
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    // Words repeat: stemming each once per thread was a third of a big site's build.
    thread_local! {
        static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(stem) = stems.get(word) {
            return stem.clone();
        }
        if stems.len() > 200_000 {
            stems.clear();
        }
        let stem = stemmer().stem(word).into_owned();
        stems.insert(word.to_string(), stem.clone());
        stem
    })
}

/// Whether `c` is written without spaces between words: Han, kana, Hangul.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// U+00C0 to U+017F (Latin-1 Supplement and Latin Extended-A), lower case and without
/// accents, derived from Unicode's canonical decompositions. A table of our own because
/// the `unicode-normalization` crate's tables cost the widget 71 KB of gzipped wasm
/// (measured), for what this covers in a few hundred bytes.
const LATIN_FOLDED: &str = "aaaaaaæceeeeiiiiðnooooo×øuuuuyþßaaaaaaæceeeeiiiiðnooooo÷øuuuuyþyaaaaaaccccccccddđđeeeeeeeeeegggggggghhħħiiiiiiiiiıĳĳjjkkĸllllllŀŀłłnnnnnnŉŋŋooooooœœrrrrrrssssssssttttŧŧuuuuuuuuuuuuwwyyyzzzzzzſ";

/// The normalised form of one character: full-width forms to half-width, lower case,
/// Latin accents removed, combining marks dropped.
fn fold(c: char, out: &mut String) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        0x0300..=0x036F => return,
        code @ 0xC0..=0x17F => LATIN_FOLDED.chars().nth((code - 0xC0) as usize).unwrap_or(c),
        _ => c,
    };
    out.extend(c.to_lowercase());
}

/// Normalises `text` as the tokenizer does, without splitting it.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| fold(c, &mut out));
    out
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut position = 0u32;
    let mut word = String::new();
    let mut word_start = 0;
    let mut word_end = 0;
    // The previous CJK character and its byte range, while inside a CJK run.
    let mut previous_cjk: Option<(char, usize, usize)> = None;
    let mut folded = String::new();

    let flush_word = |word: &mut String, start: usize, end: usize, position: &mut u32, tokens: &mut Vec<Token>| {
        if !word.is_empty() {
            let raw = std::mem::take(word);
            tokens.push(Token { term: stem(&raw), raw, kind: Kind::Word, position: *position, start, end });
            *position += 1;
        }
    };

    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        folded.clear();
        fold(c, &mut folded);
        for f in folded.chars() {
            if is_cjk(f) {
                flush_word(&mut word, word_start, word_end, &mut position, &mut tokens);
                tokens.push(Token {
                    term: f.to_string(),
                    raw: f.to_string(),
                    kind: Kind::Cjk,
                    position,
                    start: i,
                    end,
                });
                if let Some((p, p_start, _)) = previous_cjk {
                    let pair: String = [p, f].iter().collect();
                    tokens.push(Token {
                        term: pair.clone(),
                        raw: pair,
                        kind: Kind::CjkPair,
                        position: position - 1,
                        start: p_start,
                        end,
                    });
                }
                previous_cjk = Some((f, i, end));
                position += 1;
            } else if f.is_alphanumeric() {
                previous_cjk = None;
                if word.is_empty() {
                    word_start = i;
                }
                word.push(f);
                word_end = end;
            } else {
                previous_cjk = None;
                // An apostrophe inside a word (don't, it's) does not split it.
                if !matches!(f, '\'' | '’') || word.is_empty() {
                    flush_word(&mut word, word_start, word_end, &mut position, &mut tokens);
                }
            }
        }
    }
    flush_word(&mut word, word_start, word_end, &mut position, &mut tokens);
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn table_of_tokenizations() {
        let cases: &[(&str, &[&str])] = &[
            ("Refunds and Returns", &["refund", "and", "return"]),
            ("Ｒｅｆｕｎｄ１２３", &["refund123"]),
            ("Café résumé", &["cafe", "resum"]),
            ("Cafe\u{301} ÀÉÎÕÜ Łódź", &["cafe", "aeiou", "łodz"]),
            ("ｏｒｄｅｒ\u{3000}１２", &["order", "12"]),
            ("包裹没到", &["包", "裹", "包裹", "没", "裹没", "到", "没到"]),
            ("TP钱包", &["tp", "钱", "包", "钱包"]),
            ("order 12345", &["order", "12345"]),
            ("7天无理由", &["7", "天", "无", "天无", "理", "无理", "由", "理由"]),
            ("don't panic!", &["dont", "panic"]),
            ("退款，运费", &["退", "款", "退款", "运", "费", "运费"]),
        ];
        for (text, expected) in cases {
            assert_eq!(terms(text), *expected, "{text}");
        }
    }

    #[test]
    fn positions_and_byte_ranges_point_into_the_original() {
        let text = "Ｍy 包裹";
        let tokens = tokenize(text);
        let word = &tokens[0];
        assert_eq!((word.raw.as_str(), &text[word.start..word.end], word.position), ("my", "Ｍy", 0));
        let pair = tokens.iter().find(|t| t.kind == Kind::CjkPair).unwrap();
        assert_eq!((&text[pair.start..pair.end], pair.position), ("包裹", 1));
    }
}
