//! Building a locale's index: documents in, root file and shards out.

use crate::format::{self, Bundle, DocRecord, DocShard, FIELD_COUNT, Posting, Root, TermShard};
use crate::inverted::{self, Inverted, TermDocs};
use std::hash::Hasher;

/// How big shards may grow before the next one starts, in encoded bytes.
#[derive(Debug, Clone, Copy)]
pub struct ShardSizes {
    /// Term shards.
    pub terms: usize,
    /// Document shards.
    pub docs: usize,
    /// An index whose shards add up to no more than this is one file: the shards go
    /// inside the root.
    pub one_file: usize,
}

impl Default for ShardSizes {
    /// Small enough that a query fetches little it does not use: a term shard holds a
    /// narrow range of the dictionary, a document shard one or a few articles (only the
    /// results shown are fetched). Measured with `cargo xtask bench search`. A small
    /// site's whole index, up to about 40 KB gzipped (some 30 articles), is one request.
    fn default() -> Self {
        Self { terms: 16 * 1024, docs: 4 * 1024, one_file: 128 * 1024 }
    }
}

/// A built index: the root file's bytes and each shard's file name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// `index-<locale>.bin`.
    pub root: Vec<u8>,
    /// The shards and their file names; none when they are inside the root.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Indexes `docs` (in the order given: document ids are their positions) of `locale`,
/// whose home page is at `home` below the site root.
pub fn build(locale: &str, home: &str, docs: &[DocRecord], sizes: ShardSizes) -> Built {
    let Inverted { terms, lens } = inverted::invert(docs);
    let mut totals = [0f64; FIELD_COUNT];
    for doc_lens in &lens {
        for f in 0..FIELD_COUNT {
            totals[f] += doc_lens[f] as f64;
        }
    }
    let n = docs.len().max(1) as f64;
    let avg_len = totals.map(|t| (t / n) as f32);
    let lens = lens.into_iter().map(|doc_lens| doc_lens.map(format::quantize_len)).collect();
    let term_shards = split_terms(terms, sizes.terms);
    let firsts = term_shards.iter().map(|shard| shard.terms.first().cloned().unwrap_or_default()).collect();
    let terms_encoded: Vec<Vec<u8>> = term_shards.iter().map(format::encode).collect();
    let (docs_per_shard, doc_shards) = split_docs(docs, sizes.docs);
    let docs_encoded: Vec<Vec<u8>> = doc_shards.iter().map(format::encode).collect();
    let root = Root {
        locale: locale.to_string(),
        home: home.to_string(),
        avg_len,
        lens,
        term_shards: firsts,
        term_shards_hash: hash_all(&terms_encoded),
        docs_per_shard,
        doc_shards_hash: hash_all(&docs_encoded),
        bundle: None,
    };
    let size: usize = terms_encoded.iter().chain(&docs_encoded).map(Vec::len).sum();
    if size <= sizes.one_file {
        let root = Root { bundle: Some(Bundle { terms: term_shards, docs: doc_shards }), ..root };
        return Built { root: format::encode(&root), shards: Vec::new() };
    }
    let terms = terms_encoded.into_iter().enumerate().map(|(n, bytes)| (root.term_shard_file(n), bytes));
    let docs = docs_encoded.into_iter().enumerate().map(|(n, bytes)| (root.doc_shard_file(n), bytes));
    let shards = terms.chain(docs).collect();
    Built { root: format::encode(&root), shards }
}

/// Splits the sorted terms into shards of about `limit` encoded bytes.
fn split_terms(postings: Vec<(String, TermDocs)>, limit: usize) -> Vec<TermShard> {
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

/// Splits the documents into shards of an equal number of documents, about `limit`
/// bytes on average: equal counts let the root find a document's shard by division.
fn split_docs(docs: &[DocRecord], limit: usize) -> (u32, Vec<DocShard>) {
    let size = |r: &DocRecord| {
        r.title.len()
            + r.url.len()
            + r.summary.len()
            + r.sections.iter().map(|s| s.text.len() + s.heading.len() * 2).sum::<usize>()
    };
    let average = docs.iter().map(size).sum::<usize>() / docs.len().max(1);
    let per_shard = (limit / average.max(1)).max(1);
    let shards = docs.chunks(per_shard).map(|chunk| DocShard { docs: chunk.to_vec() }).collect();
    (per_shard as u32, shards)
}

/// One hash over the encoded shards of a kind, which every one of their names carries:
/// a rebuild that changes any of them renames them all, so no cache mixes two builds.
fn hash_all(encoded: &[Vec<u8>]) -> String {
    let mut hasher = fnv::FnvHasher::default();
    encoded.iter().for_each(|bytes| hasher.write(bytes));
    format!("{:016x}", hasher.finish())
}
