//! The index files and their one codec.
//!
//! A locale's index is a small root file (`index-<locale>.bin`) plus content-hashed
//! shards that are fetched only when a query needs them: term shards (a sorted range of
//! the dictionary with its postings) and document shards (titles, URLs and section text
//! of a range of documents). A small site has one shard of each; a big one has many, so
//! the first query downloads a fraction of the index. An index of Chinese (or Japanese)
//! text also has a confusables file (`c-<hash>.bin`), fetched only when a query has a
//! character pair the index lacks: the characters a visitor may have typed for another.
//!
//! Every file is `MAGIC`, a little-endian `u16` format version, a kind byte, then the
//! postcard encoding of its struct. Writer and reader share [`encode`] and [`decode`].

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// The first bytes of every index file.
pub const MAGIC: &[u8; 4] = b"KFSI";
/// Bumped whenever the encoded layout changes; readers refuse other versions.
pub const FORMAT_VERSION: u16 = 7;
/// The fields of a document, in the order of every per-field array.
pub const FIELD_COUNT: usize = 4;
/// Field indexes.
pub mod field {
    /// The article's title.
    pub const TITLE: usize = 0;
    /// Other phrasings of the question, tags, aliases and the summary.
    pub const QUESTIONS: usize = 1;
    /// Section headings.
    pub const HEADINGS: usize = 2;
    /// Body text.
    pub const BODY: usize = 3;
}

/// The root file of a locale's index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Root {
    /// The locale, e.g. `zh-CN`.
    pub locale: String,
    /// The locale's home page relative to the site root, e.g. `en/` or empty: the
    /// widget links to its contact page when nothing matches.
    pub home: String,
    /// Average length of each field over all documents, in tokens.
    pub avg_len: [f32; FIELD_COUNT],
    /// Each document's field lengths, quantised to a byte (see [`quantize_len`]).
    pub lens: Vec<[u8; FIELD_COUNT]>,
    /// The first term of each term shard, sorted: shard `n` holds the terms from its
    /// first up to the next shard's.
    pub term_shards: Vec<String>,
    /// The hash every term shard's name carries (see [`Root::term_shard_file`]).
    pub term_shards_hash: String,
    /// Documents per document shard: document `d` is in shard `d / docs_per_shard`.
    pub docs_per_shard: u32,
    /// The hash every document shard's name carries (see [`Root::doc_shard_file`]).
    pub doc_shards_hash: String,
    /// The hash the confusables file's name carries (see [`Root::confusables_file`]);
    /// empty when the index has none.
    pub confusables_hash: String,
    /// The version of the built-in lexicon they come from.
    pub lexicon_version: u16,
    /// Every shard, when the index is small enough to be one file: then there are no
    /// shard files.
    pub bundle: Option<Bundle>,
}

/// A small index's shards, inside its root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// The term shards, in order.
    pub terms: Vec<TermShard>,
    /// The document shards, in order.
    pub docs: Vec<DocShard>,
}

// Shards are named by one hash per kind and a number, not a hash each: the root needs
// no table of file names, whose hex digits do not compress (a third of a gzipped root).
impl Root {
    /// The file name of term shard `n`.
    pub fn term_shard_file(&self, n: usize) -> String {
        format!("t-{}-{n}.bin", self.term_shards_hash)
    }

    /// The file name of document shard `n`.
    pub fn doc_shard_file(&self, n: usize) -> String {
        format!("d-{}-{n}.bin", self.doc_shards_hash)
    }

    /// The file name of the confusables file, if the index has one.
    pub fn confusables_file(&self) -> Option<String> {
        (!self.confusables_hash.is_empty()).then(|| format!("c-{}.bin", self.confusables_hash))
    }

