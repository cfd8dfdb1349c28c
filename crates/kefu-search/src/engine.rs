//! The query engine: BM25F over the fields, prefix matching on the word being typed,
//! typo tolerance, synonyms, corrections of Chinese characters typed for others that
//! sound or look alike, question words that weigh almost nothing, a bonus when the title
//! holds every word, relaxation when not every term matches, and results at section
//! level with a highlighted snippet. A result resting on weak evidence is flagged
//! ([`Hit::weak`]): "no good answer" is better than a wrong one.
//!
//! The engine does no I/O. [`Engine::search`] answers, or says which index files it
//! needs first; the caller fetches them (from disk, or over HTTP in the widget), hands
//! them over with [`Engine::add_shard`] and asks again.

mod explain;
mod lookup;
mod score;

pub use explain::{Explanation, How, Lookup, Match, Ranked, SlotReport};

use crate::format::{self, Confusables, DecodeError, DocRecord, DocShard, FIELD_COUNT, IndexPart, Root, TermShard};
use crate::query::{self, Slot};
use crate::snippet::{Wanted, find, phrase_pairs, snippet};
use crate::tokenize::without_enumerator;
use lookup::Expansion;
use score::Scored;

/// Field weights (title, questions, headings, body), chosen on the 190 labelled queries
/// in tests/relevance (recall@1: 0.853 with 4/3/1.5/1, 0.863 with 6/4/1.5/1, 0.874 with
/// these): the title says what an article answers; other phrasings of the question come
/// close; body text, long and full of every topic's words, matters least.
const WEIGHTS: [f32; FIELD_COUNT] = [6.0, 4.0, 1.0, 0.5];
/// The best results by BM25F that are ranked again once their documents are loaded,
/// with a bonus for the query's words standing together ([`PHRASE_BONUS`]). A fixed
/// number, so that fewer results are always the first of more.
const RERANK: usize = 8;
/// At most this bonus (the score doubles) when every pair of consecutive query words
/// stands in the text as in the query; half as much for a pair within
/// [`crate::snippet::NEAR`] words of each other. On the 190 labelled queries, recall@1 /
/// MRR@10: 0.879 / 0.914 without, 0.884 / 0.918 with 0.3, 0.895 / 0.924 with 1.0 to 2.0.
const PHRASE_BONUS: f32 = 1.0;

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
    /// Whether it rests on weak evidence: it matches only question words or lone CJK
    /// characters, or too little of what the query's content words ask. When the first
    /// result is weak, the engine has no good answer, and the visitor is better served
    /// by a way to reach a person than by it.
    pub weak: bool,
}

/// Whether `hits` hold no good answer: none, or a first one resting on weak evidence.
pub fn no_good_answer(hits: &[Hit]) -> bool {
    hits.first().is_none_or(|h| h.weak)
}

/// Index files the engine must have before it can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs(pub Vec<String>);

/// A locale's index, as much of it as has been loaded.
#[derive(Debug, Clone)]
pub struct Engine {
    root: Root,
    terms: Shards<TermShard>,
    docs: Shards<DocShard>,
    confusables: Option<Confusables>,
    /// BM25's length normalisation, `1 - b + b * len / avg`, per field and quantised
    /// length: computed once rather than for every posting of every query.
    norms: [[f32; 256]; FIELD_COUNT],
}

/// The shards of one kind, by number, those loaded so far. A vector, not a map: the
/// root says how many there are, and two maps' code is 3 KB of the wasm.
#[derive(Debug, Clone)]
struct Shards<T>(Vec<Option<T>>);

impl<T> Shards<T> {
    /// None of `count` shards loaded.
    fn new(count: usize) -> Self {
        Self(std::iter::repeat_with(|| None).take(count).collect())
    }

    /// Shard `n`, if it is loaded.
    fn get(&self, n: usize) -> Option<&T> {
        self.0.get(n).and_then(Option::as_ref)
    }

    /// Whether shard `n` is loaded.
    fn has(&self, n: usize) -> bool {
        self.get(n).is_some()
    }

    /// Loads shard `n`; an error when the root has no such shard.
    fn set(&mut self, n: usize, shard: T) -> Result<(), DecodeError> {
        let slot =
            self.0.get_mut(n).ok_or_else(|| DecodeError::Inconsistent("a shard the root does not have".into()))?;
        *slot = Some(shard);
        Ok(())
    }
}

impl<T> std::ops::Index<usize> for Shards<T> {
    type Output = T;

    /// Shard `n`, which the caller has made sure is loaded.
    fn index(&self, n: usize) -> &T {
        self.get(n).expect("the shard is loaded")
    }
}

