//! Test support shared by every crate's tests: a fresh database per test, on each backend.
//!
//! `PADU_TEST_BACKENDS` chooses the backends (default `sqlite,postgres`).
//! `PADU_TEST_POSTGRES_URL` is the server to use (default
//! `postgres://postgres@127.0.0.1:5432/postgres`); each test gets its own schema there, dropped
//! when the test finishes. Where no PostgreSQL answers, its runs are skipped with a message,
//! unless `PADU_TEST_REQUIRE_POSTGRES=1` (as in CI), which makes that a failure.

use std::io::Write as _;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Once, OnceLock};
use std::time::Duration;

use sea_orm::{ConnectionTrait, Database};

use sea_orm_migration::MigratorTrait;

use crate::Store;
use crate::migration::Migrator;

/// One fresh, migrated database.
#[derive(Debug)]
pub struct TestDb {
    pub store: Store,
    /// "sqlite" or "postgres", for assertion messages.
    pub label: &'static str,
    /// How to connect to this database again (URL, PostgreSQL schema).
    url: (String, Option<String>),
    cleanup: Cleanup,
}

#[derive(Debug)]
enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, schema: String },
}

static COUNTER: AtomicU64 = AtomicU64::new(0);
static SKIP_NOTICE: Once = Once::new();

const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn wanted(backend: &str) -> bool {
    std::env::var("PADU_TEST_BACKENDS")
        .unwrap_or_else(|_| "sqlite,postgres".into())
        .split(',')
        .any(|b| b.trim() == backend)
}

/// A fresh database on every configured backend that is available.
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = Vec::new();
    if wanted("sqlite") {
        dbs.push(sqlite().await);
    }
    if wanted("postgres")
        && let Some(db) = postgres().await
    {
        dbs.push(db);
    }
    assert!(
        !dbs.is_empty(),
        "PADU_TEST_BACKENDS names no available backend"
    );
    dbs
}

/// A fresh database on every configured backend that is available, migrated only through the
/// migration named `last`: the schema an earlier release left, for the upgrade tests (which
/// then write that release's rows and call `Store::migrate`).
pub async fn databases_through(last: &str) -> Vec<TestDb> {
    let mut all = Vec::new();
    if wanted("sqlite") {
        all.push(sqlite_through(Some(last)).await);
    }
    if wanted("postgres")
        && let Some(db) = postgres_through(Some(last)).await
    {
        all.push(db);
    }
    assert!(
        !all.is_empty(),
        "PADU_TEST_BACKENDS names no available backend"
    );
    all
}

/// Every migration, or those through the one named `through`.
async fn migrate(store: &Store, through: Option<&str>) -> Result<(), crate::StoreError> {
    match through {
        None => store.migrate().await,
        Some(last) => {
            let steps = Migrator::migrations()
                .iter()
                .position(|m| m.name() == last)
                .unwrap_or_else(|| panic!("no migration is named {last}"))
                + 1;
            Migrator::up(&store.db, Some(steps as u32)).await?;
            Ok(())
        }
    }
}

/// A fresh SQLite database in a temporary file.
pub async fn sqlite() -> TestDb {
    sqlite_through(None).await
}

async fn sqlite_through(through: Option<&str>) -> TestDb {
    let path = std::env::temp_dir().join(format!("{}.db", unique("padu_test")));
    let url = format!("sqlite://{}", path.display());
    let store = Store::connect(&url, None).await.expect("SQLite opens");
    migrate(&store, through)
        .await
        .expect("migrations apply on SQLite");
    TestDb {
        store,
        label: "sqlite",
        url: (url, None),
        cleanup: Cleanup::Sqlite(path),
    }
}

/// A fresh schema on the test PostgreSQL server, or `None` (with a notice) when none answers.
pub async fn postgres() -> Option<TestDb> {
    postgres_through(None).await
}

async fn postgres_through(through: Option<&str>) -> Option<TestDb> {
    let admin_url =
        std::env::var("PADU_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.into());
    let required = std::env::var("PADU_TEST_REQUIRE_POSTGRES").is_ok_and(|v| v == "1");
    let unreachable = |why: String| {
        assert!(
            !required,
            "PostgreSQL is required (PADU_TEST_REQUIRE_POSTGRES=1) but {why}"
        );
        SKIP_NOTICE.call_once(|| {
            // Written past the test harness's capture, so the skip is seen in every run.
            let _ = writeln!(
                std::io::stderr(),
                "PostgreSQL tests skipped: {why}. Start PostgreSQL or set PADU_TEST_POSTGRES_URL; \
                 .ci/run always runs them."
            );
        });
    };
    if let Err(why) = reachable(&admin_url) {
        unreachable(why);
        return None;
    }
    let admin = match Database::connect(admin_url.as_str()).await {
        Ok(db) => db,
        Err(e) => {
            unreachable(format!("{admin_url} refused the connection ({e})"));
            return None;
        }
    };
    let schema = unique("padu_t");
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create test schema");
    let _ = admin.close().await;
    let store = Store::connect(&admin_url, Some(&schema))
        .await
        .expect("PostgreSQL connects");
    migrate(&store, through)
        .await
        .expect("migrations apply on PostgreSQL");
    Some(TestDb {
        store,
        label: "postgres",
        url: (admin_url.clone(), Some(schema.clone())),
        cleanup: Cleanup::Postgres { admin_url, schema },
    })
}

/// Whether something listens at the URL's host and port: checked once per test process, with
/// a short timeout, so a machine without PostgreSQL skips quickly.
fn reachable(url: &str) -> Result<(), String> {
    static PROBE: OnceLock<Result<(), String>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host_port = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            let host_port = host_port.split(['/', '?']).next().unwrap_or("127.0.0.1");
            let address = if host_port.contains(':') {
                host_port.to_string()
            } else {
                format!("{host_port}:5432")
            };
            let addrs = address
                .to_socket_addrs()
                .map_err(|e| format!("{address} cannot be resolved ({e})"))?;
            for addr in addrs {
                if TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_ok() {
                    return Ok(());
                }
            }
            Err(format!("no server answers at {address}"))
        })
        .clone()
}

impl TestDb {
    /// Runs raw SQL on this database (for tests that tamper with stored data on purpose).
    pub async fn execute(&self, sql: &str) {
        self.store
            .db
            .execute_unprepared(sql)
            .await
            .expect("raw SQL runs");
    }

    /// Counts every statement this database runs from now on, through this store and through
    /// every clone of it made afterwards (call it before handing the store to an application).
    /// For tests that check a page loads in a fixed number of queries.
    pub fn count_queries(&mut self) -> Arc<AtomicUsize> {
        let count = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&count);
        self.store.db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        count
    }

    /// A second connection to this database with change counters of its own: what another
    /// process (the command line, a second server) would see and do.
    pub async fn another_process(&self) -> Store {
        Store::connect(&self.url.0, self.url.1.as_deref())
            .await
            .expect("the database opens a second time")
    }

    /// Closes the database and removes it.
    pub async fn finish(self) {
        self.store.close().await;
        match self.cleanup {
            Cleanup::Sqlite(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, schema } => {
                if let Ok(admin) = Database::connect(admin_url.as_str()).await {
                    let _ = admin
                        .execute_unprepared(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                        .await;
                    let _ = admin.close().await;
                }
            }
        }
    }
}
