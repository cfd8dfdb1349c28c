//! Building a locale's index: documents in, root file and shards out.

use crate::format::{self, DocRecord, DocShard, FIELD_COUNT, Posting, Root, SectionRecord, ShardRef, TermShard, field};
use crate::tokenize::{Kind, tokenize};
use std::collections::BTreeMap;
use std::hash::Hasher;

/// A document to index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocInput {
    /// The title.
    pub title: String,
    /// URL relative to the site root.
    pub url: String,
    /// One-line summary.
    pub summary: String,
    /// Other phrasings of the question; tags and aliases may go here too.
    pub questions: Vec<String>,
    /// The sections, the text before the first heading first.
    pub sections: Vec<SectionRecord>,
}

/// How big shards may grow before the next one starts, in encoded bytes.
#[derive(Debug, Clone, Copy)]
pub struct ShardSizes {
    /// Term shards.
    pub terms: usize,
    /// Document shards.
    pub docs: usize,
}

impl Default for ShardSizes {
    /// Small enough that a query fetches little it does not use: a term shard holds a
    /// narrow range of the dictionary, a document shard one or a few articles (only the
    /// results shown are fetched). Measured with `cargo xtask bench search`.
    fn default() -> Self {
        Self { terms: 16 * 1024, docs: 4 * 1024 }
    }
}

/// A built index: the root file's bytes and each shard's file name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// `index-<locale>.bin`.
    pub root: Vec<u8>,
    /// The shards, named after a hash of their content.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Indexes `docs` (in the order given: document ids are their positions) of `locale`,
/// whose home page is at `home` below the site root.
pub fn build(locale: &str, home: &str, docs: &[DocInput], sizes: ShardSizes) -> Built {
    let mut postings: BTreeMap<String, Vec<(u32, [u8; FIELD_COUNT])>> = BTreeMap::new();
    let mut lens = Vec::with_capacity(docs.len());
    let mut totals = [0f64; FIELD_COUNT];
    for (id, doc) in docs.iter().enumerate() {
        let mut counts: BTreeMap<String, [u8; FIELD_COUNT]> = BTreeMap::new();
        let mut doc_lens = [0usize; FIELD_COUNT];
        for (f, text) in field_texts(doc) {
            for token in tokenize(&text) {
                if token.kind != Kind::CjkPair {
                    doc_lens[f] += 1;
                }
                let tf = &mut counts.entry(token.term).or_default()[f];
                *tf = tf.saturating_add(1);
            }
        }
        for (term, tf) in counts {
            postings.entry(term).or_default().push((id as u32, tf));
        }
        for f in 0..FIELD_COUNT {
            totals[f] += doc_lens[f] as f64;
        }
        lens.push(doc_lens.map(format::quantize_len));
    }
    let n = docs.len().max(1) as f64;
    let avg_len = totals.map(|t| (t / n) as f32);

    let mut shards = Vec::new();
    let term_shards = split_terms(postings, sizes.terms)
        .into_iter()
        .map(|shard| {
            let first = shard.terms.first().cloned().unwrap_or_default();
            let bytes = format::encode(&shard);
            let file = file_name('t', &bytes);
            shards.push((file.clone(), bytes));
            ShardRef { first, file }
        })
        .collect();
    let doc_shards = split_docs(docs, sizes.docs)
        .into_iter()
        .map(|shard| {
            let first = shard.first_doc.to_string();
            let bytes = format::encode(&shard);
            let file = file_name('d', &bytes);
            shards.push((file.clone(), bytes));
            ShardRef { first, file }
        })
        .collect();
    let root = Root { locale: locale.to_string(), home: home.to_string(), avg_len, lens, term_shards, doc_shards };
    Built { root: format::encode(&root), shards }
}

/// The text of each field of a document.
fn field_texts(doc: &DocInput) -> [(usize, String); FIELD_COUNT] {
    let questions = std::iter::once(doc.summary.as_str()).chain(doc.questions.iter().map(String::as_str));
    [
        (field::TITLE, doc.title.clone()),
        (field::QUESTIONS, questions.collect::<Vec<_>>().join("\n")),
        (field::HEADINGS, doc.sections.iter().map(|s| s.heading.as_str()).collect::<Vec<_>>().join("\n")),
        (field::BODY, doc.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n")),
    ]
}

fn split_terms(postings: BTreeMap<String, Vec<(u32, [u8; FIELD_COUNT])>>, limit: usize) -> Vec<TermShard> {
    let mut shards = vec![TermShard::default()];
    let mut size = 0;
    for (term, list) in postings {
        let mut previous = 0;
        let list: Vec<Posting> = list
            .into_iter()
            .map(|(doc, tf)| {
                let gap = doc - previous;
                previous = doc;
                Posting { gap, tf }
            })
            .collect();
        // A rough encoded size: the term, and a varint plus four bytes per posting.
        let cost = term.len() + 2 + list.len() * 6;
        if size + cost > limit && !shards.last().expect("never empty").terms.is_empty() {
            shards.push(TermShard::default());
            size = 0;
        }
        size += cost;
        let shard = shards.last_mut().expect("never empty");
        shard.terms.push(term);
        shard.postings.push(list);
    }
    shards
}

fn split_docs(docs: &[DocInput], limit: usize) -> Vec<DocShard> {
    let mut shards = vec![DocShard::default()];
    let mut size = 0;
    for (id, doc) in docs.iter().enumerate() {
        let record = DocRecord {
            title: doc.title.clone(),
            url: doc.url.clone(),
            summary: doc.summary.clone(),
            questions: doc.questions.clone(),
            sections: doc.sections.clone(),
        };
        let cost = record.title.len()
            + record.url.len()
            + record.summary.len()
            + record.sections.iter().map(|s| s.text.len() + s.heading.len() * 2).sum::<usize>();
        if size + cost > limit && !shards.last().expect("never empty").docs.is_empty() {
            shards.push(DocShard { first_doc: id as u32, docs: Vec::new() });
            size = 0;
        }
        size += cost;
        shards.last_mut().expect("never empty").docs.push(record);
    }
    shards
}

/// `<prefix>-<16 hex digits of the content's FNV-1a hash>.bin`: a new name whenever the
/// content changes, so shards can be cached forever.
fn file_name(prefix: char, bytes: &[u8]) -> String {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(bytes);
    format!("{prefix}-{:016x}.bin", hasher.finish())
}
