//! Synonyms: the words visitors type that the articles do not use (快递 or 包裹 for 订单,
//! 退钱 for 退款, "money back" for "refund").
//!
//! Rules come from kefu's built-in customer-service lexicon (`lexicon/<language>.txt`,
//! reviewed and versioned) and from a site's `[search] synonyms`; articles' `questions`
//! are indexed as text. The builder keeps what the index can use ([`compile`]), in the
//! root; the engine adds a rule's words to the query words it rewrites, weighted below
//! them, so that what the visitor typed ranks first.

use crate::format::Synonym;
use crate::query;
use std::collections::BTreeMap;

/// The built-in lexicon's version, stored in every index: bump it with every change to
/// `lexicon/*.txt`.
pub const LEXICON_VERSION: u16 = 2;

/// The built-in lexicon, per language.
const LEXICON: &[(&str, &str)] =
    &[("zh", include_str!("../lexicon/zh-CN.txt")), ("en", include_str!("../lexicon/en.txt"))];

/// A synonym rule, as a site writes it in `[search] synonyms` and the lexicon has it:
/// `a, b, c` (the same meaning: each finds the others) or `a, b => c` (what visitors
/// type, `a` and `b`, also finds `c`, not the other way round).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// What a visitor may type.
    pub from: Vec<String>,
    /// What it also finds; for a rule of the same meaning, the same words as `from`.
    pub to: Vec<String>,
}

/// Why a synonym rule could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Fewer than two words or phrases, or nothing on one side of `=>`.
    #[error("a synonym rule needs two words or more: `a, b` (each finds the other) or `a => b` (a also finds b)")]
    TooFew,
    /// More than one `=>`.
    #[error("a synonym rule has one `=>` at most")]
    TwoArrows,
    /// A word or phrase with nothing to search for in it.
    #[error("{0:?} has no letters, digits or characters to search for")]
    Empty(String),
}

impl Rule {
    /// Reads a rule: words or phrases separated by commas, with `=>` between what a
    /// visitor types and what it also finds, or none for words of the same meaning.
    pub fn parse(text: &str) -> Result<Self, RuleError> {
        let list = |side: &str| -> Result<Vec<String>, RuleError> {
            let words: Vec<String> = side.split([',', '，']).map(|w| w.trim().to_string()).collect();
            match words.iter().find(|w| query::terms(w).is_empty()) {
                Some(empty) if !(words.len() == 1 && empty.is_empty()) => Err(RuleError::Empty(empty.clone())),
                _ => Ok(words.into_iter().filter(|w| !w.is_empty()).collect()),
            }
        };
        let sides: Vec<&str> = text.split("=>").collect();
        let rule = match sides[..] {
            [same] => {
                let words = list(same)?;
                Rule { from: words.clone(), to: words }
            }
            [from, to] => Rule { from: list(from)?, to: list(to)? },
            _ => return Err(RuleError::TwoArrows),
        };
        let pairs = rule.from.iter().flat_map(|f| rule.to.iter().map(move |t| (f, t)));
        if rule.from.is_empty() || rule.to.is_empty() || pairs.filter(|(f, t)| f != t).count() == 0 {
            return Err(RuleError::TooFew);
        }
        Ok(rule)
    }
}

/// The built-in lexicon's rules for a locale's language (`zh-CN`, `zh-Hans` and `zh`
/// take the Chinese ones); none for a language it does not have.
pub fn lexicon(locale: &str) -> Vec<Rule> {
    let language = locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    let text = LEXICON.iter().find(|(l, _)| *l == language).map_or("", |(_, text)| text);
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| Rule::parse(l).unwrap_or_else(|e| panic!("lexicon rule {l:?}: {e}")))
        .collect()
}

/// What `rules` let a query rewrite, keeping only the words the index `has` (every
/// term of them): per word or phrase a visitor may type, by its terms, what it also
/// finds. Sorted, each once: the same rules give the same bytes.
pub(crate) fn compile(rules: &[Rule], has: impl Fn(&str) -> bool) -> Vec<Synonym> {
    let mut found: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for rule in rules {
        for from in &rule.from {
            let key = query::terms(from);
            for to in rule.to.iter().filter(|t| *t != from) {
                let terms = query::terms(to);
                if terms != key && !terms.is_empty() && terms.iter().all(|t| has(t)) {
                    found.entry(key.clone()).or_default().push(crate::tokenize::normalize(to));
                }
            }
        }
    }
    found
        .into_iter()
        .map(|(from, mut to)| {
            to.sort();
            to.dedup();
            Synonym { from, to }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(from: &[&str], to: &[&str]) -> Rule {
        Rule { from: from.iter().map(|s| s.to_string()).collect(), to: to.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn table_of_rules() {
        let cases: &[(&str, Result<Rule, RuleError>)] = &[
            ("退钱, 返钱 => 退款", Ok(rule(&["退钱", "返钱"], &["退款"]))),
            ("快递，包裹, 物流", Ok(rule(&["快递", "包裹", "物流"], &["快递", "包裹", "物流"]))),
            ("money back => refund", Ok(rule(&["money back"], &["refund"]))),
            ("refund", Err(RuleError::TooFew)),
            ("refund, refund", Err(RuleError::TooFew)),
            ("=> refund", Err(RuleError::TooFew)),
            ("a => b => c", Err(RuleError::TwoArrows)),
            ("refund, !!", Err(RuleError::Empty("!!".into()))),
        ];
        for (text, expected) in cases {
            assert_eq!(&Rule::parse(text), expected, "{text}");
        }
    }

    #[test]
    fn the_lexicon_reads_and_has_both_languages() {
        // Every line parses (lexicon panics otherwise); the examples are there.
        let zh = lexicon("zh-CN");
        let finds = |rules: &[Rule], from: &str, to: &str| {
            rules.iter().any(|r| r.from.iter().any(|f| f == from) && r.to.iter().any(|t| t == to))
        };
        assert!(finds(&zh, "退钱", "退款") && finds(&zh, "包裹", "订单") && finds(&zh, "转人工", "在线客服"));
        assert!(!finds(&zh, "退款", "退钱"), "one way");
        assert!(finds(&lexicon("en"), "money back", "refund"));
        assert_eq!(lexicon("zh-Hans"), zh);
        assert!(lexicon("fr").is_empty());
    }

    #[test]
    fn compiled_synonyms_keep_what_the_index_has() {
        let index = ["退款", "订单", "refund", "在线", "线客", "客服"];
        let has = |t: &str| index.contains(&t);
        let rules = [
            rule(&["退钱", "返钱"], &["退款", "退货"]),
            rule(&["快递", "包裹"], &["订单"]),
            rule(&["转人工"], &["在线客服", "热线"]),
            rule(&["money back", "Refunds"], &["refund"]),
        ];
        let compiled = compile(&rules, has);
        let as_pairs: Vec<(Vec<&str>, Vec<&str>)> = compiled
            .iter()
            .map(|s| (s.from.iter().map(String::as_str).collect(), s.to.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            as_pairs,
            [
                (vec!["money", "back"], vec!["refund"]),
                (vec!["包裹"], vec!["订单"]),
                (vec!["快递"], vec!["订单"]),
                (vec!["转人", "人工"], vec!["在线客服"]), // its pairs, as a query has them
                (vec!["返钱"], vec!["退款"]),
                (vec!["退钱"], vec!["退款"]),
            ]
        );
        // "Refunds" stems to the word it would find: nothing to add.
        assert!(compiled.iter().all(|s| s.from != ["refund"]));
    }
}
