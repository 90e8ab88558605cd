//! What the indicator page needs from the store, and what the caller may do there.

use padu_core::access::{Action, allows};
use padu_core::evaluation::Status;
use padu_store::Opd;
use padu_store::evaluation::{Comment, Evidence, LinkedEvidence, PeriodIndicator};

use padu_app::App;
use padu_app::AppError;
use padu_app::Caller;
use padu_app::evaluation::{self as service, PeriodContext};

/// Everything the indicator page shows.
pub struct Loaded {
    pub ctx: PeriodContext,
    pub pi: PeriodIndicator,
    pub evidence: Vec<LinkedEvidence>,
    pub comments: Vec<Comment>,
    pub opds: Vec<Opd>,
    /// The instansi's evidence not yet linked here (for reuse), when the caller may link.
    pub reusable: Reusable,
    pub rights: Rights,
}

/// At most this many evidence items are offered for reuse at once: the newest, or the newest
/// whose name contains the search.
pub const REUSABLE_SHOWN: u64 = 100;

/// A search longer than this (characters) is cut.
const SEARCH_MAX: usize = 200;

/// Evidence offered for reuse.
#[derive(Debug, Default)]
pub struct Reusable {
    pub items: Vec<Evidence>,
    /// What the name was searched for (empty: the newest).
    pub search: String,
    /// More items match than are offered.
    pub more: bool,
}

/// What the caller may do on this indicator now.
#[derive(Debug, Clone, Copy, Default)]
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

fn rights(caller: &Caller, ctx: &PeriodContext, pi: &PeriodIndicator) -> Rights {
    let actor = caller.actor();
    let target = ctx.target(pi);
    let external = ctx
        .instrument
        .indicator(pi.number)
        .is_some_and(padu_core::instrument::Indicator::is_external);
    let works = allows(&actor, Action::EditIndicator, &target) && !external;
    Rights {
        edit: works && pi.status.editable(),
        works,
        review: allows(&actor, Action::ReviewIndicator, &target)
            && pi.status == Status::Submitted
            && !external,
        set_final: allows(&actor, Action::SetFinal, &target),
        external: external && allows(&actor, Action::ManagePeriod, &ctx.instansi.target()),
        comment: service::may_comment(caller, ctx, pi),
    }
}

pub async fn load(
    state: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    search: &str,
) -> Result<Loaded, AppError> {
    let (ctx, pi) =
        service::indicator_for(state, caller, period_id, number, Action::ViewInstansi).await?;
    let rights = rights(caller, &ctx, &pi);
    let evidence = service::evidence::linked(state, &ctx, number).await?;
    let comments = service::thread(state, &ctx, number).await?;
    let opds = service::opds(state, &ctx).await?;
    let reusable = if rights.edit {
        let search: String = search.trim().chars().take(SEARCH_MAX).collect();
        let linked: Vec<i64> = evidence.iter().map(|l| l.evidence.id).collect();
        let mut items =
            service::evidence::reusable(state, &ctx, &search, &linked, REUSABLE_SHOWN + 1).await?;
        let more = items.len() as u64 > REUSABLE_SHOWN;
        items.truncate(REUSABLE_SHOWN as usize);
        Reusable {
            items,
            search,
            more,
        }
    } else {
        Reusable::default()
    };
    Ok(Loaded {
        ctx,
        pi,
        evidence,
        comments,
        opds,
        reusable,
        rights,
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
