//! Opening a period: its instrument, target and stages, carried forward from an earlier one.

use padu_core::access::Action;
use padu_core::evaluation::PeriodKind;
use padu_core::{Instrument, Value};
use padu_store::evaluation::{Carry, NewPeriod, Period, Stages};

use super::*;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;

/// A target index may be any value on the scale with two decimals (2.6 under 59/2020 too).
pub(super) fn check_target(instrument: &Instrument, value: Value) -> Result<Value, AppError> {
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

pub(super) fn value_text(v: Value) -> String {
    v.format(2, ',')
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

pub(super) fn check_date(field: &str, value: &Option<String>, errors: &mut Vec<FieldError>) {
    if let Some(v) = value
        .as_deref()
        .filter(|v| padu_core::date::parse_iso(v).is_none())
    {
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
