//! The live index of a period: everything its dashboard shows, gathered in a fixed number of
//! database queries whatever the number of indicators, OPDs or periods, and the charts drawn
//! from it as plain SVG (no script, no chart library: the same markup can go into a PDF).
//!
//! Queries of [`load`]: the period, its instansi, the instansi's periods, the period's
//! indicators (three), the instansi's OPDs, its expiring evidence and the indicator values of
//! its other periods (one, for the trend), and the period's action items (one): ten in all.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use padu_core::access::{Action, Target, allows};
use padu_core::evaluation::{PeriodKind, Status};
use padu_core::{Assessment, Exact, Instrument, Score, Value, score};
use padu_store::evaluation::{ActionItem, ActionStatus, Evidence, Period, PeriodIndicator};
use padu_store::{Instansi, Opd};
use time::{Date, Month, OffsetDateTime, UtcOffset};

use super::service::{Basis, period_for};
use crate::auth::extract::Caller;
use crate::error::AppError;
use crate::state::AppState;

/// Evidence expiring within this many days is listed.
pub const EXPIRY_DAYS: i64 = 60;
/// Stages ending within this many days are announced.
pub const DEADLINE_DAYS: i64 = 7;
/// The trend shows at most this many periods (the newest).
pub const TREND_PERIODS: usize = 8;

/// The three bases in the order the dashboard shows them.
pub const BASES: [Basis; 3] = [Basis::Self_, Basis::Accepted, Basis::Final];

/// Everything the dashboard of a period shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    pub period: Period,
    pub instansi: Instansi,
    pub instrument: Arc<Instrument>,
    /// Today in the instansi's zone (WIB, WITA or WIT).
    pub today: Date,
    /// The index on each basis, in [`BASES`] order.
    pub scores: [BasisScore; 3],
    /// Every indicator of the period, by number.
    pub indicators: Vec<PeriodIndicator>,
    /// Each OPD leading at least one indicator, the most overdue first (only the OPDs the
    /// caller may see: an operator sees their own).
    pub progress: Vec<OpdProgress>,
    /// Indicators without a lead OPD.
    pub unassigned: usize,
    /// Carried forward and not yet looked at again.
    pub to_review: Vec<u16>,
    /// Evidence of the instansi expiring within [`EXPIRY_DAYS`] (or already expired).
    pub expiring: Vec<Evidence>,
    /// The index across the instansi's periods, the oldest first.
    pub trend: Vec<TrendPoint>,
    /// Stages of the instansi's open periods ending within [`DEADLINE_DAYS`].
    pub deadlines: Vec<Deadline>,
    /// Names of the instansi's OPDs.
    pub opd_names: HashMap<i64, String>,
    /// The action items of an accepted plan, by semester.
    pub actions: Vec<ActionItem>,
}

/// The index of the period on one basis.
#[derive(Debug, Clone)]
pub struct BasisScore {
    pub basis: Basis,
    /// Exact index, domain and aspect values.
    pub score: Score,
    /// How many indicators have a value on this basis (the others count at the scale's floor).
    pub valued: usize,
}

/// Where an index stands against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgainstTarget {
    Below(Exact),
    Reached,
    Above(Exact),
}

impl BasisScore {
    pub fn against(&self, target: Value) -> AgainstTarget {
        let target = target.exact();
        let index = self.score.index;
        match index.cmp(&target) {
            Ordering::Less => AgainstTarget::Below(difference(target, index)),
            Ordering::Equal => AgainstTarget::Reached,
            Ordering::Greater => AgainstTarget::Above(difference(index, target)),
        }
    }
}

/// `a - b` for `a >= b`, exactly.
pub fn difference(a: Exact, b: Exact) -> Exact {
    let left = a.numerator() * b.denominator();
    let right = b.numerator() * a.denominator();
    Exact::new(
        left.saturating_sub(right),
        a.denominator() * b.denominator(),
    )
}

