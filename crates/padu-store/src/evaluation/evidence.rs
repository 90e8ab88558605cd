//! Evidence items (files or links), their links to indicators and their reviews.

use padu_core::evaluation::{EvidenceReview, Status, auto_rejections};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{Evidence, EvidenceKind, LinkedEvidence};
use crate::audit::{Event, snapshot};
use crate::entity::{evidence, indicator_evidence, period, period_indicator};
use crate::model::Who;
use crate::{Store, StoreError, now_ms};

/// An assessor's verdict on one linked evidence item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub review: EvidenceReview,
    pub note: Option<String>,
}

/// A new evidence item: an uploaded file (already stored by its SHA-256) or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub instansi_id: i64,
    pub kind: EvidenceKind,
    pub name: String,
    pub sha256: Option<String>,
    pub size: Option<i64>,
    pub content_type: Option<String>,
    pub url: Option<String>,
    pub uploaded_by: Option<i64>,
    pub effective_date: Option<String>,
    pub expiry_date: Option<String>,
}

pub(super) fn to_evidence(r: evidence::Model) -> Evidence {
    Evidence {
        id: r.id,
        instansi_id: r.instansi_id,
        kind: if r.kind == "link" {
            EvidenceKind::Link
        } else {
            EvidenceKind::File
        },
        name: r.name,
        sha256: r.sha256,
        size: r.size,
        content_type: r.content_type,
        url: r.url,
        uploaded_by: r.uploaded_by,
        created_at_ms: r.created_at_ms,
        effective_date: r.effective_date,
        expiry_date: r.expiry_date,
    }
}

impl Store {
    /// Records a new evidence item and links it to an indicator for `level`, in one transaction,
    /// while the indicator is in one of `expect`.
    pub async fn add_evidence(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        expect: &[Status],
        new: NewEvidence,
        level: u32,
    ) -> Result<(Evidence, i64), StoreError> {
        let mut w = self.begin_audited().await?;
        let row = evidence::ActiveModel {
            instansi_id: Set(new.instansi_id),
            kind: Set(match new.kind {
                EvidenceKind::File => "file".into(),
                EvidenceKind::Link => "link".into(),
            }),
            name: Set(new.name),
            sha256: Set(new.sha256),
            size: Set(new.size),
            content_type: Set(new.content_type),
            url: Set(new.url),
            uploaded_by: Set(new.uploaded_by),
            created_at_ms: Set(now_ms()),
            effective_date: Set(new.effective_date),
            expiry_date: Set(new.expiry_date),
            ..Default::default()
        }
        .insert(&w.txn)
        .await?;
        let item = to_evidence(row);
        w.record(
            who,
            Event {
                instansi_id: Some(item.instansi_id),
                action: "evidence.create",
                entity: "evidence",
                entity_id: Some(item.id.to_string()),
                before: None,
                after: snapshot(Some(&item)),
            },
        )
        .await?;
        let link_id = link(&mut w, who, period_id, number, expect, item.id, level).await?;
        w.commit().await?;
        Ok((item, link_id))
    }

    /// Links an existing evidence item of the same instansi (reuse without uploading again).
    pub async fn link_evidence(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        expect: &[Status],
        evidence_id: i64,
        level: u32,
    ) -> Result<i64, StoreError> {
        let mut w = self.begin_audited().await?;
        let link_id = link(&mut w, who, period_id, number, expect, evidence_id, level).await?;
        w.commit().await?;
        Ok(link_id)
    }

