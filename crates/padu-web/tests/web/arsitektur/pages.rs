//! The pages: the list per domain, entering an item through the form (and its errors), the
//! item's page with its workflow buttons, the gaps page; another instansi's item not found; and
//! every text the pages look up by code exists in both languages.

use axum::http::StatusCode;
use padu_app::kit::i18n::{Lang, Tr};
use padu_core::arsitektur::{self, Domain, FieldKind, STANDAR, State, Status};
use padu_store::testing::databases;
use serde_json::json;

use super::item;
use crate::pages::{get, login, post};
use crate::support::TestApp;

#[tokio::test]
async fn an_operator_enters_an_item_through_the_form_and_a_verifier_verifies_it() {
    for db in databases().await {
        let label = db.label;
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let operator = login(&app, "operator").await;
        let list = get(
            &app,
            &format!("/instansi/{}/arsitektur", s.trenggalek),
            Some(&operator),
        )
        .await;
        assert_eq!(list.status, StatusCode::OK, "{label}");
        assert!(list.body.contains("Arsitektur SPBE"), "{label}");
        assert!(
            list.body
                .contains(&format!("href=\"/instansi/{}/arsitektur\"", s.trenggalek)),
            "{label}: the navigation entry"
        );

        let form = get(
            &app,
            &format!("/instansi/{}/arsitektur/baru?domain=data", s.trenggalek),
            Some(&operator),
        )
        .await;
        assert_eq!(form.status, StatusCode::OK, "{label}");
        assert!(
            form.body.contains("name=\"wali_data\""),
            "{label}: the domain's fields"
        );
        assert!(form.body.contains("RAD"), "{label}: the domain's model");

        let path = format!("/instansi/{}/arsitektur/baru", s.trenggalek);
        let bad = post(
            &app,
            &path,
            Some(&operator),
            &[
                ("domain", "data"),
                ("name", "Data kependudukan"),
                ("year", "2026"),
                ("reference", "RAL.01.01"),
                ("state", "as_is"),
            ],
        )
        .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{label}");
        assert!(
            bad.body.contains("href=\"#reference\""),
            "{label}: the error summary links the field"
        );
        assert!(
            bad.body.contains("Data kependudukan"),
            "{label}: what was typed stays"
        );

        let made = post(
            &app,
            &path,
            Some(&operator),
            &[
                ("domain", "data"),
                ("name", "Data kependudukan"),
                ("opd", &s.diskominfo.to_string()),
                ("year", "2026"),
                ("reference", "RAD.09.01.01"),
                ("state", "as_is"),
                ("description", "Data penduduk per desa"),
                ("sifat", "terbatas"),
                ("jenis", "statistik"),
                ("produsen", "Disdukcapil"),
                ("wali_data", "Diskominfo"),
                ("interoperable", "true"),
            ],
        )
        .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{label}: {}", made.body);
        let href = made
            .location()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_string();
        let page = get(&app, &href, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK, "{label}");
        assert!(
            page.body.contains("Data kependudukan") && page.body.contains("RAD.09.01.01"),
            "{label}"
        );
        assert!(
            page.body.contains("Terbatas"),
            "{label}: a choice shown by its label"
        );
        assert!(
            page.body.contains(&format!("{href}/ajukan")),
            "{label}: the submit button"
        );
        assert!(
            !page.body.contains(&format!("{href}/verifikasi")),
            "{label}: no verify button for an operator"
        );

        let submitted = post(&app, &format!("{href}/ajukan"), Some(&operator), &[]).await;
        assert_eq!(
            submitted.status,
            StatusCode::SEE_OTHER,
            "{label}: {}",
            submitted.body
        );
        let koordinator = login(&app, "koordinator").await;
        let page = get(&app, &href, Some(&koordinator)).await;
        assert!(page.body.contains(&format!("{href}/verifikasi")), "{label}");
        let empty_note = post(
            &app,
            &format!("{href}/kembalikan"),
            Some(&koordinator),
            &[("note", "")],
        )
        .await;
        assert_eq!(
            empty_note.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{label}"
        );
        let verified = post(&app, &format!("{href}/verifikasi"), Some(&koordinator), &[]).await;
        assert_eq!(verified.status, StatusCode::SEE_OTHER, "{label}");
        let page = get(&app, verified.location(), Some(&koordinator)).await;
        assert!(page.body.contains("Terverifikasi"), "{label}");

        // the gaps page: the data item has everything, a process without links has gaps
        let admin = app.token("admin").await;
        item(&app, &admin, s.trenggalek, json!({"domain": "proses_bisnis", "name": "Pelayanan adminduk", "opd": s.bappeda, "year": 2026})).await;
        let gaps = get(
            &app,
            &format!("/instansi/{}/arsitektur/kesenjangan", s.trenggalek),
            Some(&koordinator),
        )
        .await;
        assert_eq!(gaps.status, StatusCode::OK, "{label}");
        assert!(gaps.body.contains("Pelayanan adminduk"), "{label}");
        assert!(gaps.body.contains("Item dengan kesenjangan (1)"), "{label}");

        // another instansi's item is not found, like a missing one
        let other = login(&app, "admin.mojokerto").await;
        let foreign = get(&app, &href, Some(&other)).await;
        let missing = get(&app, "/arsitektur/item/999999", Some(&other)).await;
        assert_eq!(
            (foreign.status, missing.status),
            (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
            "{label}"
        );
        let list = get(
            &app,
            &format!("/instansi/{}/arsitektur", s.trenggalek),
            Some(&other),
        )
        .await;
        assert_eq!(list.status, StatusCode::NOT_FOUND, "{label}");
        app.finish().await;
    }
}

/// The texts the pages look up by code (domains, statuses, fields, choices, gaps) exist in
/// both languages.
#[test]
fn every_code_has_its_text_in_both_languages() {
    let mut keys: Vec<String> = Vec::new();
    for d in Domain::ALL {
        keys.push(format!("arsitektur.domain.{}", d.code()));
        for spec in arsitektur::fields(d) {
            keys.push(format!("arsitektur.bidang.{}", spec.key));
            if let FieldKind::Choice(o) | FieldKind::Choices(o) = spec.kind {
                keys.extend(o.iter().map(|c| format!("arsitektur.pilihan.{c}")));
            }
        }
    }
    keys.extend(
        State::ALL
            .iter()
            .map(|s| format!("arsitektur.keadaan.{}", s.code())),
    );
    keys.extend(
        Status::ALL
            .iter()
            .map(|s| format!("arsitektur.status.{}", s.code())),
    );
    keys.extend(
        arsitektur::missing_codes()
            .iter()
            .map(|c| format!("arsitektur.kurang.{c}")),
    );
    keys.extend(STANDAR.iter().map(|c| format!("arsitektur.standar.{c}")));
    keys.extend([
        "arsitektur.pilihan.true".into(),
        "arsitektur.pilihan.false".into(),
    ]);
    for key in &keys {
        for lang in [Lang::Id, Lang::En] {
            assert!(Tr::has(lang, key), "{key} missing for {lang:?}");
        }
    }
    assert!(keys.len() > 100, "{}", keys.len());
}
