//! The architecture handed to other tools: the whole of an instansi's items (of one year, when
//! given) and their links as an ArchiMate Open Exchange document, for architects to draw their
//! views in Archi. Read with `ViewArchitecture`, like the items themselves.

use std::collections::HashMap;

use padu_core::access::Action;
use padu_reports::archimate::{ArchimateElement, ArchimateModel, archimate_xml};
use padu_store::arsitektur::ItemFilter;

use crate::kit::app::App;
use crate::kit::error::AppError;
use crate::kit::principal::Caller;
use crate::org::instansi_for;
use crate::reports::Document;

/// The content type of the exchange document.
pub const ARCHIMATE_XML: &str = "application/xml";

/// Instansi `instansi_id`'s architecture (of `year`, when given) as an ArchiMate model.
pub async fn archimate(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    year: Option<i32>,
) -> Result<Document, AppError> {
    let inst = instansi_for(app, caller, instansi_id, Action::ViewArchitecture).await?;
    let filter = ItemFilter {
        year,
        ..ItemFilter::default()
    };
    let items = app.store.architecture_items(inst.id, &filter).await?;
    let links = app.store.architecture_links(inst.id).await?;
    let opds: HashMap<i64, String> = app
        .store
        .opds_of(inst.id)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut documentation = match year {
        Some(y) => format!(
            "Arsitektur SPBE {} tahun {y}, diekspor dari Padu.",
            inst.name
        ),
        None => format!("Arsitektur SPBE {}, diekspor dari Padu.", inst.name),
    };
    if app.settings.demo {
        documentation.push(' ');
        documentation.push_str(padu_reports::DEMO_NOTE);
    }
    let model = ArchimateModel {
        instansi_id: inst.id,
        name: format!("Arsitektur SPBE {}", inst.name),
        documentation,
        elements: items
            .into_iter()
            .map(|i| ArchimateElement {
                id: i.id,
                domain: i.domain,
                description: i
                    .fields
                    .get("description")
                    .and_then(|d| d.as_str())
                    .map(str::to_owned),
                name: i.name,
                reference: i.reference,
                opd: opds.get(&i.opd_id).cloned().unwrap_or_default(),
                year: i.year,
                state: i.state,
                status: i.status,
            })
            .collect(),
        links,
    };
    let year_part = year.map(|y| format!("-{y}")).unwrap_or_default();
    Ok(Document {
        bytes: archimate_xml(&model).into_bytes(),
        file_name: format!("arsitektur-spbe-{}{year_part}.xml", inst.slug),
        content_type: ARCHIMATE_XML,
    })
}