    pub async fn evidence(&self, id: i64) -> Result<Option<Evidence>, StoreError> {
        Ok(evidence::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_evidence))
    }

    /// The evidence of an instansi, the newest first (for reuse).
    pub async fn evidence_of_instansi(
        &self,
        instansi_id: i64,
    ) -> Result<Vec<Evidence>, StoreError> {
        Ok(evidence::Entity::find()
            .filter(evidence::Column::InstansiId.eq(instansi_id))
            .order_by_desc(evidence::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_evidence)
            .collect())
    }

    /// The newest `limit` evidence items of an instansi that may be linked again, leaving out
    /// `except` (those already linked); with `search`, only those whose name contains it
    /// (case-insensitively, `%` and `_` taken literally). One query however much evidence the
    /// instansi has.
    pub async fn reusable_evidence(
        &self,
        instansi_id: i64,
        search: &str,
        except: &[i64],
        limit: u64,
    ) -> Result<Vec<Evidence>, StoreError> {
        self.search_evidence(instansi_id, search, except, limit, 0)
            .await
    }

    /// [`Store::reusable_evidence`] from the `offset`-th item on (the API's pages).
    pub async fn search_evidence(
        &self,
        instansi_id: i64,
        search: &str,
        except: &[i64],
        limit: u64,
        offset: u64,
    ) -> Result<Vec<Evidence>, StoreError> {
        use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
        let mut query = evidence::Entity::find()
            .filter(evidence::Column::InstansiId.eq(instansi_id))
            .filter(evidence::Column::Id.is_not_in(except.iter().copied()));
        let search = search.trim();
        if !search.is_empty() {
            let mut pattern = String::from("%");
            for c in search.to_lowercase().chars() {
                if matches!(c, '%' | '_' | '\\') {
                    pattern.push('\\');
                }
                pattern.push(c);
            }
            pattern.push('%');
            query = query.filter(
                Expr::expr(Func::lower(Expr::col(evidence::Column::Name)))
                    .like(LikeExpr::new(pattern).escape('\\')),
            );
        }
        Ok(query
            .order_by_desc(evidence::Column::Id)
            .limit(limit)
            .offset(offset)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_evidence)
            .collect())
    }

    /// The evidence linked to an indicator, by level then upload order.
    pub async fn indicator_evidence(
        &self,
        period_id: i64,
        number: u16,
    ) -> Result<Vec<LinkedEvidence>, StoreError> {
        let Some(pi) = self.period_indicator(period_id, number).await? else {
            return Ok(Vec::new());
        };
        let links = indicator_evidence::Entity::find()
            .filter(indicator_evidence::Column::PeriodIndicatorId.eq(pi.id))
            .order_by_asc(indicator_evidence::Column::Level)
            .order_by_asc(indicator_evidence::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = links.iter().map(|l| l.evidence_id).collect();
        let items: Vec<Evidence> = evidence::Entity::find()
            .filter(evidence::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_evidence)
            .collect();
        Ok(links
            .into_iter()
            .filter_map(|l| {
                let item = items.iter().find(|e| e.id == l.evidence_id)?.clone();
                Some(LinkedEvidence {
                    link_id: l.id,
                    evidence: item,
                    level: u32::try_from(l.level).unwrap_or(1),
                    review: EvidenceReview::from_code(&l.review)
                        .unwrap_or(EvidenceReview::BelumDitinjau),
                    note: l.note,
                })
            })
            .collect())
    }

    /// The evidence of every indicator of a period as (indicator number, link), by number, level
    /// and upload order: three queries whatever the number of indicators (for reports).
    pub async fn period_evidence(
        &self,
        period_id: i64,
    ) -> Result<Vec<(u16, LinkedEvidence)>, StoreError> {
        use sea_orm::QuerySelect;
        let numbers: Vec<(i64, i32)> = period_indicator::Entity::find()
            .select_only()
            .columns([
                period_indicator::Column::Id,
                period_indicator::Column::Number,
            ])
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .into_tuple()
            .all(&self.db)
            .await?;
        let links = indicator_evidence::Entity::find()
            .filter(
                indicator_evidence::Column::PeriodIndicatorId
                    .is_in(numbers.iter().map(|(id, _)| *id)),
            )
            .order_by_asc(indicator_evidence::Column::Level)
            .order_by_asc(indicator_evidence::Column::Id)
            .all(&self.db)
            .await?;
        let items: std::collections::HashMap<i64, Evidence> = evidence::Entity::find()
            .filter(evidence::Column::Id.is_in(links.iter().map(|l| l.evidence_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|e| (e.id, to_evidence(e)))
            .collect();
        let number_of: std::collections::HashMap<i64, u16> = numbers
            .into_iter()
            .filter_map(|(id, n)| Some((id, u16::try_from(n).ok()?)))
            .collect();
        let mut out: Vec<(u16, LinkedEvidence)> = links
            .into_iter()
            .filter_map(|l| {
                let number = *number_of.get(&l.period_indicator_id)?;
                Some((
                    number,
                    LinkedEvidence {
                        link_id: l.id,
                        evidence: items.get(&l.evidence_id)?.clone(),
                        level: u32::try_from(l.level).unwrap_or(1),
                        review: EvidenceReview::from_code(&l.review)
                            .unwrap_or(EvidenceReview::BelumDitinjau),
                        note: l.note,
                    },
                ))
            })
            .collect();
        // stable: level and upload order are kept within each indicator
        out.sort_by_key(|(number, _)| *number);
        Ok(out)
    }

    /// Reviews one linked evidence item; items above a level that is not fully accepted are
    /// then rejected automatically. Returns the indicator's evidence after the review.
    pub async fn review_evidence(
        &self,
        who: &Who,
        period_id: i64,
        number: u16,
        link_id: i64,
        verdict: Verdict,
        min_level: u32,
    ) -> Result<Vec<LinkedEvidence>, StoreError> {
        let mut w = self.begin_audited().await?;
        let p = period::Entity::find_by_id(period_id)
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let pi = period_indicator::Entity::find()
            .filter(period_indicator::Column::PeriodId.eq(period_id))
            .filter(period_indicator::Column::Number.eq(i32::from(number)))
            .one(&w.txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut links = indicator_evidence::Entity::find()
            .filter(indicator_evidence::Column::PeriodIndicatorId.eq(pi.id))
            .order_by_asc(indicator_evidence::Column::Id)
            .all(&w.txn)
            .await?;
        let target = links
            .iter_mut()
            .find(|l| l.id == link_id)
            .ok_or(StoreError::NotFound)?;
        target.review = verdict.review.code().to_string();
        target.note = verdict.note.clone();
        let pairs: Vec<(u32, EvidenceReview)> = links
            .iter()
            .map(|l| {
                (
                    u32::try_from(l.level).unwrap_or(1),
                    EvidenceReview::from_code(&l.review).unwrap_or(EvidenceReview::BelumDitinjau),
                )
            })
            .collect();
        for index in auto_rejections(min_level, &pairs) {
            links[index].review = EvidenceReview::DitolakOtomatis.code().to_string();
        }
        for l in &links {
            let mut active: indicator_evidence::ActiveModel = l.clone().into();
            active.review = Set(l.review.clone());
            active.note = Set(l.note.clone());
            active.update(&w.txn).await?;
        }
        w.record(
            who,
            Event {
                instansi_id: Some(p.instansi_id),
                action: "evidence.review",
                entity: "indicator_evidence",
                entity_id: Some(link_id.to_string()),
                before: None,
                after: snapshot(Some(
                    &serde_json::json!({"review": verdict.review.code(), "note": verdict.note}),
                )),
            },
        )
        .await?;
        w.commit().await?;
        self.indicator_evidence(period_id, number).await
    }

    /// Evidence of an instansi that expires on or before `date` (ISO), for the dashboard.
    pub async fn expiring_evidence(
        &self,
        instansi_id: i64,
        date: &str,
    ) -> Result<Vec<Evidence>, StoreError> {
        Ok(evidence::Entity::find()
            .filter(evidence::Column::InstansiId.eq(instansi_id))
            .filter(evidence::Column::ExpiryDate.is_not_null())
            .filter(evidence::Column::ExpiryDate.lte(date))
            .order_by_asc(evidence::Column::ExpiryDate)
            .all(&self.db)
            .await?
            .into_iter()
            .map(to_evidence)
            .collect())
    }
}

async fn link(
    w: &mut crate::audit::AuditedTxn,
    who: &Who,
    period_id: i64,
    number: u16,
    expect: &[Status],
    evidence_id: i64,
    level: u32,
) -> Result<i64, StoreError> {
    let p = period::Entity::find_by_id(period_id)
        .one(&w.txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let pi = period_indicator::Entity::find()
        .filter(period_indicator::Column::PeriodId.eq(period_id))
        .filter(period_indicator::Column::Number.eq(i32::from(number)))
        .one(&w.txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let status = Status::from_code(&pi.status).unwrap_or(Status::Draft);
    if !expect.contains(&status) {
        return Err(StoreError::Conflict(format!(
            "indikator berstatus {}; bukti dukung tidak dapat ditambahkan sekarang",
            status.label().to_lowercase()
        )));
    }
    let item = evidence::Entity::find_by_id(evidence_id)
        .one(&w.txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if item.instansi_id != p.instansi_id {
        return Err(StoreError::Invalid(
            "bukti dukung milik instansi lain".into(),
        ));
    }
    let row = indicator_evidence::ActiveModel {
        period_indicator_id: Set(pi.id),
        evidence_id: Set(evidence_id),
        level: Set(i32::try_from(level).unwrap_or(1)),
        review: Set(EvidenceReview::BelumDitinjau.code().to_string()),
        note: Set(None),
        ..Default::default()
    }
    .insert(&w.txn)
    .await
    .map_err(|e| {
        StoreError::conflict_on_unique(e, "bukti dukung ini sudah ditautkan ke indikator ini")
    })?;
    w.record(
        who,
        Event {
            instansi_id: Some(p.instansi_id),
            action: "evidence.link",
            entity: "indicator_evidence",
            entity_id: Some(row.id.to_string()),
            before: None,
            after: snapshot(Some(
                &serde_json::json!({"number": number, "evidence": evidence_id, "level": level}),
            )),
        },
    )
    .await?;
    Ok(row.id)
}
