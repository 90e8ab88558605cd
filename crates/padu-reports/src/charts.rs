//! Charts as plain SVG strings: no script, no chart library, no dependencies, so the same
//! markup goes into a web page and, as an image, into the typeset PDF. Every chart is an
//! accessible image (`role="img"`, a `<title>` and a `<desc>`), shows numbers with a decimal
//! comma as the caller formats them, and escapes every text it is given.
//!
//! - [`bar_chart`]: aspects or indicators as horizontal bars, one per basis (Mandiri, Diterima,
//!   Final);
//! - [`radar_chart`]: one axis per aspect, a polygon per basis;
//! - [`line_chart`]: the index across periods (from [`TrendEntry`] with [`trend_points`]) and
//!   the target;
//! - [`timeline_chart`]: an action plan's effort and planned index per semester;
//! - [`count_chart`]: how many in each category (the overview's predikat bands).

use std::fmt::Write as _;

use padu_core::Instrument;

use crate::model::TrendEntry;
pub use count::{CountBar, CountChart, count_chart};

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

/// A legend of up to three series in the basis colours.
fn legend(out: &mut String, series: &[&str]) {
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

// ---------------------------------------------------------------- trend from a report

/// The points of the trend chart from a report's trend, oldest first. A label such as
/// "2026 S1" is drawn on two lines ("2026", "S1"); `text` writes each index as the document
/// shows it (by the rounding rule of that period's instrument).
pub fn trend_points(trend: &[TrendEntry], text: impl Fn(&TrendEntry) -> String) -> Vec<LinePoint> {
    trend
        .iter()
        .map(|entry| {
            let (first, second) = entry
                .label
                .split_once(' ')
                .unwrap_or((entry.label.as_str(), ""));
            LinePoint {
                label: [first.to_string(), second.trim().to_string()],
                value: entry.index.to_f64(),
                text: text(entry),
                current: entry.current,
            }
        })
        .collect()
}

// ---------------------------------------------------------------- radar

/// At most this many series on a radar (Mandiri, Diterima, Final).
pub const RADAR_SERIES: usize = 3;
const RADAR_HEIGHT: u32 = 470;
const RADAR_RADIUS: f64 = 150.0;
/// Characters per line of an axis label; longer labels wrap onto at most three lines.
const RADAR_LINE: usize = 24;

/// One series of a radar: its name (for the legend) and a value per axis; `None` where it has
/// none (drawn at the centre).
#[derive(Debug, Clone)]
pub struct RadarSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// One axis per aspect from the centre (0) to the scale's maximum, a ring per whole level and
/// a polygon per series (at most [`RADAR_SERIES`]; more are left out), each series in its own
/// colour and line pattern so that it stays apart without colour.
#[derive(Debug, Clone)]
pub struct RadarChart<'a> {
    /// A unique id on the page (for `aria-labelledby`).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub scale: Scale,
    /// The axis labels, clockwise from the top.
    pub axes: Vec<String>,
    pub series: Vec<RadarSeries>,
}

/// Line patterns of the series (solid, dashed, dotted).
const DASHES: [&str; 3] = ["", " stroke-dasharray=\"8 4\"", " stroke-dasharray=\"2 3\""];

pub fn radar_chart(c: &RadarChart<'_>) -> String {
    let (cx, cy) = (f64::from(WIDTH) / 2.0, 250.0);
    let n = c.axes.len();
    let mut out = String::with_capacity(8192);
    open_svg(&mut out, c.id, RADAR_HEIGHT, c.title, c.desc);
    let names: Vec<&str> = c
        .series
        .iter()
        .take(RADAR_SERIES)
        .map(|s| s.name.as_str())
        .collect();
    legend(&mut out, &names);
    let max = f64::from(c.scale.max.max(1));
    #[allow(clippy::cast_precision_loss)]
    let angle =
        |i: usize| std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
    let point = |i: usize, v: f64| {
        let r = RADAR_RADIUS * (v / max).clamp(0.0, 1.0);
        let a = angle(i);
        (cx + r * a.cos(), cy + r * a.sin())
    };
    // a ring per whole level, labelled along the first axis
    for level in 1..=c.scale.max.max(1) {
        let ring: Vec<String> = (0..n)
            .map(|i| {
                let (x, y) = point(i, f64::from(level));
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let (_, ly) = point(0, f64::from(level));
        let _ = write!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{SECONDARY}\" font-size=\"11\">{level}</text>",
            ring.join(" "),
            cx + 4.0,
            ly + 12.0
        );
    }
    // an axis and its label per aspect
    for (i, label) in c.axes.iter().enumerate() {
        let (x, y) = point(i, max);
        let _ = write!(
            out,
            "<line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
        );
        let a = angle(i);
        let (lx, ly) = (
            cx + (RADAR_RADIUS + 12.0) * a.cos(),
            cy + (RADAR_RADIUS + 12.0) * a.sin(),
        );
        let anchor = if a.cos() > 0.2 {
            "start"
        } else if a.cos() < -0.2 {
            "end"
        } else {
            "middle"
        };
        let lines = wrap(label, RADAR_LINE, 3);
        // above the top half, the last line sits on the axis end; below, the first
        #[allow(clippy::cast_precision_loss)]
        let first = if a.sin() < -0.2 {
            ly - 14.0 * (lines.len() as f64 - 1.0)
        } else if a.sin() > 0.2 {
            ly + 10.0
        } else {
            ly + 4.0 - 7.0 * (lines.len() as f64 - 1.0)
        };
        let _ = write!(
            out,
            "<text x=\"{lx:.1}\" y=\"{first:.1}\" fill=\"{TEXT}\" font-size=\"12\" text-anchor=\"{anchor}\">"
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { 0 } else { 14 };
            let _ = write!(
                out,
                "<tspan x=\"{lx:.1}\" dy=\"{dy}\">{}</tspan>",
                escape(line)
            );
        }
        out.push_str("</text>");
    }
    // a polygon and a marker per value for each series
    for ((series, colour), dash) in c
        .series
        .iter()
        .take(RADAR_SERIES)
        .zip(BASIS_COLOURS)
        .zip(DASHES)
    {
        let points: Vec<(f64, f64)> = (0..n)
            .map(|i| point(i, series.values.get(i).copied().flatten().unwrap_or(0.0)))
            .collect();
        let coords: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = write!(
            out,
            "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.08\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>",
            coords.join(" ")
        );
        for (x, y) in points {
            let _ = write!(
                out,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{colour}\"/>"
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Splits `text` at spaces into lines of at most `width` characters (a longer word stays
/// whole), at most `lines` of them, the last cut with an ellipsis when text remains.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if !current.is_empty() && needed > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{kept}…");
        }
    }
    out
}

mod count;
#[cfg(test)]
mod tests;
