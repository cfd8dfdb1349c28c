//! The query engine: BM25F over the fields, prefix matching on the word being typed,
//! typo tolerance, a bonus when the title holds every word, relaxation when not every term matches, and results
//! at section level with a highlighted snippet.
//!
//! The engine does no I/O. [`Engine::search`] answers, or says which shard files it
//! needs first; the caller fetches them (from disk, or over HTTP in the widget), hands
//! them over with [`Engine::add_shard`] and asks again.

use crate::distance::{allowed_typos, within};
use crate::format::{self, DecodeError, DocRecord, DocShard, FIELD_COUNT, Root, TermShard, field};
use crate::tokenize::{Kind, for_each_token, stem, tokenize};
use std::collections::BTreeMap;
use std::ops::RangeInclusive;

/// Field weights (title, questions, headings, body), chosen on the 190 labelled queries
/// in tests/relevance (recall@1: 0.853 with 4/3/1.5/1, 0.863 with 6/4/1.5/1, 0.874 with
/// these): the title says what an article answers; other phrasings of the question come
/// close; body text, long and full of every topic's words, matters least.
const WEIGHTS: [f32; FIELD_COUNT] = [6.0, 4.0, 1.0, 0.5];
/// Length normalisation per field: short fields barely.
const B: [f32; FIELD_COUNT] = [0.4, 0.5, 0.6, 0.75];
const K1: f32 = 1.2;
/// A prefix or corrected word counts less than the word typed in full.
const PREFIX_WEIGHT: f32 = 0.8;
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.6, 0.4];
/// How many expansions one prefix may have.
const MAX_EXPANSIONS: usize = 40;
/// Bonuses when every word of the query matches the title, or another phrasing.
const TITLE_BONUS: f32 = 1.5;
const QUESTIONS_BONUS: f32 = 1.2;
/// Results below this share of the best score are noise.
const CUTOFF: f32 = 0.12;
/// The best results by BM25F that are ranked again once their documents are loaded,
/// with a bonus for the query's words standing together ([`PHRASE_BONUS`]). A fixed
/// number, so that fewer results are always the first of more.
const RERANK: usize = 8;
/// At most this bonus (the score doubles) when every pair of consecutive query words
/// stands in the text as in the query; half as much for a pair within [`NEAR`] words of
/// each other. On the 190 labelled queries, recall@1 / MRR@10: 0.879 / 0.914 without,
/// 0.884 / 0.918 with 0.3, 0.895 / 0.924 with 1.0 to 2.0; a window of 4 words rather than
/// 2 cost Chinese queries 0.011 of recall@1.
const PHRASE_BONUS: f32 = 1.0;
const NEAR: u32 = 2;

/// A search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The document's id in the index.
    pub doc: u32,
    /// Its title.
    pub title: String,
    /// URL relative to the site root, with `#anchor` when a section matched best.
    pub url: String,
    /// Its summary.
    pub summary: String,
    /// The heading of the section that matched best, when that is not the top.
    pub section: Option<String>,
    /// An extract around the matches: pieces of text, `true` where highlighted.
    pub snippet: Vec<(String, bool)>,
    /// The score; only the order means anything.
    pub score: f32,
    /// Whether some query terms matched nothing here (the query was relaxed).
    pub relaxed: bool,
}

/// Shard files the engine must have before it can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs(pub Vec<String>);

/// A locale's index, as much of it as has been loaded.
#[derive(Debug, Clone)]
pub struct Engine {
    root: Root,
    terms: BTreeMap<usize, TermShard>,
    docs: BTreeMap<usize, DocShard>,
    /// BM25's length normalisation, `1 - b + b * len / avg`, per field and quantised
    /// length: computed once rather than for every posting of every query.
    norms: [[f32; 256]; FIELD_COUNT],
}

/// One thing the visitor typed: a word, or a CJK character pair.
#[derive(Debug)]
struct Slot {
    /// The normalised word as typed (for prefixes and typos).
    raw: String,
    /// The term to look up.
    term: String,
    /// Whether the word may still be growing (the last word, typed without a space after).
    prefix: bool,
    /// Whether typos are tolerated.
    fuzzy: bool,
    /// Its position in the query, counting words and CJK characters.
    position: u32,
}

