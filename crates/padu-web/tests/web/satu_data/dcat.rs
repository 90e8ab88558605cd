//! The catalog as DCAT-AP 3 through the real router, on both backends: only published
//! Terbuka datasets, the mandatory properties in each of the three forms, the paging, and bad
//! parameters refused with nothing else said.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::testing::databases;
use serde_json::Value;

use super::ckan::catalog;
use crate::support::TestApp;

const CATALOG: &str = "/data/kabupaten-trenggalek";

async fn get(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let request = Request::builder()
        .uri(path)
        .body(Body::empty())
        .expect("request");
    let (status, headers, bytes) = app.send(request).await;
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, mime, String::from_utf8(bytes).expect("utf-8"))
}

#[tokio::test]
async fn the_catalog_describes_the_public_datasets_in_three_forms() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let c = catalog(&app).await;

        let (status, mime, ttl) = get(&app, &format!("{CATALOG}/catalog.ttl")).await;
        assert_eq!(status, StatusCode::OK, "{label}: {ttl}");
        assert!(mime.starts_with("text/turtle"), "{label}: {mime}");
        assert!(
            ttl.contains("/data/kabupaten-trenggalek/catalog> a dcat:Catalog ;"),
            "{ttl}"
        );
        assert!(ttl.contains("dct:title \"Katalog Satu Data Kabupaten Trenggalek\"@id"));
        assert!(
            ttl.contains(&format!("/dataset/{}> a dcat:Dataset ;", c.public)),
            "{ttl}"
        );
        assert!(ttl.contains("dct:title \"Jumlah Penduduk per Kecamatan 2025\"@id"));
        assert!(ttl.contains("dcat:keyword \"kependudukan\"@id"));
        assert!(ttl.contains("authority/frequency/ANNUAL>"));
        assert!(
            ttl.contains(&format!(
                "dcat:accessURL <https://data.trenggalekkab.example/{}.csv>",
                c.public
            )),
            "{ttl}"
        );
        assert!(ttl.contains("dct:license <https://creativecommons.org/licenses/by/4.0/>"));
        assert!(ttl.contains("foaf:name \"Bappeda\"@id"), "{ttl}");
        assert!(ttl.contains("hydra:totalItems \"1\"^^xsd:integer"), "{ttl}");
        // neither the Terbatas dataset nor the draft is described
        assert!(!ttl.contains(&c.private), "{label}");
        assert!(!ttl.contains(&c.draft), "{label}");

        let (status, mime, jsonld) = get(&app, &format!("{CATALOG}/catalog.jsonld")).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(mime, "application/ld+json");
        let doc: Value = serde_json::from_str(&jsonld).expect("JSON-LD is JSON");
        let graph = doc["@graph"].as_array().expect("@graph");
        let datasets: Vec<&Value> = graph
            .iter()
            .filter(|n| n["@type"][0] == "dcat:Dataset")
            .collect();
        assert_eq!(datasets.len(), 1, "{label}: {jsonld}");
        assert_eq!(
            datasets[0]["dct:title"][0]["@value"],
            "Jumlah Penduduk per Kecamatan 2025"
        );
        assert_eq!(doc["@context"]["dcat"], "http://www.w3.org/ns/dcat#");

        for ending in ["xml", "rdf"] {
            let (status, mime, xml) = get(&app, &format!("{CATALOG}/catalog.{ending}")).await;
            assert_eq!(status, StatusCode::OK, "{label}");
            assert!(mime.starts_with("application/rdf+xml"), "{mime}");
            assert!(xml.contains("<rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Catalog\"/>"));
            assert!(xml.contains(
                "<dct:title xml:lang=\"id\">Jumlah Penduduk per Kecamatan 2025</dct:title>"
            ));
        }

        // one dataset, by name with the format's ending; the others are not found
        let (status, _, one) = get(&app, &format!("{CATALOG}/dataset/{}.ttl", c.public)).await;
        assert_eq!(status, StatusCode::OK, "{label}: {one}");
        assert!(one.contains("a dcat:Distribution ;"), "{one}");
        assert!(!one.contains("dcat:Catalog"), "{one}");
        for file in [
            format!("{}.ttl", c.private),
            format!("{}.jsonld", c.draft),
            format!("{}.html", c.public),
            c.public.clone(),
            "tidak-ada.ttl".into(),
        ] {
            let (status, _, body) = get(&app, &format!("{CATALOG}/dataset/{file}")).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label} {file}: {body}");
            assert!(!body.contains("dcat:"), "{body}");
        }
        let (status, _, _) = get(&app, "/data/kota-tidak-ada/catalog.ttl").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
    }
}

#[tokio::test]
async fn the_catalog_pages_and_filters_and_refuses_bad_parameters() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let c = catalog(&app).await;

        // a page past the end lists no dataset but still says where the first page is
        let (status, _, past) = get(&app, &format!("{CATALOG}/catalog.ttl?page=2")).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(!past.contains("a dcat:Dataset"), "{past}");
        assert!(past.contains("catalog.ttl?page=1\""), "{past}");
        assert!(past.contains("hydra:previousPage"), "{past}");

        // modified_since in the future and a query that matches nothing: no dataset
        for query in [
            "modified_since=2999-01-01",
            "q=kemiskinan",
            "q=tidakadasama",
        ] {
            let (status, _, ttl) = get(&app, &format!("{CATALOG}/catalog.ttl?{query}")).await;
            assert_eq!(status, StatusCode::OK, "{label} {query}");
            assert!(!ttl.contains("a dcat:Dataset"), "{label} {query}: {ttl}");
        }
        let (_, _, found) = get(&app, &format!("{CATALOG}/catalog.ttl?q=penduduk+kecamatan")).await;
        assert!(found.contains(&c.public), "{label}");
        let (_, _, since) = get(
            &app,
            &format!("{CATALOG}/catalog.ttl?modified_since=2020-01-01T00:00:00"),
        )
        .await;
        assert!(since.contains(&c.public), "{label}");

        for (query, field) in [
            ("page=0", "page"),
            ("page=satu", "page"),
            ("page=-1", "page"),
            ("modified_since=kemarin", "modified_since"),
            ("modified_since=2026-02-31", "modified_since"),
        ] {
            let (status, mime, body) =
                get(&app, &format!("{CATALOG}/catalog.jsonld?{query}")).await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label} {query}: {body}"
            );
            assert!(mime.starts_with("application/json"), "{mime}");
            assert!(body.contains(field), "{query}: {body}");
        }
    }
}
