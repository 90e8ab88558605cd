//! Entering an architecture: items created, changed, listed, linked and deleted. Every input is
//! checked before the first write: the domain's fields (`padu_core::arsitektur::validate_fields`,
//! optional while a draft), the reference code's form and model, the OPD (of the instansi; an
//! operator's own), the links (same instansi, allowed pair of domains).

use padu_core::Catalog;
use padu_core::access::{Action, Target};
use padu_core::arsitektur::{self, Domain, State, Status};
use padu_store::arsitektur::{ArchitectureItem, ItemFilter, NewArchitectureItem};
use padu_store::{Instansi, Opd};
use serde_json::{Map, Value};

use super::item_for;
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::{Acting, Caller};
use crate::kit::validate::clean_text;
use crate::org::instansi_for;

/// The years an item may describe.
pub const YEARS: std::ops::RangeInclusive<i32> = 2018..=2100;
/// The longest item name, in characters.
pub const MAX_NAME: usize = 300;
/// The most links one item may have.
pub const MAX_LINKS: usize = 500;

/// What is typed for an item; on a change `None` leaves a value as it is, and in `fields` a
/// key with `null` (or an empty text) clears that field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemInput {
    pub domain: Option<String>,
    pub name: Option<String>,
    pub opd: Option<i64>,
    pub year: Option<i32>,
    /// `Some("")` clears it.
    pub reference: Option<String>,
    pub state: Option<String>,
    pub fields: Map<String, Value>,
    /// Layanan only: on (or off) the public portal.
    pub published: Option<bool>,
}

/// An item with the ids of the items linked to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub item: ArchitectureItem,
    pub links: Vec<i64>,
}

/// The list's filters as typed (codes checked here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub domain: Option<String>,
    pub opd: Option<i64>,
    pub year: Option<i32>,
    pub status: Option<String>,
    pub state: Option<String>,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|x| code(*x)).collect::<Vec<_>>().join(", ")
}

fn parse_domain(raw: &str, errors: &mut Vec<FieldError>) -> Option<Domain> {
    let d = Domain::from_code(raw.trim());
    if d.is_none() {
        errors.push(field(
            "domain",
            format!(
                "Domain harus salah satu dari: {}",
                codes(&Domain::ALL, Domain::code)
            ),
        ));
    }
    d
}

fn parse_state(raw: &str, errors: &mut Vec<FieldError>) -> Option<State> {
    let s = State::from_code(raw.trim());
    if s.is_none() {
        errors.push(field(
            "state",
            "Keadaan harus as_is (saat ini) atau to_be (target)",
        ));
    }
    s
}

impl ListQuery {
    /// The store's filter, or the field errors of unknown codes.
    pub fn filter(&self) -> Result<ItemFilter, AppError> {
        let mut errors = Vec::new();
        let domain = self
            .domain
            .as_deref()
            .and_then(|d| parse_domain(d, &mut errors));
        let state = self
            .state
            .as_deref()
            .and_then(|s| parse_state(s, &mut errors));
        let status = self.status.as_deref().and_then(|s| {
            let st = Status::from_code(s.trim());
            if st.is_none() {
                errors.push(field(
                    "status",
                    format!(
                        "Status harus salah satu dari: {}",
                        codes(&Status::ALL, Status::code)
                    ),
                ));
            }
            st
        });
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(ItemFilter {
            domain,
            opd_id: self.opd,
            year: self.year,
            status,
            state,
        })
    }
}

/// The items of instansi `instansi_id` matching `query`, each with its links.
pub async fn list(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    query: &ListQuery,
) -> Result<Vec<ItemView>, AppError> {
    instansi_for(app, caller, instansi_id, Action::ViewArchitecture).await?;
    let filter = query.filter()?;
    let items = app.store.architecture_items(instansi_id, &filter).await?;
    let links = app.store.architecture_links(instansi_id).await?;
    let mut by_item: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for (a, b) in links {
        by_item.entry(a).or_default().push(b);
        by_item.entry(b).or_default().push(a);
    }
    Ok(items
        .into_iter()
        .map(|item| {
            let mut links = by_item.remove(&item.id).unwrap_or_default();
            links.sort_unstable();
            ItemView { item, links }
        })
        .collect())
}

