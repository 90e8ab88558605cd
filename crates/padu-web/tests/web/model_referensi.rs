//! The reference models through the real router on every backend: the API (lists, children,
//! search, 404s in Indonesian, any signed-in role, nobody signed out) and the pages (the list,
//! a tree, a node with its path, the htmx fragment, the search, both languages).

use axum::http::StatusCode;
use padu_store::testing::databases;

use crate::pages::{get, login};
use crate::support::TestApp;

const ROLES: [&str; 9] = [
    "super",
    "prov",
    "admin",
    "koordinator",
    "operator",
    "asesor",
    "pimpinan",
    "eksternal",
    "admin.mojokerto",
];

#[tokio::test]
async fn every_signed_in_role_reads_the_reference_models_in_the_api() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let (status, body) = app
            .json("GET", "/api/v1/reference-models", None, None)
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}: {body}");

        for role in ROLES {
            let token = app.token(role).await;
            let (status, body) = app
                .json("GET", "/api/v1/reference-models", Some(&token), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{label} {role}: {body}");
            let codes: Vec<&str> = body
                .as_array()
                .expect("a list")
                .iter()
                .filter_map(|m| m["code"].as_str())
                .collect();
            assert_eq!(
                codes,
                ["RAB", "RAL", "RAD", "RAA", "RAI", "RAK"],
                "{label} {role}"
            );
            let (status, _) = app
                .json(
                    "GET",
                    "/api/v1/reference-models/RAL/nodes?parent=RAL.02",
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{label} {role}");
        }
        let token = app.token("operator").await;
        let (_, body) = app
            .json("GET", "/api/v1/reference-models", Some(&token), None)
            .await;
        let rab = &body[0];
        assert_eq!(rab["name"], "Referensi Arsitektur Bisnis", "{label}");
        assert_eq!(rab["version"], "2022", "{label}");
        assert_eq!(rab["domain"], "proses_bisnis", "{label}");
        assert_eq!(rab["source"]["secondary"], true, "{label}");
        assert_eq!(
            rab["source"]["url"], "https://github.com/hilal1709/SPBE-DISKOMINFO",
            "{label}"
        );
        assert_eq!(body[5]["source"]["provisional_codes"], true, "{label}: RAK");
        app.finish().await;
    }
}

#[tokio::test]
async fn the_nodes_endpoint_gives_a_level_its_children_or_a_404_in_indonesian() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let token = app.token("koordinator").await;
        let get_json = |path: String| {
            let app = &app;
            let token = token.clone();
            async move { app.json("GET", &path, Some(&token), None).await }
        };

        let (status, top) = get_json("/api/v1/reference-models/RAB/nodes".into()).await;
        assert_eq!(status, StatusCode::OK, "{label}: {top}");
        let top = top.as_array().expect("list").clone();
        assert_eq!(top.len(), 9, "{label}");
        assert_eq!(top[0]["code"], "RAB.01", "{label}");
        assert_eq!(top[0]["level"], 1, "{label}");
        assert!(top[0]["parent"].is_null(), "{label}");
        assert_eq!(top[0]["has_children"], true, "{label}");

        let (status, children) =
            get_json("/api/v1/reference-models/RAB/nodes?parent=RAB.01.02".into()).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let children = children.as_array().expect("list").clone();
        assert_eq!(children.len(), 6, "{label}");
        assert_eq!(children[4]["code"], "RAB.01.02.05", "{label}");
        assert_eq!(children[4]["name"], "Pelindungan WNI", "{label}");
        assert_eq!(children[4]["level"], 3, "{label}");
        assert_eq!(children[4]["parent"], "RAB.01.02", "{label}");
        assert_eq!(children[4]["has_children"], false, "{label}");

        // a leaf has no children, which is not an error
        let (status, leaf) =
            get_json("/api/v1/reference-models/RAD/nodes?parent=RAD.10.01".into()).await;
        assert_eq!(
            (status, leaf),
            (StatusCode::OK, serde_json::json!([])),
            "{label}"
        );

        // the search by code or name
        let (status, found) = get_json("/api/v1/reference-models/RAB/nodes?q=pangan".into()).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert!(
            found
                .as_array()
                .expect("list")
                .iter()
                .any(|n| n["code"] == "RAB.02.03.19"),
            "{label}: {found}"
        );

        for (path, what) in [
            ("/api/v1/reference-models/RAX/nodes", "Model referensi"),
            (
                "/api/v1/reference-models/RAB/nodes?parent=RAB.99",
                "Simpul referensi",
            ),
            // another model's node is not a node of this one
            (
                "/api/v1/reference-models/RAB/nodes?parent=RAL.02",
                "Simpul referensi",
            ),
        ] {
            let (status, body) = get_json(path.into()).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label} {path}: {body}");
            let text = body.to_string();
            assert!(
                text.contains(&format!("{what} tidak ditemukan")),
                "{label} {path}: {text}"
            );
        }
        app.finish().await;
    }
}

