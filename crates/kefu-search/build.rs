//! Writes the tokenizer's character folding table (`fold.rs` in `OUT_DIR`) from Unicode's
//! data, through `unicode-normalization`: the crate's tables cost 71 KB of gzipped wasm
//! (measured), the part of them a help center's text needs 3.3 KB.
//!
//! For every character of the blocks below whose fold differs from its lower case, the
//! table holds the fold: NFKC (full-width to half-width, ligatures apart, ① to 1, ㎏ to
//! kg), lower case, and no diacritics on Latin and Greek letters (the marks
//! U+0300-U+036F removed after decomposition). Left out, as rare in help centers and
//! costly (1,000 entries): the CJK compatibility ideographs (U+F900-U+FAFF, U+2F800-).
//!
//! It also writes `homophones.rs`: GB2312's 3,755 level-one characters (the common
//! ones, through `encoding_rs`) grouped by their syllables in pinyin without tones
//! (through the `pinyin` crate's data), for the builder's confusables
//! (src/confusables.rs). Only the builder uses the table: the engine gets each site's
//! part of it in the index, so none of it is in the browser's wasm.

use pinyin::ToPinyinMulti;
use std::collections::BTreeMap;
use unicode_normalization::UnicodeNormalization;

/// The blocks folded; characters elsewhere are only lower-cased.
const BLOCKS: &[(u32, u32)] = &[
    (0x00A0, 0x024F), // Latin-1 Supplement, Latin Extended-A and -B (pinyin's ǎ)
    (0x0370, 0x03FF), // Greek
    (0x1E00, 0x1EFF), // Latin Extended Additional (Vietnamese)
    (0x2000, 0x218F), // punctuation, super- and subscripts, letterlike symbols, number forms
    (0x2460, 0x24FF), // enclosed alphanumerics: ①, ⒜
    (0x3000, 0x303F), // CJK symbols and punctuation: the ideographic space
    (0x3200, 0x33FF), // enclosed CJK letters, CJK compatibility: ㈱, ㎏
    (0xFB00, 0xFB4F), // alphabetic presentation forms: ﬁ
    (0xFE30, 0xFE6F), // CJK compatibility forms, small form variants
    (0xFF00, 0xFFEF), // half-width and full-width forms
];

fn fold(c: char) -> String {
    // Half-width katakana's voicing marks would fold to combining marks, which only
    // compose with the character before: folding one character at a time, drop them.
    if matches!(c, '\u{FF9E}' | '\u{FF9F}') {
        return String::new();
    }
    let stripped: String = c.to_string().nfkd().filter(|m| !('\u{300}'..='\u{36F}').contains(m)).collect();
    stripped.nfc().collect::<String>().to_lowercase()
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    // Written as steps between characters and lengths of folds, small numbers that
    // repeat, which gzip well (with a plain u16 table the wasm grew 9.2 KB gzipped, with
    // this 3.3 KB);
    // the tokenizer expands them once.
    let (mut steps, mut lens, mut values) = (Vec::new(), Vec::new(), String::new());
    let mut previous = 0;
    for c in BLOCKS.iter().flat_map(|&(low, high)| low..=high).filter_map(char::from_u32) {
        let folded = fold(c);
        if folded != c.to_lowercase().to_string() {
            let mut step = c as u32 - previous;
            while step >= 255 {
                steps.push(255u8);
                step -= 255;
            }
            steps.push(step as u8);
            previous = c as u32;
            lens.push(u8::try_from(folded.len()).expect("a fold is short"));
            values.push_str(&folded);
        }
    }
    let table = format!(
        "/// How far each character that folds to something else than its lower case is from\n\
         /// the one before (from 0; 255 adds 255 and goes on).\n\
         const FOLD_STEPS: &[u8] = &{steps:?};\n\
         /// The length in bytes of each one's fold in [`FOLD_VALUES`].\n\
         const FOLD_LENS: &[u8] = &{lens:?};\n\
         /// The folds, one after the other.\n\
         const FOLD_VALUES: &str = {values:?};\n"
    );
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("fold.rs"), table).expect("OUT_DIR is writable");
    std::fs::write(out.join("homophones.rs"), homophones()).expect("OUT_DIR is writable");
}

/// GB2312's level-one characters: rows 16 to 55 (bytes 0xB0 to 0xD7), 94 cells a row
/// (0xA1 to 0xFE), the last row ending at 0xD7F9.
fn common_characters() -> Vec<char> {
    let mut chars = Vec::with_capacity(3755);
    for row in 0xB0u8..=0xD7 {
        for cell in 0xA1u8..=0xFE {
            if (row, cell) > (0xD7, 0xF9) {
                break;
            }
            let bytes = [row, cell];
            let (text, _, malformed) = encoding_rs::GBK.decode(&bytes);
            assert!(!malformed, "GB2312 {row:02X}{cell:02X} decodes");
            chars.extend(text.chars());
        }
    }
    assert_eq!(chars.len(), 3755, "GB2312 has 3,755 level-one characters");
    chars
}

/// The `HOMOPHONES` table: one line per syllable that two or more common characters
/// share, as `typed|also`: the characters whose usual reading it is (what a pinyin input
/// method offers when it is typed), then those for which it is another reading (行 in
/// "hang", 银行). Each part in code point order.
fn homophones() -> String {
    let mut groups: BTreeMap<&'static str, (Vec<char>, Vec<char>)> = BTreeMap::new();
    for c in common_characters() {
        for (n, reading) in c.to_pinyin_multi().into_iter().flatten().enumerate() {
            let (typed, also) = groups.entry(reading.plain()).or_default();
            if n == 0 { typed.push(c) } else { also.push(c) }
        }
    }
    let mut lines = Vec::new();
    for (mut typed, mut also) in groups.into_values() {
        typed.sort_unstable();
        also.sort_unstable();
        also.retain(|c| !typed.contains(c));
        also.dedup();
        if typed.len() + also.len() > 1 && !typed.is_empty() {
            lines.push(format!("{}|{}", typed.iter().collect::<String>(), also.iter().collect::<String>()));
        }
    }
    format!(
        "/// GB2312's level-one characters by syllable in toneless pinyin, one syllable a line,\n\
         /// `typed|also`: those whose usual reading it is, then those it is another reading\n\
         /// of. From the pinyin crate's data; written by build.rs.\n\
         const HOMOPHONES: &str = {:?};\n",
        lines.join("\n")
    )
}