/// One OPD's indicators (as lead) by review status.
#[derive(Debug, Clone)]
pub struct OpdProgress {
    pub opd_id: i64,
    pub name: String,
    pub draft: usize,
    pub submitted: usize,
    pub returned: usize,
    pub accepted: usize,
    /// Not submitted nor accepted after the end of the self-assessment stage.
    pub overdue: usize,
}

impl OpdProgress {
    pub fn total(&self) -> usize {
        self.draft + self.submitted + self.returned + self.accepted
    }
}

/// One period on the trend.
#[derive(Debug, Clone)]
pub struct TrendPoint {
    pub period_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub instrument: Arc<Instrument>,
    /// From final values where present, else accepted ones, else the scale's floor.
    pub index: Exact,
    /// Every indicator has a final value.
    pub all_final: bool,
    /// The period of this dashboard.
    pub current: bool,
}

/// A stage of an evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Mandiri,
    Dokumen,
    Interviu,
    Visitasi,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Mandiri,
        Stage::Dokumen,
        Stage::Interviu,
        Stage::Visitasi,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Mandiri => "mandiri",
            Stage::Dokumen => "dokumen",
            Stage::Interviu => "interviu",
            Stage::Visitasi => "visitasi",
        }
    }

    fn end(self, period: &Period) -> Option<&str> {
        let range = match self {
            Stage::Mandiri => &period.stages.mandiri,
            Stage::Dokumen => &period.stages.dokumen,
            Stage::Interviu => &period.stages.interviu,
            Stage::Visitasi => &period.stages.visitasi,
        };
        range.end.as_deref()
    }
}

/// A stage of an open period that ends soon (computed on each visit, never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub period_id: i64,
    pub year: i32,
    pub kind: PeriodKind,
    pub stage: Stage,
    /// `yyyy-mm-dd`
    pub end: String,
    /// 0 = today.
    pub days_left: i64,
}

/// Loads the dashboard of period `period_id` for a caller who may see its instansi.
pub async fn load(
    state: &AppState,
    caller: &Caller,
    period_id: i64,
) -> Result<Dashboard, AppError> {
    // 1-2: the period and its instansi, with the permission check
    let ctx = period_for(state, caller, period_id, Action::ViewInstansi).await?;
    let today = today_in(&ctx.instansi.timezone);
    let store = &state.store;
    // 3: every period of the instansi (trend, deadlines)
    let periods = store.periods_of(ctx.instansi.id).await?;
    // 4-6: this period's indicators with contributors and evidence counts
    let indicators = store.period_indicators(period_id).await?;
    // 7: the OPDs
    let opds = store.opds_of(ctx.instansi.id).await?;
    // 8: evidence expiring soon
    let horizon = iso(add_days(today, EXPIRY_DAYS));
    let expiring = store.expiring_evidence(ctx.instansi.id, &horizon).await?;
    // 9: the values of every other period, for the trend (always one query, even for none)
    let others: Vec<i64> = periods
        .iter()
        .filter(|p| p.id != period_id)
        .map(|p| p.id)
        .collect();
    let other_values = store.indicator_values_of_periods(&others).await?;
    // 10: the action items of an accepted plan
    let actions = store.action_items(period_id).await?;

    let instrument = Arc::clone(&ctx.instrument);
    let by_number: HashMap<u16, &PeriodIndicator> =
        indicators.iter().map(|pi| (pi.number, pi)).collect();
    let mut scores = Vec::with_capacity(3);
    for basis in BASES {
        let (score, valued) = score_with(&instrument, |n| {
            by_number.get(&n).and_then(|pi| basis.pick(pi))
        })?;
        scores.push(BasisScore {
            basis,
            score,
            valued,
        });
    }
    let scores: [BasisScore; 3] = scores
        .try_into()
        .map_err(|_| AppError::Internal("three bases".into()))?;

    let mandiri_over = ctx
        .period
        .stages
        .mandiri
        .end
        .as_deref()
        .and_then(parse_iso)
        .is_some_and(|end| today > end);
    let progress = progress(&ctx.instansi, caller, &opds, &indicators, mandiri_over);
    let unassigned = indicators.iter().filter(|pi| pi.lead_opd.is_none()).count();
    let to_review = indicators
        .iter()
        .filter(|pi| pi.to_review)
        .map(|pi| pi.number)
        .collect();

    // The trend: each period's values, final where present else accepted.
    let mut values_of: HashMap<i64, HashMap<u16, Option<Value>>> = HashMap::new();
    let mut finals_of: HashMap<i64, usize> = HashMap::new();
    for v in &other_values {
        values_of
            .entry(v.period_id)
            .or_default()
            .insert(v.number, v.final_value.or(v.accepted_value));
        if v.final_value.is_some() {
            *finals_of.entry(v.period_id).or_default() += 1;
        }
    }
    values_of.insert(
        period_id,
        indicators
            .iter()
            .map(|pi| (pi.number, pi.final_value.or(pi.accepted_value)))
            .collect(),
    );
    finals_of.insert(
        period_id,
        indicators
            .iter()
            .filter(|pi| pi.final_value.is_some())
            .count(),
    );
    let mut trend = Vec::new();
    for p in &periods {
        let Some(values) = values_of.get(&p.id) else {
            continue;
        };
        let Some(inst) = state.catalog.instrument(&p.instrument) else {
            continue;
        };
        let (index, valued) = score_with(inst, |n| values.get(&n).copied().flatten())?;
        if valued == 0 {
            continue;
        }
        trend.push(TrendPoint {
            period_id: p.id,
            year: p.year,
            kind: p.kind,
            instrument: Arc::clone(inst),
            index: index.index,
            all_final: finals_of.get(&p.id).copied().unwrap_or(0) == inst.indicators.len(),
            current: p.id == period_id,
        });
        if trend.len() == TREND_PERIODS {
            break;
        }
    }
    trend.reverse();

    let deadlines = deadlines(&periods, today);
    Ok(Dashboard {
        period: ctx.period,
        instansi: ctx.instansi,
        instrument,
        today,
        scores,
        indicators,
        progress,
        unassigned,
        to_review,
        expiring,
        trend,
        deadlines,
        opd_names: opds.into_iter().map(|o| (o.id, o.name)).collect(),
        actions,
    })
}

