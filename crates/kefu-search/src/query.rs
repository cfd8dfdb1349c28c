//! What a query asks: its slots (its words, and its CJK runs as character pairs), how
//! much each one counts, and which of them a synonym rewrites.
//!
//! Question and function words (怎么, 吗, 能不能, how, can, my, still) weigh almost
//! nothing, so that the rarest content words decide; a CJK character standing alone is
//! weaker evidence than a pair, and the engine never ranks a match of such characters
//! alone above a match of a pair or a word.

use crate::distance::allowed_typos;
use crate::format::Synonym;
use crate::tokenize::{Kind, Token, number, stem, time_of, to_24_hours, tokenize, write_time};
use std::ops::Range;

/// What a question or function word counts for, against 1 for a content word: enough to
/// order results that match nothing else, too little to decide between two that do.
/// On the labelled queries' tuning half, 0.05 to 0.2 gave the same recall@1; weighing
/// them as content words cost 0.043 (questions 0.129).
pub(crate) const FUNCTION_WEIGHT: f32 = 0.1;

/// English question and function words, sorted and separated by spaces: pronouns,
/// auxiliaries, question words, articles, prepositions, particles such as "still" and
/// "already", and the words a request is wrapped in (want, need, like, possible,
/// something, thanks). Negations are not among them ("not received" says something).
/// One string, not a list: a list of `&str` is eight bytes of pointer and length a word
/// in the wasm.
const EN_FUNCTION: &str = "a able about actually after again all already also although am an and any anybody \
    anyone anything anyway are as at be because been before being but by can could did \
    do does doing done down even ever everyone everything for from get got had has have \
    having he hello her here hes hey hi him his how i if ill im in instead into is it \
    its ive just know let lets like maybe me might mine must my myself need needed needs \
    of off ok okay on only or our out over perhaps please possible probably rather \
    really she shes should so some somebody someone something still such tell than thank \
    thanks that thats the their them then there theres these they theyre theyve thing \
    things this those though to too up us very want wanted wants was we were weve what \
    whats when where which while who whom why will with would yet you youll your youre \
    yours youve";

/// Chinese question and function words of two characters, sorted by code point and run
/// together (a string, as [`EN_FUNCTION`] is).
const ZH_FUNCTION_PAIRS: &str = "一下一个一样一点一直不是不能不过为什为何什么他们估计但是\
    你们你好你的其实到底反正可不可以可是哪个哪些哪儿哪里因为\
    在哪大概好像如何如果已经并且应该怎么怎样您好想问我们我想\
    我的或者所以时候是不是否有没有点比较没有然后特别现在的话\
    而且能不能否自己请问谢谢还是还能这个这么这样这种那个那么\
    那样那种非常麻烦";

/// Chinese particles: a pair with one of them is function words (么办, 了吗), or stands
/// across two words (的快 in 我的快递).
const ZH_PARTICLES: &[char] = &['么', '了', '吗', '吧', '呀', '呢', '哦', '啊', '啦', '嘛', '的'];

/// Chinese function and question words that, like the particles, a content word hardly
/// ever has inside it: a pair with one of them stands across two words (是坏 in
/// 东西是坏的, 哪找 in 去哪找) or is function words itself (我们, 就是, 去哪). Not 还, 要,
/// 在, 有, 能: 还款, 需要, 在线, 没有, 功能 are content.
const ZH_APART: &[char] =
    &['也', '什', '他', '你', '又', '哪', '啥', '她', '它', '就', '怎', '您', '我', '是', '该', '谁', '都'];

/// Chinese characters that, standing alone, are function words.
const ZH_FUNCTION_CHARS: &[char] = &[
    '也', '他', '你', '又', '和', '在', '她', '它', '就', '想', '我', '把', '是', '有', '您', '给', '能', '被', '要',
    '让', '跟', '还', '都',
];

/// What a slot is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SlotKind {
    /// A word of letters or digits.
    Word,
    /// Two adjacent CJK characters.
    Pair,
    /// A CJK character with no other CJK character next to it.
    Single,
}