/// Item `id` with its links.
pub async fn get(app: &App, caller: &Caller, id: i64) -> Result<ItemView, AppError> {
    let (item, _) = item_for(app, caller, id, Action::ViewArchitecture).await?;
    let links = app.store.architecture_links_of(id).await?;
    Ok(ItemView { item, links })
}

/// The items linked to item `id`, by domain and name.
pub async fn linked(app: &App, view: &ItemView) -> Result<Vec<ArchitectureItem>, AppError> {
    let mut items = app.store.architecture_items_by_id(&view.links).await?;
    items.retain(|i| i.instansi_id == view.item.instansi_id);
    items.sort_by(|a, b| (a.domain, &a.name, a.id).cmp(&(b.domain, &b.name, b.id)));
    Ok(items)
}

/// The OPD `opd` of `inst`, or a field error.
async fn opd_of(
    app: &App,
    inst: &Instansi,
    opd: i64,
    errors: &mut Vec<FieldError>,
) -> Result<Option<Opd>, AppError> {
    match app.store.opd(opd).await? {
        Some(o) if o.instansi_id == inst.id && o.active => Ok(Some(o)),
        _ => {
            errors.push(field("opd", "OPD tidak ditemukan di instansi ini"));
            Ok(None)
        }
    }
}

fn check_year(year: i32, errors: &mut Vec<FieldError>) {
    if !YEARS.contains(&year) {
        errors.push(field(
            "year",
            format!(
                "Tahun harus di antara {} dan {}",
                YEARS.start(),
                YEARS.end()
            ),
        ));
    }
}

/// The reference as stored: trimmed and upper-cased, `None` when empty; a field error when it
/// is not a code of `domain`'s model, or not in that model's tree as loaded.
fn check_reference(
    catalog: &Catalog,
    domain: Domain,
    raw: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return None;
    }
    if let Err(e) = arsitektur::check_reference(domain, &code) {
        errors.push(field("reference", e.message(domain)));
    } else if !in_reference_tree(catalog, &code) {
        errors.push(field(
            "reference",
            format!("Kode {code} tidak terdapat dalam model referensi yang berlaku"),
        ));
    }
    Some(code)
}

/// Whether `code` is a node of its model's tree, or a Pemda's own level below one of the
/// tree's leaves (the national trees stop at level 3 and Pemdas add levels 4 and 5). A model
/// the catalog does not hold cannot be checked and passes.
fn in_reference_tree(catalog: &Catalog, code: &str) -> bool {
    let Some(model) = catalog.reference_model_of(code) else {
        return true;
    };
    let mut prefix = code;
    loop {
        if model.node(prefix).is_some() {
            return prefix == code || model.children_of(prefix).is_some_and(|c| c.is_empty());
        }
        match prefix.rfind('.') {
            Some(i) => prefix = &prefix[..i],
            None => return false,
        }
    }
}

fn field_errors(pairs: Vec<(String, String)>, errors: &mut Vec<FieldError>) {
    errors.extend(pairs.into_iter().map(|(f, m)| field(&f, m)));
}

