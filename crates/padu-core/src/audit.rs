//! The audit log's hash chain: each entry's hash covers its content and the previous entry's
//! hash, so changing, removing or reordering any entry breaks every link after it.

use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one audit entry, exactly as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditContent<'a> {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub instansi_id: Option<i64>,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// SHA-256 over the previous hash and every field, each length-prefixed so no two different
/// entries can serialise to the same bytes. Hex, lowercase.
pub fn chain_hash(prev_hash: &str, content: &AuditContent<'_>) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: Option<&[u8]>| match bytes {
        None => hasher.update(b"-"),
        Some(b) => {
            hasher.update(b"+");
            hasher.update((b.len() as u64).to_be_bytes());
            hasher.update(b);
        }
    };
    field(Some(prev_hash.as_bytes()));
    field(Some(&content.seq.to_be_bytes()));
    field(Some(&content.at_ms.to_be_bytes()));
    field(
        content
            .actor_id
            .map(i64::to_be_bytes)
            .as_ref()
            .map(|b| &b[..]),
    );
    field(Some(content.actor_name.as_bytes()));
    field(
        content
            .instansi_id
            .map(i64::to_be_bytes)
            .as_ref()
            .map(|b| &b[..]),
    );
    field(Some(content.action.as_bytes()));
    field(Some(content.entity.as_bytes()));
    field(content.entity_id.map(str::as_bytes));
    field(content.before.map(str::as_bytes));
    field(content.after.map(str::as_bytes));
    hex(&hasher.finalize())
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// SHA-256 of a secret (session or API token), hex: what is stored instead of the secret.
pub fn token_digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> AuditContent<'static> {
        AuditContent {
            seq: 1,
            at_ms: 1_700_000_000_000,
            actor_id: Some(3),
            actor_name: "admin",
            instansi_id: Some(2),
            action: "opd.create",
            entity: "opd",
            entity_id: Some("7"),
            before: None,
            after: Some("{\"name\":\"Bappeda\"}"),
        }
    }

    #[test]
    fn every_field_and_the_previous_hash_change_the_hash() {
        let base = chain_hash(GENESIS, &content());
        assert_eq!(base.len(), 64);
        assert_eq!(base, chain_hash(GENESIS, &content()), "deterministic");
        assert_ne!(base, chain_hash(&"1".repeat(64), &content()));
        let variants = [
            AuditContent {
                seq: 2,
                ..content()
            },
            AuditContent {
                at_ms: 1,
                ..content()
            },
            AuditContent {
                actor_id: None,
                ..content()
            },
            AuditContent {
                actor_name: "admin2",
                ..content()
            },
            AuditContent {
                instansi_id: Some(3),
                ..content()
            },
            AuditContent {
                action: "opd.update",
                ..content()
            },
            AuditContent {
                entity: "user",
                ..content()
            },
            AuditContent {
                entity_id: Some("8"),
                ..content()
            },
            AuditContent {
                before: Some(""),
                ..content()
            },
            AuditContent {
                after: None,
                ..content()
            },
        ];
        for v in &variants {
            assert_ne!(base, chain_hash(GENESIS, v), "{v:?}");
        }
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let a = AuditContent {
            actor_name: "ab",
            action: "c",
            ..content()
        };
        let b = AuditContent {
            actor_name: "a",
            action: "bc",
            ..content()
        };
        assert_ne!(chain_hash(GENESIS, &a), chain_hash(GENESIS, &b));
    }

    #[test]
    fn token_digest_is_sha256_hex() {
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
