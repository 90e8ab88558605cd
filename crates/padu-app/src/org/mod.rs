//! Organisations: the instansi (nasional, provinsi, kabupaten/kota) and their OPDs.

use padu_core::access::{Action, Target, allows};
use padu_store::{Instansi, Opd, OpdPatch};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::kit::validate::clean_text;

/// Every instansi the caller may see, by name.
pub async fn visible_instansi(app: &App, caller: &Caller) -> Result<Vec<Instansi>, AppError> {
    let actor = caller.actor();
    Ok(app
        .store
        .all_instansi()
        .await?
        .into_iter()
        .filter(|i| allows(&actor, Action::ViewInstansi, &i.target()))
        .collect())
}

/// The instansi `id` if the caller may do `action` there: 404 when it does not exist, 403 when
/// it is not theirs.
pub async fn instansi_for(
    app: &App,
    caller: &Caller,
    id: i64,
    action: Action,
) -> Result<Instansi, AppError> {
    let inst = app
        .store
        .instansi(id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check_record(action, &inst.target(), "Instansi")?;
    Ok(inst)
}

/// The OPDs of an instansi that the caller may see (an operator sees only their own).
pub async fn visible_opds(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
) -> Result<Vec<Opd>, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewInstansi).await?;
    let actor = caller.actor();
    let province = inst.province();
    Ok(app
        .store
        .opds_of(inst.id)
        .await?
        .into_iter()
        .filter(|o| {
            allows(
                &actor,
                Action::ViewOpd,
                &Target::opd(inst.id, province, o.id),
            )
        })
        .collect())
}

/// An OPD the caller may do `action` on.
pub async fn opd_for(app: &App, caller: &Caller, id: i64, action: Action) -> Result<Opd, AppError> {
    let (opd, target) = app
        .store
        .opd_target(id)
        .await?
        .ok_or(AppError::NotFound("OPD"))?;
    caller.check_record(action, &target, "OPD")?;
    Ok(opd)
}

/// Input for a new OPD or a change to one.
#[derive(Debug, Clone, Default)]
pub struct OpdInput {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub active: Option<bool>,
}

fn check_opd(app: &App, input: &OpdInput, creating: bool) -> Result<OpdPatch, AppError> {
    let mut errors = Vec::new();
    let name = match (&input.name, creating) {
        (Some(n), _) => Some(clean_text("name", "Nama OPD", n, 2, 150, &mut errors)),
        (None, true) => {
            errors.push(FieldError {
                field: "name".into(),
                message: "Nama OPD wajib diisi".into(),
            });
            None
        }
        (None, false) => None,
    };
    let kind = match (&input.kind, creating) {
        (Some(k), _) => {
            let k = k.trim().to_string();
            if app.catalog.opd_kind(&k).is_none() {
                errors.push(FieldError {
                    field: "kind".into(),
                    message: format!("Jenis OPD \"{k}\" tidak dikenal"),
                });
            }
            Some(k)
        }
        (None, true) => {
            errors.push(FieldError {
                field: "kind".into(),
                message: "Jenis OPD wajib dipilih".into(),
            });
            None
        }
        (None, false) => None,
    };
    if errors.is_empty() {
        Ok(OpdPatch {
            name,
            kind,
            active: input.active,
        })
    } else {
        Err(AppError::Invalid(errors))
    }
}

pub async fn create_opd(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    input: &OpdInput,
) -> Result<Opd, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ManageOpd).await?;
    let patch = check_opd(app, input, true)?;
    let (Some(name), Some(kind)) = (patch.name, patch.kind) else {
        return Err(AppError::Internal(
            "checked OPD input lost its fields".into(),
        ));
    };
    Ok(app
        .store
        .create_opd(&caller.who(), inst.id, &name, &kind)
        .await?)
}

pub async fn update_opd(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &OpdInput,
) -> Result<Opd, AppError> {
    opd_for(app, caller, id, Action::ManageOpd).await?;
    let patch = check_opd(app, input, false)?;
    Ok(app.store.update_opd(&caller.who(), id, patch).await?)
}

/// The ids of every instansi where the caller may do `action`.
pub async fn instansi_ids_where(
    app: &App,
    caller: &Caller,
    action: Action,
) -> Result<Vec<i64>, AppError> {
    let actor = caller.actor();
    Ok(app
        .store
        .all_instansi()
        .await?
        .iter()
        .filter(|i| allows(&actor, action, &i.target()))
        .map(|i| i.id)
        .collect())
}

/// The caller's own instansi (none for a superadmin).
pub async fn own_instansi(app: &App, caller: &Caller) -> Result<Option<Instansi>, AppError> {
    match caller.user.instansi_id {
        Some(id) => Ok(app.store.instansi(id).await?),
        None => Ok(None),
    }
}

/// The caller's own OPD, if they sit in one.
pub async fn own_opd(app: &App, caller: &Caller) -> Result<Option<Opd>, AppError> {
    match caller.user.opd_id {
        Some(id) => Ok(app.store.opd(id).await?),
        None => Ok(None),
    }
}

/// Every instansi, for naming the places of records the caller already may see (users, audit
/// entries); what they may see is decided where those records are read.
pub async fn all_instansi(app: &App) -> Result<Vec<Instansi>, AppError> {
    Ok(app.store.all_instansi().await?)
}

/// Every OPD of instansi `instansi_id`, for naming and for the placement choices of a form whose
/// use is checked where it is submitted.
pub async fn opds_in(app: &App, instansi_id: i64) -> Result<Vec<Opd>, AppError> {
    Ok(app.store.opds_of(instansi_id).await?)
}
