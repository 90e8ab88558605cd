//! The public portal of digital services (Portal layanan digital terpadu, issue #14 item 5):
//! the layanan an instansi published from its architecture, for anyone, without signing in.
//!
//! Nothing here asks `allows`: what an instansi publishes (a verified layanan with the six
//! components of its Standar Pelayanan, put on the portal by its verifier) is public by that
//! act, and only that is read. Every other item (drafts, submitted, returned, unpublished) and
//! every other domain stays behind `arsitektur`'s permissions.
//!
//! The portal of an instansi is read in three queries (the instansi, its published layanan, its
//! OPDs) and kept in this module's cache while nothing of the instansi changed: every write of
//! its architecture records its instansi in the audit log, which marks `Key::Instansi` in the
//! store's change counters (in this process at once, in the others through the change log
//! before their next request), so an item withdrawn or returned is gone on the next request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use padu_core::arsitektur::{Domain, FieldKind, STANDAR, field_spec};
use padu_store::Instansi;
use padu_store::arsitektur::ArchitectureItem;
use padu_store::changes::{Key, ReadCache};
use serde_json::Value;

use crate::kit::app::App;
use crate::kit::error::AppError;

/// What an unknown portal or service is called in a "not found".
pub const PORTAL: &str = "Portal layanan";
pub const SERVICE: &str = "Layanan";

/// At most this many instansi portals are cached.
pub const CACHED_PORTALS: usize = 1_000;

/// The longest search text, in characters (longer is cut).
pub const MAX_QUERY: usize = 200;

/// One published service as the public sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// A category code of the layanan's field (`kependudukan`, `perizinan`, ...).
    pub category: Option<String>,
    /// The life event it serves, as the instansi typed it (`Kelahiran`).
    pub life_event: Option<String>,
    pub channel: Option<String>,
    pub link: Option<String>,
    /// Who may use it: `masyarakat`, `pelaku_usaha`, `asn`, `instansi_pemerintah`.
    pub users: Vec<String>,
    /// How it is delivered: `elektronik`, `hybrid` or `tatap_muka`.
    pub method: Option<String>,
    pub opd_id: i64,
    pub opd: String,
    /// The six published components of its Standar Pelayanan, in [`STANDAR`]'s order.
    pub standar: Vec<(&'static str, String)>,
    pub updated_at_ms: i64,
    /// What a search looks in, lower-cased.
    haystack: String,
}

impl Service {
    /// Whether every word of `query` (lower-cased) is in its name, description, life event,
    /// channel, OPD or Standar Pelayanan, or in `extra` (the category's name in the reader's
    /// language).
    pub fn matches(&self, words: &[String], extra: &str) -> bool {
        let extra = extra.to_lowercase();
        words
            .iter()
            .all(|w| self.haystack.contains(w.as_str()) || extra.contains(w.as_str()))
    }
}

/// The portal of one instansi: its published services, by name.
#[derive(Debug, Clone)]
pub struct Portal {
    pub instansi: Instansi,
    pub services: Vec<Service>,
}

impl Portal {
    pub fn service(&self, id: i64) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The category codes its services use, in the field's order (`lainnya` last).
    pub fn categories(&self) -> Vec<&'static str> {
        category_codes()
            .iter()
            .copied()
            .filter(|c| {
                self.services
                    .iter()
                    .any(|s| s.category.as_deref() == Some(*c))
            })
            .collect()
    }

    /// The life events its services name, alphabetically.
    pub fn life_events(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .services
            .iter()
            .filter_map(|s| s.life_event.as_deref())
            .collect();
        out.sort_by_key(|e| e.to_lowercase());
        out.dedup();
        out
    }
}

/// The category codes of a layanan, in the order of its field.
pub fn category_codes() -> &'static [&'static str] {
    match field_spec(Domain::Layanan, "category").map(|f| f.kind) {
        Some(FieldKind::Choice(codes)) => codes,
        _ => &[],
    }
}

