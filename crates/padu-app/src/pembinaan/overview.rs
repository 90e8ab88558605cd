//! The overview (ikhtisar) of an instansi's members for one year: a province's kabupaten/kota,
//! or, nationally, every province with its kabupaten/kota. Each member's index is its annual
//! evaluation's on one basis: final when the period has any final value, else accepted when it
//! has any accepted value, else self-assessed (the same figure as
//! `GET /api/v1/periods/{id}/score?basis=`), with the year before, the target, the progress of
//! the period and the OPDs late with it.
//!
//! Queries, whatever the number of members: the instansi (one), the evaluation years (one), the
//! year's and the year before's evaluations (two, side by side), the year's indicator states and
//! the year before's values (two, side by side). The overview is
//! then kept in a read cache (as the period dashboard is) while nothing of the instansi or its
//! members changed and it is still the same day in their zones: a repeated overview costs no
//! query.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use padu_core::access::{Action, InstansiKind};
use padu_core::evaluation::Status;
use padu_core::{Exact, Instrument, Value};
use padu_store::Instansi;
use padu_store::changes::{Changes, Key, ReadCache};
use padu_store::evaluation::{IndicatorState, IndicatorValues, Period};
use time::Date;

use crate::evaluation::Basis;
use crate::evaluation::dashboard::{parse_iso, score_with, today_in};
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// One member of the overview.
#[derive(Debug, Clone)]
pub struct Member {
    pub instansi: Instansi,
    /// Its province, in the national overview (`None` for a province itself).
    pub parent: Option<i64>,
    /// The year's annual evaluation, if it has one.
    pub period: Option<Period>,
    pub instrument: Option<Arc<Instrument>>,
    pub score: Option<MemberScore>,
    /// The index of the year before, on that period's own basis.
    pub previous: Option<Exact>,
    pub progress: Progress,
    /// OPDs with a draft or returned indicator after the self-assessment stage ended.
    pub late_opd: usize,
}

/// A member's index of the year.
#[derive(Debug, Clone)]
pub struct MemberScore {
    pub basis: Basis,
    pub index: Exact,
    /// Parallel to the instrument's aspects.
    pub aspects: Vec<Exact>,
}

/// How far a member's evaluation of the year has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub indicators: usize,
    /// Handed in and not sent back: submitted or accepted.
    pub submitted: usize,
    pub accepted: usize,
    /// With a final value.
    pub final_: usize,
}

/// The overview of one instansi's members for one year.
#[derive(Debug, Clone)]
pub struct Overview {
    pub instansi: Instansi,
    pub year: i32,
    /// Years with an annual evaluation among the members, newest first.
    pub years: Vec<i32>,
    /// Provinces first, each followed by its members (nationally); by name within a level.
    pub members: Vec<Member>,
}

impl Overview {
    /// How many members (with an index) fall in each predikat band of `instrument`, in the
    /// instrument's order of bands.
    pub fn distribution(&self, instrument: &Instrument) -> Vec<(String, usize)> {
        instrument
            .predikat
            .iter()
            .map(|band| {
                let count = self
                    .members
                    .iter()
                    .filter(|m| {
                        m.instrument.as_ref().is_some_and(|i| i.id == instrument.id)
                            && m.score
                                .as_ref()
                                .is_some_and(|s| instrument.predikat_of(s.index) == band.name)
                    })
                    .count();
                (band.name.clone(), count)
            })
            .collect()
    }

