//! The inverted index a build starts from: every term of the documents, sorted, with
//! the documents that have it and how often in each field.
//!
//! Tokenizing is most of a build's work, and Chinese gives two terms a character (the
//! character and the pair it ends), so the per-token path allocates nothing and
//! hashes an integer into a document's own small map. Documents are indexed in chunks
//! of consecutive ones on every core, each term allocated once a chunk, and the chunks
//! merged in order.

use crate::format::{DocRecord, FIELD_COUNT, PostingList, field};
use crate::tokenize::{for_each_token, without_enumerator};
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;

/// Documents indexed together, by one task: enough that most of a chunk's terms recur
/// in it, few enough that every core gets chunks.
const CHUNK: usize = 64;

/// Chunks indexed at once before they are merged, which bounds the memory the partial
/// indexes take.
#[cfg(feature = "parallel")]
const CHUNKS_AT_ONCE: usize = 16;

/// The documents, inverted.
pub struct Inverted {
    /// Every term, sorted, with its documents.
    pub terms: Vec<(String, PostingList)>,
    /// Each document's field lengths, in tokens (CJK pairs left out).
    pub lens: Vec<[usize; FIELD_COUNT]>,
}

/// Inverts `docs`, whose ids are their positions.
pub fn invert(docs: &[DocRecord]) -> Inverted {
    let mut all = Partial::default();
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // Each batch is merged while the next one is indexed.
        let mut indexed: Vec<Partial> = Vec::new();
        for (n, batch) in docs.chunks(CHUNK * CHUNKS_AT_ONCE).enumerate() {
            let first = n * CHUNK * CHUNKS_AT_ONCE;
            let index_batch = || {
                let chunks = batch.par_chunks(CHUNK).enumerate();
                chunks.map(|(c, chunk)| Partial::index(first + c * CHUNK, chunk)).collect()
            };
            let merge_previous = || indexed.drain(..).for_each(|partial| all.append(partial));
            indexed = rayon::join(index_batch, merge_previous).0;
        }
        indexed.into_iter().for_each(|partial| all.append(partial));
    }
    #[cfg(not(feature = "parallel"))]
    for (c, chunk) in docs.chunks(CHUNK).enumerate() {
        all.append(Partial::index(c * CHUNK, chunk));
    }
    all.into_inverted()
}

/// A map from terms, for the per-token path: the terms of up to 15 bytes are [`pack`]ed.
struct Terms<V> {
    short: FxHashMap<u128, V>,
    long: FxHashMap<String, V>,
}

impl<V> Default for Terms<V> {
    fn default() -> Self {
        Self { short: FxHashMap::default(), long: FxHashMap::default() }
    }
}

impl<V: Default> Terms<V> {
    /// The value of `term`, added as the default when it is new.
    fn get_mut(&mut self, term: &str) -> &mut V {
        if let Some(key) = pack(term) {
            return self.short.entry(key).or_default();
        }
        if !self.long.contains_key(term) {
            self.long.insert(term.to_string(), V::default());
        }
        self.long.get_mut(term).expect("inserted when missing")
    }
}

/// The index of a run of consecutive documents, or of every one once merged.
#[derive(Default)]
struct Partial {
    /// Each term's documents.
    terms: Terms<PostingList>,
    /// Each document's field lengths.
    lens: Vec<[usize; FIELD_COUNT]>,
}

impl Partial {
    /// Indexes `docs`, the first of which has the id `first`.
    fn index(first: usize, docs: &[DocRecord]) -> Self {
        let mut partial = Partial { lens: Vec::with_capacity(docs.len()), ..Partial::default() };
        // A document's own counts first: its map stays small and in cache, and the
        // chunk's, with a list per term, is then met once per term instead of per token.
        let mut counts = Terms::<[u8; FIELD_COUNT]>::default();
        for (i, doc) in docs.iter().enumerate() {
            let id = (first + i) as u32;
            let mut lens = [0usize; FIELD_COUNT];
            for (f, text) in field_texts(doc) {
                for_each_token(text, |token| {
                    if token.kind.counts_in_length() {
                        lens[f] += 1;
                    }
                    let tf = &mut counts.get_mut(token.term)[f];
                    *tf = tf.saturating_add(1);
                });
            }
            let terms = &mut partial.terms;
            counts.short.drain().for_each(|(key, tf)| terms.short.entry(key).or_default().push(id, &tf));
            counts.long.drain().for_each(|(term, tf)| terms.long.entry(term).or_default().push(id, &tf));
            partial.lens.push(lens);
        }
        partial
    }