/// A document that matches some slot, and its score so far, summed over those slots.
#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    /// The document.
    doc: u32,
    /// Its best match for the slot being scored.
    current: SlotMatch,
    /// The BM25F sum.
    bm25f: f32,
    /// The rarity (idf) of the slots it matches.
    rarity: f32,
    /// How many slots it matches.
    matched: usize,
    /// How many of them in the title.
    in_title: usize,
    /// How many of them in the other phrasings.
    in_questions: usize,
}

/// A document's best match for one slot.
#[derive(Debug, Clone, Copy, Default)]
struct SlotMatch {
    /// The slot, counted from 1: 0 means none yet.
    slot: usize,
    /// The best score of the slot's expansions.
    score: f32,
    /// Whether one matched in the title.
    in_title: bool,
    /// Whether one matched in the other phrasings.
    in_questions: bool,
}

/// A dictionary term a slot matched, with how much it counts.
#[derive(Debug, Clone)]
struct Expansion {
    shard: usize,
    index: usize,
    weight: f32,
}

impl Engine {
    /// Opens an index from its root file (with every shard, for a small index).
    pub fn new(root: &[u8]) -> Result<Self, DecodeError> {
        let mut root: Root = format::decode(root)?;
        let bundle = root.bundle.take().unwrap_or_default();
        let norms = std::array::from_fn(|f| {
            std::array::from_fn(|q| {
                let len = format::dequantize_len(q as u8);
                1.0 - B[f] + B[f] * len / root.avg_len[f].max(1.0)
            })
        });
        let mut engine = Self { root, terms: BTreeMap::new(), docs: BTreeMap::new(), norms };
        // Inserted one by one: collecting would sort, and add a sort to the wasm per type.
        for (n, shard) in bundle.terms.into_iter().enumerate() {
            engine.check_terms(&shard)?;
            engine.terms.insert(n, shard);
        }
        for (n, shard) in bundle.docs.into_iter().enumerate() {
            engine.check_docs(n, &shard)?;
            engine.docs.insert(n, shard);
        }
        Ok(engine)
    }

    /// Whether a term shard fits the root: a posting list per term, and no document
    /// beyond the last. What the engine then indexes by cannot be out of bounds.
    fn check_terms(&self, shard: &TermShard) -> Result<(), DecodeError> {
        let docs = self.len() as u64;
        let last = |list: &Vec<format::Posting>| list.iter().map(|p| u64::from(p.gap)).sum::<u64>();
        if shard.terms.len() != shard.postings.len() {
            return Err(DecodeError::Inconsistent("a term shard's terms and postings differ in number".into()));
        }
        if shard.postings.iter().any(|list| !list.is_empty() && last(list) >= docs) {
            return Err(DecodeError::Inconsistent("a term shard names documents the root does not have".into()));
        }
        Ok(())
    }

    /// Whether document shard `n` holds the documents the root puts there.
    fn check_docs(&self, n: usize, shard: &DocShard) -> Result<(), DecodeError> {
        let per_shard = self.root.docs_per_shard.max(1) as usize;
        let expected = self.len().saturating_sub(n.saturating_mul(per_shard)).min(per_shard);
        if shard.docs.len() != expected {
            return Err(DecodeError::Inconsistent(format!(
                "document shard {n} holds {} documents, not {expected}",
                shard.docs.len()
            )));
        }
        Ok(())
    }

    /// The locale's home page relative to the site root, e.g. `en/`.
    pub fn home(&self) -> &str {
        &self.root.home
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.root.lens.len()
    }

    /// Whether the index has no documents.
    pub fn is_empty(&self) -> bool {
        self.root.lens.is_empty()
    }

    /// Hands over a shard file that [`Engine::search`] asked for. A file that is not one
    /// of this index's shards, or does not fit its root, is an error: files of two
    /// builds mixed, or damaged.
    pub fn add_shard(&mut self, file: &str, bytes: &[u8]) -> Result<(), DecodeError> {
        match self.root.shard_of_file(file) {
            Some((true, n)) => {
                let shard = format::decode(bytes)?;
                self.check_terms(&shard)?;
                self.terms.insert(n, shard);
            }
            Some((false, n)) => {
                let shard = format::decode(bytes)?;
                self.check_docs(n, &shard)?;
                self.docs.insert(n, shard);
            }
            None => return Err(DecodeError::Inconsistent(format!("{file} is not one of its shards"))),
        }
        Ok(())
    }

