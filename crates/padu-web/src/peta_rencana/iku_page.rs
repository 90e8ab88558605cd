//! The IKU on the roadmap page: for each year of the roadmap's span the instansi's index
//! target (the RPJMD's IKU), the index its annual evaluation realised with the basis, and the
//! gap; the form that sets the targets (`POST /instansi/{id}/iku`, the admin instansi and the
//! koordinator), which keeps the targets of years outside the span as they are.

use std::collections::BTreeMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use padu_app::kit::i18n::{Lang, Tr};
use padu_app::peta_rencana::iku::{self, Iku};
use padu_app::{Acting as _, App};
use padu_core::access::Action;
use padu_store::Instansi;
use padu_store::peta_rencana::Roadmap;

use super::pages::{Fields, value};
use crate::evaluation::indicator::decimal_separator;
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, parse_id, see_other};
use crate::pembinaan::overview_page::basis_label;

/// One year's line.
pub struct IkuRow {
    pub year: i32,
    pub target: String,
    pub realised: String,
    pub basis: String,
    pub gap: String,
    /// The target reached.
    pub met: bool,
    /// What the form shows for the year.
    pub typed: String,
}

/// The IKU section of a roadmap page.
pub struct IkuView {
    pub rows: Vec<IkuRow>,
    pub may_edit: bool,
}

fn two(v: f64, lang: Lang) -> String {
    let text = format!("{v:.2}");
    match lang {
        Lang::Id => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The rows for the years of `roadmap`'s span, from the instansi's IKU.
pub fn view(tr: Tr, lang: Lang, iku: &Iku, roadmap: &Roadmap, may_edit: bool) -> IkuView {
    let sep = decimal_separator(lang);
    let rows = roadmap
        .span()
        .map(|year| {
            let y = iku.years.iter().find(|y| y.year == year);
            let target = y.and_then(|y| y.target);
            let realised = y.and_then(|y| y.realised.as_ref());
            let gap = y.and_then(|y| y.gap);
            let met = gap.is_some_and(|g| g.numerator() == 0);
            IkuRow {
                year,
                target: target
                    .map(|t| t.format(2, sep))
                    .unwrap_or_else(|| "—".into()),
                realised: realised
                    .map(|r| r.instrument.display(r.index, sep))
                    .unwrap_or_else(|| "—".into()),
                basis: realised
                    .map(|r| basis_label(tr, r.basis).to_string())
                    .unwrap_or_default(),
                gap: match gap {
                    Some(_) if met => tr.t("peta_rencana.iku_tercapai").to_string(),
                    Some(g) => two(g.to_f64(), lang),
                    None => "—".into(),
                },
                met,
                typed: target.map(|t| t.format(2, sep)).unwrap_or_default(),
            }
        })
        .collect();
    IkuView { rows, may_edit }
}

/// The IKU section of the roadmap of instansi `inst`.
pub async fn load(
    state: &App,
    ctx: &Ctx,
    inst: &Instansi,
    roadmap: &Roadmap,
) -> Result<IkuView, Failure> {
    let iku = iku::load(state, &ctx.caller, inst.id)
        .await
        .or_page(ctx.lang)?;
    let may_edit = ctx.caller.may(Action::EditRoadmap, &inst.target());
    Ok(view(ctx.tr, ctx.lang, &iku, roadmap, may_edit))
}

/// `POST /instansi/{id}/iku`: `iku_2026` per year shown (empty removes that year's
/// target), back to roadmap `kembali`.
pub async fn set(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Fields>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let current = iku::load(&state, &ctx.caller, id).await.or_page(ctx.lang)?;
    let mut typed: BTreeMap<i32, String> = current
        .years
        .iter()
        .filter_map(|y| Some((y.year, y.target?.format(2, '.'))))
        .collect();
    for (k, v) in &form {
        if let Some(year) = k.strip_prefix("iku_").and_then(|y| y.parse::<i32>().ok()) {
            if v.trim().is_empty() {
                typed.remove(&year);
            } else {
                typed.insert(year, v.clone());
            }
        }
    }
    let back = value(&form, "kembali").trim().parse::<i64>().ok();
    match iku::set_targets(&state, &ctx.caller, id, &typed).await {
        Ok(_) => Ok(see_other(&match back {
            Some(r) => format!("/peta-rencana/{r}?pesan=peta-rencana-iku#judul-iku"),
            None => format!("/instansi/{id}/peta-rencana?pesan=peta-rencana-iku"),
        })),
        Err(err) => match (back, FormErrors::from_error(&err, "targets")) {
            (Some(r), Some((status, errors))) => {
                super::pages::roadmap_page(&state, &ctx, r, None, status, errors, &form).await
            }
            _ => Err(Failure(err, ctx.lang)),
        },
    }
}
