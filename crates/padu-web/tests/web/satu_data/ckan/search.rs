//! `package_search`: words, `fq` terms, facets as `facets` and `search_facets`, paging and its
//! limits, `include_private`/`include_drafts` for those allowed, and bad parameters answered
//! 409 or 400, never 500.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::{BASE, call, catalog, fails, ok};
use crate::support::TestApp;

#[tokio::test]
async fn package_search_filters_facets_and_pages_like_ckan() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let c = catalog(&app).await;

        // everything public, by default
        let all = ok(&app, "package_search", None, Some(json!({"q": "*:*"}))).await;
        assert_eq!(all["count"], 1, "{label}: {all}");
        assert_eq!(all["results"][0]["name"], c.public.as_str(), "{label}");
        assert_eq!(all["sort"], "score desc, metadata_modified desc", "{label}");

        // words, fq terms and facets, as ckanapi sends them on the query string
        let (status, found) = call(
            &app,
            &format!(
                "{BASE}/package_search?q=penduduk&fq=organization:bappeda%20tags:kecamatan&facet.field=%5B%22organization%22,%22tags%22,%22res_format%22%5D&rows=0"
            ),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {found}");
        let r = &found["result"];
        assert_eq!(r["count"], 1, "{label}: {r}");
        assert_eq!(r["results"], json!([]), "{label}");
        assert_eq!(r["facets"]["organization"]["bappeda"], 1, "{label}: {r}");
        assert_eq!(r["facets"]["res_format"]["CSV"], 1, "{label}");
        let items = &r["search_facets"]["organization"]["items"];
        assert_eq!(items[0]["name"], "bappeda", "{label}");
        assert_eq!(items[0]["display_name"], "Bappeda", "{label}");
        assert_eq!(items[0]["count"], 1, "{label}");
        assert_eq!(
            r["search_facets"]["tags"]["items"].as_array().map(Vec::len),
            Some(2)
        );

        for (q, fq, n) in [
            ("bansos", "", 0),
            ("", "-tags:kecamatan", 0),
            ("", "tags:kemiskinan OR tags:kecamatan", 1),
            ("", "res_format:csv", 1),
            ("", "metadata_modified:[2020-01-01T00:00:00Z TO *]", 1),
            ("", "metadata_modified:[* TO 2020-01-01]", 0),
            ("name:jumlah-penduduk-per-kecamatan-2025", "", 1),
            ("", "+dataset_type:dataset", 1),
        ] {
            let r = ok(
                &app,
                "package_search",
                None,
                Some(json!({"q": q, "fq": fq})),
            )
            .await;
            assert_eq!(r["count"], n, "{label}: q={q} fq={fq}: {r}");
        }

        // the walidata sees the private one with include_private, the draft with include_drafts
        let body = json!({"include_private": true, "rows": 10});
        let r = ok(
            &app,
            "package_search",
            Some(&c.walidata),
            Some(body.clone()),
        )
        .await;
        assert_eq!(r["count"], 2, "{label}: {r}");
        let r = ok(
            &app,
            "package_search",
            Some(&c.walidata),
            Some(json!({"include_private": "True", "include_drafts": "yes"})),
        )
        .await;
        assert_eq!(r["count"], 3, "{label}");
        let r = ok(
            &app,
            "package_search",
            Some(&c.walidata),
            Some(json!({"fq": format!("name:{}", c.draft), "include_drafts": true})),
        )
        .await;
        assert_eq!(r["results"][0]["state"], "draft", "{label}");
        // without a token, or without the role, include_private adds nothing
        assert_eq!(
            ok(&app, "package_search", None, Some(body.clone())).await["count"],
            1
        );
        let asesor = app.token("eksternal").await;
        assert_eq!(
            ok(&app, "package_search", Some(&asesor), Some(body)).await["count"],
            1
        );

        // paging: rows clamped to 1000, start skips, sort by name
        let r = ok(&app, "package_search", Some(&c.walidata), Some(json!({"rows": 5000, "include_private": true, "include_drafts": true, "sort": "name asc"}))).await;
        assert_eq!(r["results"].as_array().map(Vec::len), Some(3), "{label}");
        let names: Vec<&str> = r["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["name"].as_str())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "{label}");
        let r = ok(&app, "package_search", Some(&c.walidata), Some(json!({"rows": "1", "start": "2", "include_private": true, "include_drafts": true, "sort": "name asc"}))).await;
        assert_eq!(r["count"], 3, "{label}");
        assert_eq!(r["results"][0]["name"], names[2], "{label}");
        let r = ok(&app, "package_search", None, Some(json!({"start": 50}))).await;
        assert_eq!(r["results"], json!([]), "{label}");

        // bad parameters: 409 Validation Error or 400 Search Query Error
        for body in [
            json!({"rows": -1}),
            json!({"rows": "sepuluh"}),
            json!({"start": -5}),
            json!({"include_private": "kadang"}),
            json!({"facet.field": "[\"organization\""}),
        ] {
            let err = fails(
                &app,
                "package_search",
                None,
                Some(body.clone()),
                StatusCode::CONFLICT,
            )
            .await;
            assert_eq!(err["__type"], "Validation Error", "{label}: {body}: {err}");
        }
        for body in [
            json!({"warna": "merah"}),
            json!({"fq": "warna:merah"}),
            json!({"fq": "(tags:a OR tags:b)"}),
            json!({"fq": "tags:\"tak ditutup"}),
            json!({"sort": "warna asc"}),
            json!({"sort": "name ke-atas"}),
            json!({"facet.field": ["warna"]}),
        ] {
            let err = fails(
                &app,
                "package_search",
                None,
                Some(body.clone()),
                StatusCode::BAD_REQUEST,
            )
            .await;
            assert_eq!(
                err["__type"], "Search Query Error",
                "{label}: {body}: {err}"
            );
        }
        app.finish().await;
    }
}