    /// Which of its files a file name names.
    pub fn file_of(&self, file: &str) -> Option<IndexPart> {
        let number = |hash: &str, kind: &str| -> Option<usize> {
            file.strip_prefix(kind)?.strip_prefix(hash)?.strip_prefix('-')?.strip_suffix(".bin")?.parse().ok()
        };
        number(&self.term_shards_hash, "t-")
            .filter(|&n| n < self.term_shards.len())
            .map(IndexPart::Terms)
            .or_else(|| number(&self.doc_shards_hash, "d-").map(IndexPart::Docs))
            .or_else(|| (self.confusables_file().as_deref() == Some(file)).then_some(IndexPart::Confusables))
    }
}

/// One of the files of an index besides its root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexPart {
    /// Term shard `n`.
    Terms(usize),
    /// Document shard `n`.
    Docs(usize),
    /// The confusables file.
    Confusables,
}

/// A synonym: words a visitor types, and the words of the articles they also find.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synonym {
    /// The terms of the words or phrase, as a query's slots have them (stemmed words,
    /// CJK character pairs).
    pub from: Vec<String>,
    /// What they also find: words or phrases, as written (normalised).
    pub to: Vec<String>,
}

/// Characters that one may be typed for another: the same syllable in pinyin without
/// tones (what a pinyin input method offers for it), or alike in shape. Groups, each
/// only if some of its characters are in the index, as two lists of the same length
/// (as [`TermShard`]'s terms and postings are): a struct per group cost the wasm's
/// decoder 300 bytes more.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confusables {
    /// Per group, the characters that, typed, may stand for one of `found`'s: those
    /// whose usual reading is the group's syllable (what a pinyin input method offers
    /// for it).
    pub typed: Vec<String>,
    /// Per group, the characters of it the index has, those in most documents first:
    /// what a typed one may be corrected to. Those with the syllable as another reading
    /// (行 for "hang") are among them.
    pub found: Vec<String>,
}

/// A sorted range of the dictionary with the postings of each term, and the synonyms
/// whose first word falls in its range.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermShard {
    /// Terms, sorted.
    pub terms: Vec<String>,
    /// For each term, the documents that contain it, by increasing id.
    pub postings: Postings,
    /// The synonyms a query may use (the built-in lexicon's and the site's, only those
    /// whose other words the index has) whose first term (`from[0]`) is in the shard's
    /// range, sorted by what they rewrite. A query fetches the shard of each of its
    /// words anyway, so a synonym costs only the queries that have its word, not every
    /// first query's root (TiDB's Chinese docs: root 8,064 -> 6,533 bytes gzipped).
    pub synonyms: Vec<Synonym>,
}

/// One document that contains a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    /// The document id minus the previous posting's (the first counts from 0): small
    /// numbers take one byte in postcard's varints.
    pub gap: u32,
    /// How often the term occurs in each field, capped at 255.
    pub tf: [u8; FIELD_COUNT],
}

/// A term shard's postings lists, as they are stored: one byte string, the number of
/// lists, then each list as its length and its postings. A posting is a varint of its
/// gap shifted left by [`FIELD_COUNT`] bits, with a bit set for each field the term
/// occurs in, then those fields' counts, a byte each. Most postings of a big site are a
/// small gap and a term in the body: two bytes, against five as a struct. That is less
/// to gzip (it was a third of a build's time on 5,000 Chinese articles) and fewer bytes
/// gzipped.
///
/// Read, the lists stay bytes, checked once, and each is decoded the first time the
/// engine asks for it: a query reads a few of a shard's thousands of lists, and decoding
/// them all was a third of a new visitor's first query.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    /// The lists, encoded, without their number.
    bytes: Vec<u8>,
    /// Where each list's postings begin in `bytes`, and how many it has.
    lists: Vec<(usize, usize)>,
    /// Each list, once decoded.
    decoded: Vec<std::sync::OnceLock<Vec<Posting>>>,
    /// The highest document any list names, plus one (0 for none).
    docs: u64,
}

