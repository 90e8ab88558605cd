//! The indicator work page: the view model the template renders, built from what `load`
//! fetched, and its GET handler.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_core::Value;
use padu_core::peta_rencana::ItemStatus;

use super::levels::{self, Gap, LevelView, Rung, label_of};
use super::load::{Loaded, Rights, Typed, load};
use super::{
    NoticeQuery, Opt, PeriodHead, Tag, decimal_separator, opd_names, path_ids, period_head,
    size_text, status_tag, value_text,
};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, render};
use padu_app::App;
use padu_app::AppError;
use padu_app::evaluation::PeriodContext;
use padu_app::evaluation::evidence::SEARCH_SHOWN;
use padu_app::kit::format::date_text;
use padu_app::kit::format::{date_time, number as number_text};
use padu_app::kit::i18n::{Lang, Tr};

pub struct CommentView {
    pub author: String,
    pub when: String,
    pub kind: Option<Tag>,
    pub body: String,
}

pub struct ExternalView {
    pub index: String,
    pub value: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
}

#[derive(Template)]
#[template(path = "evaluation/templates/indikator.html")]
pub struct IndicatorPage {
    pub tr: Tr,
    pub shell: Shell,
    pub notice: Option<String>,
    pub errors: FormErrors,
    pub period: PeriodHead,
    pub number: u16,
    pub name: String,
    pub aspect: String,
    pub domain: Option<String>,
    pub weight: String,
    pub scale: String,
    pub lead: Option<String>,
    pub contributors: Vec<String>,
    pub tag: Tag,
    pub to_review: bool,
    pub claimed: Option<String>,
    pub accepted: Option<String>,
    pub final_value: Option<String>,
    pub external: Option<ExternalView>,
    pub proof: Option<String>,
    pub fakta_saved: String,
    pub analisis_saved: String,
    pub rights: Rights,
    pub decimal: bool,
    pub level_hint: String,
    pub level_options: Vec<Opt>,
    pub self_level: String,
    pub fakta: String,
    pub analisis: String,
    pub claimed_level: u32,
    pub claimed_label: String,
    pub proven: String,
    pub ladder: Vec<Rung>,
    pub gaps: Vec<Gap>,
    pub levels: Vec<LevelView>,
    pub reusable: Vec<Opt>,
    /// What the reusable evidence was searched for.
    pub reusable_search: String,
    /// "Showing the 100 newest ..." when more match.
    pub reusable_more: Option<String>,
    pub evidence_levels: Vec<Opt>,
    pub link_level: String,
    pub upload_level: String,
    pub effective_date: String,
    pub expiry_date: String,
    pub return_note: String,
    pub accept_level: String,
    pub accept_note: String,
    pub final_level: String,
    pub final_note: String,
    pub ext_value: String,
    pub ext_source: String,
    pub ext_date: String,
    pub comments: Vec<CommentView>,
    pub comment_body: String,
    /// The caller may not read this indicator's work: the page shows only its summary.
    pub restricted: bool,
    /// The Peta Rencana's items that raise it: (link, title, OPD, readiness, status, tag).
    pub roadmap: Vec<RoadmapLine>,
}

/// A Peta Rencana item aimed at the indicator, with its readiness for the level it targets.
pub struct RoadmapLine {
    pub href: String,
    pub title: String,
    pub opd: String,
    /// "Siap untuk tingkat 4" once done, else "Menuju tingkat 4".
    pub readiness: String,
    pub status: &'static str,
    pub done: bool,
}

/// The text of a value typed or stored (`None`: empty).
fn shown(ctx: &PeriodContext, value: Option<Value>, lang: Lang) -> Option<String> {
    value.map(|v| value_text(ctx, v, lang))
}

/// Options for a whole level on the instrument's scale, "choose" first.
fn whole_levels(ctx: &PeriodContext, tr: Tr, labels: &[(u32, String)], chosen: &str) -> Vec<Opt> {
    let mut options = vec![Opt {
        value: String::new(),
        label: tr.t("indikator.pilih_level").to_string(),
        selected: chosen.is_empty(),
    }];
    options.extend(ctx.instrument.values.levels().map(|l| {
        let label = labels
            .iter()
            .find(|(n, _)| *n == l)
            .map_or_else(|| l.to_string(), |(_, name)| format!("{l} · {name}"));
        Opt {
            value: l.to_string(),
            label,
            selected: chosen == l.to_string(),
        }
    }));
    options
}

