//! The audit log: filters (who, what, when) and 50 entries a page, newest first. The filter form
//! works as a plain GET form; with htmx only the results are swapped.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_store::{AuditEntry, AuditFilter};
use serde::Deserialize;

use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, render};
use crate::kit::page::encode_query;
use padu_app::App;
use padu_app::kit::format::{date_time, number};
use padu_app::kit::i18n::Tr;

use padu_app::audit::PAGE_SIZE;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    aktor: String,
    aksi: String,
    dari: String,
    sampai: String,
    halaman: String,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub when: String,
    pub actor: String,
    pub action: String,
    pub code: String,
    pub entity: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: &'static str,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "audit/templates/audit.html")]
struct AuditPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    aktor: String,
    actions: Vec<Choice>,
    dari: String,
    sampai: String,
    rows: Vec<Row>,
    page: String,
    previous: Option<String>,
    next: Option<String>,
}

/// The action prefixes offered in the filter, with their names.
fn action_choices(tr: Tr, selected: &str) -> Vec<Choice> {
    let mut list = vec![
        ("", tr.t("audit.aksi_semua")),
        ("auth.", tr.t("audit.aksi_auth")),
        ("instansi.", tr.t("audit.aksi_instansi")),
        ("opd.", tr.t("audit.aksi_opd")),
        ("user.", tr.t("audit.aksi_user")),
    ];
    if !list.iter().any(|(v, _)| *v == selected) {
        list.push((selected, tr.t("audit.aksi_lain")));
    }
    list.into_iter()
        .map(|(value, label)| Choice {
            value: value.to_string(),
            label,
            selected: value == selected,
        })
        .collect()
}

/// What an action code means, in words (the code itself for ones not named yet).
fn action_label(tr: Tr, code: &str) -> String {
    match code {
        "auth.login" => tr.t("aksi.auth_login"),
        "auth.login_sso" => tr.t("aksi.auth_login_sso"),
        "auth.logout" => tr.t("aksi.auth_logout"),
        "auth.token" => tr.t("aksi.auth_token"),
        "instansi.create" => tr.t("aksi.instansi_create"),
        "opd.create" => tr.t("aksi.opd_create"),
        "opd.update" => tr.t("aksi.opd_update"),
        "user.create" => tr.t("aksi.user_create"),
        "user.password" => tr.t("aksi.user_password"),
        "user.email" => tr.t("email.aksi_audit"),
        other => return other.to_string(),
    }
    .to_string()
}

fn entity_label(tr: Tr, entity: &str, id: Option<&str>) -> String {
    let name = match entity {
        "opd" => tr.t("entitas.opd"),
        "user" => tr.t("entitas.user"),
        "instansi" => tr.t("entitas.instansi"),
        "api_token" => tr.t("entitas.api_token"),
        other => other,
    };
    match id {
        Some(id) => format!("{name} #{id}"),
        None => name.to_string(),
    }
}

/// JSON laid out for reading; anything else as it is.
fn pretty(value: Option<String>) -> Option<String> {
    value.map(|v| {
        serde_json::from_str::<serde_json::Value>(&v)
            .ok()
            .and_then(|j| serde_json::to_string_pretty(&j).ok())
            .unwrap_or(v)
    })
}

fn row(tr: Tr, zones: &HashMap<i64, String>, e: AuditEntry) -> Row {
    let zone = e
        .instansi_id
        .and_then(|i| zones.get(&i))
        .map_or("WIB", String::as_str);
    Row {
        when: date_time(e.at_ms, zone, tr.lang),
        action: action_label(tr, &e.action),
        entity: entity_label(tr, &e.entity, e.entity_id.as_deref()),
        actor: e.actor_name,
        code: e.action,
        before: pretty(e.before),
        after: pretty(e.after),
    }
}

fn link(q: &AuditQuery, page: u64) -> String {
    format!(
        "/audit?aktor={}&aksi={}&dari={}&sampai={}&halaman={page}",
        encode_query(q.aktor.trim()),
        encode_query(&q.aksi),
        encode_query(&q.dari),
        encode_query(&q.sampai),
    )
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let all = padu_app::org::all_instansi(&state)
        .await
        .or_page(ctx.lang)?;
    let zones: HashMap<i64, String> = all.into_iter().map(|i| (i.id, i.timezone)).collect();
    // Dates typed in the filter are days in the caller's own zone.
    let own_zone = ctx
        .caller
        .user
        .instansi_id
        .and_then(|i| zones.get(&i))
        .map_or("WIB", String::as_str);

    let mut errors = FormErrors::default();
    let (from_ms, to_ms, wrong) =
        padu_app::audit::day_bounds(own_zone, (&q.dari, &q.sampai), ("dari", "sampai"));
    for e in wrong {
        errors.push(&e.field, tr.t("audit.tanggal_salah"));
    }
    let page = q
        .halaman
        .trim()
        .parse::<u64>()
        .unwrap_or(1)
        .clamp(1, 100_000);
    let filter = AuditFilter {
        instansi_ids: None,
        actor: Some(q.aktor.trim().to_string()).filter(|a| !a.is_empty()),
        action: Some(q.aksi.trim().to_string()).filter(|a| !a.is_empty()),
        entity: None,
        from_ms,
        to_ms,
    };
    // One more than a page tells whether there is a next one.
    let mut entries = padu_app::audit::visible_audit(
        &state,
        &ctx.caller,
        filter,
        PAGE_SIZE + 1,
        (page - 1) * PAGE_SIZE,
    )
    .await
    .or_page(ctx.lang)?;
    let has_next = entries.len() as u64 > PAGE_SIZE;
    entries.truncate(PAGE_SIZE as usize);

    let shell = Shell::load(&state, &ctx, crate::audit::AUDIT, None)
        .await
        .or_page(ctx.lang)?;
    let view = AuditPage {
        tr,
        shell,
        errors,
        aktor: q.aktor.clone(),
        actions: action_choices(tr, q.aksi.trim()),
        dari: q.dari.clone(),
        sampai: q.sampai.clone(),
        rows: entries.into_iter().map(|e| row(tr, &zones, e)).collect(),
        page: number(page as usize, ctx.lang),
        previous: (page > 1).then(|| link(&q, page - 1)),
        next: has_next.then(|| link(&q, page + 1)),
    };
    // A filter is a search, not a submission: its mistakes are shown on a normal page (and htmx
    // swaps only successful answers).
    Ok(render(StatusCode::OK, &view))
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_app::kit::i18n::Lang;

    #[test]
    fn actions_and_entities_are_named() {
        let tr = Tr::new(Lang::Id);
        assert_eq!(action_label(tr, "opd.create"), "OPD ditambahkan");
        assert_eq!(action_label(tr, "assessment.submit"), "assessment.submit");
        assert_eq!(entity_label(tr, "opd", Some("3")), "OPD #3");
        let choices = action_choices(tr, "periode.");
        assert!(choices.iter().any(|c| c.value == "periode." && c.selected));
    }

    #[test]
    fn json_is_laid_out_for_reading() {
        assert_eq!(
            pretty(Some("{\"a\":1}".into())).as_deref(),
            Some("{\n  \"a\": 1\n}")
        );
        assert_eq!(pretty(Some("teks".into())).as_deref(), Some("teks"));
        assert_eq!(pretty(None), None);
    }
}
