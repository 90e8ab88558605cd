//! `padu-load --national`: the national overview on national-scale data. Fills the empty
//! database with `padu generate scale` (its defaults: 650 instansi under 38 provinces, 40 OPDs
//! each, evaluations 2021-2026), starts the server and reads the overview of the nasional
//! instansi (every province with its kabupaten/kota) as the superadmin, one request at a time:
//! what one administrator waits for, on a server doing nothing else. Each read is measured
//! twice: cold, each after a write by this process that concerns every instansi (an
//! `instance_meta` mark, through the change log), so that the server's read caches drop
//! everything and it reads anew (what the first request after a change costs); then cached,
//! back to back.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use padu_core::access::InstansiKind;
use padu_store::{Store, Who};

use crate::http::{Auth, Client};
use crate::seed;
use crate::server::{Padu, memory_kb};
use crate::stats::{Recorder, ResultRow};

/// The reads measured, as `(scenario, path, page)`: a page is read with the session cookie,
/// the API with the bearer token.
fn reads(nasional: i64) -> [(&'static str, String, bool); 3] {
    [
        (
            "national-overview",
            format!("/api/v1/instansi/{nasional}/overview"),
            false,
        ),
        (
            "national-overview-2025",
            format!("/api/v1/instansi/{nasional}/overview?year=2025"),
            false,
        ),
        (
            "national-overview-page",
            format!("/instansi/{nasional}/ikhtisar"),
            true,
        ),
    ]
}

/// Requests before the measured ones (connection set up, first reads).
const WARMUP: usize = 2;

pub async fn run(padu: &Padu, log: &Path, backend: &str, quick: bool) -> Result<Vec<ResultRow>> {
    let measured = if quick { 5 } else { 20 };
    padu.run(&["migrate"], "").await?;
    let started = Instant::now();
    let said = padu.run(&["generate", "scale"], "").await?;
    let generate_s = started.elapsed().as_secs_f64();
    eprintln!("[{backend}] {} ({generate_s:.1} s)", said.trim());
    seed::add_superadmin(padu).await?;
    let store = Store::connect(&padu.database_url, None).await?;
    let all = store.all_instansi().await?;
    let nasional = all
        .iter()
        .find(|i| i.kind == InstansiKind::Nasional)
        .map(|i| i.id)
        .ok_or_else(|| anyhow!("padu generate scale wrote no nasional instansi"))?;
    let members = all.len() - 1;

    let server = padu.serve(log).await?;
    eprintln!(
        "[{backend}] padu serve at {} (pid {}), log {}",
        server.address,
        server.pid,
        log.display()
    );
    let client = Client::new(std::slice::from_ref(&server.address));
    let outcome = async {
        let token = seed::superadmin(&client).await?;
        let cookie = seed::superadmin_cookie(&client).await?;
        let mut rows = Vec::new();
        for (scenario, path, page) in reads(nasional) {
            let auth = if page { &cookie } else { &token };
            for (name, cold) in [
                (scenario.to_string(), Some(&store)),
                (format!("{scenario}-cached"), None),
            ] {
                let row = sequential(&client, &path, auth, measured, cold).await?;
                let hwm = memory_kb(server.pid).map_or(0, |m| m.1);
                rows.push(
                    ResultRow::new(backend, &name, &row.summary, hwm as f64 / 1024.0)
                        .with("connections", 1)
                        .with("cold", cold.is_some())
                        .with("members", members)
                        .with("generate_s", (generate_s * 10.0).round() / 10.0),
                );
            }
        }
        Ok::<_, anyhow::Error>(rows)
    }
    .await;
    server.stop().await;
    store.close().await;
    outcome
}

struct Measured {
    summary: crate::stats::Summary,
}

/// `WARMUP` requests, then `n` measured one after the other, each after a write through `cold`
/// that makes the server's caches drop everything (or at once); any answer but 200 is an
/// error. The rate is of the time spent waiting
/// for answers.
async fn sequential(
    client: &Client,
    path: &str,
    auth: &Auth,
    n: usize,
    cold: Option<&Store>,
) -> Result<Measured> {
    for _ in 0..WARMUP {
        let reply = client.get(path, auth).await?;
        if reply.status != http::StatusCode::OK {
            return Err(anyhow!(
                "GET {path} answered {}: {}",
                reply.status,
                String::from_utf8_lossy(&reply.body)
                    .chars()
                    .take(300)
                    .collect::<String>()
            ));
        }
    }
    let mut rec = Recorder::default();
    let mut waited = Duration::ZERO;
    for i in 0..n {
        if let Some(store) = cold {
            store
                .set_instance_meta(&Who::system("padu-load"), "bench.cold", &i.to_string())
                .await?;
        }
        let reply = client.get(path, auth).await?;
        waited += reply.elapsed;
        if reply.status == http::StatusCode::OK {
            rec.ok(reply.elapsed, false);
        } else {
            rec.error(reply.elapsed);
        }
    }
    Ok(Measured {
        summary: rec.summary(waited),
    })
}
