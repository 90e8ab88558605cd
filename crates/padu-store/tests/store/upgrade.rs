//! Upgrading: a database left by an earlier release's migrations, with that release's rows,
//! takes today's migrations (what `padu migrate`, or the server at start, does after an
//! upgrade) and reads back as it was: the same instansi (now with their URL names), users,
//! sessions and tokens, periods and indicator values; and the next write chains onto its
//! audit log.

use padu_core::audit::token_digest;
use padu_core::evaluation::Status;
use padu_store::testing::databases_through;
use padu_store::{Who, now_ms};

/// The last migration of each earlier release a Pemda may upgrade from: the evaluation cycle
/// with rankings and coaching (landed 2026-12-04), and the release with the Arsitektur SPBE,
/// the Satu Data roles and the change log (landed 2026-12-05).
const RELEASES: [&str; 2] = [
    "m20261204_000011_evidence_instansi_wide",
    "m20261205_000401_login_failures",
];

/// That release's rows, as its code wrote them (the URL name exists from 000301 on).
fn rows(with_slug: bool, far: i64) -> Vec<String> {
    let (slug_col, jatim, trenggalek) = if with_slug {
        (
            ", slug",
            ", 'provinsi-jawa-timur'",
            ", 'kabupaten-trenggalek'",
        )
    } else {
        ("", "", "")
    };
    let mut sql = vec![
        format!(
            "INSERT INTO instansi (id, kind, name, parent_id, kode_wilayah, timezone, created_at_ms{slug_col}) \
             VALUES (101, 'provinsi', 'Provinsi Jawa Timur', NULL, '35', 'WIB', 1{jatim})"
        ),
        format!(
            "INSERT INTO instansi (id, kind, name, parent_id, kode_wilayah, timezone, created_at_ms{slug_col}) \
             VALUES (102, 'kabupaten', 'Kabupaten Trenggalek', 101, '35.03', 'WIB', 1{trenggalek})"
        ),
        "INSERT INTO opd (id, instansi_id, name, kind, active, created_at_ms) \
         VALUES (201, 102, 'Dinas Komunikasi dan Informatika', 'diskominfo', TRUE, 1)"
            .into(),
        "INSERT INTO users (id, username, display_name, password_hash, role, instansi_id, opd_id, \
         active, created_at_ms, password_changed_at_ms, email) VALUES (301, 'admin.trenggalek', \
         'Admin Trenggalek', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'admin_instansi', 102, \
         NULL, TRUE, 1, 1, 'admin@trenggalekkab.example')"
            .into(),
        "INSERT INTO users (id, username, display_name, password_hash, role, instansi_id, opd_id, \
         active, created_at_ms, password_changed_at_ms, email) VALUES (302, 'operator.kominfo', \
         'Operator Diskominfo', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', 'operator_opd', 102, \
         201, TRUE, 1, 1, NULL)"
            .into(),
        format!(
            "INSERT INTO sessions (token_digest, user_id, created_at_ms, expires_at_ms) \
             VALUES ('{}', 302, 1, {far})",
            token_digest("sesi-rilis-lama")
        ),
        format!(
            "INSERT INTO api_tokens (id, user_id, token_digest, name, created_at_ms, expires_at_ms, \
             last_used_at_ms) VALUES (401, 301, '{}', 'skrip rekap', 1, {far}, NULL)",
            token_digest("token-rilis-lama")
        ),
        "INSERT INTO periods (id, instansi_id, year, kind, instrument, carried_from_id, target_value, \
         closed, created_at_ms) VALUES (501, 102, 2026, 'evaluasi', 'permenpanrb-8-2026', NULL, 260, \
         FALSE, 1)"
            .into(),
    ];
    for (number, status, self_value, accepted) in [
        (1, "accepted", "300", "300"),
        (2, "submitted", "250", "NULL"),
        (3, "draft", "NULL", "NULL"),
    ] {
        sql.push(format!(
            "INSERT INTO period_indicators (id, period_id, number, lead_opd_id, status, to_review, \
             self_value, accepted_value, final_value, fakta, analisis, external_source, \
             external_date, updated_at_ms) VALUES ({}, 501, {number}, 201, '{status}', FALSE, \
             {self_value}, {accepted}, NULL, 'Fakta {number}', 'Analisis {number}', NULL, NULL, 1)",
            600 + number
        ));
    }
    sql
}

#[tokio::test]
async fn a_database_of_an_earlier_release_upgrades_with_its_data_intact() {
    for release in RELEASES {
        for db in databases_through(release).await {
            let label = format!("{} from {release}", db.label);
            let far = now_ms() + 86_400_000;
            for statement in rows(release >= "m20261205_000301", far) {
                db.execute(&statement).await;
            }
            db.store.migrate().await.expect("today's migrations apply");
            // a fresh process reads it, as the upgraded server does
            let store = db.another_process().await;

            let trenggalek = store.instansi(102).await.expect("read").expect("kept");
            assert_eq!(trenggalek.name, "Kabupaten Trenggalek", "{label}");
            assert_eq!(trenggalek.slug, "kabupaten-trenggalek", "{label}");
            let jatim = store.instansi(101).await.expect("read").expect("kept");
            assert_eq!(jatim.slug, "provinsi-jawa-timur", "{label}");
            let opds = store.opds_of(102).await.expect("read");
            assert_eq!(opds.len(), 1, "{label}");

            let operator = store
                .session_user(&token_digest("sesi-rilis-lama"), now_ms())
                .await
                .expect("read")
                .expect("the session of the earlier release still signs in");
            assert_eq!(operator.username, "operator.kominfo", "{label}");
            assert_eq!(operator.opd_id, Some(201), "{label}");
            assert_eq!(operator.data, None, "{label}: no Satu Data role appears");
            let admin = store
                .token_user(&token_digest("token-rilis-lama"), now_ms())
                .await
                .expect("read")
                .expect("the API token of the earlier release still works");
            assert_eq!(
                admin.email.as_deref(),
                Some("admin@trenggalekkab.example"),
                "{label}"
            );

            let period = store.period(501).await.expect("read").expect("kept");
            assert_eq!(
                (period.year, period.instrument.as_str()),
                (2026, "permenpanrb-8-2026"),
                "{label}"
            );
            let one = store
                .period_indicator(501, 1)
                .await
                .expect("read")
                .expect("1");
            assert_eq!(one.status, Status::Accepted, "{label}");
            assert_eq!(one.accepted_value, one.self_value, "{label}");
            assert!(one.accepted_value.is_some(), "{label}");
            let three = store
                .period_indicator(501, 3)
                .await
                .expect("read")
                .expect("3");
            assert_eq!(
                (three.status, three.self_value, three.analisis.as_str()),
                (Status::Draft, None, "Analisis 3"),
                "{label}"
            );

            // the next write is audited on top of the upgraded database's log
            let who = Who::user(&admin);
            store
                .create_opd(&who, 102, "Badan Perencanaan Pembangunan Daerah", "bappeda")
                .await
                .expect("an audited write after the upgrade");
            let verified = store.verify_audit().await.expect("verify");
            assert_eq!(verified.first_broken, None, "{label}");
            assert!(verified.entries >= 1, "{label}");
            assert_eq!(store.opds_of(102).await.expect("read").len(), 2, "{label}");
            store.close().await;
            db.finish().await;
        }
    }
}
