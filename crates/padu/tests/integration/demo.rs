//! `padu serve --demo` as a province sees it: all 38 kabupaten/kota of Jawa Timur with their
//! history and this year's evaluation at different stages, the published 2023 figures exact,
//! Trenggalek as before, and "Data demo" on the pages. On SQLite, and on PostgreSQL when one
//! answers.

use std::collections::BTreeSet;

use padu_core::access::{DataRole, Role};
use padu_core::evaluation::Status;
use padu_core::{Assessment, Catalog, Exact, Value, score};
use padu_store::Store;
use padu_store::evaluation::Period;

use crate::faults::PostgresSchema;
use crate::server::{Server, run};

const PASSWORD: &str = "Padu#Demo2026";

/// The province's kabupaten/kota by kode wilayah (Kemendagri), written out here on purpose:
/// the demo's own table must agree with it.
const JAWA_TIMUR: [(&str, &str); 38] = [
    ("35.01", "Kabupaten Pacitan"),
    ("35.02", "Kabupaten Ponorogo"),
    ("35.03", "Kabupaten Trenggalek"),
    ("35.04", "Kabupaten Tulungagung"),
    ("35.05", "Kabupaten Blitar"),
    ("35.06", "Kabupaten Kediri"),
    ("35.07", "Kabupaten Malang"),
    ("35.08", "Kabupaten Lumajang"),
    ("35.09", "Kabupaten Jember"),
    ("35.10", "Kabupaten Banyuwangi"),
    ("35.11", "Kabupaten Bondowoso"),
    ("35.12", "Kabupaten Situbondo"),
    ("35.13", "Kabupaten Probolinggo"),
    ("35.14", "Kabupaten Pasuruan"),
    ("35.15", "Kabupaten Sidoarjo"),
    ("35.16", "Kabupaten Mojokerto"),
    ("35.17", "Kabupaten Jombang"),
    ("35.18", "Kabupaten Nganjuk"),
    ("35.19", "Kabupaten Madiun"),
    ("35.20", "Kabupaten Magetan"),
    ("35.21", "Kabupaten Ngawi"),
    ("35.22", "Kabupaten Bojonegoro"),
    ("35.23", "Kabupaten Tuban"),
    ("35.24", "Kabupaten Lamongan"),
    ("35.25", "Kabupaten Gresik"),
    ("35.26", "Kabupaten Bangkalan"),
    ("35.27", "Kabupaten Sampang"),
    ("35.28", "Kabupaten Pamekasan"),
    ("35.29", "Kabupaten Sumenep"),
    ("35.71", "Kota Kediri"),
    ("35.72", "Kota Blitar"),
    ("35.73", "Kota Malang"),
    ("35.74", "Kota Probolinggo"),
    ("35.75", "Kota Pasuruan"),
    ("35.76", "Kota Mojokerto"),
    ("35.77", "Kota Madiun"),
    ("35.78", "Kota Surabaya"),
    ("35.79", "Kota Batu"),
];

#[test]
fn the_demo_holds_every_kabupaten_kota_of_jawa_timur_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let url = format!("sqlite://{}", dir.path().join("padu.db").display());
    check_demo(dir.path(), None, &url, "sqlite");
}

#[test]
fn the_demo_holds_every_kabupaten_kota_of_jawa_timur_on_postgres() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let Some(pg) = PostgresSchema::create(&rt) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    check_demo(dir.path(), Some(&pg.url), &pg.url, "postgres");
    pg.drop_with(&rt);
}

