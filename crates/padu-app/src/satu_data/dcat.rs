//! The catalog's public datasets as DCAT-AP 3 (`padu_core::satu_data::dcat`): one page of
//! the catalog (100 datasets, newest change first, as ckanext-dcat pages it) or one dataset.
//! Only published Terbuka datasets are described, to everyone alike: DCAT is what harvesters
//! (a national portal, data.go.id) read without a token.

use padu_core::rdf::Graph;
use padu_core::satu_data::dcat::{self, Agent, Catalog, Distribution, Paging};
use padu_core::satu_data::license;
use padu_store::satu_data::{DataGroup, Dataset, Resource};
use padu_store::{Instansi, Opd};

use super::DATASET;
use super::ckan;
use super::datasets;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};

/// Datasets on one page of the catalog.
pub const PER_PAGE: u32 = 100;

/// Which page of the catalog to describe.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogQuery {
    /// From 1; the first page when not given.
    pub page: Option<String>,
    /// Only datasets changed at or after this moment (`yyyy-mm-dd` or an ISO date and time).
    pub modified_since: Option<String>,
    /// Words in the title, name or description.
    pub q: Option<String>,
}

struct Iris {
    /// `{public_url}/data/{slug}`.
    base: String,
}

impl Iris {
    fn dataset(&self, d: &Dataset) -> String {
        format!("{}/dataset/{}", self.base, d.fields.name)
    }
    fn resource(&self, d: &Dataset, r: &Resource) -> String {
        format!("{}/dataset/{}/resource/{}", self.base, d.fields.name, r.id)
    }
    fn organization(&self, opd_id: i64) -> String {
        format!("{}/organization/{opd_id}", self.base)
    }
    fn group(&self, name: &str) -> String {
        format!("{}/group/{name}", self.base)
    }
}

fn iris(app: &App, inst: &Instansi) -> Iris {
    Iris {
        base: format!(
            "{}/data/{}",
            app.settings.public_url.trim_end_matches('/'),
            inst.slug
        ),
    }
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

fn describe(iris: &Iris, opds: &[Opd], groups: &[DataGroup], d: &Dataset) -> dcat::Dataset {
    let f = &d.fields;
    let m = &f.meta;
    let licence = f
        .license_id
        .as_deref()
        .and_then(license)
        .map(|l| l.url.to_string());
    let publisher = Agent {
        iri: iris.organization(d.opd_id),
        name: opds
            .iter()
            .find(|o| o.id == d.opd_id)
            .map_or_else(|| d.opd_id.to_string(), |o| o.name.clone()),
    };
    let themes = f
        .groups
        .iter()
        .map(|name| {
            let title = groups
                .iter()
                .find(|g| g.name == *name)
                .map_or_else(|| name.clone(), |g| g.title.clone());
            (iris.group(name), title)
        })
        .collect();
    let distributions = d
        .resources
        .iter()
        .map(|r| {
            let page = iris.resource(d, r);
            let link = r.url.trim();
            let absolute = link.starts_with("http://") || link.starts_with("https://");
            // a file Padu holds (an uploaded table) is downloaded from the catalog itself
            let held = absolute && link.starts_with(&iris.base) && link.contains("/download/");
            Distribution {
                access_url: if absolute {
                    link.to_string()
                } else {
                    page.clone()
                },
                iri: page,
                download_url: held.then(|| link.to_string()),
                title: r.name.clone(),
                description: r.description.clone(),
                format: r.format.clone(),
                license_url: licence.clone(),
                created_ms: r.created_at_ms,
                modified_ms: r.updated_at_ms,
            }
        })
        .collect();
    dcat::Dataset {
        iri: iris.dataset(d),
        identifier: d.id.to_string(),
        name: f.name.clone(),
        title: f.title.clone(),
        description: f.notes.clone(),
        keywords: f.tags.clone(),
        themes,
        publisher,
        contact: m
            .contact_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .map(|n| (n, m.contact_email.clone())),
        issued_ms: d.published_at_ms,
        modified_ms: d.updated_at_ms,
        frequency: m.frequency,
        period: (m.period_start, m.period_end),
        spatial: m.coverage.clone(),
        distributions,
    }
}

/// One page of catalog `slug` as a graph; `page_url` is the address of page `{}` in the
/// format asked for (the paging links point to the same format).
pub async fn catalog_page(
    app: &App,
    slug: &str,
    query: &CatalogQuery,
    page_url: impl Fn(&str) -> String,
) -> Result<Graph, AppError> {
    let page = match query.page.as_deref().map(str::trim) {
        None | Some("") => 1,
        Some(p) => p
            .parse::<u32>()
            .ok()
            .filter(|p| *p >= 1)
            .ok_or_else(|| invalid("page", "Nomor halaman harus bilangan bulat mulai 1"))?,
    };
    let since = match query.modified_since.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(padu_core::date::parse_moment_ms(s).ok_or_else(|| {
            invalid(
                "modified_since",
                "Tanggal harus berbentuk yyyy-mm-dd atau yyyy-mm-ddThh:mm:ss",
            )
        })?),
    };
    let inst = ckan::catalog(app, slug).await?;
    let mut list = datasets::public_list(app, inst.id).await?;
    if let Some(since) = since {
        list.retain(|d| d.updated_at_ms >= since);
    }
    if let Some(q) = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let words: Vec<String> = q
            .to_lowercase()
            .split_whitespace()
            .map(String::from)
            .collect();
        list.retain(|d| {
            let text =
                format!("{} {} {}", d.fields.name, d.fields.title, d.fields.notes).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        });
    }
    list.sort_by(|a, b| b.updated_at_ms.cmp(&a.updated_at_ms).then(b.id.cmp(&a.id)));
    let paging = Paging {
        page,
        per_page: PER_PAGE,
        total: list.len(),
        page_url: page_url("{}"),
    };
    let opds = ckan::organizations(app, &inst).await?;
    let groups = ckan::groups(app, &inst).await?;
    let iris = iris(app, &inst);
    let modified_ms = list.first().map(|d| d.updated_at_ms);
    let on_page: Vec<dcat::Dataset> = list
        .iter()
        .skip((page as usize - 1) * PER_PAGE as usize)
        .take(PER_PAGE as usize)
        .map(|d| describe(&iris, &opds, &groups, d))
        .collect();
    let catalog = Catalog {
        iri: format!("{}/catalog", iris.base),
        title: format!("Katalog Satu Data {}", inst.name),
        description: format!(
            "Data terbuka {} yang diterbitkan walidata melalui portal Satu Data.",
            inst.name
        ),
        publisher: Agent {
            iri: iris.base.clone(),
            name: inst.name.clone(),
        },
        modified_ms,
    };
    Ok(dcat::catalog_graph(&catalog, &on_page, &paging))
}

/// Public dataset `key` (its id or name) of catalog `slug` as a graph; any other is "not
/// found", as it is to the CKAN API without a token.
pub async fn dataset(app: &App, slug: &str, key: &str) -> Result<Graph, AppError> {
    let inst = ckan::catalog(app, slug).await?;
    let ds = ckan::dataset_in(
        app,
        None,
        &inst,
        key,
        padu_core::access::Action::ReadDataset,
    )
    .await?;
    if !ds.is_public() {
        return Err(AppError::NotFound(DATASET));
    }
    let opds = ckan::organizations(app, &inst).await?;
    let groups = ckan::groups(app, &inst).await?;
    Ok(dcat::dataset_graph(&describe(
        &iris(app, &inst),
        &opds,
        &groups,
        &ds,
    )))
}
