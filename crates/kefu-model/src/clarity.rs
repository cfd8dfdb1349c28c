//! "Describe it clearly" (the origin article, 2.2): a gentle, local check of a ticket's
//! description before it is sent. "我的订单出问题了" or "it doesn't work" asks for the
//! specifics the topic needs (the order number, when it happened, what was expected and
//! what happened instead); the visitor can always send anyway. Which specifics a topic
//! asks for is the site's (`[tickets] clarity`); the words that show a time or a contrast
//! are each language's (the words files), so the same rules read Chinese and English.

use serde::{Deserialize, Serialize};

/// Something a clear description says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Specific {
    /// Enough of it to act on: more than a line.
    Details,
    /// The order it is about: the order field, or an order number in the text.
    Order,
    /// When it happened.
    When,
    /// What was expected and what happened instead.
    Expected,
}

impl Specific {
    /// Every specific, in the order a prompt lists them.
    pub const ALL: [Specific; 4] = [Specific::Details, Specific::Order, Specific::When, Specific::Expected];

    /// Its name in the configuration; its words are `clarity_<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Specific::Details => "details",
            Specific::Order => "order",
            Specific::When => "when",
            Specific::Expected => "expected",
        }
    }

    /// The specific named `name`.
    pub fn named(name: &str) -> Option<Specific> {
        Specific::ALL.into_iter().find(|s| s.name() == name)
    }
}

/// What each topic asks for: `(topic id, specifics)`, with `*` for every other topic.
pub type Rules = Vec<(String, Vec<Specific>)>;

/// What the site asks for when it says nothing: every topic, the details, when and what
/// was expected (an order number only where a site asks for it).
pub fn default_rules() -> Rules {
    vec![("*".into(), vec![Specific::Details, Specific::When, Specific::Expected])]
}

/// The words of a language that show a time ("yesterday", "昨天") and a contrast
/// ("instead", "但是"): comma-separated lists from the words files.
pub struct Cues<'a> {
    /// `clarity_when_words`.
    pub when: &'a str,
    /// `clarity_expected_words`.
    pub expected: &'a str,
}

/// The specifics `topic`'s rules ask for that `description` lacks; `order` is the order
/// field's value, if the form has one.
pub fn missing(rules: &Rules, topic: &str, description: &str, order: &str, cues: &Cues<'_>) -> Vec<Specific> {
    let asks = rules.iter().find(|(t, _)| t == topic).or_else(|| rules.iter().find(|(t, _)| t == "*"));
    let Some((_, asks)) = asks else { return vec![] };
    let text = description.to_lowercase();
    let says = |list: &str| list.split(',').map(str::trim).any(|w| !w.is_empty() && text.contains(&w.to_lowercase()));
    let says_order = !order.trim().is_empty() || has_order_number(description);
    Specific::ALL
        .into_iter()
        .filter(|s| asks.contains(s))
        .filter(|s| match s {
            Specific::Details => !detailed(description),
            Specific::Order => !says_order,
            Specific::When => !says(cues.when) && !description.chars().any(|c| c.is_ascii_digit()),
            Specific::Expected => !says(cues.expected),
        })
        .collect()
}

/// More than a line: 12 Chinese, Japanese or Korean characters, or 8 words.
fn detailed(text: &str) -> bool {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let words = text.split(|c: char| !c.is_alphanumeric() || is_cjk(c)).filter(|w| !w.is_empty()).count();
    cjk >= 12 || words >= 8 || cjk + words * 2 >= 16
}

/// An order number: a run of 6 or more letters and digits with at least 4 digits.
fn has_order_number(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .any(|w| w.len() >= 6 && w.chars().filter(char::is_ascii_digit).count() >= 4)
}

/// Whether the visitor typed enough to search for articles that may answer it: 3 letters,
/// or 2 Chinese, Japanese or Korean characters.
pub fn worth_searching(text: &str) -> bool {
    let cjk = text.chars().filter(|&c| is_cjk(c)).count();
    let letters = text.chars().filter(|&c| c.is_alphanumeric() && !is_cjk(c)).count();
    cjk >= 2 || letters >= 3
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: Cues<'static> =
        Cues { when: "yesterday, today, ago, last week, this morning", expected: "expected, should, instead, but " };
    const ZH: Cues<'static> = Cues {
        when: "昨天, 今天, 前天, 上周, 天前, 号, 月",
        expected: "应该, 但是, 却, 结果, 本来",
    };

    fn rules() -> Rules {
        vec![
            ("orders".into(), vec![Specific::Details, Specific::Order, Specific::When, Specific::Expected]),
            ("*".into(), vec![Specific::Details, Specific::Expected]),
        ]
    }

    #[test]
    fn vague_descriptions_ask_for_what_the_topic_needs() {
        use Specific::*;
        let cases: [(&str, &str, &str, &Cues<'_>, &[Specific]); 8] = [
            ("orders", "我的订单出问题了", "", &ZH, &[Details, Order, When, Expected]),
            ("orders", "it doesn't work", "", &EN, &[Details, Order, When, Expected]),
            ("account", "it doesn't work", "", &EN, &[Details, Expected]),
            ("orders", "it doesn't work", "A-100234", &EN, &[Details, When, Expected]),
            (
                "orders",
                "Order 20261130-8841 was marked delivered yesterday, but the parcel is not at my door.",
                "",
                &EN,
                &[],
            ),
            ("orders", "订单 88412345 前天显示已签收，但是我没有收到包裹，门口和驿站都找过了", "", &ZH, &[]),
            ("orders", "3月2号下单，本来说两天到，结果现在还没发货", "", &ZH, &[Order]),
            ("billing", "x", "", &EN, &[Details, Expected]),
        ];
        for (topic, text, order, cues, expected) in cases {
            assert_eq!(missing(&rules(), topic, text, order, cues), expected, "{topic}: {text}");
        }
        assert_eq!(missing(&vec![], "orders", "x", "", &EN), vec![], "no rules: nothing asked");
        assert_eq!(default_rules()[0].1, vec![Details, When, Expected]);
        assert_eq!(Specific::named("when"), Some(When));
    }

    #[test]
    fn search_starts_at_three_letters_or_two_cjk_characters() {
        for (text, worth) in
            [("re", false), ("ref", true), ("退", false), ("退款", true), (" a b ", false), ("包a", false)]
        {
            assert_eq!(worth_searching(text), worth, "{text}");
        }
    }
}
