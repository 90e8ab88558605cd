//! The read actions: CKAN's envelope and dicts, only published Terbuka datasets without a
//! token, what the produsen's and the walidata's tokens add, CKAN's errors with their
//! `__type` and HTTP codes, and another instansi's catalog seeing none of it.

use axum::http::StatusCode;
use padu_store::testing::databases;
use serde_json::{Value, json};

use super::{BASE, call, catalog, ckan, fails, ok};
use crate::support::TestApp;

#[tokio::test]
async fn the_public_catalog_reads_in_ckans_shapes() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let c = catalog(&app).await;

        let status = ok(&app, "status_show", None, None).await;
        assert_eq!(status["ckan_version"], "2.11.5", "{label}");
        assert!(
            status["site_url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/data/kabupaten-trenggalek"))
        );

        // package_list: the public names only, GET and POST, at both addresses
        let names = ok(&app, "package_list", None, None).await;
        assert_eq!(names, json!([c.public]), "{label}");
        assert_eq!(ok(&app, "package_list", None, Some(json!({}))).await, names);
        let (status, alias) = call(
            &app,
            "/data/kabupaten-trenggalek/api/action/package_list",
            None,
            Some(json!({})),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {alias}");
        assert_eq!(alias["result"], names, "{label}");
        let (status, not_object) = call(
            &app,
            &format!("{BASE}/package_list"),
            None,
            Some(Value::Null),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::BAD_REQUEST,
            "{label}: a JSON null is not an object"
        );
        assert!(
            not_object
                .as_str()
                .is_some_and(|m| m.starts_with("Bad request")),
            "{label}"
        );
        assert_eq!(
            ok(&app, "package_list", None, Some(json!({"limit": "0"}))).await,
            json!([]),
            "{label}"
        );

        // package_show by name (GET) and by id (POST)
        let (status, shown) = call(
            &app,
            &format!("{BASE}/package_show?id={}", c.public),
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {shown}");
        let p = shown["result"].clone();
        assert_eq!(p["name"], c.public.as_str(), "{label}");
        assert_eq!(p["title"], "Jumlah Penduduk per Kecamatan 2025", "{label}");
        assert_eq!(p["type"], "dataset", "{label}");
        assert_eq!(p["state"], "active", "{label}");
        assert_eq!(p["private"], false, "{label}");
        assert_eq!(p["license_id"], "CC-BY-4.0", "{label}");
        assert_eq!(
            p["license_title"],
            "Creative Commons Atribusi 4.0 Internasional"
        );
        assert_eq!(p["isopen"], true, "{label}");
        assert_eq!(p["owner_org"], app.seed.bappeda.to_string(), "{label}");
        assert_eq!(p["organization"]["name"], "bappeda", "{label}");
        assert_eq!(p["organization"]["title"], "Bappeda", "{label}");
        assert_eq!(p["tags"][0]["name"], "kecamatan", "{label}: {p}");
        assert_eq!(p["num_tags"], 2, "{label}");
        assert_eq!(p["groups"][0]["name"], "kependudukan", "{label}");
        assert_eq!(
            p["extras"],
            json!([{"key": "kode_ddp", "value": "DDP-3503-001"}])
        );
        assert_eq!(p["num_resources"], 1, "{label}");
        assert_eq!(p["resources"][0]["format"], "CSV", "{label}");
        assert_eq!(p["resources"][0]["mimetype"], "text/csv", "{label}");
        assert_eq!(p["resources"][0]["package_id"], p["id"], "{label}");
        assert_eq!(p["frequency"], "tahunan", "{label}");
        assert_eq!(p["unit"], "jiwa", "{label}");
        assert_eq!(p["status"], "published", "{label}");
        for t in ["metadata_created", "metadata_modified"] {
            let v = p[t].as_str().expect("time");
            assert!(v.len() == 26 && !v.ends_with('Z'), "{label}: {t} {v}");
        }
        let id = p["id"].as_str().expect("id").to_string();
        let by_id = ok(
            &app,
            "package_show",
            None,
            Some(json!({"id": id, "use_default_schema": true})),
        )
        .await;
        assert_eq!(by_id["name"], c.public.as_str(), "{label}");

        // resource_show
        let rid = p["resources"][0]["id"].as_str().expect("rid").to_string();
        let r = ok(&app, "resource_show", None, Some(json!({"id": rid}))).await;
        assert!(
            r["url"].as_str().is_some_and(|u| u.starts_with("https://")),
            "{label}: {r}"
        );
        let err = fails(
            &app,
            "resource_show",
            None,
            Some(json!({})),
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(err["__type"], "Validation Error", "{label}");
        assert_eq!(err["id"], json!(["Missing value"]), "{label}: {err}");
        let err = fails(
            &app,
            "resource_show",
            None,
            Some(json!({"id": "999999"})),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(err["__type"], "Not Found Error", "{label}");

        // the private and the draft dataset are not found without a token, nor their links
        for name in [&c.private, &c.draft] {
            let err = fails(
                &app,
                "package_show",
                None,
                Some(json!({"id": name})),
                StatusCode::NOT_FOUND,
            )
            .await;
            assert_eq!(err["__type"], "Not Found Error", "{label}: {err}");
            assert!(
                err["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("Not found"))
            );
        }
        // the produsen (bare token) and the walidata (Bearer) read them
        for token in [c.produsen.clone(), format!("Bearer {}", c.walidata)] {
            for name in [&c.private, &c.draft] {
                let p = ok(
                    &app,
                    "package_show",
                    Some(&token),
                    Some(json!({"id": name})),
                )
                .await;
                assert_eq!(p["name"], name.as_str(), "{label}");
            }
        }
        let draft = ok(
            &app,
            "package_show",
            Some(&c.walidata),
            Some(json!({"id": c.draft})),
        )
        .await;
        assert_eq!(draft["state"], "draft", "{label}");
        let hidden_rid = draft["resources"][0]["id"]
            .as_str()
            .expect("rid")
            .to_string();
        let err = fails(
            &app,
            "resource_show",
            None,
            Some(json!({"id": hidden_rid})),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(err["__type"], "Not Found Error", "{label}");
        // a token of another OPD's role in the instansi is refused, a stale token too
        let asesor = app.token("eksternal").await;
        let err = fails(
            &app,
            "package_show",
            Some(&asesor),
            Some(json!({"id": c.draft})),
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(err["__type"], "Authorization Error", "{label}: {err}");
        let err = fails(
            &app,
            "package_list",
            Some("padu_bukan_token"),
            None,
            StatusCode::FORBIDDEN,
        )
        .await;
        assert_eq!(err["__type"], "Authorization Error", "{label}");

        // organizations (the OPDs), groups, tags, licences
        let orgs = ok(&app, "organization_list", None, None).await;
        assert_eq!(
            orgs,
            json!(["bappeda", "dinas-komunikasi-dan-informatika"]),
            "{label}"
        );
        let all = ok(
            &app,
            "organization_list",
            None,
            Some(json!({"all_fields": "true"})),
        )
        .await;
        assert_eq!(all[0]["package_count"], 1, "{label}: {all}");
        assert_eq!(all[1]["package_count"], 0, "{label}");
        let with_token = ok(
            &app,
            "organization_list",
            Some(&c.walidata),
            Some(json!({"all_fields": true})),
        )
        .await;
        assert_eq!(with_token[0]["package_count"], 3, "{label}");
        let org = ok(
            &app,
            "organization_show",
            None,
            Some(json!({"id": "bappeda", "include_datasets": true})),
        )
        .await;
        assert_eq!(org["title"], "Bappeda", "{label}");
        assert_eq!(org["packages"][0]["name"], c.public.as_str(), "{label}");
        let org_by_id = ok(
            &app,
            "organization_show",
            None,
            Some(json!({"id": app.seed.bappeda.to_string()})),
        )
        .await;
        assert_eq!(org_by_id["name"], "bappeda", "{label}");
        assert!(org_by_id.get("packages").is_none(), "{label}");
        fails(
            &app,
            "organization_show",
            None,
            Some(json!({"id": "dinas-tak-ada"})),
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_eq!(
            ok(&app, "group_list", None, None).await,
            json!(["kependudukan"]),
            "{label}"
        );
        let g = ok(
            &app,
            "group_show",
            None,
            Some(json!({"id": "kependudukan"})),
        )
        .await;
        assert_eq!(g["package_count"], 1, "{label}");
        assert_eq!(
            ok(&app, "tag_list", None, None).await,
            json!(["kecamatan", "kependudukan"])
        );
        assert_eq!(
            ok(&app, "tag_list", None, Some(json!({"query": "camat"}))).await,
            json!(["kecamatan"])
        );
        let licences = ok(&app, "license_list", None, None).await;
        assert!(
            licences
                .as_array()
                .is_some_and(|l| l.iter().any(|x| x["id"] == "CC-BY-4.0"))
        );
        let help = ok(
            &app,
            "help_show",
            None,
            Some(json!({"name": "package_search"})),
        )
        .await;
        assert!(help.is_string(), "{label}: {help}");
        fails(
            &app,
            "help_show",
            None,
            Some(json!({"name": "datapusher_submit"})),
            StatusCode::NOT_FOUND,
        )
        .await;

        // bad requests: 400, never a 500
        let (status, v) = ckan(&app, "package_tidak_ada", None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{label}");
        assert_eq!(
            v,
            json!("Bad request: Action name not known: package_tidak_ada")
        );
        for raw in ["{\"id\": ", "[1, 2]", "\"teks\""] {
            let request = axum::http::Request::builder()
                .method("POST")
                .uri(format!("{BASE}/package_show"))
                .header("content-type", "application/json")
                .body(axum::body::Body::from(raw))
                .expect("request");
            let (status, _, body) = app.send(request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{label}: {raw}");
            assert!(
                String::from_utf8_lossy(&body).starts_with("\"Bad request"),
                "{label}: {raw}"
            );
        }
        for (name, body) in [
            ("package_list", json!({"limit": "banyak"})),
            ("package_list", json!({"offset": -3})),
            ("organization_list", json!({"all_fields": "mungkin"})),
            ("organization_list", json!({"sort": "warna asc"})),
        ] {
            let err = fails(&app, name, None, Some(body.clone()), StatusCode::CONFLICT).await;
            assert_eq!(err["__type"], "Validation Error", "{label}: {name} {body}");
        }

        // another instansi's catalog has none of it; an unknown catalog is not found
        let (status, other) = call(
            &app,
            "/data/kota-mojokerto/api/3/action/package_list",
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{label}: {other}");
        assert_eq!(other["result"], json!([]), "{label}");
        let (status, other) = call(
            &app,
            &format!(
                "/data/kota-mojokerto/api/3/action/package_show?id={}",
                c.public
            ),
            Some(&c.walidata),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {other}");
        let (status, none) = call(
            &app,
            "/data/kabupaten-tak-ada/api/3/action/status_show",
            None,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}");
        assert_eq!(none["error"]["__type"], "Not Found Error", "{label}");
        app.finish().await;
    }
}
