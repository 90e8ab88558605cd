//! The scenarios. Each runs a warm-up, then measures for a fixed time; requests started in
//! the measured window count. An error is a transport failure or a status other than 2xx/3xx.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use http::Method;
use tokio::task::JoinSet;

use crate::http::{Auth, Body, Client, Reply, evidence_form, random_pdf};
use crate::seed::{World, narrative_body, review_pair};
use crate::server::RssSampler;
use crate::stats::{Recorder, ResultRow};

mod datastore;
mod deadline;
mod portal;
mod roadmap;
mod visibility;

use deadline::deadline_day;

/// `visibility` runs by default only across several instances (`--instances 2`).
pub const SCENARIOS: [&str; 12] = [
    "dashboard",
    "indicator-list",
    "score",
    "overview",
    "write",
    "upload-1mb",
    "upload-20mb",
    "deadline-day",
    "portal",
    "visibility",
    "datastore",
    "roadmap",
];

const MB: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Plan {
    pub measure: Duration,
    pub warmup: Duration,
    pub deadline: Duration,
    /// Rows of the DataStore scenario's generated CSV.
    pub datastore_rows: usize,
    /// The server's data directory (the DataStore scenario writes its CSV there).
    pub data_dir: std::path::PathBuf,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    measure_start: Instant,
    end: Instant,
}

impl Window {
    fn new(warmup: Duration, measure: Duration) -> Window {
        let now = Instant::now();
        Window {
            measure_start: now + warmup,
            end: now + warmup + measure,
        }
    }

    fn open(&self) -> bool {
        Instant::now() < self.end
    }

    fn counts(&self, started: Instant) -> bool {
        started >= self.measure_start && started < self.end
    }

    fn measured(&self) -> Duration {
        self.end - self.measure_start
    }
}

/// Collects one scenario's outcomes from its tasks.
#[derive(Debug, Clone, Default)]
struct Errors(Arc<Mutex<(u64, Option<String>)>>);

impl Errors {
    fn keep(&self, what: String) {
        if let Ok(mut e) = self.0.lock() {
            e.0 += 1;
            if e.1.is_none() {
                e.1 = Some(what);
            }
        }
    }

    fn report(&self, scenario: &str) {
        if let Ok(e) = self.0.lock()
            && let Some(first) = &e.1
        {
            eprintln!(
                "  {scenario}: {} failed request(s), the first: {first}",
                e.0
            );
        }
    }
}

fn note(
    rec: &mut Recorder,
    window: &Window,
    started: Instant,
    what: &str,
    result: Result<Reply>,
    errors: &Errors,
) {
    let counts = window.counts(started);
    match result {
        Ok(reply) if reply.fine() => {
            if counts {
                rec.ok(reply.elapsed, reply.status.is_redirection());
            }
        }
        Ok(reply) => {
            if counts {
                rec.error(reply.elapsed);
            }
            let body = String::from_utf8_lossy(&reply.body);
            let body: String = body.chars().take(300).collect();
            errors.keep(format!("{what}: {} {body}", reply.status));
        }
        Err(e) => {
            if counts {
                rec.error(started.elapsed());
            }
            errors.keep(format!("{what}: {e:#}"));
        }
    }
}

static SEQ: AtomicU64 = AtomicU64::new(1);

