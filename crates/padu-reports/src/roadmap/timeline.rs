//! The roadmap's timeline: an SVG like a Gantt chart, one band per group (an OPD or an
//! indicator) and one bar per item over the years it runs, coloured by its status. The same SVG
//! is drawn on the roadmap page and in the Peta Rencana document (PDF).

use padu_core::peta_rencana::ItemStatus;

/// One row of the timeline.
#[derive(Debug, Clone, Copy)]
pub struct Bar<'a> {
    /// The band it stands in: the OPD's name, or the indicator's label.
    pub group: &'a str,
    pub title: &'a str,
    pub years: &'a [i32],
    pub status: ItemStatus,
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn colour(s: ItemStatus) -> &'static str {
    match s {
        ItemStatus::BelumMulai => "#b1b4b6",
        ItemStatus::Berjalan => "#1d70b8",
        ItemStatus::Selesai => "#00703c",
        ItemStatus::Tertunda => "#f47738",
        ItemStatus::Batal => "#d4351c",
    }
}

const LABEL: i32 = 320;
const YEAR: i32 = 90;
const ROW: i32 = 22;
const HEAD: i32 = 28;

/// The SVG of `bars` (already ordered by group) over `span`, titled `title` for screen readers.
pub fn svg(title: &str, span: std::ops::RangeInclusive<i32>, bars: &[Bar<'_>]) -> String {
    let years: Vec<i32> = span.clone().collect();
    let width = LABEL + YEAR * i32::try_from(years.len()).unwrap_or(0) + 10;
    let mut rows = 0i32;
    let mut body = String::new();
    let mut last_group: Option<&str> = None;
    for bar in bars {
        if last_group != Some(bar.group) {
            let y = HEAD + rows * ROW;
            body.push_str(&format!(
                "<text x=\"4\" y=\"{}\" font-weight=\"bold\" font-size=\"13\">{}</text>",
                y + 15,
                escape(&cut(bar.group, 44))
            ));
            rows += 1;
            last_group = Some(bar.group);
        }
        let y = HEAD + rows * ROW;
        body.push_str(&format!(
            "<text x=\"16\" y=\"{}\" font-size=\"12\">{}</text>",
            y + 15,
            escape(&cut(bar.title, 46))
        ));
        for year in bar.years {
            if let Some(i) = years.iter().position(|y| y == year) {
                let x = LABEL + YEAR * i32::try_from(i).unwrap_or(0);
                body.push_str(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} · {} · {}</title></rect>",
                    x + 2,
                    y + 4,
                    YEAR - 4,
                    ROW - 8,
                    colour(bar.status),
                    escape(bar.title),
                    year,
                    bar.status.label()
                ));
            }
        }
        rows += 1;
    }
    let height = HEAD + rows * ROW + 6;
    let mut head = String::new();
    for (i, y) in years.iter().enumerate() {
        let x = LABEL + YEAR * i32::try_from(i).unwrap_or(0);
        head.push_str(&format!(
            "<text x=\"{}\" y=\"18\" font-size=\"13\" text-anchor=\"middle\">{y}</text><line x1=\"{x}\" y1=\"{HEAD}\" x2=\"{x}\" y2=\"{height}\" stroke=\"#dddddd\"/>",
            x + YEAR / 2
        ));
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" role=\"img\" aria-labelledby=\"timeline-judul\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\"><title id=\"timeline-judul\">{}</title>{head}{body}</svg>",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_band_per_opd_and_one_bar_per_year_escaped() {
        let a = [2026, 2027];
        let b = [2029];
        let out = svg(
            "Linimasa",
            2025..=2029,
            &[
                Bar {
                    group: "Diskominfo",
                    title: "Pusat data <baru>",
                    years: &a,
                    status: ItemStatus::Berjalan,
                },
                Bar {
                    group: "Diskominfo",
                    title: "SSO",
                    years: &b,
                    status: ItemStatus::BelumMulai,
                },
                Bar {
                    group: "Bappeda",
                    title: "Satu perencanaan",
                    years: &[2030],
                    status: ItemStatus::Selesai,
                },
            ],
        );
        assert_eq!(
            out.matches("<rect").count(),
            3,
            "2030 lies outside the span"
        );
        assert_eq!(out.matches("font-weight=\"bold\"").count(), 2);
        assert!(out.contains("Pusat data &lt;baru&gt;"));
        assert!(!out.contains("<baru>"));
    }
}
