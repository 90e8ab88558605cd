//! Plain-text tables for terminal output.

use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table with headings; columns are sized to their widest cell.
#[derive(Debug)]
pub struct Table {
    headings: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headings: &[(&'static str, Align)]) -> Self {
        Table {
            headings: headings.to_vec(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.headings.len());
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = self
            .headings
            .iter()
            .enumerate()
            .map(|(i, (heading, _))| {
                self.rows
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| width(c)))
                    .chain(std::iter::once(width(heading)))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let mut line = |cells: Vec<&str>| {
            let last = cells.len().saturating_sub(1);
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                let pad = widths[i].saturating_sub(width(cell));
                let (align, sep) = (self.headings[i].1, if i == last { "" } else { "  " });
                match align {
                    Align::Left if i == last => text.push_str(cell),
                    Align::Left => {
                        let _ = write!(text, "{cell}{}{sep}", " ".repeat(pad));
                    }
                    Align::Right => {
                        let _ = write!(text, "{}{cell}{sep}", " ".repeat(pad));
                    }
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        };
        line(self.headings.iter().map(|(h, _)| *h).collect());
        line(
            widths
                .iter()
                .map(|w| &"------------------------------------------------------------------------------------------------------------------------"[..(*w).min(120)])
                .collect(),
        );
        for row in &self.rows {
            line(row.iter().map(String::as_str).collect());
        }
        out
    }
}
