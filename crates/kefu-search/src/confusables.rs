//! Characters a visitor may have typed for another. A pinyin input method offers every
//! character of a syllable, and the wrong one is picked every day (刻服 for 客服, 地止 for
//! 地址, 帐户 for 账户); others are alike in shape (延 and 廷). Edit distance over
//! characters sees neither.
//!
//! build.rs groups GB2312's 3,755 common characters by syllable in pinyin without tones;
//! `lexicon/look-alike.txt` adds groups by shape. The builder keeps the groups some
//! character of the index is in, and writes them as the index's confusables file
//! ([`for_index`]); the engine fetches it only when a query has a character pair the
//! index lacks, and tries the pair with each character's group-mates that the index has
//! ([`Confusables::corrections`]), so the table costs the browser's wasm nothing and a
//! visitor's download only when it is used.

use crate::format::Confusables;
use std::collections::HashMap;

// HOMOPHONES: written by build.rs from the pinyin crate's data.
include!(concat!(env!("OUT_DIR"), "/homophones.rs"));

/// Groups of characters alike in shape, reviewed by hand.
const LOOK_ALIKE: &str = include_str!("../lexicon/look-alike.txt");

/// Every group as (typed, also): homophones (typed: the characters whose usual reading
/// the syllable is; also: those it is another reading of), then look-alikes (all typed).
fn groups() -> impl Iterator<Item = (&'static str, &'static str)> {
    let homophones = HOMOPHONES.lines().map(|line| line.split_once('|').unwrap_or((line, "")));
    let look_alike = LOOK_ALIKE.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    homophones.chain(look_alike.map(|line| (line, "")))
}

/// The confusables of an index whose CJK characters are `df`'s keys, each with the
/// number of documents it is in; `None` when no group has a character of the index.
pub(crate) fn for_index(df: &HashMap<char, usize>) -> Option<Confusables> {
    let mut kept = Confusables::default();
    for (typed, also) in groups() {
        let mut found: Vec<char> = typed.chars().chain(also.chars()).filter(|c| df.contains_key(c)).collect();
        // Nothing to correct to, or only a character to itself.
        if found.is_empty() || typed.chars().all(|t| found == [t]) {
            continue;
        }
        // The likelier meaning first: the engine tries corrections in this order.
        found.sort_by_key(|c| (std::cmp::Reverse(df[c]), *c));
        kept.typed.push(typed.to_string());
        kept.found.push(found.into_iter().collect());
    }
    (!kept.typed.is_empty()).then_some(kept)
}

impl Confusables {
    /// The characters of the index that `c` may have been typed for: those of the
    /// groups `c` may be typed in, but itself, in the groups' order (homophones first,
    /// the commoner first), each once.
    pub(crate) fn corrections(&self, c: char) -> Vec<char> {
        let mut out = Vec::new();
        // chars().any, not str::contains: for a character beyond ASCII that searches for
        // its UTF-8 as a string, which links a substring search into the wasm (1.2 KB).
        let groups = self.typed.iter().zip(&self.found);
        for (_, found) in groups.filter(|(typed, _)| typed.chars().any(|t| t == c)) {
            for other in found.chars().filter(|&o| o != c) {
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_groups_common_characters_by_toneless_pinyin() {
        let groups_of =
            |c: char| HOMOPHONES.lines().filter_map(|l| l.split_once('|')).filter(move |(t, _)| t.contains(c));
        // Same syllable, any tone: 客 kè, 刻 kè, 可 kě, 科 kē.
        for (typed, meant) in [('刻', '客'), ('止', '址'), ('帐', '账'), ('过', '裹'), ('废', '费'), ('第', '递')]
        {
            assert!(groups_of(typed).any(|(t, _)| t.contains(meant)), "{typed} {meant}");
        }
        // 航 háng may be typed for 行 in 银行, whose usual reading is xíng. 不 bù is not
        // typed for 服 fú, though both have a rare reading fū.
        assert!(groups_of('航').any(|(_, also)| also.contains('行')));
        assert!(groups_of('不').all(|(t, also)| !t.contains('服') && !also.contains('服')));
        // Every character of GB2312's first level, and nothing rarer (龘 is not in it).
        let chars: std::collections::BTreeSet<char> = HOMOPHONES.chars().filter(|c| !"\n|".contains(*c)).collect();
        assert!((3600..=3755).contains(&chars.len()), "{}", chars.len());
        assert!(!chars.contains(&'龘'));
    }

    #[test]
    fn table_of_corrections() {
        // An index that has 客, 址, 账, 延, 科 (in two documents) and 可 (in five).
        let df: HashMap<char, usize> = [('客', 1), ('址', 1), ('账', 1), ('延', 1), ('科', 2), ('可', 5)].into();
        let confusables = for_index(&df).expect("the index has characters of some groups");
        let cases: &[(char, &[char])] = &[
            ('刻', &['可', '科', '客']), // homophones in the index, in the most documents first
            ('客', &['可', '科']),       // a character of the index may stand for another
            ('止', &['址']),
            ('帐', &['账']),
            ('廷', &['延']), // alike in shape, not in sound
            ('服', &[]),     // fú: nothing of the index sounds like it
            ('a', &[]),
        ];
        for &(typed, expected) in cases {
            assert_eq!(confusables.corrections(typed), expected, "{typed}");
        }
        // Only the groups some character of the index is in.
        assert!(confusables.found.iter().all(|found| !found.is_empty()));
        assert_eq!(confusables.typed.len(), confusables.found.len());
        assert!(for_index(&HashMap::from([('a', 1)])).is_none());
        // Typing 航 finds 行 (háng in 银行); typing 行 does not find 航, whose usual
        // reading háng is not 行's.
        let bank = for_index(&HashMap::from([('行', 3), ('航', 1)])).unwrap();
        assert_eq!(bank.corrections('航'), ['行']);
        assert!(!bank.corrections('行').contains(&'航'));
    }
}
