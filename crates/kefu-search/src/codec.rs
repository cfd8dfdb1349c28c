//! The one binary codec for index files: `MAGIC`, a little-endian `u16` format version,
//! then the postcard encoding of [`Index`]. Writer and reader share this module.

use crate::Index;

/// The first bytes of every index file.
pub const MAGIC: &[u8; 4] = b"KFSI";
/// Bumped whenever the encoded layout changes; readers refuse other versions.
pub const FORMAT_VERSION: u16 = 1;

const HEADER_LEN: usize = MAGIC.len() + 2;

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
    /// The payload is truncated or corrupt.
    #[error("corrupt search index: {0}")]
    Payload(#[from] postcard::Error),
}

impl Index {
    /// Encodes the index into its file format. Same index, same bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER_LEN + 64 * self.docs.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        postcard::to_extend(self, out).expect("encoding into a Vec cannot fail")
    }

    /// Decodes an index file written by [`Index::encode`].
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        if bytes.len() < HEADER_LEN || &bytes[..MAGIC.len()] != MAGIC {
            return Err(DecodeError::BadMagic);
        }
        let found = u16::from_le_bytes([bytes[4], bytes[5]]);
        if found != FORMAT_VERSION {
            return Err(DecodeError::Version { found });
        }
        Ok(postcard::from_bytes(&bytes[HEADER_LEN..])?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Doc;

    fn sample() -> Index {
        Index {
            locale: "zh-CN".into(),
            docs: vec![Doc {
                title: "退款政策".into(), url: "/refunds/policy/".into(), summary: "七天无理由".into()
            }],
        }
    }

    #[test]
    fn round_trip_is_lossless_and_deterministic() {
        let bytes = sample().encode();
        assert_eq!(&bytes[..4], MAGIC);
        assert_eq!(Index::decode(&bytes).unwrap(), sample());
        assert_eq!(bytes, sample().encode());
    }

    #[test]
    fn rejects_other_files_and_versions() {
        assert!(matches!(Index::decode(b"<html>"), Err(DecodeError::BadMagic)));
        let mut bytes = sample().encode();
        bytes[4] = 99;
        assert!(matches!(Index::decode(&bytes), Err(DecodeError::Version { found: 99 })));
        let truncated = &sample().encode()[..10];
        assert!(matches!(Index::decode(truncated), Err(DecodeError::Payload(_))));
    }
}