/// One thing the visitor typed: a word, a CJK character pair, or a lone CJK character.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// The normalised word as typed (for prefixes and typos).
    pub raw: String,
    /// The term to look up.
    pub term: String,
    /// What it is.
    pub kind: SlotKind,
    /// Whether the word may still be growing (the last word, typed without a space after).
    pub prefix: bool,
    /// Whether typos are tolerated.
    pub fuzzy: bool,
    /// Its position in the query, counting words and CJK characters.
    pub position: u32,
    /// How much it counts: 1, or [`FUNCTION_WEIGHT`] for a question or function word.
    pub weight: f32,
}

impl Slot {
    /// Whether it is a content word or pair (not a function word, not a lone character):
    /// the evidence a good answer needs.
    pub fn is_content(&self) -> bool {
        self.kind != SlotKind::Single && self.weight >= 1.0
    }
}

/// The slots of a query: its words, and its CJK runs as character pairs (a lone CJK
/// character is a slot of its own).
pub(crate) fn slots(query: &str) -> Vec<Slot> {
    let tokens = tokenize(query);
    let growing = !query.ends_with(char::is_whitespace);
    let last_word = tokens.iter().rposition(|t| t.kind == Kind::Word);
    let mut slots = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let alone = token.kind == Kind::Cjk
            && !tokens
                .iter()
                .any(|t| t.kind == Kind::CjkPair && (t.position == token.position || t.position + 1 == token.position));
        let (kind, prefix, fuzzy) = match token.kind {
            Kind::Word => {
                let prefix = growing && Some(i) == last_word && i == tokens.len() - 1;
                let fuzzy =
                    allowed_typos(token.raw.chars().count()) > 0 && token.raw.chars().all(|c| c.is_ascii_alphabetic());
                (SlotKind::Word, prefix, fuzzy)
            }
            Kind::Cjk if !alone => continue,
            Kind::Cjk => (SlotKind::Single, false, false),
            Kind::CjkPair => (SlotKind::Pair, false, false),
            // The hours inside a range of times a visitor typed: the range's ends say it.
            Kind::Hour => continue,
        };
        let mut term = token.term.clone();
        // The stem of a word still being typed may be longer than what was typed: look up both.
        if prefix && term != token.raw && !token.raw.starts_with(&term) {
            term = stem(&token.raw);
        }
        // A time of day (21:30, 9pm, 9 pm, 晚上9点) as the hour it falls in, on the
        // 24-hour clock: the tokenizer gives the articles' times and ranges their hours.
        let (prefix, fuzzy) = match time_at(&tokens, i) {
            Some(minutes) => {
                term.clear();
                write_time(minutes - minutes % 60, &mut term);
                (false, false)
            }
            None => (prefix, fuzzy),
        };
        // A pair that begins with a measure word right after a number (天还 in 10天还没到)
        // stands across "10 days" and what follows: what it matches (超过 7 天还能退吗) is
        // chance.
        let after_number = kind == SlotKind::Pair
            && token.raw.chars().next().is_some_and(|c| ZH_MEASURES.contains(&c))
            && i > 0
            && tokens[..i].iter().rev().find(|t| t.kind != Kind::Cjk).is_some_and(|t| {
                t.kind == Kind::Word && t.position + 1 == token.position && t.raw.bytes().all(|b| b.is_ascii_digit())
            });
        // The "pm" of "9 pm" says no more than the hour it turned into 21 (alone, it is a
        // private message).
        let of_hour = matches!(token.raw.as_str(), "am" | "pm") && i > 0 && time_at(&tokens, i - 1).is_some();
        let weight = if after_number || of_hour || is_quantity(kind, &term) || is_function(kind, &token.raw) {
            FUNCTION_WEIGHT
        } else {
            1.0
        };
        slots.push(Slot { raw: token.raw.clone(), term, kind, prefix, fuzzy, position: token.position, weight });
    }
    across_function_words(&mut slots);
    slots
}

