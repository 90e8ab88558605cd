//! The content hash that names a stored object.

use std::fmt;
use std::str::FromStr;

use object_store::path::Path;

use crate::FilesError;

/// The SHA-256 of a file's bytes, as 64 lowercase hexadecimal characters.
///
/// It is the only thing a stored object's key is derived from (`sha256/ab/cd/<hex>`), and it can
/// only be built from exactly 64 characters out of `0-9a-f`, so no key can point outside the
/// store. Parse a hash that came from a URL or the database with [`ContentHash::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash(String);

impl ContentHash {
    /// Checks that `hex` is a SHA-256 in lowercase hexadecimal.
    pub fn parse(hex: &str) -> Result<Self, FilesError> {
        let valid = hex.len() == 64 && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if valid {
            Ok(Self(hex.to_owned()))
        } else {
            Err(FilesError::InvalidHash)
        }
    }

    /// The hash of a finished SHA-256 computation.
    pub(crate) fn from_digest(digest: &[u8]) -> Self {
        Self(to_hex(digest))
    }

    /// The 64 hexadecimal characters.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The object's key: `sha256/ab/cd/<full hex>` (two levels of fan-out keep directories
    /// small on the local backend).
    pub(crate) fn key(&self) -> Path {
        let h = &self.0;
        Path::from(format!("sha256/{}/{}/{h}", &h[..2], &h[2..4]))
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for ContentHash {
    type Err = FilesError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for ContentHash {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lowercase hexadecimal of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn only_64_lowercase_hex_characters_are_a_hash() {
        assert!(ContentHash::parse(EMPTY).is_ok());
        for bad in [
            "",
            &EMPTY[1..],
            &EMPTY.to_uppercase(),
            &format!("{EMPTY}0"),
            "../../../../etc/passwd",
            &format!("../{}", &EMPTY[3..]),
            &format!("{}/x", &EMPTY[2..]),
        ] {
            assert!(ContentHash::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_key_fans_out_by_the_first_four_characters() {
        let h = ContentHash::parse(EMPTY).expect("valid");
        assert_eq!(h.key().as_ref(), format!("sha256/e3/b0/{EMPTY}"));
        assert_eq!(to_hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
