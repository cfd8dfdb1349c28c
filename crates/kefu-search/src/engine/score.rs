//! Scoring: BM25F over the fields, scaled by the share of the query (weighted by
//! rarity, question words almost nothing) a document matches, to the power 1.5 (the
//! square cost the labelled queries' tuning half 0.022 of recall@1, questions 0.097;
//! the power 1 did as well as 1.5), with a bonus when its title holds every content
//! word; and how strong the evidence is, for [`super::Hit::weak`].

use super::lookup::{Expansion, Why};
use super::{Engine, WEIGHTS};
use crate::format::{FIELD_COUNT, Posting, field};
use crate::query::Slot;

/// Length normalisation per field: short fields barely.
pub(super) const B: [f32; FIELD_COUNT] = [0.4, 0.5, 0.6, 0.75];
pub(super) const K1: f32 = 1.2;
/// Bonuses when every content word of the query that the index has matches the title,
/// or another phrasing. Counting every word, question words and pairs the index lacks
/// (which no title has) included, cost the tuning half 0.029 of recall@1.
const TITLE_BONUS: f32 = 1.5;
const QUESTIONS_BONUS: f32 = 1.2;
/// Results below this share of the best score are noise.
const CUTOFF: f32 = 0.12;
/// A result whose matched content words carry less than this share of the rarity of the
/// query's content words is weak evidence. On the labelled queries' tuning half: 0.3
/// flags 2% of the queries an article answers and 4 of the 8 it does not; 0.4, 6% and
/// 5 of 8; 0.5, 14% and 5 of 8.
const WEAK_EVIDENCE: f32 = 0.4;

/// A document that matches some slot, and its score so far, summed over those slots.
#[derive(Debug, Clone, Copy, Default)]
struct Candidate {
    /// The document.
    doc: u32,
    /// Its best match for the slot being scored.
    current: SlotMatch,
    /// The BM25F sum.
    bm25f: f32,
    /// The rarity (idf) of the slots it matches, as weighted.
    rarity: f32,
    /// The rarity of the content slots it matches.
    content: f32,
    /// How many slots it matches.
    matched: usize,
    /// How many of the content slots it matches in the title.
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

/// A scored document, and the parts of its score.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scored {
    /// The document.
    pub doc: u32,
    /// The score before the phrase bonus, then with it.
    pub score: f32,
    /// Whether some slots matched nothing in it.
    pub relaxed: bool,
    /// Whether it matches a content word or pair (not only question words or lone CJK
    /// characters): a document that does ranks above every one that does not.
    pub strong: bool,
    /// The share of the rarity of the query's content words that it matches.
    pub evidence: f32,
    /// The BM25F sum over the slots.
    pub bm25f: f32,
    /// The share of the query, by rarity, it matches (its square scales the score).
    pub coverage: f32,
    /// The title's or other phrasings' bonus (1 for none).
    pub bonus: f32,
    /// How closely the query's words stand together in its text, 0 to 1.
    pub together: f32,
}

impl Scored {
    /// Whether it rests on weak evidence (see [`super::Hit::weak`]).
    pub fn weak(&self) -> bool {
        !self.strong || self.evidence < WEAK_EVIDENCE
    }
}

impl Engine {
    /// BM25F of one posting of a term counted with `weight` and of rarity `idf`.
    pub(super) fn posting_score(&self, weight: f32, idf: f32, doc: u32, p: &Posting) -> f32 {
        let lens = self.root.lens[doc as usize];
        // Fields without the term add exactly 0: no branches, which mispredict.
        let mut tf = 0.0;
        for f in 0..FIELD_COUNT {
            tf += WEIGHTS[f] * p.tf[f] as f32 / self.norms[f][lens[f] as usize];
        }
        weight * idf * tf * (K1 + 1.0) / (K1 + tf)
    }

    /// The rarity of a term in `df` documents.
    pub(super) fn idf(&self, df: usize) -> f32 {
        let n = self.len() as f32;
        (1.0 + (n - df as f32 + 0.5) / (df as f32 + 0.5)).ln()
    }

