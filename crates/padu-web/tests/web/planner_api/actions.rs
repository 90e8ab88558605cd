//! Action items: the list, `PATCH /api/v1/action-items/{id}`, who may, and the dashboard's
//! status form.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use padu_store::planner::ActionStatus;
use padu_store::testing::databases;
use serde_json::json;

use super::{accept, audited, open_period};
use crate::pages::{get, login, post, request};
use crate::support::TestApp;

#[tokio::test]
async fn every_status_can_follow_every_other_and_a_bad_one_changes_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "2026-01-01").await;
        let items = accept(&app, p).await;
        let id = items[0]["id"].as_i64().expect("id");
        let path = format!("/api/v1/action-items/{id}");
        let koordinator = app.token("koordinator").await;
        let status_of = |items: &[padu_store::planner::ActionItem]| {
            items.iter().find(|a| a.id == id).map(|a| a.status)
        };

        let mut writes = audited(&app, "action.status").await;
        assert_eq!(writes, 0);
        for (code, status) in [
            ("berjalan", ActionStatus::Berjalan),
            ("selesai", ActionStatus::Selesai),
            ("batal", ActionStatus::Batal),
            ("rencana", ActionStatus::Rencana),
            ("selesai", ActionStatus::Selesai),
        ] {
            let (got, body) = app
                .json(
                    "PATCH",
                    &path,
                    Some(&koordinator),
                    Some(json!({"status": code})),
                )
                .await;
            assert_eq!(got, StatusCode::OK, "{}: {code}: {body}", app.db.label);
            let mut expected = items[0].clone();
            expected["status"] = json!(code);
            assert_eq!(body, expected, "the item as it now is");
            let stored = app.db.store.action_items(p).await.expect("items");
            assert_eq!(status_of(&stored), Some(status));
            writes += 1;
            assert_eq!(
                audited(&app, "action.status").await,
                writes,
                "one audited write"
            );
        }
        // the same status again writes nothing
        let (got, _) = app
            .json(
                "PATCH",
                &path,
                Some(&koordinator),
                Some(json!({"status": "selesai"})),
            )
            .await;
        assert_eq!(got, StatusCode::OK);
        assert_eq!(audited(&app, "action.status").await, writes);

        // unknown codes: 422 on `status`, nothing changed
        for bad in [
            json!({"status": "done"}),
            json!({"status": ""}),
            json!({"status": 3}),
        ] {
            let (got, body) = app
                .json("PATCH", &path, Some(&koordinator), Some(bad))
                .await;
            assert_eq!(got, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            assert_eq!(body["code"], "invalid");
        }
        let (_, body) = app
            .json(
                "PATCH",
                &path,
                Some(&koordinator),
                Some(json!({"status": "Selesai!"})),
            )
            .await;
        assert_eq!(body["fields"][0]["field"], "status");
        assert_eq!(
            body["fields"][0]["message"],
            "Status harus salah satu dari: rencana, berjalan, selesai, batal"
        );
        let stored = app.db.store.action_items(p).await.expect("items");
        assert_eq!(status_of(&stored), Some(ActionStatus::Selesai));
        assert_eq!(audited(&app, "action.status").await, writes);

        // the list shows it; an unknown item is a 404
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&koordinator),
                None,
            )
            .await;
        assert_eq!(list[0]["status"], "selesai");
        assert_eq!(list.as_array().map(Vec::len), Some(items.len()));
        let (got, body) = app
            .json(
                "PATCH",
                &format!("/api/v1/action-items/{}", id + 10_000),
                Some(&koordinator),
                Some(json!({"status": "batal"})),
            )
            .await;
        assert_eq!(got, StatusCode::NOT_FOUND, "{body}");

        // a closed period's plan and items no longer change
        app.db
            .store
            .close_period(&padu_store::Who::system("uji"), p)
            .await
            .expect("close");
        let (got, body) = app
            .json(
                "PATCH",
                &path,
                Some(&koordinator),
                Some(json!({"status": "batal"})),
            )
            .await;
        assert_eq!(got, StatusCode::CONFLICT, "{body}");
        let (got, _) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/plan/accept"),
                Some(&koordinator),
                Some(json!({"target": 2.1})),
            )
            .await;
        assert_eq!(got, StatusCode::CONFLICT);
        let stored = app.db.store.action_items(p).await.expect("items");
        assert_eq!(status_of(&stored), Some(ActionStatus::Selesai));
        assert_eq!(stored.len(), items.len());
        assert_eq!(audited(&app, "action.status").await, writes);
        let cookie = login(&app, "koordinator").await;
        let page = get(&app, &format!("/periode/{p}"), Some(&cookie)).await;
        assert!(page.has("Rencana aksi") && !page.has("action=\"/rencana-aksi/"));
        app.finish().await;
    }
}

