//! Kabupaten Trenggalek's Arsitektur SPBE in the demo (`arsitektur_data.rs`), entered through
//! the same padu-app use cases as the pages: each OPD's items by its operator where the demo
//! has one (Diskominfo, Bappeda) and by the admin instansi otherwise, linked by the admin,
//! submitted, verified (two returned with a note) by the Sekda as koordinator, and four
//! layanan put on the portal. Some items stay drafts and some gaps stand, as in a real one.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Result, anyhow};
use padu_app::arsitektur::items::{self, ItemInput};
use padu_app::arsitektur::workflow;
use padu_app::{App, Caller};

use super::MAIN;
use super::arsitektur_apps::TECHNICAL;
use super::arsitektur_data::{BUSINESS, Item};
use super::arsitektur_links::{DRAFTS, LINKS, PUBLISHED, RETURNED};

/// The demo's year of the architecture.
const YEAR: i32 = 2026;

/// Enters the architecture; returns how many items.
pub async fn seed(app: &App) -> Result<usize> {
    let fail = |e: padu_app::AppError| anyhow!(e.message());
    let inst = app
        .store
        .instansi_by_name(MAIN)
        .await?
        .ok_or_else(|| anyhow!("{MAIN} tidak ada"))?;
    let opds = app.store.opds_of(inst.id).await?;
    let admin = padu_app::users::acting_as(app, "admin.trenggalek")
        .await
        .map_err(fail)?;
    let sekda = padu_app::users::acting_as(app, "sekda.trenggalek")
        .await
        .map_err(fail)?;
    let mut operators: HashMap<i64, Caller> = HashMap::new();
    for username in ["operator.diskominfo", "operator.bappeda"] {
        let op = padu_app::users::acting_as(app, username)
            .await
            .map_err(fail)?;
        if let Some(opd) = op.user.opd_id {
            operators.insert(opd, op);
        }
    }
    let mut ids: HashMap<&str, (i64, i64)> = HashMap::new();
    for (key, kind, domain, name, reference, to_be, fields) in items() {
        let opd = opds
            .iter()
            .find(|o| o.kind == *kind)
            .ok_or_else(|| anyhow!("OPD {kind} tidak ada"))?;
        let fields = match serde_json::from_str::<serde_json::Value>(fields)? {
            serde_json::Value::Object(map) => map,
            _ => return Err(anyhow!("{key}: isian bukan objek")),
        };
        let input = ItemInput {
            domain: Some((*domain).to_string()),
            name: Some((*name).to_string()),
            opd: Some(opd.id),
            year: Some(YEAR),
            reference: Some((*reference).to_string()),
            state: Some(if *to_be { "to_be" } else { "as_is" }.to_string()),
            fields,
            published: None,
        };
        let who = operators.get(&opd.id).unwrap_or(&admin);
        let view = items::create(app, who, inst.id, &input)
            .await
            .map_err(|e| anyhow!("{key}: {}", e.message()))?;
        ids.insert(key, (view.item.id, opd.id));
    }
    let id = |key: &str| {
        ids.get(key)
            .map(|x| x.0)
            .ok_or_else(|| anyhow!("{key} tidak ada"))
    };
    // every pair once; each listed item gets all of its links (a later call keeps earlier pairs)
    let mut adjacency: BTreeMap<i64, BTreeSet<i64>> = BTreeMap::new();
    for (from, to) in LINKS {
        for other in *to {
            let (a, b) = (id(from)?, id(other)?);
            adjacency.entry(a).or_default().insert(b);
            adjacency.entry(b).or_default().insert(a);
        }
    }
    for (from, _) in LINKS {
        let a = id(from)?;
        let to: Vec<i64> = adjacency
            .get(&a)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        items::set_links(app, &admin, a, &to)
            .await
            .map_err(|e| anyhow!("{from}: {}", e.message()))?;
    }
    for (key, _, _, _, _, _, _) in items().filter(|i| !DRAFTS.contains(&i.0)) {
        let (item, opd) = ids[key];
        let who = operators.get(&opd).unwrap_or(&admin);
        workflow::submit(app, who, item)
            .await
            .map_err(|e| anyhow!("{key}: {}", e.message()))?;
        match RETURNED.iter().find(|(k, _)| k == key) {
            Some((_, note)) => workflow::return_item(app, &sekda, item, note).await,
            None => workflow::verify(app, &sekda, item).await,
        }
        .map_err(|e| anyhow!("{key}: {}", e.message()))?;
    }
    for key in PUBLISHED {
        let input = ItemInput {
            published: Some(true),
            ..ItemInput::default()
        };
        items::update(app, &admin, id(key)?, &input)
            .await
            .map_err(|e| anyhow!("{key}: {}", e.message()))?;
    }
    Ok(items().count())
}

/// Every item of the demo architecture.
fn items() -> impl Iterator<Item = &'static Item> {
    BUSINESS.iter().chain(TECHNICAL)
}
