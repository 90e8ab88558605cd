//! Satu Data (Perpres 39/2019): granting the walidata, walidata pendukung and produsen data
//! roles beside a user's SPBE role, in the API and on the users' pages (`roles`); the catalog
//! of datasets with the walidata workflow (`api`, its JSON in `json`); the CKAN-compatible
//! Action API of each instansi's catalog under `/data/{slug}` (`ckan`); the DataStore's own API
//! (`datastore_api`: uploads, versions, rows, the original file); the catalog as DCAT-AP 3 for
//! harvesters (`dcat`).

pub mod api;
pub mod ckan;
pub mod datastore_api;
pub mod dcat;
pub mod json;
mod roles;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use padu_app::App;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::kit::feature::{Feature, Limits};

pub const FEATURE: Feature = Feature {
    api,
    pages,
    banners: &[("peran-satu-data-disimpan", "peran_satu_data.disimpan")],
    ..Feature::named("satu_data")
};

fn api(limits: Limits) -> OpenApiRouter<App> {
    // Uploads (Padu's and CKAN's multipart `resource_create`) get the files store's cap plus
    // room for the form fields; a JSON action body keeps its own 1 MB limit.
    let upload_limit = DefaultBodyLimit::max(limits.max_upload_bytes.saturating_add(1024 * 1024));
    let uploads = OpenApiRouter::new()
        .routes(routes!(datastore_api::upload_resource))
        .routes(routes!(
            datastore_api::upload_version,
            datastore_api::list_versions
        ))
        .routes(routes!(ckan::action_get, ckan::action_post))
        .layer(upload_limit);
    OpenApiRouter::new()
        .routes(routes!(roles::put_data_role))
        .routes(routes!(api::list_datasets, api::create_dataset))
        .routes(routes!(
            api::get_dataset,
            api::update_dataset,
            api::delete_dataset
        ))
        .routes(routes!(api::add_resource))
        .routes(routes!(api::update_resource, api::delete_resource))
        .routes(routes!(api::submit))
        .routes(routes!(api::return_dataset))
        .routes(routes!(api::approve))
        .routes(routes!(api::publish))
        .routes(routes!(api::unpublish))
        .routes(routes!(dcat::catalog_ttl))
        .routes(routes!(dcat::catalog_jsonld))
        .routes(routes!(dcat::catalog_xml))
        .routes(routes!(dcat::dataset))
        .routes(routes!(datastore_api::table_rows))
        .routes(routes!(ckan::datastore::dump))
        .routes(routes!(datastore_api::download))
        .merge(uploads)
}

fn pages() -> Router<App> {
    Router::new()
        .route(
            "/pengguna/{id}/satu-data",
            get(roles::form).post(roles::save),
        )
        // CKAN serves its Action API at both addresses (`ckanapi` POSTs to this one)
        .route(
            "/data/{slug}/api/action/{name}",
            get(ckan::action_get)
                .post(ckan::action_post)
                .layer(DefaultBodyLimit::disable()),
        )
        // ckanext-dcat serves RDF/XML at both endings
        .route("/data/{slug}/catalog.rdf", get(dcat::catalog_xml))
}
