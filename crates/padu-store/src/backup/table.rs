//! One table in an archive: how its rows are written as JSON lines and read back. Each feature
//! declares its tables with [`Table::of`] beside its repository.

use std::collections::HashSet;
use std::fs::File;
use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::pin::Pin;

use sea_orm::sea_query::ColumnType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, IdenStatic, Iterable,
    ModelTrait, PrimaryKeyToColumn, QueryOrder, QuerySelect, Value,
};
use serde_json::Value as Json;

use super::{BATCH, BackupError, PAGE, archive, io};

type Rows<'a> = Pin<Box<dyn Future<Output = Result<u64, BackupError>> + Send + 'a>>;

/// A table of the backup, declared by the feature that owns it.
pub(crate) struct Table {
    pub name: &'static str,
    /// The column through which rows refer to rows of the same table: restored parents first.
    pub parent: Option<&'static str>,
    columns: fn() -> Vec<String>,
    dump: for<'a> fn(&'a DatabaseTransaction, &'a mut (dyn Write + Send), &'a Path) -> Rows<'a>,
    load: for<'a> fn(&'a DatabaseTransaction, &'a Table, &'a Path) -> Rows<'a>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("name", &self.name).finish()
    }
}

impl Table {
    /// The table `name` of entity `E`; `parent` names its self-referencing column, if any.
    pub const fn of<E>(name: &'static str, parent: Option<&'static str>) -> Table
    where
        E: EntityTrait,
        E::ActiveModel: Default + Send,
    {
        Table {
            name,
            parent,
            columns: column_names::<E>,
            dump: dump_boxed::<E>,
            load: load_boxed::<E>,
        }
    }

    /// Its column names, as the entity knows them.
    pub fn columns(&self) -> Vec<String> {
        (self.columns)()
    }

    /// Writes every row, in primary-key order, one JSON object per line; returns the rows.
    pub async fn dump(
        &self,
        txn: &DatabaseTransaction,
        out: &mut (dyn Write + Send),
        path: &Path,
    ) -> Result<u64, BackupError> {
        (self.dump)(txn, out, path).await
    }

    /// Inserts the rows of its file; returns the rows.
    pub async fn load(&self, txn: &DatabaseTransaction, path: &Path) -> Result<u64, BackupError> {
        (self.load)(txn, self, path).await
    }
}

fn column_names<E: EntityTrait>() -> Vec<String> {
    E::Column::iter().map(|c| c.as_str().to_string()).collect()
}

fn dump_boxed<'a, E: EntityTrait>(
    txn: &'a DatabaseTransaction,
    out: &'a mut (dyn Write + Send),
    path: &'a Path,
) -> Rows<'a> {
    Box::pin(dump::<E>(txn, out, path))
}

fn load_boxed<'a, E>(txn: &'a DatabaseTransaction, table: &'a Table, path: &'a Path) -> Rows<'a>
where
    E: EntityTrait,
    E::ActiveModel: Default + Send,
{
    Box::pin(load::<E>(txn, table, path))
}

/// Writes every row of `E`, in primary-key order, one JSON object per line.
async fn dump<E: EntityTrait>(
    txn: &DatabaseTransaction,
    out: &mut (dyn Write + Send),
    path: &Path,
) -> Result<u64, BackupError> {
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let mut rows = 0u64;
    let mut offset = 0u64;
    loop {
        let mut query = E::find();
        for key in E::PrimaryKey::iter() {
            query = query.order_by_asc(key.into_column());
        }
        let page = query.limit(PAGE).offset(offset).all(txn).await?;
        for model in &page {
            let mut object = serde_json::Map::with_capacity(columns.len());
            for column in &columns {
                object.insert(column.as_str().to_string(), to_json(model.get(*column))?);
            }
            serde_json::to_writer(&mut *out, &Json::Object(object))
                .map_err(|e| archive(format!("baris tidak dapat ditulis: {e}")))?;
            out.write_all(b"\n").map_err(io(path))?;
            rows += 1;
        }
        if (page.len() as u64) < PAGE {
            return Ok(rows);
        }
        offset += PAGE;
    }
}

