//! The evaluation cycle: periods, indicators assigned to OPDs, claims, evidence, review, the
//! live index. Each operation validates its input, asks `padu_core::access` whether the caller
//! may, applies the core's workflow rules, then calls the store.

pub mod dashboard;
pub mod evidence;
pub mod plan_actual;
pub mod reminders;
pub mod texts;

use std::sync::Arc;

use padu_core::access::{Action, Role, Target, allows};
use padu_core::evaluation::{self, Claim, PeriodKind, Status};
use padu_core::exact::{DecimalError, parse_fixed};
use padu_core::{Assessment, Instrument, ScoreReport, Value, score};
use padu_store::Instansi;
use padu_store::evaluation::{
    Carry, NewNotification, NewPeriod, Period, PeriodIndicator, Stages, Transition, WorkPatch,
};

use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};

/// Statuses in which the OPD may still change its work.
pub const EDITABLE: [Status; 2] = [Status::Draft, Status::Returned];
/// Longest narrative part accepted.
pub const MAX_NARRATIVE: usize = 20_000;

/// A period with its instansi and instrument, once the caller may act on it.
#[derive(Debug, Clone)]
pub struct PeriodContext {
    pub period: Period,
    pub instansi: Instansi,
    pub instrument: Arc<Instrument>,
}

impl PeriodContext {
    /// Where an indicator sits for permission decisions: its lead OPD, or the instansi when it
    /// has none yet.
    pub fn target(&self, indicator: &PeriodIndicator) -> Target {
        match indicator.lead_opd {
            Some(opd) => Target::opd(self.instansi.id, self.instansi.province(), opd),
            None => self.instansi.target(),
        }
    }
}

