//! The DataStore through the real router, on both backends: a produsen uploads a CSV as a
//! resource (Padu's API) and a new version of it (CKAN's multipart `resource_update`), the
//! columns typed and the bad row reported; `datastore_search` (filters, sort, fields, q,
//! records formats, `_links`, the stored total), `datastore_info`, the dump as CSV and JSON,
//! the original file, the older version still readable; a draft's table only for who may read
//! the draft; refusals (not a table, no token, unknown columns, bad values) change nothing.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::{Value, json};

use super::catalog::grant_roles;
use super::ckan::{BASE, ckan, fails, ok};
use crate::support::TestApp;

const CSV: &str = "kecamatan;tahun;kunjungan;rasio;tanggal\n\
                   Panggul;2025;1204;1,5;2025-06-30\n\
                   Munjungan;2025;987;0,9;30/06/2025\n\
                   Panggul;2024;1100;1,2;2024-06-30\n\
                   Watulimo;2025;baris;rusak;2025-06-30;lebih\n";

/// A multipart body with text parts and one file part.
fn form(
    fields: &[(&str, &str)],
    file_part: &str,
    file_name: &str,
    content: &[u8],
) -> (String, Vec<u8>) {
    let boundary = "padu-uji-batas".to_string();
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{file_part}\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (boundary, body)
}

async fn post_form(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    (boundary, body): (String, Vec<u8>),
    bearer: bool,
) -> (StatusCode, Value) {
    let mut b = Request::builder().method("POST").uri(path).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(t) = token {
        let v = if bearer {
            format!("Bearer {t}")
        } else {
            t.to_string()
        };
        b = b.header(header::AUTHORIZATION, v);
    }
    let (status, _, bytes) = app.send(b.body(Body::from(body)).expect("request")).await;
    let v = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, v)
}

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, String, Vec<u8>) {
    let mut b = Request::builder().uri(path);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let (status, headers, bytes) = app.send(b.body(Body::empty()).expect("request")).await;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, ct, bytes)
}

/// A draft of Bappeda by its produsen; its id.
async fn draft(app: &TestApp, produsen: &str) -> i64 {
    let (status, made) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/datasets", app.seed.trenggalek),
            Some(produsen),
            Some(json!({
                "title": "Kunjungan Puskesmas per Kecamatan (data demo)",
                "notes": "Data demo: kunjungan rawat jalan puskesmas per kecamatan.",
                "license_id": "CC-BY-4.0"
            })),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    made["id"].as_i64().expect("id")
}