/// Scores an instrument from a value per indicator number; missing values count at the floor of
/// the scale (an instansi with nothing still scores the minimum). Returns the exact score and how
/// many indicators had a value.
pub fn score_with(
    instrument: &Instrument,
    pick: impl Fn(u16) -> Option<Value>,
) -> Result<(Score, usize), AppError> {
    let mut valued = 0;
    let values = instrument
        .indicators
        .iter()
        .map(|ind| match pick(ind.number) {
            Some(v) => {
                valued += 1;
                v
            }
            None => instrument.values.min,
        })
        .collect();
    let assessment = Assessment::new(instrument, values)
        .map_err(|p| AppError::Internal(format!("stored values do not fit: {p}")))?;
    Ok((score(instrument, &assessment), valued))
}

fn progress(
    instansi: &Instansi,
    caller: &Caller,
    opds: &[Opd],
    indicators: &[PeriodIndicator],
    mandiri_over: bool,
) -> Vec<OpdProgress> {
    let actor = caller.actor();
    let mut rows: Vec<OpdProgress> = opds
        .iter()
        .filter(|o| {
            allows(
                &actor,
                Action::ViewOpd,
                &Target::opd(instansi.id, instansi.province(), o.id),
            )
        })
        .filter_map(|o| {
            let mut row = OpdProgress {
                opd_id: o.id,
                name: o.name.clone(),
                draft: 0,
                submitted: 0,
                returned: 0,
                accepted: 0,
                overdue: 0,
            };
            for pi in indicators.iter().filter(|pi| pi.lead_opd == Some(o.id)) {
                match pi.status {
                    Status::Draft => row.draft += 1,
                    Status::Submitted => row.submitted += 1,
                    Status::Returned => row.returned += 1,
                    Status::Accepted => row.accepted += 1,
                }
                if mandiri_over && pi.status.editable() {
                    row.overdue += 1;
                }
            }
            (row.total() > 0).then_some(row)
        })
        .collect();
    rows.sort_by(|a, b| b.overdue.cmp(&a.overdue).then_with(|| a.name.cmp(&b.name)));
    rows
}

