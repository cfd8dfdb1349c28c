//! The one envelope of every model file that crosses from the build to the browser:
//! four magic bytes, a little-endian `u16` version, then the postcard encoding.
//! Readers refuse another magic or version, so a stale file asks for a rebuild instead
//! of being misread.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why bytes could not be read as a model file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are not this kind of file.
    Magic,
    /// The file was written by another version of kefu.
    Version {
        /// The version in the file.
        found: u16,
        /// The version this code reads.
        expected: u16,
    },
    /// The body does not decode.
    Body,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Magic => f.write_str("not a kefu widget data file"),
            DecodeError::Version { found, expected } => {
                write!(f, "widget data of version {found}, this widget reads {expected}: rebuild the site")
            }
            DecodeError::Body => f.write_str("widget data is damaged: rebuild the site"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Encodes `value` behind `magic` and `version`.
pub fn encode<T: Serialize>(magic: &[u8; 4], version: u16, value: &T) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.extend_from_slice(&version.to_le_bytes());
    // Serialising into a Vec fails only on a type postcard cannot represent, which the
    // model does not have.
    postcard::to_extend(value, out).expect("the model serialises")
}

/// Decodes what [`encode`] wrote with the same `magic` and `version`.
pub fn decode<T: DeserializeOwned>(magic: &[u8; 4], version: u16, bytes: &[u8]) -> Result<T, DecodeError> {
    let body = bytes.strip_prefix(magic.as_slice()).ok_or(DecodeError::Magic)?;
    let (found, body) = body.split_first_chunk::<2>().ok_or(DecodeError::Magic)?;
    let found = u16::from_le_bytes(*found);
    if found != version {
        return Err(DecodeError::Version { found, expected: version });
    }
    postcard::from_bytes(body).map_err(|_| DecodeError::Body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_files() {
        let value = (String::from("退款"), vec![1u32, 2, 3]);
        let bytes = encode(b"TEST", 7, &value);
        assert_eq!(&bytes[..6], b"TEST\x07\x00");
        assert_eq!(decode::<(String, Vec<u32>)>(b"TEST", 7, &bytes), Ok(value));
        assert_eq!(decode::<(String, Vec<u32>)>(b"OTHR", 7, &bytes), Err(DecodeError::Magic));
        assert_eq!(
            decode::<(String, Vec<u32>)>(b"TEST", 8, &bytes),
            Err(DecodeError::Version { found: 7, expected: 8 })
        );
        assert_eq!(decode::<(String, Vec<u32>)>(b"TEST", 7, &bytes[..9]), Err(DecodeError::Body));
        assert_eq!(decode::<(String, Vec<u32>)>(b"TEST", 7, b"TE"), Err(DecodeError::Magic));
    }
}