/// A query made ready: its slots, and for each the dictionary terms it stands for.
struct Prepared<'a> {
    slots: Vec<Slot>,
    expansions: Vec<Vec<Expansion>>,
    /// The synonyms the query used, with the slots they rewrote.
    synonyms: Vec<(std::ops::Range<usize>, &'a format::Synonym)>,
}

impl Engine {
    /// Opens an index from its root file (with every shard, for a small index).
    pub fn new(root: &[u8]) -> Result<Self, DecodeError> {
        let mut root: Root = format::decode(root)?;
        let bundle = root.bundle.take().unwrap_or_default();
        let norms = std::array::from_fn(|f| {
            std::array::from_fn(|q| {
                let len = format::dequantize_len(q as u8);
                1.0 - score::B[f] + score::B[f] * len / root.avg_len[f].max(1.0)
            })
        });
        let terms = Shards::new(root.term_shards.len());
        let docs = Shards::new(root.lens.len().div_ceil(root.docs_per_shard.max(1) as usize));
        let mut engine = Self { root, terms, docs, confusables: None, norms };
        for (n, shard) in bundle.terms.into_iter().enumerate() {
            engine.check_terms(&shard)?;
            engine.terms.set(n, shard)?;
        }
        for (n, shard) in bundle.docs.into_iter().enumerate() {
            engine.check_docs(n, &shard)?;
            engine.docs.set(n, shard)?;
        }
        Ok(engine)
    }