    /// Adds the index of the documents that come after this one's.
    fn append(&mut self, later: Partial) {
        /// Appends `docs` to the documents of the same term in `map`.
        fn append_to<K: Eq + std::hash::Hash>(map: &mut FxHashMap<K, PostingList>, key: K, docs: PostingList) {
            match map.entry(key) {
                Entry::Occupied(mut known) => known.get_mut().append(&docs),
                Entry::Vacant(new) => drop(new.insert(docs)),
            }
        }
        later.terms.short.into_iter().for_each(|(key, docs)| append_to(&mut self.terms.short, key, docs));
        later.terms.long.into_iter().for_each(|(term, docs)| append_to(&mut self.terms.long, term, docs));
        self.lens.extend(later.lens);
    }

    /// The terms sorted, with their documents.
    fn into_inverted(self) -> Inverted {
        let short = self.terms.short.into_iter().map(|(key, docs)| (unpack(key), docs));
        let mut terms: Vec<(String, PostingList)> = short.chain(self.terms.long).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Inverted { terms, lens: self.lens }
    }
}

/// A term of at most 15 bytes as an integer: its bytes, zeros, and its length in the
/// last byte. Nearly every term is that short (every CJK one, most words), and such a
/// key hashes in two multiplications and compares without a call to memcmp.
///
/// The bytes are read as two overlapping integers (or three bytes, of which two may be
/// the same) rather than copied: a copy of a length not known until run time is a call
/// to memcpy, and there are two terms for every Chinese character of a site.
fn pack(term: &str) -> Option<u128> {
    let bytes = term.as_bytes();
    let len = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
    let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let packed = match len {
        0 => 0,
        1..4 => {
            let byte = |at: usize| u128::from(bytes[at]) << (8 * at);
            byte(0) | byte(len / 2) | byte(len - 1)
        }
        4..8 => u128::from(half(0)) | u128::from(half(len - 4)) << (8 * (len - 4)),
        8..16 => u128::from(word(0)) | u128::from(word(len - 8)) << (8 * (len - 8)),
        _ => return None,
    };
    Some(packed | (len as u128) << 120)
}

/// The term [`pack`] packed.
fn unpack(packed: u128) -> String {
    let bytes = packed.to_le_bytes();
    String::from_utf8(bytes[..usize::from(bytes[15])].to_vec()).expect("packed from a str")
}