/// The time of day that the word at `tokens[i]` says, in minutes after midnight: a time
/// the tokenizer read (21:00, 9pm), or an hour that the words around it make one ("9
/// pm", 2点, 晚上9点).
fn time_at(tokens: &[Token], i: usize) -> Option<u16> {
    let token = &tokens[i];
    if token.kind != Kind::Word || !token.raw.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if let Some(minutes) = time_of(&token.raw) {
        return Some(minutes);
    }
    let hour = number(&token.raw).filter(|_| token.raw.len() <= 2)?;
    // The word or character after it, and the pair before it (晚上 of 晚上9点).
    let next = tokens.get(i + 1).filter(|t| t.position == token.position + 1).map(|t| t.raw.as_str());
    let evening = i.checked_sub(1).is_some_and(|b| ZH_AFTERNOON.contains(&tokens[b].raw.as_str()));
    let hour = match next {
        Some("pm") => to_24_hours(hour, true)?,
        Some("am") => to_24_hours(hour, false)?,
        Some("点") if evening => to_24_hours(hour, true)?,
        Some("点") if hour <= 24 => hour % 24,
        _ => return None,
    };
    Some(hour * 60)
}

/// Chinese words that put the hour after them in the afternoon or evening.
const ZH_AFTERNOON: &[&str] = &["下午", "今晚", "傍晚", "夜里", "夜间", "晚上"];

/// Chinese measure words of one character: after a number they belong to it (10天, 3件).
const ZH_MEASURES: &[char] =
    &['个', '件', '元', '块', '周', '天', '年', '张', '月', '次', '号', '台', '岁', '箱', '秒', '点'];

/// Weighs as function words the CJK pairs that overlap a function word of two
/// characters: they stand across it and the next word (直没 in 一直没送到, 能退 in
/// 能不能退), and what they match is chance.
fn across_function_words(slots: &mut [Slot]) {
    let function_pairs: Vec<u32> =
        slots.iter().filter(|s| s.kind == SlotKind::Pair && is_function_pair(&s.raw)).map(|s| s.position).collect();
    for slot in slots.iter_mut().filter(|s| s.kind == SlotKind::Pair && s.weight >= 1.0) {
        let p = slot.position;
        if function_pairs.iter().any(|&f| f + 1 == p || p + 1 == f) {
            slot.weight = FUNCTION_WEIGHT;
        }
    }
}

/// Whether `c` is a Chinese function word or negation (的, 了, 我, 是, 不, 没...): too
/// common to be a typo worth correcting.
pub(crate) fn never_corrected(c: char) -> bool {
    is_function_char(c) || ZH_APART.contains(&c) || matches!(c, '不' | '没')
}

/// Whether `c` is a Chinese particle or, alone, a function word (我, 是, 能...).
pub(crate) fn is_function_char(c: char) -> bool {
    ZH_PARTICLES.contains(&c) || ZH_FUNCTION_CHARS.contains(&c)
}

/// Whether a pair of CJK characters is a function word of [`ZH_FUNCTION_PAIRS`].
fn is_function_pair(pair: &str) -> bool {
    // Every character there is three bytes of UTF-8.
    ZH_FUNCTION_PAIRS.as_bytes().chunks(6).any(|p| p == pair.as_bytes())
}

/// Whether a slot's text is a question or function word.
fn is_function(kind: SlotKind, raw: &str) -> bool {
    match kind {
        SlotKind::Word => EN_FUNCTION.split(' ').any(|w| w == raw) || is_identifier(raw),
        SlotKind::Pair => {
            is_function_pair(raw) || raw.chars().any(|c| ZH_PARTICLES.contains(&c) || ZH_APART.contains(&c))
        }
        SlotKind::Single => raw.chars().all(is_function_char),
    }
}

