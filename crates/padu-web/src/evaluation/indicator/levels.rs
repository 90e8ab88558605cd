//! The levels of an indicator's scale as the page shows them: criteria (generic and
//! indicator-specific), expected evidence, the evidence linked for each level with its review,
//! and how far the claim is covered (levels are cumulative).

use padu_core::evaluation::{EvidenceReview, proven_level};
use padu_core::instrument::{Indicator, ScaleLevel};
use padu_store::evaluation::{EvidenceKind, LinkedEvidence};

use super::load::Typed;
use super::{Opt, Tag, size_text};
use padu_app::evaluation::{LevelState, PeriodContext, floor_level, level_state};
use padu_app::kit::format::date_text;
use padu_app::kit::i18n::{Lang, Tr};

/// One level of the scale with its criteria, expected evidence and linked items.
pub struct LevelView {
    pub level: u32,
    pub label: String,
    pub specific: Vec<String>,
    pub criteria: Vec<String>,
    pub expected: Vec<String>,
    pub items: Vec<EvidenceView>,
    pub tag: Tag,
    /// Every criterion counts as met (the floor, or all evidence accepted).
    pub met: bool,
    /// Inside the claim (2..=claimed): needs evidence for the claim to stand.
    pub claimed: bool,
}

pub struct EvidenceView {
    pub link_id: i64,
    pub name: String,
    pub href: String,
    pub is_link: bool,
    pub size: String,
    pub size_exact: String,
    pub effective: String,
    pub expiry: String,
    pub sha_short: String,
    pub sha_full: String,
    pub review: Tag,
    pub note: String,
    pub verdicts: Vec<Opt>,
    pub verdict_note: String,
    /// Ids of the verdict form's fields (`review-7`, `note-7`).
    pub review_id: String,
    pub note_id: String,
}

/// A level of the claim with its state (the "cumulative completeness" list).
pub struct Rung {
    pub level: u32,
    pub label: String,
    pub tag: Tag,
}

/// A level of the claim that lacks something.
pub struct Gap {
    pub level: u32,
    pub label: String,
    /// No evidence at all (else: evidence marked revisi).
    pub missing: bool,
    pub criteria: Vec<String>,
}

/// Everything about the levels, built once for the page.
pub struct Levels {
    pub levels: Vec<LevelView>,
    pub ladder: Vec<Rung>,
    pub gaps: Vec<Gap>,
    /// The highest level proven by accepted evidence.
    pub proven: u32,
}

/// A level's name in the reader's language.
pub fn label_of(level: &ScaleLevel, lang: Lang) -> String {
    match lang {
        Lang::Id => level.label.clone(),
        Lang::En => level.label_en.clone(),
    }
}

/// The levels of `indicator`'s scale with the evidence linked to each; `claimed_level` is the
/// whole level of the claim (0: none).
pub fn build(
    tr: Tr,
    ctx: &PeriodContext,
    indicator: &Indicator,
    evidence: &[LinkedEvidence],
    typed: &Typed,
    claimed_level: u32,
) -> Levels {
    let inst = &ctx.instrument;
    let floor = floor_level(ctx);
    let levels: Vec<LevelView> = inst.scales[indicator.scale]
        .levels
        .iter()
        .map(|sl| {
            let items: Vec<&LinkedEvidence> =
                evidence.iter().filter(|l| l.level == sl.level).collect();
            let reviews: Vec<EvidenceReview> = items.iter().map(|l| l.review).collect();
            let (tag, met) = level_tag(tr, level_state(floor, sl.level, &reviews));
            let (specific, expected) = indicator
                .specific_level(sl.level)
                .map(|s| (s.criteria.clone(), s.evidence.clone()))
                .unwrap_or_default();
            LevelView {
                level: sl.level,
                label: label_of(sl, tr.lang),
                specific,
                criteria: sl.criteria.clone(),
                expected: expected.into_iter().chain(sl.evidence.clone()).collect(),
                items: items.iter().map(|l| evidence_view(tr, l, typed)).collect(),
                tag,
                met,
                claimed: sl.level > floor && sl.level <= claimed_level,
            }
        })
        .collect();
    let gaps = levels
        .iter()
        .filter(|l| l.claimed && !l.met)
        .map(|l| Gap {
            level: l.level,
            label: l.label.clone(),
            missing: l.items.is_empty(),
            criteria: l.specific.iter().chain(&l.criteria).cloned().collect(),
        })
        .collect();
    let ladder = levels
        .iter()
        .filter(|l| l.claimed)
        .map(|l| Rung {
            level: l.level,
            label: l.label.clone(),
            tag: l.tag,
        })
        .collect();
    let pairs: Vec<(u32, EvidenceReview)> = evidence.iter().map(|l| (l.level, l.review)).collect();
    Levels {
        levels,
        ladder,
        gaps,
        proven: proven_level(inst.values.min_level(), &pairs),
    }
}

