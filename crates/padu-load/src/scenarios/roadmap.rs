//! The Peta Rencana SPBE of a large Pemda: a roadmap of [`ITEMS`] items across the first
//! kabupaten's OPDs, entered through the API as its koordinator before the warm-up. Measured:
//! the roadmap page (`/peta-rencana/{id}`: items per OPD, budget tables, timeline) at 64
//! connections; then, one at a time, [`PDF_RUNS`] renders of its formal document
//! (`/api/v1/roadmaps/{id}/document.pdf`), whose slowest and median times are the row's
//! `pdf_ms_max` and `pdf_ms_median`.

use super::portal::json_of;
use super::*;

/// Items in the roadmap.
pub const ITEMS: usize = 200;
/// Sequential renders of the document timed after the page's window.
pub const PDF_RUNS: usize = 5;

const STATUSES: [&str; 3] = ["belum_mulai", "berjalan", "selesai"];

fn item(n: usize, opd: i64) -> serde_json::Value {
    let start = 2025 + (n % 3) as i32;
    let years: Vec<i32> = (start..=(start + 2).min(2029)).collect();
    let budget: serde_json::Map<String, serde_json::Value> = years
        .iter()
        .map(|y| {
            (
                y.to_string(),
                (50_000_000 + 25_000_000 * (n % 7) as i64).into(),
            )
        })
        .collect();
    let targets: serde_json::Map<String, serde_json::Value> = years
        .iter()
        .map(|y| {
            (
                y.to_string(),
                format!("Tahap {} terlaksana", y - start + 1).into(),
            )
        })
        .collect();
    serde_json::json!({
        "title": format!("Item uji beban {n:03}"), "opd": opd, "years": years,
        "targets": targets, "budget": budget,
        "indicators": [{"instrument": "permenpanrb-8-2026", "number": n % 20 + 1, "level": 4}],
        "need": "Layanan belum terintegrasi antar-OPD", "program_code": "2.16.03.1.01",
        "status": STATUSES[n % 3]
    })
}

pub async fn roadmap(
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
    let opds: Vec<i64> = opds
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_i64()).collect())
        .unwrap_or_default();
    if opds.is_empty() {
        bail!("the instansi has no OPD");
    }
    let made = json_of(
        &client
            .post_json(
                &format!("/api/v1/instansi/{}/roadmaps", inst.id),
                auth,
                serde_json::json!({"title": "Peta Rencana SPBE uji beban 2025-2029",
                                   "start_year": 2025, "end_year": 2029}),
            )
            .await?,
        "creating the roadmap",
    )?;
    let Some(id) = made["id"].as_i64() else {
        bail!("no id in {made}");
    };
    for n in 0..ITEMS {
        json_of(
            &client
                .post_json(
                    &format!("/api/v1/roadmaps/{id}/items"),
                    auth,
                    item(n, opds[n % opds.len()]),
                )
                .await?,
            "entering an item",
        )?;
    }
    let jobs = vec![Job::Get(format!("/peta-rencana/{id}"), auth.clone())];
    let window = Window::new(plan.warmup, plan.measure);
    let rec = closed_loop(client, 64, jobs, window, errors).await?;
    let mut times = Vec::new();
    let path = format!("/api/v1/roadmaps/{id}/document.pdf");
    for _ in 0..PDF_RUNS {
        let reply = client.get(&path, auth).await?;
        if !reply.status.is_success() || !reply.body.starts_with(b"%PDF-") {
            bail!(
                "the document answered {}: {}",
                reply.status,
                String::from_utf8_lossy(&reply.body[..reply.body.len().min(300)])
            );
        }
        times.push(reply.elapsed.as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let round = |v: f64| (v * 10.0).round() / 10.0;
    Ok((
        rec,
        window,
        extra([
            ("connections", 64.into()),
            ("items", ITEMS.into()),
            ("pdf_ms_median", round(times[times.len() / 2]).into()),
            ("pdf_ms_max", round(times[times.len() - 1]).into()),
        ]),
    ))
}