/// Whether a word is a number of one or two digits: a quantity (2 days, 4 photos, 3
/// items) that an article mentions in passing, rare in the index by chance, which must
/// not decide between articles. Times (21:00) are not quantities; longer numbers (400,
/// 618, a year) name things.
fn is_quantity(kind: SlotKind, term: &str) -> bool {
    kind == SlotKind::Word && term.len() <= 2 && term.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a word is a number too long to be anything but the visitor's own identifier:
/// an order, tracking or phone number. No article is about one order, so an article
/// that happens to show an example number must not win on it; numbers of up to six
/// digits (400, 618, 48, a year, a port) still count.
fn is_identifier(raw: &str) -> bool {
    raw.len() > 6 && raw.bytes().all(|b| b.is_ascii_digit())
}

/// Weighs as function words the CJK pairs that stand between two words of the query:
/// each side is a function word, or a pair in at least as many documents (`df`, none
/// for a pair the index lacks). In 提供订单号 the index has 提供 and 订单, and 供订 (in
/// every article that says 提供订单号) says nothing more; in 申请退货退款 the pairs
/// across, 请退 and 货退, are rarer than 退货 between them, which keeps its weight. A
/// pair at either end of a run keeps its weight: 递员 in 快递员.
pub(crate) fn between_words(slots: &mut [Slot], df: impl Fn(usize) -> Option<usize>) {
    let pair_at = |position: u32| {
        slots.iter().position(|s| s.kind == SlotKind::Pair && s.weight >= 1.0 && s.position == position)
    };
    let between: Vec<bool> = (0..slots.len())
        .map(|i| {
            let slot = &slots[i];
            let chars: Vec<char> = slot.term.chars().collect();
            if slot.kind != SlotKind::Pair || chars.len() != 2 || slot.weight < 1.0 {
                return false;
            }
            let own = df(i).unwrap_or(0);
            let stronger = |j: Option<usize>| j.and_then(&df).is_some_and(|d| d >= own);
            let left = is_function_char(chars[0]) || stronger(slot.position.checked_sub(1).and_then(pair_at));
            let right = is_function_char(chars[1]) || stronger(pair_at(slot.position + 1));
            left && right
        })
        .collect();
    for (slot, between) in slots.iter_mut().zip(between) {
        if between {
            slot.weight = FUNCTION_WEIGHT;
        }
    }
}

/// The terms of a word or phrase typed in full, as its slots have them: what a synonym
/// rule's words are matched by, and looked up as.
pub(crate) fn terms(phrase: &str) -> Vec<String> {
    slots(&format!("{phrase} ")).into_iter().map(|s| s.term).collect()
}

/// The terms a synonym's phrase adds to the slots it rewrites: all of a single word's,
/// and only the content words of a longer phrase ("speed" of "speed up", not "up",
/// which would match nearly every article).
pub(crate) fn added_terms(phrase: &str) -> Vec<String> {
    let slots = slots(&format!("{phrase} "));
    let content = slots.iter().any(Slot::is_content);
    slots.into_iter().filter(|s| !content || s.is_content()).map(|s| s.term).collect()
}

/// The synonyms whose words the query has, side by side as in the rule, with the slots
/// they stand at.
pub(crate) fn synonyms_in<'a>(
    slots: &[Slot],
    synonyms: impl IntoIterator<Item = &'a Synonym>,
) -> Vec<(Range<usize>, &'a Synonym)> {
    let mut found = Vec::new();
    for synonym in synonyms.into_iter().filter(|s| !s.from.is_empty() && s.from.len() <= slots.len()) {
        let n = synonym.from.len();
        for start in 0..=slots.len() - n {
            let here = &slots[start..start + n];
            let together = here.windows(2).all(|w| w[1].position == w[0].position + 1);
            if together && here.iter().zip(&synonym.from).all(|(s, t)| s.term == *t) {
                found.push((start..start + n, synonym));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_lists_are_sorted_and_read_as_words() {
        let en: Vec<&str> = EN_FUNCTION.split(' ').collect();
        assert!(en.windows(2).all(|w| w[0] < w[1]) && en.iter().all(|w| !w.is_empty()));
        let zh: Vec<char> = ZH_FUNCTION_PAIRS.chars().collect();
        assert!(zh.iter().all(|c| c.len_utf8() == 3) && zh.len().is_multiple_of(2));
        assert!(zh.chunks(2).collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]));
        assert!(is_function_pair("怎么") && is_function_pair("那样") && !is_function_pair("么那"));
    }

    #[test]
    fn table_of_question_word_weights() {
        // The slots of each query, with `~` marking those that weigh almost nothing.
        let cases: &[(&str, &[&str])] = &[
            ("can I still get a refund", &["~can", "~i", "~still", "~get", "~a", "refund"]),
            ("what should I do", &["~what", "~should", "~i", "~do"]),
            ("my parcel has not arrived", &["~my", "parcel", "~has", "not", "arriv"]),
            ("退款怎么还没到", &["退款", "~款怎", "~怎么", "~么还", "还没", "没到"]),
            ("能不能退货吗", &["~能不", "~不能", "~能退", "退货", "~货吗"]), // 能退 stands across 不能
            ("为什么我的快递没到", &["~为什", "~什么", "~么我", "~我的", "~的快", "快递", "递没", "没到"]),
            ("快递 到 了吗", &["快递", "到", "~了吗"]),
            ("我 退款", &["~我", "退款"]),
            ("order 2026100312345 not arrived", &["order", "~2026100312345", "not", "arriv"]),
            ("400 hotline", &["400", "hotlin"]),
            ("退款3天没到账", &["退款", "~3", "~天没", "没到", "到账"]), // 天 belongs to 3
            ("48小时", &["~48", "小时"]),
            ("i want something back", &["~i", "~want", "~someth", "back"]),
            // Hours of the 12-hour clock, as the 24-hour one.
            ("open at 9 pm", &["open", "~at", "21:00", "~pm"]),
            ("chat 9pm", &["chat", "21:00"]),
            ("after 21:00", &["~after", "21:00"]),
            ("12 am", &["0:00", "~am"]),
            ("13 pm", &["~13", "pm"]), // pm alone is a private message
            ("晚上9点", &["晚上", "21:00", "点"]),
            ("凌晨2点", &["凌晨", "2:00", "点"]),
            ("9:00-11:00", &["9:00", "11:00"]),
        ];
        for (query, expected) in cases {
            let got: Vec<String> = slots(query)
                .iter()
                .map(|s| if s.weight < 1.0 { format!("~{}", s.term) } else { s.term.clone() })
                .collect();
            assert_eq!(got, *expected, "{query}");
        }
        let kinds: Vec<SlotKind> = slots("快递 到 order").iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SlotKind::Pair, SlotKind::Single, SlotKind::Word]);
        assert!(!slots("快递 到").iter().all(Slot::is_content), "a lone character is not content");
    }

    #[test]
    fn synonyms_match_their_words_side_by_side() {
        let rule = |from: &[&str]| Synonym { from: from.iter().map(|s| s.to_string()).collect(), to: vec!["x".into()] };
        let synonyms = [rule(&["money", "back"]), rule(&["转人", "人工"]), rule(&["退钱"])];
        // Each query, and where each synonym it has stands: (slots, synonym).
        type Found = Vec<(Range<usize>, usize)>;
        let cases: Vec<(&str, Found)> = vec![
            ("i want my money back", vec![(3..5, 0)]),
            ("back money", vec![]),
            ("money, back", vec![(0..2, 0)]), // punctuation does not part them
            ("怎么转人工", vec![(2..4, 1)]),
            ("转人 工", vec![]),
            ("我要退钱", vec![(2..3, 2)]),
        ];
        for (query, expected) in cases {
            let slots = slots(query);
            let found: Found = synonyms_in(&slots, &synonyms)
                .into_iter()
                .map(|(range, s)| (range, synonyms.iter().position(|r| r == s).unwrap()))
                .collect();
            assert_eq!(found, expected, "{query}");
        }
    }
}
