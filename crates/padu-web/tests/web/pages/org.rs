//! What each role sees on the dashboard, the OPD and user forms, and the audit log.

use axum::http::StatusCode;
use padu_store::Who;
use padu_store::testing::databases;

use super::{get, login, login_as, opd_id, post};
use crate::support::TestApp;

#[tokio::test]
async fn the_dashboard_greets_every_role_with_what_it_may_use() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let roles = [
            ("super", "Superadmin", true),
            ("prov", "Admin Provinsi", true),
            ("admin", "Admin Instansi", true),
            ("koordinator", "Koordinator", true),
            ("operator", "Operator OPD", false),
            ("asesor", "Asesor Internal", false),
            ("pimpinan", "Pimpinan", false),
            ("eksternal", "Asesor Eksternal", false),
        ];
        for (username, label, sees_users) in roles {
            let cookie = login(&app, username).await;
            let page = get(&app, "/", Some(&cookie)).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{username} on {}",
                app.db.label
            );
            assert!(
                page.has(&format!("Pengguna {username}")),
                "{username}: name"
            );
            assert!(page.has(label), "{username}: role label");
            assert!(
                page.has("action=\"/keluar\""),
                "{username}: sign-out button"
            );
            assert!(page.has(">Keluar</button>"));
            assert!(page.has("id=\"isi\""), "skip link target");
            assert!(page.has("Indeks"), "{username}: the index");
            assert!(
                !page.has("hadir bersama modul evaluasi"),
                "{username}: no placeholder"
            );
            assert_eq!(
                page.has("href=\"/pengguna\""),
                sees_users,
                "{username}: users in the menu"
            );
            assert_eq!(page.has("href=\"/audit\""), sees_users, "{username}: audit");
        }
        // The province sees its kabupaten/kota in a table; the superadmin sees everything.
        let prov = login(&app, "prov").await;
        let page = get(&app, "/", Some(&prov)).await;
        assert!(page.has(&format!("href=\"/instansi/{}\"", s.trenggalek)));
        assert!(page.has(&format!("href=\"/instansi/{}\"", s.mojokerto)));
        assert!(!page.has("Provinsi Jawa Tengah"), "not another province");
        let page = get(&app, "/", Some(&login(&app, "super").await)).await;
        assert!(page.has("Provinsi Jawa Tengah"));
        // Everyone else sees their own work: before the first period, how to begin.
        let page = get(&app, "/", Some(&login(&app, "admin").await)).await;
        assert!(page.has("Kabupaten Trenggalek"));
        assert!(page.has("Instansi ini belum mempunyai periode evaluasi."));
        assert!(page.has(&format!("href=\"/instansi/{}/periode\"", s.trenggalek)));
        let page = get(&app, "/", Some(&login(&app, "operator").await)).await;
        assert!(
            page.has("Saat ini tidak ada periode evaluasi yang sedang berjalan di instansi Anda.")
        );

        // The instansi overview.
        let page = get(&app, &format!("/instansi/{}", s.trenggalek), Some(&prov)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has("Kabupaten Trenggalek") && page.has("WIB"));
        assert!(page.has(&format!("/pengguna?instansi={}", s.trenggalek)));
        let page = get(&app, "/instansi/999999", Some(&prov)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        let page = get(&app, "/instansi/bukan-angka", Some(&prov)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        // another province's instansi: the same answer as one that does not exist
        let page = get(&app, &format!("/instansi/{}", s.jateng), Some(&prov)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        app.finish().await;
    }
}

#[tokio::test]
async fn an_admin_adds_an_opd_and_its_operator_who_then_sees_only_that_opd() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/opd", s.trenggalek);

        let page = get(&app, &list, Some(&admin)).await;
        assert!(page.has("Tambah OPD"));
        assert!(page.has("2 OPD terdaftar"));
        assert!(page.has("<label class=\"label\" for=\"name\">Nama OPD</label>"));
        assert!(page.has("<label class=\"label\" for=\"kind\">Jenis OPD</label>"));
        assert!(page.has("<option value=\"bkpsdm\">"));

        let name = "Badan Kepegawaian dan Pengembangan SDM";
        let fields = [("name", name), ("kind", "bkpsdm")];
        let page = post(&app, &list, Some(&admin), &fields).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            app.db.label,
            page.body
        );
        assert_eq!(page.location(), format!("{list}?pesan=opd-ditambah"));
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("role=\"status\""));
        assert!(page.has("OPD berhasil ditambahkan."));
        assert!(page.has(name));

        // The same name again: the conflict beside the field, the typed values kept.
        let page = post(&app, &list, Some(&admin), &fields).await;
        assert_eq!(page.status, StatusCode::CONFLICT);
        assert!(page.has("role=\"alert\""));
        assert!(page.has("Nama OPD sudah dipakai di instansi ini"));
        assert!(page.has("href=\"#name\""), "the summary links to the field");
        assert!(page.has("aria-describedby=\"name-petunjuk name-galat\""));
        assert!(page.has(&format!("value=\"{name}\"")));
        assert!(page.has("<option value=\"bkpsdm\" selected>"));
        // Nothing filled in: both fields explained.
        let page = post(&app, &list, Some(&admin), &[("name", ""), ("kind", "")]).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Nama OPD paling sedikit 2 karakter") || page.has("Nama OPD wajib diisi"));
        assert!(page.has("Jenis OPD wajib dipilih"));

        // Its operator, through the user form.
        let bkpsdm = opd_id(&app, s.trenggalek, name).await;
        let form = get(&app, "/pengguna/baru", Some(&admin)).await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.has("— tanpa OPD —"));
        assert!(form.has("<optgroup label=\"Kabupaten Trenggalek\">"));
        assert!(form.has("value=\"operator_opd\""));
        assert!(
            !form.has("value=\"admin_provinsi\""),
            "not above the admin's own role"
        );
        assert!(!form.has("value=\"superadmin\""));
        let bkpsdm_text = bkpsdm.to_string();
        let trenggalek_text = s.trenggalek.to_string();
        let mut user = vec![
            ("username", "operator.bkpsdm"),
            ("display_name", "Sri Wahyuni"),
            ("password", "pendek"),
            ("role", "operator_opd"),
            ("instansi", trenggalek_text.as_str()),
            ("opd", bkpsdm_text.as_str()),
        ];
        let page = post(&app, "/pengguna", Some(&admin), &user).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Kata sandi paling sedikit 12 karakter"));
        assert!(page.has("value=\"operator.bkpsdm\"") && page.has("value=\"Sri Wahyuni\""));
        assert!(!page.has("value=\"pendek\""), "never the password");
        // long enough, but the instansi's name and a year: what a guesser tries first
        user[2].1 = "Trenggalek#2026";
        let page = post(&app, "/pengguna", Some(&admin), &user).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            page.has("Kata sandi terlalu mudah ditebak"),
            "{}",
            page.body
        );
        assert!(page.has(&format!("<option value=\"{bkpsdm}\" selected>")));
        let no_role: Vec<_> = user
            .iter()
            .map(|&(k, v)| (k, if k == "role" { "" } else { v }))
            .collect();
        let page = post(&app, "/pengguna", Some(&admin), &no_role).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.has("Pilih peran pengguna") && page.has("href=\"#role\""));
        user[2].1 = "Kepegawaian#Wilis#Ceria";
        let page = post(&app, "/pengguna", Some(&admin), &user).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        assert_eq!(page.location(), "/pengguna?pesan=pengguna-ditambah");
        let page = get(&app, page.location(), Some(&admin)).await;
        assert!(page.has("Pengguna berhasil ditambahkan."));
        assert!(page.has("operator.bkpsdm") && page.has(name));

        // The operator sees only their own OPD, and none of the admin pages.
        let operator = login_as(&app, "operator.bkpsdm", "Kepegawaian#Wilis#Ceria").await;
        let page = get(&app, &list, Some(&operator)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.has(name));
        assert!(!page.has("Bappeda") && !page.has("Dinas Komunikasi dan Informatika"));
        assert!(!page.has("Tambah OPD"), "no form for an operator");
        for path in [
            "/pengguna".to_string(),
            "/pengguna/baru".to_string(),
            "/audit".to_string(),
            format!("/opd/{bkpsdm}/ubah"),
        ] {
            let page = get(&app, &path, Some(&operator)).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "operator on {path}");
            assert!(page.has("Akses ditolak"));
        }
        // another instansi's pages: the same answer as for one that does not exist
        for path in [
            format!("/instansi/{}", s.mojokerto),
            format!("/instansi/{}/opd", s.mojokerto),
        ] {
            let page = get(&app, &path, Some(&operator)).await;
            assert_eq!(page.status, StatusCode::NOT_FOUND, "operator on {path}");
        }
        let page = post(
            &app,
            &list,
            Some(&operator),
            &[("name", "Dinas Baru"), ("kind", "lainnya")],
        )
        .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);

        // The admin deactivates the OPD through its change form.
        let edit = format!("/opd/{bkpsdm}/ubah");
        let page = get(&app, &edit, Some(&admin)).await;
        assert!(page.has("checked") && page.has(&format!("value=\"{name}\"")));
        let page = post(
            &app,
            &edit,
            Some(&admin),
            &[("name", name), ("kind", "bkpsdm")],
        )
        .await;
        assert_eq!(page.location(), format!("{list}?pesan=opd-diubah"));
        let page = get(&app, &list, Some(&admin)).await;
        assert!(page.has("Nonaktif"));
        let page = post(
            &app,
            &edit,
            Some(&admin),
            &[("name", "Bappeda"), ("kind", "bkpsdm")],
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::CONFLICT,
            "renaming onto another OPD"
        );
        assert!(page.has("value=\"Bappeda\""));
        app.finish().await;
    }
}

