//! The engine end to end on a small bilingual corpus: build, shard, search.

use crate::{DocRecord, SectionRecord, ShardSizes, build, search_all};
use std::collections::HashMap;

fn doc(title: &str, summary: &str, questions: &[&str], sections: &[(&str, &str, &str)]) -> DocRecord {
    DocRecord {
        title: title.into(),
        url: format!("{}/", title.len()),
        summary: summary.into(),
        questions: questions.iter().map(|q| q.to_string()).collect(),
        sections: sections
            .iter()
            .map(|(heading, anchor, text)| SectionRecord {
                heading: heading.to_string(),
                anchor: anchor.to_string(),
                text: text.to_string(),
            })
            .collect(),
    }
}

fn corpus() -> Vec<DocRecord> {
    vec![
        doc(
            "What is the refund policy?",
            "Return most items within 7 days.",
            &["money back", "can I return"],
            &[
                ("", "", "Here is how refunds work."),
                ("Who pays the fees?", "fees", "Shipping fees for returns are paid by you unless the item is faulty."),
            ],
        ),
        doc(
            "My order has not arrived",
            "Delay, wrong address or lost parcel.",
            &["parcel missing"],
            &[("", "", "Check the tracking status of your parcel first.")],
        ),
        doc(
            "When is customer service available?",
            "Hotline 9:00–21:00.",
            &["opening hours"],
            &[("", "", "The hotline answers every day. Live chat is open longer.")],
        ),
        doc(
            "包裹没到怎么办？",
            "先查物流状态。",
            &["快递没收到"],
            &[("", "", "订单显示已发货，但包裹迟迟没到。"), ("包裹丢失", "包裹丢失", "物流显示已签收但你没有收到。")],
        ),
        doc(
            "退款政策是怎样的？",
            "签收后 7 天内可无理由退货。",
            &["可以退货吗"],
            &[("", "", "大部分商品都可以无理由退货。")],
        ),
        doc("TP钱包无法充值", "充值失败时先检查网络。", &[], &[("", "", "TP钱包 充值 order 12345 失败。")]),
    ]
}

fn titles(built: &crate::Built, query: &str) -> Vec<String> {
    let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    search_all(&built.root, &|f| shards.get(f).cloned(), query, 5).unwrap().into_iter().map(|h| h.title).collect()
}

#[test]
fn table_of_queries_find_the_right_article_first() {
    // A small index is one file: the root holds every shard.
    let small = build("mixed", "", &corpus(), ShardSizes::default());
    assert!(small.shards.is_empty());
    // Tiny shards: every lookup crosses shard boundaries, and the answers must not change.
    let sharded = build("mixed", "", &corpus(), ShardSizes { terms: 64, docs: 64, one_file: 0 });
    assert!(sharded.shards.len() > 8, "{}", sharded.shards.len());
    let cases = [
        ("refund policy", "What is the refund policy?"),
        ("refu", "What is the refund policy?"),
        ("refnud", "What is the refund policy?"),
        ("parcle", "My order has not arrived"),
        ("money back", "What is the refund policy?"),
        ("hotline", "When is customer service available?"),
        ("包裹没到", "包裹没到怎么办？"),
        ("裹没", "包裹没到怎么办？"),
        ("退", "退款政策是怎样的？"),
        ("快递没收到怎么办", "包裹没到怎么办？"),
        ("TP钱包", "TP钱包无法充值"),
        ("order 12345", "TP钱包无法充值"),
        ("ＲＥＦＵＮＤ", "What is the refund policy?"),
    ];
    for (query, expected) in cases {
        for built in [&small, &sharded] {
            let found = titles(built, query);
            assert_eq!(found.first().map(String::as_str), Some(expected), "{query}: {found:?}");
        }
    }
}

#[test]
fn exact_matches_rank_above_corrected_ones_and_nothing_gives_nothing() {
    let docs = vec![
        doc("Return an item", "", &[], &[("", "", "How to return.")]),
        doc("Retune the radio", "", &[], &[("", "", "Retune it.")]),
    ];
    let built = build("en", "en/", &docs, ShardSizes::default());
    assert_eq!(titles(&built, "return"), ["Return an item"]);
    assert_eq!(titles(&built, "xylophone"), Vec::<String>::new());
    assert_eq!(titles(&built, "   "), Vec::<String>::new());
}

