//! The organisation tree: instansi (nasional, provinsi, kabupaten/kota) and their OPDs.

use crate::backup::Table;
use crate::entity::{instansi, opd};
use padu_core::access::{InstansiKind, Target};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use crate::audit::{Event, snapshot};
use crate::changes::Key;
use crate::model::{Instansi, NewInstansi, Opd, OpdPatch, Who};
use crate::{Store, StoreError, now_ms};

/// The tables this feature owns in a backup.
pub(crate) const TABLES: &[Table] = &[
    Table::of::<instansi::Entity>("instansi", Some("parent_id")),
    Table::of::<opd::Entity>("opd", None),
];

const OPD_NAME_TAKEN: &str = "nama OPD sudah dipakai di instansi ini";

impl Store {
    pub async fn create_instansi(&self, who: &Who, new: NewInstansi) -> Result<i64, StoreError> {
        if let Some(parent_kind) = new.kind.parent_kind() {
            let parent = match new.parent_id {
                Some(id) => self.instansi(id).await?,
                None => None,
            };
            if parent.map(|p| p.kind) != Some(parent_kind) {
                return Err(StoreError::Invalid(format!(
                    "{} harus berada di bawah instansi {}",
                    new.kind.label(),
                    parent_kind.label()
                )));
            }
        } else if new.parent_id.is_some() {
            return Err(StoreError::Invalid(
                "instansi nasional tidak memiliki induk".into(),
            ));
        }
        let mut w = self.begin_audited().await?;
        let slug = free_slug(&w.txn, &new.name).await?;
        let row = instansi::ActiveModel {
            slug: Set(slug),
            kind: Set(new.kind.code().to_string()),
            name: Set(new.name.clone()),
            parent_id: Set(new.parent_id),
            kode_wilayah: Set(new.kode_wilayah.clone()),
            timezone: Set(new.timezone.clone()),
            created_at_ms: Set(now_ms()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| StoreError::conflict_on_unique(e, "nama instansi sudah dipakai"))?;
        let created = to_instansi(row)?;
        w.record(
            who,
            Event {
                instansi_id: Some(created.id),
                action: "instansi.create",
                entity: "instansi",
                entity_id: Some(created.id.to_string()),
                before: None,
                after: snapshot(Some(&created)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(created.id)
    }

    /// One instansi (from the read cache while nothing of it changed).
    pub async fn instansi(&self, id: i64) -> Result<Option<Instansi>, StoreError> {
        let fresh =
            |_: &Option<Instansi>, mark| !self.changes.changed_since(Key::Instansi(id), mark);
        let read = async {
            instansi::Entity::find_by_id(id)
                .one(&self.db)
                .await?
                .map(to_instansi)
                .transpose()
        };
        self.cached
            .instansi
            .get_or_read(&self.changes, id, fresh, read)
            .await
    }

    pub async fn instansi_by_name(&self, name: &str) -> Result<Option<Instansi>, StoreError> {
        instansi::Entity::find()
            .filter(instansi::Column::Name.eq(name))
            .one(&self.db)
            .await?
            .map(to_instansi)
            .transpose()
    }

    /// The instansi whose URL name is `slug` (the public portal's address).
    pub async fn instansi_by_slug(&self, slug: &str) -> Result<Option<Instansi>, StoreError> {
        instansi::Entity::find()
            .filter(instansi::Column::Slug.eq(slug))
            .one(&self.db)
            .await?
            .map(to_instansi)
            .transpose()
    }

    /// Every instansi, ordered by name.
    pub async fn all_instansi(&self) -> Result<Vec<Instansi>, StoreError> {
        instansi::Entity::find()
            .order_by_asc(instansi::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_instansi)
            .collect()
    }

    /// Where an instansi sits, for permission decisions.
    pub async fn instansi_target(&self, id: i64) -> Result<Option<Target>, StoreError> {
        Ok(self.instansi(id).await?.map(|inst| inst.target()))
    }

    /// Where an OPD sits, for permission decisions.
    pub async fn opd_target(&self, opd_id: i64) -> Result<Option<(Opd, Target)>, StoreError> {
        let Some(opd) = self.opd(opd_id).await? else {
            return Ok(None);
        };
        let Some(inst) = self.instansi(opd.instansi_id).await? else {
            return Ok(None);
        };
        let target = Target::opd(inst.id, inst.province(), opd.id);
        Ok(Some((opd, target)))
    }

    pub async fn create_opd(
        &self,
        who: &Who,
        instansi_id: i64,
        name: &str,
        kind: &str,
    ) -> Result<Opd, StoreError> {
        let mut w = self.begin_audited().await?;
        let row = opd::ActiveModel {
            instansi_id: Set(instansi_id),
            name: Set(name.to_string()),
            kind: Set(kind.to_string()),
            active: Set(true),
            created_at_ms: Set(now_ms()),
            ..Default::default()
        }
        .insert(&w.txn)
        .await
        .map_err(|e| StoreError::conflict_on_unique(e, OPD_NAME_TAKEN))?;
        let created = to_opd(row);
        w.record(
            who,
            Event {
                instansi_id: Some(instansi_id),
                action: "opd.create",
                entity: "opd",
                entity_id: Some(created.id.to_string()),
                before: None,
                after: snapshot(Some(&created)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(created)
    }

    pub async fn update_opd(&self, who: &Who, id: i64, patch: OpdPatch) -> Result<Opd, StoreError> {
        let mut w = self.begin_audited().await?;
        let current = opd::Entity::find_by_id(id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before = to_opd(current.clone());
        let mut row: opd::ActiveModel = current.into();
        if let Some(name) = patch.name {
            row.name = Set(name);
        }
        if let Some(kind) = patch.kind {
            row.kind = Set(kind);
        }
        if let Some(active) = patch.active {
            row.active = Set(active);
        }
        let updated = to_opd(
            row.update(&w.txn)
                .await
                .map_err(|e| StoreError::conflict_on_unique(e, OPD_NAME_TAKEN))?,
        );
        w.record(
            who,
            Event {
                instansi_id: Some(updated.instansi_id),
                action: "opd.update",
                entity: "opd",
                entity_id: Some(id.to_string()),
                before: snapshot(Some(&before)),
                after: snapshot(Some(&updated)),
            },
        )
        .await?;
        w.commit().await?;
        Ok(updated)
    }

    pub async fn opd(&self, id: i64) -> Result<Option<Opd>, StoreError> {
        Ok(opd::Entity::find_by_id(id).one(&self.db).await?.map(to_opd))
    }

    /// The OPDs of an instansi, ordered by name.
    pub async fn opds_of(&self, instansi_id: i64) -> Result<Vec<Opd>, StoreError> {
        Ok(opd::Entity::find()
            .filter(opd::Column::InstansiId.eq(instansi_id))
            .order_by_asc(opd::Column::Name)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_opd)
            .collect())
    }
}

fn to_instansi(row: instansi::Model) -> Result<Instansi, StoreError> {
    let kind = InstansiKind::from_code(&row.kind).ok_or_else(|| {
        StoreError::Invalid(format!("jenis instansi \"{}\" tidak dikenal", row.kind))
    })?;
    Ok(Instansi {
        id: row.id,
        kind,
        name: row.name,
        parent_id: row.parent_id,
        kode_wilayah: row.kode_wilayah,
        timezone: row.timezone,
        slug: row.slug,
    })
}

/// A URL name for an instansi called `name` that no instansi holds yet (inside the writing
/// transaction; the unique index is the last word).
pub(crate) async fn free_slug(
    db: &impl sea_orm::ConnectionTrait,
    name: &str,
) -> Result<String, StoreError> {
    let base = padu_core::text::slug(name);
    let taken: Vec<String> = instansi::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(instansi::Column::Slug.eq(base.clone()))
                .add(instansi::Column::Slug.starts_with(format!("{base}-"))),
        )
        .select_only()
        .column(instansi::Column::Slug)
        .into_tuple()
        .all(db)
        .await?;
    Ok(padu_core::text::unique_slug(&base, |s| {
        taken.iter().any(|t| t == s)
    }))
}

fn to_opd(row: opd::Model) -> Opd {
    Opd {
        id: row.id,
        instansi_id: row.instansi_id,
        name: row.name,
        kind: row.kind,
        active: row.active,
    }
}
