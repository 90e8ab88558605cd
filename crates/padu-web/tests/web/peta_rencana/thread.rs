//! The thread through the house: a planner's action item attached to a roadmap item (or a
//! roadmap item made for it) through `PUT /api/v1/action-items/{id}/roadmap-item` and the item
//! page's form, bad choices 422 with nothing changed, who may; the item marked selesai finishing
//! its action items; the indicator page showing the roadmap items aimed at it; an architecture
//! to-be item without a roadmap item a gap until one answers it.

use axum::http::StatusCode;
use padu_core::Value;
use padu_store::Who;
use padu_store::planner::NewActionItem;
use padu_store::testing::databases;
use serde_json::json;

use super::{fields_named, item, roadmap};
use crate::pages::{get, login, post};
use crate::support::TestApp;

const SPBE: &str = "permenpanrb-59-2020";

/// A 2026 period of Trenggalek under 59/2020 with two action items led by Diskominfo
/// (indicators 5 and 6 to level 3): returns the period and the action items' ids.
async fn planned(app: &TestApp) -> (i64, Vec<i64>) {
    let admin = app.token("admin").await;
    let (status, body) = app
        .json(
            "POST",
            &format!("/api/v1/instansi/{}/periods", app.seed.trenggalek),
            Some(&admin),
            Some(json!({"year": 2026, "kind": "evaluasi", "instrument": SPBE,
                        "stages": {"mandiri_mulai": "2026-01-05"}})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let p = body["id"].as_i64().expect("period");
    let step = |number: u16| NewActionItem {
        number,
        from: Value(200),
        to: Value(300),
        lead_opd: Some(app.seed.diskominfo),
        due_date: "2026-06-30".into(),
        target_period: 1,
        effort_days: 10,
        evidence_needed: format!("SK dan laporan pelaksanaan indikator {number}"),
    };
    app.db
        .store
        .replace_planned_actions(&Who::system("uji"), p, &[step(5), step(6)])
        .await
        .expect("plan");
    let ids = app
        .db
        .store
        .action_items(p)
        .await
        .expect("actions")
        .iter()
        .map(|a| a.id)
        .collect();
    (p, ids)
}

#[tokio::test]
async fn action_items_are_attached_to_roadmap_items_and_finish_with_them() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let koordinator = app.token("koordinator").await;
        let operator = app.token("operator").await;
        let other = app.token("admin.mojokerto").await;
        let (p, actions) = planned(&app).await;
        let r = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025}),
        )
        .await;
        let it = item(
            &app,
            &admin,
            r,
            json!({"title": "Tata kelola TIK terpadu", "opd": s.diskominfo, "years": [2026],
                   "indicators": [{"instrument": SPBE, "number": 5, "level": 3}]}),
        )
        .await;
        let it_id = it["id"].as_i64().expect("id");
        let foreign_r = roadmap(
            &app,
            &other,
            s.mojokerto,
            json!({"title": "Peta Rencana Kota Mojokerto", "start_year": 2025}),
        )
        .await;
        let foreign = item(
            &app,
            &other,
            foreign_r,
            json!({"title": "Pusat data kota", "opd": s.mojokerto_opd, "years": [2026]}),
        )
        .await["id"]
            .as_i64()
            .expect("id");
        let path = |a: i64| format!("/api/v1/action-items/{a}/roadmap-item");

        // bad choices: 422, nothing attached
        for (body, field) in [
            (json!({}), "roadmap_item"),
            (json!({"roadmap_item": it_id, "roadmap": r}), "roadmap_item"),
            (json!({"roadmap_item": foreign}), "roadmap_item"),
            (json!({"roadmap_item": 999_999}), "roadmap_item"),
            (json!({"roadmap": foreign_r}), "roadmap"),
        ] {
            let (status, err) = app
                .json(
                    "PUT",
                    &path(actions[0]),
                    Some(&koordinator),
                    Some(body.clone()),
                )
                .await;
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{label}: {body}: {err}"
            );
            assert!(
                fields_named(&err).contains(&field.to_string()),
                "{label}: {err}"
            );
        }
        // who may not
        let (status, _) = app
            .json(
                "PUT",
                &path(actions[0]),
                Some(&operator),
                Some(json!({"roadmap_item": it_id})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{label}");
        let (status, _) = app
            .json(
                "PUT",
                &path(actions[0]),
                Some(&other),
                Some(json!({"roadmap_item": foreign})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{label}: another instansi's action item"
        );
        let stored = app.db.store.action_items(p).await.expect("actions");
        assert!(
            stored.iter().all(|a| a.roadmap_item.is_none()),
            "{label}: nothing attached"
        );

        // attached to the existing item
        let (status, got) = app
            .json(
                "PUT",
                &path(actions[0]),
                Some(&koordinator),
                Some(json!({"roadmap_item": it_id})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {got}");
        assert_eq!(got["action_item"]["roadmap_item"], json!(it_id), "{label}");
        assert_eq!(got["roadmap_item"]["id"], json!(it_id), "{label}");

        // and an item made for the other one, in the draft roadmap
        let (status, made) = app
            .json(
                "PUT",
                &path(actions[1]),
                Some(&admin),
                Some(json!({"roadmap": r})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}: {made}");
        let made_item = &made["roadmap_item"];
        assert_eq!(made_item["opd"], json!(s.diskominfo), "{label}");
        assert_eq!(made_item["years"], json!([2026]), "{label}");
        assert_eq!(
            made_item["indicators"],
            json!([{"instrument": SPBE, "number": 6, "level": 3}]),
            "{label}"
        );
        assert_eq!(made_item["status"], "belum_mulai", "{label}");
        assert!(
            made_item["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Indikator 6 ")),
            "{label}: {made_item}"
        );
        let made_id = made_item["id"].as_i64().expect("id");

        // the lists say so
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&admin),
                None,
            )
            .await;
        let attached: Vec<_> = list
            .as_array()
            .expect("list")
            .iter()
            .map(|a| a["roadmap_item"].clone())
            .collect();
        assert_eq!(attached, [json!(it_id), json!(made_id)], "{label}");
        let (status, of_item) = app
            .json(
                "GET",
                &format!("/api/v1/roadmap-items/{it_id}/action-items"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(of_item.as_array().map(Vec::len), Some(1), "{label}");
        assert_eq!(of_item[0]["id"], json!(actions[0]), "{label}");

        // the indicator page shows the item aimed at it, not yet ready
        let cookie = login(&app, "koordinator").await;
        let page = get(&app, &format!("/periode/{p}/indikator/5"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(page.has("Peta Rencana untuk indikator ini"), "{label}");
        assert!(
            page.has("Tata kelola TIK terpadu") && page.has("Menuju tingkat 3"),
            "{label}"
        );

        // marked selesai: its action item is done, the other one is not
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/roadmap-items/{it_id}"),
                Some(&koordinator),
                Some(json!({"status": "selesai"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&admin),
                None,
            )
            .await;
        let statuses: Vec<_> = list
            .as_array()
            .expect("list")
            .iter()
            .map(|a| a["status"].clone())
            .collect();
        assert_eq!(statuses, [json!("selesai"), json!("rencana")], "{label}");
        let page = get(&app, &format!("/periode/{p}/indikator/5"), Some(&cookie)).await;
        assert!(page.has("Siap untuk tingkat 3"), "{label}");

        // detached again
        let (status, got) = app
            .json(
                "PUT",
                &path(actions[1]),
                Some(&admin),
                Some(json!({"roadmap_item": null})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        assert_eq!(got["action_item"]["roadmap_item"], json!(null), "{label}");
        assert_eq!(got["roadmap_item"], json!(null), "{label}");
        app.finish().await;
    }
}

#[tokio::test]
async fn the_item_page_attaches_an_action_item() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let (p, actions) = planned(&app).await;
        let r = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025}),
        )
        .await;
        let it = item(
            &app,
            &admin,
            r,
            json!({"title": "Manajemen layanan TIK", "opd": s.diskominfo, "years": [2026]}),
        )
        .await["id"]
            .as_i64()
            .expect("id");
        let koordinator = login(&app, "koordinator").await;
        let page_path = format!("/peta-rencana/item/{it}");
        let page = get(&app, &page_path, Some(&koordinator)).await;
        assert!(page.has("Belum ada rencana aksi yang dikaitkan"), "{label}");
        assert!(
            page.has(&format!("<option value=\"{}\">", actions[0])),
            "{label}: the choices"
        );
        let none = post(
            &app,
            &format!("{page_path}/rencana-aksi"),
            Some(&koordinator),
            &[("action", "")],
        )
        .await;
        assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(none.has("Pilih rencana aksi"), "{label}");
        let done = post(
            &app,
            &format!("{page_path}/rencana-aksi"),
            Some(&koordinator),
            &[("action", &actions[0].to_string())],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let stored = app
            .db
            .store
            .action_item(actions[0])
            .await
            .expect("read")
            .expect("action");
        assert_eq!(stored.roadmap_item, Some(it), "{label}");
        let page = get(&app, &page_path, Some(&koordinator)).await;
        assert!(page.has("Lepaskan"), "{label}");
        // an operator sees the attachment but no form
        let operator = login(&app, "operator").await;
        let seen = get(&app, &page_path, Some(&operator)).await;
        assert!(
            seen.has("Indikator 5") && !seen.has("name=\"lepas\""),
            "{label}"
        );
        let refused = post(
            &app,
            &format!("{page_path}/rencana-aksi"),
            Some(&operator),
            &[("lepas", &actions[0].to_string())],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");
        let _ = p;
        app.finish().await;
    }
}

#[tokio::test]
async fn a_to_be_item_without_a_roadmap_item_is_a_gap() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let target = crate::arsitektur::item(
            &app,
            &admin,
            s.trenggalek,
            json!({"domain": "infrastruktur", "name": "Pusat data daerah tier III", "opd": s.diskominfo,
                   "year": 2026, "state": "to_be"}),
        )
        .await;
        let gaps_path = format!("/api/v1/instansi/{}/architecture/gaps", s.trenggalek);
        let (_, gaps) = app.json("GET", &gaps_path, Some(&admin), None).await;
        assert_eq!(
            gaps,
            json!([{"item": target, "domain": "infrastruktur", "opd": s.diskominfo, "missing": ["peta_rencana"]}]),
            "{label}"
        );
        let r = roadmap(
            &app,
            &admin,
            s.trenggalek,
            json!({"title": "Peta Rencana SPBE 2025-2029", "start_year": 2025}),
        )
        .await;
        let planned = item(&app, &admin, r, json!({"title": "Pembangunan pusat data", "opd": s.diskominfo, "years": [2026, 2027], "gap": target}))
            .await["id"]
            .as_i64()
            .expect("id");
        let (_, gaps) = app.json("GET", &gaps_path, Some(&admin), None).await;
        assert_eq!(gaps, json!([]), "{label}: answered by the roadmap");
        // a cancelled item answers nothing
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/roadmap-items/{planned}"),
                Some(&admin),
                Some(json!({"status": "batal"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{label}");
        let (_, gaps) = app.json("GET", &gaps_path, Some(&admin), None).await;
        assert_eq!(gaps.as_array().map(Vec::len), Some(1), "{label}");
        app.finish().await;
    }
}
