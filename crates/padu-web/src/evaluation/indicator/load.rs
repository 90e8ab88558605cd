//! What the indicator page shows: the application's detail of the indicator, and the evidence
//! offered for reuse when the caller may link.

use padu_store::Opd;
use padu_store::evaluation::{Comment, LinkedEvidence, PeriodIndicator};
use padu_store::peta_rencana::RoadmapItem;

use padu_app::App;
use padu_app::AppError;
use padu_app::Caller;
pub use padu_app::evaluation::Rights;
use padu_app::evaluation::evidence::EvidenceSearch;
use padu_app::evaluation::{self as service, IndicatorDetail, PeriodContext};

/// Everything the indicator page shows.
pub struct Loaded {
    pub ctx: PeriodContext,
    pub pi: PeriodIndicator,
    pub evidence: Vec<LinkedEvidence>,
    pub comments: Vec<Comment>,
    pub opds: Vec<Opd>,
    /// The instansi's evidence not yet linked here (for reuse), when the caller may link.
    pub reusable: EvidenceSearch,
    pub rights: Rights,
    /// The caller may not read the indicator's work (narratives, evidence, discussion).
    pub restricted: bool,
    /// The Peta Rencana's items that raise it.
    pub roadmap_items: Vec<RoadmapItem>,
}

pub async fn load(
    state: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    search: &str,
) -> Result<Loaded, AppError> {
    let IndicatorDetail {
        ctx,
        pi,
        evidence,
        comments,
        opds,
        rights,
        restricted,
        roadmap_items,
    } = service::indicator_detail(state, caller, period_id, number).await?;
    let reusable = if rights.edit {
        let linked: Vec<i64> = evidence.iter().map(|l| l.evidence.id).collect();
        service::evidence::reusable(state, caller, &ctx, search, &linked).await?
    } else {
        EvidenceSearch::default()
    };
    Ok(Loaded {
        ctx,
        pi,
        evidence,
        comments,
        opds,
        reusable,
        rights,
        restricted,
        roadmap_items,
    })
}

/// What the user typed in one of the page's forms, kept when it comes back with an error.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub self_level: Option<String>,
    pub fakta: Option<String>,
    pub analisis: Option<String>,
    pub evidence_id: String,
    pub link_level: String,
    pub upload_level: String,
    pub effective_date: String,
    pub expiry_date: String,
    pub return_note: String,
    pub accept_level: Option<String>,
    pub accept_note: String,
    pub final_level: Option<String>,
    pub final_note: String,
    pub ext_value: Option<String>,
    pub ext_source: Option<String>,
    pub ext_date: Option<String>,
    pub comment_body: String,
    /// (link id, verdict, note) of an evidence review that came back.
    pub review: Option<(i64, String, String)>,
}
