//! How many of something fall in each category, as horizontal bars with the count at the end:
//! the overview's members per predikat band, on its page and in its PDF.

use std::fmt::Write as _;

use super::{BASIS_COLOURS, SECONDARY, TEXT, WIDTH, cut, escape, open_svg};
use crate::format::thousands;

/// One bar: a label and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountBar {
    pub label: String,
    pub count: usize,
}

/// Bars from zero to the largest count, one per category, in the given order.
#[derive(Debug, Clone)]
pub struct CountChart<'a> {
    /// A unique id on the page (for `aria-labelledby`).
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub bars: Vec<CountBar>,
}

const LABEL: u32 = 190;
const ROW: u32 = 28;
const BAR: u32 = 18;
/// Room at the right for the count.
const END: u32 = 56;
const TRACK: &str = "#f3f2f1";

pub fn count_chart(c: &CountChart<'_>) -> String {
    let rows = u32::try_from(c.bars.len()).unwrap_or(0);
    let height = ROW * rows + 8;
    let mut out = String::with_capacity(1024);
    open_svg(&mut out, c.id, height, c.title, c.desc);
    let span = WIDTH - LABEL - END;
    let max = c.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    for (i, bar) in c.bars.iter().enumerate() {
        let y = 4 + ROW * u32::try_from(i).unwrap_or(0);
        // proportional, and a count above zero always shows
        let share = u64::try_from(bar.count).unwrap_or(u64::MAX) * u64::from(span)
            / u64::try_from(max).unwrap_or(1);
        let width = u32::try_from(share)
            .unwrap_or(span)
            .max(u32::from(bar.count > 0) * 3);
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{ty}\" fill=\"{TEXT}\">{}</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{span}\" height=\"{BAR}\" fill=\"{TRACK}\"/>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{width}\" height=\"{BAR}\" fill=\"{}\"/>\
             <text x=\"{tx}\" y=\"{ty}\" fill=\"{}\" font-weight=\"600\">{}</text>",
            escape(&cut(&bar.label)),
            BASIS_COLOURS[0],
            if bar.count == 0 { SECONDARY } else { TEXT },
            thousands(u64::try_from(bar.count).unwrap_or(u64::MAX)),
            ty = y + 14,
            tx = LABEL + span + 8,
        );
    }
    out.push_str("</svg>");
    out
}
