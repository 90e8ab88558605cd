//! The typed table of an uploaded CSV or XLSX resource (the DataStore): the four column types,
//! how one cell is read, and how a column's type is inferred from all its cells.
//!
//! Kept simple on purpose, and the same for every file:
//! - an empty cell (after trimming) is empty (`NULL`) and fits every type;
//! - **integer**: an optional sign and digits that fit in 64 bits (`-12`, `+7`, `2025`);
//! - **numeric**: an optional sign, digits, one decimal separator (`.` or `,`: Indonesian files
//!   write `12,5`) and digits (`3.25`, `-0,5`); thousands separators are not read (`1.234.567`
//!   is text), neither are exponents or `NaN`;
//! - **date**: `yyyy-mm-dd` or `dd/mm/yyyy` of a real calendar day, stored as `yyyy-mm-dd`;
//! - **text**: anything else.
//!
//! A column's type is the narrowest that fits every non-empty cell: integers and numbers make a
//! numeric column, any other mix makes text; a column with no value at all is text.

use serde::{Deserialize, Serialize};

/// A column's type, named as CKAN's DataStore names it in `fields`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// CKAN's `int`.
    #[serde(rename = "int")]
    Integer,
    Numeric,
    Date,
    Text,
}

impl ColumnType {
    /// The CKAN name: `int`, `numeric`, `date`, `text`.
    pub fn code(self) -> &'static str {
        match self {
            ColumnType::Integer => "int",
            ColumnType::Numeric => "numeric",
            ColumnType::Date => "date",
            ColumnType::Text => "text",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "int" => Some(ColumnType::Integer),
            "numeric" => Some(ColumnType::Numeric),
            "date" => Some(ColumnType::Date),
            "text" => Some(ColumnType::Text),
            _ => None,
        }
    }

    /// The Indonesian label for pages and reports.
    pub fn label(self) -> &'static str {
        match self {
            ColumnType::Integer => "bilangan bulat",
            ColumnType::Numeric => "angka",
            ColumnType::Date => "tanggal",
            ColumnType::Text => "teks",
        }
    }

    /// The narrowest type fitting both (`None` = no value seen yet).
    pub fn join(a: Option<Self>, b: Self) -> Self {
        use ColumnType::*;
        match (a, b) {
            (None, b) => b,
            (Some(a), b) if a == b => a,
            (Some(Integer), Numeric) | (Some(Numeric), Integer) => Numeric,
            _ => Text,
        }
    }
}

/// A column of a table: its header as written (CKAN's field `id`) and its type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableColumn {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ColumnType,
}

/// One cell, typed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Null,
    Int(i64),
    Num(f64),
    /// `yyyy-mm-dd`, or any text.
    Text(String),
}

impl Cell {
    /// The cell as CSV writes it (empty for `NULL`).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(f) => format_num(*f),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// A number as written back: no exponent, no trailing `.0` for whole values.
pub fn format_num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn unsigned(s: &str) -> (&str, &str) {
    match s.as_bytes().first() {
        Some(b'-') => ("-", &s[1..]),
        Some(b'+') => ("", &s[1..]),
        _ => ("", s),
    }
}

/// The integer a (trimmed) cell holds.
pub fn parse_int(s: &str) -> Option<i64> {
    let (sign, digits) = unsigned(s);
    if !is_digits(digits) {
        return None;
    }
    format!("{sign}{digits}").parse().ok()
}

/// The number a (trimmed) cell holds, by the grammar above.
pub fn parse_num(s: &str) -> Option<f64> {
    let (sign, rest) = unsigned(s);
    let (whole, frac) = match rest.find(['.', ',']) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, ""),
    };
    if !is_digits(whole) || (rest.len() > whole.len() && !is_digits(frac)) {
        return None;
    }
    let text = if frac.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac}")
    };
    text.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    if !(is_digits(y) && is_digits(m) && is_digits(d)) {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// The date a (trimmed) cell holds, as `yyyy-mm-dd`.
pub fn parse_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split(['-', '/']).collect();
    match parts.as_slice() {
        [y, m, d] if s.as_bytes().get(4) == Some(&b'-') => ymd(y, m, d),
        [d, m, y] if !s.contains('-') => ymd(y, m, d),
        _ => None,
    }
}

/// The narrowest type of one cell's text (`None` when empty).
pub fn cell_type(raw: &str) -> Option<ColumnType> {
    let s = raw.trim();
    if s.is_empty() {
        None
    } else if parse_int(s).is_some() {
        Some(ColumnType::Integer)
    } else if parse_num(s).is_some() {
        Some(ColumnType::Numeric)
    } else if parse_date(s).is_some() {
        Some(ColumnType::Date)
    } else {
        Some(ColumnType::Text)
    }
}

/// The cell's text read as a column of type `kind` (it fits: the type was inferred from it).
pub fn typed(raw: &str, kind: ColumnType) -> Cell {
    let s = raw.trim();
    if s.is_empty() {
        return Cell::Null;
    }
    let text = || Cell::Text(s.to_string());
    match kind {
        ColumnType::Integer => parse_int(s).map_or_else(text, Cell::Int),
        ColumnType::Numeric => parse_num(s).map_or_else(text, Cell::Num),
        ColumnType::Date => parse_date(s).map_or_else(text, Cell::Text),
        ColumnType::Text => text(),
    }
}

/// A problem found in an uploaded table: the row as the file numbers it (1 = the header line,
/// 0 = the file as a whole) and the column's header (empty for a whole row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableProblem {
    pub row: u64,
    pub column: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_by_the_documented_grammar() {
        assert_eq!(cell_type(" 2025 "), Some(ColumnType::Integer));
        assert_eq!(cell_type("-12"), Some(ColumnType::Integer));
        assert_eq!(cell_type("12,5"), Some(ColumnType::Numeric));
        assert_eq!(parse_num("12,5"), Some(12.5));
        assert_eq!(cell_type("1.234.567"), Some(ColumnType::Text));
        assert_eq!(cell_type("1e5"), Some(ColumnType::Text));
        assert_eq!(cell_type("NaN"), Some(ColumnType::Text));
        assert_eq!(cell_type("99999999999999999999"), Some(ColumnType::Numeric));
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse_date("17/08/2025").as_deref(), Some("2025-08-17"));
        assert_eq!(parse_date("2025-02-29"), None);
        assert_eq!(parse_date("2025/02/01"), None);
        assert_eq!(cell_type(""), None);
        assert_eq!(typed("7", ColumnType::Numeric), Cell::Num(7.0));
        assert_eq!(typed("", ColumnType::Integer), Cell::Null);
    }

    #[test]
    fn a_column_takes_the_narrowest_type_of_all_its_cells() {
        use ColumnType::*;
        assert_eq!(ColumnType::join(Some(Integer), Numeric), Numeric);
        assert_eq!(ColumnType::join(Some(Date), Integer), Text);
        assert_eq!(ColumnType::join(None, Date), Date);
        assert_eq!(format_num(3.0), "3");
        assert_eq!(format_num(2.5), "2.5");
    }
}
