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
    // A small index is one file: the root holds every shard. The confusables file of
    // its Chinese characters is apart, fetched only for a correction.
    let small = build("mixed", "", &corpus(), ShardSizes::default());
    let files: Vec<&str> = small.shards.iter().map(|(name, _)| &name[..2]).collect();
    assert_eq!(files, ["c-"]);
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
    // A document shard past the root's last, empty as such a shard would be.
    let root: crate::format::Root = crate::format::decode(&ours.root).unwrap();
    let empty = crate::format::encode(&crate::format::DocShard::default());
    let past = root.doc_shard_file(ours.shards.iter().filter(|(f, _)| f.starts_with("d-")).count());
    assert!(matches!(engine.add_shard(&past, &empty), Err(crate::DecodeError::Inconsistent(_))), "{past}");
    // Term shards naming documents beyond the root's last: some of ours, in theirs.
    let mut small = crate::Engine::new(&theirs.root).unwrap();
    let their_first_term = &theirs.shards[0].0;
    let refused = (ours.shards.iter().filter(|(file, _)| file.starts_with("t-")))
        .filter(|(_, bytes)| small.add_shard(their_first_term, bytes).is_err())
        .count();
    assert!(refused > 0);
}

/// A help center in both languages whose words differ from what visitors type.
fn customer_service() -> Vec<DocRecord> {
    vec![
        doc("退款政策", "签收后 7 天内可退款。", &[], &[("", "", "退款原路返回。")]),
        doc("订单没收到怎么办", "先查物流状态。", &[], &[("", "", "订单显示已发货。")]),
        doc("联系在线客服", "在线客服每天 8:00–23:00。", &[], &[("", "", "人工客服随时为你服务。")]),
        doc("修改收货地址", "发货前可以改地址。", &[], &[("", "", "在订单详情里修改。")]),
        doc("账户安全", "保护好你的账户。", &[], &[("", "", "不要把密码告诉别人。")]),
        doc("Refund policy", "Refunds within 7 days.", &[], &[("", "", "A refund goes back to your card.")]),
        doc("Money back guarantee", "Our promise.", &[], &[("", "", "If you are not happy, money back.")]),
        doc("Can I still change my order?", "Orders can change.", &[], &[("", "", "You can still do it.")]),
        doc("Cancel a subscription", "Stop paying.", &[], &[("", "", "Cancel it in your account.")]),
        doc("常见问题", "为什么？怎么办？", &[], &[("", "", "我的问题为什么没有人回答，怎么办。")]),
    ]
}

#[test]
fn table_of_synonym_expansions() {
    let built = build("zh-CN", "", &customer_service(), ShardSizes::default());
    let en = build("en", "en/", &customer_service(), ShardSizes::default());
    let cases = [
        // The visitor's words share nothing with the article's; the lexicon bridges them.
        (&built, "我想退钱", "退款政策"),
        (&built, "我的包裹呢", "订单没收到怎么办"),
        (&built, "转人工", "联系在线客服"),
        // What the visitor typed ranks above what a synonym adds: "money back" is the
        // second article's own words, and "refund" only the lexicon's.
        (&en, "money back", "Money back guarantee"),
        (&en, "reimbursement", "Refund policy"),
    ];
    for (index, query, expected) in cases {
        let found = titles(index, query);
        assert_eq!(found.first().map(String::as_str), Some(expected), "{query}: {found:?}");
    }
    assert_eq!(titles(&en, "money back")[1], "Refund policy", "the synonym's article comes next");
}

#[test]
fn what_a_synonym_adds_never_outweighs_the_word_typed() {
    // "chat" is in most articles and "talk", which the lexicon adds to it, in one title:
    // rarer, but not what the visitor typed.
    let docs = vec![
        doc("Chat with us", "Our team.", &[], &[("", "", "Open every day.")]),
        doc("Talk to us", "Our team.", &[], &[("", "", "Open every day.")]),
        doc("Orders", "Where it is.", &[], &[("", "", "Ask in the chat.")]),
        doc("Refunds", "Money back.", &[], &[("", "", "Ask in the chat.")]),
        doc("Delivery", "On its way.", &[], &[("", "", "Ask in the chat.")]),
    ];
    let en = build("en", "en/", &docs, ShardSizes::default());
    assert_eq!(titles(&en, "chat")[..2], ["Chat with us", "Talk to us"]);
    assert_eq!(titles(&en, "talk")[0], "Talk to us");
}