/// The stages of open periods that end today or within [`DEADLINE_DAYS`], the soonest first.
pub fn deadlines(periods: &[Period], today: Date) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = periods
        .iter()
        .filter(|p| !p.closed)
        .flat_map(|p| {
            Stage::ALL.into_iter().filter_map(move |stage| {
                let end = stage.end(p)?;
                let days_left = (parse_iso(end)? - today).whole_days();
                (0..=DEADLINE_DAYS).contains(&days_left).then(|| Deadline {
                    period_id: p.id,
                    year: p.year,
                    kind: p.kind,
                    stage,
                    end: end.to_string(),
                    days_left,
                })
            })
        })
        .collect();
    out.sort_by(|a, b| a.end.cmp(&b.end).then(a.period_id.cmp(&b.period_id)));
    out
}

/// Today's date in an Indonesian zone (WIB when unknown).
pub fn today_in(zone: &str) -> Date {
    let hours = match zone {
        "WITA" => 8,
        "WIT" => 9,
        _ => 7,
    };
    let offset = UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(offset).date()
}

/// `yyyy-mm-dd`
pub fn iso(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// A `yyyy-mm-dd` date.
pub fn parse_iso(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(time::Duration::days(days)).unwrap_or(date)
}

// ------------------------------------------------------------------------------------------
// Charts

/// The colours of the three bases: blue, orange, near-black. Each has at least 4.8:1 contrast
/// on white, and they differ in lightness too, so they stay apart for colour-blind readers;
/// every bar also carries its value as text.
pub const BASIS_COLOURS: [&str; 3] = ["#0b5394", "#b35900", "#0b0c0c"];
const TEXT: &str = "#0b0c0c";
const SECONDARY: &str = "#484f53";
const GRID: &str = "#b1b4b6";
const WIDTH: u32 = 640;
/// Labels longer than this are cut with an ellipsis (the full text is in the data table).
const MAX_LABEL: usize = 72;

/// Text and attribute values for SVG markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_LABEL {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX_LABEL - 1).collect();
        s.push('…');
        s
    }
}

/// The common opening of a chart: an image with its title and description.
fn open_svg(out: &mut String, id: &str, height: u32, title: &str, desc: &str) {
    let id = escape(id);
    let _ = write!(
        out,
        "<svg class=\"chart__svg\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{id}-judul {id}-ket\" \
         focusable=\"false\" font-size=\"13\">\
         <title id=\"{id}-judul\">{}</title><desc id=\"{id}-ket\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

fn legend(out: &mut String, series: &[&str; 3]) {
    let mut x = 8u32;
    for (label, colour) in series.iter().zip(BASIS_COLOURS) {
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"4\" width=\"14\" height=\"14\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"16\" fill=\"{TEXT}\">{}</text>",
            x + 20,
            escape(label)
        );
        // wide enough for the label at 13 px
        let chars = u32::try_from(label.chars().count()).unwrap_or(20);
        x += 20 + chars * 8 + 24;
    }
}

/// A scale on which values are drawn (1-5 or 0-5).
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub min: u32,
    pub max: u32,
}

impl Scale {
    pub fn of(instrument: &Instrument) -> Scale {
        Scale {
            min: instrument.values.min.floor_level(),
            max: instrument.values.max.floor_level().max(1),
        }
    }

    /// Where `value` falls between 0 (min) and 1 (max).
    fn fraction(self, value: f64) -> f64 {
        let span = f64::from(self.max.saturating_sub(self.min).max(1));
        ((value - f64::from(self.min)) / span).clamp(0.0, 1.0)
    }
}

/// One row of a bar chart: a label and up to three values (position, text).
#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    pub values: [Option<(f64, String)>; 3],
}

/// Horizontal bars, three per row (claimed, accepted, final).
#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// A unique id on the page (for `aria-labelledby`).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub series: [&'a str; 3],
    /// Shown where a row has no value on a basis.
    pub missing: &'a str,
    pub scale: Scale,
    pub rows: Vec<BarRow>,
}

