//! The catalog through the real router: a produsen drafts a dataset, submits it without a
//! licence (422 naming the field), the walidata returns it with a note per field, the produsen
//! sees the notes, edits and resubmits, the walidata approves, publishes and withdraws it; who
//! may see and do what (another OPD's produsen, another instansi, anonymous); lookup by id or
//! name; bad input changes nothing.

use axum::http::StatusCode;
use padu_core::access::{DataGrant, DataRole};
use padu_store::testing::databases;
use padu_store::{AuditFilter, Who};
use serde_json::{Value, json};

use crate::support::TestApp;

fn fields_named(err: &Value) -> Vec<String> {
    err["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Grants the seeded users their data roles: `operator` produces Bappeda's data, `asesor`
/// Diskominfo's, `koordinator` is the walidata, `pimpinan` the walidata pendukung.
pub(super) async fn grant_roles(app: &TestApp) {
    let s = &app.seed;
    for (username, role, opd) in [
        ("operator", DataRole::ProdusenData, Some(s.bappeda)),
        ("asesor", DataRole::ProdusenData, Some(s.diskominfo)),
        ("koordinator", DataRole::Walidata, None),
        ("pimpinan", DataRole::WalidataPendukung, None),
    ] {
        let id = app.user_id(username).await;
        app.db
            .store
            .set_data_grant(&Who::system("uji"), id, Some(DataGrant { role, opd }))
            .await
            .expect("grant");
    }
}

async fn count(app: &TestApp, token: &str, instansi: i64) -> usize {
    let (status, list) = app
        .json(
            "GET",
            &format!("/api/v1/instansi/{instansi}/datasets"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_dataset_walks_the_walidata_workflow_through_the_api() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        grant_roles(&app).await;
        let s = app.seed.clone();
        let produsen = app.token("operator").await;
        let walidata = app.token("koordinator").await;
        let pendukung = app.token("pimpinan").await;
        let reader = app.token("eksternal").await;
        let list_path = format!("/api/v1/instansi/{}/datasets", s.trenggalek);

        // the produsen drafts one for its own OPD (the default), no licence yet
        let (status, made) = app
            .json(
                "POST",
                &list_path,
                Some(&produsen),
                Some(json!({
                    "title": "Indikator Kinerja Utama Daerah 2025",
                    "notes": "Capaian IKU Kabupaten Trenggalek menurut RPJMD.",
                    "frequency": "tahunan", "unit": "persen", "year": 2026,
                    "tags": ["iku", "rpjmd"], "groups": ["perencanaan"],
                    "extras": [{"key": "id_ddp", "value": "DDP-3503-011"}]
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {made}");
        assert_eq!(made["owner_org"], s.bappeda, "{label}");
        assert_eq!(made["status"], "draft", "{label}");
        assert_eq!(
            made["name"], "indikator-kinerja-utama-daerah-2025",
            "{label}"
        );
        assert_eq!(made["private"], false, "{label}");
        assert_eq!(made["extras"][0]["value"], "DDP-3503-011", "{label}");
        assert_eq!(made["can"]["submit"], true, "{label}");
        let id = made["id"].as_i64().expect("id");
        let name = "indikator-kinerja-utama-daerah-2025";

        // bad input changes nothing
        for body in [
            json!({"title": " "}),
            json!({"title": "X", "license_id": "GPL-3.0"}),
            json!({"title": "X", "owner_org": s.mojokerto_opd}),
            json!({"title": "X", "frequency": "sewindu"}),
            json!({"title": "X", "warna": "merah"}),
            json!({"title": "X", "name": "Nama Besar"}),
            json!({"title": "X", "name": name}),
            json!({"title": "X", "tags": "iku"}),
        ] {
            let (status, err) = app
                .json("POST", &list_path, Some(&produsen), Some(body.clone()))
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label}: {body}: {err}"
            );
            assert!(!fields_named(&err).is_empty(), "{label}: {body}: {err}");
        }
        let (status, err) = app
            .json(
                "PATCH",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                Some(json!({"title": "Baru", "contact_email": "bukan surel"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        assert_eq!(fields_named(&err), ["contact_email"], "{label}");
        assert_eq!(count(&app, &walidata, s.trenggalek).await, 1, "{label}");
        let (_, same) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(
            same["title"], made["title"],
            "{label}: the title did not change"
        );

        // a resource link
        let (status, res) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{name}/resources"),
                Some(&produsen),
                Some(json!({"url": "https://data.trenggalekkab.example/bappeda/iku-2025.csv"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {res}");
        assert_eq!(res["format"], "CSV", "{label}");
        let (status, err) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{name}/resources"),
                Some(&produsen),
                Some(json!({"url": "file:///etc/passwd"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");

        // submitting without a licence names the field
        let (status, err) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/submit"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        assert_eq!(fields_named(&err), ["license_id"], "{label}");
        let (status, patched) = app
            .json(
                "PATCH",
                &format!("/api/v1/datasets/{name}"),
                Some(&produsen),
                Some(json!({"license_id": "CC-BY-4.0"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {patched}");
        let (status, submitted) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{name}/submit"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {submitted}");
        assert_eq!(submitted["status"], "submitted", "{label}");
        let walidata_id = app.user_id("koordinator").await;
        let told = app
            .db
            .store
            .notifications_of(walidata_id, true, 10)
            .await
            .expect("notifications");
        assert!(
            told.iter()
                .any(|n| n.kind == "satu_data" && n.message.contains("diajukan")),
            "{label}: the walidata is told"
        );
        // a submitted dataset is not edited or deleted
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                Some(json!({"title": "Lain"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");

        // the walidata returns it with a note per field; an unknown field is refused
        let (status, err) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/return"),
                Some(&walidata),
                Some(json!({"notes": {"warna": "x"}})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        assert_eq!(fields_named(&err), ["notes.warna"], "{label}");
        let (status, returned) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/return"),
                Some(&walidata),
                Some(json!({"notes": {
                    "title": "Sebutkan periode RPJMD",
                    "license_id": "Data kinerja memakai CC-BY-SA-4.0"
                }})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {returned}");
        assert_eq!(returned["status"], "returned", "{label}");
        let produsen_id = app.user_id("operator").await;
        let told = app
            .db
            .store
            .notifications_of(produsen_id, true, 10)
            .await
            .expect("notifications");
        assert!(
            told.iter().any(|n| n.message.contains("dikembalikan")),
            "{label}: the produsen is told"
        );

        // the produsen sees the notes, edits, resubmits
        let (_, seen) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{name}"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(
            seen["review_notes"]["title"], "Sebutkan periode RPJMD",
            "{label}"
        );
        assert_eq!(
            seen["review_notes"]["license_id"], "Data kinerja memakai CC-BY-SA-4.0",
            "{label}"
        );
        assert_eq!(seen["can"]["edit"], true, "{label}");
        let (status, edited) = app
            .json(
                "PATCH",
                &format!("/api/v1/datasets/{id}"),
                Some(&produsen),
                Some(json!({
                    "title": "Indikator Kinerja Utama Daerah RPJMD 2021-2026",
                    "license_id": "CC-BY-SA-4.0", "period_start": 2021, "period_end": 2026
                })),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {edited}");
        assert_eq!(edited["status"], "draft", "{label}: a draft again");
        assert_eq!(edited["name"], name, "{label}: the name stays");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/submit"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");

        // the produsen does not approve, the pendukung does not publish
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/approve"),
                Some(&produsen),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, approved) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/approve"),
                Some(&pendukung),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {approved}");
        assert_eq!(approved["status"], "approved", "{label}");
        assert_eq!(
            approved["review_notes"],
            json!({}),
            "{label}: notes cleared"
        );
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/publish"),
                Some(&pendukung),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        // not public before it is published
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/datasets/{id}"),
                Some(&reader),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        assert_eq!(count(&app, &reader, s.trenggalek).await, 0, "{label}");
        let (status, published) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/publish"),
                Some(&walidata),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {published}");
        assert_eq!(published["status"], "published", "{label}");
        assert_eq!(published["public"], true, "{label}");

        // public now: anyone signed in reads it, here and in another instansi
        let other = app.token("admin.mojokerto").await;
        for token in [&reader, &other] {
            let (status, body) = app
                .json(
                    "GET",
                    &format!("/api/v1/datasets/{name}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{label}: {body}");
            assert_eq!(body["can"]["edit"], false, "{label}");
        }
        assert_eq!(count(&app, &reader, s.trenggalek).await, 1, "{label}");
        let public = padu_app::satu_data::datasets::public_list(
            &app.state_with(padu_app::Settings::default()),
            s.trenggalek,
        )
        .await
        .expect("public");
        assert_eq!(public.len(), 1, "{label}");

        // withdrawn: no longer public
        let (status, withdrawn) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/unpublish"),
                Some(&walidata),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {withdrawn}");
        assert_eq!(withdrawn["status"], "withdrawn", "{label}");
        let (status, _) = app
            .json("GET", &format!("/api/v1/datasets/{id}"), Some(&other), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/datasets/{id}/unpublish"),
                Some(&walidata),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}: already withdrawn");

        // every step audited with its actor
        let audit = app
            .db
            .store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.dataset.".into()),
                    ..AuditFilter::default()
                },
                50,
                0,
            )
            .await
            .expect("audit");
        let mut steps: Vec<(String, String)> = audit
            .iter()
            .map(|e| (e.action.clone(), e.actor_name.clone()))
            .collect();
        steps.reverse();
        let steps: Vec<(&str, &str)> = steps
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        assert_eq!(
            steps,
            [
                ("satu_data.dataset.create", "operator"),
                ("satu_data.dataset.update", "operator"),
                ("satu_data.dataset.submit", "operator"),
                ("satu_data.dataset.return", "koordinator"),
                ("satu_data.dataset.update", "operator"),
                ("satu_data.dataset.submit", "operator"),
                ("satu_data.dataset.approve", "pimpinan"),
                ("satu_data.dataset.publish", "koordinator"),
                ("satu_data.dataset.unpublish", "koordinator"),
            ],
            "{label}"
        );
        app.finish().await;
    }
}

#[tokio::test]
async fn only_the_right_people_see_and_change_a_dataset() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        grant_roles(&app).await;
        let s = app.seed.clone();
        let produsen = app.token("operator").await;
        let other_opd = app.token("asesor").await;
        let walidata = app.token("koordinator").await;
        let admin = app.token("admin").await;
        let other = app.token("admin.mojokerto").await;
        let list_path = format!("/api/v1/instansi/{}/datasets", s.trenggalek);

        // the walidata drafts for any OPD, with an explicit name; data prioritas
        let (status, made) = app
            .json(
                "POST",
                &list_path,
                Some(&walidata),
                Some(json!({
                    "title": "Jumlah Penduduk per Kecamatan", "name": "penduduk-kecamatan",
                    "owner_org": s.bappeda, "prioritas": true, "access": "terbatas"
                })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {made}");
        assert_eq!(made["private"], true, "{label}");
        let id = made["id"].as_i64().expect("id");
        let by_id = format!("/api/v1/datasets/{id}");
        let by_name = "/api/v1/datasets/penduduk-kecamatan";

        // id or name, the same dataset
        let (_, a) = app.json("GET", &by_id, Some(&produsen), None).await;
        let (_, b) = app.json("GET", by_name, Some(&produsen), None).await;
        assert_eq!(a["id"], b["id"], "{label}");
        let (status, _) = app
            .json("GET", "/api/v1/datasets/tidak-ada", Some(&produsen), None)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // another OPD's produsen: sees that it exists in its instansi, may not read or change it
        let (status, _) = app.json("GET", &by_id, Some(&other_opd), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                by_name,
                Some(&other_opd),
                Some(json!({"title": "Diubah"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &list_path,
                Some(&other_opd),
                Some(json!({"title": "Bukan miliknya", "owner_org": s.bappeda})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        assert_eq!(count(&app, &other_opd, s.trenggalek).await, 0, "{label}");

        // another instansi: nothing at all
        for (method, path) in [
            ("GET", by_id.clone()),
            ("GET", by_name.to_string()),
            ("DELETE", by_id.clone()),
            ("POST", format!("{by_id}/submit")),
            ("GET", list_path.clone()),
        ] {
            let (status, body) = app.json(method, &path, Some(&other), None).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "{label}: {method} {path}: {body}"
            );
        }
        // anonymous: 401
        let (status, _) = app.json("GET", &by_id, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");
        let (status, _) = app.json("GET", &list_path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");

        // the admin instansi reads, does not write
        let (status, _) = app.json("GET", &by_id, Some(&admin), None).await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(count(&app, &admin, s.trenggalek).await, 1, "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                &by_id,
                Some(&admin),
                Some(json!({"title": "Diubah"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");

        // data prioritas: the pendukung may not approve it, the walidata records the pembina
        app.json(
            "PATCH",
            &by_id,
            Some(&produsen),
            Some(json!({"notes": "Penduduk menurut kecamatan", "license_id": "CC-BY-4.0"})),
        )
        .await;
        let (status, _) = app
            .json("POST", &format!("{by_id}/submit"), Some(&produsen), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let pendukung = app.token("pimpinan").await;
        let (status, _) = app
            .json("POST", &format!("{by_id}/approve"), Some(&pendukung), None)
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, approved) = app
            .json("POST", &format!("{by_id}/approve"), Some(&walidata), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {approved}");
        assert_eq!(approved["pembina_approved_by"], "koordinator", "{label}");
        // published but Terbatas: still not public
        let (status, published) = app
            .json("POST", &format!("{by_id}/publish"), Some(&walidata), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(published["public"], false, "{label}");
        let (status, _) = app.json("GET", &by_id, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // a draft is deleted by its produsen, resources with it
        let (status, draft) = app
            .json(
                "POST",
                &list_path,
                Some(&produsen),
                Some(json!({"title": "Draf sementara"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}");
        let draft_path = format!("/api/v1/datasets/{}", draft["id"]);
        let (status, res) = app
            .json(
                "POST",
                &format!("{draft_path}/resources"),
                Some(&produsen),
                Some(json!({"url": "https://data.trenggalekkab.example/x.json", "name": "X"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}");
        let res_path = format!("{draft_path}/resources/{}", res["id"]);
        let (status, changed) = app
            .json(
                "PATCH",
                &res_path,
                Some(&produsen),
                Some(json!({"format": "geojson"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {changed}");
        assert_eq!(changed["format"], "GEOJSON", "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                &format!("{by_id}/resources/{}", res["id"]),
                Some(&walidata),
                Some(json!({"format": "csv"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{label}: not that dataset's resource"
        );
        let (status, _) = app.json("DELETE", &res_path, Some(&produsen), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}");
        let (status, _) = app.json("DELETE", &draft_path, Some(&produsen), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}");
        let (status, _) = app.json("GET", &draft_path, Some(&produsen), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        app.finish().await;
    }
}
