//! `POST /api/v1/periods/{id}/plan` and `…/plan/accept`.

use axum::http::StatusCode;
use padu_app::planner::PlannerInput;
use padu_store::planner::ActionStatus;
use padu_store::testing::databases;
use serde_json::{Value as Json, json};

use super::{accept, audited, expected_report, open_period};
use crate::support::TestApp;

fn keys(v: &Json) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort_unstable();
    k
}

fn field_names(body: &Json) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|f| {
            f.iter()
                .map(|x| x["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_plan_answers_the_cli_shape_whether_feasible_or_not() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "2026-01-01").await;
        let admin = app.token("admin").await;
        let path = format!("/api/v1/periods/{p}/plan");

        // only the target: the page's defaults (2 semesters, 1 level each, links on)
        let (status, body) = app
            .json("POST", &path, Some(&admin), Some(json!({"target": 2.1})))
            .await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", app.db.label);
        assert_eq!(
            keys(&body),
            [
                "feasible",
                "proven_optimal",
                "reached_display",
                "reached_index",
                "steps",
                "target",
                "total_effort"
            ]
        );
        assert_eq!(body["feasible"], json!(true));
        assert_eq!(body["target"].as_f64(), Some(2.1));
        assert!(body["reached_index"].as_f64().is_some_and(|x| x >= 2.1));
        let steps = body["steps"].as_array().expect("steps");
        assert!(!steps.is_empty());
        for s in steps {
            assert_eq!(
                keys(s),
                ["effort", "from", "indicator", "lead_opd", "period", "to"]
            );
            assert!((1..=2).contains(&s["period"].as_u64().unwrap_or(0)));
            assert_eq!(s["to"].as_u64(), s["from"].as_u64().map(|f| f + 1));
        }
        // one code path: exactly what the use case (and so `padu plan`) reports
        let defaults = PlannerInput {
            target: "2.1".into(),
            semesters: "2".into(),
            per_period: "1".into(),
            links: true,
            ..PlannerInput::default()
        };
        assert_eq!(body, expected_report(&app, p, &defaults).await);
        // a target as text, or as a predikat
        let (status, text) = app
            .json("POST", &path, Some(&admin), Some(json!({"target": "2,1"})))
            .await;
        assert_eq!((status, &text), (StatusCode::OK, &body));
        let (status, baik) = app
            .json("POST", &path, Some(&admin), Some(json!({"target": "Baik"})))
            .await;
        assert_eq!(status, StatusCode::OK, "{baik}");
        assert_eq!(baik["feasible"], json!(true));
        assert!(baik["target"].as_f64().is_some_and(|t| t > 2.1));

        // every input: excluded and pinned indicators get no step
        let all = json!({"target": "2,1", "periods": 3, "per_period": 1, "links": false,
                         "exclude": [1, 2], "pin": [3, 4], "efforts": "indikator,level,upaya\n5,2,1\n"});
        let (status, body) = app.json("POST", &path, Some(&admin), Some(all)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["feasible"], json!(true));
        let steps = body["steps"].as_array().expect("steps");
        assert!(
            steps
                .iter()
                .all(|s| ![1, 2, 3, 4].contains(&s["indicator"].as_u64().unwrap_or(0)))
        );
        let five = steps.iter().find(|s| s["indicator"] == json!(5));
        assert_eq!(
            five.map(|s| s["effort"].clone()),
            Some(json!(1)),
            "the cheap step is taken at its effort: {body}"
        );
        let pinned = PlannerInput {
            target: "2,1".into(),
            semesters: "3".into(),
            per_period: "1".into(),
            excluded: [1, 2].into(),
            pinned: [3, 4].into(),
            efforts: "indikator,level,upaya\n5,2,1\n".into(),
            links: false,
        };
        assert_eq!(body, expected_report(&app, p, &pinned).await);

        // in the scale but out of reach: 200, not feasible, the highest reachable index
        let (status, body) = app
            .json(
                "POST",
                &path,
                Some(&admin),
                Some(json!({"target": 4.5, "periods": 1})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["feasible"], json!(false));
        assert_eq!(body["target"].as_f64(), Some(4.5));
        assert_eq!(body["max_reachable_index"].as_f64(), Some(2.0));
        assert_eq!(body["reached_display"], "2.00");
        app.finish().await;
    }
}

#[tokio::test]
async fn bad_input_is_a_422_on_its_field_and_stores_nothing() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "2026-01-01").await;
        let admin = app.token("admin").await;
        let before = audited(&app, "").await;
        for path in [
            format!("/api/v1/periods/{p}/plan"),
            format!("/api/v1/periods/{p}/plan/accept"),
        ] {
            for target in [json!(6), json!("5,5"), json!(0.5), json!("Sempurna")] {
                let (status, body) = app
                    .json("POST", &path, Some(&admin), Some(json!({"target": target})))
                    .await;
                assert_eq!(
                    status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{}: {target}: {body}",
                    app.db.label
                );
                assert_eq!(body["code"], "invalid");
                assert_eq!(field_names(&body), ["target"], "{body}");
            }
            let (status, body) = app.json("POST", &path, Some(&admin), Some(json!({}))).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
            assert_eq!(field_names(&body), ["target"]);
            assert!(
                body["fields"][0]["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("Isi target indeks")),
                "{body}"
            );
            // every problem at once, named by the body's fields
            let (status, body) = app
                .json(
                    "POST",
                    &path,
                    Some(&admin),
                    Some(json!({"target": 9, "periods": 0, "per_period": 6,
                                "exclude": [99], "pin": [48], "efforts": "1,2,x"})),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            let mut fields = field_names(&body);
            fields.dedup();
            assert_eq!(
                fields,
                [
                    "target",
                    "periods",
                    "per_period",
                    "exclude",
                    "pin",
                    "efforts"
                ]
            );
            // the wrong JSON type is a 422 too
            let (status, body) = app
                .json(
                    "POST",
                    &path,
                    Some(&admin),
                    Some(json!({"target": 2.1, "exclude": "1,2"})),
                )
                .await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        }
        assert!(
            app.db
                .store
                .action_items(p)
                .await
                .expect("items")
                .is_empty(),
            "no action item stored"
        );
        assert_eq!(audited(&app, "").await, before, "nothing audited");
        app.finish().await;
    }
}

#[tokio::test]
async fn accepting_stores_the_plans_steps_as_action_items() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let p = open_period(&app, "2026-01-01").await;
        let admin = app.token("admin").await;
        let (status, plan) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/plan"),
                Some(&admin),
                Some(json!({"target": 2.1})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);

        let (status, body) = app
            .json(
                "POST",
                &format!("/api/v1/periods/{p}/plan/accept"),
                Some(&admin),
                Some(json!({"target": 2.1})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{}: {body}", app.db.label);
        assert_eq!(body["plan"], plan, "the same plan as computed");
        let steps = plan["steps"].as_array().expect("steps");
        let items = body["action_items"].as_array().expect("items");
        assert_eq!(items.len(), steps.len());
        let stored = app.db.store.action_items(p).await.expect("items");
        assert_eq!(stored.len(), steps.len());
        for (item, a) in items.iter().zip(&stored) {
            assert_eq!(
                keys(item),
                [
                    "due",
                    "from",
                    "id",
                    "indicator",
                    "opd",
                    "roadmap_item",
                    "status",
                    "to"
                ]
            );
            assert_eq!(item["id"], json!(a.id));
            assert_eq!(item["status"], "rencana");
            assert_eq!(a.status, ActionStatus::Rencana);
            let step = steps
                .iter()
                .find(|s| s["indicator"] == item["indicator"] && s["to"] == item["to"])
                .expect("each item is a step of the plan");
            assert_eq!(item["from"], step["from"]);
            assert_eq!(item["opd"], step["lead_opd"]);
            let due = if step["period"] == json!(1) {
                "2026-06-30"
            } else {
                "2026-12-31"
            };
            assert_eq!(item["due"], due);
        }
        assert_eq!(audited(&app, "plan.accept").await, 1, "one audited write");

        // the list says the same
        let (status, list) = app
            .json(
                "GET",
                &format!("/api/v1/periods/{p}/action-items"),
                Some(&admin),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(&list, &body["action_items"]);

        // accepting again replaces the items still planned, keeps the ones started
        let first = items[0]["id"].as_i64().expect("id");
        let (status, _) = app
            .json(
                "PATCH",
                &format!("/api/v1/action-items/{first}"),
                Some(&admin),
                Some(json!({"status": "berjalan"})),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let again = accept(&app, p).await;
        assert_eq!(again.len(), items.len() + 1, "the started one stays");
        assert!(
            again
                .iter()
                .any(|i| i["id"] == json!(first) && i["status"] == "berjalan")
        );
        assert_eq!(
            again.iter().filter(|i| i["status"] == "rencana").count(),
            items.len()
        );
        app.finish().await;
    }
}
