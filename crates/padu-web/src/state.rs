//! What every request handler shares.

use std::sync::Arc;

use padu_core::Catalog;
use padu_files::FileStore;
use padu_reports::PdfRenderer;
use padu_store::Store;

use crate::auth::throttle::Throttle;
use crate::evaluation::dashboard::{CACHED_DASHBOARDS, DashboardCache};
use crate::mail::Mailer;
use crate::reports::pending::PendingImports;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach Padu at; `https://...` turns on `Secure` cookies.
    pub public_url: String,
    /// How long a login lasts.
    pub session_hours: i64,
    /// How long an API token lasts.
    pub token_days: i64,
    /// Largest request body accepted by forms and the JSON API.
    pub max_body_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            public_url: "http://127.0.0.1:8080".into(),
            session_hours: 12,
            token_days: 90,
            max_body_bytes: 1024 * 1024,
        }
    }
}

impl WebConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
    /// Sends e-mail copies of notifications; `None` without an SMTP server.
    mailer: Option<Mailer>,
    /// Typesets PDF reports; `None` when the binary was built without one (the pages then say
    /// the PDF is not available).
    pdf: Option<Arc<dyn PdfRenderer>>,
}

#[derive(Debug)]
pub struct Inner {
    pub store: Store,
    pub files: FileStore,
    pub catalog: Arc<Catalog>,
    pub config: WebConfig,
    pub throttle: Throttle,
    /// Uploaded import files waiting for the user's confirmation.
    pub imports: PendingImports,
    /// Period dashboards read lately.
    pub dashboards: DashboardCache,
}

impl AppState {
    pub fn new(store: Store, files: FileStore, catalog: Arc<Catalog>, config: WebConfig) -> Self {
        AppState {
            inner: Arc::new(Inner {
                store,
                files,
                catalog,
                config,
                throttle: Throttle::default(),
                imports: PendingImports::default(),
                dashboards: DashboardCache::new(CACHED_DASHBOARDS),
            }),
            mailer: None,
            pdf: None,
        }
    }

    /// Also makes PDF reports, with `renderer` (the `padu-pdf` crate's).
    pub fn with_pdf(mut self, renderer: Arc<dyn PdfRenderer>) -> Self {
        self.pdf = Some(renderer);
        self
    }

    pub fn pdf(&self) -> Option<&Arc<dyn PdfRenderer>> {
        self.pdf.as_ref()
    }

    /// Also e-mails notifications to users with an address, through `mailer`.
    pub fn with_mailer(mut self, mailer: Mailer) -> Self {
        self.mailer = Some(mailer);
        self
    }

    pub fn mailer(&self) -> Option<&Mailer> {
        self.mailer.as_ref()
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.inner
    }
}
