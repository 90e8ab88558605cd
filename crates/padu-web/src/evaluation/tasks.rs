//! The task list of a period (GOV.UK "task list"): an operator sees the indicators their OPD
//! leads and, apart, those it contributes to; everyone else sees every indicator grouped by its
//! lead OPD, with a filter by OPD and status.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::access::{Action, Role, allows};
use padu_core::evaluation::Status;
use padu_store::evaluation::PeriodIndicator;
use serde::Deserialize;

use crate::evaluation::indicator::{
    Opt, PeriodHead, Tag, opd_names, period_head, status_tag, value_text,
};
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render};
use padu_app::App;
use padu_app::evaluation::{self as service, PeriodContext};
use padu_app::kit::format::number;
use padu_app::kit::i18n::Tr;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TaskQuery {
    /// An OPD id, `tanpa` (no lead OPD yet) or empty (all).
    opd: String,
    /// `draft`, `submitted`, `returned`, `accepted`, `tinjau` or empty (all).
    status: String,
}

pub struct TaskItem {
    pub category: &'static str,
    pub number: u16,
    pub name: String,
    pub href: String,
    pub tag: Tag,
    pub claimed: Option<String>,
    pub evidence: String,
    /// Scored from an external index (no claim, no evidence).
    pub external: bool,
}

pub struct TaskGroup {
    pub id: String,
    pub title: String,
    pub items: Vec<TaskItem>,
}

pub struct Filter {
    pub opds: Vec<Opt>,
    pub statuses: Vec<Opt>,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "evaluation/templates/tugas.html")]
struct TaskPage {
    tr: Tr,
    shell: Shell,
    period: PeriodHead,
    /// The operator's OPD (the page then shows only its indicators).
    own_opd: Option<String>,
    groups: Vec<TaskGroup>,
    filter: Option<Filter>,
    /// "20 indikator", then "3 Diterima", ... for what is shown.
    total: String,
    counts: Vec<(Tag, String)>,
    may_manage: bool,
}

/// The category an indicator is shown (and filtered) as: its status, or "to review".
fn category(pi: &PeriodIndicator) -> &'static str {
    if pi.to_review {
        "tinjau"
    } else {
        pi.status.code()
    }
}

fn item(tr: Tr, ctx: &PeriodContext, pi: &PeriodIndicator) -> TaskItem {
    let indicator = ctx.instrument.indicator(pi.number);
    let name = indicator.map_or_else(String::new, |i| i.name.clone());
    TaskItem {
        category: category(pi),
        number: pi.number,
        name,
        href: format!("/periode/{}/indikator/{}", ctx.period.id, pi.number),
        tag: status_tag(tr, pi.status, pi.to_review),
        claimed: pi.self_value.map(|v| value_text(ctx, v, tr.lang)),
        evidence: number(pi.evidence_count as usize, tr.lang),
        external: indicator.is_some_and(padu_core::instrument::Indicator::is_external),
    }
}

/// The status filter's choices, in the order of the workflow.
fn status_options(tr: Tr, chosen: &str) -> Vec<Opt> {
    let mut options = vec![Opt {
        value: String::new(),
        label: tr.t("tugas.semua_status").to_string(),
        selected: chosen.is_empty(),
    }];
    for s in Status::ALL {
        options.push(Opt {
            value: s.code().to_string(),
            label: status_tag(tr, s, false).label.to_string(),
            selected: chosen == s.code(),
        });
    }
    options.push(Opt {
        value: "tinjau".into(),
        label: status_tag(tr, Status::Draft, true).label.to_string(),
        selected: chosen == "tinjau",
    });
    options
}

