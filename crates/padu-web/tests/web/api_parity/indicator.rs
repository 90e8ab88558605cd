//! The detail of an indicator, its discussion, and reusing evidence.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::json;

use super::*;
use crate::pages::{get, login};

#[tokio::test]
async fn the_detail_answers_what_the_indicator_page_shows() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[1]).await;
        let operator = app.token("operator").await;
        let path = format!("/api/v1/periods/{p}/indicators/1");
        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&operator),
                Some(json!({"self_level": 2, "fakta": "SK Tim Pemdi <2026>", "analisis": "Tim sudah bekerja"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let id = evidence(&app, p, 1, t, "SK Tim Pemdi.pdf").await;

        let (status, detail) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(status, StatusCode::OK, "{detail}");
        // the list's fields, as the list answers them
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&operator),
                None,
            )
            .await;
        let listed = list
            .as_array()
            .and_then(|l| l.iter().find(|i| i["number"] == 1))
            .expect("indicator 1 listed");
        for (key, value) in listed.as_object().expect("object") {
            assert_eq!(&detail[key], value, "{key}");
        }
        assert_eq!(detail["fakta"], "SK Tim Pemdi <2026>");
        assert_eq!(detail["analisis"], "Tim sudah bekerja");
        assert_eq!(detail["evidence_count"], 1);
        // each level of the scale with its state: the floor stands, level 2 waits for review
        let levels = detail["criteria"].as_array().expect("criteria");
        assert_eq!(levels.len(), 5, "{detail}");
        assert_eq!(levels[0]["level"], 1);
        assert_eq!(
            (levels[0]["state"].as_str(), levels[0]["met"].as_bool()),
            (Some("dasar"), Some(true))
        );
        assert_eq!(levels[1]["state"], "menunggu");
        assert_eq!(levels[2]["state"], "tanpa_bukti");
        assert!(levels.iter().all(|l| len(&l["criteria"]) > 0), "{detail}");
        let item = &detail["evidence"][0];
        assert_eq!(item["id"], id);
        assert_eq!(item["name"], "SK Tim Pemdi.pdf");
        assert_eq!(item["size"], 4096);
        assert_eq!(item["level"], 2);
        assert_eq!(item["review"], "pending");
        assert_eq!(item["expiry_date"], "2027-01-01");
        assert_eq!(
            item["content"].as_str(),
            Some(format!("/api/v1/evidence/{id}/content").as_str())
        );
        assert_eq!(
            detail["may"],
            json!({"edit": true, "submit": true, "review": false, "set_final": false, "set_external": false, "comment": true})
        );
        // the page shows the same narrative, evidence and state
        let cookie = login(&app, "operator").await;
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Tim sudah bekerja") && page.has("SK Tim Pemdi.pdf"));
        assert!(page.has(&format!("/api/v1/evidence/{id}/content")));

        // an indicator the instrument lacks, a period that does not exist, a number that is not
        let token = app.token("admin").await;
        for bad in [
            format!("/api/v1/periods/{p}/indicators/999"),
            "/api/v1/periods/999999/indicators/1".to_string(),
            format!("/api/v1/periods/{p}/indicators/satu"),
        ] {
            let (status, body) = app.json("GET", &bad, Some(&token), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{bad}: {body}");
            assert_eq!(body["code"], "not_found");
        }
        let (status, _) = app.json("GET", &path, None, None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        app.finish().await;
    }
}

#[tokio::test]
async fn a_comment_posted_is_in_the_thread_and_on_the_page() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "admin", app.seed.trenggalek).await;
        assign(&app, p, &[1]).await;
        let operator = app.token("operator").await;
        let path = format!("/api/v1/periods/{p}/indicators/1/comments");
        let (status, made) = app
            .json(
                "POST",
                &path,
                Some(&operator),
                Some(json!({"text": "  Mohon cek SK terbaru  "})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{made}");
        assert_eq!(made["text"], "Mohon cek SK terbaru");
        assert_eq!(made["kind"], "komentar");
        assert_eq!(made["author"], "operator", "the name the page shows");
        assert!(made["id"].is_i64() && made["created_at_ms"].is_i64());

        let (status, thread) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(thread, json!([made]));
        let (_, detail) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators/1"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(detail["comments"], thread);
        let cookie = login(&app, "asesor").await;
        let page = get(&app, &format!("/periode/{p}/indikator/1"), Some(&cookie)).await;
        assert!(page.has("Mohon cek SK terbaru"));

        // bad input: 422 naming the body's field, nothing written
        for (body, says) in [
            (json!({"text": "   "}), "Tulis komentar"),
            (json!({"text": "x".repeat(5001)}), "5000"),
            (json!({"text": "a\u{0007}b"}), "Komentar"),
        ] {
            let (status, err) = app.json("POST", &path, Some(&operator), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
            assert_eq!(err["fields"][0]["field"], "text", "{err}");
            assert!(
                err["fields"][0]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(says)),
                "{err}"
            );
        }
        let (status, err) = app
            .json("POST", &path, Some(&operator), Some(json!({"teks": "x"})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        let (_, thread) = app.json("GET", &path, Some(&operator), None).await;
        assert_eq!(len(&thread), 1);
        app.finish().await;
    }
}

#[tokio::test]
async fn linking_evidence_found_by_search_makes_it_part_of_the_detail() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let t = app.seed.trenggalek;
        let p = open_period(&app, "admin", t).await;
        assign(&app, p, &[2, 3]).await;
        let sk = evidence(&app, p, 2, t, "SK Tim SPBE 2021.pdf").await;
        for i in 0..3 {
            evidence(&app, p, 2, t, &format!("Notulen rapat {i}.pdf")).await;
        }
        let other_p = open_period(&app, "admin.mojokerto", app.seed.mojokerto).await;
        let foreign = evidence(&app, other_p, 2, app.seed.mojokerto, "SK Mojokerto.pdf").await;
        let operator = app.token("operator").await;

        // the search: by name in any case, newest first, paged
        let search = format!("/api/v1/instansi/{t}/evidence");
        let (status, found) = app
            .json("GET", &format!("{search}?q=sk+TIM"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::OK, "{found}");
        assert_eq!(found["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(found["items"][0]["id"], sk);
        assert_eq!(found["more"], false);
        let (_, newest) = app
            .json("GET", &format!("{search}?limit=2"), Some(&operator), None)
            .await;
        assert_eq!(len(&newest["items"]), 2);
        assert_eq!(newest["items"][0]["name"], "Notulen rapat 2.pdf");
        assert_eq!(newest["more"], true);
        let (_, rest) = app
            .json(
                "GET",
                &format!("{search}?limit=2&offset=2"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(
            rest["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|e| e["name"].as_str().unwrap_or(""))
                .collect::<Vec<_>>(),
            vec!["Notulen rapat 0.pdf", "SK Tim SPBE 2021.pdf"]
        );
        assert_eq!(rest["more"], false);
        for bad in ["limit=0", "limit=101", "offset=99999999", "q=sk%00"] {
            let (status, err) = app
                .json("GET", &format!("{search}?{bad}"), Some(&operator), None)
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {err}");
        }
        let (status, _) = app
            .json(
                "GET",
                &format!("{search}?limit=banyak"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // the page offers the same for reuse
        let cookie = login(&app, "operator").await;
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/3?cari_bukti=sk+tim"),
            Some(&cookie),
        )
        .await;
        assert!(page.has("SK Tim SPBE 2021.pdf") && !page.has("Notulen rapat 2.pdf"));
        let page = get(
            &app,
            &format!("/periode/{p}/indikator/3?cari_bukti=sk%00+tim"),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::OK,
            "a search drops what no text may hold"
        );
        assert!(page.has("SK Tim SPBE 2021.pdf"));

        // linking: the item appears in the detail, as on the page
        let link = format!("/api/v1/periods/{p}/indicators/3/evidence/link");
        let written = || async { app.db.store.indicator_evidence(p, 3).await.expect("read") };
        for (body, field) in [
            (json!({"evidence": sk}), "level"),
            (json!({"evidence": sk, "level": 9}), "level"),
            (json!({"evidence": sk, "level": "dua"}), "level"),
            (json!({"evidence": foreign, "level": 2}), "evidence"),
            (json!({"evidence": 99_999_999, "level": 2}), "evidence"),
        ] {
            let (status, err) = app.json("POST", &link, Some(&operator), Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
            assert_eq!(err["fields"][0]["field"], field, "{err}");
            assert!(written().await.is_empty(), "nothing written");
        }
        let (status, linked) = app
            .json(
                "POST",
                &link,
                Some(&operator),
                Some(json!({"evidence": sk, "level": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{linked}");
        assert_eq!(
            (linked["id"].as_i64(), linked["level"].as_u64()),
            (Some(sk), Some(2))
        );
        let (_, detail) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators/3"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(detail["evidence"], json!([linked]));
        assert_eq!(detail["evidence_count"], 1);
        let page = get(&app, &format!("/periode/{p}/indikator/3"), Some(&cookie)).await;
        assert!(page.has(&format!("/api/v1/evidence/{sk}/content")));
        app.finish().await;
    }
}
