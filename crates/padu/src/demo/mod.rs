//! `padu serve --demo`: a lived-in demonstration on an empty database. Provinsi Jawa Timur with
//! all 38 kabupaten/kota by their real names and kode wilayah:
//!
//! - Kabupaten Trenggalek fully populated (`trenggalek.rs`: its OPDs and a user for every
//!   role; `evaluation.rs`: its evaluations 2023-2025 and a half-done 2026, driven through the
//!   same padu-app use cases as the pages);
//! - the other 37 (`places.rs`: the table of names, kode and figures; `province.rs`: OPDs, an
//!   admin and a koordinator each, three closed evaluations whose exact index is the table's,
//!   and a 2026 evaluation at its own stage; `levels.rs`: the level vectors), written through
//!   the store's bulk writer in a few audited transactions.
//!
//! The province's admin writes a few recommendations (`coaching.rs`, through padu-app);
//! Trenggalek's admin grants the Satu Data roles (`satu_data.rs`, through padu-app), and
//! Trenggalek's OPDs enter their Arsitektur SPBE (`arsitektur.rs`, its data in
//! `arsitektur_data.rs`; through padu-app as the demo users, with overlaps and gaps left), its
//! Peta Rencana SPBE 2025-2029 (`peta_rencana.rs`: about thirty items, enacted, reported
//! half-way), and its OPDs and walidata fill the Satu Data catalog (`satu_data_catalog.rs`).
//! The database is marked as demo data first, so every page and document says "Data demo".
//! Running it again changes nothing: it only prints the accounts.

use crate::say;
mod arsitektur;
mod arsitektur_apps;
mod arsitektur_data;
mod arsitektur_links;
mod coaching;
mod evaluation;
mod levels;
mod peta_rencana;
mod peta_rencana_thread;
mod places;
mod province;
mod satu_data;
mod satu_data_catalog;
mod trenggalek;

use anyhow::{Context, Result};
use padu_core::access::Role;
use padu_store::Who;

/// The password of every demo account (printed at start-up; a demo is not a production system).
pub const PASSWORD: &str = padu_app::users::password::DEMO;

const PROVINCE: &str = "Provinsi Jawa Timur";
const MAIN: &str = "Kabupaten Trenggalek";

/// Seeds the demo on an empty database, then prints the accounts.
pub async fn seed(state: &padu_app::App) -> Result<()> {
    let store = &state.store;
    let existing = store.all_instansi().await?;
    if existing.iter().any(|i| i.name == MAIN) {
        say!("Data demo sudah ada; tidak ada yang ditambahkan.");
    } else if !existing.is_empty() {
        say!("Basis data tidak kosong: data demo tidak ditambahkan.");
        return Ok(());
    } else {
        let who = Who::system("demo");
        // first, so that even a seed cut short leaves a database that says what it holds
        store
            .mark_demo(&who)
            .await
            .context("Tanda data demo tidak dapat disimpan")?;
        // Argon2 is slow on purpose: every demo account shares one hash of the demo password
        let hash = padu_app::users::password::hash(PASSWORD.to_string())
            .await
            .map_err(|e| anyhow::anyhow!(e.message()))?;
        let jatim = trenggalek::create(store, &hash)
            .await
            .context("Data demo tidak dapat dibuat")?;
        satu_data::seed(state)
            .await
            .context("Peran Satu Data demo tidak dapat diberikan")?;
        evaluation::seed(state)
            .await
            .context("Data evaluasi demo tidak dapat dibuat")?;
        let others = province::seed(state, jatim, &hash)
            .await
            .context("Data demo kabupaten/kota tidak dapat dibuat")?;
        let advice = coaching::seed(state)
            .await
            .context("Rekomendasi pembinaan demo tidak dapat dibuat")?;
        let architecture = arsitektur::seed(state)
            .await
            .context("Arsitektur SPBE demo tidak dapat dibuat")?;
        let roadmap = peta_rencana::seed(state)
            .await
            .context("Peta Rencana SPBE demo tidak dapat dibuat")?;
        let catalog = satu_data_catalog::seed(state)
            .await
            .context("Katalog Satu Data demo tidak dapat dibuat")?;
        say!(
            "Data demo dibuat: {PROVINCE}, {} kabupaten/kota, {} OPD di {MAIN}, periode 2023-2025 \
             (PermenPAN-RB 59/2020) dan evaluasi 2026 (PermenPAN-RB 8/2026) yang sedang berjalan \
             di setiap kabupaten/kota, {advice} rekomendasi pembinaan provinsi, {architecture} item \
             Arsitektur SPBE, Peta Rencana SPBE 2025-2029 dengan {roadmap} item dan {catalog} dataset Satu Data {MAIN}. Angkanya sintetis \
             (kecuali indeks 2023 Kabupaten Pasuruan dan Kota Mojokerto yang dipublikasikan), \
             bukan hasil evaluasi resmi.",
            others + 1,
            trenggalek::opd_count()
        );
    }
    print_accounts();
    Ok(())
}

fn print_accounts() {
    say!("Akun demo (kata sandi semuanya: {PASSWORD}):");
    for (username, role, place) in trenggalek::accounts() {
        let data = satu_data::GRANTS
            .iter()
            .find(|(name, _, _)| *name == username)
            .map(|(_, data, _)| format!(" (Satu Data: {})", data.label()))
            .unwrap_or_default();
        say!("  {username:<22} {:<17} {place}{data}", role.label());
    }
    let names = province::short_names();
    let others = format!("{} kabupaten/kota lainnya", names.len());
    say!(
        "  {:<22} {:<17} {others}",
        "admin.<nama>",
        Role::AdminInstansi.label()
    );
    say!(
        "  {:<22} {:<17} {others}",
        "sekda.<nama>",
        Role::Koordinator.label()
    );
    say!("    <nama>: tanpa \"Kabupaten\", kota diawali \"kota\" (admin.pacitan, sekda.kotabatu):");
    let mut line = String::from("   ");
    for name in names {
        if line.len() + name.len() > 96 {
            say!("{line}");
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(&name);
    }
    say!("{line}");
}
