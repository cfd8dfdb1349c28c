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
    let mut stemmed = String::new();
    stem_into(word, &mut stemmed);
    stemmed
}

/// Writes the stem of `word` into `out`, replacing what it held: [`stem`] without an
/// allocation per word, for the tokenizer.
fn stem_into(word: &str, out: &mut String) {
    out.clear();
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        out.push_str(word);
        return;
    }
    // Words repeat: stemming each once per thread was a third of a big site's build.
    thread_local! {
        static STEMS: std::cell::RefCell<fnv::FnvHashMap<String, String>> = Default::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(stem) = stems.get(word) {
            out.push_str(stem);
            return;
        }
        if stems.len() > 200_000 {
            stems.clear();
        }
        let stem = stemmer().stem(word).into_owned();
        out.push_str(&stem);
        stems.insert(word.to_string(), stem);
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
    for_each_token(text, |token| tokens.push(token.to_token()));
    tokens
}

/// A token as [`for_each_token`] lends it: [`Token`] with borrowed strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The normalised (and, for words, stemmed) term.
    pub term: &'a str,
    /// The word as normalised but not stemmed.
    pub raw: &'a str,
    /// What it is.
    pub kind: Kind,
    /// Position in the text, counting words and CJK characters.
    pub position: u32,
    /// Byte range in the original text.
    pub start: usize,
    /// End of that range.
    pub end: usize,
}

impl TokenRef<'_> {
    /// The owned token.
    pub fn to_token(&self) -> Token {
        Token {
            term: self.term.to_string(),
            raw: self.raw.to_string(),
            kind: self.kind,
            position: self.position,
            start: self.start,
            end: self.end,
        }
    }
}

/// Hands each token of `text` to `visit`, in the order of [`tokenize`], allocating
/// nothing per token: the engine tokenizes the text of every result it shows.
pub fn for_each_token(text: &str, mut visit: impl FnMut(TokenRef<'_>)) {
    let mut scanner = Scanner::default();
    let mut folded = String::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        // ASCII and CJK characters, nearly all of a text, fold to themselves (or to their
        // lower case): skip the general path and its case tables.
        if c.is_ascii() {
            scanner.push(c.to_ascii_lowercase(), i, end, &mut visit);
        } else if is_cjk(c) {
            scanner.push(c, i, end, &mut visit);
        } else {
            folded.clear();
            fold(c, &mut folded);
            for f in folded.chars() {
                scanner.push(f, i, end, &mut visit);
            }
        }
    }
    scanner.flush_word(&mut visit);
}

/// What [`for_each_token`] carries from one character to the next.
#[derive(Default)]
struct Scanner {
    /// The position of the next token.
    position: u32,
    /// The word being read, normalised, and its byte range.
    word: String,
    word_start: usize,
    word_end: usize,
    /// The stem of the last word; a buffer reused from word to word.
    stemmed: String,
    /// The previous CJK character and where it starts, while inside a CJK run.
    previous_cjk: Option<(char, usize)>,
    /// The last CJK pair; a buffer reused from pair to pair.
    pair: String,
}

impl Scanner {
    /// Takes the next normalised character, found at `start..end` of the text.
    fn push(&mut self, f: char, start: usize, end: usize, visit: &mut impl FnMut(TokenRef<'_>)) {
        if is_cjk(f) {
            self.flush_word(visit);
            let mut buffer = [0u8; 4];
            let single = &*f.encode_utf8(&mut buffer);
            let position = self.position;
            visit(TokenRef { term: single, raw: single, kind: Kind::Cjk, position, start, end });
            if let Some((p, p_start)) = self.previous_cjk {
                self.pair.clear();
                self.pair.push(p);
                self.pair.push(f);
                let pair = self.pair.as_str();
                let kind = Kind::CjkPair;
                visit(TokenRef { term: pair, raw: pair, kind, position: position - 1, start: p_start, end });
            }
            self.previous_cjk = Some((f, start));
            self.position += 1;
        } else if f.is_alphanumeric() {
            self.previous_cjk = None;
            if self.word.is_empty() {
                self.word_start = start;
            }
            self.word.push(f);
            self.word_end = end;
        } else {
            self.previous_cjk = None;
            // An apostrophe inside a word (don't, it's) does not split it.
            if !matches!(f, '\'' | '’') || self.word.is_empty() {
                self.flush_word(visit);
            }
        }
    }

    /// Hands over the word being read, if any.
    fn flush_word(&mut self, visit: &mut impl FnMut(TokenRef<'_>)) {
        if self.word.is_empty() {
            return;
        }
        stem_into(&self.word, &mut self.stemmed);
        visit(TokenRef {
            term: &self.stemmed,
            raw: &self.word,
            kind: Kind::Word,
            position: self.position,
            start: self.word_start,
            end: self.word_end,
        });
        self.word.clear();
        self.position += 1;
    }
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
    fn cjk_characters_fold_to_themselves() {
        // `for_each_token` relies on it to skip `fold` for them.
        for c in (0..=0x2FA1F).filter_map(char::from_u32).filter(|&c| is_cjk(c)) {
            assert_eq!(normalize(&c.to_string()), c.to_string(), "{c}");
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
