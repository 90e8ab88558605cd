//! The form that enters or changes an architecture item, with the fields of its domain (the
//! same rows show the item's fields on its page).

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use padu_app::arsitektur::items::{self, ItemInput};
use padu_app::arsitektur::target;
use padu_app::kit::i18n::Tr;
use padu_app::{App, AppError};
use padu_core::access::{Action, allows};
use padu_core::arsitektur::{self, Domain, FieldKind, STANDAR, State as ItemState};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::item_page::load;
use super::pages::{Choice, domain_label, may_add, state_label};
use crate::kit::form::FormErrors;
use crate::kit::layout::{Ctx, Failure, OrPage, Shell, parse_id, render, see_other};

/// A field of the form (or of the item's page) with what it holds now.
pub struct FieldRow {
    pub key: String,
    pub label: &'static str,
    /// `text`, `paragraph`, `choice`, `choices`, `flag`, `date`, `level`, `url`, `standar`.
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<Choice>,
    /// A Standar Pelayanan's six components: id, label, value.
    pub parts: Vec<(String, &'static str, String)>,
    /// As the item's page shows it.
    pub shown: String,
}

fn kind_code(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Paragraph => "paragraph",
        FieldKind::Choice(_) => "choice",
        FieldKind::Choices(_) => "choices",
        FieldKind::Flag => "flag",
        FieldKind::Date => "date",
        FieldKind::Level => "level",
        FieldKind::Url => "url",
        FieldKind::Standar => "standar",
    }
}

fn choice_label(tr: Tr, code: &str) -> &'static str {
    tr.t(&format!("arsitektur.pilihan.{code}"))
}

