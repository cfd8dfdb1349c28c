//! Building a locale's index: documents in, root file and shards out.

use crate::format::{self, Bundle, DocRecord, DocShard, FIELD_COUNT, IndexFile, PostingList, Root, Synonym, TermShard};
use crate::inverted::{self, Inverted};
use crate::synonyms::{self, Rule};
use crate::tokenize::is_cjk;
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
    /// The other files and their names: the shards, unless they are inside the root,
    /// and the confusables file, if there is one.
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Indexes `docs` (in the order given: document ids are their positions) of `locale`,
/// whose home page is at `home` below the site root, with the built-in lexicon's
/// synonyms.
pub fn build(locale: &str, home: &str, docs: &[DocRecord], sizes: ShardSizes) -> Built {
    build_with(locale, home, docs, sizes, &[])
}

/// [`build`], with a site's own synonym rules beside the built-in lexicon's.
pub fn build_with(locale: &str, home: &str, docs: &[DocRecord], sizes: ShardSizes, site: &[Rule]) -> Built {
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
    let rules: Vec<Rule> = synonyms::lexicon(locale).into_iter().chain(site.iter().cloned()).collect();
    let has = |term: &str| terms.binary_search_by(|(t, _)| t.as_str().cmp(term)).is_ok();
    let synonyms = synonyms::compile(&rules, has);
    let confusables = confusables_file(&terms);
    // Term and document shards side by side, each encoded a batch at a time on every
    // core: one thread encoding and hashing them in turn was a tenth of the index's time.
    // The synonyms do not count against one file: they were the root's until they moved
    // into the term shards, and a small site's index should stay one request.
    let one_file = sizes.one_file.saturating_add(postcard::to_allocvec(&synonyms).map_or(0, |b| b.len()));
    let ((firsts, term_shards, term_shards_hash), (doc_shards, docs_per_shard, doc_shards_hash)) = both(
        || {
            let (mut firsts, mut shards) = (Vec::new(), Encoded::new(one_file));
            split_terms(terms, synonyms, sizes.terms, |shard: TermShard| {
                firsts.push(shard.terms.first().cloned().unwrap_or_default());
                shards.push(shard);
            });
            shards.flush();
            let hash = hash_all(&shards.files);
            (firsts, shards, hash)
        },
        || {
            let mut shards = Encoded::new(one_file);
            let docs_per_shard = split_docs(docs, sizes.docs, |shard| shards.push(shard));
            shards.flush();
            let hash = hash_all(&shards.files);
            (shards, docs_per_shard, hash)
        },
    );
    let root = Root {
        locale: locale.to_string(),
        home: home.to_string(),
        avg_len,
        lens,
        term_shards: firsts,
        term_shards_hash,
        docs_per_shard,
        doc_shards_hash,
        confusables_hash: confusables.as_ref().map(|(hash, _)| hash.clone()).unwrap_or_default(),
        lexicon_version: synonyms::LEXICON_VERSION,
        bundle: None,
    };
    let confusables = confusables.map(|(_, bytes)| (root.confusables_file().expect("it has a hash"), bytes));
    if term_shards.size + doc_shards.size <= one_file {
        let root = Root { bundle: Some(Bundle { terms: term_shards.kept, docs: doc_shards.kept }), ..root };
        return Built { root: format::encode(&root), shards: confusables.into_iter().collect() };
    }
    let terms = term_shards.files.into_iter().enumerate().map(|(n, bytes)| (root.term_shard_file(n), bytes));
    let docs = doc_shards.files.into_iter().enumerate().map(|(n, bytes)| (root.doc_shard_file(n), bytes));
    let shards = terms.chain(docs).chain(confusables).collect();
    Built { root: format::encode(&root), shards }
}

/// The confusables file of an index with these terms (see [`crate::confusables`]): its
/// hash and bytes; none when the index has no CJK character of the groups.
fn confusables_file(terms: &[(String, PostingList)]) -> Option<(String, Vec<u8>)> {
    let mut df = std::collections::HashMap::new();
    for (term, list) in terms {
        let mut chars = term.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && is_cjk(c)
        {
            df.insert(c, list.len());
        }
    }
    let bytes = format::encode(&crate::confusables::for_index(&df)?);
    Some((hash_all(std::slice::from_ref(&bytes)), bytes))
}