#[tokio::test]
async fn an_uploaded_csv_becomes_a_versioned_table_served_by_query_and_dump() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        grant_roles(&app).await;
        let produsen = app.token("operator").await;
        let walidata = app.token("koordinator").await;
        let id = draft(&app, &produsen).await;

        // Padu's API: the file becomes a resource with a typed table and a report
        let (status, up) = post_form(
            &app,
            &format!("/api/v1/datasets/{id}/resources/upload"),
            Some(&produsen),
            form(
                &[("name", "Kunjungan 2024-2025")],
                "file",
                "kunjungan.csv",
                CSV.as_bytes(),
            ),
            true,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {up}");
        let rid = up["resource"]["id"].as_i64().expect("rid");
        assert_eq!(up["resource"]["datastore_active"], true, "{label}");
        assert_eq!(up["resource"]["format"], "CSV", "{label}");
        assert_eq!(up["version"]["rows"], 3, "{label}");
        let types: Vec<(&str, &str)> = up["version"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| {
                (
                    f["id"].as_str().unwrap_or(""),
                    f["type"].as_str().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            types,
            [
                ("kecamatan", "text"),
                ("tahun", "int"),
                ("kunjungan", "int"),
                ("rasio", "numeric"),
                ("tanggal", "date")
            ],
            "{label}"
        );
        assert_eq!(up["version"]["problems"][0]["row"], 5, "{label}: {up}");
        let url = up["resource"]["url"].as_str().expect("url").to_string();
        assert!(
            url.ends_with(&format!("/resource/{rid}/download/kunjungan.csv")),
            "{label}: {url}"
        );

        // a draft's table: not found for nobody, readable by the walidata
        let e = fails(
            &app,
            "datastore_search",
            None,
            Some(json!({"resource_id": rid})),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(e["__type"], "Not Found Error", "{label}");
        let found = ok(
            &app,
            "datastore_search",
            Some(&walidata),
            Some(json!({"resource_id": rid.to_string(), "filters": {"kecamatan": "Panggul"}, "sort": "tahun asc"})),
        )
        .await;
        assert_eq!(found["total"], 2, "{label}: {found}");
        assert_eq!(found["records"][0]["tahun"], 2024, "{label}");
        assert_eq!(found["records"][0]["rasio"], 1.2, "{label}");
        assert_eq!(found["records"][1]["tanggal"], "2025-06-30", "{label}");
        assert_eq!(
            found["fields"][0],
            json!({"id": "_id", "type": "int"}),
            "{label}"
        );
        assert_eq!(
            found["_links"]["next"],
            format!(
                "/data/kabupaten-trenggalek/api/3/action/datastore_search?resource_id={rid}&offset=100"
            ),
            "{label}"
        );
        // GET with filters as JSON text, lists, fields, limit and the next page
        let (status, v) = super::ckan::call(
            &app,
            &format!(
                "{BASE}/datastore_search?resource_id={rid}&filters=%7B%22tahun%22%3A%5B2025%5D%7D\
                 &fields=kecamatan,kunjungan&records_format=lists&limit=1&include_next_page=true"
            ),
            Some(&walidata),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {v}");
        let r = &v["result"];
        assert_eq!(r["records"], json!([[1, "Panggul", 1204]]), "{label}: {r}");
        assert_eq!(r["total"], 2, "{label}");
        assert_eq!(r["next_page"], json!({"_id": {"gt": 1}}), "{label}");
        let next = ok(
            &app,
            "datastore_search",
            Some(&walidata),
            Some(json!({"resource_id": rid, "filters": {"tahun": 2025, "_id": {"gt": 1}}, "records_format": "csv"})),
        )
        .await;
        assert_eq!(
            next["records"], "2,Munjungan,2025,987,0.9,2025-06-30\n",
            "{label}"
        );
        let q = ok(
            &app,
            "datastore_search",
            Some(&walidata),
            Some(json!({"resource_id": rid, "q": "munj", "include_total": false})),
        )
        .await;
        assert_eq!(q["records"].as_array().map(Vec::len), Some(1), "{label}");
        assert!(q.get("total").is_none(), "{label}");
        let info = ok(
            &app,
            "datastore_info",
            Some(&walidata),
            Some(json!({"id": rid})),
        )
        .await;
        assert_eq!(info["meta"]["count"], 3, "{label}");
        assert_eq!(info["fields"][4]["type"], "numeric", "{label}");

        // bad queries are Validation Errors naming the parameter
        for (body, field) in [
            (
                json!({"resource_id": rid, "filters": {"warna": "merah"}}),
                "filters",
            ),
            (
                json!({"resource_id": rid, "filters": {"tahun": "dua ribu"}}),
                "filters",
            ),
            (json!({"resource_id": rid, "sort": "tahun menurun"}), "sort"),
            (
                json!({"resource_id": rid, "fields": ["tidak_ada"]}),
                "fields",
            ),
            (json!({"resource_id": rid, "warna": 1}), "warna"),
            (json!({}), "resource_id"),
        ] {
            let e = fails(
                &app,
                "datastore_search",
                Some(&walidata),
                Some(body.clone()),
                StatusCode::CONFLICT,
            )
            .await;
            assert_eq!(e["__type"], "Validation Error", "{label}: {body}");
            assert!(e.get(field).is_some(), "{label}: {body} → {e}");
        }

        // CKAN's multipart resource_update: a new version; the first stays readable
        let v2 = "kecamatan,tahun,kunjungan\nDurenan,2026,450\n";
        let (status, upd) = post_form(
            &app,
            &format!("{BASE}/resource_update"),
            Some(&produsen),
            form(
                &[("id", &rid.to_string())],
                "upload",
                "kunjungan-2026.csv",
                v2.as_bytes(),
            ),
            false,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {upd}");
        assert_eq!(upd["result"]["datastore_version"], 2, "{label}");
        assert_eq!(upd["result"]["datastore_report"]["rows"], 1, "{label}");
        let (status, versions) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{id}/resources/{rid}/versions"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(versions.as_array().map(Vec::len), Some(2), "{label}");
        let (status, old) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{id}/resources/{rid}/rows?version=1&filters=%7B%22kecamatan%22%3A%22Munjungan%22%7D&include_total=true"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {old}");
        assert_eq!(
            (old["version"].as_i64(), old["total"].as_i64()),
            (Some(1), Some(1)),
            "{label}"
        );
        assert_eq!(old["records"][0]["kunjungan"], 987, "{label}");
        let (_, ct, bytes) = get(
            &app,
            &format!("{url}?version=1").replace("http://127.0.0.1:8080", ""),
            Some(&produsen),
        )
        .await;
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            CSV,
            "{label}: the original file ({ct})"
        );

        // published: everyone reads the latest version, and its dump
        for (step, token) in [
            ("submit", &produsen),
            ("approve", &walidata),
            ("publish", &walidata),
        ] {
            let (status, v) = app
                .json(
                    "POST",
                    &format!("/api/v1/datasets/{id}/{step}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{label} {step}: {v}");
        }
        let public = ok(
            &app,
            "datastore_search",
            None,
            Some(json!({"resource_id": rid})),
        )
        .await;
        assert_eq!(public["records"][0]["kecamatan"], "Durenan", "{label}");
        let (status, ct, csv) = get(
            &app,
            &format!("/data/kabupaten-trenggalek/datastore/dump/{rid}"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(ct.starts_with("text/csv"), "{label}: {ct}");
        assert_eq!(
            String::from_utf8_lossy(&csv),
            "_id,kecamatan,tahun,kunjungan\n1,Durenan,2026,450\n",
            "{label}"
        );
        let (status, _, body) = get(
            &app,
            &format!("/data/kabupaten-trenggalek/datastore/dump/{rid}?format=json&version=1"),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let dumped: Value = serde_json::from_slice(&body).expect("json dump");
        assert_eq!(
            dumped["records"].as_array().map(Vec::len),
            Some(3),
            "{label}: {dumped}"
        );
        assert_eq!(
            dumped["records"][1],
            json!([2, "Munjungan", 2025, 987, 0.9, "2025-06-30"]),
            "{label}"
        );
        let (status, _, _) = get(
            &app,
            "/data/kabupaten-trenggalek/datastore/dump/999999",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let shown = ok(&app, "resource_show", None, Some(json!({"id": rid}))).await;
        assert_eq!(shown["datastore_active"], true, "{label}");
        assert_eq!(shown["url_type"], "upload", "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn uploads_that_cannot_be_tables_or_are_not_allowed_change_nothing() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        grant_roles(&app).await;
        let produsen = app.token("operator").await;
        let other = app.token("asesor").await;
        let id = draft(&app, &produsen).await;
        let path = format!("/api/v1/datasets/{id}/resources/upload");
        for (name, content, field) in [
            ("kosong.csv", "\n\n".as_bytes(), "file"),
            ("catatan.txt", "".as_bytes(), "file"),
            ("laporan.pdf", b"%PDF-1.7\n%%EOF\n".as_slice(), "file"),
        ] {
            let (status, e) = post_form(
                &app,
                &path,
                Some(&produsen),
                form(&[], "file", name, content),
                true,
            )
            .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {name}: {e}"
            );
            assert!(e.to_string().contains(field), "{label} {name}: {e}");
        }
        // another OPD's produsen, and nobody, may not upload
        let (status, _) = post_form(
            &app,
            &path,
            Some(&other),
            form(&[], "file", "a.csv", b"a\n1\n"),
            true,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, e) = post_form(
            &app,
            &format!("{BASE}/resource_create"),
            None,
            form(
                &[("package_id", &id.to_string())],
                "upload",
                "a.csv",
                b"a\n1\n",
            ),
            false,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}: {e}");
        assert_eq!(e["error"]["__type"], "Authorization Error", "{label}");
        let e = fails(
            &app,
            "resource_create",
            Some(&produsen),
            Some(json!({"package_id": id, "upload": "x"})),
            StatusCode::CONFLICT,
        )
        .await;
        assert!(e.get("upload").is_some(), "{label}: {e}");
        let (_, ds) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(
            ds["resources"].as_array().map(Vec::len),
            Some(0),
            "{label}: {ds}"
        );
        assert!(
            app.db
                .store
                .datastore_tables()
                .await
                .expect("tables")
                .is_empty(),
            "{label}"
        );
        // a CKAN upload of a resource: created, then searchable by the produsen
        let (status, made) = post_form(
            &app,
            &format!("{BASE}/resource_create"),
            Some(&produsen),
            form(
                &[("package_id", &id.to_string()), ("name", "Data")],
                "upload",
                "data.csv",
                b"kode,nilai\nA,1\nB,2\n",
            ),
            false,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {made}");
        let rid = made["result"]["id"].as_str().expect("id").to_string();
        let found = ok(
            &app,
            "datastore_search",
            Some(&produsen),
            Some(json!({"resource_id": rid, "sort": "nilai desc"})),
        )
        .await;
        assert_eq!(found["records"][0]["kode"], "B", "{label}");
        let _ = ckan(&app, "status_show", None, None).await;
        app.finish().await;
    }
}

#[tokio::test]
async fn a_restored_database_gets_its_tables_back_from_the_files() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        grant_roles(&app).await;
        let produsen = app.token("operator").await;
        let walidata = app.token("koordinator").await;
        let id = draft(&app, &produsen).await;
        let (status, up) = post_form(
            &app,
            &format!("/api/v1/datasets/{id}/resources/upload"),
            Some(&produsen),
            form(&[], "file", "kunjungan.csv", CSV.as_bytes()),
            true,
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {up}");
        let rid = up["resource"]["id"].as_i64().expect("rid");
        let store = &app.db.store;
        let version = store
            .datastore_version(rid, None)
            .await
            .expect("read")
            .expect("a version");
        // as after a restore: the version and its file are there, its table is not
        store
            .drop_datastore_table(&version.table_name)
            .await
            .expect("dropped");
        let missing = store
            .datastore_versions_without_table()
            .await
            .expect("read");
        assert_eq!(missing.len(), 1, "{label}");
        let state = app.state_with(padu_app::Settings::default());
        let rebuilt = padu_app::satu_data::datastore::import::rebuild_missing_tables(&state)
            .await
            .expect("rebuilt");
        assert_eq!(rebuilt, 1, "{label}");
        assert!(
            store
                .datastore_versions_without_table()
                .await
                .expect("read")
                .is_empty(),
            "{label}"
        );
        // the same rows under the same version, found by the same query
        let found = ok(
            &app,
            "datastore_search",
            Some(&walidata),
            Some(json!({"resource_id": rid, "filters": {"kecamatan": "Panggul"}, "sort": "tahun asc"})),
        )
        .await;
        assert_eq!(found["total"], 2, "{label}: {found}");
        assert_eq!(found["records"][1]["tanggal"], "2025-06-30", "{label}");
        // nothing left to rebuild: a second pass does nothing
        assert_eq!(
            padu_app::satu_data::datastore::import::rebuild_missing_tables(&state)
                .await
                .expect("rebuilt"),
            0
        );
    }
}
