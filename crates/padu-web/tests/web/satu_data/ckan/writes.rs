//! The write actions go through Padu's own use cases: a created dataset is a draft of the
//! produsen's OPD and public only once the walidata publishes it; the same permission
//! question (403 Authorization Error, 404 for another instansi), the same checks (409
//! Validation Error naming the field, nothing written), the same audit.

use axum::http::StatusCode;
use padu_store::AuditFilter;
use padu_store::testing::databases;
use serde_json::{Value, json};

use super::{catalog, fails, ok};
use crate::support::TestApp;

async fn own_count(app: &TestApp, token: &str) -> usize {
    let (status, list) = app
        .json(
            "GET",
            &format!("/api/v1/instansi/{}/datasets", app.seed.trenggalek),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn ckan_writes_land_as_drafts_in_the_walidata_workflow() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let c = catalog(&app).await;
        let p = c.produsen.clone();
        let new = json!({
            "name": "angka-kematian-bayi-2025",
            "title": "Angka Kematian Bayi 2025",
            "notes": "Data demo: angka kematian bayi per kecamatan.",
            "owner_org": "bappeda",
            "license_id": "CC-BY-4.0",
            "maintainer": "Bidang Statistik",
            "maintainer_email": "statistik@trenggalekkab.example",
            "tags": [{"name": "kesehatan"}],
            "extras": [{"key": "sumber", "value": "Dinas Kesehatan"}],
            "resources": [{"url": "https://data.trenggalekkab.example/akb-2025.csv", "name": "AKB 2025", "mimetype": "text/csv"}]
        });

        // a write by GET is refused, even with a token (only POST changes anything)
        let (status, v) = super::call(
            &app,
            &format!(
                "{}/package_create?name=lewat-get&title=Lewat%20GET",
                super::BASE
            ),
            Some(&p),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{label}: {v}");
        assert!(
            v.as_str().is_some_and(|m| m.contains("POST")),
            "{label}: {v}"
        );
        // no token, a stale token, a role without the right: 403
        for token in [None, Some("padu_bukan_token")] {
            let err = fails(
                &app,
                "package_create",
                token,
                Some(new.clone()),
                StatusCode::FORBIDDEN,
            )
            .await;
            assert_eq!(err["__type"], "Authorization Error", "{label}: {err}");
        }
        let asesor = app.token("eksternal").await;
        let err = fails(
            &app,
            "package_create",
            Some(&asesor),
            Some(new.clone()),
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(err["__type"], "Authorization Error", "{label}");
        // the produsen of Bappeda does not create for another OPD
        let mut elsewhere = new.clone();
        elsewhere["owner_org"] = json!("dinas-komunikasi-dan-informatika");
        fails(
            &app,
            "package_create",
            Some(&p),
            Some(elsewhere),
            StatusCode::FORBIDDEN,
        )
        .await;

        // bad input: 409 naming the field, nothing written
        let before = own_count(&app, &p).await;
        for (patch, field) in [
            (json!({"name": "Nama Besar"}), "name"),
            (json!({"license_id": "GPL-3.0"}), "license_id"),
            (json!({"owner_org": "dinas-tak-ada"}), "owner_org"),
            (json!({"private": "kadang"}), "private"),
            (
                json!({"resources": [{"url": "ftp://x.example/a.csv"}]}),
                "resources",
            ),
            (json!({"resources": "a.csv"}), "resources"),
            (json!({"url": "https://contoh.example"}), "url"),
            (json!({"warna": "merah"}), "warna"),
        ] {
            let mut body = new.clone();
            for (k, v) in patch.as_object().into_iter().flatten() {
                body[k] = v.clone();
            }
            let err = fails(
                &app,
                "package_create",
                Some(&p),
                Some(body.clone()),
                StatusCode::CONFLICT,
            )
            .await;
            assert_eq!(err["__type"], "Validation Error", "{label}: {body}");
            assert!(err[field].is_array(), "{label}: {field}: {err}");
        }
        assert_eq!(
            own_count(&app, &p).await,
            before,
            "{label}: nothing half-written"
        );

        // created: a draft of the produsen's OPD, its link with it
        let made = ok(&app, "package_create", Some(&p), Some(new.clone())).await;
        assert_eq!(made["state"], "draft", "{label}: {made}");
        assert_eq!(made["status"], "draft", "{label}");
        assert_eq!(made["owner_org"], app.seed.bappeda.to_string(), "{label}");
        assert_eq!(made["num_resources"], 1, "{label}");
        assert_eq!(made["contact_name"], "Bidang Statistik", "{label}");
        assert_eq!(
            made["maintainer_email"], "statistik@trenggalekkab.example",
            "{label}"
        );
        assert_eq!(made["extras"][0]["key"], "sumber", "{label}");
        let id = made["id"].as_str().expect("id").to_string();
        // never public before the walidata publishes it
        fails(
            &app,
            "package_show",
            None,
            Some(json!({"id": id})),
            StatusCode::NOT_FOUND,
        )
        .await;
        let public = ok(&app, "package_list", None, None).await;
        assert!(
            !public
                .as_array()
                .into_iter()
                .flatten()
                .any(|n| n == "angka-kematian-bayi-2025")
        );
        let err = fails(
            &app,
            "package_create",
            Some(&p),
            Some(new.clone()),
            StatusCode::CONFLICT,
        )
        .await;
        assert!(err["name"].is_array(), "{label}: the name is taken: {err}");

        // patch changes what is sent; update replaces CKAN's fields, keeps the Satu Data ones
        let patched = ok(
            &app,
            "package_patch",
            Some(&p),
            Some(json!({"id": id, "notes": "Diperbarui."})),
        )
        .await;
        assert_eq!(patched["notes"], "Diperbarui.", "{label}");
        assert_eq!(patched["num_tags"], 1, "{label}");
        let mut sent_back = patched.clone();
        sent_back["title"] = json!("Angka Kematian Bayi (AKB) 2025");
        sent_back["tags"] = json!([]);
        let updated = ok(&app, "package_update", Some(&p), Some(sent_back)).await;
        assert_eq!(
            updated["title"], "Angka Kematian Bayi (AKB) 2025",
            "{label}: {updated}"
        );
        assert_eq!(updated["num_tags"], 0, "{label}");
        assert_eq!(
            updated["num_resources"], 1,
            "{label}: the resources sent back stay"
        );
        assert_eq!(updated["contact_name"], "Bidang Statistik", "{label}");
        let minimal = ok(
            &app,
            "package_update",
            Some(&p),
            Some(json!({"id": id, "title": "Angka Kematian Bayi 2025"})),
        )
        .await;
        assert_eq!(
            minimal["notes"], "",
            "{label}: CKAN's update clears what is left out"
        );
        assert_eq!(minimal["extras"], json!([]), "{label}");
        assert_eq!(
            minimal["num_resources"], 1,
            "{label}: no resources sent, none removed"
        );
        assert_eq!(minimal["contact_name"], "Bidang Statistik", "{label}");

        // resources: create a link, change it, replace the list through package_update
        let r = ok(&app, "resource_create", Some(&p), Some(json!({"package_id": "angka-kematian-bayi-2025", "url": "https://data.trenggalekkab.example/akb-2025.json"}))).await;
        assert_eq!(r["format"], "JSON", "{label}: {r}");
        let rid = r["id"].as_str().expect("rid").to_string();
        let r = ok(
            &app,
            "resource_update",
            Some(&p),
            Some(json!({"id": rid, "name": "AKB 2025 (JSON)"})),
        )
        .await;
        assert_eq!(r["name"], "AKB 2025 (JSON)", "{label}");
        assert_eq!(
            r["url"], "https://data.trenggalekkab.example/akb-2025.json",
            "{label}"
        );
        let err = fails(
            &app,
            "resource_create",
            Some(&p),
            Some(json!({"package_id": id})),
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(err["url"], json!(["Missing value"]), "{label}");
        let err = fails(
            &app,
            "resource_create",
            Some(&p),
            Some(json!({"package_id": id, "url": "https://x.example/a.csv", "upload": "..."})),
            StatusCode::CONFLICT,
        )
        .await;
        assert!(err["upload"].is_array(), "{label}");
        let kept = ok(&app, "package_patch", Some(&p), Some(json!({"id": id, "resources": [{"id": rid, "url": "https://data.trenggalekkab.example/akb-2025.json"}, {"url": "https://data.trenggalekkab.example/akb-2025.xlsx"}]}))).await;
        let formats: Vec<&str> = kept["resources"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["format"].as_str())
            .collect();
        assert_eq!(formats, ["JSON", "XLSX"], "{label}: {kept}");
        fails(
            &app,
            "resource_update",
            Some(&p),
            Some(json!({"id": "999999", "name": "x"})),
            StatusCode::NOT_FOUND,
        )
        .await;

        // another instansi's token: not found; the reader's: forbidden
        let other = app.token("admin.mojokerto").await;
        let err = fails(
            &app,
            "package_patch",
            Some(&other),
            Some(json!({"id": id, "notes": "x"})),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(err["__type"], "Not Found Error", "{label}");
        fails(
            &app,
            "package_patch",
            Some(&asesor),
            Some(json!({"id": id, "notes": "x"})),
            StatusCode::FORBIDDEN,
        )
        .await;

        ok(
            &app,
            "package_patch",
            Some(&p),
            Some(json!({"id": id, "notes": "Data demo: angka kematian bayi per kecamatan."})),
        )
        .await;
        // published through the walidata workflow, it is public; then no longer editable
        for (step, token) in [
            ("submit", &p),
            ("approve", &c.walidata),
            ("publish", &c.walidata),
        ] {
            let (status, v) = app
                .json(
                    "POST",
                    &format!("/api/v1/datasets/{id}/{step}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{label}: {step}: {v}");
        }
        let shown = ok(
            &app,
            "package_show",
            None,
            Some(json!({"id": "angka-kematian-bayi-2025"})),
        )
        .await;
        assert_eq!(shown["state"], "active", "{label}");
        let err = fails(
            &app,
            "package_patch",
            Some(&p),
            Some(json!({"id": id, "notes": "x"})),
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(err["__type"], "Validation Error", "{label}: {err}");
        fails(
            &app,
            "package_delete",
            Some(&p),
            Some(json!({"id": id})),
            StatusCode::CONFLICT,
        )
        .await;

        // a draft is deleted, then not found
        let gone = ok(
            &app,
            "package_delete",
            Some(&p),
            Some(json!({"id": c.draft})),
        )
        .await;
        assert_eq!(gone, Value::Null, "{label}");
        fails(
            &app,
            "package_delete",
            Some(&p),
            Some(json!({"id": c.draft})),
            StatusCode::NOT_FOUND,
        )
        .await;
        fails(
            &app,
            "package_delete",
            Some(&p),
            Some(json!({})),
            StatusCode::CONFLICT,
        )
        .await;

        // audited as Padu's own API audits, with the produsen as actor
        let audit = app
            .db
            .store
            .audit_entries(
                &AuditFilter {
                    action: Some("satu_data.dataset.create".into()),
                    ..AuditFilter::default()
                },
                50,
                0,
            )
            .await
            .expect("audit");
        assert_eq!(audit.len(), 4, "{label}: three seeded, one through CKAN");
        assert!(audit.iter().all(|e| e.actor_name == "operator"), "{label}");
        app.finish().await;
    }
}