pub async fn list(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<TaskQuery>,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let id = parse_id(&raw, "Periode").or_page(ctx.lang)?;
    let pctx = service::period_for(&state, &ctx.caller, id, Action::ViewInstansi)
        .await
        .or_page(ctx.lang)?;
    let indicators = service::indicators(&state, &pctx).await.or_page(ctx.lang)?;
    let mut opds = service::opds(&state, &pctx).await.or_page(ctx.lang)?;
    opds.sort_by(|a, b| a.name.cmp(&b.name));
    let names = opd_names(&opds);
    let user = &ctx.caller.user;

    let (own_opd, groups, filter) = match (user.role, user.opd_id) {
        (Role::OperatorOpd, Some(own)) => {
            let lead: Vec<TaskItem> = indicators
                .iter()
                .filter(|pi| pi.lead_opd == Some(own))
                .map(|pi| item(tr, &pctx, pi))
                .collect();
            let helps: Vec<TaskItem> = indicators
                .iter()
                .filter(|pi| pi.lead_opd != Some(own) && pi.contributors.contains(&own))
                .map(|pi| item(tr, &pctx, pi))
                .collect();
            let groups = vec![
                TaskGroup {
                    id: "dipimpin".into(),
                    title: tr.t("tugas.dipimpin").to_string(),
                    items: lead,
                },
                TaskGroup {
                    id: "didukung".into(),
                    title: tr.t("tugas.didukung").to_string(),
                    items: helps,
                },
            ];
            (names.get(&own).cloned(), groups, None)
        }
        _ => {
            let wanted_opd = q.opd.trim();
            let wanted_status = q.status.trim();
            let shown: Vec<&PeriodIndicator> = indicators
                .iter()
                .filter(|pi| match wanted_opd {
                    "" => true,
                    "tanpa" => pi.lead_opd.is_none(),
                    o => pi.lead_opd.is_some_and(|l| l.to_string() == o),
                })
                .filter(|pi| wanted_status.is_empty() || category(pi) == wanted_status)
                .collect();
            let mut groups: Vec<TaskGroup> = opds
                .iter()
                .filter_map(|o| {
                    let items: Vec<TaskItem> = shown
                        .iter()
                        .filter(|pi| pi.lead_opd == Some(o.id))
                        .map(|pi| item(tr, &pctx, pi))
                        .collect();
                    (!items.is_empty()).then(|| TaskGroup {
                        id: format!("opd-{}", o.id),
                        title: o.name.clone(),
                        items,
                    })
                })
                .collect();
            let unassigned: Vec<TaskItem> = shown
                .iter()
                .filter(|pi| pi.lead_opd.is_none_or(|l| !names.contains_key(&l)))
                .map(|pi| item(tr, &pctx, pi))
                .collect();
            if !unassigned.is_empty() {
                groups.push(TaskGroup {
                    id: "tanpa-opd".into(),
                    title: tr.t("tugas.belum_ditugaskan").to_string(),
                    items: unassigned,
                });
            }
            let mut opd_options = vec![Opt {
                value: String::new(),
                label: tr.t("tugas.semua_opd").to_string(),
                selected: wanted_opd.is_empty(),
            }];
            opd_options.extend(opds.iter().map(|o| Opt {
                value: o.id.to_string(),
                label: o.name.clone(),
                selected: wanted_opd == o.id.to_string(),
            }));
            opd_options.push(Opt {
                value: "tanpa".into(),
                label: tr.t("tugas.belum_ditugaskan").to_string(),
                selected: wanted_opd == "tanpa",
            });
            let filter = Filter {
                opds: opd_options,
                statuses: status_options(tr, wanted_status),
                active: !wanted_opd.is_empty() || !wanted_status.is_empty(),
            };
            (None, groups, Some(filter))
        }
    };

    let shown: Vec<&TaskItem> = groups.iter().flat_map(|g| g.items.iter()).collect();
    let counts: Vec<(Tag, String)> = ["tinjau", "draft", "returned", "submitted", "accepted"]
        .into_iter()
        .filter_map(|c| {
            let items: Vec<&&TaskItem> = shown.iter().filter(|i| i.category == c).collect();
            items
                .first()
                .map(|first| (first.tag, number(items.len(), ctx.lang)))
        })
        .collect();
    let total = format!(
        "{} {}",
        number(shown.len(), ctx.lang),
        tr.t("tugas.indikator")
    );
    let shell = Shell::load(&state, &ctx, crate::evaluation::PERIODS, None)
        .await
        .or_page(ctx.lang)?;
    let page = TaskPage {
        tr,
        shell,
        may_manage: allows(
            &ctx.caller.actor(),
            Action::ManagePeriod,
            &pctx.instansi.target(),
        ),
        period: period_head(tr, &pctx),
        own_opd,
        groups,
        filter,
        total,
        counts,
    };
    Ok(render(StatusCode::OK, &page))
}