#[tokio::test]
async fn only_who_may_manage_the_plan_plans_accepts_and_changes_items() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "2026-01-01").await;
        let items = accept(&app, p).await;
        let id = items[0]["id"].as_i64().expect("id");
        let body = json!({"target": 2.1});

        // the API's answer for another instansi's period, for comparison
        let other = app.token("admin.mojokerto").await;
        let (foreign, _) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(foreign, StatusCode::NOT_FOUND);

        for who in [
            "operator",
            "pimpinan",
            "asesor",
            "eksternal",
            "admin.mojokerto",
        ] {
            let token = app.token(who).await;
            let before = audited(&app, "").await;
            // another instansi's records: the same answer as for ones that do not exist
            let refused = if who == "admin.mojokerto" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::FORBIDDEN
            };
            for path in [
                format!("/api/v1/periods/{p}/plan"),
                format!("/api/v1/periods/{p}/plan/accept"),
            ] {
                let (got, _) = app
                    .json("POST", &path, Some(&token), Some(body.clone()))
                    .await;
                assert_eq!(got, refused, "{who}: {path}");
            }
            let (got, answer) = app
                .json(
                    "PATCH",
                    &format!("/api/v1/action-items/{id}"),
                    Some(&token),
                    Some(json!({"status": "batal"})),
                )
                .await;
            assert_eq!(got, refused, "{who}");
            let code = if refused == StatusCode::NOT_FOUND {
                "not_found"
            } else {
                "forbidden"
            };
            assert_eq!(answer["code"], code, "{who}");
            // who may not change it gets no hint about the body either
            let (got, _) = app
                .json(
                    "PATCH",
                    &format!("/api/v1/action-items/{id}"),
                    Some(&token),
                    Some(json!({"status": "done"})),
                )
                .await;
            assert_eq!(got, refused, "{who}");
            assert_eq!(audited(&app, "").await, before, "{who} changed nothing");
        }
        // the instansi's own roles read the list; another instansi gets the same 404 as above
        for who in ["operator", "pimpinan", "asesor"] {
            let token = app.token(who).await;
            let (got, list) = app
                .json(
                    "GET",
                    &format!("/api/v1/periods/{p}/action-items"),
                    Some(&token),
                    None,
                )
                .await;
            assert_eq!(got, StatusCode::OK, "{who}");
            assert_eq!(list.as_array().map(Vec::len), Some(items.len()));
        }
        let (got, _) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&other),
                None,
            )
            .await;
        assert_eq!(got, foreign);
        // without a token
        let (got, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/action-items/{id}"),
                None,
                Some(json!({"status": "batal"})),
            )
            .await;
        assert_eq!(got, StatusCode::UNAUTHORIZED);
        let stored = app.db.store.action_items(p).await.expect("items");
        assert!(stored.iter().all(|a| a.status == ActionStatus::Rencana));
        app.finish().await;
    }
}

#[tokio::test]
async fn the_dashboard_changes_an_items_status_and_counts_by_status() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        // semesters counted from 2020: every item is past its due date
        let p = open_period(&app, "2020-01-01").await;
        let items = accept(&app, p).await;
        let n = items.len();
        let id = items[0]["id"].as_i64().expect("id");
        let number = items[0]["indicator"].as_u64().expect("indicator");
        let admin = login(&app, "admin").await;

        let page = get(&app, &format!("/periode/{p}"), Some(&admin)).await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "{}: {}",
            app.db.label,
            page.body
        );
        assert!(page.has(&format!(
            "<p>{n} rencana aksi: {n} terbuka ({n} terlambat), 0 selesai, 0 batal.</p>"
        )));
        let form = format!("<form method=\"post\" action=\"/rencana-aksi/{id}/status\"");
        assert!(page.has(&form), "a form per item");
        assert_eq!(page.body.matches("action=\"/rencana-aksi/").count(), n);
        assert!(page.has(&format!(
            "<label class=\"visually-hidden\" for=\"status-aksi-{id}\">Status rencana aksi indikator {number}</label>"
        )));
        assert!(page.has("<option value=\"rencana\" selected>Direncanakan</option>"));
        assert!(page.has("<option value=\"batal\">Batal</option>"));

        // cancelled: not open, not overdue; the banner says so
        let path = format!("/rencana-aksi/{id}/status");
        let done = post(&app, &path, Some(&admin), &[("status", "batal")]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location(),
            format!("/periode/{p}?pesan=aksi-diubah#judul-rencana-aksi")
        );
        let stored = app.db.store.action_items(p).await.expect("items");
        assert_eq!(
            stored.iter().find(|a| a.id == id).map(|a| a.status),
            Some(ActionStatus::Batal)
        );
        let page = get(
            &app,
            &format!("/periode/{p}?pesan=aksi-diubah"),
            Some(&admin),
        )
        .await;
        assert!(page.has("Status rencana aksi diubah."), "the banner");
        assert!(page.has(&format!(
            "<p>{n} rencana aksi: {} terbuka ({} terlambat), 0 selesai, 1 batal.</p>",
            n - 1,
            n - 1
        )));
        assert!(page.has("<strong class=\"tag tag--yellow\">Batal</strong>"));
        assert!(page.has("<option value=\"batal\" selected>Batal</option>"));

        // done: not overdue either
        if let Some(second) = items.get(1).and_then(|i| i["id"].as_i64()) {
            let path = format!("/rencana-aksi/{second}/status");
            let moved = post(&app, &path, Some(&admin), &[("status", "selesai")]).await;
            assert_eq!(moved.status, StatusCode::SEE_OTHER);
            let page = get(&app, &format!("/periode/{p}"), Some(&admin)).await;
            assert!(page.has(&format!(
                "<p>{n} rencana aksi: {} terbuka ({} terlambat), 1 selesai, 1 batal.</p>",
                n - 2,
                n - 2
            )));
        }

        // a bad status, a cross-site post and a head of the instansi change nothing
        let before = app.db.store.action_items(p).await.expect("items");
        let bad = post(&app, &path, Some(&admin), &[("status", "hilang")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.has("Status harus salah satu dari"));
        let forged = Request::builder()
            .method("POST")
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "cross-site")
            .header(header::COOKIE, &admin)
            .body(Body::from("status=rencana"))
            .expect("request");
        let forged = request(&app, forged).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let pimpinan = login(&app, "pimpinan").await;
        let page = get(&app, &format!("/periode/{p}"), Some(&pimpinan)).await;
        assert!(page.has("Rencana aksi") && !page.has("action=\"/rencana-aksi/"));
        let refused = post(&app, &path, Some(&pimpinan), &[("status", "rencana")]).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(app.db.store.action_items(p).await.expect("items"), before);
        app.finish().await;
    }
}
