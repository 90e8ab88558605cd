//! The signed-in user's notifications (indicators submitted, returned or accepted) and the stage
//! deadlines of their instansi's open periods in the coming week (computed on each visit, never
//! stored). E-mail is sent elsewhere.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::kit::layout::{Ctx, Failure, OrPage, Pesan, Shell, local_path, render, see_other};
use padu_app::evaluation::dashboard::{DEADLINE_DAYS, deadlines, today_in};
use padu_app::evaluation::texts::deadline_text;
use padu_app::evaluation::texts::period_name;
use padu_app::kit::format::{date_time, number};
use padu_app::kit::i18n::Tr;
use padu_app::{App, notifications};

/// How many notifications the page lists (the newest).
const LIMIT: u64 = 100;

#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub message: String,
    pub when: String,
    pub href: Option<String>,
    pub unread: bool,
    pub kind: Option<&'static str>,
    /// The period the notification is about ("Evaluasi 2026"), when its link names one.
    pub period: Option<String>,
}

#[derive(Template)]
#[template(path = "notifications/templates/notifikasi.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    rows: Vec<NotificationRow>,
    unread: Option<String>,
    deadlines: Vec<String>,
    deadlines_title: String,
}

/// The period id of a link like `/periode/12/indikator/3`.
fn period_of(link: &str) -> Option<i64> {
    link.strip_prefix("/periode/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// The label of a notification kind, when it is one the page knows.
fn kind_label(tr: Tr, kind: &str) -> Option<&'static str> {
    Some(match kind {
        "diajukan" => tr.t("notifikasi.jenis_diajukan"),
        "dikembalikan" => tr.t("notifikasi.jenis_dikembalikan"),
        "diterima" => tr.t("notifikasi.jenis_diterima"),
        "tenggat" => tr.t("notifikasi.jenis_tenggat"),
        _ => return None,
    })
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Query(query): Query<Pesan>,
) -> Result<Response, Failure> {
    let _user = &ctx.caller.user;
    let items = notifications::list(&state, &ctx.caller, LIMIT)
        .await
        .or_page(ctx.lang)?;
    let own = padu_app::org::own_instansi(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let zone = own.as_ref().map_or("WIB", |i| i.timezone.as_str());
    let periods = padu_app::evaluation::own_periods(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let soon = deadlines(&periods, today_in(zone));
    let shell = Shell::load(
        &state,
        &ctx,
        crate::notifications::NOTIFICATIONS,
        query.pesan.as_deref(),
    )
    .await
    .or_page(ctx.lang)?;
    let tr = ctx.tr;
    let unread = items.iter().filter(|n| !n.read).count();
    let rows = items
        .into_iter()
        .map(|n| NotificationRow {
            when: date_time(n.created_at_ms, zone, ctx.lang),
            href: local_path(&n.link).map(str::to_string),
            unread: !n.read,
            kind: kind_label(tr, &n.kind),
            period: period_of(&n.link)
                .and_then(|id| periods.iter().find(|p| p.id == id))
                .map(|p| period_name(tr, p.kind, p.year)),
            message: n.message,
        })
        .collect();
    let page = ListPage {
        tr,
        shell,
        rows,
        unread: (unread > 0).then(|| {
            tr.t("notifikasi.jumlah_belum")
                .replace("{n}", &number(unread, ctx.lang))
        }),
        deadlines: soon.iter().map(|d| deadline_text(tr, d)).collect(),
        deadlines_title: tr
            .t("notifikasi.tenggat_judul")
            .replace("{n}", &DEADLINE_DAYS.to_string()),
    };
    Ok(render(StatusCode::OK, &page))
}

/// Marks every notification of the user read.
pub async fn mark_read(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    notifications::mark_all_read(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    Ok(see_other("/notifikasi?pesan=notifikasi-dibaca"))
}

#[cfg(test)]
mod tests {
    use super::period_of;

    #[test]
    fn links_name_their_period() {
        assert_eq!(period_of("/periode/12/indikator/3"), Some(12));
        assert_eq!(period_of("/periode/7"), Some(7));
        assert_eq!(period_of("/notifikasi"), None);
        assert_eq!(period_of("/periode/x/indikator/3"), None);
    }
}