fn check_demo(data: &std::path::Path, database_url: Option<&str>, url: &str, label: &str) {
    let started = std::time::Instant::now();
    let server = Server::start_on(data, database_url, &["--demo"]);
    eprintln!(
        "{label}: demo seeded and serving in {:.1} s (debug build)",
        started.elapsed().as_secs_f64()
    );
    let printed = server.output().join("\n");
    assert!(printed.contains("38 kabupaten/kota"), "{printed}");
    for account in ["admin.trenggalek", "sekda.trenggalek", "admin.jatim"] {
        assert!(printed.contains(account), "{account} printed: {printed}");
    }
    for name in [
        "pacitan",
        "kotabatu",
        "kotamojokerto",
        "pasuruan",
        "sumenep",
    ] {
        assert!(printed.contains(name), "{name} printed: {printed}");
    }

    // every page says so: the sign-in page, an error page, a signed-in page in both languages
    let (status, page) = server.request("GET", "/masuk", None, None);
    assert_eq!(status, 200);
    assert!(page.contains("Data demo"), "sign-in page: {page}");
    let (status, page) = server.request("GET", "/tidak-ada", None, None);
    assert_eq!(status, 404);
    assert!(page.contains("Data demo"), "404 page: {page}");
    let pacitan = server.token("admin.pacitan", PASSWORD);
    let (status, page) = server.request("GET", "/", Some(&pacitan), None);
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Data demo") && page.contains("Kabupaten Pacitan"),
        "{page}"
    );
    let sekda = server.token("sekda.kotabatu", PASSWORD);
    let (status, me) = server.request("GET", "/api/v1/me", Some(&sekda), None);
    assert_eq!(status, 200, "{me}");
    assert!(me.contains("koordinator"), "{me}");
    server.token("admin.kotamojokerto", PASSWORD);
    server.token("admin.mojokerto", PASSWORD);
    check_overview(&server, label);
    walk_every_role(&server, label);
    server.stop();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = Store::connect(url, None).await.expect("database");
        check_store(&store, label).await;
        store.close().await;
    });
    let mut cmd = vec!["audit", "verify"];
    let config;
    if let Some(url) = database_url {
        config = data.join("pg.toml");
        std::fs::write(&config, format!("database_url = \"{url}\"\n")).expect("config");
        cmd = vec![
            "--config",
            config.to_str().expect("path"),
            "audit",
            "verify",
        ];
    }
    let (ok, out, err) = run(data, &cmd, "");
    assert!(
        ok && out.contains("Rantai audit utuh"),
        "{label}: {out}{err}"
    );
}

/// Words that would say a feature is not there yet.
const PLACEHOLDERS: [&str; 8] = [
    "hadir bersama",
    "akan hadir",
    "segera hadir",
    "belum tersedia",
    "dalam pengembangan",
    "coming soon",
    "arrives with",
    "not yet available",
];

/// Every demo account walks the pages it reaches by links from its Beranda (downloads and
/// sign-out left out, at most 60 each): none fails, none says a feature is still to come, and
/// every one says "Data demo".
fn walk_every_role(server: &Server, label: &str) {
    let accounts = [
        "superadmin",
        "admin.jatim",
        "admin.trenggalek",
        "sekda.trenggalek",
        "operator.diskominfo",
        "asesor.inspektorat",
        "bupati.trenggalek",
        "asesor.eksternal",
    ];
    for account in accounts {
        let token = server.token(account, PASSWORD);
        let mut seen = std::collections::BTreeSet::new();
        let mut queue = std::collections::VecDeque::from(["/".to_string()]);
        let mut walked = 0;
        while let Some(path) = queue.pop_front() {
            if walked >= 60 || !seen.insert(path.clone()) {
                continue;
            }
            walked += 1;
            let (status, page) = server.request("GET", &path, Some(&token), None);
            assert!(status < 500, "{label}: {account} {path}: {status}");
            if status == 200 {
                assert!(page.contains("Data demo"), "{label}: {account} {path}");
            }
            let lower = page.to_lowercase();
            for phrase in PLACEHOLDERS {
                assert!(
                    !lower.contains(phrase),
                    "{label}: {account} {path} says {phrase:?}"
                );
            }
            for link in page.split("href=\"").skip(1) {
                let Some(href) = link.split('"').next() else {
                    continue;
                };
                let href = href.replace("&amp;", "&");
                let skip = !href.starts_with('/')
                    || href.starts_with("/static/")
                    || href.starts_with("/api/")
                    || href.starts_with("/bahasa/")
                    || href.starts_with("/keluar")
                    || href.contains(".pdf")
                    || href.contains(".xlsx")
                    || href.contains("/berkas")
                    || href.contains('#');
                if !skip && !seen.contains(&href) {
                    queue.push_back(href);
                }
            }
        }
        assert!(walked > 5, "{label}: {account} reached {walked} pages");
    }
}