impl Postings {
    /// Adds the next term's list, from its gaps (a build adds [`PostingList`]s).
    #[cfg(test)]
    fn push(&mut self, list: &[Posting]) {
        put_varint(&mut self.bytes, list.len() as u64);
        let start = self.bytes.len();
        let mut doc = 0;
        for posting in list {
            put_posting(&mut self.bytes, posting.gap, &posting.tf);
            doc += u64::from(posting.gap);
        }
        self.note(start, list.len(), doc);
    }

    /// Adds the next term's list, encoded as it was built.
    pub fn push_list(&mut self, list: &PostingList) {
        put_varint(&mut self.bytes, u64::from(list.len));
        let start = self.bytes.len();
        self.bytes.extend_from_slice(&list.bytes);
        self.note(start, list.len as usize, u64::from(list.last));
    }

    /// Notes a list of `len` postings that begins at `start` of the bytes, and whose
    /// last document is `last`.
    fn note(&mut self, start: usize, len: usize, last: u64) {
        if len > 0 {
            self.docs = self.docs.max(last + 1);
        }
        self.lists.push((start, len));
        self.decoded.push(std::sync::OnceLock::new());
    }

    /// The number of lists.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The highest document any list names, plus one: what a root must have at least.
    pub fn docs(&self) -> u64 {
        self.docs
    }

    /// List `i`.
    pub fn get(&self, i: usize) -> &[Posting] {
        self.decoded[i].get_or_init(|| {
            let (start, len) = self.lists[i];
            let mut bytes = &self.bytes[start..];
            let mut list = Vec::with_capacity(len);
            // Read once already, when the shard was: it is whole.
            list.extend((0..len).map_while(|_| take_posting(&mut bytes)));
            list
        })
    }

    /// Reads what [`Serialize`] wrote; none when it is cut short or corrupt.
    fn read(mut bytes: &[u8]) -> Option<Self> {
        let count = usize::try_from(take_varint(&mut bytes)?).ok()?;
        // Every list takes at least a byte: a corrupt count allocates nothing.
        if count > bytes.len() {
            return None;
        }
        let mut postings = Postings { lists: Vec::with_capacity(count), ..Postings::default() };
        postings.decoded.reserve(count);
        let mut all = bytes;
        for _ in 0..count {
            let len = usize::try_from(take_varint(&mut all)?).ok()?;
            let start = bytes.len() - all.len();
            // Read through: what the engine decodes later is whole.
            let mut doc = 0;
            for _ in 0..len {
                doc += u64::from(skip_posting(&mut all)?);
            }
            postings.note(start, len, doc);
        }
        postings.bytes = bytes.to_vec();
        all.is_empty().then_some(postings)
    }
}

/// Puts one posting, as [`take_posting`] takes it.
fn put_posting(out: &mut Vec<u8>, gap: u32, tf: &[u8; FIELD_COUNT]) {
    let fields = (0..FIELD_COUNT).filter(|&f| tf[f] > 0).fold(0, |bits, f| bits | 1 << f);
    put_varint(out, (u64::from(gap) << FIELD_COUNT) | fields);
    out.extend(tf.iter().filter(|&&tf| tf > 0));
}

/// A term's postings list as a build makes it: already in [`Postings`]' encoding, the
/// first gap counting from document 0. Five thousand Chinese articles have ten million
/// postings; as `(u32, [u8; 4])` pairs in growing vectors they were half of a build's
/// memory, and copying them as lists grew and merged was a tenth of its time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostingList {
    bytes: Vec<u8>,
    /// The number of postings.
    len: u32,
    /// The last posting's document.
    last: u32,
}

impl PostingList {
    /// Adds document `doc`, which comes after every document of the list.
    pub fn push(&mut self, doc: u32, tf: &[u8; FIELD_COUNT]) {
        debug_assert!(self.len == 0 || doc > self.last, "documents in increasing order");
        put_posting(&mut self.bytes, doc - self.last, tf);
        (self.len, self.last) = (self.len + 1, doc);
    }