const BAR: u32 = 11;
const BAR_GAP: u32 = 3;
const ROW_LABEL: u32 = 18;
const ROW_GAP: u32 = 14;
const PLOT_LEFT: u32 = 8;
const PLOT_RIGHT: u32 = WIDTH - 64;

pub fn bar_chart(c: &BarChart<'_>) -> String {
    let row_height = ROW_LABEL + 3 * (BAR + BAR_GAP) + ROW_GAP;
    let top = 48u32;
    let rows = u32::try_from(c.rows.len()).unwrap_or(0);
    let height = top + rows * row_height + 4;
    let mut out = String::with_capacity(4096);
    open_svg(&mut out, c.id, height, c.title, c.desc);
    legend(&mut out, &c.series);
    let span = f64::from(PLOT_RIGHT - PLOT_LEFT);
    let x_of = |v: f64| f64::from(PLOT_LEFT) + c.scale.fraction(v) * span;
    // the scale: a line and a label per whole level
    for level in c.scale.min..=c.scale.max {
        let x = x_of(f64::from(level));
        let _ = write!(
            out,
            "<line x1=\"{x:.1}\" y1=\"{}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{x:.1}\" y=\"{}\" fill=\"{SECONDARY}\" font-size=\"12\" text-anchor=\"middle\">{level}</text>",
            top - 6,
            height - 4,
            top - 12
        );
    }
    for (i, row) in c.rows.iter().enumerate() {
        let y = top + u32::try_from(i).unwrap_or(0) * row_height;
        let _ = write!(
            out,
            "<text x=\"{PLOT_LEFT}\" y=\"{}\" fill=\"{TEXT}\" font-weight=\"600\">{}</text>",
            y + 13,
            escape(&cut(&row.label))
        );
        for (j, (value, colour)) in row.values.iter().zip(BASIS_COLOURS).enumerate() {
            let by = y + ROW_LABEL + u32::try_from(j).unwrap_or(0) * (BAR + BAR_GAP);
            match value {
                Some((v, text)) => {
                    // a value at the floor of the scale still shows its colour
                    let w = (x_of(*v) - f64::from(PLOT_LEFT)).max(3.0);
                    let end = f64::from(PLOT_LEFT) + w;
                    let _ = write!(
                        out,
                        "<rect x=\"{PLOT_LEFT}\" y=\"{by}\" width=\"{w:.1}\" height=\"{BAR}\" fill=\"{colour}\"/>"
                    );
                    let _ = write!(
                        out,
                        "<text x=\"{:.1}\" y=\"{}\" fill=\"{TEXT}\" font-size=\"12\">{}</text>",
                        end + 4.0,
                        by + BAR - 1,
                        escape(text)
                    );
                }
                None => {
                    // which basis has no value, since no colour shows it
                    let _ = write!(
                        out,
                        "<text x=\"{}\" y=\"{}\" fill=\"{SECONDARY}\" font-size=\"12\">{}: {}</text>",
                        PLOT_LEFT + 4,
                        by + BAR - 1,
                        escape(c.series[j]),
                        escape(c.missing)
                    );
                }
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// One point of the trend chart.
#[derive(Debug, Clone)]
pub struct LinePoint {
    /// Two short lines under the point (year, kind).
    pub label: [String; 2],
    pub value: f64,
    pub text: String,
    pub current: bool,
}

/// The index across periods as a line, with the target as a dashed line.
#[derive(Debug, Clone)]
pub struct LineChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub scale: Scale,
    pub points: Vec<LinePoint>,
    /// (value, label) of the target line.
    pub target: Option<(f64, String)>,
}

pub fn line_chart(c: &LineChart<'_>) -> String {
    let height = 280u32;
    let (left, right, top, bottom) = (40.0, f64::from(WIDTH) - 24.0, 24.0, 216.0);
    let mut out = String::with_capacity(4096);
    open_svg(&mut out, c.id, height, c.title, c.desc);
    let y_of = |v: f64| bottom - c.scale.fraction(v) * (bottom - top);
    for level in c.scale.min..=c.scale.max {
        let y = y_of(f64::from(level));
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{:.1}\" fill=\"{SECONDARY}\" font-size=\"12\" text-anchor=\"end\">{level}</text>",
            left - 8.0,
            y + 4.0
        );
    }
    if let Some((value, label)) = &c.target {
        let y = y_of(*value);
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#c0311a\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{right}\" y=\"{:.1}\" fill=\"#c0311a\" font-size=\"12\" text-anchor=\"end\">{}</text>",
            y - 6.0,
            escape(label)
        );
    }
    let n = c.points.len();
    let step = if n > 1 {
        (right - left - 48.0) / (n as f64 - 1.0)
    } else {
        0.0
    };
    let x_of = |i: usize| {
        if n > 1 {
            left + 24.0 + step * i as f64
        } else {
            (left + right) / 2.0
        }
    };
    if n > 1 {
        let coords: Vec<String> = c
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x_of(i), y_of(p.value)))
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>",
            coords.join(" "),
            BASIS_COLOURS[0]
        );
    }
    for (i, p) in c.points.iter().enumerate() {
        let (x, y) = (x_of(i), y_of(p.value));
        let (r, fill) = if p.current {
            (7, "#ffffff")
        } else {
            (5, BASIS_COLOURS[0])
        };
        let _ = write!(
            out,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r}\" fill=\"{fill}\" stroke=\"{}\" stroke-width=\"3\"/>\
             <text x=\"{x:.1}\" y=\"{:.1}\" fill=\"{TEXT}\" font-weight=\"700\" text-anchor=\"middle\">{}</text>\
             <text x=\"{x:.1}\" y=\"{}\" fill=\"{TEXT}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\
             <text x=\"{x:.1}\" y=\"{}\" fill=\"{SECONDARY}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            BASIS_COLOURS[0],
            y - 12.0,
            escape(&p.text),
            bottom + 22.0,
            escape(&p.label[0]),
            bottom + 38.0,
            escape(&p.label[1])
        );
    }
    out.push_str("</svg>");
    out
}