/// The province's overview has something to show: every kabupaten/kota with its index, the
/// published 2023 figures, this year's evaluations on every basis; and its coaching.
fn check_overview(server: &Server, label: &str) {
    let province = server.token("admin.jatim", PASSWORD);
    let (_, me) = server.request("GET", "/api/v1/me", Some(&province), None);
    let me: serde_json::Value = serde_json::from_str(&me).expect("json");
    let jatim = &me["instansi"];
    let overview = |year: i32| {
        let (status, body) = server.request(
            "GET",
            &format!("/api/v1/instansi/{jatim}/overview?year={year}"),
            Some(&province),
            None,
        );
        assert_eq!(status, 200, "{label}: {body}");
        serde_json::from_str::<serde_json::Value>(&body).expect("json")
    };
    let o2023 = overview(2023);
    let children = o2023["children"].as_array().expect("children");
    assert_eq!(children.len(), 38, "{label}");
    let child = |name: &str| {
        children
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} in the overview"))
            .clone()
    };
    for (name, shown, predikat) in [
        ("Kabupaten Pasuruan", "2.47", "Cukup"),
        ("Kota Mojokerto", "4.26", "Memuaskan"),
    ] {
        let c = child(name);
        assert_eq!(c["index_display"], shown, "{label}: {c}");
        assert_eq!(
            (&c["basis"], &c["predikat"]),
            (&"final".into(), &predikat.into())
        );
    }
    let bands: Vec<u64> = o2023["distribution"]
        .as_array()
        .expect("distribution")
        .iter()
        .filter_map(|d| d["count"].as_u64())
        .collect();
    assert_eq!(bands.iter().sum::<u64>(), 38, "{label}: {bands:?}");
    assert!(
        bands.iter().all(|n| *n > 0),
        "{label}: every predikat band in 2023: {bands:?}"
    );
    let o2026 = overview(2026);
    let bases: BTreeSet<String> = o2026["children"]
        .as_array()
        .expect("children")
        .iter()
        .filter_map(|c| c["basis"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        bases,
        BTreeSet::from(["accepted".into(), "final".into(), "self".into()]),
        "{label}"
    );
    let late: u64 = o2026["children"]
        .as_array()
        .expect("children")
        .iter()
        .filter_map(|c| c["late_opd"].as_u64())
        .filter(|n| *n > 0)
        .count() as u64;
    assert!(late >= 5, "{label}: kabupaten/kota with late OPDs: {late}");

    let pasuruan = child("Kabupaten Pasuruan")["id"].clone();
    let (status, recs) = server.request(
        "GET",
        &format!("/api/v1/instansi/{pasuruan}/recommendations"),
        Some(&province),
        None,
    );
    assert_eq!(status, 200, "{recs}");
    assert!(
        recs.contains("survei kepuasan") && recs.contains("dijadwalkan Januari 2027"),
        "{label}: a recommendation and its follow-up: {recs}"
    );
}

/// The index of `period` on its final values, by padu-core's exact scoring.
async fn final_index(store: &Store, catalog: &Catalog, period: &Period) -> Exact {
    let instrument = catalog.instrument(&period.instrument).expect("instrument");
    let indicators = store
        .period_indicators(period.id)
        .await
        .expect("indicators");
    let values: Vec<Value> = indicators
        .iter()
        .map(|i| i.final_value.expect("a final value on every indicator"))
        .collect();
    let assessment = Assessment::new(instrument, values).expect("valid values");
    score(instrument, &assessment).index
}

