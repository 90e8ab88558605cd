//! Fills an empty database: the instansi tree through the store (neither the API nor the
//! command line creates instansi), the superadmin through `padu user add`, a second province of
//! [`OVERVIEW_MEMBERS`] kabupaten/kota with their evaluations through `padu generate scale` (for
//! the `overview` scenario), everything else through the JSON API and the sign-in page of the
//! running server.

use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow};
use padu_core::access::InstansiKind;
use padu_store::{NewInstansi, Store, Who};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::http::{Auth, Body, Client};
use crate::server::Padu;

pub const INSTRUMENT: &str = "permenpanrb-8-2026";
pub const PASSWORD: &str = "Beban#Uji#Lereng#Wilis";
const SUPERADMIN: &str = "bench.super";
/// Three OPDs per instansi; indicators are led round-robin (so every OPD has work).
const OPD: [(&str, &str); 3] = [
    ("Dinas Komunikasi dan Informatika", "diskominfo"),
    ("Bagian Organisasi", "bagian-organisasi"),
    ("Badan Kepegawaian dan Pengembangan SDM", "bkpsdm"),
];

/// Kabupaten/kota of the province whose overview the `overview` scenario reads (as many as Jawa
/// Timur has).
pub const OVERVIEW_MEMBERS: u32 = 38;

#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub instansi: usize,
    pub operators_per_opd: usize,
    /// Periods per instansi kept for the submit/accept pairs of the `write` scenario.
    pub write_periods: usize,
}

/// What [`prepare`] made before the server started.
#[derive(Debug, Clone)]
pub struct Tree {
    /// The province of the kabupaten below.
    pub provinsi: i64,
    /// The kabupaten seeded through the API.
    pub instansi: Vec<i64>,
    /// The province of [`OVERVIEW_MEMBERS`] kabupaten/kota written by `padu generate scale`.
    pub overview_province: i64,
}

#[derive(Debug)]
pub struct World {
    pub instansi: Vec<Inst>,
    /// Indicators an OPD fills in (not the ones scored from an external index).
    pub editable: Vec<u16>,
    /// The `admin_provinsi` of the kabupaten's province (its Beranda is their overview).
    pub provinsi_admin: Auth,
    /// The province of [`OVERVIEW_MEMBERS`] kabupaten/kota and its `admin_provinsi`.
    pub overview_province: i64,
    pub overview_admin: Auth,
}

#[derive(Debug)]
pub struct Inst {
    pub id: i64,
    /// 2026, in progress: claims and narratives, no reviews yet. The dashboard, task lists,
    /// uploads and narrative saves work here.
    pub current: i64,
    /// 2025, every editable indicator accepted: the `score` scenario reads it.
    pub reviewed: i64,
    /// Untouched periods whose indicators the `write` scenario submits and accepts.
    pub write_periods: Vec<i64>,
    pub coordinator: Auth,
    pub asesor: Auth,
    /// The other roles of the instansi, each reading their Beranda in the deadline-day mix.
    pub eksternal: Auth,
    pub admin: Auth,
    pub pimpinan: Auth,
    pub opds: Vec<OpdSeat>,
}

#[derive(Debug)]
pub struct OpdSeat {
    pub operators: Vec<Auth>,
    /// Editable indicators this OPD leads (the same in every period).
    pub led: Vec<u16>,
}

impl Inst {
    /// Every role of the instansi with one of its accounts, for the Beranda.
    pub fn beranda_readers(&self) -> [(&'static str, &Auth); 6] {
        [
            ("operator_opd", &self.opds[0].operators[0]),
            ("asesor_internal", &self.asesor),
            ("asesor_eksternal", &self.eksternal),
            ("admin_instansi", &self.admin),
            ("koordinator", &self.coordinator),
            ("pimpinan", &self.pimpinan),
        ]
    }
}

/// The OPD (index into [`OPD`]) leading indicator `n`.
pub fn lead_of(n: u16) -> usize {
    usize::from(n - 1) % OPD.len()
}

/// Runs `jobs` with at most `limit` at a time; the first error wins.
pub async fn parallel<T, F>(limit: usize, jobs: Vec<F>) -> Result<Vec<T>>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T>> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(limit.max(1)));
    let mut set = JoinSet::new();
    for (i, job) in jobs.into_iter().enumerate() {
        let gate = gate.clone();
        set.spawn(async move {
            let _permit = gate.acquire_owned().await?;
            job.await.map(|v| (i, v))
        });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        out.push(done??);
    }
    out.sort_by_key(|(i, _)| *i);
    Ok(out.into_iter().map(|(_, v)| v).collect())
}

