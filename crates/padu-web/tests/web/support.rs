//! Builds the real application on a fresh database and sends it requests in process.

#![allow(dead_code)]

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use padu_app::{App, Settings};
use padu_core::Catalog;
use padu_core::access::{InstansiKind, Role};
use padu_store::testing::TestDb;
use padu_store::{NewInstansi, NewUser, Who};
use tower::ServiceExt as _;

/// `PADU_TEST_INSTANCES=2`: every [`TestApp`] on PostgreSQL is two instances (two routers, each
/// with its own store, read caches and in-memory state, as two servers behind a load balancer
/// have) on one database, and its requests alternate between them: the API tests then show that
/// two instances answer as one. SQLite serves one instance and is left as it is. A test that
/// builds its own router (a mailer, the demo) runs on that one alone.
pub fn two_instances(db: &TestDb) -> bool {
    db.label == "postgres" && std::env::var("PADU_TEST_INSTANCES").is_ok_and(|v| v.trim() == "2")
}

/// An application on `store` with the evidence files in `files_dir` and the default settings.
fn instance_state(store: padu_store::Store, files_dir: &std::path::Path) -> App {
    let catalog = Arc::new(Catalog::builtin().expect("catalog"));
    let files = padu_files::FileStore::new(&padu_files::FilesConfig::Local {
        dir: files_dir.to_path_buf(),
    })
    .expect("file store")
    .with_max_size(5 * 1024 * 1024);
    App::new(store, files, catalog, Settings::default())
}

/// One router that sends its requests to `a` and `b` in turn (round robin, as a load balancer).
fn alternating(a: Router, b: Router) -> Router {
    let turn = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let pick = tower::service_fn(move |request: Request<Body>| {
        let n = turn.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let router = if n.is_multiple_of(2) {
            a.clone()
        } else {
            b.clone()
        };
        router.oneshot(request)
    });
    Router::new().fallback_service(pick)
}

/// The password of every account made by [`seed`].
pub const PASSWORD: &str = "Uji#Lereng#Wilis#2026";

/// A small organisation tree with one user per role.
#[derive(Debug, Clone)]
pub struct Seed {
    pub nasional: i64,
    pub jatim: i64,
    pub trenggalek: i64,
    pub mojokerto: i64,
    pub jateng: i64,
    pub diskominfo: i64,
    pub bappeda: i64,
    pub mojokerto_opd: i64,
}

pub struct TestApp {
    pub db: TestDb,
    /// The evidence files of this app (a fresh directory).
    pub files_dir: tempfile::TempDir,
    pub router: Router,
    pub seed: Seed,
}

pub async fn seed(db: &TestDb) -> Seed {
    let store = &db.store;
    let who = Who::system("uji");
    let inst = |kind, name: &str, parent| NewInstansi {
        kind,
        name: name.to_string(),
        parent_id: parent,
        kode_wilayah: None,
        timezone: "WIB".into(),
    };
    let nasional = store
        .create_instansi(&who, inst(InstansiKind::Nasional, "Nasional", None))
        .await
        .expect("seed");
    let jatim = store
        .create_instansi(
            &who,
            inst(
                InstansiKind::Provinsi,
                "Provinsi Jawa Timur",
                Some(nasional),
            ),
        )
        .await
        .expect("seed");
    let jateng = store
        .create_instansi(
            &who,
            inst(
                InstansiKind::Provinsi,
                "Provinsi Jawa Tengah",
                Some(nasional),
            ),
        )
        .await
        .expect("seed");
    let trenggalek = store
        .create_instansi(
            &who,
            inst(InstansiKind::Kabupaten, "Kabupaten Trenggalek", Some(jatim)),
        )
        .await
        .expect("seed");
    let mojokerto = store
        .create_instansi(
            &who,
            inst(InstansiKind::Kota, "Kota Mojokerto", Some(jatim)),
        )
        .await
        .expect("seed");
    let diskominfo = store
        .create_opd(
            &who,
            trenggalek,
            "Dinas Komunikasi dan Informatika",
            "diskominfo",
        )
        .await
        .expect("seed")
        .id;
    let bappeda = store
        .create_opd(&who, trenggalek, "Bappeda", "bappeda")
        .await
        .expect("seed")
        .id;
    let mojokerto_opd = store
        .create_opd(&who, mojokerto, "Diskominfo Kota Mojokerto", "diskominfo")
        .await
        .expect("seed")
        .id;
    let hash = padu_app::users::password::hash_blocking(PASSWORD).expect("hash");
    let users: [(&str, Role, Option<i64>, Option<i64>); 9] = [
        ("super", Role::Superadmin, None, None),
        ("prov", Role::AdminProvinsi, Some(jatim), None),
        ("admin", Role::AdminInstansi, Some(trenggalek), None),
        ("koordinator", Role::Koordinator, Some(trenggalek), None),
        (
            "operator",
            Role::OperatorOpd,
            Some(trenggalek),
            Some(diskominfo),
        ),
        ("asesor", Role::AsesorInternal, Some(trenggalek), None),
        ("pimpinan", Role::Pimpinan, Some(trenggalek), None),
        ("eksternal", Role::AsesorEksternal, Some(trenggalek), None),
        (
            "admin.mojokerto",
            Role::AdminInstansi,
            Some(mojokerto),
            None,
        ),
    ];
    for (username, role, instansi_id, opd_id) in users {
        store
            .create_user(
                &who,
                NewUser {
                    username: username.into(),
                    display_name: format!("Pengguna {username}"),
                    password_hash: hash.clone(),
                    role,
                    instansi_id,
                    opd_id,
                    email: None,
                },
            )
            .await
            .expect("seed user");
    }
    Seed {
        nasional,
        jatim,
        trenggalek,
        mojokerto,
        jateng,
        diskominfo,
        bappeda,
        mojokerto_opd,
    }
}