/// Creates an item as a draft in instansi `instansi_id` (an operator's OPD by default).
pub async fn create(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    input: &ItemInput,
) -> Result<ItemView, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewArchitecture).await?;
    let mut errors = Vec::new();
    let domain = match input.domain.as_deref() {
        Some(d) => parse_domain(d, &mut errors),
        None => {
            errors.push(field("domain", "Domain wajib dipilih"));
            None
        }
    };
    let name = clean_text(
        "name",
        "Nama",
        input.name.as_deref().unwrap_or_default(),
        1,
        MAX_NAME,
        &mut errors,
    );
    let opd_id = input.opd.or(caller
        .user
        .opd_id
        .filter(|_| caller.user.instansi_id == Some(inst.id)));
    let opd = match opd_id {
        Some(o) => opd_of(app, &inst, o, &mut errors).await?,
        None => {
            errors.push(field("opd", "OPD pemilik wajib dipilih"));
            None
        }
    };
    let year = input.year.unwrap_or_default();
    match input.year {
        Some(y) => check_year(y, &mut errors),
        None => errors.push(field("year", "Tahun wajib diisi")),
    }
    let state = match input.state.as_deref() {
        Some(s) => parse_state(s, &mut errors),
        None => Some(State::AsIs),
    };
    let reference = domain.and_then(|d| {
        input
            .reference
            .as_deref()
            .and_then(|r| check_reference(&app.catalog, d, r, &mut errors))
    });
    let fields = match domain.map(|d| arsitektur::validate_fields(d, &input.fields, false)) {
        Some(Ok(f)) => f,
        Some(Err(e)) => {
            field_errors(e, &mut errors);
            Map::new()
        }
        None => Map::new(),
    };
    if input.published == Some(true) {
        errors.push(field(
            "published",
            "Layanan baru dapat diterbitkan setelah diverifikasi",
        ));
    }
    if let Some(o) = &opd {
        caller.check(
            Action::EditArchitecture,
            &Target::opd(inst.id, inst.province(), o.id),
        )?;
    } else {
        // no OPD to ask about: whether the caller enters items anywhere here
        let anywhere = app.store.opds_of(inst.id).await?.iter().any(|o| {
            caller.may(
                Action::EditArchitecture,
                &Target::opd(inst.id, inst.province(), o.id),
            )
        });
        if !anywhere {
            return Err(AppError::Forbidden);
        }
    }
    let (Some(domain), Some(opd), Some(state), true) = (domain, opd, state, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let new = NewArchitectureItem {
        instansi_id: inst.id,
        opd_id: opd.id,
        year,
        domain,
        state,
        name,
        reference,
        fields,
    };
    let item = app
        .store
        .create_architecture_item(&caller.who(), &new)
        .await?;
    Ok(ItemView {
        item,
        links: Vec::new(),
    })
}