#[test]
fn a_word_just_begun_is_as_rare_as_all_its_completions() {
    // "f" begins a word in every article; "faq" is in one title only, "packaging" in
    // another: that one wins.
    let docs = vec![
        doc("FAQ", "Questions.", &[], &[("", "", "The packaging is recycled.")]),
        doc("Packaging costs", "What it costs.", &[], &[("", "", "A small fee.")]),
        doc("Fast delivery", "Quick.", &[], &[("", "", "On its way.")]),
        doc("Faults", "Broken items.", &[], &[("", "", "Send them back.")]),
    ];
    let en = build("en", "en/", &docs, ShardSizes::default());
    assert_eq!(titles(&en, "packaging f")[0], "Packaging costs");
}

#[test]
fn a_site_rule_adds_to_the_lexicon() {
    let rule = crate::synonyms::Rule::parse("会员, 用户 => 账户").unwrap();
    let plain = build("zh-CN", "", &customer_service(), ShardSizes::default());
    assert_ne!(titles(&plain, "会员").first().map(String::as_str), Some("账户安全"));
    // Sharded finely too: a synonym is in the shard of its first word, its words elsewhere.
    let fine = ShardSizes { terms: 64, docs: 64, one_file: 0 };
    for sizes in [ShardSizes::default(), fine] {
        let with_rule = crate::build_with("zh-CN", "", &customer_service(), sizes, std::slice::from_ref(&rule));
        assert_eq!(with_rule.shards.iter().any(|(name, _)| name.starts_with("t-")), sizes.one_file == 0);
        assert_eq!(titles(&with_rule, "会员").first().map(String::as_str), Some("账户安全"));
        assert_eq!(titles(&with_rule, "我想退钱").first().map(String::as_str), Some("退款政策"));
    }
}

#[test]
fn table_of_character_corrections() {
    // Sharded finely: corrections must fetch the shards their pairs are in.
    let sizes = ShardSizes { terms: 64, docs: 64, one_file: 0 };
    for built in
        [build("zh-CN", "", &customer_service(), ShardSizes::default()), build("zh-CN", "", &customer_service(), sizes)]
    {
        // Nothing but the corrected pair matches each of them.
        let cases = [
            ("刻服", "联系在线客服"), // 刻 kè for 客 kè
            ("地止", "修改收货地址"), // 止 zhǐ for 址 zhǐ
            ("帐户", "账户安全"),     // 帐 for 账, both zhàng
            ("地扯", "修改收货地址"), // 扯 looks like 址
        ];
        for (query, expected) in cases {
            let found = titles(&built, query);
            assert_eq!(found.first().map(String::as_str), Some(expected), "{query}: {found:?}");
        }
    }
}

#[test]
fn a_pair_between_two_known_words_fetches_no_corrections() {
    let sizes = ShardSizes { terms: 64, docs: 64, one_file: 0 };
    let built = build("zh-CN", "", &customer_service(), sizes);
    let confusables = built.shards.iter().find(|(f, _)| f.starts_with("c-")).map(|(f, _)| f.clone()).unwrap();
    let asked = |query: &str| {
        let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
        let mut engine = crate::Engine::new(&built.root).unwrap();
        let mut asked = Vec::new();
        while let Err(crate::Needs(files)) = engine.search(query, 5) {
            for file in files {
                engine.add_shard(&file, &shards[&file]).unwrap();
                asked.push(file);
            }
        }
        asked
    };
    // 款订 stands between 退款 and 订单, both in the index: nothing to correct.
    assert!(!asked("退款订单").contains(&confusables));
    // 刻服 is in no pair the index has.
    assert!(asked("在线刻服").contains(&confusables));
}

#[test]
fn question_words_weigh_almost_nothing() {
    let en = build("en", "en/", &customer_service(), ShardSizes::default());
    // "can", "I", "still", "my" are in one article's title, "refund" in another's.
    assert_eq!(titles(&en, "can I still get my refund")[0], "Refund policy");
    let zh = build("zh-CN", "", &customer_service(), ShardSizes::default());
    // 为什么, 我的, 怎么办 fill the FAQ; 账户 decides.
    assert_eq!(titles(&zh, "为什么我的账户怎么办")[0], "账户安全");
}

