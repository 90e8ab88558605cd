//! The portal's JSON feed: an instansi's published services, for anyone (no token, no
//! session; a national portal harvests it), the same data the page lists.

use axum::Json;
use axum::extract::State;
use padu_app::App;
use padu_app::portal::{self, Portal, Service};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::ToSchema;

use crate::kit::error::{ApiError, ErrorBody};
use crate::kit::extract_api::ApiPath;

/// The instansi whose services these are.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct PublicInstansi {
    pub id: i64,
    pub name: String,
    /// Its URL name: the page is `/portal/{slug}`.
    pub slug: String,
    /// `/portal/{slug}`
    pub portal: String,
}

/// The owner OPD of a service.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct PublicOpd {
    pub id: i64,
    pub name: String,
}

/// The six published components of a Standar Pelayanan.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct PublicStandar {
    pub persyaratan: String,
    /// Sistem, mekanisme, dan prosedur.
    pub prosedur: String,
    /// Jangka waktu penyelesaian.
    pub waktu: String,
    /// Biaya/tarif.
    pub biaya: String,
    /// Produk pelayanan.
    pub produk: String,
    /// Penanganan pengaduan, saran, dan masukan.
    pub pengaduan: String,
}

/// One published service.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct PublicService {
    /// The layanan's id in the instansi's architecture.
    pub id: i64,
    pub name: String,
    pub description: String,
    /// `kependudukan`, `perizinan`, `kesehatan`, `pendidikan`, `sosial`, `kecamatan_desa`,
    /// `pajak_retribusi` or `lainnya`; null when not given.
    pub category: Option<String>,
    /// The citizen's life event it serves (`Kelahiran`), as the instansi names it.
    pub life_event: Option<String>,
    pub channel: Option<String>,
    pub link: Option<String>,
    /// Who may use it: `masyarakat`, `pelaku_usaha`, `asn`, `instansi_pemerintah`.
    pub users: Vec<String>,
    /// `elektronik`, `hybrid` or `tatap_muka`.
    pub method: Option<String>,
    pub opd: PublicOpd,
    pub standar: PublicStandar,
    /// When it was last changed (RFC 3339, UTC).
    pub updated: String,
    /// Its page: `/portal/{slug}/layanan/{id}`.
    pub page: String,
}

/// An instansi's portal as the feed writes it.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct PublicServices {
    pub instansi: PublicInstansi,
    /// By name.
    pub services: Vec<PublicService>,
}

fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

fn standar(s: &Service) -> PublicStandar {
    let get = |key: &str| {
        s.standar
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    PublicStandar {
        persyaratan: get("persyaratan"),
        prosedur: get("prosedur"),
        waktu: get("waktu"),
        biaya: get("biaya"),
        produk: get("produk"),
        pengaduan: get("pengaduan"),
    }
}

/// `portal` as the feed writes it.
pub fn feed(p: &Portal) -> PublicServices {
    let base = super::portal_href(&p.instansi.slug);
    PublicServices {
        instansi: PublicInstansi {
            id: p.instansi.id,
            name: p.instansi.name.clone(),
            slug: p.instansi.slug.clone(),
            portal: base.clone(),
        },
        services: p
            .services
            .iter()
            .map(|s| PublicService {
                id: s.id,
                name: s.name.clone(),
                description: s.description.clone(),
                category: s.category.clone(),
                life_event: s.life_event.clone(),
                channel: s.channel.clone(),
                link: s.link.clone(),
                users: s.users.clone(),
                method: s.method.clone(),
                opd: PublicOpd {
                    id: s.opd_id,
                    name: s.opd.clone(),
                },
                standar: standar(s),
                updated: rfc3339(s.updated_at_ms),
                page: format!("{base}/layanan/{}", s.id),
            })
            .collect(),
    }
}

/// The services an instansi published on its portal (verified layanan with the six components
/// of their Standar Pelayanan), for anyone: no token or session needed. `{id}` is the
/// instansi's id or its URL name (`kabupaten-trenggalek`).
#[utoipa::path(
    get, path = "/api/v1/public/instansi/{id}/services", tag = "portal",
    params(("id" = String, Path, description = "Id instansi atau nama URL-nya (slug)")),
    responses(
        (status = 200, body = PublicServices),
        (status = 404, body = ErrorBody)
    ),
    security(())
)]
pub async fn services(
    State(state): State<App>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<PublicServices>, ApiError> {
    let p = portal::by_key(&state, &id).await?;
    Ok(Json(feed(&p)))
}