pub async fn page(
    state: &App,
    ctx: &Ctx,
    loaded: Loaded,
    typed: &Typed,
    errors: FormErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let lang = ctx.lang;
    let Loaded {
        ctx: pctx,
        pi,
        evidence,
        comments,
        opds,
        reusable,
        rights,
        restricted,
        roadmap_items,
    } = loaded;
    let inst = &pctx.instrument;
    let indicator = inst
        .indicator(pi.number)
        .ok_or(AppError::NotFound("Indikator"))
        .or_page(lang)?;
    let scale = &inst.scales[indicator.scale];
    let names = opd_names(&opds);
    let labels: Vec<(u32, String)> = scale
        .levels
        .iter()
        .map(|l| (l.level, label_of(l, lang)))
        .collect();
    let label = |n: u32| {
        labels
            .iter()
            .find(|(l, _)| *l == n)
            .map_or_else(String::new, |(_, s)| s.clone())
    };
    let floor = inst.values.min_level().max(1);
    let claimed_level = pi.self_value.map_or(0, Value::floor_level);
    let sep = decimal_separator(lang);
    let decimal = inst.values.decimals > 0;
    let typed_or = |t: &Option<String>, v: Option<Value>| {
        t.clone().unwrap_or_else(|| {
            v.map(|v| v.format(if decimal { 2 } else { 0 }, sep))
                .unwrap_or_default()
        })
    };
    let built = levels::build(tr, &pctx, indicator, &evidence, typed, claimed_level);

    let evidence_level_choice = |t: &str| {
        if t.is_empty() && claimed_level > floor {
            claimed_level.to_string()
        } else {
            t.to_string()
        }
    };
    let link_level = evidence_level_choice(&typed.link_level);
    let upload_level = evidence_level_choice(&typed.upload_level);
    let evidence_levels: Vec<Opt> = (floor..=inst.values.max_level())
        .map(|l| Opt {
            value: l.to_string(),
            label: format!("{l} · {}", label(l)),
            selected: false,
        })
        .collect();
    let self_level = typed_or(&typed.self_level, pi.self_value);
    let reusable_search = reusable.search;
    let reusable_more = reusable.more.then(|| {
        tr.t("indikator.pakai_ulang_lebih")
            .replace("{n}", &number_text(SEARCH_SHOWN as usize, lang))
    });
    let reusable = reusable
        .items
        .iter()
        .map(|e| {
            let mut text = e.name.clone();
            if let Some(s) = e.size {
                text.push_str(&format!(" ({})", size_text(s, lang).0));
            }
            text.push_str(&format!(
                " · {}",
                date_time(e.created_at_ms, &pctx.instansi.timezone, lang)
            ));
            Opt {
                value: e.id.to_string(),
                label: text,
                selected: typed.evidence_id == e.id.to_string(),
            }
        })
        .collect();
    let comments = comments
        .into_iter()
        .map(|c| CommentView {
            when: date_time(c.created_at_ms, &pctx.instansi.timezone, lang),
            kind: match c.kind.as_str() {
                "dikembalikan" => Some(Tag {
                    label: tr.t("indikator.status_dikembalikan"),
                    class: "tag--red",
                }),
                "diterima" => Some(Tag {
                    label: tr.t("indikator.status_diterima"),
                    class: "tag--green",
                }),
                "final" => Some(Tag {
                    label: tr.t("indikator.nilai_final"),
                    class: "tag--blue",
                }),
                _ => None,
            },
            author: c.author_name,
            body: c.body,
        })
        .collect();
    let external = indicator.external_index.as_ref().map(|index| ExternalView {
        index: index.clone(),
        value: pi
            .external_source
            .as_ref()
            .and(shown(&pctx, pi.accepted_value, lang)),
        source: pi.external_source.clone(),
        date: pi.external_date.as_deref().map(|d| date_text(d, lang)),
    });
    let shell = Shell::load(state, ctx, crate::evaluation::PERIODS, None)
        .await
        .or_page(lang)?;
    let aspect = &inst.aspects[indicator.aspect];
    let page = IndicatorPage {
        tr,
        shell,
        notice,
        errors,
        period: period_head(tr, &pctx),
        number: pi.number,
        name: indicator.name.clone(),
        aspect: aspect.name.clone(),
        domain: aspect.domain.map(|d| inst.domains[d].name.clone()),
        weight: format!("{}%", indicator.weight.format(0, sep)),
        scale: scale.name.clone(),
        lead: pi.lead_opd.and_then(|o| names.get(&o).cloned()),
        contributors: pi
            .contributors
            .iter()
            .filter_map(|o| names.get(o).cloned())
            .collect(),
        tag: status_tag(tr, pi.status, pi.to_review),
        to_review: pi.to_review,
        claimed: shown(&pctx, pi.self_value, lang),
        accepted: shown(&pctx, pi.accepted_value, lang),
        final_value: shown(&pctx, pi.final_value, lang),
        external,
        proof: indicator.proof.clone(),
        fakta_saved: pi.fakta.clone(),
        analisis_saved: pi.analisis.clone(),
        rights,
        decimal,
        level_hint: if decimal {
            tr.t("indikator.level_desimal_petunjuk").to_string()
        } else {
            tr.t("indikator.level_bulat_petunjuk").to_string()
        },
        level_options: whole_levels(&pctx, tr, &labels, &self_level),
        self_level,
        fakta: typed.fakta.clone().unwrap_or_else(|| pi.fakta.clone()),
        analisis: typed
            .analisis
            .clone()
            .unwrap_or_else(|| pi.analisis.clone()),
        claimed_level,
        claimed_label: label(claimed_level),
        proven: format!("{} · {}", built.proven, label(built.proven)),
        ladder: built.ladder,
        gaps: built.gaps,
        levels: built.levels,
        reusable,
        reusable_search,
        reusable_more,
        evidence_levels,
        link_level,
        upload_level,
        effective_date: typed.effective_date.clone(),
        expiry_date: typed.expiry_date.clone(),
        return_note: typed.return_note.clone(),
        accept_level: typed_or(&typed.accept_level, pi.accepted_value.or(pi.self_value)),
        accept_note: typed.accept_note.clone(),
        final_level: typed_or(&typed.final_level, pi.final_value),
        final_note: typed.final_note.clone(),
        ext_value: typed_or(
            &typed.ext_value,
            pi.external_source.as_ref().and(pi.accepted_value),
        ),
        ext_source: typed
            .ext_source
            .clone()
            .or_else(|| pi.external_source.clone())
            .unwrap_or_else(|| indicator.external_index.clone().unwrap_or_default()),
        ext_date: typed
            .ext_date
            .clone()
            .or_else(|| pi.external_date.clone())
            .unwrap_or_default(),
        comments,
        comment_body: typed.comment_body.clone(),
        restricted,
        roadmap: roadmap_items
            .iter()
            .map(|i| {
                let level = i
                    .details
                    .indicators
                    .iter()
                    .filter(|t| t.instrument == pctx.period.instrument && t.number == pi.number)
                    .map(|t| t.level)
                    .max()
                    .unwrap_or_default();
                let done = i.status == ItemStatus::Selesai;
                let key = if done {
                    "peta_rencana.siap_tingkat"
                } else {
                    "peta_rencana.menuju_tingkat"
                };
                RoadmapLine {
                    href: format!("/peta-rencana/item/{}", i.id),
                    title: i.title.clone(),
                    opd: names.get(&i.opd_id).cloned().unwrap_or_default(),
                    readiness: format!("{} {level}", tr.t(key)),
                    status: tr.t(&format!("peta_rencana.status_item.{}", i.status.code())),
                    done,
                }
            })
            .collect(),
    };
    Ok(render(status, &page))
}