    /// Adds the postings of `later`, whose documents all come after this list's.
    pub fn append(&mut self, later: &PostingList) {
        let mut rest = &later.bytes[..];
        // The first gap counted from 0, which is the first document; it now counts from
        // this list's last.
        let Some(first) = take_posting(&mut rest) else { return };
        self.push(first.gap, &first.tf);
        self.bytes.extend_from_slice(rest);
        (self.len, self.last) = (self.len + later.len - 1, later.last);
    }

    /// The number of postings.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Each document and its counts, in order.
    pub fn docs(&self) -> impl Iterator<Item = (u32, [u8; FIELD_COUNT])> + '_ {
        let (mut bytes, mut doc) = (&self.bytes[..], 0);
        std::iter::from_fn(move || {
            let posting = take_posting(&mut bytes)?;
            doc += posting.gap;
            Some((doc, posting.tf))
        })
    }
}

/// Skips one posting at the front of `bytes`, as [`take_posting`] would take it, and
/// returns its gap: a shard's postings are all checked when it is read, and decoding
/// them there cost a first query 15% more instructions.
fn skip_posting(bytes: &mut &[u8]) -> Option<u32> {
    let head = take_varint(bytes)?;
    *bytes = bytes.get((head & ((1 << FIELD_COUNT) - 1)).count_ones() as usize..)?;
    u32::try_from(head >> FIELD_COUNT).ok()
}

/// Takes one posting off the front of `bytes`.
fn take_posting(bytes: &mut &[u8]) -> Option<Posting> {
    let head = take_varint(bytes)?;
    let mut tf = [0u8; FIELD_COUNT];
    for (f, count) in tf.iter_mut().enumerate() {
        if head & (1 << f) != 0 {
            let (&first, rest) = bytes.split_first()?;
            *count = first;
            *bytes = rest;
        }
    }
    Some(Posting { gap: u32::try_from(head >> FIELD_COUNT).ok()?, tf })
}

#[cfg(test)]
impl From<Vec<Vec<Posting>>> for Postings {
    fn from(lists: Vec<Vec<Posting>>) -> Self {
        let mut postings = Postings::default();
        for list in &lists {
            postings.push(list);
        }
        postings
    }
}

/// The same lists (their encoding says it: it is the only one).
impl PartialEq for Postings {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Postings {}

impl Serialize for Postings {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(self.bytes.len() + 5);
        put_varint(&mut out, self.lists.len() as u64);
        out.extend_from_slice(&self.bytes);
        serializer.serialize_bytes(&out)
    }
}

impl<'de> Deserialize<'de> for Postings {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Postings;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("postings as bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
                Postings::read(bytes).ok_or_else(|| E::custom("truncated or corrupt postings"))
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

/// Appends `value` as postcard's varint, the one every other number of the index
/// uses (postcard's own writer is private; through its serializer, as
/// `postcard::to_extend`, a build took 4% longer).
fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Takes a varint [`put_varint`] wrote off the front of `bytes`; none when it is cut
/// short or longer than a u64. By hand too: through postcard's deserializer, reading a
/// shard's postings took twice as long.
fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    // Most are one byte: a small gap, a short list.
    if let Some((&byte, rest)) = bytes.split_first()
        && byte < 0x80
    {
        *bytes = rest;
        return Some(u64::from(byte));
    }
    let mut value = 0;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte < 0x80 {
            *bytes = &bytes[i + 1..];
            // The tenth byte has room for one bit.
            return (i < 9 || byte < 2).then_some(value);
        }
    }
    None
}

/// The stored part of a range of documents: shard `n` holds documents from
/// `n * docs_per_shard` (see [`Root`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocShard {
    /// The documents.
    pub docs: Vec<DocRecord>,
}

/// A document: what the builder indexes, and what a result shows of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    /// The title.
    pub title: String,
    /// URL relative to the site root, e.g. `en/refunds/policy/`.
    pub url: String,
    /// One-line summary.
    pub summary: String,
    /// Other phrasings of the question.
    pub questions: Vec<String>,
    /// The sections: the text before the first heading, then one per heading.
    pub sections: Vec<SectionRecord>,
}