    /// The best `limit` results for `query`, or the shard files needed to find them.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, Needs> {
        let slots = slots(query);
        if slots.is_empty() || self.is_empty() {
            return Ok(Vec::new());
        }
        self.require(slots.iter().flat_map(|s| self.term_shards_for(s)), true)?;
        let expansions: Vec<Vec<Expansion>> = slots.iter().map(|s| self.expand(s)).collect();
        // What a result highlights, and which slots each term stands for: the terms the
        // slots matched, and the slots' own.
        let mut matched: fnv::FnvHashMap<&str, u64> = fnv::FnvHashMap::default();
        // The slots that matched anything: a title holding them all answers the query.
        let mut required = 0;
        for (i, (slot, found)) in slots.iter().zip(&expansions).enumerate() {
            for term in found.iter().map(|e| self.term(e)).chain([slot.term.as_str()]) {
                *matched.entry(term).or_default() |= slot_bit(i);
            }
            if !found.is_empty() {
                required |= slot_bit(i);
            }
        }
        let gaps: Vec<u32> = slots.windows(2).map(|w| w[1].position.saturating_sub(w[0].position)).collect();
        let ranked = top(self.score(&expansions), limit.max(RERANK));
        // Only the results shown need their documents: titles, URLs, text for snippets.
        self.require(ranked.iter().map(|(doc, ..)| self.doc_shard_of(*doc)), false)?;
        let mut hits: Vec<Hit> = ranked
            .into_iter()
            .map(|(doc, score, relaxed)| self.hit(doc, self.record(doc), score, relaxed, &matched, &gaps, required))
            .collect();
        let pool = hits.len().min(RERANK);
        hits[..pool].sort_by(|a, b| b.score.total_cmp(&a.score).then(a.doc.cmp(&b.doc)));
        hits.truncate(limit);
        Ok(hits)
    }

    /// Fails with the files of the shards in `wanted` that are not loaded yet.
    fn require(&self, wanted: impl IntoIterator<Item = usize>, terms: bool) -> Result<(), Needs> {
        let wanted = distinct(wanted);
        let missing: Vec<String> = if terms {
            wanted.iter().filter(|i| !self.terms.contains_key(i)).map(|&i| self.root.term_shard_file(i)).collect()
        } else {
            wanted.iter().filter(|i| !self.docs.contains_key(i)).map(|&n| self.root.doc_shard_file(n)).collect()
        };
        if missing.is_empty() { Ok(()) } else { Err(Needs(missing)) }
    }

    /// The term shards a slot's lookups touch, each once.
    fn term_shards_for(&self, slot: &Slot) -> Vec<usize> {
        let mut shards = vec![self.shard_of(&slot.term)];
        if slot.prefix {
            shards.extend(self.shards_in(&slot.raw, &upper_bound(&slot.raw)));
        }
        if slot.fuzzy {
            shards.extend(self.typo_shards(slot));
        }
        distinct(shards)
    }

    /// The term shards typos of a slot are looked for in: those of the terms with the
    /// same first letter, or the same first two when the first spans many shards.
    fn typo_shards(&self, slot: &Slot) -> RangeInclusive<usize> {
        let first: String = slot.raw.chars().take(1).collect();
        let range = self.shards_in(&first, &upper_bound(&first));
        if range.clone().count() > 4 {
            let two: String = slot.raw.chars().take(2).collect();
            return self.shards_in(&two, &upper_bound(&two));
        }
        range
    }

    /// The term shard whose range holds `term`.
    fn shard_of(&self, term: &str) -> usize {
        self.root.term_shards.partition_point(|first| first.as_str() <= term).saturating_sub(1)
    }

    /// The term shards overlapping `[low, high)`.
    fn shards_in(&self, low: &str, high: &str) -> RangeInclusive<usize> {
        self.shard_of(low)..=self.shard_of(high)
    }

    fn doc_shard_of(&self, doc: u32) -> usize {
        (doc / self.root.docs_per_shard.max(1)) as usize
    }

    fn record(&self, doc: u32) -> &DocRecord {
        let shard = &self.docs[&self.doc_shard_of(doc)];
        &shard.docs[(doc % self.root.docs_per_shard.max(1)) as usize]
    }

    /// The dictionary term of an expansion.
    fn term(&self, e: &Expansion) -> &str {
        &self.terms[&e.shard].terms[e.index]
    }

    /// The dictionary terms a slot matches, exact first.
    fn expand(&self, slot: &Slot) -> Vec<Expansion> {
        let mut found = Vec::new();
        let exact_shard = self.shard_of(&slot.term);
        let exact = self.terms.get(&exact_shard).and_then(|s| s.terms.binary_search(&slot.term).ok());
        if let Some(index) = exact {
            found.push(Expansion { shard: exact_shard, index, weight: 1.0 });
        }
        // Each term once: the exact one may also be a prefix match; the typo scan runs
        // only when nothing else matched, over distinct shards.
        let add = |shard: usize, index: usize, weight: f32, found: &mut Vec<Expansion>| {
            if (shard, Some(index)) != (exact_shard, exact) {
                found.push(Expansion { shard, index, weight });
            }
        };
        if slot.prefix {
            let mut count = 0;
            for shard in self.shards_in(&slot.raw, &upper_bound(&slot.raw)) {
                let Some(terms) = self.terms.get(&shard).map(|s| &s.terms) else { continue };
                let start = terms.partition_point(|t| t.as_str() < slot.raw.as_str());
                let matching = terms[start..].iter().take_while(|t| t.starts_with(&slot.raw)).count();
                for index in start..start + matching.min(MAX_EXPANSIONS - count) {
                    add(shard, index, PREFIX_WEIGHT, &mut found);
                    count += 1;
                }
            }
        }
        if slot.fuzzy && found.is_empty() {
            let max = allowed_typos(slot.raw.chars().count());
            let first = slot.raw.chars().next();
            for shard in self.term_shards_for(slot) {
                let Some(terms) = self.terms.get(&shard).map(|s| &s.terms) else { continue };
                for (index, term) in terms.iter().enumerate().filter(|(_, t)| t.chars().next() == first) {
                    let distance = within(&slot.term, term, max).or_else(|| within(&slot.raw, term, max));
                    if let Some(d) = distance {
                        add(shard, index, TYPO_WEIGHT[d.min(2)], &mut found);
                    }
                }
            }
        }
        found
    }

    /// Scores every document that matches any slot: BM25F, scaled by the share of the
    /// query (weighted by rarity) it matches. Returns (doc, score, relaxed), unordered.
    fn score(&self, expansions: &[Vec<Expansion>]) -> Vec<(u32, f32, bool)> {
        let n = self.len() as f32;
        let idf = |df: usize| (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln();
        // Candidates in a vector, found through an array indexed by document: a query
        // touches thousands of postings, and a hash map per slot cost more than the
        // arithmetic.
        let mut candidates: Vec<Candidate> = Vec::new();
        let mut index = vec![u32::MAX; self.len()];
        // The candidates the current slot matches.
        let mut touched: Vec<u32> = Vec::new();
        let mut total_rarity = 0.0;
        for (number, slot) in (1..).zip(expansions) {
            touched.clear();
            let mut slot_idf: f32 = 0.0;
            for e in slot {
                let postings = &self.terms[&e.shard].postings[e.index];
                let term_idf = idf(postings.len());
                slot_idf = slot_idf.max(term_idf);
                let mut doc = 0u32;
                for p in postings {
                    doc += p.gap;
                    let lens = self.root.lens[doc as usize];
                    // Fields without the term add exactly 0: no branches, which mispredict.
                    let mut tf = 0.0;
                    for f in 0..FIELD_COUNT {
                        tf += WEIGHTS[f] * p.tf[f] as f32 / self.norms[f][lens[f] as usize];
                    }
                    let score = e.weight * term_idf * tf * (K1 + 1.0) / (K1 + tf);
                    let at = &mut index[doc as usize];
                    if *at == u32::MAX {
                        *at = candidates.len() as u32;
                        candidates.push(Candidate { doc, ..Candidate::default() });
                    }
                    let current = &mut candidates[*at as usize].current;
                    if current.slot != number {
                        *current = SlotMatch { slot: number, ..SlotMatch::default() };
                        touched.push(*at);
                    }
                    current.score = current.score.max(score);
                    current.in_title |= p.tf[field::TITLE] > 0;
                    current.in_questions |= p.tf[field::QUESTIONS] > 0;
                }
            }
            // A slot that matched nothing still counts against every document, as rare.
            let slot_idf = if slot.is_empty() { idf(0) } else { slot_idf };
            total_rarity += slot_idf;
            for &at in &touched {
                let c = &mut candidates[at as usize];
                c.bm25f += c.current.score;
                c.rarity += slot_idf;
                c.matched += 1;
                c.in_title += usize::from(c.current.in_title);
                c.in_questions += usize::from(c.current.in_questions);
            }
        }
        let slots = expansions.len();
        candidates
            .iter()
            .map(|c| {
                let coverage = if total_rarity > 0.0 { c.rarity / total_rarity } else { 0.0 };
                // Every word of the query in the title (or another phrasing of the question).
                let bonus = if c.in_title == slots {
                    TITLE_BONUS
                } else if c.in_questions == slots {
                    QUESTIONS_BONUS
                } else {
                    1.0
                };
                (c.doc, c.bm25f * coverage * coverage * bonus, c.matched < slots)
            })
            .collect()
    }

    /// Builds the result for `doc`: the best section, a snippet there, and the score
    /// with the phrase bonus.
    #[allow(clippy::too_many_arguments)]
    fn hit(
        &self,
        doc: u32,
        record: &DocRecord,
        score: f32,
        relaxed: bool,
        matched: &fnv::FnvHashMap<&str, u64>,
        gaps: &[u32],
        required: u64,
    ) -> Hit {
        // How closely the query's words stand together, in the text that has them closest.
        let mut pairs = vec![0u8; gaps.len()];
        let mut find = |text: &str| {
            let found = find(text, matched);
            phrase_pairs(&found.at, gaps, &mut pairs);
            found
        };
        // A query the title answers whole links to the article, not into a section.
        let in_title = find(&record.title).at.iter().fold(0, |slots, (_, s)| slots | s) & required == required;
        let summary = find(&record.summary).ranges;
        for question in &record.questions {
            find(question);
        }
        // Per section: the matches in its text (the snippet's, if it is chosen), and its
        // weight, the number of matches with those in the heading counting three.
        let mut texts = Vec::with_capacity(record.sections.len());
        let mut weights = Vec::with_capacity(record.sections.len());
        for section in &record.sections {
            let text = find(&section.text).ranges;
            weights.push(find(&section.heading).ranges.len() * 3 + text.len());
            texts.push(text);
        }
        let together = pairs.iter().map(|&p| f32::from(p)).sum::<f32>() / (2 * gaps.len()).max(1) as f32;
        let score = score * (1.0 + PHRASE_BONUS * together);
        let best = (0..weights.len()).max_by_key(|&i| (weights[i], std::cmp::Reverse(i)));
        let (section, url) = match best {
            Some(i) if !in_title && i > 0 && weights[i] > weights[0] => {
                let s = &record.sections[i];
                (Some(s.heading.clone()), format!("{}#{}", record.url, s.anchor))
            }
            _ => (None, record.url.clone()),
        };
        let snippet = match best {
            Some(i) if !record.sections[i].text.trim().is_empty() => snippet(&record.sections[i].text, &texts[i]),
            _ => snippet(&record.summary, &summary),
        };
        Hit { doc, title: record.title.clone(), url, summary: record.summary.clone(), section, snippet, score, relaxed }
    }
}

