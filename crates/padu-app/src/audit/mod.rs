//! The audit log as its readers see it: only the entries of instansi they may audit.

use padu_core::access::{Action, Role};
use padu_store::{AuditEntry, AuditFilter};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::format::day_start_ms;
use crate::kit::principal::Caller;
use crate::kit::validate::{disallowed, has_forbidden_control};
use crate::org::instansi_ids_where;

/// The entries the audit page shows at once, and the API's default.
pub const PAGE_SIZE: u64 = 50;

/// The most entries one read answers.
pub const MAX_PAGE: u64 = 500;

/// The largest offset a read accepts (the page's last page, 100.000 pages of 50, is within it).
pub const MAX_OFFSET: u64 = 5_000_000;

const DAY_MS: i64 = 24 * 3600 * 1000;

/// Audit entries the caller may read, newest first: `limit` (1 to [`MAX_PAGE`]) from the
/// `offset`-th (at most [`MAX_OFFSET`]). Asking for an instansi the caller may not audit is a 404, as for any record
/// outside what they may see.
pub async fn visible_audit(
    app: &App,
    caller: &Caller,
    mut filter: AuditFilter,
    limit: u64,
    offset: u64,
) -> Result<Vec<AuditEntry>, AppError> {
    let mut wrong = Vec::new();
    if !(1..=MAX_PAGE).contains(&limit) {
        wrong.push(FieldError {
            field: "limit".into(),
            message: format!("Jumlah per halaman harus antara 1 dan {MAX_PAGE}"),
        });
    }
    if offset > MAX_OFFSET {
        wrong.push(FieldError {
            field: "offset".into(),
            message: format!("Posisi awal paling besar {MAX_OFFSET}"),
        });
    }
    let texts = [
        ("actor", "Aktor", &filter.actor),
        ("action", "Aksi", &filter.action),
        ("entity", "Jenis data", &filter.entity),
    ];
    wrong.extend(
        texts
            .into_iter()
            .filter(|(_, _, v)| v.as_deref().is_some_and(has_forbidden_control))
            .map(|(field, label, _)| disallowed(field, label)),
    );
    if !wrong.is_empty() {
        return Err(AppError::Invalid(wrong));
    }
    if caller.user.role != Role::Superadmin {
        let ids = instansi_ids_where(app, caller, Action::ViewAudit).await?;
        if ids.is_empty() {
            return Err(AppError::Forbidden);
        }
        filter.instansi_ids = Some(match filter.instansi_ids {
            Some(asked) if asked.iter().all(|i| ids.contains(i)) => asked,
            Some(_) => return Err(AppError::NotFound("Instansi")),
            None => ids,
        });
    }
    Ok(app.store.audit_entries(&filter, limit, offset).await?)
}

/// The days of an audit filter (`yyyy-mm-dd`, days in `zone`) as the milliseconds it spans:
/// from the first of `from` to the end of `to`, either open when empty. A day that is not a date
/// is named in the errors by `fields` (the names of the from and to fields of the asking form).
pub fn day_bounds(
    zone: &str,
    (from, to): (&str, &str),
    fields: (&str, &str),
) -> (Option<i64>, Option<i64>, Vec<FieldError>) {
    let mut errors = Vec::new();
    let mut day = |field: &str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let start = day_start_ms(text.trim(), zone);
        if start.is_none() {
            errors.push(FieldError {
                field: field.into(),
                message: "Tanggal harus berformat tttt-bb-hh, misalnya 2026-08-17".into(),
            });
        }
        start
    };
    let from_ms = day(fields.0, from);
    let to_ms = day(fields.1, to).map(|start| start + DAY_MS);
    (from_ms, to_ms, errors)
}

/// The zone the caller's dates are typed in: their instansi's (WIB without one).
pub async fn caller_zone(app: &App, caller: &Caller) -> Result<String, AppError> {
    Ok(crate::org::own_instansi(app, caller)
        .await?
        .map_or_else(|| "WIB".to_string(), |i| i.timezone))
}