/// Shards of one kind, encoded as they are made, a batch at a time: their files, and
/// the shards themselves only while they could all still go inside the root, so that a
/// big index is not held twice, as shards and as files.
struct Encoded<T> {
    /// Each shard's file.
    files: Vec<Vec<u8>>,
    /// The files' bytes in all.
    size: usize,
    /// Every shard while `size` is at most `one_file`; then none.
    kept: Vec<T>,
    /// Shards made but not encoded yet.
    batch: Vec<T>,
    one_file: usize,
}

/// Shards encoded together, on every core: enough to share, few enough to hold.
const ENCODE_BATCH: usize = 32;

impl<T: IndexFile + Send + Sync> Encoded<T> {
    fn new(one_file: usize) -> Self {
        Self { files: Vec::new(), size: 0, kept: Vec::new(), batch: Vec::new(), one_file }
    }

    /// Takes the next shard; encoded with its batch.
    fn push(&mut self, shard: T) {
        self.batch.push(shard);
        if self.batch.len() == ENCODE_BATCH {
            self.flush();
        }
    }

    /// Encodes the shards taken since the last batch, in order.
    fn flush(&mut self) {
        let batch = std::mem::take(&mut self.batch);
        #[cfg(feature = "parallel")]
        let files: Vec<Vec<u8>> = {
            use rayon::prelude::*;
            batch.par_iter().with_max_len(1).map(format::encode).collect()
        };
        #[cfg(not(feature = "parallel"))]
        let files: Vec<Vec<u8>> = batch.iter().map(format::encode).collect();
        for (shard, file) in batch.into_iter().zip(files) {
            self.size += file.len();
            self.files.push(file);
            if self.size <= self.one_file {
                self.kept.push(shard);
            } else {
                self.kept = Vec::new();
            }
        }
    }
}

/// `a` and `b`, side by side when the build is parallel.
fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(feature = "parallel")]
    return rayon::join(a, b);
    #[cfg(not(feature = "parallel"))]
    return (a(), b());
}

/// Splits the sorted terms into shards of about `limit` encoded bytes, handed to `done`
/// in order; there is always one, empty when there are no terms. Each synonym (sorted)
/// goes with the shard whose range holds its first term, where the engine looks for it.
fn split_terms(
    postings: Vec<(String, PostingList)>,
    synonyms: Vec<Synonym>,
    limit: usize,
    mut done: impl FnMut(TermShard),
) {
    let mut shard = TermShard::default();
    let mut size = 0;
    let mut synonyms = synonyms.into_iter().peekable();
    for (term, list) in postings {
        // A rough size: the term, and six bytes per posting, as postings took before they
        // were stored compactly (format 7); kept so that shards split where they did.
        let cost = term.len() + 2 + list.len() * 6;
        if size + cost > limit && !shard.terms.is_empty() {
            // The synonyms whose first term sorts before the next shard's first.
            while let Some(synonym) = synonyms.next_if(|s| s.from.first().is_none_or(|first| *first < term)) {
                shard.synonyms.push(synonym);
            }
            done(std::mem::take(&mut shard));
            size = 0;
        }
        size += cost;
        shard.terms.push(term);
        shard.postings.push_list(&list);
    }
    shard.synonyms.extend(synonyms);
    done(shard);
}

/// Splits the documents into shards of an equal number of documents, about `limit`
/// bytes on average, handed to `done` in order: equal counts let the root find a
/// document's shard by division. Returns the number of documents a shard.
fn split_docs(docs: &[DocRecord], limit: usize, done: impl FnMut(DocShard)) -> u32 {
    let size = |r: &DocRecord| {
        r.title.len()
            + r.url.len()
            + r.summary.len()
            + r.sections.iter().map(|s| s.text.len() + s.heading.len() * 2).sum::<usize>()
    };
    let average = docs.iter().map(size).sum::<usize>() / docs.len().max(1);
    let per_shard = (limit / average.max(1)).max(1);
    docs.chunks(per_shard).map(|chunk| DocShard { docs: chunk.to_vec() }).for_each(done);
    per_shard as u32
}

/// One hash over the encoded shards of a kind, which every one of their names carries:
/// a rebuild that changes any of them renames them all, so no cache mixes two builds.
fn hash_all(encoded: &[Vec<u8>]) -> String {
    let mut hasher = fnv::FnvHasher::default();
    encoded.iter().for_each(|bytes| hasher.write(bytes));
    format!("{:016x}", hasher.finish())
}
