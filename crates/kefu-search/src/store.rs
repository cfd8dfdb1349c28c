//! Index files at rest: gzip around the codec's bytes ([`crate::format`]), so that every
//! host sends them small, including one that does not compress
//! `application/octet-stream`. The browser gunzips with `DecompressionStream`
//! (`site/assets/kefu/search.js`), natively [`unpack`] does; neither needs the other's
//! code, and the widget's wasm carries no inflater.

use crate::DecodeError;
use crate::format::{IndexFile, MAGIC, TermShard};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use std::borrow::Cow;
use std::io::{Read, Write};

/// The first bytes of a gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// An index file as written to disk. Same bytes in, same bytes out (no time stamp).
///
/// zlib-rs's deflate, whose level 6 hashes four bytes at a time and so misses the
/// three-byte matches of Chinese text: document shards (and every other file) take
/// level 9, which finds them, at 7,031 KB against 7,209 KB for 5,000 Chinese articles'
/// shards and no more time than level 6. Term shards, nearly all postings, take level
/// 6: level 9 takes 2.5 times as long for 3% fewer bytes. Measured on the generated
/// corpora of `cargo xtask bench build`: term and document shards in 0.9 s on one core
/// for 5,000 Chinese articles, against 2.5 s with miniz_oxide at level 6, and 0.25%
/// fewer bytes.
pub fn pack(file: &[u8]) -> Vec<u8> {
    let level = if is_term_shard(file) { 6 } else { 9 };
    let mut encoder = GzEncoder::new(Vec::with_capacity(file.len() / 2), Compression::new(level));
    encoder.write_all(file).expect("writing into a Vec cannot fail");
    encoder.finish().expect("writing into a Vec cannot fail")
}

/// Whether `file` is an encoded [`TermShard`].
fn is_term_shard(file: &[u8]) -> bool {
    file.starts_with(MAGIC) && file.get(MAGIC.len() + 2) == Some(&TermShard::KIND)
}

/// An index file as read from disk: gunzipped, or as it is when it is not gzip.
pub fn unpack(stored: &[u8]) -> Result<Cow<'_, [u8]>, DecodeError> {
    if !stored.starts_with(&GZIP_MAGIC) {
        return Ok(Cow::Borrowed(stored));
    }
    let mut file = Vec::with_capacity(stored.len() * 3);
    GzDecoder::new(stored).read_to_end(&mut file).map_err(|e| DecodeError::Gzip(e.to_string()))?;
    Ok(Cow::Owned(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pack_then_unpack_gives_the_file_back_and_is_deterministic() {
        let file = b"KFSI\x02\x00R some index bytes, some index bytes".repeat(20);
        let packed = pack(&file);
        assert!(packed.len() < file.len());
        assert_eq!(packed, pack(&file));
        assert_eq!(unpack(&packed).unwrap(), &file[..]);
        // Files written before compression, or by hand, still read.
        assert_eq!(unpack(&file).unwrap(), &file[..]);
    }

    #[test]
    fn truncated_gzip_is_an_error() {
        let packed = pack(&b"KFSI index ".repeat(50));
        let err = unpack(&packed[..packed.len() / 2]).unwrap_err();
        assert!(err.to_string().contains("gzip"), "{err}");
    }
}
