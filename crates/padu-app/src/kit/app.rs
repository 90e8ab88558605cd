//! What every use case works with: the store, the files, the instruments, the settings, the
//! mailer and the PDF renderer, plus the state each feature keeps for itself.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use padu_core::Catalog;
use padu_files::FileStore;
use padu_reports::PdfRenderer;
use padu_store::Store;

use crate::kit::mail::Mailer;

/// Settings of the application that users notice.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address users reach Padu at (links in e-mails); `https://...` turns on `Secure`
    /// cookies.
    pub public_url: String,
    /// How long a login lasts.
    pub session_hours: i64,
    /// How long an API token lasts.
    pub token_days: i64,
    /// The database holds demo data (the store's demo mark, read once at start-up): every page
    /// and document says "Data demo".
    pub demo: bool,
    /// Single sign-on through an OpenID Connect provider (`[oidc]`); `None`: local accounts
    /// only.
    pub oidc: Option<crate::kit::oidc_config::OidcConfig>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:8080".into(),
            session_hours: 12,
            token_days: 90,
            demo: false,
            oidc: None,
        }
    }
}

impl Settings {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The application: cheap to clone, shared by every request, job and command.
#[derive(Debug, Clone)]
pub struct App {
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
    pub settings: Settings,
    parts: Parts,
}

impl App {
    pub fn new(store: Store, files: FileStore, catalog: Arc<Catalog>, settings: Settings) -> Self {
        App {
            inner: Arc::new(Inner {
                store,
                files,
                catalog,
                settings,
                parts: Parts::default(),
            }),
            mailer: None,
            pdf: None,
        }
    }

    /// Also makes PDF reports, with `renderer` (the `padu-pdf` crate's).
    /// Catches this process's read caches up with what other instances (or the command line)
    /// committed since the last request: called first by every request (see
    /// `padu_store::Store::catch_up`). On an error every cached value is dropped instead, and the
    /// request goes on (it reads the database afresh).
    pub async fn catch_up(&self) {
        if let Err(e) = self.store.catch_up().await {
            tracing::warn!("catching up with the change log failed: {e}");
        }
    }

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

    /// The state of type `T` that one feature keeps for itself (a cache, uploads waiting for
    /// confirmation, a login throttle), made on first use; the web layer's features keep theirs
    /// here too (rendered fragments). A feature keeps its type private, so no other feature can
    /// reach it.
    pub fn part<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        self.inner.parts.get_or_default()
    }
}

impl std::ops::Deref for App {
    type Target = Inner;

    fn deref(&self) -> &Inner {
        &self.inner
    }
}

/// One value per type, made on first use.
#[derive(Default)]
struct Parts(Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl std::fmt::Debug for Parts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Parts")
    }
}

impl Parts {
    fn get_or_default<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let part = map
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()));
        match Arc::clone(part).downcast::<T>() {
            Ok(typed) => typed,
            // the map is keyed by the type, so the value is always of it
            Err(_) => Arc::new(T::default()),
        }
    }
}