fn value_text(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The rows of `domain`'s fields holding `fields`.
pub fn field_rows(tr: Tr, domain: Domain, fields: &Map<String, Value>) -> Vec<FieldRow> {
    arsitektur::fields(domain)
        .iter()
        .map(|spec| {
            let v = fields.get(spec.key);
            let value = value_text(v);
            let selected: Vec<String> = match v {
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                _ => vec![value.clone()],
            };
            let options: Vec<Choice> = match spec.kind {
                FieldKind::Choice(opts) | FieldKind::Choices(opts) => opts
                    .iter()
                    .map(|o| Choice {
                        value: (*o).to_string(),
                        label: choice_label(tr, o).to_string(),
                        selected: selected.iter().any(|s| s == o),
                    })
                    .collect(),
                FieldKind::Flag => ["true", "false"]
                    .iter()
                    .map(|o| Choice {
                        value: (*o).to_string(),
                        label: tr.t(&format!("arsitektur.pilihan.{o}")).to_string(),
                        selected: value == *o,
                    })
                    .collect(),
                FieldKind::Level => (1..=5)
                    .map(|n: i32| Choice {
                        value: n.to_string(),
                        label: n.to_string(),
                        selected: value == n.to_string(),
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let standar = v.and_then(Value::as_object);
            let parts = if spec.kind == FieldKind::Standar {
                STANDAR
                    .iter()
                    .map(|p| {
                        (
                            format!("{}.{p}", spec.key),
                            tr.t(&format!("arsitektur.standar.{p}")),
                            value_text(standar.and_then(|s| s.get(*p))),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let shown = match spec.kind {
                FieldKind::Choice(_) | FieldKind::Choices(_) | FieldKind::Flag => options
                    .iter()
                    .filter(|o| o.selected)
                    .map(|o| o.label.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => value.clone(),
            };
            FieldRow {
                key: spec.key.to_string(),
                label: tr.t(&format!("arsitektur.bidang.{}", spec.key)),
                kind: kind_code(spec.kind),
                required: spec.required,
                value,
                options,
                parts,
                shown,
            }
        })
        .collect()
}

/// The domain fields of a posted form, as the use case reads them.
fn form_fields(domain: Domain, form: &[(String, String)]) -> Map<String, Value> {
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut out = Map::new();
    for spec in arsitektur::fields(domain) {
        let raw = get(spec.key);
        let value = match spec.kind {
            FieldKind::Choices(_) => Value::Array(
                form.iter()
                    .filter(|(k, v)| k == spec.key && !v.is_empty())
                    .map(|(_, v)| Value::String(v.clone()))
                    .collect(),
            ),
            FieldKind::Flag => match raw.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "" => Value::Null,
                other => Value::String(other.to_string()),
            },
            FieldKind::Level => match raw.trim() {
                "" => Value::Null,
                n => n
                    .parse::<i64>()
                    .map_or_else(|_| Value::String(n.to_string()), Value::from),
            },
            FieldKind::Standar => Value::Object(
                STANDAR
                    .iter()
                    .map(|p| {
                        (
                            (*p).to_string(),
                            Value::String(get(&format!("{}.{p}", spec.key))),
                        )
                    })
                    .collect(),
            ),
            _ => Value::String(raw),
        };
        out.insert(spec.key.to_string(), value);
    }
    out
}

#[derive(Template)]
#[template(path = "arsitektur/templates/formulir.html")]
struct FormPage {
    tr: Tr,
    shell: Shell,
    errors: FormErrors,
    /// `None`: a new item.
    item_id: Option<i64>,
    action: String,
    back: String,
    instansi_name: String,
    domain: String,
    domain_name: &'static str,
    domains: Vec<Choice>,
    name: String,
    opds: Vec<Choice>,
    year: String,
    reference: String,
    model: &'static str,
    states: Vec<Choice>,
    fields: Vec<FieldRow>,
}

struct Typed {
    domain: Domain,
    name: String,
    opd: String,
    year: String,
    reference: String,
    state: String,
    fields: Map<String, Value>,
}

async fn form_page(
    state: &App,
    ctx: &Ctx,
    inst: &padu_store::Instansi,
    item_id: Option<i64>,
    typed: Typed,
    errors: FormErrors,
    status: StatusCode,
) -> Result<Response, Failure> {
    let tr = ctx.tr;
    let actor = ctx.caller.actor();
    let opds = state
        .store
        .opds_of(inst.id)
        .await
        .map_err(|e| Failure(e.into(), ctx.lang))?;
    let opds = opds
        .into_iter()
        .filter(|o| o.active || typed.opd == o.id.to_string())
        .filter(|o| {
            allows(
                &actor,
                Action::EditArchitecture,
                &padu_core::access::Target::opd(inst.id, inst.province(), o.id),
            )
        })
        .map(|o| Choice {
            selected: typed.opd == o.id.to_string(),
            value: o.id.to_string(),
            label: o.name,
        })
        .collect();
    let shell = Shell::load(state, ctx, crate::arsitektur::SECTION, None)
        .await
        .or_page(ctx.lang)?;
    let page = FormPage {
        tr,
        shell,
        errors,
        action: match item_id {
            Some(id) => format!("/arsitektur/item/{id}/ubah"),
            None => format!("/instansi/{}/arsitektur/baru", inst.id),
        },
        back: match item_id {
            Some(id) => format!("/arsitektur/item/{id}"),
            None => format!("/instansi/{}/arsitektur", inst.id),
        },
        item_id,
        instansi_name: inst.name.clone(),
        domain: typed.domain.code().to_string(),
        domain_name: domain_label(tr, typed.domain),
        domains: Domain::ALL
            .iter()
            .map(|d| Choice {
                value: d.code().to_string(),
                label: domain_label(tr, *d).to_string(),
                selected: *d == typed.domain,
            })
            .collect(),
        name: typed.name,
        opds,
        year: typed.year,
        reference: typed.reference,
        model: typed.domain.model(),
        states: ItemState::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_string(),
                label: state_label(tr, *s).to_string(),
                selected: typed.state == s.code(),
            })
            .collect(),
        fields: field_rows(tr, typed.domain, &typed.fields),
    };
    Ok(render(status, &page))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    domain: String,
}

/// `GET /instansi/{id}/arsitektur/baru`
pub async fn new_form(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Query(q): Query<NewQuery>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let inst = padu_app::org::instansi_for(&state, &ctx.caller, id, Action::ViewArchitecture)
        .await
        .or_page(ctx.lang)?;
    if !may_add(&state, &ctx, &inst).await {
        return Err(Failure(AppError::Forbidden, ctx.lang));
    }
    let typed = Typed {
        domain: Domain::from_code(&q.domain).unwrap_or(Domain::ProsesBisnis),
        name: String::new(),
        opd: ctx
            .caller
            .user
            .opd_id
            .map(|o| o.to_string())
            .unwrap_or_default(),
        year: time::OffsetDateTime::now_utc().year().to_string(),
        reference: String::new(),
        state: ItemState::AsIs.code().to_string(),
        fields: Map::new(),
    };
    form_page(
        &state,
        &ctx,
        &inst,
        None,
        typed,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

fn get<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

/// The form as the use case reads it; what cannot be read (a year that is no number) goes to
/// `errors`.
fn input_of(
    domain: Domain,
    form: &[(String, String)],
    errors: &mut FormErrors,
    tr: Tr,
) -> ItemInput {
    let year = match get(form, "year").trim() {
        "" => None,
        y => match y.parse::<i32>() {
            Ok(y) => Some(y),
            Err(_) => {
                errors.push("year", tr.t("arsitektur.tahun_salah"));
                None
            }
        },
    };
    ItemInput {
        domain: Some(domain.code().to_string()),
        name: Some(get(form, "name").to_string()),
        opd: get(form, "opd").trim().parse().ok(),
        year,
        reference: Some(get(form, "reference").to_string()),
        state: Some(get(form, "state").to_string()).filter(|s| !s.is_empty()),
        fields: form_fields(domain, form),
        published: None,
    }
}

fn typed_of(domain: Domain, form: &[(String, String)]) -> Typed {
    Typed {
        domain,
        name: get(form, "name").to_string(),
        opd: get(form, "opd").to_string(),
        year: get(form, "year").to_string(),
        reference: get(form, "reference").to_string(),
        state: get(form, "state").to_string(),
        fields: form_fields(domain, form),
    }
}

/// `POST /instansi/{id}/arsitektur/baru`
pub async fn create(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let id = parse_id(&raw, "Instansi").or_page(ctx.lang)?;
    let inst = padu_app::org::instansi_for(&state, &ctx.caller, id, Action::ViewArchitecture)
        .await
        .or_page(ctx.lang)?;
    let domain = Domain::from_code(get(&form, "domain")).unwrap_or(Domain::ProsesBisnis);
    let mut errors = FormErrors::default();
    let input = input_of(domain, &form, &mut errors, ctx.tr);
    let result = if errors.is_empty() {
        items::create(&state, &ctx.caller, id, &input).await
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(v) => Ok(see_other(&format!(
            "/arsitektur/item/{}?pesan=arsitektur-disimpan",
            v.item.id
        ))),
        Err(err) => match FormErrors::from_error(&err, "name") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                form_page(
                    &state,
                    &ctx,
                    &inst,
                    None,
                    typed_of(domain, &form),
                    errors,
                    status,
                )
                .await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}

/// `GET /arsitektur/item/{id}/ubah`
pub async fn edit_form(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let (view, inst) = load(&state, &ctx, &raw).await?;
    let item = &view.item;
    if !allows(
        &ctx.caller.actor(),
        Action::EditArchitecture,
        &target(&inst, item),
    ) {
        return Err(Failure(AppError::Forbidden, ctx.lang));
    }
    let typed = Typed {
        domain: item.domain,
        name: item.name.clone(),
        opd: item.opd_id.to_string(),
        year: item.year.to_string(),
        reference: item.reference.clone().unwrap_or_default(),
        state: item.state.code().to_string(),
        fields: item.fields.clone(),
    };
    form_page(
        &state,
        &ctx,
        &inst,
        Some(item.id),
        typed,
        FormErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// `POST /arsitektur/item/{id}/ubah`
pub async fn update(
    State(state): State<App>,
    ctx: Ctx,
    Path(raw): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let (view, inst) = load(&state, &ctx, &raw).await?;
    let domain = view.item.domain;
    let mut errors = FormErrors::default();
    let input = input_of(domain, &form, &mut errors, ctx.tr);
    let result = if errors.is_empty() {
        items::update(&state, &ctx.caller, view.item.id, &input).await
    } else {
        Err(AppError::Invalid(Vec::new()))
    };
    match result {
        Ok(v) => Ok(see_other(&format!(
            "/arsitektur/item/{}?pesan=arsitektur-disimpan",
            v.item.id
        ))),
        Err(err) => match FormErrors::from_error(&err, "name") {
            Some((status, more)) => {
                errors.items.extend(more.items);
                form_page(
                    &state,
                    &ctx,
                    &inst,
                    Some(view.item.id),
                    typed_of(domain, &form),
                    errors,
                    status,
                )
                .await
            }
            None => Err(Failure(err, ctx.lang)),
        },
    }
}