#[tokio::test]
async fn the_pages_browse_a_tree_open_a_node_and_search() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let signed_out = get(&app, "/model-referensi", None).await;
        assert_eq!(signed_out.status, StatusCode::SEE_OTHER, "{label}");

        let cookie = login(&app, "operator").await;
        let list = get(&app, "/model-referensi", Some(&cookie)).await;
        assert_eq!(list.status, StatusCode::OK, "{label}: {}", list.body);
        assert!(list.has("Model Referensi Arsitektur SPBE"), "{label}");
        assert!(list.has("href=\"/model-referensi/RAK\""), "{label}");
        assert!(list.has("Kode sementara (UNCONFIRMED)"), "{label}");
        assert!(
            list.has("href=\"/model-referensi\" class=\"nav__link nav__link--current\""),
            "{label}: the navigation entry"
        );

        let tree = get(&app, "/model-referensi/RAB", Some(&cookie)).await;
        assert_eq!(tree.status, StatusCode::OK, "{label}");
        assert!(tree.has("hilal1709/SPBE-DISKOMINFO"), "{label}: the source");
        assert!(tree.has("Sumber sekunder"), "{label}");
        assert!(tree.has("Pemerintahan Umum"), "{label}");
        assert!(
            tree.has("hx-get=\"/model-referensi/RAB/anak?induk=RAB.09\""),
            "{label}: opened in place with htmx"
        );
        assert!(
            tree.has("href=\"/model-referensi/RAB?simpul=RAB.09\""),
            "{label}: and by a plain link"
        );

        let node = get(&app, "/model-referensi/RAB?simpul=RAB.01.02", Some(&cookie)).await;
        assert_eq!(node.status, StatusCode::OK, "{label}");
        assert!(node.has("Urusan Luar Negeri"), "{label}");
        assert!(
            node.has("RAB.01 Pertahanan dan Luar Negeri"),
            "{label}: the path"
        );
        assert!(node.has("Simpul di bawahnya (6)"), "{label}");
        assert!(node.has("Pelindungan WNI"), "{label}");

        let fragment = get(
            &app,
            "/model-referensi/RAL/anak?induk=RAL.02",
            Some(&cookie),
        )
        .await;
        assert_eq!(fragment.status, StatusCode::OK, "{label}");
        assert!(!fragment.has("<html"), "{label}: a fragment");
        assert!(fragment.has("Data dan Informasi Pemerintahan"), "{label}");

        let found = get(&app, "/model-referensi/RAB?q=rab.09.07", Some(&cookie)).await;
        assert_eq!(found.status, StatusCode::OK, "{label}");
        assert!(found.has("Hasil pencarian"), "{label}");
        assert!(found.has("Pengembangan Nilai-nilai Kebangsaan"), "{label}");
        let none = get(&app, "/model-referensi/RAB?q=zzzz", Some(&cookie)).await;
        assert!(none.has("Tidak ada simpul yang cocok."), "{label}");

        for path in [
            "/model-referensi/RAX",
            "/model-referensi/RAB?simpul=RAB.99",
            "/model-referensi/RAB?simpul=RAL.01",
            "/model-referensi/RAB/anak?induk=RAB.99",
        ] {
            let page = get(&app, path, Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "{label} {path}");
        }

        let english = format!("{cookie}; padu_bahasa=en");
        let en = get(&app, "/model-referensi/RAB", Some(&english)).await;
        assert_eq!(en.status, StatusCode::OK, "{label}");
        assert!(en.has("Secondary source"), "{label}: {}", en.body);
        assert!(en.has("Search by code or name"), "{label}");
        assert!(en.has("For example: RAB.02"), "{label}");
        app.finish().await;
    }
}