impl TestApp {
    /// The id of the seeded user `username`.
    pub async fn user_id(&self, username: &str) -> i64 {
        self.db
            .store
            .users_in(None)
            .await
            .expect("users")
            .into_iter()
            .find(|u| u.username == username)
            .expect("seeded user")
            .id
    }

    /// Another state on this app's database and evidence files, with `config` (a mailer, the
    /// reminder job or a service called directly need one).
    pub fn state_with(&self, config: Settings) -> App {
        let catalog = Arc::new(Catalog::builtin().expect("catalog"));
        let files = padu_files::FileStore::new(&padu_files::FilesConfig::Local {
            dir: self.files_dir.path().to_path_buf(),
        })
        .expect("file store");
        App::new(self.db.store.clone(), files, catalog, config)
    }

    pub async fn new(db: TestDb) -> TestApp {
        let two = two_instances(&db);
        TestApp::build(db, two).await
    }

    /// One instance even under `PADU_TEST_INSTANCES=2`: for a test that counts the queries of
    /// its store (requests answered by the other instance would not be counted).
    pub async fn one_instance(db: TestDb) -> TestApp {
        TestApp::build(db, false).await
    }

    async fn build(db: TestDb, two: bool) -> TestApp {
        let seed = seed(&db).await;
        let files_dir = tempfile::tempdir().expect("files dir");
        let state = instance_state(db.store.clone(), files_dir.path());
        let mut router = padu_web::router(state, &padu_web::WebConfig::default());
        if two {
            let second = instance_state(db.another_process().await, files_dir.path());
            router = alternating(
                router,
                padu_web::router(second, &padu_web::WebConfig::default()),
            );
        }
        TestApp {
            router,
            db,
            files_dir,
            seed,
        }
    }

    /// A second instance of this app: the router of another store (its own read caches, as a
    /// second server has) on the same database and evidence files. Swap it with `router` to send
    /// requests to it (`std::mem::swap(&mut app.router, &mut other)`).
    pub async fn another_instance(&self) -> Router {
        let catalog = Arc::new(Catalog::builtin().expect("catalog"));
        let files = padu_files::FileStore::new(&padu_files::FilesConfig::Local {
            dir: self.files_dir.path().to_path_buf(),
        })
        .expect("file store");
        let state = App::new(
            self.db.another_process().await,
            files,
            catalog,
            Settings::default(),
        );
        padu_web::router(state, &padu_web::WebConfig::default())
    }

    /// This app with a PDF renderer, on the same database and evidence files (the binary's is
    /// padu-pdf's, which this crate does not link: tests pass a stand-in).
    pub async fn with_pdf(mut self, renderer: Arc<dyn padu_reports::PdfRenderer>) -> TestApp {
        let state = self
            .state_with(Settings::default())
            .with_pdf(renderer.clone());
        self.router = padu_web::router(state, &padu_web::WebConfig::default());
        if two_instances(&self.db) {
            let second = instance_state(self.db.another_process().await, self.files_dir.path())
                .with_pdf(renderer);
            self.router = alternating(
                std::mem::take(&mut self.router),
                padu_web::router(second, &padu_web::WebConfig::default()),
            );
        }
        self
    }

    pub async fn send(
        &self,
        request: Request<Body>,
    ) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        (status, headers, body)
    }

    /// A JSON request with an optional bearer token; returns status and parsed JSON.
    pub async fn json(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let request = match body {
            Some(b) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => builder.body(Body::empty()),
        }
        .expect("request");
        let (status, _, bytes) = self.send(request).await;
        let value = if bytes.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap_or_else(|_| {
                serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned())
            })
        };
        (status, value)
    }

    /// Signs in through the API and returns the bearer token.
    pub async fn token(&self, username: &str) -> String {
        self.token_with(username, PASSWORD).await
    }

    pub async fn token_with(&self, username: &str, password: &str) -> String {
        let (status, body) = self
            .json(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(serde_json::json!({"username": username, "password": password})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "login as {username}: {body}");
        body["token"].as_str().expect("token").to_string()
    }

    pub async fn finish(self) {
        self.db.finish().await;
    }
}