impl IndicatorPage {
    /// Options of a whole-level select for a value typed in another form of the page.
    pub fn options_for(&self, chosen: &str) -> Vec<Opt> {
        self.level_options
            .iter()
            .map(|o| Opt {
                selected: o.value == chosen,
                ..o.clone()
            })
            .collect()
    }

    /// Options of the evidence level select with `chosen` selected.
    pub fn evidence_options(&self, chosen: &str) -> Vec<Opt> {
        self.evidence_levels
            .iter()
            .map(|o| Opt {
                selected: o.value == chosen,
                ..o.clone()
            })
            .collect()
    }
}

/// The text of the banner for a `pesan` code of the indicator pages.
pub fn notice(tr: Tr, q: &NoticeQuery) -> Option<String> {
    let key = match q.pesan.as_deref()? {
        "disimpan" => "indikator.pesan_disimpan",
        "bukti-ditautkan" => "indikator.pesan_bukti_ditautkan",
        "bukti-diunggah" => "indikator.pesan_bukti_diunggah",
        "diajukan" => "indikator.pesan_diajukan",
        "dikembalikan" => "indikator.pesan_dikembalikan",
        "diterima" => "indikator.pesan_diterima",
        "tinjauan" => "indikator.pesan_tinjauan",
        "final" => "indikator.pesan_final",
        "eksternal" => "indikator.pesan_eksternal",
        "komentar" => "indikator.pesan_komentar",
        _ => return None,
    };
    Some(tr.t(key).to_string())
}

/// `GET /periode/{id}/indikator/{number}`.
pub async fn show(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<(String, String)>,
    Query(q): Query<NoticeQuery>,
) -> Result<Response, Failure> {
    let (id, number) = path_ids(&raw, ctx.lang)?;
    let search = q.cari_bukti.as_deref().unwrap_or_default();
    let loaded = load(&state, &ctx.caller, id, number, search)
        .await
        .or_page(ctx.lang)?;
    let notice = notice(ctx.tr, &q);
    page(
        &state,
        &ctx,
        loaded,
        &Typed::default(),
        FormErrors::default(),
        notice,
        StatusCode::OK,
    )
    .await
}
