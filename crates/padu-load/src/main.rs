//! `padu-load`: the load benchmark of `bench/run`. Starts a release `padu serve` on loopback
//! with a fresh database, seeds it through the API, drives the scenarios and writes
//! `target/bench/results.json`. See bench/README.md.

mod http;
mod national;
mod scenarios;
mod seed;
mod server;
mod stats;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use clap::Parser;

use crate::scenarios::{Plan, SCENARIOS};
use crate::seed::Shape;
use crate::server::{Padu, RssSampler};

#[derive(Debug, Parser)]
#[command(
    name = "padu-load",
    about = "Padu load benchmark (run through bench/run)"
)]
struct Args {
    /// The `padu` binary (a release build).
    #[arg(long)]
    padu: PathBuf,
    /// `sqlite` or `postgres`.
    #[arg(long)]
    backend: String,
    /// The database URL (for `postgres`: an empty database); SQLite in the data dir otherwise.
    #[arg(long)]
    database_url: Option<String>,
    /// A fresh, empty directory for the server's data.
    #[arg(long)]
    data_dir: PathBuf,
    /// Where the results go (rows of other backends or scenarios already there are kept).
    #[arg(long, default_value = "target/bench/results.json")]
    results: PathBuf,
    /// Short scenarios (the whole of `bench/run --quick` stays under two minutes).
    #[arg(long)]
    quick: bool,
    /// Only these scenarios (comma-separated).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Seconds measured per scenario (after a warm-up); default 3 with --quick, else 15.
    #[arg(long)]
    seconds: Option<f64>,
    /// Rows of the `datastore` scenario's generated CSV (1,000,000; 20,000 with --quick).
    #[arg(long)]
    datastore_rows: Option<usize>,
    /// Instead of the scenarios: the national overview on national-scale data (`padu generate
    /// scale` with its defaults), one request at a time.
    #[arg(long)]
    national: bool,
    /// How many `padu serve` instances share the database (PostgreSQL only for more than one);
    /// the load client sends its requests to them in turn.
    #[arg(long, default_value_t = 1)]
    instances: usize,
}

fn main() -> Result<()> {
    let args = Args::parse();
    // One thread for the load generator: the server gets the rest of the machine.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(run(args))
}

