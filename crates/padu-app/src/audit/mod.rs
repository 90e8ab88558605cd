//! The audit log as its readers see it: only the entries of instansi they may audit.

use padu_core::access::{Action, Role};
use padu_store::{AuditEntry, AuditFilter};

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::org::instansi_ids_where;

/// Audit entries the caller may read, newest first.
pub async fn visible_audit(
    app: &App,
    caller: &Caller,
    mut filter: AuditFilter,
    limit: u64,
    offset: u64,
) -> Result<Vec<AuditEntry>, AppError> {
    if caller.user.role != Role::Superadmin {
        let ids = instansi_ids_where(app, caller, Action::ViewAudit).await?;
        if ids.is_empty() {
            return Err(AppError::Forbidden);
        }
        filter.instansi_ids = Some(match filter.instansi_ids {
            Some(asked) => asked.into_iter().filter(|i| ids.contains(i)).collect(),
            None => ids,
        });
    }
    Ok(app.store.audit_entries(&filter, limit, offset).await?)
}
