//! The DataStore (issue 16): a generated CSV of [`Plan::datastore_rows`] rows (1,000,000 by
//! default) uploaded as a resource through Padu's API (the import's wall time is `import_s`:
//! budget 30 s on PostgreSQL, with the server's RSS rise `rss_rise_mb` for "flat memory"), then
//! `datastore_search` of 100 rows with a filter on two columns at 16 connections (the measured
//! latencies: budget 50 ms), then 100 rows without a filter with `include_total`
//! (`total_p50_ms`, `total_p99_ms`: budget 50 ms). The walidata reads the draft's table; the
//! generated file is also written to the data dir (`datastore.csv`).

use super::*;

/// The kecamatan of Kabupaten Trenggalek.
const KECAMATAN: [&str; 14] = [
    "Panggul",
    "Munjungan",
    "Watulimo",
    "Kampak",
    "Dongko",
    "Pule",
    "Karangan",
    "Suruh",
    "Gandusari",
    "Durenan",
    "Pogalan",
    "Trenggalek",
    "Tugu",
    "Bendungan",
];

/// A demo table of `rows` rows: kecamatan, desa, tahun (2016-2025), bulan, jenis kelamin,
/// jumlah (integer), rasio (numeric with a decimal comma), `;`-separated. Deterministic.
pub fn table_csv(rows: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows * 40 + 64);
    out.extend_from_slice(b"kecamatan;desa;tahun;bulan;jenis_kelamin;jumlah;rasio\n");
    let mut state: u64 = 0x5eed_da7a;
    for i in 0..rows {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let kec = KECAMATAN[(z % 14) as usize];
        let line = format!(
            "{kec};Desa {kec} {:02};{};{};{};{};{},{}\n",
            (z >> 8) % 20 + 1,
            2016 + i % 10,
            (z >> 16) % 12 + 1,
            if (z >> 20) & 1 == 0 { "L" } else { "P" },
            (z >> 24) % 5000,
            (z >> 40) % 100,
            (z >> 48) % 10
        );
        out.extend_from_slice(line.as_bytes());
    }
    out
}

fn json_of(reply: &Reply, what: &str) -> Result<serde_json::Value> {
    if !reply.status.is_success() {
        bail!(
            "{what} answered {}: {}",
            reply.status,
            String::from_utf8_lossy(&reply.body)
                .chars()
                .take(500)
                .collect::<String>()
        );
    }
    Ok(serde_json::from_slice(&reply.body)?)
}

fn csv_form(file_name: &str, content: &[u8]) -> Body {
    let boundary = "padu-load-datastore".to_string();
    let mut bytes = Vec::with_capacity(content.len() + 256);
    bytes.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Body::Multipart {
        boundary,
        bytes: bytes::Bytes::from(bytes),
    }
}

pub async fn datastore(
    client: &Client,
    world: &World,
    plan: &Plan,
    errors: &Errors,
    rss: &RssSampler,
    data_dir: &std::path::Path,
) -> Result<(Recorder, Window, Extra)> {
    let inst = &world.instansi[0];
    let auth = &inst.coordinator;
    let me = json_of(&client.get("/api/v1/me", auth).await?, "/api/v1/me")?;
    let Some(user) = me["id"].as_i64().or_else(|| me["user"]["id"].as_i64()) else {
        bail!("no user id in {me}");
    };
    json_of(
        &client
            .send(
                Method::PUT,
                &format!("/api/v1/users/{user}/satu-data-role"),
                &inst.admin,
                Body::Json(serde_json::json!({"role": "walidata"})),
            )
            .await?,
        "granting the walidata role",
    )?;
    let opds = json_of(
        &client
            .get(&format!("/api/v1/instansi/{}/opd", inst.id), auth)
            .await?,
        "the OPD list",
    )?;
    let Some(opd) = opds.get(0).and_then(|o| o["id"].as_i64()) else {
        bail!("the instansi has no OPD: {opds}");
    };
    let made = json_of(
        &client
            .post_json(
                &format!("/api/v1/instansi/{}/datasets", inst.id),
                auth,
                serde_json::json!({
                    "title": "Penduduk per Desa dan Bulan (data uji beban)",
                    "notes": "Data uji beban DataStore, bukan data resmi.",
                    "license_id": "CC-BY-4.0", "owner_org": opd
                }),
            )
            .await?,
        "creating the dataset",
    )?;
    let Some(ds) = made["id"].as_i64() else {
        bail!("no id in {made}");
    };
    let rows = plan.datastore_rows;
    let csv = table_csv(rows);
    std::fs::write(data_dir.join("datastore.csv"), &csv)?;
    let csv_mb = csv.len() as f64 / MB as f64;
    let rss_before = rss.reset();
    let started = Instant::now();
    let reply = client
        .send(
            Method::POST,
            &format!("/api/v1/datasets/{ds}/resources/upload"),
            auth,
            csv_form("penduduk-desa.csv", &csv),
        )
        .await?;
    let import_s = started.elapsed().as_secs_f64();
    drop(csv);
    let rise = rss.window_max_kb().saturating_sub(rss_before);
    let up = json_of(&reply, "the upload")?;
    if up["version"]["rows"].as_u64() != Some(rows as u64) {
        bail!("the table holds {} rows, not {rows}", up["version"]["rows"]);
    }
    let Some(rid) = up["resource"]["id"].as_i64() else {
        bail!("no resource id in the upload's answer");
    };
    let list = json_of(&client.get("/api/v1/instansi", auth).await?, "the instansi")?;
    let Some(slug) = list
        .as_array()
        .and_then(|l| l.iter().find(|i| i["id"].as_i64() == Some(inst.id)))
        .and_then(|i| i["slug"].as_str())
    else {
        bail!("no slug for instansi {} in {list}", inst.id);
    };
    let action = format!("/data/{slug}/api/3/action/datastore_search?resource_id={rid}");
    // filtered: a kecamatan and a year (1/140 of the rows), 100 rows
    let filters = "%7B%22kecamatan%22%3A%22Panggul%22%2C%22tahun%22%3A2025%7D";
    let filtered = vec![Job::Get(
        format!("{action}&filters={filters}&limit=100&include_total=false"),
        auth.clone(),
    )];
    let window = Window::new(plan.warmup, plan.measure);
    let rec = closed_loop(client, 16, filtered, window, errors).await?;
    // unfiltered with the total
    let totals = vec![Job::Get(
        format!("{action}&limit=100&include_total=true"),
        auth.clone(),
    )];
    let window2 = Window::new(plan.warmup, plan.measure);
    let rec2 = closed_loop(client, 16, totals, window2, errors).await?;
    let total = rec2.summary(window2.measured());
    Ok((
        rec,
        window,
        extra([
            ("connections", 16.into()),
            ("rows", rows.into()),
            ("csv_mb", ((csv_mb * 10.0).round() / 10.0).into()),
            ("import_s", ((import_s * 100.0).round() / 100.0).into()),
            (
                "import_rss_rise_mb",
                ((mb(rise) * 10.0).round() / 10.0).into(),
            ),
            ("total_p50_ms", total.p50_ms.into()),
            ("total_p99_ms", total.p99_ms.into()),
            ("total_errors", total.errors.into()),
        ]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_table_has_its_rows_and_a_header() {
        let csv = table_csv(1000);
        let text = String::from_utf8(csv).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1001);
        assert!(lines[0].starts_with("kecamatan;desa;tahun"));
        assert!(lines[1..].iter().all(|l| l.split(';').count() == 7));
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("Panggul;") && l.contains(";2025;"))
        );
    }
}