/// Before the server starts: the schema, the instansi tree, the overview's province and the
/// superadmin.
pub async fn prepare(padu: &Padu, shape: Shape) -> Result<Tree> {
    padu.run(&["migrate"], "").await?;
    let store = Store::connect(&padu.database_url, None)
        .await
        .context("connecting to the new database")?;
    let who = Who::system("bench");
    let inst = |kind, name: String, parent, kode: String| NewInstansi {
        kind,
        name,
        parent_id: parent,
        kode_wilayah: Some(kode),
        timezone: "WIB".into(),
    };
    let nasional = store
        .create_instansi(
            &who,
            inst(InstansiKind::Nasional, "Nasional".into(), None, "00".into()),
        )
        .await?;
    let provinsi = store
        .create_instansi(
            &who,
            inst(
                InstansiKind::Provinsi,
                "Provinsi Uji Beban".into(),
                Some(nasional),
                "99".into(),
            ),
        )
        .await?;
    let mut ids = Vec::new();
    for i in 0..shape.instansi {
        ids.push(
            store
                .create_instansi(
                    &who,
                    inst(
                        InstansiKind::Kabupaten,
                        format!("Kabupaten Uji {:02}", i + 1),
                        Some(provinsi),
                        format!("99.{:02}", i + 1),
                    ),
                )
                .await?,
        );
    }
    store.close().await;
    // the overview's province: one province and its kabupaten/kota, 3 OPDs each, evaluated
    // 2021-2025 (59/2020, closed, final values) and 2026 (8/2026, open, accepted values)
    let members = (OVERVIEW_MEMBERS + 1).to_string();
    padu.run(
        &[
            "generate",
            "scale",
            "--instansi",
            &members,
            "--provinces",
            "1",
            "--opd",
            "3",
            "--evidence",
            "0",
        ],
        "",
    )
    .await?;
    let store = Store::connect(&padu.database_url, None).await?;
    let all = store.all_instansi().await?;
    store.close().await;
    let overview_province = all
        .iter()
        .find(|i| i.kind == InstansiKind::Provinsi && i.id != provinsi)
        .map(|i| i.id)
        .ok_or_else(|| anyhow!("padu generate scale wrote no province"))?;
    let members = all
        .iter()
        .filter(|i| i.parent_id == Some(overview_province))
        .count();
    if members != OVERVIEW_MEMBERS as usize {
        return Err(anyhow!(
            "the overview's province has {members} members, not {OVERVIEW_MEMBERS}"
        ));
    }
    add_superadmin(padu).await?;
    Ok(Tree {
        provinsi,
        instansi: ids,
        overview_province,
    })
}

