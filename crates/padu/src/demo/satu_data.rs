//! Satu Data in Kabupaten Trenggalek: the admin grants Diskominfo's walidata team the walidata
//! role and Dinas Kesehatan's account the produsen data role, through padu-app as on the users'
//! page.

use anyhow::{Context, Result};
use padu_app::App;
use padu_app::satu_data::{self, DataRoleInput};
use padu_app::users::acting_as;
use padu_core::access::DataRole;

/// The Satu Data grants of the demo: username, role, the produsen's OPD.
pub const GRANTS: &[(&str, DataRole, Option<&str>)] = &[
    ("walidata.trenggalek", DataRole::Walidata, None),
    (
        "produsen.dinkes",
        DataRole::ProdusenData,
        Some("Dinas Kesehatan, Pengendalian Penduduk dan Keluarga Berencana"),
    ),
];

pub async fn seed(app: &App) -> Result<()> {
    let fail = |e: padu_app::AppError| anyhow::anyhow!(e.message());
    let admin = acting_as(app, "admin.trenggalek").await.map_err(fail)?;
    for (username, role, opd) in GRANTS {
        let user = acting_as(app, username).await.map_err(fail)?.user;
        let opd = match opd {
            Some(name) => {
                let opds = app
                    .store
                    .opds_of(user.instansi_id.unwrap_or_default())
                    .await?;
                Some(
                    opds.iter()
                        .find(|o| o.name == *name)
                        .map(|o| o.id)
                        .with_context(|| format!("OPD {name} tidak ada"))?,
                )
            }
            None => None,
        };
        let input = DataRoleInput {
            role: Some(role.code().to_string()),
            opd,
        };
        satu_data::set_data_role(app, &admin, user.id, &input)
            .await
            .map_err(fail)
            .with_context(|| format!("peran Satu Data {username}"))?;
    }
    Ok(())
}
