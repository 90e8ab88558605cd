//! The JSON API under `/api/v1`, described by OpenAPI at `/api/openapi.json` and readable at
//! `/api/docs`: the document's frame (title, tags, bearer scheme) and the routes every feature
//! contributes.

use askama::Template;
use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use padu_app::kit::i18n::Tr;
use padu_app::{App, AppError};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::kit::error::ApiError;
use crate::kit::feature::{Feature, Limits};
use crate::kit::layout::{Shell, render};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Padu API",
        description = "Padu: evaluasi SPBE dan Indeks Pemerintah Digital. Kirim token dari \
                       POST /api/v1/auth/token sebagai `Authorization: Bearer <token>`. \
                       Galat berbentuk {\"code\", \"message\"}.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Masuk dan token API"),
        (name = "organisasi", description = "Instansi dan OPD"),
        (name = "pengguna", description = "Akun pengguna"),
        (name = "evaluasi", description = "Periode, indikator, bukti dukung, penilaian, indeks"),
        (name = "perencanaan", description = "Perencana target dan rencana aksi"),
        (name = "laporan", description = "Laporan PDF, lembar kerja Excel, impor hasil resmi"),
        (name = "notifikasi", description = "Notifikasi pengguna sendiri"),
        (name = "audit", description = "Log audit bagi yang boleh membacanya"),
        (name = "peringkat", description = "Peringkat indeks nasional dan provinsi"),
        (name = "model-referensi", description = "Model referensi Arsitektur SPBE: RAB, RAL, RAD, RAA, RAI, RAK"),
        (name = "satu-data", description = "Satu Data: peran walidata, walidata pendukung dan produsen data"),
        (name = "satu-data-ckan", description = "Satu Data: API Aksi yang kompatibel dengan CKAN per instansi (/data/{slug}/api/3/action/{name}), amplop {\"help\", \"success\", \"result\"}; baca tanpa token, tulis dengan token API Padu"),
        (name = "arsitektur", description = "Arsitektur SPBE: item per domain, tautan, verifikasi, kesenjangan, aplikasi yang tumpang tindih"),
        (name = "portal", description = "Portal layanan digital terpadu: layanan yang diterbitkan instansi, terbuka tanpa token"),
        (name = "peta-rencana", description = "Peta Rencana SPBE: peta rencana per instansi dan versinya, penetapan, reviu, item per OPD, realisasi per semester"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
    }
}

fn api_router(features: &[Feature], limits: Limits) -> OpenApiRouter<App> {
    features.iter().fold(
        OpenApiRouter::with_openapi(ApiDoc::openapi()),
        |router, feature| router.merge((feature.api)(limits)),
    )
}

/// The OpenAPI document of `features` (served at `/api/openapi.json`, snapshot-tested).
pub fn document(features: &[Feature]) -> utoipa::openapi::OpenApi {
    let limits = Limits {
        max_upload_bytes: 0,
    };
    api_router(features, limits).split_for_parts().1
}

/// The API routes of `features`, the document, and a JSON 404 for any other `/api` address.
pub fn router(features: &[Feature], limits: Limits) -> Router<App> {
    let (router, doc) = api_router(features, limits).split_for_parts();
    router
        .route("/api/openapi.json", get(move || async move { Json(doc) }))
        .route("/api/docs", get(docs))
        .route("/api/{*rest}", axum::routing::any(unknown))
        .route("/api", axum::routing::any(unknown))
}

#[derive(Template)]
#[template(path = "kit/templates/api_docs.html")]
struct DocsPage {
    tr: Tr,
    shell: Shell,
}

/// `/api/docs`: the readable reference of the document (swagger-ui from the binary's static
/// files, under the site's CSP), for anyone, as the document itself.
async fn docs(headers: HeaderMap) -> Response {
    let lang = crate::kit::i18n::lang_of(&headers);
    let page = DocsPage {
        tr: Tr::new(lang),
        shell: Shell::anonymous(lang),
    };
    render(StatusCode::OK, &page)
}

async fn unknown() -> ApiError {
    AppError::NotFound("Alamat API").into()
}