/// The words of a search text: lower-cased, at most [`MAX_QUERY`] characters.
pub fn words(query: &str) -> Vec<String> {
    let cut: String = query.chars().take(MAX_QUERY).collect();
    cut.to_lowercase()
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

fn text(item: &ArchitectureItem, key: &str) -> Option<String> {
    item.fields
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn service(item: &ArchitectureItem, opds: &HashMap<i64, String>) -> Service {
    let standar_obj = item.fields.get("standar").and_then(Value::as_object);
    let standar: Vec<(&'static str, String)> = STANDAR
        .into_iter()
        .map(|k| {
            let v = standar_obj
                .and_then(|s| s.get(k))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .trim()
                .to_string();
            (k, v)
        })
        .collect();
    let users = item
        .fields
        .get("users")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let opd = opds.get(&item.opd_id).cloned().unwrap_or_default();
    let mut s = Service {
        id: item.id,
        name: item.name.clone(),
        description: text(item, "description").unwrap_or_default(),
        category: text(item, "category"),
        life_event: text(item, "life_event"),
        channel: text(item, "channel"),
        link: text(item, "link"),
        users,
        method: text(item, "method"),
        opd_id: item.opd_id,
        opd,
        standar,
        updated_at_ms: item.updated_at_ms,
        haystack: String::new(),
    };
    let mut hay = vec![
        s.name.as_str(),
        s.description.as_str(),
        s.opd.as_str(),
        s.life_event.as_deref().unwrap_or_default(),
        s.channel.as_deref().unwrap_or_default(),
    ];
    hay.extend(s.standar.iter().map(|(_, v)| v.as_str()));
    s.haystack = hay.join("\n").to_lowercase();
    s
}

/// Portals read lately, by instansi id, and the ids of the URL names asked for: what every
/// visitor shares. Only this module reaches it.
struct PortalCache {
    portals: ReadCache<i64, Arc<Portal>>,
    slugs: Mutex<HashMap<String, i64>>,
}

impl Default for PortalCache {
    fn default() -> Self {
        PortalCache {
            portals: ReadCache::new(CACHED_PORTALS),
            slugs: Mutex::new(HashMap::new()),
        }
    }
}

impl PortalCache {
    fn slug(&self, slug: &str) -> Option<i64> {
        self.lock().get(slug).copied()
    }

    fn remember(&self, slug: &str, id: i64) {
        let mut slugs = self.lock();
        if slugs.len() >= CACHED_PORTALS {
            slugs.clear();
        }
        slugs.insert(slug.to_string(), id);
    }

    fn forget(&self, slug: &str) {
        self.lock().remove(slug);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        self.slugs.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Reads the portal of `inst` (three queries at most; the instansi is at hand).
async fn read(app: &App, inst: Instansi) -> Result<Portal, AppError> {
    let items = app.store.published_layanan(inst.id).await?;
    let opds: HashMap<i64, String> = app
        .store
        .opds_of(inst.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let services = items
        .iter()
        // published already requires these; a layanan edited beside Padu is left out
        .filter(|i| i.domain == Domain::Layanan && i.published)
        .map(|i| service(i, &opds))
        .collect();
    Ok(Portal {
        instansi: inst,
        services,
    })
}

/// The portal of instansi `inst`, from the cache while nothing of it changed.
async fn of(app: &App, inst: Instansi) -> Result<Arc<Portal>, AppError> {
    let changes = app.store.changes();
    let id = inst.id;
    let fresh = |_: &Arc<Portal>, mark| !changes.changed_since(Key::Instansi(id), mark);
    let reading = async { read(app, inst).await.map(Arc::new) };
    app.part::<PortalCache>()
        .portals
        .get_or_read(changes, id, fresh, reading)
        .await
}

/// The portal of the instansi whose URL name is `slug`; an unknown one is not found. A URL
/// name seen before costs no query while the portal is fresh (the instansi's row is in the
/// store's cache, and a rename that changes its URL name changes the instansi).
pub async fn by_slug(app: &App, slug: &str) -> Result<Arc<Portal>, AppError> {
    let cache = app.part::<PortalCache>();
    if let Some(id) = cache.slug(slug) {
        if let Some(inst) = app.store.instansi(id).await?
            && inst.slug == slug
        {
            return of(app, inst).await;
        }
        cache.forget(slug);
    }
    let inst = app
        .store
        .instansi_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound(PORTAL))?;
    cache.remember(slug, inst.id);
    of(app, inst).await
}

/// The portal of instansi `id`, or of the instansi whose URL name is `key` when it is not a
/// number; an unknown one is not found.
pub async fn by_key(app: &App, key: &str) -> Result<Arc<Portal>, AppError> {
    match key.parse::<i64>() {
        Ok(id) => {
            let inst = app
                .store
                .instansi(id)
                .await?
                .ok_or(AppError::NotFound(PORTAL))?;
            of(app, inst).await
        }
        Err(_) => by_slug(app, key).await,
    }
}