/// A section of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRecord {
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    /// The heading's id, for `#anchor` links.
    pub anchor: String,
    /// The plain text.
    pub text: String,
}

/// Why an index file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not a kefu search index (bad magic bytes)")]
    BadMagic,
    /// The file was written by another version of kefu.
    #[error(
        "search index format version {found} is not supported (expected {FORMAT_VERSION}); rebuild the site with this kefu"
    )]
    Version {
        /// The version found in the file.
        found: u16,
    },
    /// The file is another kind of index file than expected.
    #[error("expected a search index file of kind {expected}, found kind {found}")]
    Kind {
        /// The kind asked for.
        expected: u8,
        /// The kind in the file.
        found: u8,
    },
    /// The payload is truncated or corrupt.
    #[error("corrupt search index: {0}")]
    Payload(#[from] postcard::Error),
    /// The files do not fit together: from two builds, or damaged.
    #[error("search index files do not fit together ({0}): rebuild the site")]
    Inconsistent(String),
    /// The file is gzip (see `store`) and does not inflate.
    #[error("corrupt search index: gzip: {0}")]
    Gzip(String),
}

/// A struct that is stored as one index file.
pub trait IndexFile: Serialize + DeserializeOwned {
    /// The kind byte that tells the files apart.
    const KIND: u8;
}

impl IndexFile for Root {
    const KIND: u8 = b'R';
}
impl IndexFile for TermShard {
    const KIND: u8 = b'T';
}
impl IndexFile for DocShard {
    const KIND: u8 = b'D';
}
impl IndexFile for Confusables {
    const KIND: u8 = b'C';
}

const HEADER_LEN: usize = MAGIC.len() + 3;

/// Encodes `value` as an index file. Same value, same bytes.
pub fn encode<T: IndexFile>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(T::KIND);
    postcard::to_extend(value, out).expect("encoding into a Vec cannot fail")
}

/// Decodes an index file written by [`encode`].
pub fn decode<T: IndexFile>(bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
        return Err(DecodeError::BadMagic);
    }
    let found = u16::from_le_bytes([bytes[4], bytes[5]]);
    if found != FORMAT_VERSION {
        return Err(DecodeError::Version { found });
    }
    if bytes[6] != T::KIND {
        return Err(DecodeError::Kind { expected: T::KIND, found: bytes[6] });
    }
    Ok(postcard::from_bytes(&bytes[HEADER_LEN..])?)
}

/// A field length in one byte: logarithmic, within about 2% up to 40,000 tokens.
pub fn quantize_len(len: usize) -> u8 {
    ((len as f32 + 1.0).ln() * 24.0).round().min(255.0) as u8
}

