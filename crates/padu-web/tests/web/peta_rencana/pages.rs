//! The pages: the instansi's roadmaps with the form that drafts one, a roadmap with its items
//! per OPD, budget totals and timeline and the form that adds an item (and its errors), an
//! item's page where its operator reports a semester; another instansi's roadmap not found;
//! every text the pages look up by code exists in both languages.

use axum::http::StatusCode;
use padu_app::kit::i18n::{Lang, Tr};
use padu_core::peta_rencana::{Basis, ItemStatus, ReviewKind, RoadmapStatus};
use padu_store::testing::databases;

use super::{add_bappeda_operator, full_item, item};
use crate::pages::{get, login, post};
use crate::support::TestApp;

#[tokio::test]
async fn a_roadmap_is_drafted_filled_and_reported_through_the_pages() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        add_bappeda_operator(&app).await;
        let admin = login(&app, "admin").await;
        let operator = login(&app, "operator").await;
        let bappeda = login(&app, "operator.bappeda").await;
        let other = login(&app, "admin.mojokerto").await;
        let list_path = format!("/instansi/{}/peta-rencana", s.trenggalek);

        let list = get(&app, &list_path, Some(&admin)).await;
        assert_eq!(list.status, StatusCode::OK, "{label}");
        assert!(list.body.contains("Peta Rencana SPBE"), "{label}");
        assert!(
            list.body.contains(&format!("href=\"{list_path}\"")),
            "{label}: the navigation entry"
        );
        assert!(list.body.contains("Buat peta rencana"), "{label}: the form");
        let seen = get(&app, &list_path, Some(&operator)).await;
        assert_eq!(seen.status, StatusCode::OK, "{label}");
        assert!(
            !seen.body.contains("Buat peta rencana"),
            "{label}: read only"
        );
        let hidden = get(&app, &list_path, Some(&other)).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{label}");

        // a bad draft shows its errors and keeps what was typed
        let bad = post(
            &app,
            &list_path,
            Some(&admin),
            &[
                ("title", "Peta Rencana Uji"),
                ("start_year", "2025"),
                ("end_year", "2040"),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(bad.body.contains("paling lama 10 tahun"), "{label}");
        assert!(bad.body.contains("value=\"Peta Rencana Uji\""), "{label}");

        let made = post(
            &app,
            &list_path,
            Some(&admin),
            &[
                ("title", "Peta Rencana SPBE 2025-2029"),
                ("start_year", "2025"),
                ("basis", "rpjmd"),
                ("basis", "renstra"),
            ],
        )
        .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{label}: {}", made.body);
        let page_path = made
            .location()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        let id: i64 = page_path
            .trim_start_matches("/peta-rencana/")
            .parse()
            .expect("id");

        // an item through the form, and one with an error
        let add = format!("/peta-rencana/{id}/item");
        let wrong = post(
            &app,
            &add,
            Some(&admin),
            &[("title", "Tanpa OPD"), ("years", "2026")],
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            wrong.body.contains("OPD penanggung jawab wajib dipilih"),
            "{label}"
        );
        let opd = s.bappeda.to_string();
        let added = post(
            &app,
            &add,
            Some(&admin),
            &[
                ("title", "Sistem perencanaan terpadu"),
                ("opd", &opd),
                ("years", "2025"),
                ("years", "2026"),
                ("target_2025", "Kajian"),
                ("budget_2025", "120.000.000"),
                ("budget_2026", "80000000"),
            ],
        )
        .await;
        assert_eq!(
            added.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            added.body
        );
        item(&app, &app.token("admin").await, id, full_item(s.diskominfo)).await;

        let page = get(&app, &page_path, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        for text in [
            "Sistem perencanaan terpadu",
            "Pusat data daerah",
            "Bappeda",
            "Dinas Komunikasi dan Informatika",
            "Rp 120.000.000",
            // 2026: 80.000.000 + 150.000.000
            "Rp 230.000.000",
            // all: 120 + 80 + 150 + 75 million
            "Rp 425.000.000",
            "<svg",
            "RPJMD",
        ] {
            assert!(page.body.contains(text), "{label}: {text}");
        }
        assert!(
            !page.body.contains("Tambah item"),
            "{label}: an operator adds none"
        );
        let hidden = get(&app, &page_path, Some(&other)).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{label}");

        // the operator of the item's OPD reports a semester; another OPD's operator may not
        let items = app.db.store.roadmap_items(id).await.expect("items");
        let bappeda_item = items
            .iter()
            .find(|i| i.opd_id == s.bappeda)
            .expect("item")
            .id;
        let item_path = format!("/peta-rencana/item/{bappeda_item}");
        let shown = get(&app, &item_path, Some(&bappeda)).await;
        assert_eq!(shown.status, StatusCode::OK, "{label}");
        assert!(shown.body.contains("Laporkan realisasi"), "{label}");
        assert!(shown.body.contains("Kajian"), "{label}: the target");
        let not_theirs = get(&app, &item_path, Some(&operator)).await;
        assert!(!not_theirs.body.contains("Laporkan realisasi"), "{label}");
        let refused = post(
            &app,
            &format!("{item_path}/realisasi"),
            Some(&operator),
            &[("year", "2025"), ("semester", "1"), ("value", "50%")],
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{label}");
        let empty = post(
            &app,
            &format!("{item_path}/realisasi"),
            Some(&bappeda),
            &[("year", "2025"), ("semester", "1"), ("value", "")],
        )
        .await;
        assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(empty.body.contains("Capaian wajib diisi"), "{label}");
        let done = post(
            &app,
            &format!("{item_path}/realisasi"),
            Some(&bappeda),
            &[
                ("year", "2025"),
                ("semester", "1"),
                ("value", "50%"),
                ("note", "Kajian selesai separuh"),
            ],
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{label}: {}", done.body);
        let after = get(&app, done.location(), Some(&bappeda)).await;
        assert!(after.body.contains("Realisasi telah dilaporkan"), "{label}");
        assert!(after.body.contains("Kajian selesai separuh"), "{label}");
        let page = get(&app, &page_path, Some(&admin)).await;
        assert!(
            page.body.contains("50% (2025 S1)"),
            "{label}: the latest report"
        );
        app.finish().await;
    }
}

#[test]
fn every_code_the_pages_look_up_has_a_text_in_both_languages() {
    for lang in [Lang::Id, Lang::En] {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            RoadmapStatus::ALL
                .iter()
                .map(|s| format!("peta_rencana.status.{}", s.code())),
        );
        keys.extend(
            ItemStatus::ALL
                .iter()
                .map(|s| format!("peta_rencana.status_item.{}", s.code())),
        );
        keys.extend(
            ReviewKind::ALL
                .iter()
                .map(|k| format!("peta_rencana.reviu.{}", k.code())),
        );
        keys.extend(
            Basis::ALL
                .iter()
                .map(|b| format!("peta_rencana.dasar.{}", b.code())),
        );
        for key in keys {
            assert!(Tr::has(lang, &key), "{lang:?}: {key}");
        }
    }
}
