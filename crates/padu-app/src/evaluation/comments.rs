//! An indicator's comment thread.

use padu_core::access::{Action, allows};
use padu_store::evaluation::PeriodIndicator;

use super::*;
use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::kit::validate::{disallowed, has_forbidden_control};

/// Longest comment accepted.
pub const MAX_COMMENT: usize = 5_000;

/// Whether the caller may write in an indicator's comment thread: those who work on it (the
/// lead OPD, and a contributing OPD's operator), review it, or set its final value.
pub fn may_comment(caller: &Caller, ctx: &PeriodContext, pi: &PeriodIndicator) -> bool {
    let actor = caller.actor();
    let target = ctx.target(pi);
    [
        Action::EditIndicator,
        Action::ReviewIndicator,
        Action::SetFinal,
    ]
    .into_iter()
    .any(|a| allows(&actor, a, &target))
        || ctx.allows_at_contributor(&actor, Action::EditIndicator, pi)
}

/// Adds a comment to an indicator's thread; returns it as written.
pub async fn add_comment(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    body: &str,
) -> Result<padu_store::evaluation::Comment, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::ViewInstansi).await?;
    if !may_comment(caller, &ctx, &pi) {
        return Err(AppError::Forbidden);
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "Tulis komentar terlebih dahulu"));
    }
    if body.chars().count() > MAX_COMMENT {
        return Err(AppError::field(
            "body",
            format!("Komentar paling banyak {MAX_COMMENT} karakter"),
        ));
    }
    if has_forbidden_control(body) {
        return Err(AppError::Invalid(vec![disallowed("body", "Komentar")]));
    }
    Ok(app
        .store
        .comment(&caller.who(), period_id, number, body)
        .await?)
}

/// The comment thread of indicator `number` of the period of `ctx`, oldest first.
pub async fn thread(
    app: &App,
    ctx: &PeriodContext,
    number: u16,
) -> Result<Vec<padu_store::evaluation::Comment>, AppError> {
    Ok(app.store.comments_of(ctx.period.id, number).await?)
}
