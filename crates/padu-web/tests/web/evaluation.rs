//! The evaluation cycle through the API, on both backends.

use axum::http::StatusCode;
use padu_core::Value;
use padu_core::evaluation::Status;
use padu_store::Who;
use padu_store::evaluation::{EvidenceKind, NewEvidence};
use padu_store::testing::databases;
use serde_json::json;

use crate::support::TestApp;

fn pdf(instansi: i64) -> NewEvidence {
    NewEvidence {
        instansi_id: instansi,
        kind: EvidenceKind::File,
        name: "sk-tim-pemdi.pdf".into(),
        sha256: Some("cd".repeat(32)),
        size: Some(2048),
        content_type: Some("application/pdf".into()),
        url: None,
        uploaded_by: None,
        effective_date: None,
        expiry_date: None,
    }
}

#[tokio::test]
async fn the_whole_cycle_through_the_api() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let operator = app.token("operator").await;
        let asesor = app.token("asesor").await;
        let eksternal = app.token("eksternal").await;

        let (status, created) = app
            .json("POST", &format!("/api/v1/instansi/{}/periods", s.trenggalek), Some(&admin), Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026", "carry_from": null})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let p = created["id"].as_i64().expect("id");
        let (status, _) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(json!({"year": 2026, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&operator),
                Some(json!({"year": 2027, "kind": "evaluasi", "instrument": "permenpanrb-8-2026"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

        let (status, applied) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/assignment/default"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            applied["assigned"].as_u64().is_some_and(|n| n >= 15),
            "{applied}"
        );
        let (status, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&operator),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let list = list.as_array().expect("array").clone();
        assert_eq!(list.len(), 20);
        assert_eq!(list[0]["number"], 1);
        assert_eq!(list[0]["name"], "Tata Kelola Pemerintah Digital");
        assert_eq!(list[0]["lead_opd"], s.diskominfo);
        assert_eq!(list[0]["status"], "draft");
        for key in [
            "self_level",
            "accepted_level",
            "final_level",
            "evidence_count",
        ] {
            assert!(list[0].get(key).is_some(), "{key}");
        }

        // the operator of Diskominfo fills indicator 1
        let path = format!("/api/v1/periods/{p}/indicators/1");
        let (status, body) = app.json("PATCH", &path, Some(&operator), Some(json!({"self_level": 2.5, "fakta": "SK Tim Pemerintah Digital 2026", "analisis": "Tim ada, belum dievaluasi"}))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["self_level"], 2.5);
        let (status, body) = app
            .json(
                "PATCH",
                &path,
                Some(&operator),
                Some(json!({"self_level": 5.5})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.contains("bukti dukung untuk level 2 belum diunggah")),
            "{body}"
        );
        app.db
            .store
            .add_evidence(
                &Who::system("uji"),
                p,
                1,
                &[Status::Draft],
                pdf(s.trenggalek),
                2,
            )
            .await
            .expect("evidence");
        let (status, body) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("submitted")),
            "{body}"
        );
        let (status, _) = app
            .json(
                "PATCH",
                &path,
                Some(&operator),
                Some(json!({"fakta": "ubah"})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "a submitted indicator is locked"
        );

        // an indicator led by another OPD: 403 and nothing changes
        let (status, body) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/3/assignment"),
                Some(&admin),
                Some(json!({"lead_opd": s.bappeda, "opd": [s.diskominfo]})),
            )
            .await;
        assert_eq!(
            (status, body["lead_opd"].as_i64()),
            (StatusCode::OK, Some(s.bappeda)),
            "{body}"
        );
        let (status, _) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/3/assignment"),
                Some(&admin),
                Some(json!({"lead_opd": s.mojokerto_opd})),
            )
            .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "an OPD of another instansi"
        );
        let (status, _) = app
            .json(
                "PUT",
                &format!("/api/v1/periods/{p}/indicators/3/assignment"),
                Some(&operator),
                Some(json!({"lead_opd": s.diskominfo})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let other_path = format!("/api/v1/periods/{p}/indicators/3");
        let (status, _) = app
            .json(
                "PATCH",
                &other_path,
                Some(&operator),
                Some(json!({"fakta": "bukan milik saya"})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, after) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        let unchanged = &after.as_array().expect("array")[2];
        assert_eq!(
            (unchanged["status"].as_str(), unchanged["lead_opd"].as_i64()),
            (Some("draft"), Some(s.bappeda))
        );

        // review: the operator cannot accept, the assessor returns, then accepts
        let (status, _) = app
            .json(
                "POST",
                &format!("{path}/accept"),
                Some(&operator),
                Some(json!({"level": 2})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/return"),
                Some(&asesor),
                Some(json!({"note": ""})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/return"),
                Some(&asesor),
                Some(json!({"note": "Lampirkan notulen evaluasi"})),
            )
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("returned"))
        );
        let (status, body) = app
            .json("POST", &format!("{path}/submit"), Some(&operator), None)
            .await;
        assert_eq!(
            (status, body["status"].as_str()),
            (StatusCode::OK, Some("submitted"))
        );
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/accept"),
                Some(&asesor),
                Some(json!({"level": "2,26", "note": "Sesuai"})),
            )
            .await;
        assert_eq!(
            (status, body["accepted_level"].as_f64()),
            (StatusCode::OK, Some(2.26)),
            "{body}"
        );
        let (status, _) = app
            .json(
                "POST",
                &format!("{path}/accept"),
                Some(&asesor),
                Some(json!({"level": 3})),
            )
            .await;
        assert_eq!(status, StatusCode::CONFLICT, "already accepted");
        let (status, body) = app
            .json(
                "POST",
                &format!("{path}/final"),
                Some(&eksternal),
                Some(json!({"level": 2.1})),
            )
            .await;
        assert_eq!(
            (status, body["final_level"].as_f64()),
            (StatusCode::OK, Some(2.1)),
            "{body}"
        );
        let (status, _) = app
            .json(
                "POST",
                &format!("{path}/final"),
                Some(&asesor),
                Some(json!({"level": 4})),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // an external-index indicator takes its value with source and date
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/periods/{p}/indicators/5"),
                Some(&admin),
                Some(json!({"self_level": 3})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (status, body) = app.json("POST", &format!("/api/v1/periods/{p}/indicators/5/external"), Some(&admin), Some(json!({"value": 3.2, "source": "Indeks Satu Data Indonesia 2026", "date": "2026-10-01"}))).await;
        assert_eq!(
            (status, body["accepted_level"].as_f64()),
            (StatusCode::OK, Some(3.2)),
            "{body}"
        );

        // the index on each basis: indicator 1 (weight 5) and 5 (weight 5), the rest at 1.00
        let expect = |v1: u32, v5: u32| -> f64 { f64::from(v1 * 5 + v5 * 5 + 100 * 90) / 10_000.0 };
        for (basis, v1, v5) in [
            ("self", 250, 320),
            ("accepted", 226, 320),
            ("final", 210, 100),
        ] {
            let (status, score) = app
                .json(
                    "GET",
                    &format!("/api/v1/periods/{p}/score?basis={basis}"),
                    Some(&admin),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK);
            assert!(
                (score["index"].as_f64().unwrap_or(0.0) - expect(v1, v5)).abs() < 1e-12,
                "{basis}: {score}"
            );
            assert_eq!(score["instrument"], "permenpanrb-8-2026");
            assert_eq!(score["domains"], json!([]));
        }
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/score?basis=tebakan"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/score"),
                Some(&app.token("admin.mojokerto").await),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // notifications reached the operator (returned, accepted) and the assessor (submitted)
        let op_user = app
            .db
            .store
            .user_for_login("operator")
            .await
            .expect("ok")
            .expect("user")
            .0;
        let kinds: Vec<String> = app
            .db
            .store
            .notifications_of(op_user.id, false, 20)
            .await
            .expect("notes")
            .into_iter()
            .map(|n| n.kind)
            .collect();
        assert_eq!(kinds, vec!["diterima", "dikembalikan"]);
        assert_eq!(
            app.db
                .store
                .verify_audit()
                .await
                .expect("verify")
                .first_broken,
            None
        );
        let _ = Value(0);
        app.finish().await;
    }
}

#[tokio::test]
async fn carrying_a_59_2020_period_into_8_2026_follows_the_crosswalk() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = app.token("admin").await;
        let new_period = |year: i32, instrument: &str, carry: Option<i64>| json!({"year": year, "kind": "evaluasi", "instrument": instrument, "carry_from": carry, "target": 2.6});
        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(new_period(2025, "permenpanrb-59-2020", None)),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let old = body["id"].as_i64().expect("id");
        app.json(
            "PUT",
            &format!("/api/v1/periods/{old}/indicators/8/assignment"),
            Some(&admin),
            Some(json!({"lead_opd": s.diskominfo, "opd": [s.bappeda]})),
        )
        .await;
        let (status, _) = app.json("PATCH", &format!("/api/v1/periods/{old}/indicators/8"), Some(&admin), Some(json!({"self_level": 3, "fakta": "Perbup Keamanan Informasi", "analisis": "Berlaku di semua OPD"}))).await;
        assert_eq!(status, StatusCode::OK);

        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/instansi/{}/periods", s.trenggalek),
                Some(&admin),
                Some(new_period(2026, "permenpanrb-8-2026", Some(old))),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let new = body["id"].as_i64().expect("id");
        let (_, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{new}/indicators"),
                Some(&admin),
                None,
            )
            .await;
        let ten = &list.as_array().expect("array")[9];
        assert_eq!(
            (ten["number"].as_u64(), ten["lead_opd"].as_i64()),
            (Some(10), Some(s.diskominfo)),
            "new 10 <- old 8 and 22"
        );
        assert_eq!(
            (ten["to_review"].as_bool(), ten["self_level"].is_null()),
            (Some(true), true),
            "scores are never converted"
        );

        let (status, body) = app.json("POST", &format!("/api/v1/instansi/{}/periods", s.trenggalek), Some(&admin), Some(json!({"year": 1999, "kind": "tahunan", "instrument": "permenpanrb-1-1999", "carry_from": 424242}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<&str> = body["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .map(|f| f["field"].as_str().unwrap_or(""))
            .collect();
        assert_eq!(fields, vec!["year", "kind", "instrument"], "{body}");
        app.finish().await;
    }
}