#[test]
fn a_matching_section_is_linked_and_highlighted() {
    let built = build("en", "en/", &corpus(), ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let hits = search_all(&built.root, &|f| shards.get(f).cloned(), "who pays fees", 5).unwrap();
    let hit = &hits[0];
    assert_eq!(hit.section.as_deref(), Some("Who pays the fees?"));
    assert!(hit.url.ends_with("#fees"), "{}", hit.url);
    let marked: Vec<&str> = hit.snippet.iter().filter(|(_, m)| *m).map(|(t, _)| t.as_str()).collect();
    assert_eq!(marked, ["fees"], "{:?}", hit.snippet);
}

#[test]
fn relaxes_when_not_every_word_matches() {
    let built = build("en", "en/", &corpus(), ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let hits = search_all(&built.root, &|f| shards.get(f).cloned(), "refund zebra", 5).unwrap();
    assert_eq!(hits[0].title, "What is the refund policy?");
    assert!(hits[0].relaxed);
    let strict = search_all(&built.root, &|f| shards.get(f).cloned(), "refund policy", 5).unwrap();
    assert!(!strict[0].relaxed);
}

#[test]
fn output_is_deterministic() {
    assert_eq!(build("x", "", &corpus(), ShardSizes::default()), build("x", "", &corpus(), ShardSizes::default()));
}

#[test]
fn fewer_results_are_the_first_of_more() {
    // Only the results shown are sorted: a short list must be the start of a longer one.
    let built = build("mixed", "", &corpus(), ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let search =
        |query: &str, limit: usize| search_all(&built.root, &|f| shards.get(f).cloned(), query, limit).unwrap();
    for query in ["refund", "e", "the", "包", "order 12345 r"] {
        let all = search(query, 100);
        assert!(!all.is_empty(), "{query}");
        for limit in 0..=all.len() {
            assert_eq!(search(query, limit), all[..limit], "{query} {limit}");
        }
    }
}

#[test]
fn words_standing_together_as_typed_rank_first() {
    // Each has both words once, in the body: apart, side by side reversed, as typed.
    let docs = vec![
        doc("One", "", &[], &[("", "", "A gift is wrapped for free. Pay by card or in cash, online.")]),
        doc("Two", "", &[], &[("", "", "Pay by card: a gift is wrapped for free, online, in cash.")]),
        doc("Three", "", &[], &[("", "", "Pay for it with a gift card: wrapping is free, online, in cash.")]),
        doc("礼品卡", "", &[], &[("", "", "卡片可以在线充值。礼品不退。")]),
        doc("充值", "", &[], &[("", "", "礼品卡可以在线充值。")]),
    ];
    let built = build("mixed", "", &docs, ShardSizes::default());
    assert_eq!(titles(&built, "gift card")[..3], ["Three", "Two", "One"]);
    assert_eq!(titles(&built, "卡充值")[0], "充值");
}

#[test]
fn shards_that_do_not_fit_the_root_are_errors_not_panics() {
    let tiny = ShardSizes { terms: 64, docs: 64, one_file: 0 };
    let ours = build("mixed", "", &corpus(), tiny);
    // Another build with fewer documents: its shards name documents ours has, or not.
    let theirs = build("mixed", "", &corpus()[..2], ShardSizes { one_file: 0, ..ShardSizes::default() });
    let mut engine = crate::Engine::new(&ours.root).unwrap();
    let (our_term, our_doc) = (&ours.shards[0].0, &ours.shards.iter().find(|(f, _)| f.starts_with("d-")).unwrap().0);
    let (their_term, their_doc) =
        (&theirs.shards[0].1, &theirs.shards.iter().find(|(f, _)| f.starts_with("d-")).unwrap().1);
    let err = engine.add_shard(our_doc, their_doc).unwrap_err();
    assert!(matches!(err, crate::DecodeError::Inconsistent(_)), "{err}");
    assert!(err.to_string().contains("rebuild the site"), "{err}");
    assert!(engine.add_shard(our_term, their_doc).is_err(), "a document shard is not a term shard");
    assert!(engine.add_shard("t-0000000000000000-0.bin", their_term).is_err(), "not one of its shards");
    // Term shards naming documents beyond the root's last: some of ours, in theirs.
    let mut small = crate::Engine::new(&theirs.root).unwrap();
    let their_first_term = &theirs.shards[0].0;
    let refused = (ours.shards.iter().filter(|(file, _)| file.starts_with("t-")))
        .filter(|(_, bytes)| small.add_shard(their_first_term, bytes).is_err())
        .count();
    assert!(refused > 0);
}