async fn run(args: Args) -> Result<()> {
    for name in &args.only {
        if !SCENARIOS.contains(&name.as_str()) {
            bail!("unknown scenario {name}: one of {}", SCENARIOS.join(", "));
        }
    }
    if args.instances == 0 || (args.instances > 1 && args.backend != "postgres") {
        bail!("--instances: 1, or more on PostgreSQL (SQLite serves one instance)");
    }
    if args.instances > 1 && args.national {
        bail!("--national runs on one instance");
    }
    // the rows of a run across instances are their own (`postgres-2`), beside one server's
    let label = if args.instances > 1 {
        format!("{}-{}", args.backend, args.instances)
    } else {
        args.backend.clone()
    };
    let backend = args.backend.as_str();
    std::fs::create_dir_all(&args.data_dir)?;
    let database_url = match (backend, &args.database_url) {
        ("sqlite", None) => format!(
            "sqlite://{}",
            std::fs::canonicalize(&args.data_dir)?
                .join("padu.db")
                .display()
        ),
        ("sqlite" | "postgres", Some(url)) => url.clone(),
        ("postgres", None) => bail!("--backend postgres needs --database-url"),
        (other, _) => bail!("unknown backend {other}: sqlite or postgres"),
    };
    std::fs::create_dir_all(&args.data_dir)?;
    // the server runs in its data directory: absolute paths only
    let padu = Padu {
        binary: std::fs::canonicalize(&args.padu)
            .with_context(|| format!("no padu binary at {}", args.padu.display()))?,
        data_dir: std::fs::canonicalize(&args.data_dir)?,
        database_url,
    };
    let shape = Shape {
        instansi: 10,
        operators_per_opd: 10,
        write_periods: if args.quick { 2 } else { 6 },
    };
    let seconds = args.seconds.unwrap_or(if args.quick { 3.0 } else { 15.0 });
    let plan = Plan {
        measure: Duration::from_secs_f64(seconds),
        warmup: Duration::from_secs_f64((seconds / 5.0).clamp(0.5, 3.0)),
        // the deadline-day mix runs twice as long: 300 users with think time need it
        deadline: Duration::from_secs_f64(seconds * 2.0),
        datastore_rows: args
            .datastore_rows
            .unwrap_or(if args.quick { 20_000 } else { 1_000_000 }),
        data_dir: padu.data_dir.clone(),
    };

    let started = Instant::now();
    let log = args.data_dir.join("server.log");
    if args.national {
        let rows = national::run(&padu, &log, backend, args.quick).await?;
        print_header();
        for row in &rows {
            print_row(row);
        }
        stats::write_results(&args.results, &rows)?;
        eprintln!(
            "[{backend}] done in {:.1} s; results in {}",
            started.elapsed().as_secs_f64(),
            args.results.display()
        );
        return Ok(());
    }
    let tree = seed::prepare(&padu, shape).await?;
    // every instance on the same database and evidence directory, each with its own log
    let mut servers = Vec::new();
    for n in 0..args.instances {
        let log = if n == 0 {
            log.clone()
        } else {
            args.data_dir.join(format!("server-{}.log", n + 1))
        };
        match padu.serve(&log).await {
            Ok(server) => {
                eprintln!(
                    "[{label}] padu serve at {} (pid {}), log {}",
                    server.address,
                    server.pid,
                    log.display()
                );
                servers.push(server);
            }
            Err(e) => {
                stop(servers).await;
                return Err(e);
            }
        }
    }
    let addresses: Vec<String> = servers.iter().map(|s| s.address.clone()).collect();
    let client = http::Client::new(&addresses);
    let world = match seed::populate(&client, &tree, shape).await {
        Ok(w) => w,
        Err(e) => {
            stop(servers).await;
            return Err(e.context(format!("seeding failed; see {}", log.display())));
        }
    };
    eprintln!(
        "[{label}] seeded {} instansi, {} OPDs, {} operators, and a province of {} \
         kabupaten/kota for the overview in {:.1} s",
        world.instansi.len(),
        world.instansi.len() * 3,
        world.instansi.len() * 3 * shape.operators_per_opd,
        seed::OVERVIEW_MEMBERS,
        started.elapsed().as_secs_f64()
    );
    let rss = RssSampler::start(servers.iter().map(|s| s.pid).collect());
    print_header();
    let mut rows = Vec::new();
    for name in SCENARIOS {
        let wanted = if args.only.is_empty() {
            // across one server there is no other instance to see a write
            name != "visibility" || args.instances > 1
        } else {
            args.only.iter().any(|o| o == name)
        };
        if !wanted {
            continue;
        }
        let outcome = scenarios::run(name, &client, &world, &plan, &rss, &label).await;
        match outcome {
            Ok(mut row) => {
                if args.instances > 1 {
                    row = row.with("instances", args.instances);
                }
                print_row(&row);
                rows.push(row);
            }
            Err(e) => {
                stop(servers).await;
                return Err(e.context(format!("scenario {name}; see {}", log.display())));
            }
        }
    }
    stop(servers).await;
    stats::write_results(&args.results, &rows)?;
    eprintln!(
        "[{label}] done in {:.1} s; results in {}",
        started.elapsed().as_secs_f64(),
        args.results.display()
    );
    Ok(())
}

async fn stop(servers: Vec<server::Server>) {
    for server in servers {
        server.stop().await;
    }
}

fn print_header() {
    println!(
        "{:<8} {:<15} {:>9} {:>8} {:>8} {:>8} {:>7} {:>9}  notes",
        "backend", "scenario", "req/s", "p50 ms", "p99 ms", "max ms", "errors", "peak MB"
    );
}

fn print_row(row: &stats::ResultRow) {
    let notes: Vec<String> = row
        .extra
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "requests" | "max_ms"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    println!(
        "{:<8} {:<15} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>9.1}  {}",
        row.backend,
        row.scenario,
        row.rps,
        row.p50_ms,
        row.p99_ms,
        row.extra
            .get("max_ms")
            .and_then(serde_json::Value::as_f64)
            .unwrap_or(0.0),
        row.errors,
        row.peak_rss_mb,
        notes.join(" ")
    );
}