    /// The rarity each of a slot's terms is scored with, and the slot's own rarity (for
    /// coverage and evidence: its rarest term's, or a word's in no document when it
    /// matched nothing). A function word's rarity is chance (了能 in 了能退吗 is rare
    /// because it stands across two words, not because it says much): it counts as at
    /// most as rare as a term in half the documents. What a word adds (a synonym, a
    /// longer word) is scored as at most as rare as the word typed, when the index has
    /// it: "chat" must not lose to "talk", which it adds, because fewer articles say
    /// "talk". A completion of the word being typed is as rare as all of them together.
    /// [`Engine::explain`] shows the same numbers.
    pub(super) fn rarities(&self, slot: &Slot, found: &[Expansion]) -> (Vec<f32>, f32) {
        let cap = if slot.weight < 1.0 { self.idf(self.len() / 2) } else { f32::INFINITY };
        let exact = found.iter().find(|e| e.why == Why::Exact).map(|e| self.idf(self.postings(e).len()));
        // The word being typed is as rare as its beginning: "f" says "some word with
        // an f", in nearly every article, however rare "faq", one of its words, is.
        let begun: usize =
            found.iter().filter(|e| matches!(e.why, Why::Prefix | Why::Exact)).map(|e| self.postings(e).len()).sum();
        let begun = self.idf(begun.min(self.len()));
        let mut slot_idf: f32 = if found.is_empty() { self.idf(0).min(cap) } else { 0.0 };
        let mut idfs = Vec::with_capacity(found.len());
        for e in found {
            let rarity = self.idf(self.postings(e).len()).min(cap);
            let rarity = if e.why == Why::Prefix { rarity.min(begun) } else { rarity };
            slot_idf = slot_idf.max(rarity);
            idfs.push(if e.why == Why::Exact { rarity } else { rarity.min(exact.unwrap_or(rarity)) });
        }
        (idfs, slot_idf)
    }