pub fn review_tag(tr: Tr, review: EvidenceReview) -> Tag {
    let (key, class) = match review {
        EvidenceReview::BelumDitinjau => ("indikator.tinjauan_pending", "tag--blue"),
        EvidenceReview::Diterima => ("indikator.tinjauan_diterima", "tag--green"),
        EvidenceReview::TidakTepat => ("indikator.tinjauan_tidak_tepat", "tag--red"),
        EvidenceReview::BelumDiunggah => ("indikator.tinjauan_belum_diunggah", "tag--red"),
        EvidenceReview::DitolakOtomatis => ("indikator.tinjauan_ditolak_otomatis", "tag--red"),
    };
    let label = match tr.lang {
        Lang::Id => review.label(),
        Lang::En => tr.t(key),
    };
    Tag { label, class }
}

pub fn evidence_view(tr: Tr, l: &LinkedEvidence, typed: &Typed) -> EvidenceView {
    let e = &l.evidence;
    let (size, size_exact) = e.size.map(|s| size_text(s, tr.lang)).unwrap_or_default();
    let sha_full = e.sha256.clone().unwrap_or_default();
    let sha_short = if sha_full.len() > 12 {
        format!("{}…", &sha_full[..12])
    } else {
        sha_full.clone()
    };
    let is_link = e.kind == EvidenceKind::Link;
    let href = if is_link {
        e.url.clone().unwrap_or_default()
    } else {
        format!("/api/v1/evidence/{}/content", e.id)
    };
    let (chosen, verdict_note) = match &typed.review {
        Some((id, v, n)) if *id == l.link_id => (v.clone(), n.clone()),
        _ => (
            l.review.code().to_string(),
            l.note.clone().unwrap_or_default(),
        ),
    };
    let choices = [
        EvidenceReview::Diterima,
        EvidenceReview::TidakTepat,
        EvidenceReview::BelumDiunggah,
    ];
    // Nothing is chosen for an item not reviewed yet (or rejected automatically): an assessor
    // must pick, never accept by leaving the first option.
    let mut verdicts = vec![Opt {
        value: String::new(),
        label: tr.t("indikator.putusan_pilih").to_string(),
        selected: !choices.iter().any(|r| r.code() == chosen),
    }];
    verdicts.extend(choices.into_iter().map(|r| Opt {
        value: r.code().to_string(),
        label: review_tag(tr, r).label.to_string(),
        selected: r.code() == chosen,
    }));
    EvidenceView {
        link_id: l.link_id,
        name: e.name.clone(),
        href,
        is_link,
        size,
        size_exact,
        effective: e
            .effective_date
            .as_deref()
            .map(|d| date_text(d, tr.lang))
            .unwrap_or_default(),
        expiry: e
            .expiry_date
            .as_deref()
            .map(|d| date_text(d, tr.lang))
            .unwrap_or_default(),
        sha_short,
        sha_full,
        review: review_tag(tr, l.review),
        note: l.note.clone().unwrap_or_default(),
        verdicts,
        verdict_note,
        review_id: format!("review-{}", l.link_id),
        note_id: format!("note-{}", l.link_id),
    }
}

/// The tag of a level's state, and whether the level counts as met.
fn level_tag(tr: Tr, state: LevelState) -> (Tag, bool) {
    let (key, class) = match state {
        LevelState::Floor => ("indikator.level_dasar", "tag--grey"),
        LevelState::NoEvidence => ("indikator.level_tanpa_bukti", "tag--grey"),
        LevelState::Accepted => ("indikator.level_diterima", "tag--green"),
        LevelState::Revision => ("indikator.level_revisi", "tag--red"),
        LevelState::Waiting => ("indikator.level_menunggu", "tag--blue"),
    };
    (
        Tag {
            label: tr.t(key),
            class,
        },
        state.met(),
    )
}