/// The slots of a query: its words, and its CJK runs as character pairs (a single CJK
/// character stays one slot).
fn slots(query: &str) -> Vec<Slot> {
    let tokens = tokenize(query);
    let growing = !query.ends_with(char::is_whitespace);
    let last_word = tokens.iter().rposition(|t| t.kind == Kind::Word);
    let mut slots = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let single_cjk = token.kind == Kind::Cjk
            && !tokens
                .iter()
                .any(|t| t.kind == Kind::CjkPair && (t.position == token.position || t.position + 1 == token.position));
        match token.kind {
            Kind::Word => {
                let prefix = growing && Some(i) == last_word && i == tokens.len() - 1;
                let fuzzy =
                    allowed_typos(token.raw.chars().count()) > 0 && token.raw.chars().all(|c| c.is_ascii_alphabetic());
                slots.push(Slot {
                    raw: token.raw.clone(),
                    term: token.term.clone(),
                    prefix,
                    fuzzy,
                    position: token.position,
                });
            }
            Kind::Cjk if !single_cjk => {}
            Kind::CjkPair | Kind::Cjk => slots.push(Slot {
                raw: token.term.clone(),
                term: token.term.clone(),
                prefix: false,
                fuzzy: false,
                position: token.position,
            }),
        }
    }
    // The stem of a word still being typed may be longer than what was typed: look up both.
    for slot in &mut slots {
        if slot.prefix && slot.term != slot.raw && !slot.raw.starts_with(&slot.term) {
            slot.term = stem(&slot.raw);
        }
    }
    slots
}