/// Changes item `id`: what `input` gives replaces what is stored (fields key by key). An edit
/// of a returned or verified item makes it a draft again (and takes a layanan off the portal);
/// a submitted item waits for its verification and is not edited. `published` alone (a
/// verified layanan put on or taken off the portal) keeps its status and needs the right to
/// verify.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: i64,
    input: &ItemInput,
) -> Result<ItemView, AppError> {
    let (item, inst) = item_for(app, caller, id, Action::EditArchitecture).await?;
    let mut errors = Vec::new();
    let mut next = item.clone();
    if let Some(d) = input.domain.as_deref()
        && Domain::from_code(d.trim()) != Some(item.domain)
    {
        errors.push(field(
            "domain",
            "Domain item tidak dapat diubah; hapus item ini dan buat item baru di domain lain",
        ));
    }
    if let Some(n) = &input.name {
        next.name = clean_text("name", "Nama", n, 1, MAX_NAME, &mut errors);
    }
    if let Some(o) = input.opd
        && o != item.opd_id
        && let Some(opd) = opd_of(app, &inst, o, &mut errors).await?
    {
        // moving an item to another OPD needs the right there too
        caller.check(
            Action::EditArchitecture,
            &Target::opd(inst.id, inst.province(), opd.id),
        )?;
        next.opd_id = opd.id;
    }
    if let Some(y) = input.year {
        check_year(y, &mut errors);
        next.year = y;
    }
    if let Some(s) = input.state.as_deref()
        && let Some(state) = parse_state(s, &mut errors)
    {
        next.state = state;
    }
    if let Some(r) = input.reference.as_deref() {
        next.reference = check_reference(&app.catalog, item.domain, r, &mut errors);
    }
    let mut merged = item.fields.clone();
    for (k, v) in &input.fields {
        merged.insert(k.clone(), v.clone());
    }
    match arsitektur::validate_fields(item.domain, &merged, false) {
        Ok(f) => next.fields = f,
        Err(e) => {
            // only the keys typed now are the caller's mistake
            let typed: Vec<(String, String)> = e
                .into_iter()
                .filter(|(k, _)| {
                    let root = k.split('.').next().unwrap_or(k);
                    input.fields.contains_key(root)
                })
                .collect();
            field_errors(typed, &mut errors);
        }
    }
    let changed = next != item;
    let publish = input.published.filter(|p| *p != item.published);
    if changed && !item.status.may_edit() {
        return Err(AppError::Conflict(
            "Item ini sedang menunggu verifikasi dan tidak dapat diubah; minta verifikator mengembalikannya bila perlu diperbaiki".into(),
        ));
    }
    if changed {
        next.status = item.status.after_edit();
        next.published = false;
    }
    if let Some(on) = publish {
        caller.check(Action::VerifyArchitecture, &super::target(&inst, &item))?;
        if on {
            publish_problems(&next, &mut errors);
        }
        next.published = on;
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if next == item {
        let links = app.store.architecture_links_of(id).await?;
        return Ok(ItemView { item, links });
    }
    let action = if changed {
        "architecture.update"
    } else {
        "architecture.publish"
    };
    let saved = app
        .store
        .update_architecture_item(&caller.who(), &next, item.status, action, &[])
        .await?;
    let links = app.store.architecture_links_of(id).await?;
    Ok(ItemView { item: saved, links })
}

/// Why `item` may not be put on the public portal: only a verified layanan with the six
/// components of its Standar Pelayanan filled.
pub fn publish_problems(item: &ArchitectureItem, errors: &mut Vec<FieldError>) {
    if item.domain != Domain::Layanan {
        errors.push(field("published", "Hanya layanan yang dapat diterbitkan"));
        return;
    }
    if item.status != Status::Verified {
        errors.push(field(
            "published",
            "Layanan baru dapat diterbitkan setelah diverifikasi",
        ));
    }
    let standar = item.fields.get("standar").and_then(Value::as_object);
    let empty: Vec<&str> = arsitektur::STANDAR
        .into_iter()
        .filter(|k| {
            standar
                .and_then(|s| s.get(*k))
                .and_then(Value::as_str)
                .is_none_or(|s| s.trim().is_empty())
        })
        .collect();
    if !empty.is_empty() {
        errors.push(field(
            "standar",
            format!(
                "Keenam komponen standar pelayanan wajib diisi sebelum diterbitkan; belum diisi: {}",
                empty.join(", ")
            ),
        ));
    }
}

/// Deletes item `id` and its links (not while it waits for verification).
pub async fn delete(app: &App, caller: &Caller, id: i64) -> Result<(), AppError> {
    let (item, _) = item_for(app, caller, id, Action::EditArchitecture).await?;
    if item.status == Status::Submitted {
        return Err(AppError::Conflict(
            "Item ini sedang menunggu verifikasi dan tidak dapat dihapus".into(),
        ));
    }
    Ok(app
        .store
        .delete_architecture_item(&caller.who(), id)
        .await?)
}

/// Makes `to` the items linked to item `id`: each must be an item of the same instansi whose
/// domain may be linked to this one's (else 422, the same words for another instansi's item as
/// for a missing one).
pub async fn set_links(
    app: &App,
    caller: &Caller,
    id: i64,
    to: &[i64],
) -> Result<Vec<i64>, AppError> {
    let (item, _) = item_for(app, caller, id, Action::EditArchitecture).await?;
    if to.len() > MAX_LINKS {
        return Err(AppError::field(
            "to",
            format!("Paling banyak {MAX_LINKS} tautan per item"),
        ));
    }
    let mut wanted: Vec<i64> = to.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    let others = app.store.architecture_items_by_id(&wanted).await?;
    let mut errors = Vec::new();
    for other_id in &wanted {
        if *other_id == id {
            errors.push(field("to", "Item tidak dapat ditautkan ke dirinya sendiri"));
            continue;
        }
        match others
            .iter()
            .find(|o| o.id == *other_id && o.instansi_id == item.instansi_id)
        {
            None => errors.push(field(
                "to",
                format!("Item {other_id} tidak ditemukan di arsitektur instansi ini"),
            )),
            Some(o) if !arsitektur::may_link(item.domain, o.domain) => errors.push(field(
                "to",
                format!(
                    "Item {} ({}) tidak dapat ditautkan ke {}: {} ditautkan ke {}",
                    o.id,
                    o.domain.label(),
                    item.domain.label(),
                    item.domain.label(),
                    arsitektur::linkable(item.domain)
                        .iter()
                        .map(|d| d.label())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Some(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(app
        .store
        .set_architecture_links(&caller.who(), id, &wanted)
        .await?)
}
