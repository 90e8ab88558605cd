//! A user's Satu Data role: `PUT /api/v1/users/{id}/satu-data-role` and the form at
//! `/pengguna/{id}/satu-data`, both through `padu_app::satu_data::set_data_role`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Form, Json};
use padu_core::access::DataRole;
use padu_store::{Opd, User};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiJson, ApiPath};
use crate::kit::form::FormErrors;
use crate::kit::layout::{
    Ctx, Failure, OrPage, Shell, data_role_label, parse_id, render, role_label, see_other,
};
use crate::users::api::UserItem;
use padu_app::App;
use padu_app::kit::i18n::Tr;
use padu_app::satu_data::{self, DataRoleInput};

/// A Satu Data grant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DataRoleBody {
    /// `walidata`, `walidata_pendukung` or `produsen_data`; `null` withdraws the grant.
    pub role: Option<String>,
    /// The OPD whose data a `produsen_data` produces (in the user's instansi); left out for
    /// the walidata roles.
    pub opd: Option<i64>,
}

/// Grants, replaces or withdraws a user's Satu Data role (beside the SPBE role, in the user's
/// instansi). Whoever may manage the user's account may; every change is audited.
#[utoipa::path(
    put, path = "/api/v1/users/{id}/satu-data-role", tag = "satu-data",
    params(("id" = i64, Path, description = "Id pengguna")),
    request_body = DataRoleBody,
    responses(
        (status = 200, body = UserItem),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn put_data_role(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<DataRoleBody>,
) -> Result<Json<UserItem>, ApiError> {
    let input = DataRoleInput {
        role: body.role,
        opd: body.opd,
    };
    Ok(Json(
        satu_data::set_data_role(&state, &caller, id, &input)
            .await?
            .into(),
    ))
}

#[derive(Debug, Clone)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "satu_data/templates/peran.html")]
struct RolePage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    id: i64,
    username: String,
    name: String,
    spbe_role: &'static str,
    roles: Vec<Choice>,
    opds: Vec<Choice>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    opd: String,
}

pub async fn form(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Pengguna").or_page(ctx.lang)?;
    let (user, opds) = satu_data::grant_form(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    let chosen = RoleForm {
        role: user
            .data
            .map(|g| g.role.code().to_string())
            .unwrap_or_default(),
        opd: user
            .data
            .and_then(|g| g.opd)
            .map(|o| o.to_string())
            .unwrap_or_default(),
    };
    page(
        &state,
        &ctx,
        &user,
        &opds,
        &chosen,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn page(
    state: &App,
    ctx: &Ctx,
    user: &User,
    opds: &[Opd],
    chosen: &RoleForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let shell = Shell::load(state, ctx, crate::users::USERS, None)
        .await
        .or_page(ctx.lang)?;
    let page = RolePage {
        tr: ctx.tr,
        shell,
        errors,
        id: user.id,
        username: user.username.clone(),
        name: user.display_name.clone(),
        spbe_role: role_label(user.role, ctx.lang),
        roles: DataRole::ALL
            .into_iter()
            .map(|r| Choice {
                value: r.code().to_string(),
                label: data_role_label(r, ctx.lang).to_string(),
                selected: r.code() == chosen.role,
            })
            .collect(),
        opds: opds
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
                selected: o.id.to_string() == chosen.opd,
            })
            .collect(),
    };
    Ok(render(status, &page))
}

pub async fn save(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<RoleForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Pengguna").or_page(ctx.lang)?;
    let input = DataRoleInput {
        role: Some(form.role.clone()),
        opd: form.opd.trim().parse().ok(),
    };
    let err = match satu_data::set_data_role(&state, &ctx.caller, id, &input).await {
        Ok(_) => return Ok(see_other("/pengguna?pesan=peran-satu-data-disimpan")),
        Err(err) => err,
    };
    let Some((status, errors)) = FormErrors::from_error(&err, "role") else {
        return Err(Failure(err, ctx.lang));
    };
    let (user, opds) = satu_data::grant_form(&state, &ctx.caller, id)
        .await
        .or_page(ctx.lang)?;
    page(&state, &ctx, &user, &opds, &form, errors, status).await
}
