//! User accounts: the list, and adding one (only with the roles the caller may hand out).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, Role, allows};
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{
    Ctx, Failure, OrPage, Shell, data_role_label, render, role_label, see_other,
};
use padu_app::App;
use padu_app::AppError;
use padu_app::kit::i18n::Tr;
use padu_app::users::{self, UserInput};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: &'static str,
    pub instansi: String,
    pub opd: String,
    pub active: bool,
    /// The Satu Data role and, for a produsen data, its OPD ("" when none).
    pub data_role: String,
    /// Where the caller grants or withdraws it, when they may.
    pub data_href: Option<String>,
    /// "Hanya SSO": the password does not sign in.
    pub sso_only: bool,
    /// The caller may switch "hanya SSO" (the service checks again).
    pub may_switch_sso: bool,
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    pesan: Option<String>,
    /// Only the users of this instansi.
    instansi: Option<String>,
}

#[derive(Template)]
#[template(path = "users/templates/pengguna.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    rows: Vec<UserRow>,
    may_add: bool,
    /// The instansi the list is narrowed to.
    only: Option<String>,
    /// Single sign-on is configured: the "Masuk" column and its switch.
    sso: bool,
}

/// The roles a caller may give (the service checks again, per placement).
fn assignable(role: Role) -> Vec<Role> {
    padu_core::access::assignable_roles(role)
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> Result<Response, Failure> {
    let mut users = users::visible_users(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let all = padu_app::org::all_instansi(&state)
        .await
        .or_page(ctx.lang)?;
    let names: HashMap<i64, String> = all.iter().map(|i| (i.id, i.name.clone())).collect();
    let only = query
        .instansi
        .as_deref()
        .and_then(|i| i.parse::<i64>().ok());
    if let Some(id) = only {
        users.retain(|u| u.instansi_id == Some(id));
    }
    // One query per instansi that has users, never one per user.
    let mut opd_names: HashMap<i64, String> = HashMap::new();
    let mut seen: Vec<i64> = users.iter().filter_map(|u| u.instansi_id).collect();
    seen.sort_unstable();
    seen.dedup();
    for id in seen {
        let opds = padu_app::org::opds_in(&state, id).await.or_page(ctx.lang)?;
        opd_names.extend(opds.into_iter().map(|o| (o.id, o.name)));
    }
    let dash = || "—".to_string();
    let actor = ctx.caller.actor();
    let places: HashMap<i64, padu_core::access::Target> =
        all.iter().map(|i| (i.id, i.target())).collect();
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            data_role: u
                .data
                .map(|g| {
                    let label = data_role_label(g.role, ctx.lang);
                    match g.opd.and_then(|o| opd_names.get(&o)) {
                        Some(opd) => format!("{label} ({opd})"),
                        None => label.to_string(),
                    }
                })
                .unwrap_or_default(),
            data_href: u
                .instansi_id
                .and_then(|i| places.get(&i))
                .filter(|t| padu_core::access::may_grant_data_role(&actor, t))
                .map(|_| format!("/pengguna/{}/satu-data", u.id)),
            role: role_label(u.role, ctx.lang),
            instansi: u
                .instansi_id
                .and_then(|i| names.get(&i).cloned())
                .unwrap_or_else(dash),
            opd: u
                .opd_id
                .and_then(|o| opd_names.get(&o).cloned())
                .unwrap_or_else(dash),
            may_switch_sso: u.id != ctx.caller.user.id
                && padu_core::access::gives(actor.role, u.role)
                && match u.instansi_id.and_then(|i| places.get(&i)) {
                    Some(t) => allows(&actor, Action::ManageUsers, t),
                    None => actor.role == Role::Superadmin,
                },
            sso_only: u.sso_only,
            id: u.id,
            username: u.username,
            name: u.display_name,
            active: u.active,
        })
        .collect();
    let shell = Shell::load(&state, &ctx, crate::users::USERS, query.pesan.as_deref())
        .await
        .or_page(ctx.lang)?;
    let page = ListPage {
        tr: ctx.tr,
        shell,
        rows,
        may_add: !assignable(ctx.caller.user.role).is_empty(),
        only: only.and_then(|id| names.get(&id).cloned()),
        sso: users::oidc::config(&state).is_some(),
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    username: String,
    display_name: String,
    password: String,
    role: String,
    instansi: String,
    opd: String,
    email: String,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Clone)]
pub struct OpdGroup {
    pub instansi: String,
    pub opds: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "users/templates/pengguna_baru.html")]
struct NewPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    username: String,
    display_name: String,
    email: String,
    roles: Vec<Choice>,
    instansi: Vec<Choice>,
    opd_groups: Vec<OpdGroup>,
}

pub async fn new_form(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let form = NewUserForm::default();
    new_page(&state, &ctx, &form, FormErrors::default(), StatusCode::OK).await
}

