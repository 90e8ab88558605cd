//! The deadline-day mix: operators in rounds (their Beranda, the task list, an indicator page, a
//! save, now and then an upload) with think time, and every other role reading their Beranda.

use super::*;

/// splitmix64, for think times.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn millis(&mut self, below: u64) -> Duration {
        Duration::from_millis(self.next() % below.max(1))
    }
}

/// Think time between a user's actions: uniform in 0..THINK_MS.
const THINK_MS: u64 = 1000;
/// Every operator uploads a 1 MB file every this many rounds.
const UPLOAD_EVERY: u64 = 8;

/// What a request of the deadline-day mix counts as.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// The task list, an indicator page, a coordinator's dashboard.
    Page,
    Save,
    Upload,
    /// `GET /` as one of the roles.
    Beranda(&'static str),
}

/// The deadline-day mix's outcomes by kind (the Beranda by role).
#[derive(Debug, Default)]
struct Parts {
    pages: Recorder,
    saves: Recorder,
    uploads: Recorder,
    beranda: BTreeMap<&'static str, Recorder>,
}

impl Parts {
    fn of(&mut self, kind: Kind) -> &mut Recorder {
        match kind {
            Kind::Page => &mut self.pages,
            Kind::Save => &mut self.saves,
            Kind::Upload => &mut self.uploads,
            Kind::Beranda(role) => self.beranda.entry(role).or_default(),
        }
    }

    fn merge(&mut self, other: Parts) {
        self.pages.merge(other.pages);
        self.saves.merge(other.saves);
        self.uploads.merge(other.uploads);
        for (role, rec) in other.beranda {
            self.beranda.entry(role).or_default().merge(rec);
        }
    }
}

/// The roles whose Beranda the deadline-day mix reads, in the order they are reported.
const BERANDA_ROLES: [&str; 7] = [
    "operator_opd",
    "asesor_internal",
    "asesor_eksternal",
    "admin_instansi",
    "koordinator",
    "pimpinan",
    "admin_provinsi",
];

/// One request of the mix with its think time before, noted under its kind.
async fn step(
    client: &Client,
    window: &Window,
    errors: &Errors,
    rng: &mut Rng,
    parts: &mut Parts,
    kind: Kind,
    job: &Job,
) {
    tokio::time::sleep(rng.millis(THINK_MS)).await;
    if !window.open() {
        return;
    }
    let started = Instant::now();
    let result = perform(client, job).await;
    note(
        parts.of(kind),
        window,
        started,
        job_path(job),
        result,
        errors,
    );
}

/// A user reading the same pages in rounds with think time, until the window closes.
fn reader(
    set: &mut JoinSet<Parts>,
    client: &Client,
    errors: &Errors,
    window: Window,
    seed: u64,
    steps: Vec<(Kind, Job)>,
) {
    let client = client.clone();
    let errors = errors.clone();
    set.spawn(async move {
        let mut rng = Rng(seed);
        let mut parts = Parts::default();
        while window.open() {
            for (kind, job) in &steps {
                step(&client, &window, &errors, &mut rng, &mut parts, *kind, job).await;
            }
        }
        parts
    });
}

