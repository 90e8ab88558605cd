//! The API: roadmaps listed newest first, items entered and checked (422 with nothing
//! changed), changed and deleted, enacting then editing refused, a review making version 2
//! with the items while version 1 stays readable, the realisation by the responsible OPD,
//! another instansi not found, anonymous 401.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::{add_bappeda_operator, fields_named, full_item, item, roadmap};
use crate::support::TestApp;

#[tokio::test]
async fn roadmaps_and_items_are_entered_checked_changed_and_deleted() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let koordinator = app.token("koordinator").await;
        let pimpinan = app.token("pimpinan").await;
        let operator = app.token("operator").await;
        let other = app.token("admin.mojokerto").await;
        let list_path = format!("/api/v1/instansi/{}/roadmaps", s.trenggalek);

        // five years by default
        let (status, r) = app
            .json(
                "POST",
                &list_path,
                Some(&admin),
                Some(json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {r}");
        assert_eq!(r["end_year"], 2029, "{label}");
        assert_eq!(r["status"], "draft", "{label}");
        assert_eq!(r["version"], 1, "{label}");
        let first = r["id"].as_i64().expect("id");
        let second = roadmap(
            &app,
            &koordinator,
            s.trenggalek,
            json!({"title": "Peta rencana tiga tahun", "start_year": 2026, "end_year": 2028}),
        )
        .await;

        // bad roadmaps, and who may not draft one
        for (body, field) in [
            (json!({"start_year": 2025}), "title"),
            (json!({"title": "X"}), "start_year"),
            (
                json!({"title": "X", "start_year": 2025, "end_year": 2036}),
                "end_year",
            ),
            (
                json!({"title": "X", "start_year": 2025, "basis": ["rpjmd", "rkpd"]}),
                "basis",
            ),
        ] {
            let (status, err) = app
                .json("POST", &list_path, Some(&admin), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
            assert!(
                fields_named(&err).contains(&field.to_string()),
                "{label}: {err}"
            );
        }
        for token in [&pimpinan, &operator] {
            let (status, _) = app
                .json(
                    "POST",
                    &list_path,
                    Some(token),
                    Some(json!({"title": "X", "start_year": 2025})),
                )
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        }

        // newest first, for everyone of the instansi; another instansi sees nothing
        for token in [&admin, &pimpinan, &operator] {
            let (status, list) = app.json("GET", &list_path, Some(token), None).await;
            assert_eq!(status, StatusCode::OK, "{label}");
            let ids: Vec<i64> = list
                .as_array()
                .expect("list")
                .iter()
                .filter_map(|r| r["id"].as_i64())
                .collect();
            assert_eq!(ids, [second, first], "{label}: newest first");
        }
        let (status, _) = app.json("GET", &list_path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{first}"),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        let (status, _) = app.json("GET", &list_path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{first}/items"),
                None,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{label}");

        // an item with everything
        let made = item(&app, &admin, first, full_item(s.diskominfo)).await;
        assert_eq!(made["years"], json!([2026, 2027]), "{label}");
        assert_eq!(made["budget"]["2026"], 150_000_000, "{label}");
        assert_eq!(made["total_budget"], 225_000_000, "{label}");
        assert_eq!(made["targets"]["2027"], "Operasional", "{label}");
        assert_eq!(made["indicators"][0]["number"], 11, "{label}");
        assert_eq!(made["status"], "belum_mulai", "{label}");
        let id = made["id"].as_i64().expect("id");

        // the 422s change nothing
        let items_path = format!("/api/v1/roadmaps/{first}/items");
        for (body, field) in [
            (json!({"opd": s.diskominfo, "years": [2026]}), "title"),
            (json!({"title": "X", "years": [2026]}), "opd"),
            (json!({"title": "X", "opd": s.diskominfo}), "years"),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": []}),
                "years",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2030]}),
                "years",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026], "budget": {"2026": -1}}),
                "budget",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026], "budget": {"2024": 5}}),
                "budget",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026], "targets": {"2031": "x"}}),
                "targets",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026],
                       "indicators": [{"instrument": "permenpanrb-8-2026", "number": 99, "level": 1}]}),
                "indicators",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026],
                       "indicators": [{"instrument": "tidak-ada", "number": 1, "level": 1}]}),
                "indicators",
            ),
            (
                json!({"title": "X", "opd": s.mojokerto_opd, "years": [2026]}),
                "opd",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026], "gap": 987654}),
                "gap",
            ),
            (
                json!({"title": "X", "opd": s.diskominfo, "years": [2026], "status": "jalan"}),
                "status",
            ),
        ] {
            let (status, err) = app
                .json("POST", &items_path, Some(&admin), Some(body.clone()))
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label}: {body}: {err}"
            );
            assert!(
                fields_named(&err).contains(&field.to_string()),
                "{label}: {body}: {err}"
            );
        }
        let (_, items) = app.json("GET", &items_path, Some(&pimpinan), None).await;
        assert_eq!(
            items.as_array().map(Vec::len),
            Some(1),
            "{label}: nothing added"
        );
        let (status, _) = app
            .json(
                "POST",
                &items_path,
                Some(&operator),
                Some(json!({"title": "X", "opd": s.diskominfo, "years": [2026]})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{label}: an operator enters no items"
        );

        // a change, then a bad change that changes nothing
        let item_path = format!("/api/v1/roadmap-items/{id}");
        let (status, changed) = app
            .json(
                "PATCH",
                &item_path,
                Some(&koordinator),
                Some(json!({"title": "Pusat data daerah terpadu", "budget": {"2026": 160000000}, "status": "berjalan"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {changed}");
        assert_eq!(changed["title"], "Pusat data daerah terpadu", "{label}");
        assert_eq!(changed["budget"], json!({"2026": 160000000}), "{label}");
        assert_eq!(changed["status"], "berjalan", "{label}");
        assert_eq!(
            changed["targets"]["2026"], "Desain dan pengadaan",
            "{label}: kept"
        );
        let (status, _) = app
            .json(
                "PATCH",
                &item_path,
                Some(&admin),
                Some(json!({"title": "Lain", "budget": {"2026": -5}})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        let (_, read) = app.json("GET", &item_path, Some(&operator), None).await;
        assert_eq!(
            read["title"], "Pusat data daerah terpadu",
            "{label}: unchanged"
        );
        let (status, _) = app.json("GET", &item_path, Some(&other), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");

        // the span may not leave out a year an item uses
        let (status, err) = app
            .json(
                "PATCH",
                &format!("/api/v1/roadmaps/{first}"),
                Some(&admin),
                Some(json!({"start_year": 2027})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");

        // delete
        let extra = item(
            &app,
            &admin,
            first,
            json!({"title": "Hapus saya", "opd": s.bappeda, "years": [2025]}),
        )
        .await["id"]
            .as_i64()
            .expect("id");
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/roadmap-items/{extra}"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "DELETE",
                &format!("/api/v1/roadmap-items/{extra}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{label}");
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/roadmap-items/{extra}"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn an_enacted_roadmap_keeps_its_items_and_a_review_makes_version_two() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        add_bappeda_operator(&app).await;
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let bappeda = app.token("operator.bappeda").await;
        let pimpinan = app.token("pimpinan").await;
        let first = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025,
                   "basis": ["rpjmd", "arsitektur"]}),
        )
        .await;
        let kominfo = item(&app, &admin, first, full_item(s.diskominfo)).await["id"]
            .as_i64()
            .expect("id");
        item(
            &app,
            &admin,
            first,
            json!({"title": "Satu perencanaan", "opd": s.bappeda, "years": [2025, 2026]}),
        )
        .await;

        // the decree's number and date are required
        let enact = format!("/api/v1/roadmaps/{first}/enact");
        let (status, err) = app
            .json(
                "POST",
                &enact,
                Some(&admin),
                Some(json!({"decree_number": ""})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert_eq!(
            fields_named(&err),
            ["decree_number", "decree_date"],
            "{label}"
        );
        let (status, _) = app
            .json(
                "POST",
                &enact,
                Some(&pimpinan),
                Some(json!({"decree_number": "1", "decree_date": "2025-03-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, r) = app
            .json(
                "POST",
                &enact,
                Some(&admin),
                Some(json!({"decree_number": "Peraturan Bupati Nomor 12 Tahun 2025", "decree_date": "2025-03-01"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {r}");
        assert_eq!(r["status"], "ditetapkan", "{label}");
        assert_eq!(r["decree_date"], "2025-03-01", "{label}");

        // enacted: the content is fixed, the status still moves
        let item_path = format!("/api/v1/roadmap-items/{kominfo}");
        let (status, _) = app
            .json(
                "PATCH",
                &item_path,
                Some(&admin),
                Some(json!({"title": "Lain"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/roadmaps/{first}/items"),
                Some(&admin),
                Some(json!({"title": "Baru", "opd": s.diskominfo, "years": [2026]})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, _) = app.json("DELETE", &item_path, Some(&admin), None).await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/roadmaps/{first}"),
                Some(&admin),
                Some(json!({"title": "Lain"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, moved) = app
            .json(
                "PATCH",
                &item_path,
                Some(&admin),
                Some(json!({"status": "berjalan", "evaluation": "Sesuai jadwal"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {moved}");
        assert_eq!(moved["status"], "berjalan", "{label}");

        // the responsible OPD reports; another OPD's operator may not
        let report = format!("/api/v1/roadmap-items/{kominfo}/realisation");
        let (status, reported) = app
            .json(
                "POST",
                &report,
                Some(&operator),
                Some(json!({"year": 2026, "semester": 1, "value": "40%", "note": "Pengadaan berjalan"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {reported}");
        assert_eq!(reported["realisation"][0]["value"], "40%", "{label}");
        assert_eq!(
            reported["realisation"][0]["reported_by"], "operator",
            "{label}"
        );
        let (status, _) = app
            .json(
                "POST",
                &report,
                Some(&bappeda),
                Some(json!({"year": 2026, "semester": 1, "value": "90%"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &report,
                Some(&pimpinan),
                Some(json!({"year": 2026, "semester": 1, "value": "90%"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        for (body, field) in [
            (json!({"year": 2031, "semester": 1, "value": "1%"}), "year"),
            (
                json!({"year": 2026, "semester": 3, "value": "1%"}),
                "semester",
            ),
            (json!({"year": 2026, "semester": 2, "value": " "}), "value"),
        ] {
            let (status, err) = app
                .json("POST", &report, Some(&operator), Some(body.clone()))
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {body}");
            assert_eq!(fields_named(&err), [field], "{label}: {err}");
        }
        // the same semester again replaces the first report
        let (_, again) = app
            .json(
                "POST",
                &report,
                Some(&operator),
                Some(json!({"year": 2026, "semester": 1, "value": "45%"})),
            )
            .await;
        assert_eq!(
            again["realisation"].as_array().map(Vec::len),
            Some(1),
            "{label}"
        );
        assert_eq!(again["realisation"][0]["value"], "45%", "{label}");

        // a review: version 2 with the items, version 1 readable and marked
        let (status, err) = app
            .json(
                "POST",
                &format!("/api/v1/roadmaps/{first}/review"),
                Some(&admin),
                Some(json!({"kind": "sebentar"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{label}: {err}");
        let (status, v2) = app
            .json(
                "POST",
                &format!("/api/v1/roadmaps/{first}/review"),
                Some(&admin),
                Some(json!({"kind": "tengah", "note": "Perubahan Renstra 2027"})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{label}: {v2}");
        assert_eq!(v2["version"], 2, "{label}");
        assert_eq!(v2["status"], "draft", "{label}");
        assert_eq!(v2["previous"], first, "{label}");
        assert_eq!(v2["title"], "Peta Rencana SPBE 2025-2029", "{label}");
        let second = v2["id"].as_i64().expect("id");
        let (_, v2_items) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{second}/items"),
                Some(&pimpinan),
                None,
            )
            .await;
        let v2_items = v2_items.as_array().cloned().unwrap_or_default();
        assert_eq!(v2_items.len(), 2, "{label}: the items copied");
        let copy = v2_items
            .iter()
            .find(|i| i["opd"] == s.diskominfo)
            .expect("copy");
        assert_ne!(copy["id"], kominfo, "{label}: a copy of its own");
        assert_eq!(copy["status"], "berjalan", "{label}");
        assert_eq!(copy["realisation"][0]["value"], "45%", "{label}");

        let (status, v1) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{first}"),
                Some(&pimpinan),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(v1["status"], "direviu", "{label}");
        assert_eq!(v1["review_kind"], "tengah", "{label}");
        assert_eq!(
            v1["decree_number"], "Peraturan Bupati Nomor 12 Tahun 2025",
            "{label}"
        );
        let (_, v1_items) = app
            .json(
                "GET",
                &format!("/api/v1/roadmaps/{first}/items"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(
            v1_items.as_array().map(Vec::len),
            Some(2),
            "{label}: still readable"
        );
        // the old version is read only, but its realisation is still reported
        let (status, _) = app
            .json(
                "PATCH",
                &item_path,
                Some(&admin),
                Some(json!({"status": "selesai"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &report,
                Some(&operator),
                Some(json!({"year": 2026, "semester": 2, "value": "60%"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/roadmaps/{first}/review"),
                Some(&admin),
                Some(json!({"kind": "akhir"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "{label}: reviewed once");

        // the new draft is edited again, and listed first
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/roadmap-items/{}", copy["id"]),
                Some(&admin),
                Some(json!({"title": "Pusat data daerah (revisi)"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/instansi/{}/roadmaps", s.trenggalek),
                Some(&bappeda),
                None,
            )
            .await;
        assert_eq!(list[0]["id"], second, "{label}: newest first");
        assert_eq!(list[1]["id"], first, "{label}");

        // every write is in the audit log
        let entries = app
            .db
            .store
            .audit_entries(
                &padu_store::AuditFilter {
                    instansi_ids: Some(vec![s.trenggalek]),
                    ..Default::default()
                },
                500,
                0,
            )
            .await
            .expect("audit");
        for action in [
            "roadmap.create",
            "roadmap.enact",
            "roadmap.review",
            "roadmap_item.create",
            "roadmap_item.update",
            "roadmap_item.realisation",
        ] {
            assert!(
                entries.iter().any(|e| e.action == action),
                "{label}: {action} audited"
            );
        }
        app.finish().await;
    }
}