    /// Scores every document that matches any slot. Unordered.
    pub(super) fn score(&self, slots: &[Slot], expansions: &[Vec<Expansion>]) -> Vec<Scored> {
        // Candidates in a vector, found through an array indexed by document: a query
        // touches thousands of postings, and a hash map per slot cost more than the
        // arithmetic.
        // As many as the postings, at most: growing it as they came copied it again and
        // again, 8% of a first query's instructions.
        let postings: usize = expansions.iter().flatten().map(|e| self.postings(e).len()).sum();
        let mut candidates: Vec<Candidate> = Vec::with_capacity(postings.min(self.len()));
        let mut index = vec![u32::MAX; self.len()];
        // The candidates the current slot matches.
        let mut touched: Vec<u32> = Vec::new();
        let (mut total_rarity, mut total_content) = (0.0, 0.0);
        for (number, (slot, found)) in (1..).zip(slots.iter().zip(expansions)) {
            touched.clear();
            let (idfs, slot_idf) = self.rarities(slot, found);
            for (e, &term_idf) in found.iter().zip(&idfs) {
                let postings = self.postings(e);
                let mut doc = 0u32;
                for p in postings {
                    doc += p.gap;
                    let score = self.posting_score(e.weight * slot.weight, term_idf, doc, p);
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
            total_rarity += slot_idf * slot.weight;
            let content = slot.is_content() && !found.is_empty();
            if slot.is_content() {
                // A content word the index lacks counts as one in a single document.
                total_content += if content { slot_idf } else { self.idf(1) };
            }
            for &at in &touched {
                let c = &mut candidates[at as usize];
                c.bm25f += c.current.score;
                c.rarity += slot_idf * slot.weight;
                c.content += if content { slot_idf } else { 0.0 };
                c.matched += 1;
                c.in_title += usize::from(content && c.current.in_title);
                c.in_questions += usize::from(content && c.current.in_questions);
            }
        }
        let slots_n = slots.len();
        // The content words the index has: a title holding them all answers the query.
        let content_slots = slots.iter().zip(expansions).filter(|(s, e)| s.is_content() && !e.is_empty()).count();
        candidates
            .iter()
            .map(|c| {
                let coverage = if total_rarity > 0.0 { c.rarity / total_rarity } else { 0.0 };
                let bonus = if content_slots == 0 {
                    1.0
                } else if c.in_title == content_slots {
                    TITLE_BONUS
                } else if c.in_questions == content_slots {
                    QUESTIONS_BONUS
                } else {
                    1.0
                };
                Scored {
                    doc: c.doc,
                    // coverage^1.5 (a square root is one wasm instruction; powf is code).
                    score: c.bm25f * coverage * coverage.sqrt() * bonus,
                    relaxed: c.matched < slots_n,
                    strong: c.content > 0.0,
                    evidence: if total_content > 0.0 { c.content / total_content } else { 0.0 },
                    bm25f: c.bm25f,
                    coverage,
                    bonus,
                    together: 0.0,
                }
            })
            .collect()
    }
}

/// The best `limit` of the scored documents that are not noise, best first: those that
/// match a content word before those that do not, then by score (ties by id).
pub(super) fn top(ranked: Vec<Scored>, limit: usize) -> Vec<Scored> {
    let strong = ranked.iter().any(|r| r.strong);
    let best = ranked.iter().filter(|r| r.strong == strong).map(|r| r.score).max_by(f32::total_cmp).unwrap_or(0.0);
    let mut top = Vec::new();
    for r in ranked.into_iter().filter(|r| r.score >= best * CUTOFF) {
        insert_ranked(&mut top, r, limit, |r| (r.strong, r.score, r.doc));
    }
    top
}

/// Inserts `item` into `list`, which is best first and at most `limit` long, where it
/// ranks by its `key` (whether it is strong, its score, its document), after those it
/// ties with, and drops what falls past `limit`. The lists are short (the results
/// shown) and most of a common word's thousands of documents rank below the last, so
/// this costs about one comparison a document and, unlike the standard library's sorts,
/// almost nothing in the wasm (5 KB for a sort and a selection).
pub(super) fn insert_ranked<T>(list: &mut Vec<T>, item: T, limit: usize, key: impl Fn(&T) -> (bool, f32, u32)) {
    let before = |a: &T, b: &T| {
        let ((strong_a, score_a, doc_a), (strong_b, score_b, doc_b)) = (key(a), key(b));
        strong_a.cmp(&strong_b).then(score_a.total_cmp(&score_b)).then(doc_b.cmp(&doc_a)).is_gt()
    };
    if list.len() >= limit && list.last().is_none_or(|last| !before(&item, last)) {
        return;
    }
    let at = list.iter().position(|x| before(&item, x)).unwrap_or(list.len());
    list.insert(at, item);
    list.truncate(limit);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_top_results() {
        let scored = |doc: u32, score: f32, strong: bool| Scored { doc, score, strong, ..Scored::default() };
        // Documents as (id, score, strong), the limit, and the ids expected, best first.
        type Case = (&'static [(u32, f32, bool)], usize, &'static [u32]);
        let cases: &[Case] = &[
            (&[(0, 1.0, true), (1, 3.0, true), (2, 2.0, true)], 10, &[1, 2, 0]),
            (&[(0, 1.0, true), (1, 3.0, true), (2, 2.0, true)], 2, &[1, 2]),
            (&[(5, 2.0, true), (3, 2.0, true), (4, 2.0, true)], 2, &[3, 4]), // ties by id
            (&[(0, 9.0, false), (1, 2.0, true)], 10, &[1, 0]),               // a strong one first, however scored
            (&[(0, 9.0, false), (1, 5.0, false)], 10, &[0, 1]),
            (&[(0, 10.0, true), (1, 1.0, true)], 10, &[0]), // below CUTOFF of the best
            (&[(0, 1.0, true)], 0, &[]),
        ];
        for (docs, limit, expected) in cases {
            let ranked = docs.iter().map(|&(doc, score, strong)| scored(doc, score, strong)).collect();
            let ids: Vec<u32> = top(ranked, *limit).iter().map(|s| s.doc).collect();
            assert_eq!(ids, *expected, "{docs:?} {limit}");
        }
    }
}
