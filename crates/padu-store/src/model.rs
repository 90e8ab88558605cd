//! The records the store hands out: plain data, no database types.

use padu_core::access::{DataGrant, InstansiKind, Role, Target};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instansi {
    pub id: i64,
    pub kind: InstansiKind,
    pub name: String,
    pub parent_id: Option<i64>,
    pub kode_wilayah: Option<String>,
    /// WIB, WITA or WIT.
    pub timezone: String,
    /// The URL name, derived from the name and unique (`kabupaten-trenggalek`): the Satu Data
    /// catalog lives under `/data/{slug}`.
    pub slug: String,
}

impl Instansi {
    /// The province this instansi belongs to (itself for a province, none for nasional).
    pub fn province(&self) -> Option<i64> {
        match self.kind {
            InstansiKind::Provinsi => Some(self.id),
            InstansiKind::Kabupaten | InstansiKind::Kota => self.parent_id,
            InstansiKind::Nasional => None,
        }
    }

    /// Where it sits, for permission decisions.
    pub fn target(&self) -> Target {
        Target::instansi(self.id, self.province())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInstansi {
    pub kind: InstansiKind,
    pub name: String,
    pub parent_id: Option<i64>,
    pub kode_wilayah: Option<String>,
    pub timezone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Opd {
    pub id: i64,
    pub instansi_id: i64,
    pub name: String,
    /// A code from the OPD kind vocabulary (`diskominfo`, `bappeda`, ...).
    pub kind: String,
    pub active: bool,
}

/// Changes to an OPD; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpdPatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub instansi_id: Option<i64>,
    pub opd_id: Option<i64>,
    pub active: bool,
    pub password_changed_at_ms: i64,
    /// Where notifications are e-mailed too, when the server has an SMTP server.
    pub email: Option<String>,
    /// The Satu Data role beside the SPBE role (walidata, walidata pendukung, produsen data).
    pub data: Option<DataGrant>,
    /// "Hanya SSO": signs in through the OpenID Connect provider only; a password sign-in is
    /// refused like a wrong password.
    pub sso_only: bool,
}

/// An API token as its owner and their administrators see it: never its secret or digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
    /// When it was last accepted, to about a minute ([`crate::TOKEN_USE_RESOLUTION_MS`]);
    /// `None` when never.
    pub last_used_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    /// An Argon2id PHC string: the store never sees a password.
    pub password_hash: String,
    pub role: Role,
    pub instansi_id: Option<i64>,
    pub opd_id: Option<i64>,
    /// An address the caller has checked.
    pub email: Option<String>,
}

/// Who performs a write, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub user_id: Option<i64>,
    pub name: String,
}

impl Who {
    pub fn user(user: &User) -> Who {
        Who {
            user_id: Some(user.id),
            name: user.username.clone(),
        }
    }

    /// The system itself (the command line, the demo seed).
    pub fn system(name: &str) -> Who {
        Who {
            user_id: None,
            name: name.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub at_ms: i64,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub instansi_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub hash: String,
}