/// Inserts the rows of one table file, in batches; self-referencing tables parents first.
async fn load<E>(txn: &DatabaseTransaction, table: &Table, path: &Path) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::ActiveModel: Default + Send,
{
    let parent = table.parent;
    let table = table.name;
    let columns: Vec<E::Column> = E::Column::iter().collect();
    let file = File::open(path).map_err(io(path))?;
    let mut lines = BufReader::new(file).lines();
    let mut next_row = || -> Result<Option<serde_json::Map<String, Json>>, BackupError> {
        match lines.next() {
            None => Ok(None),
            Some(line) => {
                let line = line.map_err(io(path))?;
                match serde_json::from_str(&line) {
                    Ok(Json::Object(object)) => Ok(Some(object)),
                    _ => Err(archive(format!("tabel {table}: baris bukan objek JSON"))),
                }
            }
        }
    };
    let mut rows = 0u64;
    if let Some(parent) = parent {
        let mut all = Vec::new();
        while let Some(row) = next_row()? {
            all.push(row);
        }
        for batch in parents_first(all, parent).chunks(BATCH) {
            rows += insert::<E>(txn, table, &columns, batch).await?;
        }
        return Ok(rows);
    }
    let mut batch = Vec::with_capacity(BATCH);
    while let Some(row) = next_row()? {
        batch.push(row);
        if batch.len() == BATCH {
            rows += insert::<E>(txn, table, &columns, &batch).await?;
            batch.clear();
        }
    }
    rows += insert::<E>(txn, table, &columns, &batch).await?;
    Ok(rows)
}

/// Rows ordered so that each comes after the row its `parent` column names.
fn parents_first(
    rows: Vec<serde_json::Map<String, Json>>,
    parent: &str,
) -> Vec<serde_json::Map<String, Json>> {
    let mut placed: HashSet<i64> = HashSet::new();
    let mut pending = rows;
    let mut ordered = Vec::with_capacity(pending.len());
    loop {
        let before = pending.len();
        let mut still = Vec::new();
        for row in pending {
            let ready = match row.get(parent).and_then(Json::as_i64) {
                None => true,
                Some(p) => placed.contains(&p),
            };
            if ready {
                if let Some(id) = row.get("id").and_then(Json::as_i64) {
                    placed.insert(id);
                }
                ordered.push(row);
            } else {
                still.push(row);
            }
        }
        pending = still;
        if pending.is_empty() || pending.len() == before {
            // A cycle or a dangling parent: the database's own check will refuse it.
            ordered.extend(pending);
            return ordered;
        }
    }
}

async fn insert<E>(
    txn: &DatabaseTransaction,
    table: &str,
    columns: &[E::Column],
    rows: &[serde_json::Map<String, Json>],
) -> Result<u64, BackupError>
where
    E: EntityTrait,
    E::ActiveModel: Default,
{
    if rows.is_empty() {
        return Ok(0);
    }
    let mut models = Vec::with_capacity(rows.len());
    for row in rows {
        let mut model = <E::ActiveModel as Default>::default();
        for column in columns {
            let json = row.get(column.as_str()).unwrap_or(&Json::Null);
            let value = from_json(column.def().get_column_type(), json).ok_or_else(|| {
                archive(format!(
                    "tabel {table}, kolom {}: nilai {json} tidak sesuai jenisnya",
                    column.as_str()
                ))
            })?;
            model.try_set(*column, value)?;
        }
        models.push(model);
    }
    E::insert_many(models).exec_without_returning(txn).await?;
    Ok(rows.len() as u64)
}

fn to_json(value: Value) -> Result<Json, BackupError> {
    Ok(match value {
        Value::Bool(v) => v.map_or(Json::Null, Json::Bool),
        Value::TinyInt(v) => v.map_or(Json::Null, Json::from),
        Value::SmallInt(v) => v.map_or(Json::Null, Json::from),
        Value::Int(v) => v.map_or(Json::Null, Json::from),
        Value::BigInt(v) => v.map_or(Json::Null, Json::from),
        Value::String(v) => v.map_or(Json::Null, Json::String),
        other => {
            return Err(archive(format!(
                "jenis nilai {other:?} belum didukung pencadangan"
            )));
        }
    })
}

fn from_json(kind: &ColumnType, json: &Json) -> Option<Value> {
    let null = json.is_null();
    Some(match kind {
        ColumnType::Boolean => Value::Bool(if null { None } else { Some(json.as_bool()?) }),
        ColumnType::TinyInteger => Value::TinyInt(if null {
            None
        } else {
            Some(i8::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::SmallInteger => Value::SmallInt(if null {
            None
        } else {
            Some(i16::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::Integer => Value::Int(if null {
            None
        } else {
            Some(i32::try_from(json.as_i64()?).ok()?)
        }),
        ColumnType::BigInteger => Value::BigInt(if null { None } else { Some(json.as_i64()?) }),
        ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => Value::String(if null {
            None
        } else {
            Some(json.as_str()?.to_string())
        }),
        _ => return None,
    })
}