/// What a 2026 period shows of its progress.
fn stage_of(indicators: &[padu_store::evaluation::PeriodIndicator]) -> &'static str {
    if indicators.iter().any(|i| i.final_value.is_some()) {
        "final"
    } else if indicators
        .iter()
        .any(|i| i.status == Status::Accepted && i.external_source.is_none())
    {
        "accepted"
    } else if indicators.iter().any(|i| i.self_value.is_some()) {
        "self"
    } else {
        "not started"
    }
}

async fn check_store(store: &Store, label: &str) {
    let catalog = Catalog::builtin().expect("catalog");
    assert!(
        store.is_demo().await.expect("read"),
        "{label}: the demo mark"
    );
    let jatim = store
        .instansi_by_name("Provinsi Jawa Timur")
        .await
        .expect("read")
        .expect("province");
    let mut children: Vec<_> = store
        .all_instansi()
        .await
        .expect("read")
        .into_iter()
        .filter(|i| i.parent_id == Some(jatim.id))
        .collect();
    children.sort_by(|a, b| a.kode_wilayah.cmp(&b.kode_wilayah));
    let found: Vec<(&str, &str)> = children
        .iter()
        .map(|i| (i.kode_wilayah.as_deref().unwrap_or(""), i.name.as_str()))
        .collect();
    assert_eq!(found, JAWA_TIMUR.to_vec(), "{label}");

    let mut stages = BTreeSet::new();
    let mut late = 0;
    let mut targets = 0;
    for inst in &children {
        let periods = store.periods_of(inst.id).await.expect("periods");
        let years: Vec<(i32, bool, &str)> = periods
            .iter()
            .map(|p| (p.year, p.closed, p.instrument.as_str()))
            .collect();
        assert_eq!(
            years,
            vec![
                (2026, false, "permenpanrb-8-2026"),
                (2025, true, "permenpanrb-59-2020"),
                (2024, true, "permenpanrb-59-2020"),
                (2023, true, "permenpanrb-59-2020"),
            ],
            "{label}: {}",
            inst.name
        );
        for closed in &periods[1..] {
            let index = final_index(store, &catalog, closed).await.to_f64();
            assert!(
                (1.5..=4.35).contains(&index),
                "{label}: {} {}: {index}",
                inst.name,
                closed.year
            );
        }
        let current = &periods[0];
        targets += usize::from(current.target.is_some());
        let indicators = store.period_indicators(current.id).await.expect("2026");
        assert_eq!(indicators.len(), 20, "{}", inst.name);
        stages.insert(stage_of(&indicators));
        let past_deadline = current
            .stages
            .mandiri
            .end
            .as_deref()
            .is_some_and(|end| end <= "2026-11-30");
        if past_deadline
            && indicators
                .iter()
                .any(|i| i.status.editable() && i.lead_opd.is_some())
        {
            late += 1;
        }
    }
    assert_eq!(
        stages,
        BTreeSet::from(["accepted", "final", "not started", "self"]),
        "{label}: the 2026 evaluations stand at different stages"
    );
    assert!(late >= 5, "{label}: instansi with late OPDs: {late}");
    assert!(targets >= 30, "{label}: targets for most: {targets}");

    // Trenggalek's Satu Data catalog: every workflow state, data prioritas among the public
    let trenggalek = children
        .iter()
        .find(|i| i.name == "Kabupaten Trenggalek")
        .expect("Trenggalek");
    let datasets = store
        .datasets(trenggalek.id, &Default::default())
        .await
        .expect("datasets");
    assert_eq!(datasets.len(), 15, "{label}");
    let states: BTreeSet<&str> = datasets.iter().map(|d| d.status.code()).collect();
    assert_eq!(
        states,
        BTreeSet::from(["draft", "published", "returned", "submitted", "withdrawn"]),
        "{label}"
    );
    assert!(
        datasets
            .iter()
            .filter(|d| d.is_public() && d.fields.prioritas)
            .count()
            >= 3,
        "{label}: public data prioritas"
    );
    let returned = datasets
        .iter()
        .find(|d| d.status.code() == "returned")
        .expect("returned");
    assert!(returned.review_notes.contains_key("license_id"), "{label}");
    assert!(
        datasets.iter().all(|d| d
            .resources
            .iter()
            .all(|r| r.url.starts_with("https://data.trenggalekkab.example/"))),
        "{label}"
    );

    // the published figures, exactly
    for (name, want) in [("Kabupaten Pasuruan", 247), ("Kota Mojokerto", 426)] {
        let inst = children.iter().find(|i| i.name == name).expect(name);
        let periods = store.periods_of(inst.id).await.expect("periods");
        let p2023 = periods.iter().find(|p| p.year == 2023).expect("2023");
        assert_eq!(
            final_index(store, &catalog, p2023).await,
            Exact::new(want, 100),
            "{label}: {name} 2023"
        );
    }

    // Kabupaten Trenggalek as before: 1.55 in 2023, this year's evaluation half done
    let trenggalek = children
        .iter()
        .find(|i| i.name == "Kabupaten Trenggalek")
        .expect("Trenggalek");
    assert_eq!(store.opds_of(trenggalek.id).await.expect("opds").len(), 35);
    // every kabupaten/kota has its own URL name (the Satu Data catalog's `/data/{slug}`)
    assert_eq!(trenggalek.slug, "kabupaten-trenggalek");
    // its Peta Rencana SPBE 2025-2029: enacted, about thirty items across OPDs, half-way
    let roadmaps = store.roadmaps_of(trenggalek.id).await.expect("roadmaps");
    assert_eq!(roadmaps.len(), 1, "{label}");
    let roadmap = &roadmaps[0];
    assert_eq!(
        (roadmap.start_year, roadmap.end_year),
        (2025, 2029),
        "{label}"
    );
    assert_eq!(
        roadmap.status,
        padu_core::peta_rencana::RoadmapStatus::Ditetapkan,
        "{label}"
    );
    assert!(
        roadmap
            .decree_number
            .as_deref()
            .is_some_and(|n| n.contains("Peraturan Bupati") && n.contains("data demo")),
        "{label}"
    );
    let items = store.roadmap_items(roadmap.id).await.expect("items");
    assert!(items.len() >= 30, "{label}: {} items", items.len());
    let opds: BTreeSet<i64> = items.iter().map(|i| i.opd_id).collect();
    assert!(opds.len() >= 10, "{label}: across OPDs");
    assert!(
        items
            .iter()
            .filter(|i| i.details.architecture_item.is_some())
            .count()
            >= 5,
        "{label}: linked to the architecture"
    );
    assert!(
        items.iter().all(|i| i
            .details
            .indicators
            .iter()
            .all(|t| t.instrument == "permenpanrb-8-2026")),
        "{label}"
    );
    let reported_2026 = items
        .iter()
        .filter(|i| {
            i.details
                .realisation
                .iter()
                .any(|r| (r.year, r.semester) == (2026, 1))
        })
        .count();
    assert!(reported_2026 >= 10, "{label}: 2026 semester 1 reported");
    assert!(
        items.iter().all(|i| !i
            .details
            .realisation
            .iter()
            .any(|r| (r.year, r.semester) == (2026, 2))),
        "{label}: half-way, not beyond"
    );
    // the thread: the 2026 plan's action items attached to the roadmap's items, which raise
    // their indicators; the RPJMD's targets 2025-2029; a few items late for the koordinator
    let p2026 = store
        .periods_of(trenggalek.id)
        .await
        .expect("periods")
        .into_iter()
        .find(|p| p.year == 2026)
        .expect("2026");
    let actions = store.action_items(p2026.id).await.expect("actions");
    let attached: Vec<_> = actions
        .iter()
        .filter(|a| a.roadmap_item.is_some())
        .collect();
    assert!(attached.len() >= 3, "{label}: {} attached", attached.len());
    for a in &attached {
        let item = items
            .iter()
            .find(|i| Some(i.id) == a.roadmap_item)
            .expect("an item of the roadmap");
        assert!(
            item.details.indicators.iter().any(|t| t.number == a.number),
            "{label}: {} raises indicator {}",
            item.title,
            a.number
        );
    }
    let targets = store.iku_targets(trenggalek.id).await.expect("iku");
    assert_eq!(
        targets.keys().copied().collect::<Vec<_>>(),
        [2025, 2026, 2027, 2028, 2029],
        "{label}"
    );
    assert_eq!(
        targets.get(&2026),
        Some(&Value(250)),
        "{label}: the period's target"
    );
    let late = items
        .iter()
        .filter(|i| {
            i.status == padu_core::peta_rencana::ItemStatus::Tertunda
                || (i.status == padu_core::peta_rencana::ItemStatus::Berjalan
                    && i.details.years.contains(&2026)
                    && !i
                        .details
                        .realisation
                        .iter()
                        .any(|r| (r.year, r.semester) == (2026, 1)))
        })
        .count();
    assert!(late >= 3, "{label}: {late} late or delayed");
    let slugs: BTreeSet<&str> = children.iter().map(|i| i.slug.as_str()).collect();
    assert_eq!(slugs.len(), children.len(), "{label}: unique URL names");
    assert!(slugs.contains("kota-batu") && slugs.contains("kabupaten-mojokerto"));
    let periods = store.periods_of(trenggalek.id).await.expect("periods");
    let p2023 = periods.iter().find(|p| p.year == 2023).expect("2023");
    assert_eq!(
        final_index(store, &catalog, p2023).await,
        Exact::new(155, 100)
    );
    let current = &periods[0];
    assert_eq!((current.year, current.target), (2026, Some(Value(250))));
    let indicators = store.period_indicators(current.id).await.expect("2026");
    let with = |status: Status| -> Vec<u16> {
        indicators
            .iter()
            .filter(|i| i.status == status)
            .map(|i| i.number)
            .collect()
    };
    assert_eq!(
        with(Status::Accepted),
        vec![1, 2, 3, 5, 7, 13, 14],
        "{label}"
    );
    assert_eq!(with(Status::Submitted), vec![16, 17]);
    assert_eq!(with(Status::Returned), vec![10]);
    assert!(indicators.iter().all(|i| i.final_value.is_none()));
    let users = store.users_in(Some(&[trenggalek.id])).await.expect("users");
    let mut names: Vec<&str> = users.iter().map(|u| u.username.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "admin.trenggalek",
            "asesor.eksternal",
            "asesor.inspektorat",
            "bupati.trenggalek",
            "operator.bappeda",
            "operator.diskominfo",
            "produsen.dinkes",
            "sekda.trenggalek",
            "walidata.trenggalek",
        ],
        "{label}"
    );
    // the Satu Data roles beside the SPBE role: Diskominfo's walidata and Dinas Kesehatan's
    // produsen data, each an operator of its own OPD
    let grant = |name: &str| {
        let u = users
            .iter()
            .find(|u| u.username == name)
            .expect("demo user");
        (
            u.role,
            u.data.map(|g| g.role),
            u.data.and_then(|g| g.opd) == u.opd_id,
        )
    };
    assert_eq!(
        grant("walidata.trenggalek"),
        (Role::OperatorOpd, Some(DataRole::Walidata), false)
    );
    assert_eq!(
        grant("produsen.dinkes"),
        (Role::OperatorOpd, Some(DataRole::ProdusenData), true)
    );
    assert_eq!(grant("operator.diskominfo").1, None);
}
