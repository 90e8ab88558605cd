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

/// Whose evidence a search answers when the searcher may not read all of the instansi's: the
/// instansi-wide documents, those `user_id` uploaded, and those linked to an indicator OPD
/// `opd_id` leads or contributes to (in any period).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadableBy {
    pub user_id: i64,
    pub opd_id: Option<i64>,
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
    /// An instansi-wide document, readable and reusable by every OPD of the instansi.
    pub instansi_wide: bool,
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
        instansi_wide: r.instansi_wide,
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
            instansi_wide: Set(new.instansi_wide),
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
        let link_id = link(
            &mut w,
            who,
            period_id,
            number,
            expect,
            item.id,
            Some(item.instansi_id),
            level,
        )
        .await?;
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
        let link_id = link(
            &mut w,
            who,
            period_id,
            number,
            expect,
            evidence_id,
            None,
            level,
        )
        .await?;
        w.commit().await?;
        Ok(link_id)
    }

    pub async fn evidence(&self, id: i64) -> Result<Option<Evidence>, StoreError> {
        Ok(evidence::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(to_evidence))
    }

    /// The OPDs that lead or contribute to an indicator evidence item `id` is linked to, in any
    /// period (who may read their work may read the evidence), each once.
    pub async fn evidence_opds(&self, id: i64) -> Result<Vec<i64>, StoreError> {
        use crate::entity::indicator_opd;
        let indicators: Vec<i64> = indicator_evidence::Entity::find()
            .filter(indicator_evidence::Column::EvidenceId.eq(id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.period_indicator_id)
            .collect();
        let mut opds: Vec<i64> = period_indicator::Entity::find()
            .filter(period_indicator::Column::Id.is_in(indicators.iter().copied()))
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|pi| pi.lead_opd_id)
            .collect();
        opds.extend(
            indicator_opd::Entity::find()
                .filter(indicator_opd::Column::PeriodIndicatorId.is_in(indicators))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|c| c.opd_id),
        );
        opds.sort_unstable();
        opds.dedup();
        Ok(opds)
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
        self.search_evidence(instansi_id, search, except, limit, 0, None)
            .await
    }

    /// [`Store::reusable_evidence`] from the `offset`-th item on (the API's pages), only what
    /// `readable` may read when given.
    pub async fn search_evidence(
        &self,
        instansi_id: i64,
        search: &str,
        except: &[i64],
        limit: u64,
        offset: u64,
        readable: Option<ReadableBy>,
    ) -> Result<Vec<Evidence>, StoreError> {
        use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
        let mut query = evidence::Entity::find()
            .filter(evidence::Column::InstansiId.eq(instansi_id))
            .filter(evidence::Column::Id.is_not_in(except.iter().copied()));
        if let Some(by) = readable {
            query = query.filter(readable_condition(by));
        }
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

/// Links evidence item `evidence_id` to an indicator inside the write. `evidence_instansi`: the
/// item's instansi when the caller knows it (it was inserted in this transaction), else it is
/// read.
#[allow(clippy::too_many_arguments)]
async fn link(
    w: &mut crate::audit::AuditedTxn,
    who: &Who,
    period_id: i64,
    number: u16,
    expect: &[Status],
    evidence_id: i64,
    evidence_instansi: Option<i64>,
    level: u32,
) -> Result<i64, StoreError> {
    let (pi, instansi_id) = super::work::locate(&w.txn, period_id, number).await?;
    let status = Status::from_code(&pi.status).unwrap_or(Status::Draft);
    if !expect.contains(&status) {
        return Err(StoreError::Conflict(format!(
            "indikator berstatus {}; bukti dukung tidak dapat ditambahkan sekarang",
            status.label().to_lowercase()
        )));
    }
    let item_instansi = match evidence_instansi {
        Some(id) => id,
        None => {
            evidence::Entity::find_by_id(evidence_id)
                .one(&w.txn)
                .await?
                .ok_or(StoreError::NotFound)?
                .instansi_id
        }
    };
    if item_instansi != instansi_id {
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
            instansi_id: Some(instansi_id),
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

/// The evidence `by` may read: instansi-wide, uploaded by them, or linked to an indicator their
/// OPD leads or contributes to.
fn readable_condition(by: ReadableBy) -> sea_orm::Condition {
    use crate::entity::indicator_opd;
    use sea_orm::Condition;
    use sea_orm::sea_query::Query;
    let mut any = Condition::any()
        .add(evidence::Column::InstansiWide.eq(true))
        .add(evidence::Column::UploadedBy.eq(by.user_id));
    if let Some(opd) = by.opd_id {
        let contributed = Query::select()
            .column(indicator_opd::Column::PeriodIndicatorId)
            .from(indicator_opd::Entity)
            .and_where(indicator_opd::Column::OpdId.eq(opd))
            .to_owned();
        let indicators = Query::select()
            .column(period_indicator::Column::Id)
            .from(period_indicator::Entity)
            .cond_where(
                Condition::any()
                    .add(period_indicator::Column::LeadOpdId.eq(opd))
                    .add(period_indicator::Column::Id.in_subquery(contributed)),
            )
            .to_owned();
        let linked = Query::select()
            .column(indicator_evidence::Column::EvidenceId)
            .from(indicator_evidence::Entity)
            .and_where(indicator_evidence::Column::PeriodIndicatorId.in_subquery(indicators))
            .to_owned();
        any = any.add(evidence::Column::Id.in_subquery(linked));
    }
    any
}
