//! Model Referensi: reading the reference models of the Arsitektur SPBE (RAB, RAL, RAD, RAA,
//! RAI, RAK) from the catalog, for the pages, the API and whoever validates a reference code.
//!
//! The models are national public data loaded with the instruments, so nothing is stored and
//! nothing written; every signed-in user may read them, as `padu_core::access::allows` decides
//! for `ReadReferenceModel` at the caller's own instansi.

use std::sync::Arc;

use padu_core::access::{Action, Target};
use padu_core::model_referensi::{ReferenceModel, ReferenceNode};

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::{Acting, Caller};

/// The most nodes a search answers with.
pub const SEARCH_LIMIT: usize = 100;

const MODEL: &str = "Model referensi";
const NODE: &str = "Simpul referensi";

/// The one permission question: asked at the caller's own instansi (a superadmin, placed
/// nowhere, is allowed everywhere).
fn check(caller: &Caller) -> Result<(), AppError> {
    let own = caller.user.instansi_id.unwrap_or(0);
    caller.check(Action::ReadReferenceModel, &Target::instansi(own, None))
}

/// Every reference model, in the order RAB, RAL, RAD, RAA, RAI, RAK.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<Arc<ReferenceModel>>, AppError> {
    check(caller)?;
    Ok(app.catalog.reference_models().to_vec())
}

/// The model `code` (`RAB`), whatever the case it is written in.
pub async fn model(
    app: &App,
    caller: &Caller,
    code: &str,
) -> Result<Arc<ReferenceModel>, AppError> {
    check(caller)?;
    find_model(app, code)
}

fn find_model(app: &App, code: &str) -> Result<Arc<ReferenceModel>, AppError> {
    app.catalog
        .reference_model(&code.trim().to_uppercase())
        .cloned()
        .ok_or(AppError::NotFound(MODEL))
}

/// The children of node `parent` of model `model`, or its top level without a parent. A parent
/// that is not a node of that model (another model's code too) is not found.
pub async fn children(
    app: &App,
    caller: &Caller,
    model: &str,
    parent: Option<&str>,
) -> Result<Vec<ReferenceNode>, AppError> {
    check(caller)?;
    let model = find_model(app, model)?;
    let nodes = match parent.map(|p| p.trim().to_uppercase()) {
        None => model.top_level(),
        Some(parent) => {
            if model.node(&parent).is_none() {
                return Err(AppError::NotFound(NODE));
            }
            model.children_of(&parent).unwrap_or_default()
        }
    };
    Ok(nodes.into_iter().cloned().collect())
}

/// One node as its page shows it: the model, the path from level 1 down to it, its children.
#[derive(Debug, Clone)]
pub struct NodeView {
    pub model: Arc<ReferenceModel>,
    /// From level 1 to the node itself.
    pub path: Vec<ReferenceNode>,
    pub children: Vec<ReferenceNode>,
}

impl NodeView {
    pub fn node(&self) -> &ReferenceNode {
        // a path always ends with its node
        &self.path[self.path.len() - 1]
    }
}

/// The node with the full code `code` (`RAB.01.02`).
pub async fn node(app: &App, caller: &Caller, code: &str) -> Result<NodeView, AppError> {
    check(caller)?;
    let code = code.trim().to_uppercase();
    let model = app
        .catalog
        .reference_model_of(&code)
        .cloned()
        .ok_or(AppError::NotFound(NODE))?;
    let path: Vec<ReferenceNode> = model
        .path(&code)
        .ok_or(AppError::NotFound(NODE))?
        .into_iter()
        .cloned()
        .collect();
    let children = model
        .children_of(&code)
        .unwrap_or_default()
        .into_iter()
        .cloned()
        .collect();
    Ok(NodeView {
        model,
        path,
        children,
    })
}

/// The nodes of model `model` whose code starts with `query` or whose name contains it, at
/// most [`SEARCH_LIMIT`].
pub async fn search(
    app: &App,
    caller: &Caller,
    model: &str,
    query: &str,
) -> Result<Vec<ReferenceNode>, AppError> {
    check(caller)?;
    let model = find_model(app, model)?;
    Ok(model
        .search(query, SEARCH_LIMIT)
        .into_iter()
        .cloned()
        .collect())
}
