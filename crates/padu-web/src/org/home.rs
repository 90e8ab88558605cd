//! The page of one instansi, and the names of instansi kinds.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, InstansiKind, allows};

use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render};
use padu_app::App;
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;

/// The kind of an instansi in the page's language.
pub fn kind_label(tr: Tr, kind: InstansiKind) -> &'static str {
    match kind {
        InstansiKind::Nasional => tr.t("jenis_instansi.nasional"),
        InstansiKind::Provinsi => tr.t("jenis_instansi.provinsi"),
        InstansiKind::Kabupaten => tr.t("jenis_instansi.kabupaten"),
        InstansiKind::Kota => tr.t("jenis_instansi.kota"),
    }
}

#[derive(Template)]
#[template(path = "org/templates/instansi.html")]
struct InstansiPage {
    tr: Tr,
    shell: Shell,
    id: i64,
    name: String,
    kind: &'static str,
    timezone: String,
    opd_count: String,
    may_view_users: bool,
}

pub async fn instansi(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let inst = padu_app::org::instansi_for(&state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let opds = padu_app::org::visible_opds(&state, &ctx.caller, inst.id)
        .await
        .or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, crate::org::HOME, None)
        .await
        .or_page(ctx.lang)?;
    let page = InstansiPage {
        tr: ctx.tr,
        shell,
        id: inst.id,
        may_view_users: allows(&ctx.caller.actor(), Action::ViewUsers, &inst.target()),
        kind: kind_label(ctx.tr, inst.kind),
        name: inst.name,
        timezone: inst.timezone,
        opd_count: number(opds.len(), ctx.lang),
    };
    Ok(render(StatusCode::OK, &page))
}
