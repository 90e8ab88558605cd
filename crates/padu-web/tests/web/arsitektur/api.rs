//! The API: entering an item, a wrong reference prefix and a bad link refused (422, nothing
//! changed), the workflow with its permissions, another instansi's items not found.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::{item, link};
use crate::support::TestApp;

fn fields_named(err: &serde_json::Value) -> Vec<String> {
    err["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn items_are_entered_checked_linked_and_verified_by_the_right_people() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let operator = app.token("operator").await;
        let koordinator = app.token("koordinator").await;
        let admin = app.token("admin").await;
        let pimpinan = app.token("pimpinan").await;
        let other = app.token("admin.mojokerto").await;
        let items_path = format!("/api/v1/instansi/{}/architecture/items", s.trenggalek);

        // an operator enters a process for its own OPD (the default)
        let (status, pb) = app
            .json(
                "POST",
                &items_path,
                Some(&operator),
                Some(json!({
                    "domain": "proses_bisnis", "name": "Pengelolaan informasi publik",
                    "year": 2026, "reference": "rab.09.01.02", "urusan": "Komunikasi dan informatika"
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {pb}");
        assert_eq!(pb["opd"], s.diskominfo, "{label}");
        assert_eq!(pb["status"], "draft", "{label}");
        assert_eq!(pb["state"], "as_is", "{label}");
        assert_eq!(pb["reference"], "RAB.09.01.02", "{label}: upper-cased");
        assert_eq!(
            pb["urusan"], "Komunikasi dan informatika",
            "{label}: a domain field beside the rest"
        );
        let pb = pb["id"].as_i64().expect("id");

        // bad input changes nothing
        for (body, field) in [
            (
                json!({"domain": "proses_bisnis", "name": "X", "year": 2026, "reference": "RAL.01.02"}),
                "reference",
            ),
            (
                json!({"domain": "proses_bisnis", "name": "X", "year": 2026, "reference": "RAB.1"}),
                "reference",
            ),
            (
                // the form and the model are right, but the tree has no RAB.09.99
                json!({"domain": "proses_bisnis", "name": "X", "year": 2026, "reference": "RAB.09.99"}),
                "reference",
            ),
            (
                // below RAB.09.01, which has children: a level the national tree holds
                json!({"domain": "proses_bisnis", "name": "X", "year": 2026, "reference": "RAB.09.01.77"}),
                "reference",
            ),
            (
                json!({"domain": "arsip", "name": "X", "year": 2026}),
                "domain",
            ),
            (
                json!({"domain": "data", "name": "X", "year": 2026, "hosting": "Pusat data"}),
                "hosting",
            ),
            (
                json!({"domain": "data", "name": "X", "year": 2026, "sifat": "rahasia"}),
                "sifat",
            ),
            (json!({"domain": "data", "name": " ", "year": 2026}), "name"),
            (json!({"domain": "data", "name": "X", "year": 1990}), "year"),
            (
                json!({"domain": "data", "name": "X", "year": 2026, "opd": s.mojokerto_opd}),
                "opd",
            ),
        ] {
            let (status, err) = app
                .json("POST", &items_path, Some(&operator), Some(body.clone()))
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label}: {body}: {err}"
            );
            assert!(
                fields_named(&err).iter().any(|f| f == field),
                "{label}: {body}: {err}"
            );
        }
        let (_, list) = app.json("GET", &items_path, Some(&admin), None).await;
        assert_eq!(
            list.as_array().map(Vec::len),
            Some(1),
            "{label}: nothing else stored"
        );
        // a Pemda's own level 4 below a leaf of the national tree is its to add
        let (status, own) = app
            .json(
                "POST",
                &items_path,
                Some(&operator),
                Some(json!({"domain": "proses_bisnis", "name": "Pengelolaan arsip digital", "year": 2026, "reference": "RAB.09.06.06.01"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {own}");
        let own = own["id"].as_i64().expect("id");
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/architecture/items/{own}"),
                Some(&operator),
                None,
            )
            .await;
        assert!(
            status.is_success(),
            "{label}: the own-level item deleted again"
        );
        // an operator enters only its own OPD's items
        let (status, _) = app
            .json(
                "POST",
                &items_path,
                Some(&operator),
                Some(json!({"domain": "data", "name": "X", "year": 2026, "opd": s.bappeda})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &items_path,
                Some(&pimpinan),
                Some(json!({"domain": "data", "name": "X", "year": 2026, "opd": s.bappeda})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{label}: pimpinan reads only"
        );

        // the koordinator enters for any OPD
        let app_bappeda = item(&app, &koordinator, s.trenggalek, json!({"domain": "aplikasi", "name": "SIPD Bappeda", "opd": s.bappeda, "year": 2026, "reference": "RAA.02.01.01"})).await;
        let layanan = item(&app, &operator, s.trenggalek, json!({"domain": "layanan", "name": "Layanan PPID", "year": 2026, "reference": "RAL.02.09.01"})).await;

        // links: only the listed pairs, only in the instansi
        let (status, err) = app
            .json(
                "PUT",
                &format!("/api/v1/architecture/items/{pb}/links"),
                Some(&operator),
                Some(json!({"to": [app_bappeda]})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: a process is not linked to an application: {err}"
        );
        let foreign = item(&app, &other, s.mojokerto, json!({"domain": "layanan", "name": "Layanan PPID Kota", "year": 2026, "opd": s.mojokerto_opd})).await;
        let (status, err) = app
            .json(
                "PUT",
                &format!("/api/v1/architecture/items/{pb}/links"),
                Some(&operator),
                Some(json!({"to": [layanan, foreign]})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        assert!(
            err["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("Item {foreign} tidak ditemukan"))),
            "{label}: {err}"
        );
        let (_, got) = app
            .json(
                "GET",
                &format!("/api/v1/architecture/items/{pb}"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(got["links"], json!([]), "{label}: nothing linked");
        link(&app, &operator, pb, &[layanan]).await;
        // the operator links its layanan to another OPD's application (its own item changes)
        link(&app, &operator, layanan, &[pb, app_bappeda]).await;
        let (_, got) = app
            .json(
                "GET",
                &format!("/api/v1/architecture/items/{app_bappeda}"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(got["links"], json!([layanan]), "{label}");

        // the workflow
        let submit = format!("/api/v1/architecture/items/{pb}/submit");
        let (status, err) = app.json("POST", &submit, Some(&operator), None).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: the description is required: {err}"
        );
        assert_eq!(fields_named(&err), ["description"], "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/architecture/items/{pb}"),
                Some(&operator),
                Some(json!({"description": "Pelayanan permohonan informasi publik oleh PPID."})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (status, got) = app.json("POST", &submit, Some(&operator), None).await;
        assert_eq!(status, StatusCode::OK, "{label}: {got}");
        assert_eq!(got["status"], "submitted", "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/architecture/items/{pb}"),
                Some(&operator),
                Some(json!({"name": "Lain"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{label}: a submitted item waits"
        );
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/architecture/items/{pb}/verify"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{label}: operators do not verify"
        );
        let ret = format!("/api/v1/architecture/items/{pb}/return");
        let (status, _) = app
            .json(
                "POST",
                &ret,
                Some(&koordinator),
                Some(json!({"note": "  "})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: a note is required"
        );
        let (status, got) = app
            .json(
                "POST",
                &ret,
                Some(&koordinator),
                Some(json!({"note": "Lengkapi target IKU."})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(got["status"], "returned", "{label}");
        assert_eq!(got["return_note"], "Lengkapi target IKU.", "{label}");
        // editing a returned item makes it a draft again
        let (_, got) = app
            .json(
                "PATCH",
                &format!("/api/v1/architecture/items/{pb}"),
                Some(&operator),
                Some(json!({"iku_target": "100% permohonan dijawab dalam 10 hari kerja"})),
            )
            .await;
        assert_eq!(got["status"], "draft", "{label}");
        app.json("POST", &submit, Some(&operator), None).await;
        let (status, got) = app
            .json(
                "POST",
                &format!("/api/v1/architecture/items/{pb}/verify"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(got["status"], "verified", "{label}");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/architecture/items/{pb}/verify"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}: verified once");

        // an operator does not edit another OPD's item, but reads it
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/architecture/items/{app_bappeda}"),
                Some(&operator),
                Some(json!({"name": "Lain"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/architecture/items/{app_bappeda}"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");

        // publishing: a verified layanan with its six components, by a verifier
        let patch = format!("/api/v1/architecture/items/{layanan}");
        let (status, err) = app
            .json(
                "PATCH",
                &patch,
                Some(&admin),
                Some(json!({"published": true})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");

        // another instansi sees nothing, exactly like a missing item
        for path in [
            format!("/api/v1/architecture/items/{pb}"),
            format!("/api/v1/architecture/items/{pb}/links"),
            "/api/v1/architecture/items/999999".to_string(),
        ] {
            let method = if path.ends_with("links") {
                "PUT"
            } else {
                "GET"
            };
            let body = (method == "PUT").then(|| json!({"to": []}));
            let (status, err) = app.json(method, &path, Some(&other), body).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {path}");
            assert_eq!(
                err["message"], "Item arsitektur tidak ditemukan.",
                "{label}: {path}"
            );
        }
        for path in ["items", "gaps", "summary"] {
            let (status, _) = app
                .json(
                    "GET",
                    &format!("/api/v1/instansi/{}/architecture/{path}", s.trenggalek),
                    Some(&other),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {path}");
        }
        let (status, _) = app.json("GET", &items_path, Some(&pimpinan), None).await;
        assert_eq!(status, StatusCode::OK, "{label}: pimpinan reads");
        let (status, _) = app
            .json(
                "GET",
                &format!("{items_path}?domain=arsip"),
                Some(&pimpinan),
                None,
            )
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}: an unknown filter"
        );
        let (_, only) = app
            .json(
                "GET",
                &format!("{items_path}?domain=aplikasi&opd={}", s.bappeda),
                Some(&pimpinan),
                None,
            )
            .await;
        assert_eq!(only.as_array().map(Vec::len), Some(1), "{label}: {only}");

        // every change is audited
        let audit = app
            .db
            .store
            .audit_entries(
                &padu_store::AuditFilter {
                    action: Some("architecture.".into()),
                    ..Default::default()
                },
                100,
                0,
            )
            .await
            .expect("audit");
        for action in [
            "architecture.create",
            "architecture.update",
            "architecture.links",
            "architecture.submit",
            "architecture.return",
            "architecture.verify",
        ] {
            assert!(
                audit.iter().any(|e| e.action == action),
                "{label}: {action}"
            );
        }
        // deleting (not while submitted) takes the links along
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/architecture/items/{app_bappeda}"),
                Some(&koordinator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}");
        let (_, got) = app.json("GET", &patch, Some(&operator), None).await;
        assert_eq!(got["links"], json!([pb]), "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn a_verified_layanan_with_its_standar_is_published() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let operator = app.token("operator").await;
        let admin = app.token("admin").await;
        let layanan = item(
            &app,
            &operator,
            s.trenggalek,
            json!({
                "domain": "layanan", "name": "Permohonan informasi publik", "year": 2026,
                "reference": "RAL.02.09.01", "description": "Permohonan informasi kepada PPID.",
                "purpose": "Keterbukaan informasi publik", "users": ["masyarakat"], "method": "hybrid",
                "category": "lainnya", "channel": "Portal PPID dan loket", "link": "https://ppid.trenggalekkab.example",
                "standar": {"persyaratan": "Identitas pemohon", "prosedur": "Isi formulir daring", "waktu": "10 hari kerja",
                            "biaya": "Tidak dipungut biaya", "produk": "Informasi publik", "pengaduan": "Keberatan kepada atasan PPID"}
            }),
        )
        .await;
        let path = format!("/api/v1/architecture/items/{layanan}");
        app.json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        let (status, _) = app
            .json(
                "PATCH",
                &path,
                Some(&operator),
                Some(json!({"published": true})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{label}: operators do not publish"
        );
        app.json("POST", &format!("{path}/verify"), Some(&admin), None)
            .await;
        let (status, got) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({"published": true})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {got}");
        assert_eq!(got["published"], true, "{label}");
        assert_eq!(
            got["status"], "verified",
            "{label}: publishing is not an edit"
        );
        assert_eq!(got["standar"]["waktu"], "10 hari kerja", "{label}");
        // an edit makes it a draft and takes it off the portal
        let (_, got) = app
            .json(
                "PATCH",
                &path,
                Some(&admin),
                Some(json!({"channel": "Portal PPID"})),
            )
            .await;
        assert_eq!(
            (got["status"].as_str(), got["published"].as_bool()),
            (Some("draft"), Some(false)),
            "{label}"
        );
        app.finish().await;
    }
}
