//! Granting a Satu Data role: walidata, walidata pendukung or produsen data (with the OPD whose
//! data it produces), beside the user's SPBE role and in the user's own instansi. Whoever may
//! manage the user's account grants or withdraws it; each change is audited
//! (`satu_data.role`).

use padu_core::access::{Action, DataGrant, DataRole, Role, Target, gives};
use padu_store::{Instansi, Opd, User};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};

/// A grant as a client sends it: a role code (none or blank withdraws the grant) and, for a
/// produsen data, its OPD.
#[derive(Debug, Clone, Default)]
pub struct DataRoleInput {
    /// `walidata`, `walidata_pendukung` or `produsen_data`.
    pub role: Option<String>,
    pub opd: Option<i64>,
}

fn problem(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// User `id` and its instansi when `caller` may grant it a Satu Data role (else `NotFound`
/// for who may not see the user's instansi, `Forbidden` for who may see but not manage it).
async fn grantee(app: &App, caller: &Caller, id: i64) -> Result<(User, Instansi), AppError> {
    let user = app
        .store
        .user(id)
        .await?
        .ok_or(AppError::NotFound("Pengguna"))?;
    let instansi = match user.instansi_id {
        Some(i) => app.store.instansi(i).await?,
        None => None,
    };
    let Some(instansi) = instansi else {
        // a superadmin sits nowhere: only another superadmin manages it (as in updating a
        // user), and Satu Data has no place for it
        if caller.user.role != Role::Superadmin {
            return Err(AppError::NotFound("Pengguna"));
        }
        return Err(AppError::field(
            "role",
            "Pengguna tanpa instansi tidak dapat diberi peran Satu Data",
        ));
    };
    let here = match user.opd_id {
        Some(o) => Target::opd(instansi.id, instansi.province(), o),
        None => instansi.target(),
    };
    caller.check_record(Action::ManageUsers, &here, "Pengguna")?;
    if !gives(caller.user.role, user.role) {
        return Err(AppError::Forbidden);
    }
    Ok((user, instansi))
}

/// What the grant form needs: the user and the active OPDs of its instansi (a produsen data's
/// choice), when `caller` may grant it a role.
pub async fn grant_form(app: &App, caller: &Caller, id: i64) -> Result<(User, Vec<Opd>), AppError> {
    let (user, instansi) = grantee(app, caller, id).await?;
    let opds = app
        .store
        .opds_of(instansi.id)
        .await?
        .into_iter()
        .filter(|o| o.active)
        .collect();
    Ok((user, opds))
}

/// Grants, replaces or withdraws user `id`'s Satu Data role on behalf of `caller`.
pub async fn set_data_role(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &DataRoleInput,
) -> Result<User, AppError> {
    let (user, instansi) = grantee(app, caller, id).await?;

    let code = input
        .role
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let grant = match code {
        None => None,
        Some(code) => {
            let Some(role) = DataRole::from_code(code) else {
                return Err(AppError::Invalid(vec![problem(
                    "role",
                    format!(
                        "Peran Satu Data \"{code}\" tidak dikenal; pilih walidata, \
                         walidata_pendukung atau produsen_data"
                    ),
                )]));
            };
            let opd = match (role.needs_opd(), input.opd) {
                (true, None) => {
                    return Err(AppError::field(
                        "opd",
                        "Produsen data memerlukan OPD yang datanya ia hasilkan",
                    ));
                }
                (false, Some(_)) => {
                    return Err(AppError::field(
                        "opd",
                        "Walidata dan walidata pendukung bekerja untuk seluruh instansi; \
                         kosongkan OPD",
                    ));
                }
                (false, None) => None,
                (true, Some(o)) => match app.store.opd(o).await? {
                    Some(opd) if opd.instansi_id == instansi.id && opd.active => Some(opd.id),
                    Some(opd) if opd.instansi_id == instansi.id => {
                        return Err(AppError::field("opd", "OPD itu sudah tidak aktif"));
                    }
                    _ => {
                        return Err(AppError::field(
                            "opd",
                            "OPD tidak ditemukan di instansi pengguna",
                        ));
                    }
                },
            };
            Some(DataGrant { role, opd })
        }
    };
    if grant == user.data {
        return Ok(user);
    }
    Ok(app.store.set_data_grant(&caller.who(), id, grant).await?)
}