async fn new_page(
    state: &App,
    ctx: &Ctx,
    form: &NewUserForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let roles = assignable(ctx.caller.user.role);
    let actor = ctx.caller.actor();
    let places: Vec<_> = padu_app::org::visible_instansi(state, &ctx.caller)
        .await
        .or_page(ctx.lang)?
        .into_iter()
        .filter(|i| allows(&actor, Action::ManageUsers, &i.target()))
        .collect();
    if roles.is_empty() || (places.is_empty() && ctx.caller.user.role != Role::Superadmin) {
        return Err(Failure(AppError::Forbidden, ctx.lang));
    }
    // With a single place to choose from, it is chosen.
    let chosen_instansi = if form.instansi.is_empty() && places.len() == 1 {
        places[0].id.to_string()
    } else {
        form.instansi.clone()
    };
    let mut opd_groups = Vec::new();
    for inst in &places {
        let opds = padu_app::org::opds_in(state, inst.id)
            .await
            .or_page(ctx.lang)?;
        let opds: Vec<Choice> = opds
            .into_iter()
            .filter(|o| o.active)
            .map(|o| Choice {
                selected: o.id.to_string() == form.opd,
                value: o.id.to_string(),
                label: o.name,
            })
            .collect();
        if !opds.is_empty() {
            opd_groups.push(OpdGroup {
                instansi: inst.name.clone(),
                opds,
            });
        }
    }
    let shell = Shell::load(state, ctx, crate::users::USERS, None)
        .await
        .or_page(ctx.lang)?;
    let page = NewPage {
        tr: ctx.tr,
        shell,
        errors,
        username: form.username.clone(),
        display_name: form.display_name.clone(),
        email: form.email.clone(),
        roles: roles
            .into_iter()
            .map(|r| Choice {
                value: r.code().to_string(),
                label: role_label(r, ctx.lang).to_string(),
                selected: r.code() == form.role,
            })
            .collect(),
        instansi: places
            .iter()
            .map(|i| Choice {
                value: i.id.to_string(),
                label: i.name.clone(),
                selected: i.id.to_string() == chosen_instansi,
            })
            .collect(),
        opd_groups,
    };
    Ok(render(status, &page))
}

fn id_or_none(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Form(form): Form<NewUserForm>,
) -> Result<Response, Failure> {
    let input = UserInput {
        username: form.username.clone(),
        display_name: Some(form.display_name.clone()),
        password: form.password.clone(),
        role: form.role.clone(),
        instansi: id_or_none(&form.instansi),
        opd: id_or_none(&form.opd),
        email: Some(form.email.clone()),
    };
    let err = match users::create_user(&state, &ctx.caller, &input).await {
        Ok(_) => return Ok(see_other("/pengguna?pesan=pengguna-ditambah")),
        Err(err) => err,
    };
    let (status, mut errors) = match FormErrors::from_error(&err, "username") {
        Some(found) => found,
        // Signed in as someone who may add users, but not this role in this place.
        None if matches!(err, AppError::Forbidden)
            && !assignable(ctx.caller.user.role).is_empty() =>
        {
            let mut errors = FormErrors::default();
            errors.push("role", ctx.tr.t("pengguna.tidak_berwenang"));
            (StatusCode::FORBIDDEN, errors)
        }
        None => return Err(Failure(err, ctx.lang)),
    };
    // "Peran \"\" tidak dikenal" is right for a script, not for someone who chose nothing.
    if form.role.trim().is_empty() {
        for problem in errors.items.iter_mut().filter(|p| p.field == "role") {
            problem.message = ctx.tr.t("pengguna.peran_kosong").to_string();
        }
    }
    for problem in errors.items.iter_mut().filter(|p| p.field == "email") {
        problem.message = ctx.tr.t("email.tidak_sah").to_string();
    }
    new_page(&state, &ctx, &form, errors, status).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SsoForm {
    /// "ya": hanya SSO; anything else: the password signs in again.
    hanya_sso: String,
}

/// Switches "hanya SSO" for a user (the same use case as `PATCH /api/v1/users/{id}`).
pub async fn switch_sso(
    State(state): State<App>,
    ctx: Ctx,
    axum::extract::Path(id): axum::extract::Path<i64>,
    Form(form): Form<SsoForm>,
) -> Result<Response, Failure> {
    let changes = users::UserChanges {
        sso_only: Some(form.hanya_sso == "ya"),
        ..users::UserChanges::default()
    };
    users::update_user(&state, &ctx.caller, id, &changes)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other("/pengguna?pesan=masuk-diubah"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_hands_out_a_role_above_their_own() {
        assert_eq!(assignable(Role::Superadmin).len(), Role::ALL.len());
        assert!(!assignable(Role::AdminProvinsi).contains(&Role::Superadmin));
        assert!(assignable(Role::AdminProvinsi).contains(&Role::AdminProvinsi));
        let admin = assignable(Role::AdminInstansi);
        assert!(!admin.contains(&Role::AdminProvinsi) && !admin.contains(&Role::Superadmin));
        assert!(admin.contains(&Role::OperatorOpd));
        assert!(assignable(Role::Koordinator).is_empty());
        assert!(assignable(Role::OperatorOpd).is_empty());
    }
}
