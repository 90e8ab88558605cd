//! The home page (beranda) and the overview of one instansi.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, InstansiKind, Role, allows};
use padu_store::Instansi;

use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render, role_label};
use padu_app::App;
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;

/// One instansi in the table of a province or superadmin.
#[derive(Debug, Clone)]
pub struct InstansiRow {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub timezone: String,
}

/// The summary card of the user's own instansi.
#[derive(Debug, Clone)]
pub struct InstansiCard {
    pub id: i64,
    pub name: String,
    pub opd_count: String,
}

#[derive(Template)]
#[template(path = "org/templates/beranda.html")]
struct HomePage {
    tr: Tr,
    shell: Shell,
    name: String,
    role: &'static str,
    instansi_name: Option<String>,
    /// For admin_provinsi and superadmin.
    table: Option<Vec<InstansiRow>>,
    /// For everyone else.
    card: Option<InstansiCard>,
    /// The ranking the user may see: national for the superadmin, the province's for its
    /// administrator.
    ranking_href: Option<String>,
}

/// The kind of an instansi in the page's language.
pub fn kind_label(tr: Tr, kind: InstansiKind) -> &'static str {
    match kind {
        InstansiKind::Nasional => tr.t("jenis_instansi.nasional"),
        InstansiKind::Provinsi => tr.t("jenis_instansi.provinsi"),
        InstansiKind::Kabupaten => tr.t("jenis_instansi.kabupaten"),
        InstansiKind::Kota => tr.t("jenis_instansi.kota"),
    }
}

fn row(tr: Tr, i: Instansi) -> InstansiRow {
    InstansiRow {
        id: i.id,
        kind: kind_label(tr, i.kind),
        name: i.name,
        timezone: i.timezone,
    }
}

pub async fn home(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let user = &ctx.caller.user;
    let shell = Shell::load(&state, &ctx, crate::org::HOME, None)
        .await
        .or_page(ctx.lang)?;
    let own = padu_app::org::own_instansi(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let (mut table, mut card) = (None, None);
    if matches!(user.role, Role::AdminProvinsi | Role::Superadmin) {
        let list = padu_app::org::visible_instansi(&state, &ctx.caller)
            .await
            .or_page(ctx.lang)?;
        table = Some(list.into_iter().map(|i| row(ctx.tr, i)).collect());
    } else if let Some(inst) = &own {
        let opds = padu_app::org::visible_opds(&state, &ctx.caller, inst.id)
            .await
            .or_page(ctx.lang)?;
        card = Some(InstansiCard {
            id: inst.id,
            name: inst.name.clone(),
            opd_count: number(opds.len(), ctx.lang),
        });
    }
    let ranking_href = match (user.role, &own) {
        (Role::Superadmin, _) => Some("/peringkat".to_string()),
        (Role::AdminProvinsi, Some(p)) if p.kind == InstansiKind::Provinsi => {
            Some(format!("/instansi/{}/peringkat", p.id))
        }
        _ => None,
    };
    let page = HomePage {
        tr: ctx.tr,
        shell,
        ranking_href,
        name: user.display_name.clone(),
        role: role_label(user.role, ctx.lang),
        instansi_name: own.map(|i| i.name),
        table,
        card,
    };
    Ok(render(StatusCode::OK, &page))
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
