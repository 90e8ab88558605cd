//! `padu user add`, `padu user reset-password`, `padu audit verify`.

use std::io::BufRead as _;

use anyhow::{Context, Result, anyhow, bail};
use padu_app::AppError;
use padu_app::users::{self, UserInput};
use padu_core::Catalog;
use padu_store::Who;

use super::server::{open_store, runtime};
use crate::config::Config;

pub struct NewUserArgs {
    pub username: String,
    pub role: String,
    pub instansi: Option<i64>,
    pub opd: Option<i64>,
    pub name: Option<String>,
}

/// The first line of standard input, without its line ending.
fn password_from_stdin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("Kata sandi tidak dapat dibaca dari masukan standar")?;
    let password = line.trim_end_matches(['\n', '\r']).to_string();
    if password.is_empty() {
        bail!(
            "Kata sandi kosong: kirim kata sandi lewat masukan standar, mis. `echo 'rahasia' | padu user add ...`"
        );
    }
    Ok(password)
}

fn explain(err: AppError) -> anyhow::Error {
    let mut text = err.message();
    for field in err.fields() {
        text.push_str(&format!("\n  - {}: {}", field.field, field.message));
    }
    anyhow!(text)
}

pub fn add_user(config: &Config, _catalog: &Catalog, args: NewUserArgs) -> Result<()> {
    let password = password_from_stdin()?;
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let input = UserInput {
            username: args.username,
            display_name: args.name,
            password: password.clone(),
            role: args.role,
            instansi: args.instansi,
            opd: args.opd,
            email: None,
        };
        let checked = users::check_user(&store, &input).await.map_err(explain)?;
        let username = checked.username.clone();
        let id = users::insert_user(&store, &Who::system("cli"), checked, &password)
            .await
            .map_err(explain)?;
        println!("Pengguna {username} ditambahkan (id {id}).");
        store.close().await;
        Ok(())
    })
}

pub fn reset_password(config: &Config, username: &str) -> Result<()> {
    let password = password_from_stdin()?;
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let username = username.trim().to_lowercase();
        let (user, _) = store
            .user_for_login(&username)
            .await?
            .ok_or_else(|| anyhow!("Pengguna {username} tidak ditemukan"))?;
        let weak = padu_app::users::password_weakness(
            &store,
            &password,
            &user.username,
            user.instansi_id,
            user.opd_id,
        );
        if let Some(weak) = weak.await.map_err(explain)? {
            bail!(weak);
        }
        let hash = padu_app::users::password::hash(password)
            .await
            .map_err(explain)?;
        store
            .set_password(&Who::system("cli"), user.id, &hash)
            .await?;
        println!("Kata sandi {username} diganti; semua sesi dan token pengguna itu berakhir.");
        store.close().await;
        Ok(())
    })
}

/// `padu user sso-only`: switches the user's local password off (or on again with `--off`).
pub fn set_sso_only(config: &Config, username: &str, only: bool) -> Result<()> {
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let username = username.trim().to_lowercase();
        let (user, _) = store
            .user_for_login(&username)
            .await?
            .ok_or_else(|| anyhow!("Pengguna {username} tidak ditemukan"))?;
        let patch = padu_store::UserPatch {
            sso_only: Some(only),
            ..padu_store::UserPatch::default()
        };
        store
            .update_user(&Who::system("cli"), user.id, patch)
            .await?;
        if only {
            println!("{username} kini hanya dapat masuk lewat SSO; kata sandinya tidak berlaku.");
        } else {
            println!("{username} dapat masuk lagi dengan kata sandi.");
        }
        store.close().await;
        Ok(())
    })
}

pub fn verify_audit(config: &Config) -> Result<()> {
    runtime()?.block_on(async {
        let store = open_store(config).await?;
        let check = store.verify_audit().await?;
        store.close().await;
        match check.first_broken {
            None => {
                println!("Rantai audit utuh: {} entri diperiksa.", check.entries);
                Ok(())
            }
            Some((seq, reason)) => Err(anyhow!(
                "Rantai audit rusak pada entri {seq}: {reason} ({} entri sebelumnya utuh).",
                check.entries
            )),
        }
    })
}