/// A number never used before in this run (distinct upload contents, narratives).
fn next_seq() -> u64 {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// A request of a closed-loop worker.
#[derive(Debug, Clone)]
enum Job {
    Get(String, Auth),
    Patch(String, Auth, u16),
    Upload(String, Auth, usize),
}

async fn perform(client: &Client, job: &Job) -> Result<Reply> {
    match job {
        Job::Get(path, auth) => client.get(path, auth).await,
        Job::Patch(path, auth, n) => {
            client
                .send(Method::PATCH, path, auth, narrative_body(*n, next_seq()))
                .await
        }
        Job::Upload(path, auth, size) => {
            let seq = next_seq();
            let content = random_pdf(*size, seq ^ 0x5eed_0000_0000);
            let body = evidence_form(1, &format!("bukti-{seq}.pdf"), &content, seq);
            drop(content);
            client.send(Method::POST, path, auth, body).await
        }
    }
}

fn job_path(job: &Job) -> &str {
    match job {
        Job::Get(p, _) | Job::Patch(p, _, _) | Job::Upload(p, _, _) => p,
    }
}

/// `conns` workers, each sending its jobs in turn with no pause, until the window closes.
async fn closed_loop(
    client: &Client,
    conns: usize,
    jobs: Vec<Job>,
    window: Window,
    errors: &Errors,
) -> Result<Recorder> {
    if jobs.is_empty() {
        bail!("no requests to send");
    }
    let jobs = Arc::new(jobs);
    let mut set = JoinSet::new();
    for w in 0..conns {
        let client = client.clone();
        let jobs = jobs.clone();
        let errors = errors.clone();
        set.spawn(async move {
            let mut rec = Recorder::default();
            let mut i = w;
            while window.open() {
                let job = &jobs[i % jobs.len()];
                let started = Instant::now();
                let result = perform(&client, job).await;
                note(&mut rec, &window, started, job_path(job), result, &errors);
                i += conns;
            }
            rec
        });
    }
    let mut all = Recorder::default();
    while let Some(done) = set.join_next().await {
        all.merge(done?);
    }
    Ok(all)
}

/// A scenario's own keys of its results row.
type Extra = Vec<(String, serde_json::Value)>;

fn extra<const N: usize>(pairs: [(&str, serde_json::Value); N]) -> Extra {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

pub async fn run(
    name: &str,
    client: &Client,
    world: &World,
    plan: &Plan,
    rss: &RssSampler,
    backend: &str,
) -> Result<ResultRow> {
    let errors = Errors::default();
    let rss_start = rss.reset();
    let (rec, window, extra): (Recorder, Window, Extra) = match name {
        "dashboard" => {
            let jobs = world
                .instansi
                .iter()
                .map(|i| Job::Get(format!("/periode/{}", i.current), i.coordinator.clone()))
                .collect();
            let window = Window::new(plan.warmup, plan.measure);
            let rec = closed_loop(client, 64, jobs, window, &errors).await?;
            (rec, window, extra([("connections", 64.into())]))
        }
        "indicator-list" => {
            let mut jobs = Vec::new();
            for u in 0..10 {
                for o in 0..3 {
                    for i in &world.instansi {
                        let seat = &i.opds[o];
                        let op = &seat.operators[u % seat.operators.len()];
                        jobs.push(Job::Get(
                            format!("/periode/{}/tugas", i.current),
                            op.clone(),
                        ));
                    }
                }
            }
            let window = Window::new(plan.warmup, plan.measure);
            let rec = closed_loop(client, 64, jobs, window, &errors).await?;
            (rec, window, extra([("connections", 64.into())]))
        }
        "score" => {
            let jobs = world
                .instansi
                .iter()
                .map(|i| {
                    Job::Get(
                        format!("/api/v1/periods/{}/score?basis=accepted", i.reviewed),
                        i.coordinator.clone(),
                    )
                })
                .collect();
            let window = Window::new(plan.warmup, plan.measure);
            let rec = closed_loop(client, 64, jobs, window, &errors).await?;
            (rec, window, extra([("connections", 64.into())]))
        }
        "overview" => {
            // the province overview page of its 38 kabupaten/kota, as its admin_provinsi
            let jobs = vec![Job::Get(
                format!("/instansi/{}/ikhtisar", world.overview_province),
                world.overview_admin.clone(),
            )];
            let window = Window::new(plan.warmup, plan.measure);
            let rec = closed_loop(client, 64, jobs, window, &errors).await?;
            (
                rec,
                window,
                extra([
                    ("connections", 64.into()),
                    ("members", crate::seed::OVERVIEW_MEMBERS.into()),
                ]),
            )
        }
        "write" => write(client, world, plan, &errors).await?,
        "upload-1mb" => {
            let jobs = upload_jobs(world, MB);
            let window = Window::new(plan.warmup, plan.measure);
            let rec = closed_loop(client, 8, jobs, window, &errors).await?;
            (rec, window, extra([("connections", 8.into())]))
        }
        "upload-20mb" => {
            // one upload at a time and no warm-up: the RSS rise is what one 20 MB upload costs
            let jobs = upload_jobs(world, 20 * MB);
            let window = Window::new(Duration::ZERO, plan.measure);
            let rec = closed_loop(client, 1, jobs, window, &errors).await?;
            let rise = rss.window_max_kb().saturating_sub(rss_start);
            (
                rec,
                window,
                extra([
                    ("connections", 1.into()),
                    ("rss_rise_mb", ((mb(rise) * 10.0).round() / 10.0).into()),
                ]),
            )
        }
        "deadline-day" => deadline_day(client, world, plan, &errors).await?,
        "portal" => portal::portal(client, world, plan, &errors).await?,
        "visibility" => visibility::visibility(client, world, plan, &errors).await?,
        "datastore" => {
            datastore::datastore(client, world, plan, &errors, rss, &plan.data_dir).await?
        }
        "roadmap" => roadmap::roadmap(client, world, plan, &errors).await?,
        other => bail!("unknown scenario {other}"),
    };
    errors.report(name);
    let summary = rec.summary(window.measured());
    let mut row = ResultRow::new(backend, name, &summary, mb(rss.hwm_kb()))
        .with("seconds", window.measured().as_secs_f64())
        .with(
            "rss_start_mb",
            ((mb(rss_start) * 10.0).round() / 10.0).max(0.0),
        )
        .with(
            "rss_max_mb",
            (mb(rss.window_max_kb()) * 10.0).round() / 10.0,
        );
    for (k, v) in extra {
        row = row.with(&k, v);
    }
    Ok(row)
}

/// Uploads by each OPD's operators to the indicators their OPD leads (current period).
fn upload_jobs(world: &World, size: usize) -> Vec<Job> {
    let mut jobs = Vec::new();
    for i in &world.instansi {
        for seat in &i.opds {
            for (k, &n) in seat.led.iter().enumerate() {
                jobs.push(Job::Upload(
                    format!("/api/v1/periods/{}/indicators/{n}/evidence", i.current),
                    seat.operators[k % seat.operators.len()].clone(),
                    size,
                ));
            }
        }
    }
    jobs
}

/// Narrative saves on 8 connections, plus 2 workers taking fresh indicators through PATCH,
/// submit and accept (until the seeded write periods run out).
async fn write(
    client: &Client,
    world: &World,
    plan: &Plan,
    errors: &Errors,
) -> Result<(Recorder, Window, Extra)> {
    let mut jobs = Vec::new();
    for i in &world.instansi {
        for seat in &i.opds {
            for (k, &n) in seat.led.iter().enumerate() {
                jobs.push(Job::Patch(
                    format!("/api/v1/periods/{}/indicators/{n}", i.current),
                    seat.operators[k % seat.operators.len()].clone(),
                    n,
                ));
            }
        }
    }
    let mut queue = VecDeque::new();
    for p in 0..world.instansi.first().map_or(0, |i| i.write_periods.len()) {
        for &n in &world.editable {
            for i in &world.instansi {
                let seat = &i.opds[crate::seed::lead_of(n)];
                queue.push_back((
                    i.write_periods[p],
                    n,
                    seat.operators[0].clone(),
                    i.asesor.clone(),
                ));
            }
        }
    }
    let available = queue.len();
    let queue = Arc::new(Mutex::new(queue));
    let window = Window::new(plan.warmup, plan.measure);
    let pairs_done = Arc::new(AtomicU64::new(0));
    let mut set = JoinSet::new();
    for _ in 0..2 {
        let client = client.clone();
        let queue = queue.clone();
        let errors = errors.clone();
        let pairs_done = pairs_done.clone();
        set.spawn(async move {
            let mut rec = Recorder::default();
            while window.open() {
                let next = queue.lock().ok().and_then(|mut q| q.pop_front());
                let Some((period, n, operator, asesor)) = next else {
                    break;
                };
                let started = Instant::now();
                match review_pair(&client, period, n, &operator, &asesor).await {
                    Ok(replies) => {
                        let all_fine = replies.iter().all(Reply::fine);
                        for reply in replies {
                            note(&mut rec, &window, started, "review", Ok(reply), &errors);
                        }
                        if all_fine && window.counts(started) {
                            pairs_done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(e) => note(&mut rec, &window, started, "review", Err(e), &errors),
                }
            }
            rec
        });
    }
    let mut rec = closed_loop(client, 8, jobs, window, errors).await?;
    while let Some(done) = set.join_next().await {
        rec.merge(done?);
    }
    let pairs = pairs_done.load(Ordering::Relaxed);
    Ok((
        rec,
        window,
        extra([
            ("connections", 10.into()),
            ("review_pairs", pairs.into()),
            ("review_pairs_available", available.into()),
        ]),
    ))
}