/// Each shard number once, in the order first seen. The lists are short (a query's
/// shards): a sort would cost the wasm more than the comparisons cost the engine.
fn distinct(shards: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut seen = Vec::new();
    for shard in shards {
        if !seen.contains(&shard) {
            seen.push(shard);
        }
    }
    seen
}

/// The best `limit` of the scored documents that are not noise, best first (ties by
/// id). Only those are sorted: a common word matches most of a big site.
fn top(mut ranked: Vec<(u32, f32, bool)>, limit: usize) -> Vec<(u32, f32, bool)> {
    let best = ranked.iter().map(|r| r.1).max_by(f32::total_cmp).unwrap_or(0.0);
    ranked.retain(|r| r.1 >= best * CUTOFF);
    let order = |a: &(u32, f32, bool), b: &(u32, f32, bool)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if ranked.len() > limit {
        ranked.select_nth_unstable_by(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked
}

/// The smallest string greater than every string starting with `prefix`.
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// The bit of slot `i` in a set of slots (none past the 64th).
fn slot_bit(i: usize) -> u64 {
    1u64.checked_shl(i as u32).unwrap_or(0)
}

/// The tokens of a text that match the query.
struct Found {
    /// Their byte ranges, for the snippet.
    ranges: Vec<(usize, usize)>,
    /// Their positions, with the slots they stand for (bit `i` for slot `i`), in order.
    at: Vec<(u32, u64)>,
}

fn find(text: &str, matched: &fnv::FnvHashMap<&str, u64>) -> Found {
    let mut found = Found { ranges: Vec::new(), at: Vec::new() };
    for_each_token(text, |t| {
        if let Some(&slots) = matched.get(t.term) {
            found.ranges.push((t.start, t.end));
            found.at.push((t.position, slots));
        }
    });
    found
}

/// Raises `pairs[i]`, for slots `i` and `i + 1`, to 2 when they stand in the text `gaps[i]`
/// positions apart as in the query, or to 1 when within [`NEAR`] positions of that.
fn phrase_pairs(at: &[(u32, u64)], gaps: &[u32], pairs: &mut [u8]) {
    for (i, (&gap, pair)) in gaps.iter().zip(pairs.iter_mut()).enumerate().filter(|(i, _)| *i < 63) {
        let (first, second) = (1u64 << i, 1u64 << (i + 1));
        for &(position, _) in at.iter().filter(|(_, slots)| slots & first != 0) {
            if *pair == 2 {
                break;
            }
            let expected = position + gap;
            let low = at.partition_point(|&(p, _)| p + NEAR < expected);
            for &(p, _) in at[low..].iter().take_while(|&&(p, _)| p <= expected + NEAR).filter(|(_, s)| s & second != 0)
            {
                *pair = (*pair).max(if p == expected { 2 } else { 1 });
            }
        }
    }
}

/// About 160 characters of `text` around its densest run of `matches` (byte ranges of
/// its matching tokens, in order).
fn snippet(text: &str, matches: &[(usize, usize)]) -> Vec<(String, bool)> {
    const WINDOW: usize = 160;
    let char_at = |byte: usize| text[..byte].chars().count();
    let total = text.chars().count();
    let center = matches.first().map_or(0, |r| char_at(r.0));
    let start_char = center.saturating_sub(WINDOW / 4).min(total.saturating_sub(WINDOW));
    let end_char = (start_char + WINDOW).min(total);
    let byte_of = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(b, _)| b);
    let (start, end) = (byte_of(start_char), byte_of(end_char));

    let mut merged: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in matches.iter().filter(|&&(s, e)| s >= start && e <= end) {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut pieces = Vec::new();
    let mut at = start;
    if start > 0 {
        pieces.push(("…".to_string(), false));
    }
    for (s, e) in merged {
        if s > at {
            pieces.push((text[at..s].to_string(), false));
        }
        pieces.push((text[s..e].to_string(), true));
        at = e;
    }
    if end > at {
        pieces.push((text[at..end].to_string(), false));
    }
    if end < text.len() {
        pieces.push(("…".to_string(), false));
    }
    pieces
}