/// 300 operators (10 per OPD, 3 OPDs in each of 10 instansi) working on the last day, each
/// in rounds: their Beranda, the task list, an indicator page, a narrative save, now and then a
/// 1 MB upload, with think time between; each instansi's coordinator reading the Beranda and
/// the dashboard; its internal and external assessor, admin and pimpinan, and the province's
/// admin, reading their Beranda.
pub(super) async fn deadline_day(
    client: &Client,
    world: &World,
    plan: &Plan,
    errors: &Errors,
) -> Result<(Recorder, Window, Extra)> {
    let window = Window::new(plan.warmup, plan.deadline);
    let mut set = JoinSet::new();
    let mut users = 0u64;
    let beranda = |role: &'static str, who: &crate::http::Auth| {
        (Kind::Beranda(role), Job::Get("/".into(), who.clone()))
    };
    for (ii, i) in world.instansi.iter().enumerate() {
        for seat in &i.opds {
            for (u, op) in seat.operators.iter().enumerate() {
                users += 1;
                let client = client.clone();
                let errors = errors.clone();
                let op = op.clone();
                let period = i.current;
                let led = seat.led.clone();
                let seed = users;
                set.spawn(async move {
                    let mut rng = Rng(seed * 7919);
                    let mut parts = Parts::default();
                    let mut round = u as u64;
                    while window.open() {
                        let n = led[(rng.next() as usize) % led.len().max(1)];
                        let steps = [
                            (
                                Kind::Beranda("operator_opd"),
                                Job::Get("/".into(), op.clone()),
                            ),
                            (
                                Kind::Page,
                                Job::Get(format!("/periode/{period}/tugas"), op.clone()),
                            ),
                            (
                                Kind::Page,
                                Job::Get(format!("/periode/{period}/indikator/{n}"), op.clone()),
                            ),
                            (
                                Kind::Save,
                                Job::Patch(
                                    format!("/api/v1/periods/{period}/indicators/{n}"),
                                    op.clone(),
                                    n,
                                ),
                            ),
                        ];
                        let upload = round.is_multiple_of(UPLOAD_EVERY).then(|| {
                            (
                                Kind::Upload,
                                Job::Upload(
                                    format!("/api/v1/periods/{period}/indicators/{n}/evidence"),
                                    op.clone(),
                                    MB,
                                ),
                            )
                        });
                        for (kind, job) in steps.iter().chain(upload.iter()) {
                            step(&client, &window, &errors, &mut rng, &mut parts, *kind, job).await;
                        }
                        round += 1;
                    }
                    parts
                });
            }
        }
        let seed = 0xC0FF_EE00 + 8 * ii as u64;
        reader(
            &mut set,
            client,
            errors,
            window,
            seed,
            vec![
                beranda("koordinator", &i.coordinator),
                (
                    Kind::Page,
                    Job::Get(format!("/periode/{}", i.current), i.coordinator.clone()),
                ),
            ],
        );
        for (k, (role, who)) in [
            ("asesor_internal", &i.asesor),
            ("asesor_eksternal", &i.eksternal),
            ("admin_instansi", &i.admin),
            ("pimpinan", &i.pimpinan),
        ]
        .into_iter()
        .enumerate()
        {
            reader(
                &mut set,
                client,
                errors,
                window,
                seed + 1 + k as u64,
                vec![beranda(role, who)],
            );
        }
        users += 5;
    }
    reader(
        &mut set,
        client,
        errors,
        window,
        0xAD01_0000,
        vec![beranda("admin_provinsi", &world.provinsi_admin)],
    );
    users += 1;
    let mut parts = Parts::default();
    while let Some(done) = set.join_next().await {
        parts.merge(done?);
    }
    let measured = window.measured();
    let p99 = |r: &Recorder| {
        let s = r.clone().summary(measured);
        ((s.p99_ms * 100.0).round() / 100.0, s.requests)
    };
    let mut extra: Extra = vec![
        ("users".into(), users.into()),
        ("think_ms_max".into(), THINK_MS.into()),
    ];
    for (label, rec) in [
        ("pages", &parts.pages),
        ("saves", &parts.saves),
        ("uploads", &parts.uploads),
    ] {
        let (p, n) = p99(rec);
        extra.push((format!("{label}_p99_ms"), p.into()));
        extra.push((label.into(), n.into()));
    }
    let mut all_beranda = Recorder::default();
    for rec in parts.beranda.values() {
        all_beranda.merge(rec.clone());
    }
    let (p, n) = p99(&all_beranda);
    extra.push(("beranda_p99_ms".into(), p.into()));
    extra.push(("beranda".into(), n.into()));
    for role in BERANDA_ROLES {
        let (p, _) = p99(parts.beranda.get(role).unwrap_or(&Recorder::default()));
        extra.push((format!("beranda_{role}_p99_ms"), p.into()));
    }
    let mut all = parts.pages;
    all.merge(parts.saves);
    all.merge(parts.uploads);
    all.merge(all_beranda);
    Ok((all, window, extra))
}