/// The length a quantised byte stands for.
pub fn dequantize_len(q: u8) -> f32 {
    (q as f32 / 24.0).exp() - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posting_lists_built_in_parts_encode_as_whole_lists_do() {
        let docs: Vec<(u32, [u8; FIELD_COUNT])> =
            vec![(0, [1, 0, 0, 0]), (3, [0, 0, 0, 7]), (200, [0, 255, 2, 0]), (70_000, [0, 0, 0, 1]), (70_001, [9; 4])];
        let whole = |docs: &[(u32, [u8; FIELD_COUNT])]| {
            let mut list = PostingList::default();
            docs.iter().for_each(|(doc, tf)| list.push(*doc, tf));
            list
        };
        // Split anywhere, including into an empty part, and appended: the same list.
        for at in 0..=docs.len() {
            let mut first = whole(&docs[..at]);
            first.append(&whole(&docs[at..]));
            assert_eq!(first, whole(&docs), "split at {at}");
        }
        let list = whole(&docs);
        assert_eq!((list.len(), list.is_empty()), (5, false));
        assert_eq!(list.docs().collect::<Vec<_>>(), docs);
        // In a shard, the same bytes as the list of gaps.
        let gaps: Vec<Posting> = docs
            .iter()
            .scan(0, |previous, &(doc, tf)| Some(Posting { gap: doc - std::mem::replace(previous, doc), tf }))
            .collect();
        let (mut built, mut pushed) = (Postings::default(), Postings::default());
        built.push_list(&list);
        built.push_list(&PostingList::default());
        pushed.push(&gaps);
        pushed.push(&[]);
        assert_eq!(built, pushed);
        assert_eq!(built.docs(), 70_002);
        assert_eq!(built.get(0), &gaps[..]);
    }

    #[test]
    fn postings_are_compact_and_read_back_whatever_their_gaps_and_counts() {
        let lists = vec![
            vec![Posting { gap: 0, tf: [0, 0, 0, 1] }, Posting { gap: 5, tf: [0, 0, 0, 3] }],
            Vec::new(),
            vec![Posting { gap: u32::MAX, tf: [255, 1, 0, 255] }, Posting { gap: 1 << 20, tf: [0; FIELD_COUNT] }],
        ];
        let shard = TermShard {
            terms: vec!["a".into(), "b".into(), "c".into()],
            postings: lists.clone().into(),
            synonyms: vec![],
        };
        let bytes = encode(&shard);
        let read = decode::<TermShard>(&bytes).unwrap();
        assert_eq!(read, shard);
        // Each list decoded, on demand, as it was.
        assert_eq!((0..read.postings.len()).map(|i| read.postings.get(i).to_vec()).collect::<Vec<_>>(), lists);
        assert_eq!(read.postings.docs(), u64::from(u32::MAX) + (1 << 20) + 1);
        // A body-only posting with a small gap is two bytes (and the list's length and the
        // byte string's take one byte more each).
        let small = |n: usize| TermShard {
            terms: vec!["a".into()],
            postings: vec![vec![Posting { gap: 1, tf: [0, 0, 0, 2] }; n]].into(),
            synonyms: vec![],
        };
        assert_eq!(encode(&small(1000)).len() - encode(&small(0)).len(), 2000 + 2);
        // Cut anywhere inside the postings, the file is an error, never a panic or a
        // shorter list.
        let whole = encode(&small(3));
        for end in HEADER_LEN..whole.len() {
            assert!(decode::<TermShard>(&whole[..end]).is_err(), "cut at {end}");
        }
        // More lists than bytes, or a gap past a document id, is an error too.
        // small(1)'s postings are [1 list, 1 posting, gap 1 and the body, count 2], after
        // their length (4); `corrupt` puts others there.
        let one = encode(&small(1));
        let at = one.windows(5).position(|w| w == [4, 1, 1, 0x18, 2]).unwrap();
        let corrupt = |postings: &[u8]| {
            let mut bytes = one[..at].to_vec();
            bytes.push(postings.len() as u8);
            bytes.extend(postings);
            bytes.extend(&one[at + 5..]);
            decode::<TermShard>(&bytes)
        };
        assert_eq!(corrupt(&[1, 1, 0x18, 2]).unwrap(), small(1));
        assert!(corrupt(&[5, 1, 0x18, 2]).is_err(), "more lists than bytes");
        assert!(corrupt(&[1, 1, 0x88, 0x80, 0x80, 0x80, 0x80, 0x01, 2]).is_ok(), "a gap of 2^31");
        assert!(corrupt(&[1, 1, 0x88, 0x80, 0x80, 0x80, 0x80, 0x02, 2]).is_err(), "a gap past u32");
    }

    #[test]
    fn varints_read_as_postcard_reads_them() {
        for value in [0, 1, 127, 128, 300, 16_383, 16_384, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            let bytes = postcard::to_allocvec(&value).unwrap();
            let mut rest = &bytes[..];
            assert_eq!(take_varint(&mut rest), Some(value), "{value}");
            assert!(rest.is_empty());
            // Cut short, it is no number.
            assert_eq!(take_varint(&mut &bytes[..bytes.len() - 1]), None, "{value}");
        }
        // Past 64 bits, as postcard says too.
        let too_long = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert!(postcard::from_bytes::<u64>(&too_long).is_err());
        assert_eq!(take_varint(&mut &too_long[..]), None);
        assert_eq!(take_varint(&mut &[0x80; 11][..]), None);
    }

    #[test]
    fn round_trip_is_lossless_and_deterministic() {
        let shard = TermShard {
            terms: vec!["refund".into(), "退款".into()],
            postings: vec![vec![Posting { gap: 3, tf: [1, 0, 0, 2] }], vec![Posting { gap: 0, tf: [0, 0, 1, 1] }]]
                .into(),
            synonyms: vec![Synonym { from: vec!["退钱".into()], to: vec!["退款".into()] }],
        };
        let bytes = encode(&shard);
        assert_eq!(&bytes[..4], MAGIC);
        assert_eq!(decode::<TermShard>(&bytes).unwrap(), shard);
        assert_eq!(bytes, encode(&shard));
        let root = Root {
            locale: "en".into(),
            home: "en/".into(),
            avg_len: [4.0, 10.5, 6.0, 300.25],
            lens: vec![[3, 40, 50, 140]],
            term_shards: vec!["a".into()],
            term_shards_hash: "fedcba9876543210".into(),
            docs_per_shard: 2,
            doc_shards_hash: "0123456789abcdef".into(),
            confusables_hash: "00112233aabbccdd".into(),
            lexicon_version: 1,
            bundle: Some(Bundle { terms: vec![shard.clone()], docs: Vec::new() }),
        };
        assert_eq!(decode::<Root>(&encode(&root)).unwrap(), root);
        let confusables =
            Confusables { typed: vec!["刻课客".into(), String::new()], found: vec!["客可".into(), "延".into()] };
        assert_eq!(decode::<Confusables>(&encode(&confusables)).unwrap(), confusables);
        // File names and back.
        assert_eq!(root.term_shard_file(0), "t-fedcba9876543210-0.bin");
        assert_eq!(root.file_of(&root.term_shard_file(0)), Some(IndexPart::Terms(0)));
        assert_eq!(root.file_of(&root.doc_shard_file(7)), Some(IndexPart::Docs(7)));
        assert_eq!(root.confusables_file().as_deref(), Some("c-00112233aabbccdd.bin"));
        assert_eq!(root.file_of("c-00112233aabbccdd.bin"), Some(IndexPart::Confusables));
        for other in [
            "t-fedcba9876543210-1.bin",
            "t-0123456789abcdef-0.bin",
            "d-0123456789abcdef-x.bin",
            "c-0123456789abcdef.bin",
            "index-en.bin",
        ] {
            assert_eq!(root.file_of(other), None, "{other}");
        }
        assert_eq!(Root { confusables_hash: String::new(), ..root }.confusables_file(), None);
    }

    #[test]
    fn rejects_other_files_versions_and_kinds() {
        let bytes = encode(&TermShard::default());
        assert!(matches!(decode::<TermShard>(b"<html>"), Err(DecodeError::BadMagic)));
        assert!(matches!(decode::<Root>(&bytes), Err(DecodeError::Kind { expected: b'R', found: b'T' })));
        let mut old = bytes.clone();
        old[4] = 1;
        assert!(matches!(decode::<TermShard>(&old), Err(DecodeError::Version { found: 1 })));
        let doc = encode(&DocShard { docs: vec![DocRecord { title: "x".repeat(50), ..DocRecord::default() }] });
        assert!(matches!(decode::<DocShard>(&doc[..20]), Err(DecodeError::Payload(_))));
    }

    #[test]
    fn lengths_survive_quantisation_within_a_few_percent() {
        for len in [0usize, 1, 5, 17, 120, 999, 5000, 30000] {
            let back = dequantize_len(quantize_len(len));
            assert!((back - len as f32).abs() <= 1.0 + len as f32 * 0.025, "{len} -> {back}");
        }
    }
}
