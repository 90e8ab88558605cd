//! The reference-model pages: `/model-referensi` (the six models), `/model-referensi/{model}`
//! (its tree: the top level, each level opened in place, a node with its path and children,
//! a search by code or name) and `/model-referensi/{model}/anak?induk=CODE` (the children of a
//! node, the fragment htmx opens a level with).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::App;
use padu_app::kit::i18n::Tr;
use padu_app::model_referensi::{self, SEARCH_LIMIT};
use padu_core::model_referensi::{ReferenceModel, ReferenceNode};
use serde::Deserialize;

use super::REFERENCE_MODELS;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, render};

/// One model in the list, or the head of its tree page.
pub struct ModelHead {
    pub code: String,
    pub name: String,
    pub version: String,
    pub source: String,
    pub source_url: Option<String>,
    pub secondary: bool,
    pub provisional: bool,
    pub note: String,
    pub node_count: usize,
    pub href: String,
}

fn head(m: &ReferenceModel) -> ModelHead {
    ModelHead {
        code: m.code.clone(),
        name: m.name.clone(),
        version: m.version.clone(),
        source: m.source.name.clone(),
        source_url: m.source.url.clone(),
        secondary: m.source.secondary,
        provisional: m.source.provisional_codes,
        note: m.source.note.clone(),
        node_count: m.nodes().len(),
        href: format!("/model-referensi/{}", m.code),
    }
}

/// One node as a line of the tree.
pub struct Row {
    pub code: String,
    pub name: String,
    pub level: u8,
    pub has_children: bool,
    /// Its own view: path and children (works without JavaScript).
    pub href: String,
    /// The fragment of its children, for htmx.
    pub children_href: String,
}

fn row(m: &ReferenceModel, n: &ReferenceNode) -> Row {
    Row {
        code: n.code.clone(),
        name: n.name.clone(),
        level: n.level,
        has_children: m.has_children(&n.code),
        href: format!("/model-referensi/{}?simpul={}", m.code, n.code),
        children_href: format!("/model-referensi/{}/anak?induk={}", m.code, n.code),
    }
}

fn rows(m: &ReferenceModel, nodes: &[ReferenceNode]) -> Vec<Row> {
    nodes.iter().map(|n| row(m, n)).collect()
}

#[derive(Template)]
#[template(path = "model_referensi/templates/daftar.html")]
struct ListPage {
    tr: Tr,
    shell: Shell,
    models: Vec<ModelHead>,
}

/// `GET /model-referensi`
pub async fn list(State(state): State<App>, ctx: Ctx) -> Result<Response, Failure> {
    let models = model_referensi::list(&state, &ctx.caller)
        .await
        .or_page(ctx.lang)?;
    let shell = Shell::load(&state, &ctx, REFERENCE_MODELS, None)
        .await
        .or_page(ctx.lang)?;
    Ok(render(
        StatusCode::OK,
        &ListPage {
            tr: ctx.tr,
            shell,
            models: models.iter().map(|m| head(m)).collect(),
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct TreeQuery {
    #[serde(default)]
    simpul: String,
    #[serde(default)]
    q: String,
}

/// A node opened on its own: where it sits and what is below it.
pub struct Focus {
    pub path: Vec<Row>,
    pub node: Row,
}

#[derive(Template)]
#[template(path = "model_referensi/templates/pohon.html")]
struct TreePage {
    tr: Tr,
    shell: Shell,
    model: ModelHead,
    query: String,
    /// The search's matches, when searched.
    results: Option<Vec<Row>>,
    limit: usize,
    focus: Option<Focus>,
    /// The top level, or the opened node's children.
    rows: Vec<Row>,
}

/// `GET /model-referensi/{model}?simpul=RAB.01&q=...`
pub async fn tree(
    State(state): State<App>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<TreeQuery>,
) -> Result<Response, Failure> {
    let model = model_referensi::model(&state, &ctx.caller, &code)
        .await
        .or_page(ctx.lang)?;
    let query = q.q.trim().to_string();
    let results = if query.is_empty() {
        None
    } else {
        let found = model_referensi::search(&state, &ctx.caller, &model.code, &query)
            .await
            .or_page(ctx.lang)?;
        Some(rows(&model, &found))
    };
    let simpul = q.simpul.trim();
    let (focus, children) = if simpul.is_empty() {
        let top = model_referensi::children(&state, &ctx.caller, &model.code, None)
            .await
            .or_page(ctx.lang)?;
        (None, top)
    } else {
        let view = model_referensi::node(&state, &ctx.caller, simpul)
            .await
            .or_page(ctx.lang)?;
        if view.model.code != model.code {
            return Err(Failure(
                padu_app::AppError::NotFound("Simpul referensi"),
                ctx.lang,
            ));
        }
        let mut path = rows(&model, &view.path);
        let node = path.pop().ok_or(Failure(
            padu_app::AppError::NotFound("Simpul referensi"),
            ctx.lang,
        ))?;
        (Some(Focus { path, node }), view.children)
    };
    let shell = Shell::load(&state, &ctx, REFERENCE_MODELS, None)
        .await
        .or_page(ctx.lang)?;
    Ok(render(
        StatusCode::OK,
        &TreePage {
            tr: ctx.tr,
            shell,
            rows: rows(&model, &children),
            model: head(&model),
            query,
            results,
            limit: SEARCH_LIMIT,
            focus,
        },
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct ChildrenQuery {
    #[serde(default)]
    induk: String,
}

#[derive(Template)]
#[template(path = "model_referensi/templates/anak.html")]
struct ChildrenFragment {
    tr: Tr,
    rows: Vec<Row>,
}

/// `GET /model-referensi/{model}/anak?induk=RAB.01`: the children list alone.
pub async fn children(
    State(state): State<App>,
    ctx: Ctx,
    Path(code): Path<String>,
    Query(q): Query<ChildrenQuery>,
) -> Result<Response, Failure> {
    let model = model_referensi::model(&state, &ctx.caller, &code)
        .await
        .or_page(ctx.lang)?;
    let induk = q.induk.trim();
    let parent = (!induk.is_empty()).then_some(induk);
    let nodes = model_referensi::children(&state, &ctx.caller, &model.code, parent)
        .await
        .or_page(ctx.lang)?;
    Ok(render(
        StatusCode::OK,
        &ChildrenFragment {
            tr: ctx.tr,
            rows: rows(&model, &nodes),
        },
    ))
}
