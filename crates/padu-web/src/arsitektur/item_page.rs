//! One architecture item: its page (`/arsitektur/item/{id}`: fields, links, workflow buttons),
//! and the posts behind its buttons (the form: `form_page`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::arsitektur::items::{self, ItemInput, ItemView};
use padu_app::arsitektur::{target, workflow};
use padu_app::kit::i18n::Tr;
use padu_app::{App, AppError};
use padu_core::access::{Action, allows};
use padu_core::arsitektur::{self, Domain, Status};
use padu_store::arsitektur::{ArchitectureItem, ItemFilter};
use serde::Deserialize;

use super::form_page::{FieldRow, field_rows};
use super::pages::{domain_label, state_label, status_label, status_tag};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, parse_id, render, see_other};

pub(crate) async fn load(
    state: &App,
    ctx: &Ctx,
    raw: &str,
) -> Result<(ItemView, padu_store::Instansi), Failure> {
    let id = parse_id(raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let view = items::get(state, &ctx.caller, id).await.or_page(ctx.lang)?;
    let inst = padu_app::org::instansi_for(
        state,
        &ctx.caller,
        view.item.instansi_id,
        Action::ViewArchitecture,
    )
    .await
    .map_err(|e| Failure(e.not_found_as(padu_app::arsitektur::ITEM), ctx.lang))?;
    Ok((view, inst))
}

/// A linked (or linkable) item as the page lists it.
pub struct LinkRow {
    pub id: i64,
    pub href: String,
    pub name: String,
    pub domain: &'static str,
    pub linked: bool,
}

#[derive(Template)]
#[template(path = "arsitektur/templates/item.html")]
struct ItemPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    id: i64,
    instansi_id: i64,
    instansi_name: String,
    name: String,
    domain: &'static str,
    model: &'static str,
    opd: String,
    year: i32,
    reference: String,
    state: &'static str,
    status: &'static str,
    status_tag: &'static str,
    return_note: Option<String>,
    published: bool,
    fields: Vec<FieldRow>,
    linked: Vec<LinkRow>,
    candidates: Vec<LinkRow>,
    may_edit: bool,
    may_submit: bool,
    may_review: bool,
    may_publish: bool,
    note: String,
}

/// What a failed button leaves on the page: the problems, the status to answer with, and the
/// return note typed.
struct Shown {
    errors: FormErrors,
    status: StatusCode,
    note: String,
}

async fn item_page(
    state: &App,
    ctx: &Ctx,
    view: ItemView,
    inst: padu_store::Instansi,
    shown: Shown,
    pesan: Option<&str>,
) -> Result<Response, Failure> {
    let Shown {
        errors,
        status,
        note,
    } = shown;
    let tr = ctx.tr;
    let item: &ArchitectureItem = &view.item;
    let actor = ctx.caller.actor();
    let place = target(&inst, item);
    let may_edit = allows(&actor, Action::EditArchitecture, &place);
    let may_verify = allows(&actor, Action::VerifyArchitecture, &place);
    let fail = |e: padu_store::StoreError| Failure(e.into(), ctx.lang);
    let opd = state.store.opd(item.opd_id).await.map_err(fail)?;
    let linkable = arsitektur::linkable(item.domain);
    let all = if may_edit {
        state
            .store
            .architecture_items(inst.id, &ItemFilter::default())
            .await
            .map_err(fail)?
    } else {
        items::linked(state, &view).await.or_page(ctx.lang)?
    };
    let row = |i: &ArchitectureItem| LinkRow {
        id: i.id,
        href: format!("/arsitektur/item/{}", i.id),
        name: i.name.clone(),
        domain: domain_label(tr, i.domain),
        linked: view.links.contains(&i.id),
    };
    let linked: Vec<LinkRow> = all
        .iter()
        .filter(|i| view.links.contains(&i.id))
        .map(row)
        .collect();
    let candidates: Vec<LinkRow> = if may_edit {
        all.iter()
            .filter(|i| i.id != item.id && linkable.contains(&i.domain))
            .map(row)
            .collect()
    } else {
        Vec::new()
    };
    let shell = Shell::load(state, ctx, crate::arsitektur::SECTION, pesan)
        .await
        .or_page(ctx.lang)?;
    let page = ItemPage {
        tr,
        shell,
        errors,
        id: item.id,
        instansi_id: inst.id,
        instansi_name: inst.name.clone(),
        name: item.name.clone(),
        domain: domain_label(tr, item.domain),
        model: item.domain.model(),
        opd: opd.map(|o| o.name).unwrap_or_default(),
        year: item.year,
        reference: item.reference.clone().unwrap_or_default(),
        state: state_label(tr, item.state),
        status: status_label(tr, item.status),
        status_tag: status_tag(item.status),
        return_note: item
            .return_note
            .clone()
            .filter(|_| item.status == Status::Returned),
        published: item.published,
        fields: field_rows(tr, item.domain, &item.fields),
        linked,
        candidates,
        may_edit: may_edit && item.status.may_edit(),
        may_submit: may_edit && item.status.may_submit(),
        may_review: may_verify && item.status.may_review(),
        may_publish: may_verify
            && item.domain == Domain::Layanan
            && item.status == Status::Verified,
        note,
    };
    Ok(render(status, &page))
}