#[test]
fn lone_characters_never_outrank_a_pair_and_weak_answers_are_flagged() {
    let docs = vec![
        doc("到到到", "到了到了到了", &[], &[("", "", "到到到到到到到。")]),
        doc("快递说明", "快递。", &[], &[("", "", "快递员送货。")]),
    ];
    let built = build("zh-CN", "", &docs, ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = built.shards.iter().cloned().collect();
    let search = |query: &str| search_all(&built.root, &|f| shards.get(f).cloned(), query, 5).unwrap();
    // 到 alone matches the first article ten times; 快递, a pair, wins all the same.
    let hits = search("到 快递");
    assert_eq!(hits[0].title, "快递说明");
    assert!(!hits[0].weak && hits[1].weak);
    // Only a lone character, or only question words: no good answer.
    assert!(crate::no_good_answer(&search("到")));
    assert!(crate::no_good_answer(&search("怎么办")));
    assert!(!crate::no_good_answer(&search("快递")));
    assert!(crate::no_good_answer(&search("xylophone")));
}

#[test]
fn an_explanation_takes_the_same_results_apart() {
    let en = build("en", "en/", &customer_service(), ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = en.shards.iter().cloned().collect();
    let load = |f: &str| shards.get(f).cloned();
    for query in ["money back", "can I still cancel my subscription", "refnud", "reimbursement", "ref"] {
        let hits = search_all(&en.root, &load, query, 5).unwrap();
        let explained = crate::explain_all(&en.root, &load, query, 5).unwrap();
        let explained_hits: Vec<_> = explained.results.iter().map(|r| r.hit.clone()).collect();
        assert_eq!(explained_hits, hits, "{query}");
        for r in &explained.results {
            let sum: f32 = r.matches.iter().map(|m| m.score).sum();
            assert!((sum - r.bm25f).abs() < 1e-4, "{query}: {sum} against {}", r.bm25f);
        }
    }
    let text = crate::explain_all(&en.root, &load, "reimbursement", 5).unwrap().to_string();
    assert!(text.contains("refund: synonym: reimbursement => refund, ×0.7"), "{text}");
    let typo = crate::explain_all(&en.root, &load, "refnud", 5).unwrap().to_string();
    assert!(typo.contains("1 typo away"), "{typo}");
    let zh = build("zh-CN", "", &customer_service(), ShardSizes::default());
    let shards: HashMap<String, Vec<u8>> = zh.shards.iter().cloned().collect();
    let text = crate::explain_all(&zh.root, &|f| shards.get(f).cloned(), "在线刻服", 5).unwrap().to_string();
    assert!(text.contains("客服: corrected: 刻 → 客"), "{text}");
}

#[test]
fn times_of_day_find_the_hours_that_cover_them_and_step_numbers_find_nothing() {
    let docs = vec![
        doc("When can I call?", "", &[], &[("", "", "Hotline: every day, 9:00–18:00. Night line: 23:00 to 7:00.")]),
        doc(
            "How do I send an item back?",
            "",
            &[],
            &[("1. Pack it", "pack", "Use the box it came in."), ("4. Call the courier", "courier", "At 19:00.")],
        ),
        doc("What should I send?", "", &[], &[("", "", "Take photos of the damage.")]),
        doc("客服什么时候在？", "", &[], &[("", "", "在线客服每天 20:30 至 22:00。")]),
    ];
    let built = build("mixed", "", &docs, ShardSizes::default());
    let cases: [(&str, &[&str]); 11] = [
        // Inside a range, to the hour, across midnight, on the 12-hour clock, in Chinese.
        ("3pm", &["When can I call?"]),
        ("15:30", &["When can I call?"]),
        ("2 am", &["When can I call?"]),
        ("7pm", &["How do I send an item back?"]),
        ("晚上9点", &["客服什么时候在？"]),
        ("19:45", &["How do I send an item back?"]),
        ("20:59", &["客服什么时候在？"]),
        // Hours no range covers.
        ("20:00", &["客服什么时候在？"]),
        ("8am", &[]),
        // Step 4's number is its place, not its subject.
        ("4 photos", &["What should I send?"]),
        ("4 ", &[]), // typed in full: 4:00 would complete it
    ];
    for (query, expected) in cases {
        assert_eq!(titles(&built, query), expected, "{query}");
    }
}