/// The texts of each field of a document. Tokenizing them one by one gives the terms
/// of each field's texts joined by line breaks, which end words and CJK runs alike.
fn field_texts(doc: &DocRecord) -> impl Iterator<Item = (usize, &str)> {
    let questions = std::iter::once(&doc.summary).chain(&doc.questions);
    std::iter::once((field::TITLE, doc.title.as_str()))
        .chain(questions.map(|q| (field::QUESTIONS, q.as_str())))
        .chain(doc.sections.iter().map(|s| (field::HEADINGS, without_enumerator(&s.heading))))
        .chain(doc.sections.iter().map(|s| (field::BODY, s.text.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::SectionRecord;
    use crate::tokenize::tokenize;
    use std::collections::BTreeMap;

    /// What a build indexed before chunks and packed keys: each field's texts joined by
    /// line breaks, tokenized, counted in a sorted map; the reference the fast path must match.
    type Docs = Vec<(u32, [u8; FIELD_COUNT])>;

    fn reference(docs: &[DocRecord]) -> (BTreeMap<String, Docs>, Vec<[usize; FIELD_COUNT]>) {
        let (mut terms, mut lens) = (BTreeMap::<String, Docs>::new(), Vec::new());
        for (id, doc) in docs.iter().enumerate() {
            let questions = std::iter::once(doc.summary.clone()).chain(doc.questions.iter().cloned());
            let texts = [
                doc.title.clone(),
                questions.collect::<Vec<_>>().join("\n"),
                doc.sections.iter().map(|s| without_enumerator(&s.heading)).collect::<Vec<_>>().join("\n"),
                doc.sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join("\n"),
            ];
            let (mut counts, mut doc_lens) = (BTreeMap::<String, [u8; FIELD_COUNT]>::new(), [0; FIELD_COUNT]);
            for (f, text) in texts.iter().enumerate() {
                for token in tokenize(text) {
                    doc_lens[f] += usize::from(token.kind.counts_in_length());
                    let tf = &mut counts.entry(token.term).or_default()[f];
                    *tf = tf.saturating_add(1);
                }
            }
            for (term, tf) in counts {
                terms.entry(term).or_default().push((id as u32, tf));
            }
            lens.push(doc_lens);
        }
        (terms, lens)
    }

    fn doc(n: usize) -> DocRecord {
        // Texts whose pieces end in a word, an apostrophe or a CJK character, so that
        // joining them or not could differ; terms long and short; one word over 255 times.
        let section =
            |heading: &str, text: String| SectionRecord { heading: heading.into(), anchor: String::new(), text };
        DocRecord {
            title: format!("包裹没到 order {n} don'"),
            url: format!("{n}/"),
            summary: "退款政策：七天无理由".into(),
            questions: vec![
                "TP钱包".into(),
                "internationalization 12345678901234567890 快递丢了".into(),
                String::new(),
            ],
            sections: vec![
                section("", format!("订单 {n}号已发货，包裹")),
                section("物流", "ﾄﾞ Ｒｅｆｕｎｄ café 退货".repeat(n % 3 + 1)),
                section("Fees?", "fee ".repeat(300) + "超长的词语组合"),
            ],
        }
    }

    #[test]
    fn chunks_and_packed_keys_index_as_the_joined_texts_did() {
        // More documents than a chunk, and (in parallel builds) than a batch of chunks.
        let docs: Vec<DocRecord> = (0..CHUNK * 17 + 5).map(doc).collect();
        let inverted = invert(&docs);
        let (terms, lens) = reference(&docs);
        assert_eq!(inverted.lens, lens);
        let inverted: Vec<(String, Docs)> =
            inverted.terms.into_iter().map(|(term, list)| (term, list.docs().collect())).collect();
        assert_eq!(inverted, terms.into_iter().collect::<Vec<_>>());
        assert!(inverted.iter().any(|(term, _)| term.len() >= 16), "a long term");
        assert!(inverted.iter().any(|(_, docs)| docs.iter().any(|(_, tf)| tf[3] == 255)), "a capped tf");
    }

    #[test]
    fn terms_pack_and_unpack() {
        for term in ["", "a", "包", "包裹", "refund123", "123456789012345"] {
            assert_eq!(unpack(pack(term).expect("short")), term);
        }
        assert_eq!(pack("1234567890123456"), None);
        // As the bytes copied into place, whatever the length.
        let copied = |term: &str| {
            let mut packed = [0u8; 16];
            packed[..term.len()].copy_from_slice(term.as_bytes());
            packed[15] = term.len() as u8;
            u128::from_le_bytes(packed)
        };
        let ascii = "abcdefghijklmnop";
        let terms = (0..16).map(|len| &ascii[..len]).chain(["包", "包裹", "包裹a", "a包裹", "é", "包裹没到了"]);
        for term in terms {
            assert_eq!(pack(term), Some(copied(term)), "{term:?}");
        }
        // Different lengths never collide, even with a NUL in the term.
        assert_ne!(pack("a"), pack("a\0"));
    }
}
