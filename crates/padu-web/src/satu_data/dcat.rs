//! The catalog as DCAT-AP 3, for harvesters, without a token: `/data/{slug}/catalog.ttl`,
//! `.jsonld` and `.xml` (also `.rdf`), 100 datasets a page (`page`, `modified_since`, `q`),
//! and `/data/{slug}/dataset/{name}.ttl|.jsonld|.xml|.rdf` for one public dataset.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use padu_app::App;
use padu_app::satu_data::dcat::{self, CatalogQuery};
use padu_core::rdf::{self, Graph};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract_api::{ApiPath, ApiQuery};

/// The written forms of RDF served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Turtle,
    JsonLd,
    RdfXml,
}

impl Format {
    /// The format a file name's ending asks for (`.ttl`, `.jsonld`, `.xml`, `.rdf`).
    fn of_extension(ext: &str) -> Option<Format> {
        match ext {
            "ttl" => Some(Format::Turtle),
            "jsonld" => Some(Format::JsonLd),
            "xml" | "rdf" => Some(Format::RdfXml),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Turtle => "ttl",
            Format::JsonLd => "jsonld",
            Format::RdfXml => "xml",
        }
    }

    fn write(self, g: &Graph) -> Response {
        let (mime, body) = match self {
            Format::Turtle => ("text/turtle; charset=utf-8", rdf::to_turtle(g)),
            Format::JsonLd => (
                "application/ld+json",
                serde_json::to_string_pretty(&rdf::to_jsonld(g)).unwrap_or_default(),
            ),
            Format::RdfXml => ("application/rdf+xml; charset=utf-8", rdf::to_rdfxml(g)),
        };
        ([(header::CONTENT_TYPE, mime)], body).into_response()
    }
}

/// Which page of the catalog.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CatalogParams {
    /// Halaman, mulai 1 (100 dataset per halaman).
    pub page: Option<String>,
    /// Hanya dataset yang berubah sejak waktu ini (`yyyy-mm-dd` atau `yyyy-mm-ddThh:mm:ss`).
    pub modified_since: Option<String>,
    /// Kata pada judul, nama atau deskripsi.
    pub q: Option<String>,
}

async fn catalog(
    app: &App,
    slug: &str,
    params: CatalogParams,
    format: Format,
) -> Result<Response, ApiError> {
    let query = CatalogQuery {
        page: params.page,
        modified_since: params.modified_since,
        q: params.q.clone(),
    };
    let base = format!(
        "{}/data/{slug}/catalog.{}",
        app.settings.public_url.trim_end_matches('/'),
        format.extension()
    );
    let extra = params
        .q
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(|q| format!("&q={}", crate::kit::page::encode_query(q)))
        .unwrap_or_default();
    let g = dcat::catalog_page(app, slug, &query, |page| {
        format!("{base}?page={page}{extra}")
    })
    .await?;
    Ok(format.write(&g))
}

/// The catalog in Turtle: the `dcat:Catalog` with its publisher, the public datasets of one
/// page (newest change first) with their distributions, and a Hydra `PagedCollection`.
#[utoipa::path(
    get, path = "/data/{slug}/catalog.ttl", tag = "satu-data-dcat",
    params(("slug" = String, Path, description = "Slug instansi"), CatalogParams),
    responses(
        (status = 200, description = "Katalog DCAT-AP 3 (Turtle)", content_type = "text/turtle"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
pub async fn catalog_ttl(
    State(app): State<App>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<CatalogParams>,
) -> Result<Response, ApiError> {
    catalog(&app, &slug, params, Format::Turtle).await
}

/// The catalog in JSON-LD (the same graph as `catalog.ttl`).
#[utoipa::path(
    get, path = "/data/{slug}/catalog.jsonld", tag = "satu-data-dcat",
    params(("slug" = String, Path, description = "Slug instansi"), CatalogParams),
    responses(
        (status = 200, description = "Katalog DCAT-AP 3 (JSON-LD)", content_type = "application/ld+json"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
pub async fn catalog_jsonld(
    State(app): State<App>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<CatalogParams>,
) -> Result<Response, ApiError> {
    catalog(&app, &slug, params, Format::JsonLd).await
}

/// The catalog in RDF/XML (the same graph as `catalog.ttl`); also at `catalog.rdf`.
#[utoipa::path(
    get, path = "/data/{slug}/catalog.xml", tag = "satu-data-dcat",
    params(("slug" = String, Path, description = "Slug instansi"), CatalogParams),
    responses(
        (status = 200, description = "Katalog DCAT-AP 3 (RDF/XML)", content_type = "application/rdf+xml"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)
    )
)]
pub async fn catalog_xml(
    State(app): State<App>,
    ApiPath(slug): ApiPath<String>,
    ApiQuery(params): ApiQuery<CatalogParams>,
) -> Result<Response, ApiError> {
    catalog(&app, &slug, params, Format::RdfXml).await
}

/// One public dataset as DCAT-AP 3: `{id}` is its name (or id) with the format's ending,
/// `.ttl`, `.jsonld`, `.xml` or `.rdf`. Any dataset that is not published Terbuka is 404.
#[utoipa::path(
    get, path = "/data/{slug}/dataset/{id}", tag = "satu-data-dcat",
    params(
        ("slug" = String, Path, description = "Slug instansi"),
        ("id" = String, Path, description = "Nama (atau id) dataset dengan akhiran format, mis. jumlah-penduduk.ttl")
    ),
    responses(
        (status = 200, description = "Dataset DCAT-AP 3 (Turtle, JSON-LD atau RDF/XML)",
         content(("text/turtle"), ("application/ld+json"), ("application/rdf+xml"))),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)
    )
)]
pub async fn dataset(
    State(app): State<App>,
    ApiPath((slug, file)): ApiPath<(String, String)>,
) -> Result<Response, ApiError> {
    let (key, format) = file
        .rsplit_once('.')
        .and_then(|(key, ext)| Some((key, Format::of_extension(ext)?)))
        .ok_or(padu_app::AppError::NotFound(padu_app::satu_data::DATASET))?;
    let g = dcat::dataset(&app, &slug, key).await?;
    Ok(format.write(&g))
}