    /// The instruments the members were evaluated with this year, the most used first.
    pub fn instruments(&self) -> Vec<Arc<Instrument>> {
        let mut counts: Vec<(Arc<Instrument>, usize)> = Vec::new();
        for m in &self.members {
            if let Some(i) = &m.instrument {
                match counts.iter_mut().find(|(c, _)| c.id == i.id) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((Arc::clone(i), 1)),
                }
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
        counts.into_iter().map(|(i, _)| i).collect()
    }
}

/// At most this many overviews are cached (by instansi and asked year).
pub const CACHED_OVERVIEWS: usize = 64;

/// Overviews read lately, by instansi and the year asked for: what every caller who may see
/// the instansi's members shares. Only this module reaches it.
struct OverviewCache {
    cache: ReadCache<OverviewKey, Arc<Cached>>,
    /// One read at a time per overview (keys share these gates by their hash): when an overview
    /// goes stale under load, the requests asking for it wait for one read instead of each
    /// reading it (a province's costs milliseconds of CPU, the country's tens).
    gates: [tokio::sync::Mutex<()>; GATES],
}

/// An instansi and the year asked for.
type OverviewKey = (i64, Option<i32>);

const GATES: usize = 16;

impl Default for OverviewCache {
    fn default() -> Self {
        OverviewCache {
            cache: ReadCache::new(CACHED_OVERVIEWS),
            gates: std::array::from_fn(|_| tokio::sync::Mutex::new(())),
        }
    }
}

impl OverviewCache {
    fn gate(&self, key: &OverviewKey) -> &tokio::sync::Mutex<()> {
        use std::hash::{BuildHasher as _, BuildHasherDefault, DefaultHasher};
        let hash = BuildHasherDefault::<DefaultHasher>::default().hash_one(key);
        &self.gates[(hash % GATES as u64) as usize]
    }
}

/// An overview as read, with the day it was in each zone of the instansi and its members (the
/// late OPDs and the default year depend on it).
#[derive(Debug)]
struct Cached {
    overview: Arc<Overview>,
    days: Vec<(String, Date)>,
}

impl Cached {
    /// Nothing of the instansi or any member changed after `mark`, and it is the same day.
    fn fresh(&self, changes: &Changes, mark: u64) -> bool {
        let o = &self.overview;
        !changes.changed_since(Key::Instansi(o.instansi.id), mark)
            && o.members
                .iter()
                .all(|m| !changes.changed_since(Key::Instansi(m.instansi.id), mark))
            && self.days.iter().all(|(zone, day)| today_in(zone) == *day)
    }
}

/// The overview of instansi `id` (a province, or the nasional instansi) for `year` (the newest
/// year with an evaluation when `None`), for a caller who may see every member: from the cache
/// while nothing of it changed, else read anew.
pub async fn load(
    app: &App,
    caller: &Caller,
    id: i64,
    year: Option<i32>,
) -> Result<Arc<Overview>, AppError> {
    let instansi = app
        .store
        .instansi(id)
        .await?
        .ok_or(AppError::NotFound("Instansi"))?;
    caller.check_record(Action::ViewOverview, &instansi.target(), "Instansi")?;
    if matches!(instansi.kind, InstansiKind::Kabupaten | InstansiKind::Kota) {
        return Err(AppError::NotFound("Ikhtisar"));
    }
    let changes = app.store.changes();
    let fresh = |c: &Arc<Cached>, mark| c.fresh(changes, mark);
    let part = app.part::<OverviewCache>();
    let key = (id, year);
    if let Some(cached) = part.cache.get(&key, fresh) {
        return Ok(Arc::clone(&cached.overview));
    }
    // stale or missing: one read, which the others waiting here find in the cache
    let _reading = part.gate(&key).lock().await;
    let reading = async { read(app, instansi, year).await.map(Arc::new) };
    let cached = part.cache.get_or_read(changes, key, fresh, reading).await?;
    Ok(Arc::clone(&cached.overview))
}

/// Reads the overview of `instansi` (a province or the nasional instansi, which the caller may
/// see) for `year`.
async fn read(app: &App, instansi: Instansi, year: Option<i32>) -> Result<Cached, AppError> {
    let id = instansi.id;
    let all = app.store.all_instansi().await?;
    let mut members: Vec<(Instansi, Option<i64>)> = match instansi.kind {
        InstansiKind::Provinsi => all
            .iter()
            .filter(|i| i.parent_id == Some(id))
            .map(|i| (i.clone(), None))
            .collect(),
        InstansiKind::Nasional => {
            let mut provinces: Vec<&Instansi> = all
                .iter()
                .filter(|i| i.kind == InstansiKind::Provinsi)
                .collect();
            provinces.sort_by(|a, b| a.name.cmp(&b.name));
            let mut out = Vec::new();
            for p in provinces {
                out.push((p.clone(), None));
                let mut kids: Vec<&Instansi> =
                    all.iter().filter(|i| i.parent_id == Some(p.id)).collect();
                kids.sort_by(|a, b| a.name.cmp(&b.name));
                out.extend(kids.into_iter().map(|k| (k.clone(), Some(p.id))));
            }
            out
        }
        InstansiKind::Kabupaten | InstansiKind::Kota => {
            return Err(AppError::NotFound("Ikhtisar"));
        }
    };
    if instansi.kind == InstansiKind::Provinsi {
        members.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    }
    // the day in every zone, before anything is computed from it
    let zones: BTreeSet<&str> = std::iter::once(instansi.timezone.as_str())
        .chain(members.iter().map(|(m, _)| m.timezone.as_str()))
        .collect();
    let days: Vec<(String, Date)> = zones
        .into_iter()
        .map(|zone| (zone.to_string(), today_in(zone)))
        .collect();
    let ids: Vec<i64> = members.iter().map(|(i, _)| i.id).collect();
    let years = app.store.evaluation_years(Some(&ids)).await?;
    let year = year
        .or(years.first().copied())
        .unwrap_or_else(|| today_in(&instansi.timezone).year());
    // the two years' evaluations at once, then the year's indicator states beside the year
    // before's values (all it needs is its index): on PostgreSQL each pair runs side by side
    let (current, before) = tokio::try_join!(
        app.store.evaluations_of_year(year, Some(&ids)),
        app.store.evaluations_of_year(year - 1, Some(&ids)),
    )?;
    let current_ids: Vec<i64> = current.iter().map(|p| p.id).collect();
    let before_ids: Vec<i64> = before.iter().map(|p| p.id).collect();
    let (states, values) = tokio::try_join!(
        app.store.indicator_states_of_periods(&current_ids),
        app.store.indicator_values_of_periods(&before_ids),
    )?;
    let mut states_of: HashMap<i64, Vec<IndicatorState>> = HashMap::new();
    for s in states {
        states_of.entry(s.values.period_id).or_default().push(s);
    }
    let mut values_of: HashMap<i64, Vec<IndicatorValues>> = HashMap::new();
    for v in values {
        values_of.entry(v.period_id).or_default().push(v);
    }
    // the first annual evaluation of each member in each year, as the ranking counts it
    let first_of = |periods: &[Period]| {
        let mut first: HashMap<i64, usize> = HashMap::new();
        for (i, p) in periods.iter().enumerate() {
            first.entry(p.instansi_id).or_insert(i);
        }
        first
    };
    let (current_of, before_of) = (first_of(&current), first_of(&before));
    let (no_states, no_values) = (Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(members.len());
    for (member, parent) in members {
        let period = current_of.get(&member.id).map(|&i| &current[i]);
        let instrument = period.and_then(|p| app.catalog.instrument(&p.instrument).cloned());
        let states = period
            .and_then(|p| states_of.get(&p.id))
            .unwrap_or(&no_states);
        let score = match &instrument {
            Some(instrument) => Some(score_of(instrument, states.iter().map(|s| &s.values))?),
            None => None,
        };
        let previous = match before_of.get(&member.id).map(|&i| &before[i]) {
            Some(p) => match app.catalog.instrument(&p.instrument) {
                Some(instrument) => {
                    let values = values_of.get(&p.id).unwrap_or(&no_values);
                    Some(score_of(instrument, values.iter())?.index)
                }
                None => None,
            },
            None => None,
        };
        let late_opd = period.map_or(0, |p| late_opds(p, states, &member.timezone));
        out.push(Member {
            parent,
            period: period.cloned(),
            instrument,
            score,
            previous,
            progress: progress(states),
            late_opd,
            instansi: member,
        });
    }
    Ok(Cached {
        overview: Arc::new(Overview {
            instansi,
            year,
            years,
            members: out,
        }),
        days,
    })
}

/// The basis a period's index is shown on: final when it has any final value, else accepted
/// when it has any accepted value, else self-assessed.
pub fn basis_of<'a>(values: impl Iterator<Item = &'a IndicatorValues> + Clone) -> Basis {
    if values.clone().any(|v| v.final_value.is_some()) {
        Basis::Final
    } else if values.clone().any(|v| v.accepted_value.is_some()) {
        Basis::Accepted
    } else {
        Basis::Self_
    }
}

/// The index of a period's values on its basis (final, else accepted, else self-assessed).
pub fn score_of<'a>(
    instrument: &Instrument,
    values: impl Iterator<Item = &'a IndicatorValues> + Clone,
) -> Result<MemberScore, AppError> {
    let basis = basis_of(values.clone());
    let values: HashMap<u16, Value> = values
        .filter_map(|v| {
            let value = match basis {
                Basis::Final => v.final_value,
                Basis::Accepted => v.accepted_value,
                Basis::Self_ => v.self_value,
            };
            Some((v.number, value?))
        })
        .collect();
    let (score, _) = score_with(instrument, |n| values.get(&n).copied())?;
    Ok(MemberScore {
        basis,
        index: score.index,
        aspects: score.aspects,
    })
}

fn progress(states: &[IndicatorState]) -> Progress {
    Progress {
        indicators: states.len(),
        submitted: states
            .iter()
            .filter(|s| matches!(s.status, Status::Submitted | Status::Accepted))
            .count(),
        accepted: states
            .iter()
            .filter(|s| s.status == Status::Accepted)
            .count(),
        final_: states
            .iter()
            .filter(|s| s.values.final_value.is_some())
            .count(),
    }
}

/// OPDs leading a draft or returned indicator once the self-assessment stage is over (as the
/// dashboard counts them overdue), in an open period.
fn late_opds(period: &Period, states: &[IndicatorState], timezone: &str) -> usize {
    let over = !period.closed
        && period
            .stages
            .mandiri
            .end
            .as_deref()
            .and_then(parse_iso)
            .is_some_and(|end| today_in(timezone) > end);
    if !over {
        return 0;
    }
    states
        .iter()
        .filter(|s| s.status.editable())
        .filter_map(|s| s.lead_opd)
        .collect::<BTreeSet<i64>>()
        .len()
}
