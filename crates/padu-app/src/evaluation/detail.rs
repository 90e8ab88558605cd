//! One indicator as its page and the API's detail show it: the indicator with its evidence,
//! comments and OPDs, what the caller may do on it now, and the state of each level of its
//! scale (levels are cumulative: the floor needs nothing, a level above it stands when all its
//! evidence is accepted).

use padu_core::access::{Action, allows};
use padu_core::evaluation::{EvidenceReview, Status};
use padu_core::instrument::Indicator;
use padu_store::Opd;
use padu_store::evaluation::{Comment, LinkedEvidence, PeriodIndicator};
use padu_store::peta_rencana::RoadmapItem;

use super::*;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;

/// Everything about one indicator its readers see.
#[derive(Debug, Clone)]
pub struct IndicatorDetail {
    pub ctx: PeriodContext,
    pub pi: PeriodIndicator,
    pub evidence: Vec<LinkedEvidence>,
    /// Oldest first.
    pub comments: Vec<Comment>,
    /// The OPDs of the instansi (for the lead's and the contributors' names).
    pub opds: Vec<Opd>,
    pub rights: Rights,
    /// The caller may not read this indicator's work ([`may_read_work`]): the narratives are
    /// blank and there is no evidence and no discussion, only number, name, lead OPD, status
    /// and values.
    pub restricted: bool,
    /// The items of the instansi's Peta Rencana in force that raise this indicator (not
    /// cancelled), by title: whoever may read the roadmap sees them with their status and the
    /// level each aims at (read as data from the store's `peta_rencana` module).
    pub roadmap_items: Vec<RoadmapItem>,
}

/// Whether the caller may read indicator `pi`'s work in full (its narratives, evidence and
/// discussion): everyone who may read it at its lead OPD (an operator: its own OPD; the
/// instansi's roles: everywhere in their instansi), and a contributing OPD's operator.
pub fn may_read_work(caller: &Caller, ctx: &PeriodContext, pi: &PeriodIndicator) -> bool {
    let actor = caller.actor();
    allows(&actor, Action::ReadIndicatorWork, &ctx.target(pi))
        || ctx.allows_at_contributor(&actor, Action::ReadIndicatorWork, pi)
}

/// What the caller may do on an indicator now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rights {
    /// May change claim, narrative and evidence (lead OPD, editable status, not external).
    pub edit: bool,
    /// May submit and edit in general (the lead OPD), whatever the status.
    pub works: bool,
    /// May return, accept and review evidence (an internal assessor, submitted indicator).
    pub review: bool,
    pub set_final: bool,
    /// May enter an external index value.
    pub external: bool,
    pub comment: bool,
}

/// What `caller` may do on indicator `pi` of the period of `ctx`.
pub fn rights(caller: &Caller, ctx: &PeriodContext, pi: &PeriodIndicator) -> Rights {
    let actor = caller.actor();
    let target = ctx.target(pi);
    let external = ctx
        .instrument
        .indicator(pi.number)
        .is_some_and(Indicator::is_external);
    let works = allows(&actor, Action::EditIndicator, &target) && !external;
    Rights {
        edit: works && pi.status.editable(),
        works,
        review: allows(&actor, Action::ReviewIndicator, &target)
            && pi.status == Status::Submitted
            && !external,
        set_final: allows(&actor, Action::SetFinal, &target),
        external: external && allows(&actor, Action::ManagePeriod, &ctx.instansi.target()),
        comment: may_comment(caller, ctx, pi),
    }
}

/// Indicator `number` of period `period_id` with everything its page shows, for anyone who may
/// see the period's instansi (404 for anyone else); reduced ([`IndicatorDetail::restricted`])
/// for whoever may not read its work.
pub async fn indicator_detail(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
) -> Result<IndicatorDetail, AppError> {
    let (ctx, mut pi) = indicator_for(app, caller, period_id, number, Action::ViewInstansi).await?;
    let rights = rights(caller, &ctx, &pi);
    let opds = opds(app, &ctx).await?;
    let roadmap_items = if caller.may(Action::ViewRoadmap, &ctx.instansi.target()) {
        app.store
            .roadmap_items_aimed_at(ctx.instansi.id, &ctx.period.instrument, number)
            .await?
    } else {
        Vec::new()
    };
    if !may_read_work(caller, &ctx, &pi) {
        pi.fakta.clear();
        pi.analisis.clear();
        return Ok(IndicatorDetail {
            ctx,
            pi,
            evidence: Vec::new(),
            comments: Vec::new(),
            opds,
            rights,
            restricted: true,
            roadmap_items,
        });
    }
    let evidence = evidence::linked(app, &ctx, number).await?;
    let comments = thread(app, &ctx, number).await?;
    Ok(IndicatorDetail {
        ctx,
        pi,
        evidence,
        comments,
        opds,
        rights,
        restricted: false,
        roadmap_items,
    })
}