    /// Whether a term shard fits the root: a posting list per term, and no document
    /// beyond the last. What the engine then indexes by cannot be out of bounds.
    fn check_terms(&self, shard: &TermShard) -> Result<(), DecodeError> {
        if shard.terms.len() != shard.postings.len() {
            return Err(DecodeError::Inconsistent("a term shard's terms and postings differ in number".into()));
        }
        if shard.postings.docs() > self.len() as u64 {
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

    /// Hands over a file that [`Engine::search`] asked for. A file that is not one of
    /// this index's, or does not fit its root, is an error: files of two builds mixed,
    /// or damaged.
    pub fn add_shard(&mut self, file: &str, bytes: &[u8]) -> Result<(), DecodeError> {
        match self.root.file_of(file) {
            Some(IndexPart::Terms(n)) => {
                let shard = format::decode(bytes)?;
                self.check_terms(&shard)?;
                self.terms.set(n, shard)?;
            }
            Some(IndexPart::Docs(n)) => {
                let shard = format::decode(bytes)?;
                self.check_docs(n, &shard)?;
                self.docs.set(n, shard)?;
            }
            Some(IndexPart::Confusables) => self.confusables = Some(format::decode(bytes)?),
            None => return Err(DecodeError::Inconsistent(format!("{file} is not one of its shards"))),
        }
        Ok(())
    }

    /// The best `limit` results for `query`, or the files needed to find them.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, Needs> {
        let prepared = self.prepare(query)?;
        Ok(self.rank(&prepared, limit)?.into_iter().map(|(hit, _)| hit).collect())
    }

    /// Why the best `limit` results for `query` rank as they do (what `kefu search
    /// --explain` prints): the same results as [`Engine::search`], with the parts of
    /// their scores, and what each query word looked up and found.
    pub fn explain(&self, query: &str, limit: usize) -> Result<Explanation, Needs> {
        let prepared = self.prepare(query)?;
        let ranked = self.rank(&prepared, limit)?;
        Ok(self.explanation(&prepared, ranked))
    }

    /// The query's slots and the dictionary terms each stands for, loading what that
    /// needs: the term shards, and for corrections the confusables file and more shards.
    fn prepare<'a>(&'a self, query: &str) -> Result<Prepared<'a>, Needs> {
        let mut slots = query::slots(query);
        if slots.is_empty() || self.is_empty() {
            return Ok(Prepared { slots: Vec::new(), expansions: Vec::new(), synonyms: Vec::new() });
        }
        self.require(distinct(slots.iter().flat_map(|s| self.term_shards_for(s))), true)?;
        // A synonym is in the shard of its first term, which its word's slot has loaded.
        let rules = distinct(slots.iter().map(|s| self.shard_of(&s.term)));
        let rules = rules.into_iter().flat_map(|n| &self.terms[n].synonyms);
        let synonyms = query::synonyms_in(&slots, rules);
        let added = lookup::synonym_terms(&slots, &synonyms);
        self.require(distinct(added.iter().flatten().map(|(term, _)| self.shard_of(term))), true)?;
        let corrections = self.corrections(&slots)?;
        let mut expansions: Vec<Vec<Expansion>> = slots.iter().map(|s| self.expand(s)).collect();
        for (i, found) in expansions.iter_mut().enumerate() {
            for (term, why) in added[i].iter().chain(&corrections[i]) {
                self.add_looked_up(found, term, *why);
            }
        }
        // What the index has decides which pairs stand between two words.
        let df = |i: usize| expansions[i].iter().map(|e| self.postings(e).len()).max();
        query::between_words(&mut slots, df);
        Ok(Prepared { slots, expansions, synonyms })
    }

    /// The ranked results, each with the parts of its score.
    fn rank(&self, prepared: &Prepared<'_>, limit: usize) -> Result<Vec<(Hit, Scored)>, Needs> {
        let Prepared { slots, expansions, .. } = prepared;
        if slots.is_empty() {
            return Ok(Vec::new());
        }
        // What a result highlights, and which slots each term stands for: the terms the
        // slots matched, and the slots' own.
        let mut matched = Wanted::default();
        // The slots that matched anything: a title holding them all answers the query.
        let mut required = 0;
        for (i, (slot, found)) in slots.iter().zip(expansions).enumerate() {
            for term in found.iter().map(|e| self.term(e)).chain([slot.term.as_str()]) {
                matched.add(term, slot_bit(i));
            }
            if !found.is_empty() {
                required |= slot_bit(i);
            }
        }
        let gaps: Vec<u32> = slots.windows(2).map(|w| w[1].position.saturating_sub(w[0].position)).collect();
        let ranked = score::top(self.score(slots, expansions), limit.max(RERANK));
        // Only the results shown need their documents: titles, URLs, text for snippets.
        self.require(distinct(ranked.iter().map(|s| self.doc_shard_of(s.doc))), false)?;
        // The first RERANK ranked again with the phrase bonus; the rest, if more were
        // asked for, stay in order after them.
        let mut hits: Vec<(Hit, Scored)> = Vec::with_capacity(ranked.len());
        for (n, scored) in ranked.into_iter().enumerate() {
            let (hit, together) = self.hit(&scored, &matched, &gaps, required);
            let hit = (hit, Scored { together, ..scored });
            if n < RERANK {
                score::insert_ranked(&mut hits, hit, RERANK, |(h, s)| (s.strong, h.score, h.doc));
            } else {
                hits.push(hit);
            }
        }
        hits.truncate(limit);
        Ok(hits)
    }

    /// Fails with the files of the shards in `wanted` (each once) that are not loaded
    /// yet. Not generic over its iterator: one copy in the wasm, not one per caller.
    fn require(&self, wanted: Vec<usize>, terms: bool) -> Result<(), Needs> {
        let missing: Vec<String> = if terms {
            wanted.iter().filter(|&&i| !self.terms.has(i)).map(|&i| self.root.term_shard_file(i)).collect()
        } else {
            wanted.iter().filter(|&&n| !self.docs.has(n)).map(|&n| self.root.doc_shard_file(n)).collect()
        };
        if missing.is_empty() { Ok(()) } else { Err(Needs(missing)) }
    }

    fn doc_shard_of(&self, doc: u32) -> usize {
        (doc / self.root.docs_per_shard.max(1)) as usize
    }

    fn record(&self, doc: u32) -> &DocRecord {
        let shard = &self.docs[self.doc_shard_of(doc)];
        &shard.docs[(doc % self.root.docs_per_shard.max(1)) as usize]
    }

    /// Builds the result for a scored document: the best section, a snippet there, and
    /// the score with the phrase bonus; and how closely the query's words stand
    /// together there (0 to 1).
    fn hit(&self, scored: &Scored, matched: &Wanted<'_>, gaps: &[u32], required: u64) -> (Hit, f32) {
        let record = self.record(scored.doc);
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
            weights.push(find(without_enumerator(&section.heading)).ranges.len() * 3 + text.len());
            texts.push(text);
        }
        let together = pairs.iter().map(|&p| f32::from(p)).sum::<f32>() / (2 * gaps.len()).max(1) as f32;
        let score = scored.score * (1.0 + PHRASE_BONUS * together);
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
        let hit = Hit {
            doc: scored.doc,
            title: record.title.clone(),
            url,
            summary: record.summary.clone(),
            section,
            snippet,
            score,
            relaxed: scored.relaxed,
            weak: scored.weak(),
        };
        (hit, together)
    }
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

/// The bit of slot `i` in a set of slots (none past the 64th).
fn slot_bit(i: usize) -> u64 {
    1u64.checked_shl(i as u32).unwrap_or(0)
}