#[tokio::test]
async fn the_audit_log_lists_changes_with_filters_and_pages() {
    for db in databases().await {
        let app = TestApp::new(db).await;
        let s = app.seed.clone();
        let admin = login(&app, "admin").await;
        let list = format!("/instansi/{}/opd", s.trenggalek);
        let page = post(
            &app,
            &list,
            Some(&admin),
            &[("name", "Inspektorat Daerah"), ("kind", "inspektorat")],
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);

        let page = get(&app, "/audit", Some(&admin)).await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.db.label);
        assert!(page.has("OPD ditambahkan") && page.has("opd.create"));
        assert!(
            page.has("Inspektorat Daerah"),
            "the new values in the details"
        );
        assert!(page.has("<details"));
        assert!(page.has(" WIB<"), "times in the instansi zone");
        assert!(page.has("hx-get=\"/audit\"") && page.has("hx-target=\"#hasil-audit\""));
        assert!(page.has("hx-select=\"#hasil-audit\"") && page.has("hx-push-url=\"true\""));
        assert!(page.has("id=\"hasil-audit\""));
        assert!(
            page.has("method=\"get\" action=\"/audit\""),
            "works without JS"
        );

        let page = get(&app, "/audit?aksi=opd.&aktor=adm", Some(&admin)).await;
        assert!(page.has("opd.create") && !page.has(">auth.login<"));
        assert!(page.has("<option value=\"opd.\" selected>"));
        let page = get(&app, "/audit?aksi=auth.", Some(&admin)).await;
        assert!(page.has("auth.login") && !page.has(">opd.create<"));
        let page = get(&app, "/audit?sampai=2000-01-01", Some(&admin)).await;
        assert!(page.has("Tidak ada catatan yang cocok"));
        let page = get(&app, "/audit?dari=2000-01-01", Some(&admin)).await;
        assert!(page.has("opd.create"));
        let page = get(&app, "/audit?dari=kemarin", Some(&admin)).await;
        assert!(page.has("Tulis tanggal dalam bentuk tttt-bb-hh") && page.has("value=\"kemarin\""));

        // 50 a page.
        let who = Who::system("uji");
        for n in 0..55 {
            app.db
                .store
                .create_opd(
                    &who,
                    s.trenggalek,
                    &format!("Kecamatan Uji {n:02}"),
                    "kecamatan",
                )
                .await
                .expect("opd");
        }
        let page = get(&app, "/audit", Some(&admin)).await;
        assert_eq!(page.body.matches("<tr>").count(), 51, "header and 50 rows");
        assert!(page.has("halaman=2") && page.has("Berikutnya"));
        assert!(!page.has("Sebelumnya"));
        let page = get(&app, "/audit?halaman=2", Some(&admin)).await;
        assert!(page.has("Sebelumnya") && page.has("Halaman 2"));

        // Another instansi's admin does not see Trenggalek's entries.
        let other = login(&app, "admin.mojokerto").await;
        let page = get(&app, "/audit", Some(&other)).await;
        assert!(!page.has("Inspektorat Daerah"));
        app.finish().await;
    }
}