// ---------------------------------------------------------------- plan against actual

/// An action item against the indicator's current value (accepted, else claimed).
#[derive(Debug, Clone)]
pub struct ActionProgress {
    pub item: ActionItem,
    pub current: Option<Value>,
    /// The current value is at or above the item's target level.
    pub reached: bool,
    /// Past its due date, not reached and not done or cancelled.
    pub overdue: bool,
}

/// One semester of the plan: effort planned in it and the index once its items are done.
#[derive(Debug, Clone)]
pub struct PlanSemester {
    pub semester: u32,
    pub effort: u64,
    pub planned_index: Exact,
}

/// Plan against actual: each action item with its indicator's current value, the planned
/// index and effort per semester, and the actual index (accepted, else claimed values; the
/// floor where neither), the values the planner starts from.
pub fn plan_vs_actual(
    d: &Dashboard,
) -> Result<(Vec<ActionProgress>, Vec<PlanSemester>, Exact), AppError> {
    let current_of = |n: u16| {
        d.indicators
            .iter()
            .find(|pi| pi.number == n)
            .and_then(|pi| pi.accepted_value.or(pi.self_value))
    };
    let rows = d
        .actions
        .iter()
        .map(|a| {
            let current = current_of(a.number);
            let reached = current.is_some_and(|v| v >= a.to);
            let open = matches!(a.status, ActionStatus::Rencana | ActionStatus::Berjalan);
            let overdue =
                open && !reached && parse_iso(&a.due_date).is_some_and(|due| d.today > due);
            ActionProgress {
                item: a.clone(),
                current,
                reached,
                overdue,
            }
        })
        .collect();
    let (actual, _) = score_with(&d.instrument, current_of)?;
    let live: Vec<&ActionItem> = d
        .actions
        .iter()
        .filter(|a| a.status != ActionStatus::Batal)
        .collect();
    let last = live.iter().map(|a| a.target_period).max().unwrap_or(0);
    let mut semesters = Vec::new();
    for semester in 1..=last {
        let effort = live
            .iter()
            .filter(|a| a.target_period == semester)
            .map(|a| a.effort_days)
            .sum();
        let (planned, _) = score_with(&d.instrument, |n| {
            let planned = live
                .iter()
                .filter(|a| a.number == n && a.target_period <= semester)
                .map(|a| a.to)
                .max();
            match (current_of(n), planned) {
                (Some(c), Some(p)) => Some(c.max(p)),
                (c, p) => c.or(p),
            }
        })?;
        semesters.push(PlanSemester {
            semester,
            effort,
            planned_index: planned.index,
        });
    }
    Ok((rows, semesters, actual.index))
}