/// The superadmin, through `padu user add`; signs in with [`superadmin`].
pub async fn add_superadmin(padu: &Padu) -> Result<()> {
    padu.run(
        &[
            "user",
            "add",
            "--username",
            SUPERADMIN,
            "--role",
            "superadmin",
            "--name",
            "Superadmin Uji Beban",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    )
    .await?;
    Ok(())
}

/// The superadmin's bearer token.
pub async fn superadmin(client: &Client) -> Result<Auth> {
    client.token(SUPERADMIN, PASSWORD).await
}

/// The superadmin's session cookie (for pages).
pub async fn superadmin_cookie(client: &Client) -> Result<Auth> {
    client.login_cookie(SUPERADMIN, PASSWORD).await
}

fn created_id(reply: crate::http::Reply, what: &str) -> Result<i64> {
    let json = reply.expect(what)?.json()?;
    json["id"]
        .as_i64()
        .ok_or_else(|| anyhow!("{what}: no id in {json}"))
}

async fn create_user(
    client: Client,
    admin: Auth,
    username: String,
    role: &'static str,
    instansi: i64,
    opd: Option<i64>,
) -> Result<Auth> {
    let reply = client
        .post_json(
            "/api/v1/users",
            &admin,
            json!({
                "username": username, "password": PASSWORD, "role": role,
                "instansi": instansi, "opd": opd, "name": format!("Pengguna {username}"),
            }),
        )
        .await?;
    created_id(reply, &format!("user {username}"))?;
    client.login_cookie(&username, PASSWORD).await
}

async fn create_period(
    client: &Client,
    admin: &Auth,
    instansi: i64,
    year: i32,
    kind: &str,
    opds: &[i64],
) -> Result<i64> {
    let reply = client
        .post_json(
            &format!("/api/v1/instansi/{instansi}/periods"),
            admin,
            json!({ "year": year, "kind": kind, "instrument": INSTRUMENT, "target": 3 }),
        )
        .await?;
    let id = created_id(reply, &format!("period {year} {kind}"))?;
    for n in 1..=20u16 {
        client
            .send(
                http::Method::PUT,
                &format!("/api/v1/periods/{id}/indicators/{n}/assignment"),
                admin,
                Body::Json(json!({ "lead_opd": opds[lead_of(n)], "opd": [] })),
            )
            .await?
            .expect("assignment")?;
    }
    Ok(id)
}

fn narrative(n: u16, round: u64) -> serde_json::Value {
    json!({
        "self_level": 1,
        "fakta": format!("Fakta indikator {n}, revisi {round}: kebijakan internal telah disusun \
                          dan dokumen pendukung dikumpulkan oleh OPD pengampu."),
        "analisis": format!("Analisis indikator {n}, revisi {round}: penerapan belum merata di \
                             seluruh perangkat daerah; rencana tindak lanjut disiapkan."),
    })
}

pub fn narrative_body(n: u16, round: u64) -> Body {
    Body::Json(narrative(n, round))
}

/// PATCH (claim and narrative), submit, accept: one indicator through review.
pub async fn review_pair(
    client: &Client,
    period: i64,
    n: u16,
    operator: &Auth,
    asesor: &Auth,
) -> Result<[crate::http::Reply; 3]> {
    let base = format!("/api/v1/periods/{period}/indicators/{n}");
    let patch = client
        .send(http::Method::PATCH, &base, operator, narrative_body(n, 0))
        .await?;
    let submit = client
        .send(
            http::Method::POST,
            &format!("{base}/submit"),
            operator,
            Body::Empty,
        )
        .await?;
    let level = 1 + u32::from(n) % 4;
    let accept = client
        .post_json(
            &format!("{base}/accept"),
            asesor,
            json!({ "level": level, "note": "Sesuai bukti dukung." }),
        )
        .await?;
    Ok([patch, submit, accept])
}

/// Everything after the server is up.
pub async fn populate(client: &Client, tree: &Tree, shape: Shape) -> Result<World> {
    let catalog = padu_core::catalog::Catalog::builtin()
        .map_err(|p| anyhow!("the built-in instruments do not load: {p:?}"))?;
    let instrument = catalog
        .instrument(INSTRUMENT)
        .ok_or_else(|| anyhow!("instrument {INSTRUMENT} missing"))?;
    let editable: Vec<u16> = instrument
        .indicators
        .iter()
        .filter(|i| !i.is_external())
        .map(|i| i.number)
        .collect();
    let admin = superadmin(client).await?;

    let provinsi_admin = create_user(
        client.clone(),
        admin.clone(),
        "provinsi.uji".into(),
        "admin_provinsi",
        tree.provinsi,
        None,
    )
    .await?;
    let overview_admin = create_user(
        client.clone(),
        admin.clone(),
        "provinsi.skala".into(),
        "admin_provinsi",
        tree.overview_province,
        None,
    )
    .await?;
    let mut world = World {
        instansi: Vec::new(),
        editable: editable.clone(),
        provinsi_admin,
        overview_province: tree.overview_province,
        overview_admin,
    };
    for (i, &id) in tree.instansi.iter().enumerate() {
        let mut opd_ids = Vec::new();
        for (name, kind) in OPD {
            let reply = client
                .post_json(
                    &format!("/api/v1/instansi/{id}/opd"),
                    &admin,
                    json!({ "name": name, "kind": kind }),
                )
                .await?;
            opd_ids.push(created_id(reply, "opd")?);
        }
        // accounts: every creation hashes a password and every sign-in checks one (Argon2id,
        // slow on purpose): two at a time, as the server has two cores
        let mut jobs = Vec::new();
        let tag = i + 1;
        jobs.push(create_user(
            client.clone(),
            admin.clone(),
            format!("koordinator.u{tag:02}"),
            "koordinator",
            id,
            None,
        ));
        jobs.push(create_user(
            client.clone(),
            admin.clone(),
            format!("asesor.u{tag:02}"),
            "asesor_internal",
            id,
            None,
        ));
        for (name, role) in [
            ("eksternal", "asesor_eksternal"),
            ("admin", "admin_instansi"),
            ("pimpinan", "pimpinan"),
        ] {
            jobs.push(create_user(
                client.clone(),
                admin.clone(),
                format!("{name}.u{tag:02}"),
                role,
                id,
                None,
            ));
        }
        for (o, &opd) in opd_ids.iter().enumerate() {
            for u in 0..shape.operators_per_opd {
                jobs.push(create_user(
                    client.clone(),
                    admin.clone(),
                    format!("operator.u{tag:02}.o{}.{:02}", o + 1, u + 1),
                    "operator_opd",
                    id,
                    Some(opd),
                ));
            }
        }
        let mut accounts = parallel(3, jobs).await?.into_iter();
        let coordinator = accounts.next().ok_or_else(|| anyhow!("no coordinator"))?;
        let asesor = accounts.next().ok_or_else(|| anyhow!("no asesor"))?;
        let eksternal = accounts
            .next()
            .ok_or_else(|| anyhow!("no external asesor"))?;
        let admin_instansi = accounts.next().ok_or_else(|| anyhow!("no admin"))?;
        let pimpinan = accounts.next().ok_or_else(|| anyhow!("no pimpinan"))?;
        let mut opds = Vec::new();
        for o in 0..opd_ids.len() {
            opds.push(OpdSeat {
                operators: accounts.by_ref().take(shape.operators_per_opd).collect(),
                led: editable
                    .iter()
                    .copied()
                    .filter(|&n| lead_of(n) == o)
                    .collect(),
            });
        }

        let current = create_period(client, &admin, id, 2026, "evaluasi", &opd_ids).await?;
        let reviewed = create_period(client, &admin, id, 2025, "evaluasi", &opd_ids).await?;
        let kinds = ["internal-s1", "internal-s2", "pemantauan"];
        let mut write_periods = Vec::new();
        for w in 0..shape.write_periods {
            let year = 2026 - i32::try_from(w / kinds.len())?;
            write_periods.push(
                create_period(client, &admin, id, year, kinds[w % kinds.len()], &opd_ids).await?,
            );
        }
        // the current period: every editable indicator claimed with a narrative
        for &n in &editable {
            let operator = &opds[lead_of(n)].operators[0];
            client
                .send(
                    http::Method::PATCH,
                    &format!("/api/v1/periods/{current}/indicators/{n}"),
                    operator,
                    narrative_body(n, 0),
                )
                .await?
                .expect("claim")?;
        }
        // the reviewed period: every editable indicator accepted
        for &n in &editable {
            let operator = &opds[lead_of(n)].operators[0];
            for reply in review_pair(client, reviewed, n, operator, &asesor).await? {
                reply.expect("review")?;
            }
        }
        world.instansi.push(Inst {
            id,
            current,
            reviewed,
            write_periods,
            coordinator,
            asesor,
            eksternal,
            admin: admin_instansi,
            pimpinan,
            opds,
        });
    }
    // a first look at every page the scenarios read, as each of its readers
    let overview = format!("/instansi/{}/ikhtisar", world.overview_province);
    for (path, who) in [
        (overview.as_str(), &world.overview_admin),
        ("/", &world.overview_admin),
        ("/", &world.provinsi_admin),
    ] {
        let reply = client.get(path, who).await?;
        if reply.status != http::StatusCode::OK {
            return Err(anyhow!("GET {path} answered {}", reply.status));
        }
    }
    for inst in &world.instansi {
        for (_, who) in inst.beranda_readers() {
            let reply = client.get("/", who).await?;
            if reply.status != http::StatusCode::OK {
                return Err(anyhow!(
                    "GET / (Beranda, instansi {}) answered {}",
                    inst.id,
                    reply.status
                ));
            }
        }
        for (path, who) in [
            (format!("/periode/{}", inst.current), &inst.coordinator),
            (
                format!("/periode/{}/tugas", inst.current),
                &inst.opds[0].operators[0],
            ),
            (
                format!(
                    "/periode/{}/indikator/{}",
                    inst.current, inst.opds[0].led[0]
                ),
                &inst.opds[0].operators[0],
            ),
            (
                format!("/api/v1/periods/{}/score?basis=accepted", inst.reviewed),
                &inst.coordinator,
            ),
        ] {
            let reply = client.get(&path, who).await?;
            if reply.status != http::StatusCode::OK {
                return Err(anyhow!(
                    "GET {path} (instansi {}) answered {}",
                    inst.id,
                    reply.status
                ));
            }
        }
    }
    Ok(world)
}
