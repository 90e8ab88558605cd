//! Reading a version's rows: equality filters (a list of values = any of them), a search in the
//! text columns (case-insensitive, every word), sorting, limit and offset, keyset paging after
//! an `_id`, and the total: the stored row count when nothing narrows the rows (no counting),
//! else one `COUNT(*)` with the same conditions.

use padu_core::satu_data::table::{Cell, ColumnType};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, Func, LikeExpr, Order, Query};
use sea_orm::{ConnectionTrait, QueryResult};

use super::datastore::{DatastoreVersion, cell_value, column_name};
use crate::{Store, StoreError};

/// Which rows to read (columns by their 0-based index).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowQuery {
    /// Each column's value must be one of these (`Cell::Null`: empty).
    pub filters: Vec<(usize, Vec<Cell>)>,
    /// Words every one of which some text column of the row contains.
    pub q: Vec<String>,
    /// Words that one column must contain.
    pub q_columns: Vec<(usize, Vec<String>)>,
    /// `(None = _id, descending)`; `_id` ascending when empty.
    pub sort: Vec<(Option<usize>, bool)>,
    /// Only rows after this `_id` (keyset paging; sorts by `_id`).
    pub after_id: Option<i64>,
    pub limit: u64,
    pub offset: u64,
    pub include_total: bool,
}

/// A page of rows: each row's `_id` and its cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowPage {
    pub rows: Vec<(i64, Vec<Cell>)>,
    pub total: Option<i64>,
}

/// A file name as one URL path segment (percent-encoded).
pub fn url_segment(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn like(word: &str) -> LikeExpr {
    let mut pattern = String::from("%");
    for c in word.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('\\')
}

fn contains(col: usize, word: &str) -> Expr {
    Expr::expr(Func::lower(Expr::col(Alias::new(column_name(col))))).like(like(word))
}

fn conditions(v: &DatastoreVersion, q: &RowQuery) -> Cond {
    let mut all = Cond::all();
    for (col, values) in &q.filters {
        let Some(c) = v.columns.get(*col) else {
            continue;
        };
        let name = Alias::new(column_name(*col));
        let mut any = Cond::any();
        for value in values {
            any = any.add(match value {
                Cell::Null => Expr::col(name.clone()).is_null(),
                value => Expr::col(name.clone()).eq(Expr::val(cell_value(value, c.kind))),
            });
        }
        all = all.add(any);
    }
    let text: Vec<usize> = v
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.kind, ColumnType::Text | ColumnType::Date))
        .map(|(i, _)| i)
        .collect();
    for word in &q.q {
        let mut any = Cond::any();
        for col in &text {
            any = any.add(contains(*col, word));
        }
        if text.is_empty() {
            any = any.add(Expr::val(1).eq(0));
        }
        all = all.add(any);
    }
    for (col, words) in &q.q_columns {
        for word in words {
            all = all.add(contains(*col, word));
        }
    }
    if let Some(after) = q.after_id {
        all = all.add(Expr::col(Alias::new("_id")).gt(after));
    }
    all
}

fn narrowed(q: &RowQuery) -> bool {
    !q.filters.is_empty() || !q.q.is_empty() || !q.q_columns.is_empty() || q.after_id.is_some()
}

fn read_row(v: &DatastoreVersion, row: &QueryResult) -> Result<(i64, Vec<Cell>), StoreError> {
    let id: i64 = row.try_get("", "_id")?;
    let mut cells = Vec::with_capacity(v.columns.len());
    for (i, c) in v.columns.iter().enumerate() {
        let name = column_name(i);
        cells.push(match c.kind {
            ColumnType::Integer => row
                .try_get::<Option<i64>>("", &name)?
                .map_or(Cell::Null, Cell::Int),
            ColumnType::Numeric => row
                .try_get::<Option<f64>>("", &name)?
                .map_or(Cell::Null, Cell::Num),
            ColumnType::Date | ColumnType::Text => row
                .try_get::<Option<String>>("", &name)?
                .map_or(Cell::Null, Cell::Text),
        });
    }
    Ok((id, cells))
}

impl Store {
    /// The rows of version `v` that `q` asks for.
    pub async fn datastore_rows(
        &self,
        v: &DatastoreVersion,
        q: &RowQuery,
    ) -> Result<RowPage, StoreError> {
        let table = Alias::new(v.table_name.clone());
        let backend = self.db.get_database_backend();
        let mut select = Query::select();
        select.column(Alias::new("_id"));
        for i in 0..v.columns.len() {
            select.column(Alias::new(column_name(i)));
        }
        select
            .from(table.clone())
            .cond_where(conditions(v, q))
            .limit(q.limit)
            .offset(q.offset);
        if q.after_id.is_none() {
            for (col, desc) in &q.sort {
                let name = col.map_or_else(|| "_id".to_string(), column_name);
                select.order_by(
                    Alias::new(name),
                    if *desc { Order::Desc } else { Order::Asc },
                );
            }
        }
        if !q.sort.iter().any(|(c, _)| c.is_none()) || q.after_id.is_some() {
            select.order_by(Alias::new("_id"), Order::Asc);
        }
        let rows = self.db.query_all_raw(backend.build(&select)).await?;
        let rows = rows
            .iter()
            .map(|r| read_row(v, r))
            .collect::<Result<Vec<_>, _>>()?;
        let total = if !q.include_total {
            None
        } else if !narrowed(q) {
            Some(v.row_count)
        } else {
            let mut count = Query::select();
            count
                .expr_as(Expr::col(Alias::new("_id")).count(), Alias::new("n"))
                .from(table)
                .cond_where(conditions(v, q));
            let row = self.db.query_one_raw(backend.build(&count)).await?;
            Some(match row {
                Some(r) => r.try_get::<i64>("", "n")?,
                None => 0,
            })
        };
        Ok(RowPage { rows, total })
    }
}