/// The comment thread of indicator `number`, oldest first, for anyone who may read its work
/// (403 for who may only see the instansi, 404 for anyone else).
pub async fn comments_of(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
) -> Result<Vec<Comment>, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ViewInstansi).await?;
    if !may_read_work(caller, &ctx, &pi) {
        return Err(AppError::Forbidden);
    }
    thread(app, &ctx, number).await
}

/// How far a level of an indicator's scale stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelState {
    /// The scale's floor: it needs no evidence.
    Floor,
    /// Above the floor without any evidence.
    NoEvidence,
    /// Every item of the level is accepted.
    Accepted,
    /// Some item was found wanting (not fitting, not uploaded, rejected automatically).
    Revision,
    /// Evidence waits for review.
    Waiting,
}

impl LevelState {
    /// The API's code of the state.
    pub fn code(self) -> &'static str {
        match self {
            LevelState::Floor => "dasar",
            LevelState::NoEvidence => "tanpa_bukti",
            LevelState::Accepted => "diterima",
            LevelState::Revision => "revisi",
            LevelState::Waiting => "menunggu",
        }
    }

    /// Every criterion of the level counts as met.
    pub fn met(self) -> bool {
        matches!(self, LevelState::Floor | LevelState::Accepted)
    }
}

/// The state of `level` of a scale whose floor is `floor`, given the reviews of the evidence
/// linked for it.
pub fn level_state(floor: u32, level: u32, reviews: &[EvidenceReview]) -> LevelState {
    if level <= floor {
        LevelState::Floor
    } else if reviews.is_empty() {
        LevelState::NoEvidence
    } else if reviews.iter().all(|r| *r == EvidenceReview::Diterima) {
        LevelState::Accepted
    } else if reviews
        .iter()
        .any(|r| !matches!(r, EvidenceReview::BelumDitinjau | EvidenceReview::Diterima))
    {
        LevelState::Revision
    } else {
        LevelState::Waiting
    }
}

/// The floor of the instrument of `ctx`: the level that needs no evidence.
pub fn floor_level(ctx: &PeriodContext) -> u32 {
    ctx.instrument.values.min_level().max(1)
}

/// The state of each level of the indicator's scale, lowest first, from its linked evidence.
pub fn level_states(
    ctx: &PeriodContext,
    indicator: &Indicator,
    evidence: &[LinkedEvidence],
) -> Vec<(u32, LevelState)> {
    let floor = floor_level(ctx);
    ctx.instrument.scales[indicator.scale]
        .levels
        .iter()
        .map(|sl| {
            let reviews: Vec<EvidenceReview> = evidence
                .iter()
                .filter(|l| l.level == sl.level)
                .map(|l| l.review)
                .collect();
            (sl.level, level_state(floor, sl.level, &reviews))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_level_stands_when_all_its_evidence_is_accepted() {
        use EvidenceReview::*;
        assert_eq!(level_state(1, 1, &[]), LevelState::Floor);
        assert_eq!(level_state(1, 2, &[]), LevelState::NoEvidence);
        assert_eq!(
            level_state(1, 2, &[Diterima, Diterima]),
            LevelState::Accepted
        );
        assert_eq!(
            level_state(1, 3, &[Diterima, BelumDitinjau]),
            LevelState::Waiting
        );
        assert_eq!(
            level_state(1, 3, &[BelumDitinjau, TidakTepat]),
            LevelState::Revision
        );
        assert!(LevelState::Floor.met() && !LevelState::Waiting.met());
    }
}
