//! The OPDs of an instansi: the list (an operator sees only their own), adding and changing one.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, allows};
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};
use padu_app::App;
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;
use padu_app::org::OpdInput;

#[derive(Debug, Clone)]
pub struct OpdRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct KindOption {
    pub code: String,
    pub name: String,
    pub selected: bool,
}

/// The OPD kinds of the catalogue as select options, `selected` marked.
fn kind_options(state: &App, selected: &str) -> Vec<KindOption> {
    state
        .catalog
        .opd_kinds()
        .iter()
        .map(|k| KindOption {
            code: k.code.clone(),
            name: k.name.clone(),
            selected: k.code == selected,
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewOpdForm {
    name: String,
    kind: String,
}

#[derive(Template)]
#[template(path = "org/templates/opd_daftar.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    instansi_id: i64,
    instansi_name: String,
    rows: Vec<OpdRow>,
    /// How many rows, written out.
    count: String,
    may_manage: bool,
    errors: FormErrors,
    name: String,
    kind_missing: bool,
    kinds: Vec<KindOption>,
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(query): Query<Pesan>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let form = NewOpdForm::default();
    let errors = FormErrors::default();
    let pesan = query.pesan.as_deref();
    list_page(&state, &ctx, id, pesan, &form, errors, StatusCode::OK).await
}

async fn list_page(
    state: &App,
    ctx: &Ctx,
    id: i64,
    pesan: Option<&str>,
    form: &NewOpdForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let inst = padu_app::org::instansi_for(state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let opds = padu_app::org::visible_opds(state, &ctx.caller, inst.id)
        .await
        .or_page(ctx.lang)?;
    let section = if ctx.caller.user.instansi_id == Some(inst.id) {
        crate::org::OPD
    } else {
        crate::org::HOME
    };
    let shell = Shell::load(state, ctx, section, pesan)
        .await
        .or_page(ctx.lang)?;
    let count = number(opds.len(), ctx.lang);
    let rows = opds
        .into_iter()
        .map(|o| OpdRow {
            id: o.id,
            kind: state
                .catalog
                .opd_kind(&o.kind)
                .map_or_else(|| o.kind.clone(), |k| k.name.clone()),
            name: o.name,
            active: o.active,
        })
        .collect();
    let page = ListPage {
        tr: ctx.tr,
        shell,
        instansi_id: inst.id,
        may_manage: allows(&ctx.caller.actor(), Action::ManageOpd, &inst.target()),
        instansi_name: inst.name,
        rows,
        count,
        errors,
        name: form.name.clone(),
        kind_missing: form.kind.is_empty(),
        kinds: kind_options(state, &form.kind),
    };
    Ok(render(status, &page))
}

pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<NewOpdForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let input = OpdInput {
        name: Some(form.name.clone()),
        kind: Some(form.kind.trim().to_string()).filter(|k| !k.is_empty()),
        active: None,
    };
    match padu_app::org::create_opd(&state, &ctx.caller, id, &input).await {
        Ok(_) => Ok(see_other(&format!("/instansi/{id}/opd?pesan=opd-ditambah"))),
        Err(err) => match FormErrors::from_error(&err, "name") {
            Some((status, errors)) => {
                list_page(&state, &ctx, id, None, &form, errors, status).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditOpdForm {
    name: String,
    kind: String,
    /// A checkbox: present when ticked.
    active: Option<String>,
}

#[derive(Template)]
#[template(path = "org/templates/opd_ubah.html")]
struct EditPage {
    tr: Tr,
    shell: Shell,
    opd_id: i64,
    instansi_id: i64,
    errors: FormErrors,
    name: String,
    active: bool,
    kinds: Vec<KindOption>,
}

pub async fn edit(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "OPD").or_page(ctx.lang)?;
    let opd = padu_app::org::opd_for(&state, &ctx.caller, id, Action::ManageOpd)
        .await
        .or_page(ctx.lang)?;
    let form = EditOpdForm {
        name: opd.name,
        kind: opd.kind,
        active: opd.active.then(String::new),
    };
    edit_page(
        &state,
        &ctx,
        id,
        opd.instansi_id,
        &form,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn edit_page(
    state: &App,
    ctx: &Ctx,
    opd_id: i64,
    instansi_id: i64,
    form: &EditOpdForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let section = if ctx.caller.user.instansi_id == Some(instansi_id) {
        crate::org::OPD
    } else {
        crate::org::HOME
    };
    let shell = Shell::load(state, ctx, section, None)
        .await
        .or_page(ctx.lang)?;
    let page = EditPage {
        tr: ctx.tr,
        shell,
        opd_id,
        instansi_id,
        errors,
        name: form.name.clone(),
        active: form.active.is_some(),
        kinds: kind_options(state, &form.kind),
    };
    Ok(render(status, &page))
}

pub async fn update(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<EditOpdForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "OPD").or_page(ctx.lang)?;
    let opd = padu_app::org::opd_for(&state, &ctx.caller, id, Action::ManageOpd)
        .await
        .or_page(ctx.lang)?;
    let input = OpdInput {
        name: Some(form.name.clone()),
        kind: Some(form.kind.trim().to_string()).filter(|k| !k.is_empty()),
        active: Some(form.active.is_some()),
    };
    match padu_app::org::update_opd(&state, &ctx.caller, id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/instansi/{}/opd?pesan=opd-diubah",
            opd.instansi_id
        ))),
        Err(err) => match FormErrors::from_error(&err, "name") {
            Some((status, errors)) => {
                edit_page(&state, &ctx, id, opd.instansi_id, &form, errors, status).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
