//! The reference models in the JSON API: the same use cases and trees as the pages.

use axum::Json;
use axum::extract::State;
use padu_app::App;
use padu_app::model_referensi;
use padu_core::model_referensi::{ReferenceModel, ReferenceNode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract::ApiCaller;
use crate::kit::extract_api::{ApiPath, ApiQuery};

#[derive(Debug, Serialize, ToSchema)]
pub struct ModelSourceJson {
    /// What the tree was read from.
    pub name: String,
    pub url: Option<String>,
    /// Not the official annex itself: replaceable by a file in `--instruments-dir`.
    pub secondary: bool,
    /// Some codes are Padu's own provisional numbering (UNCONFIRMED).
    pub provisional_codes: bool,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceModelJson {
    /// `RAB`, `RAL`, `RAD`, `RAA`, `RAI` or `RAK`.
    pub code: String,
    pub name: String,
    pub version: String,
    pub source: ModelSourceJson,
    /// The architecture domain it serves: `proses_bisnis`, `layanan`, `data`, `aplikasi`,
    /// `infrastruktur` or `keamanan`.
    pub domain: String,
    pub node_count: usize,
}

fn model_json(m: &ReferenceModel) -> ReferenceModelJson {
    ReferenceModelJson {
        code: m.code.clone(),
        name: m.name.clone(),
        version: m.version.clone(),
        source: ModelSourceJson {
            name: m.source.name.clone(),
            url: m.source.url.clone(),
            secondary: m.source.secondary,
            provisional_codes: m.source.provisional_codes,
            note: m.source.note.clone(),
        },
        domain: m.domain().code().to_string(),
        node_count: m.nodes().len(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferenceNodeJson {
    /// The full code, `RAB.01.02`.
    pub code: String,
    /// As written in the source (typos too).
    pub name: String,
    /// The number of segments after the model's code.
    pub level: u8,
    /// The parent's code; null at level 1.
    pub parent: Option<String>,
    pub has_children: bool,
}

fn node_json(m: &ReferenceModel, n: ReferenceNode) -> ReferenceNodeJson {
    ReferenceNodeJson {
        has_children: m.has_children(&n.code),
        code: n.code,
        name: n.name,
        level: n.level,
        parent: n.parent,
    }
}

/// The reference models of the Arsitektur SPBE (national public data), for any signed-in user.
#[utoipa::path(
    get, path = "/api/v1/reference-models", tag = "model-referensi",
    responses(
        (status = 200, body = [ReferenceModelJson]),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn reference_models(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
) -> Result<Json<Vec<ReferenceModelJson>>, ApiError> {
    let models = model_referensi::list(&state, &caller).await?;
    Ok(Json(models.iter().map(|m| model_json(m)).collect()))
}

/// In the query string.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NodesQuery {
    /// A node's full code: its children. Without it: the model's level 1.
    pub parent: Option<String>,
    /// Instead: the nodes whose code starts with it or whose name contains it (at most 100).
    pub q: Option<String>,
}

/// The children of a node of a reference model, its top level, or the nodes matching a search.
/// An unknown model or parent is a 404.
#[utoipa::path(
    get, path = "/api/v1/reference-models/{model}/nodes", tag = "model-referensi",
    params(("model" = String, Path, description = "RAB, RAL, RAD, RAA, RAI or RAK"), NodesQuery),
    responses(
        (status = 200, body = [ReferenceNodeJson]),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)
    ),
    security(("bearer" = []))
)]
pub async fn reference_nodes(
    State(state): State<App>,
    ApiCaller(caller): ApiCaller,
    ApiPath(model): ApiPath<String>,
    ApiQuery(query): ApiQuery<NodesQuery>,
) -> Result<Json<Vec<ReferenceNodeJson>>, ApiError> {
    let found = model_referensi::model(&state, &caller, &model).await?;
    let nodes = match query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => model_referensi::search(&state, &caller, &model, q).await?,
        None => {
            let parent = query
                .parent
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty());
            model_referensi::children(&state, &caller, &model, parent).await?
        }
    };
    Ok(Json(
        nodes.into_iter().map(|n| node_json(&found, n)).collect(),
    ))
}