/// The period `id` if the caller may do `action` at its instansi (404 / 403 otherwise).
pub async fn period_for(
    app: &App,
    caller: &impl Acting,
    id: i64,
    action: Action,
) -> Result<PeriodContext, AppError> {
    let period = app
        .store
        .period(id)
        .await?
        .ok_or(AppError::NotFound("Periode"))?;
    let instansi = app
        .store
        .instansi(period.instansi_id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check(action, &instansi.target())?;
    let instrument = app
        .catalog
        .instrument(&period.instrument)
        .cloned()
        .ok_or_else(|| {
            AppError::Internal(format!(
                "instrument {} of period {id} is not loaded",
                period.instrument
            ))
        })?;
    Ok(PeriodContext {
        period,
        instansi,
        instrument,
    })
}

/// A number like `3`, `1.26` or `"1,26"` as an exact value (no floating point).
pub fn parse_value(raw: &str, field: &str) -> Result<Value, AppError> {
    match parse_fixed(raw, 2, true) {
        Ok(h) => Ok(Value(h)),
        Err(DecimalError::TooManyDecimals { .. }) => {
            Err(AppError::field(field, "Nilai paling banyak 2 desimal"))
        }
        Err(_) => Err(AppError::field(field, format!("\"{raw}\" bukan angka"))),
    }
}

fn check_value(instrument: &Instrument, value: Value, field: &str) -> Result<Value, AppError> {
    match padu_core::score::value_problem(instrument, value) {
        Some(problem) => Err(AppError::field(field, capital(&problem))),
        None => Ok(value),
    }
}

/// A target index may be any value on the scale with two decimals (2.6 under 59/2020 too).
fn check_target(instrument: &Instrument, value: Value) -> Result<Value, AppError> {
    if instrument.values.contains(value) {
        Ok(value)
    } else {
        Err(AppError::field(
            "target",
            format!(
                "Target indeks harus antara {} dan {}",
                value_text(instrument.values.min),
                value_text(instrument.values.max)
            ),
        ))
    }
}

fn value_text(v: Value) -> String {
    v.format(2, ',')
}

fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Input for a new period.
#[derive(Debug, Clone, Default)]
pub struct PeriodInput {
    pub year: i32,
    pub kind: String,
    pub instrument: String,
    pub carry_from: Option<i64>,
    pub target: Option<String>,
    pub stages: Stages,
}

/// Whether `text` has the form `yyyy-mm-dd` (the dates Padu stores).
pub fn is_iso_date(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

fn check_date(field: &str, value: &Option<String>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value.as_deref().filter(|v| !is_iso_date(v)) {
        errors.push(FieldError {
            field: field.into(),
            message: format!("Tanggal \"{v}\" harus berbentuk TTTT-BB-HH"),
        });
    }
}

pub async fn create_period(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    input: &PeriodInput,
) -> Result<i64, AppError> {
    let inst = crate::org::instansi_for(app, caller, instansi_id, Action::ManagePeriod).await?;
    let mut errors = Vec::new();
    if !(2018..=2100).contains(&input.year) {
        errors.push(FieldError {
            field: "year".into(),
            message: "Tahun harus antara 2018 dan 2100".into(),
        });
    }
    let kind = PeriodKind::from_code(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError {
            field: "kind".into(),
            message: "Jenis periode harus evaluasi, pemantauan, internal-s1 atau internal-s2"
                .into(),
        });
    }
    let instrument = app.catalog.instrument(input.instrument.trim()).cloned();
    if instrument.is_none() {
        errors.push(FieldError {
            field: "instrument".into(),
            message: format!("Instrumen \"{}\" tidak dikenal", input.instrument.trim()),
        });
    }
    for (name, range) in [
        ("mandiri", &input.stages.mandiri),
        ("dokumen", &input.stages.dokumen),
        ("interviu", &input.stages.interviu),
        ("visitasi", &input.stages.visitasi),
    ] {
        check_date(&format!("{name}_mulai"), &range.start, &mut errors);
        check_date(&format!("{name}_selesai"), &range.end, &mut errors);
        if let (Some(a), Some(b)) = (&range.start, &range.end)
            && a > b
        {
            errors.push(FieldError {
                field: format!("{name}_selesai"),
                message: format!("Tahap {name} selesai sebelum dimulai"),
            });
        }
    }
    let (Some(kind), Some(instrument)) = (kind, instrument) else {
        return Err(AppError::Invalid(errors));
    };
    let target = match input
        .target
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => match parse_value(t, "target").and_then(|v| check_target(&instrument, v)) {
            Ok(v) => Some(v),
            Err(AppError::Invalid(mut f)) => {
                errors.append(&mut f);
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    let carry = match input.carry_from {
        Some(from) => {
            let earlier = app.store.period(from).await?;
            match earlier {
                Some(p) if p.instansi_id == inst.id => Some(carry_plan(app, &p, &instrument)?),
                _ => {
                    errors.push(FieldError {
                        field: "carry_from".into(),
                        message: "Periode asal tidak ditemukan di instansi ini".into(),
                    });
                    None
                }
            }
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let new = NewPeriod {
        instansi_id: inst.id,
        year: input.year,
        kind,
        instrument: instrument.id.clone(),
        target,
        stages: input.stages.clone(),
        indicators: instrument.indicators.iter().map(|i| i.number).collect(),
        max_level: instrument.values.max_level(),
        carry,
    };
    Ok(app.store.create_period(&caller.who(), new).await?)
}

/// What carrying forward from `earlier` means: the same numbers under the same instrument, the
/// crosswalk (most confident source first) across instruments.
fn carry_plan(app: &App, earlier: &Period, to: &Instrument) -> Result<Carry, AppError> {
    if earlier.instrument == to.id {
        return Ok(Carry {
            from_period: earlier.id,
            sources: to
                .indicators
                .iter()
                .map(|i| (i.number, vec![i.number]))
                .collect(),
            copy_values: true,
            source_label: None,
        });
    }
    let (crosswalk, _) = app
        .catalog
        .crosswalk(&earlier.instrument, &to.id)
        .ok_or_else(|| {
            AppError::field(
                "carry_from",
                format!(
                    "Belum ada crosswalk antara {} dan {}",
                    earlier.instrument, to.id
                ),
            )
        })?;
    let forward = crosswalk.to == to.id;
    let sources = to
        .indicators
        .iter()
        .map(|i| {
            let olds = if forward {
                crosswalk
                    .sources_of(i.number)
                    .into_iter()
                    .map(|l| l.from)
                    .collect()
            } else {
                let mut links: Vec<_> = crosswalk
                    .links
                    .iter()
                    .filter(|l| l.from == i.number)
                    .collect();
                links.sort_by(|a, b| b.confidence.cmp(&a.confidence).then(a.to.cmp(&b.to)));
                links.into_iter().map(|l| l.to).collect()
            };
            (i.number, olds)
        })
        .collect();
    let label = app
        .catalog
        .instrument(&earlier.instrument)
        .map_or_else(|| earlier.instrument.clone(), |i| i.short_name.clone());
    Ok(Carry {
        from_period: earlier.id,
        sources,
        copy_values: false,
        source_label: Some(label),
    })
}

/// Sets an indicator's lead and contributing OPDs.
pub async fn assign(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    lead: Option<i64>,
    opds: &[i64],
) -> Result<PeriodIndicator, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    ctx.instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    Ok(app
        .store
        .set_assignment(&caller.who(), period_id, number, lead, opds)
        .await?)
}

/// Applies the instrument's default ownership (OPD kinds) to the instansi's OPDs; indicators
/// whose kind of OPD the instansi lacks keep their current assignment. Returns how many were set.
pub async fn apply_default_assignment(
    app: &App,
    caller: &Caller,
    period_id: i64,
) -> Result<usize, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    let opds: Vec<_> = app
        .store
        .opds_of(ctx.instansi.id)
        .await?
        .into_iter()
        .filter(|o| o.active)
        .collect();
    let of_kind = |kind: &str| opds.iter().find(|o| o.kind == kind).map(|o| o.id);
    let assignments: Vec<(u16, Option<i64>, Vec<i64>)> = ctx
        .instrument
        .indicators
        .iter()
        .filter_map(|ind| {
            let lead = of_kind(ind.lead_opd.as_deref()?)?;
            let contributors = ind
                .contributing_opds
                .iter()
                .filter_map(|k| of_kind(k))
                .filter(|o| *o != lead)
                .collect();
            Some((ind.number, Some(lead), contributors))
        })
        .collect();
    let count = assignments.len();
    app.store
        .set_assignments(&caller.who(), period_id, &assignments)
        .await?;
    Ok(count)
}

/// The indicator `number` of a period with its context, if the caller may do `action` on it.
pub async fn indicator_for(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    action: Action,
) -> Result<(PeriodContext, PeriodIndicator), AppError> {
    let ctx = period_for(app, caller, period_id, Action::ViewInstansi).await?;
    let pi = app
        .store
        .period_indicator(period_id, number)
        .await?
        .ok_or(AppError::NotFound("Indikator"))?;
    if !allows(&caller.actor(), action, &ctx.target(&pi)) {
        return Err(AppError::Forbidden);
    }
    Ok((ctx, pi))
}

/// Changes to the claim and narrative.
#[derive(Debug, Clone, Default)]
pub struct WorkInput {
    /// `Some(None)` clears the claim.
    pub self_level: Option<Option<String>>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
}

pub async fn update_work(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    input: &WorkInput,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    let mut errors = Vec::new();
    let self_value = match &input.self_level {
        Some(Some(raw)) if indicator.is_external() => {
            errors.push(FieldError {
                field: "self_level".into(),
                message: "Nilai indikator ini diambil dari indeks eksternal".into(),
            });
            let _ = raw;
            None
        }
        Some(Some(raw)) => match parse_value(raw, "self_level")
            .and_then(|v| check_value(&ctx.instrument, v, "self_level"))
        {
            Ok(v) => Some(Some(v)),
            Err(AppError::Invalid(mut f)) => {
                errors.append(&mut f);
                None
            }
            Err(e) => return Err(e),
        },
        Some(None) => Some(None),
        None => None,
    };
    for (field, label, text) in [
        ("fakta", "Fakta", &input.fakta),
        ("analisis", "Analisis", &input.analisis),
    ] {
        if text
            .as_ref()
            .is_some_and(|t| t.chars().count() > MAX_NARRATIVE)
        {
            errors.push(FieldError {
                field: field.into(),
                message: format!("{label} paling banyak {MAX_NARRATIVE} karakter"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !pi.status.editable() {
        return Err(AppError::Conflict(format!(
            "indikator berstatus {} dan tidak dapat diubah",
            pi.status.label().to_lowercase()
        )));
    }
    let patch = WorkPatch {
        self_value,
        fakta: input.fakta.clone(),
        analisis: input.analisis.clone(),
    };
    Ok(app
        .store
        .update_work(&caller.who(), period_id, number, &EDITABLE, patch)
        .await?)
}

/// Users of the instansi with one of `roles` (for notifications).
async fn users_with(
    app: &App,
    instansi_id: i64,
    roles: &[Role],
    opd: Option<i64>,
) -> Result<Vec<i64>, AppError> {
    Ok(app
        .store
        .users_in(Some(&[instansi_id]))
        .await?
        .into_iter()
        .filter(|u| {
            u.active
                && roles.contains(&u.role)
                && (opd.is_none() || u.opd_id == opd || u.role != Role::OperatorOpd)
        })
        .map(|u| u.id)
        .collect())
}

fn note(user_ids: Vec<i64>, kind: &str, message: &str, link: &str) -> Vec<NewNotification> {
    user_ids
        .into_iter()
        .map(|user_id| NewNotification {
            user_id,
            kind: kind.into(),
            message: message.into(),
            link: link.into(),
        })
        .collect()
}

fn indicator_link(period_id: i64, number: u16) -> String {
    format!("/periode/{period_id}/indikator/{number}")
}

pub async fn submit(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    let evidence = app.store.indicator_evidence(period_id, number).await?;
    let levels: Vec<u32> = evidence.iter().map(|e| e.level).collect();
    let claim = Claim {
        value: pi.self_value,
        fakta: &pi.fakta,
        analisis: &pi.analisis,
        evidence_levels: &levels,
    };
    evaluation::check_submission(&ctx.instrument, indicator, pi.status, &claim).map_err(refused)?;
    let reviewers = users_with(app, ctx.instansi.id, &[Role::AsesorInternal], None).await?;
    let message = format!("Indikator {number} diajukan untuk ditinjau.");
    let notifications = note(
        reviewers,
        "diajukan",
        &message,
        &indicator_link(period_id, number),
    );
    let done = app
        .store
        .transition(
            &caller.who(),
            period_id,
            number,
            Transition {
                expect: EDITABLE.to_vec(),
                to: Status::Submitted,
                accepted_value: None,
                comment: None,
                notify: notifications.clone(),
                action: "indicator.submit",
            },
        )
        .await?;
    crate::kit::mail::notify(app, &notifications);
    Ok(done)
}

/// Workflow refusals as a 409 listing every reason.
fn refused(reasons: Vec<String>) -> AppError {
    AppError::Conflict(format!("tidak dapat dilakukan: {}", reasons.join("; ")))
}

pub async fn return_indicator(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    text: &str,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    if text.trim().is_empty() {
        return Err(AppError::field("note", "Catatan pengembalian wajib diisi"));
    }
    evaluation::check_return(pi.status, text).map_err(refused)?;
    let operators = users_with(app, ctx.instansi.id, &[Role::OperatorOpd], pi.lead_opd).await?;
    let message = format!("Indikator {number} dikembalikan: {}", text.trim());
    let notifications = note(
        operators,
        "dikembalikan",
        &message,
        &indicator_link(period_id, number),
    );
    let done = app
        .store
        .transition(
            &caller.who(),
            period_id,
            number,
            Transition {
                expect: vec![Status::Submitted],
                to: Status::Returned,
                accepted_value: None,
                comment: Some(("dikembalikan".into(), text.trim().to_string())),
                notify: notifications.clone(),
                action: "indicator.return",
            },
        )
        .await?;
    crate::kit::mail::notify(app, &notifications);
    Ok(done)
}

pub async fn accept(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    level: &str,
    text: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    let value =
        parse_value(level, "level").and_then(|v| check_value(&ctx.instrument, v, "level"))?;
    evaluation::check_accept(&ctx.instrument, pi.status, value).map_err(refused)?;
    let operators = users_with(app, ctx.instansi.id, &[Role::OperatorOpd], pi.lead_opd).await?;
    let shown = ctx.instrument.values.format(value, ',');
    let message = format!("Indikator {number} diterima dengan nilai {shown}.");
    let body = text
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| format!("Diterima dengan nilai {shown}."), str::to_string);
    let notifications = note(
        operators,
        "diterima",
        &message,
        &indicator_link(period_id, number),
    );
    let done = app
        .store
        .transition(
            &caller.who(),
            period_id,
            number,
            Transition {
                expect: vec![Status::Submitted],
                to: Status::Accepted,
                accepted_value: Some(Some(value)),
                comment: Some(("diterima".into(), body)),
                notify: notifications.clone(),
                action: "indicator.accept",
            },
        )
        .await?;
    crate::kit::mail::notify(app, &notifications);
    Ok(done)
}

pub async fn set_final(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    level: Option<&str>,
    text: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let (ctx, _) = indicator_for(app, caller, period_id, number, Action::SetFinal).await?;
    let value = match level {
        Some(l) => {
            Some(parse_value(l, "level").and_then(|v| check_value(&ctx.instrument, v, "level"))?)
        }
        None => None,
    };
    Ok(app
        .store
        .set_final(&caller.who(), period_id, number, value, text)
        .await?)
}

pub async fn set_external(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    value: &str,
    source: &str,
    date: Option<&str>,
) -> Result<PeriodIndicator, AppError> {
    let ctx = period_for(app, caller, period_id, Action::ManagePeriod).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    if !indicator.is_external() {
        return Err(AppError::field(
            "value",
            "Indikator ini tidak dinilai dari indeks eksternal",
        ));
    }
    let mut errors = Vec::new();
    let value =
        match parse_value(value, "value").and_then(|v| check_value(&ctx.instrument, v, "value")) {
            Ok(v) => Some(v),
            Err(AppError::Invalid(mut f)) => {
                errors.append(&mut f);
                None
            }
            Err(e) => return Err(e),
        };
    if source.trim().is_empty() || source.chars().count() > 300 {
        errors.push(FieldError {
            field: "source".into(),
            message: "Sumber nilai wajib diisi (paling banyak 300 karakter)".into(),
        });
    }
    check_date("date", &date.map(str::to_string), &mut errors);
    match value {
        Some(v) if errors.is_empty() => Ok(app
            .store
            .set_external(&caller.who(), period_id, number, v, source.trim(), date)
            .await?),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Which value an index is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// What the OPDs claim.
    Self_,
    /// What the internal assessors accepted.
    Accepted,
    /// The final (external or official) values.
    Final,
}

impl Basis {
    pub fn from_code(code: &str) -> Option<Basis> {
        match code {
            "self" => Some(Basis::Self_),
            "accepted" => Some(Basis::Accepted),
            "final" => Some(Basis::Final),
            _ => None,
        }
    }

    pub fn pick(self, pi: &PeriodIndicator) -> Option<Value> {
        match self {
            Basis::Self_ => pi.self_value,
            Basis::Accepted => pi.accepted_value,
            Basis::Final => pi.final_value,
        }
    }
}

/// The index of a period on one basis. An indicator without a value counts at the bottom of
/// the scale (an instansi with nothing still scores the minimum; 1.00 for an external index
/// not yet entered).
pub fn score_period(
    instrument: &Instrument,
    indicators: &[PeriodIndicator],
    basis: Basis,
) -> Result<ScoreReport, AppError> {
    let values = instrument
        .indicators
        .iter()
        .map(|ind| {
            indicators
                .iter()
                .find(|pi| pi.number == ind.number)
                .and_then(|pi| basis.pick(pi))
                .unwrap_or(instrument.values.min)
        })
        .collect();
    let assessment =
        Assessment::new(instrument, values).map_err(|p| AppError::Internal(p.to_string()))?;
    let result = score(instrument, &assessment);
    Ok(ScoreReport::new(instrument, &assessment, &result))
}

// ---------------------------------------------------------------- for the indicator pages

/// Longest comment accepted.
pub const MAX_COMMENT: usize = 5_000;

/// The level an evidence item supports, as typed: a whole level on the instrument's scale, from
/// the first level that takes evidence (1, or the floor when it is higher) to the top.
fn evidence_level_of(instrument: &Instrument, raw: &str, field: &str) -> Result<u32, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::field(
            field,
            "Pilih level yang didukung bukti ini",
        ));
    }
    let level = parse_value(raw, field)?
        .whole()
        .ok_or_else(|| AppError::field(field, "Level bukti dukung harus bilangan bulat"))?;
    let (low, high) = (
        instrument.values.min_level().max(1),
        instrument.values.max_level(),
    );
    if (low..=high).contains(&level) {
        Ok(level)
    } else {
        Err(AppError::field(
            field,
            format!("Level bukti dukung harus antara {low} dan {high}"),
        ))
    }
}

/// Links an evidence item the instansi already has (uploaded for another indicator or an
/// earlier period) to this indicator for `level`, without uploading it again.
pub async fn link_existing_evidence(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    evidence_id: i64,
    level: &str,
) -> Result<i64, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    if indicator.is_external() {
        return Err(AppError::Conflict(
            "indikator ini dinilai dari indeks eksternal dan tidak memakai bukti dukung".into(),
        ));
    }
    let level = evidence_level_of(&ctx.instrument, level, "level")?;
    match app.store.evidence(evidence_id).await? {
        Some(e) if e.instansi_id == ctx.instansi.id => {}
        _ => {
            return Err(AppError::field(
                "evidence",
                "Pilih bukti dukung milik instansi ini",
            ));
        }
    }
    if !pi.status.editable() {
        return Err(AppError::Conflict(format!(
            "indikator berstatus {}; bukti dukung tidak dapat ditambahkan sekarang",
            pi.status.label().to_lowercase()
        )));
    }
    Ok(app
        .store
        .link_evidence(
            &caller.who(),
            period_id,
            number,
            &EDITABLE,
            evidence_id,
            level,
        )
        .await?)
}

/// An internal assessor's verdict on one evidence item of a submitted indicator: `diterima`,
/// `tidak_tepat` or `belum_diunggah` (items above a level that is not fully accepted are then
/// rejected automatically by the store).
pub async fn review_evidence(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    link_id: i64,
    review: &str,
    note: Option<&str>,
) -> Result<Vec<padu_store::evaluation::LinkedEvidence>, AppError> {
    use padu_core::evaluation::EvidenceReview;
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ReviewIndicator).await?;
    let review = match EvidenceReview::from_code(review.trim()) {
        Some(
            r @ (EvidenceReview::Diterima
            | EvidenceReview::TidakTepat
            | EvidenceReview::BelumDiunggah),
        ) => r,
        _ => {
            return Err(AppError::field(
                "review",
                "Pilih diterima, revisi: tidak tepat, atau revisi: belum diunggah",
            ));
        }
    };
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_COMMENT) {
        return Err(AppError::field(
            "note",
            format!("Catatan paling banyak {MAX_COMMENT} karakter"),
        ));
    }
    if pi.status != Status::Submitted {
        return Err(AppError::Conflict(
            "bukti dukung hanya dapat ditinjau selama indikator berstatus diajukan".into(),
        ));
    }
    let verdict = padu_store::evaluation::Verdict {
        review,
        note: note.map(str::to_string),
    };
    Ok(app
        .store
        .review_evidence(
            &caller.who(),
            period_id,
            number,
            link_id,
            verdict,
            ctx.instrument.values.min_level(),
        )
        .await?)
}

/// Whether the caller may write in an indicator's comment thread: those who work on it (the
/// lead OPD, and a contributing OPD's operator), review it, or set its final value.
pub fn may_comment(caller: &Caller, ctx: &PeriodContext, pi: &PeriodIndicator) -> bool {
    let actor = caller.actor();
    let target = ctx.target(pi);
    [
        Action::EditIndicator,
        Action::ReviewIndicator,
        Action::SetFinal,
    ]
    .into_iter()
    .any(|a| allows(&actor, a, &target))
        || pi.contributors.iter().any(|opd| {
            allows(
                &actor,
                Action::EditIndicator,
                &Target::opd(ctx.instansi.id, ctx.instansi.province(), *opd),
            )
        })
}

/// Adds a comment to an indicator's thread.
pub async fn add_comment(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    body: &str,
) -> Result<(), AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ViewInstansi).await?;
    if !may_comment(caller, &ctx, &pi) {
        return Err(AppError::Forbidden);
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "Tulis komentar terlebih dahulu"));
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(AppError::field(
            "body",
            format!("Komentar paling banyak {MAX_COMMENT} karakter"),
        ));
    }
    Ok(app
        .store
        .comment(&caller.who(), period_id, number, body)
        .await?)
}
