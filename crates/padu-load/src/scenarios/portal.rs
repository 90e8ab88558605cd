//! The public portal: an instansi's page of published services (`/portal/{slug}`) read by
//! anonymous visitors (no cookie, no token) at 64 connections. Before its warm-up the scenario
//! publishes [`SERVICES`] layanan of the first kabupaten through the API, as its koordinator
//! (entered, submitted, verified, published, as a Pemda would).

use super::*;

/// Published layanan on the portal read.
pub const SERVICES: usize = 12;

const CATEGORIES: [&str; 6] = [
    "kependudukan",
    "perizinan",
    "kesehatan",
    "pendidikan",
    "sosial",
    "pajak_retribusi",
];

pub(super) fn json_of(reply: &Reply, what: &str) -> Result<serde_json::Value> {
    if !reply.status.is_success() {
        bail!(
            "{what} answered {}: {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
        );
    }
    Ok(serde_json::from_slice(&reply.body)?)
}

fn layanan(n: usize, opd: i64) -> serde_json::Value {
    serde_json::json!({
        "domain": "layanan", "name": format!("Layanan uji beban {n:02}"), "year": 2026,
        "opd": opd, "reference": "RAL.01.01.02",
        "description": format!("Layanan ke-{n} untuk uji beban portal."),
        "purpose": "Pelayanan publik", "users": ["masyarakat"], "method": "elektronik",
        "category": CATEGORIES[n % CATEGORIES.len()], "life_event": format!("Peristiwa {}", n % 4),
        "channel": "Aplikasi daring dan loket", "link": format!("https://layanan.example/{n}"),
        "standar": {
            "persyaratan": "KTP-el; Kartu Keluarga; formulir permohonan yang telah diisi",
            "prosedur": "Daftar daring, unggah berkas, verifikasi petugas, penerbitan dokumen",
            "waktu": "3 hari kerja", "biaya": "Tidak dipungut biaya",
            "produk": "Dokumen elektronik bertanda tangan elektronik",
            "pengaduan": "SP4N-LAPOR! dan loket pengaduan"
        }
    })
}

pub async fn portal(
    client: &Client,
    world: &World,
    plan: &Plan,
    errors: &Errors,
) -> Result<(Recorder, Window, Extra)> {
    let inst = &world.instansi[0];
    let auth = &inst.coordinator;
    let opds = json_of(
        &client
            .get(&format!("/api/v1/instansi/{}/opd", inst.id), auth)
            .await?,
        "the OPD list",
    )?;
    let Some(opd) = opds.get(0).and_then(|o| o["id"].as_i64()) else {
        bail!("the instansi has no OPD: {opds}");
    };
    for n in 0..SERVICES {
        let made = json_of(
            &client
                .post_json(
                    &format!("/api/v1/instansi/{}/architecture/items", inst.id),
                    auth,
                    layanan(n, opd),
                )
                .await?,
            "creating a layanan",
        )?;
        let Some(id) = made["id"].as_i64() else {
            bail!("no id in {made}");
        };
        let path = format!("/api/v1/architecture/items/{id}");
        for step in ["submit", "verify"] {
            json_of(
                &client
                    .send(Method::POST, &format!("{path}/{step}"), auth, Body::Empty)
                    .await?,
                step,
            )?;
        }
        json_of(
            &client
                .send(
                    Method::PATCH,
                    &path,
                    auth,
                    Body::Json(serde_json::json!({"published": true})),
                )
                .await?,
            "publishing",
        )?;
    }
    let feed = json_of(
        &client
            .get(
                &format!("/api/v1/public/instansi/{}/services", inst.id),
                &Auth::None,
            )
            .await?,
        "the feed",
    )?;
    let listed = feed["services"].as_array().map_or(0, Vec::len);
    if listed != SERVICES {
        bail!("the feed lists {listed} services, not {SERVICES}");
    }
    let Some(slug) = feed["instansi"]["slug"].as_str() else {
        bail!("no slug in the feed");
    };
    let jobs = vec![Job::Get(format!("/portal/{slug}"), Auth::None)];
    let window = Window::new(plan.warmup, plan.measure);
    let rec = closed_loop(client, 64, jobs, window, errors).await?;
    Ok((
        rec,
        window,
        extra([("connections", 64.into()), ("services", SERVICES.into())]),
    ))
}