/// `GET /arsitektur/item/{id}`
pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<Pesan>,
) -> Result<Response, Failure> {
    let (view, inst) = load(&state, &ctx, &raw).await?;
    let shown = Shown {
        errors: FormErrors::default(),
        status: StatusCode::OK,
        note: String::new(),
    };
    item_page(&state, &ctx, view, inst, shown, q.pesan.as_deref()).await
}

/// After a button: back to the item with a banner, or its page with the problem.
async fn after(
    state: &App,
    ctx: &Ctx,
    raw: &str,
    result: Result<(), AppError>,
    pesan: &str,
    field: &str,
    note: String,
) -> Result<Response, Failure> {
    match result {
        Ok(()) => {
            let id = parse_id(raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
            Ok(see_other(&format!("/arsitektur/item/{id}?pesan={pesan}")))
        }
        Err(err) => match FormErrors::from_error(&err, field) {
            Some((status, errors)) => {
                let (view, inst) = load(state, ctx, raw).await?;
                let shown = Shown {
                    errors,
                    status,
                    note,
                };
                item_page(state, ctx, view, inst, shown, None).await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// `POST /arsitektur/item/{id}/tautan`
pub async fn links(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let to: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "to")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let result = items::set_links(&state, &ctx.caller, id, &to)
        .await
        .map(|_| ());
    after(
        &state,
        &ctx,
        &raw,
        result,
        "arsitektur-tautan",
        "to",
        String::new(),
    )
    .await
}

/// `POST /arsitektur/item/{id}/ajukan`
pub async fn submit(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let result = workflow::submit(&state, &ctx.caller, id).await.map(|_| ());
    after(
        &state,
        &ctx,
        &raw,
        result,
        "arsitektur-diajukan",
        "ajukan",
        String::new(),
    )
    .await
}

/// `POST /arsitektur/item/{id}/verifikasi`
pub async fn verify(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let result = workflow::verify(&state, &ctx.caller, id).await.map(|_| ());
    after(
        &state,
        &ctx,
        &raw,
        result,
        "arsitektur-diverifikasi",
        "verifikasi",
        String::new(),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    note: String,
}

/// `POST /arsitektur/item/{id}/kembalikan`
pub async fn return_item(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<NoteForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let result = workflow::return_item(&state, &ctx.caller, id, &form.note)
        .await
        .map(|_| ());
    after(
        &state,
        &ctx,
        &raw,
        result,
        "arsitektur-dikembalikan",
        "note",
        form.note.clone(),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublishForm {
    published: String,
}

/// `POST /arsitektur/item/{id}/terbit`
pub async fn publish(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, padu_app::arsitektur::ITEM).or_page(ctx.lang)?;
    let input = ItemInput {
        published: Some(form.published == "true"),
        ..ItemInput::default()
    };
    let result = items::update(&state, &ctx.caller, id, &input)
        .await
        .map(|_| ());
    after(
        &state,
        &ctx,
        &raw,
        result,
        "arsitektur-disimpan",
        "published",
        String::new(),
    )
    .await
}

/// `POST /arsitektur/item/{id}/hapus`
pub async fn delete(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let (view, _) = load(&state, &ctx, &raw).await?;
    match items::delete(&state, &ctx.caller, view.item.id).await {
        Ok(()) => Ok(see_other(&format!(
            "/instansi/{}/arsitektur?pesan=arsitektur-dihapus",
            view.item.instansi_id
        ))),
        Err(err) => after(&state, &ctx, &raw, Err(err), "", "hapus", String::new()).await,
    }
}