/// The plan's timeline: planned effort per semester as bars (against the most effort of any
/// semester), the planned index as a line on the instrument's scale, the actual index dashed.
#[derive(Debug, Clone)]
pub struct TimelineChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// Effort, planned index, actual index.
    pub series: [&'a str; 3],
    pub scale: Scale,
    /// (label, effort, planned index, effort text, index text) per semester.
    pub semesters: Vec<(String, u64, f64, String, String)>,
    /// (actual index, its text).
    pub actual: (f64, String),
}

pub fn timeline_chart(c: &TimelineChart<'_>) -> String {
    let height = 300u32;
    let (left, right, top, bottom) = (40.0, f64::from(WIDTH) - 24.0, 40.0, 250.0);
    let mut out = String::with_capacity(4096);
    open_svg(&mut out, c.id, height, c.title, c.desc);
    legend(&mut out, &c.series);
    let y_of = |v: f64| bottom - c.scale.fraction(v) * (bottom - top);
    for level in c.scale.min..=c.scale.max {
        let y = y_of(f64::from(level));
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"{:.1}\" fill=\"{SECONDARY}\" font-size=\"12\" text-anchor=\"end\">{level}</text>",
            left - 8.0,
            y + 4.0
        );
    }
    let n = c.semesters.len().max(1);
    #[allow(clippy::cast_precision_loss)]
    let slot = (right - left) / n as f64;
    let most = c.semesters.iter().map(|s| s.1).max().unwrap_or(0).max(1);
    let mut points = Vec::new();
    for (i, (label, effort, index, effort_text, index_text)) in c.semesters.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = left + slot * i as f64;
        #[allow(clippy::cast_precision_loss)]
        let h = (bottom - top) * (*effort as f64) / (most as f64);
        let w = (slot * 0.5).min(80.0);
        let bx = x + (slot - w) / 2.0;
        let cx = x + slot / 2.0;
        let _ = write!(
            out,
            "<rect x=\"{bx:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\" fill-opacity=\"0.35\"/>\
             <text x=\"{cx:.1}\" y=\"{:.1}\" fill=\"{TEXT}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\
             <text x=\"{cx:.1}\" y=\"{}\" fill=\"{SECONDARY}\" font-size=\"12\" text-anchor=\"middle\">{}</text>",
            bottom - h,
            BASIS_COLOURS[0],
            bottom - h - 4.0,
            escape(effort_text),
            height - 30,
            escape(label)
        );
        let y = y_of(*index);
        points.push(format!("{cx:.1},{y:.1}"));
        let _ = write!(
            out,
            "<circle cx=\"{cx:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{TEXT}\" font-size=\"12\">{}</text>",
            BASIS_COLOURS[1],
            cx + 8.0,
            y - 6.0,
            escape(index_text)
        );
    }
    if points.len() > 1 {
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"3\"/>",
            points.join(" "),
            BASIS_COLOURS[1]
        );
    }
    let y = y_of(c.actual.0);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{right}\" y=\"{:.1}\" fill=\"{TEXT}\" font-size=\"12\" text-anchor=\"end\">{}</text>",
        BASIS_COLOURS[2],
        y - 6.0,
        escape(&c.actual.1)
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_exact() {
        let a = Value(260).exact();
        let b = Exact::new(2245, 1000);
        assert_eq!(difference(a, b), Exact::new(355, 1000));
        assert_eq!(difference(b, b), Exact::new(0, 1));
    }

    #[test]
    fn dates_round_trip() {
        let d = parse_iso("2026-08-17").expect("a date");
        assert_eq!(iso(d), "2026-08-17");
        assert_eq!(iso(add_days(d, 15)), "2026-09-01");
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("17-08-2026"), None);
    }

    fn period(id: i64, closed: bool, mandiri_end: &str, dokumen_end: &str) -> Period {
        let mut p = Period {
            id,
            instansi_id: 1,
            year: 2026,
            kind: PeriodKind::Evaluasi,
            instrument: "permenpanrb-8-2026".into(),
            carried_from: None,
            target: None,
            closed,
            stages: padu_store::evaluation::Stages::default(),
            created_at_ms: 0,
        };
        p.stages.mandiri.end = Some(mandiri_end.into());
        p.stages.dokumen.end = Some(dokumen_end.into());
        p
    }

    #[test]
    fn deadlines_are_the_stages_ending_within_a_week_of_open_periods() {
        let today = parse_iso("2026-08-17").expect("date");
        let periods = [
            period(1, false, "2026-08-24", "2026-08-25"),
            period(2, false, "2026-08-16", "2026-08-17"),
            period(3, true, "2026-08-18", "2026-08-18"),
        ];
        let found: Vec<(i64, Stage, i64)> = deadlines(&periods, today)
            .into_iter()
            .map(|d| (d.period_id, d.stage, d.days_left))
            .collect();
        assert_eq!(
            found,
            vec![(2, Stage::Dokumen, 0), (1, Stage::Mandiri, 7)],
            "yesterday, a closed period and 8 days ahead are left out"
        );
    }

    #[test]
    fn chart_text_is_escaped_and_described() {
        let svg = bar_chart(&BarChart {
            id: "grafik-uji",
            title: "Aspek <1> & \"dua\"",
            desc: "Nilai klaim, diterima dan final",
            series: ["Klaim", "Diterima", "Final"],
            missing: "belum ada",
            scale: Scale { min: 1, max: 5 },
            rows: vec![BarRow {
                label: "Tata Kelola & Manajemen".into(),
                values: [Some((2.5, "2,50".into())), None, Some((1.0, "1,00".into()))],
            }],
        });
        assert!(svg.starts_with("<svg class=\"chart__svg\""));
        assert!(svg.contains(
            "<title id=\"grafik-uji-judul\">Aspek &lt;1&gt; &amp; &quot;dua&quot;</title>"
        ));
        assert!(svg.contains("<desc id=\"grafik-uji-ket\">"));
        assert!(svg.contains("Tata Kelola &amp; Manajemen"));
        assert!(svg.contains(">2,50<") && svg.contains(">Diterima: belum ada<"));
        assert!(!svg.contains("style="));
        // 2.5 on 1-5 is 3/8 of the plot
        let expected = f64::from(PLOT_RIGHT - PLOT_LEFT) * 0.375;
        assert!(svg.contains(&format!("width=\"{expected:.1}\"")));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_labels_are_cut() {
        let long = "x".repeat(100);
        assert_eq!(cut(&long).chars().count(), MAX_LABEL);
        assert!(cut(&long).ends_with('…'));
        assert_eq!(cut("pendek"), "pendek");
    }

    #[test]
    fn the_trend_draws_every_point_and_the_target() {
        let point = |year: &str, v: f64, current| LinePoint {
            label: [year.into(), "Evaluasi".into()],
            value: v,
            text: format!("{v:.2}").replace('.', ","),
            current,
        };
        let svg = line_chart(&LineChart {
            id: "tren",
            title: "Tren indeks",
            desc: "Indeks per periode",
            scale: Scale { min: 1, max: 5 },
            points: vec![point("2024", 1.55, false), point("2026", 2.1, true)],
            target: Some((2.6, "Target 2,60".into())),
        });
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("<polyline"));
        assert!(svg.contains(">Target 2,60<") && svg.contains("stroke-dasharray"));
        assert!(svg.contains(">1,55<") && svg.contains(">2024<"));
    }
}
