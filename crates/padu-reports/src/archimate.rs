//! The Arsitektur SPBE as an ArchiMate 3.1 model in The Open Group's Open Exchange format, so
//! that architects open it in Archi (or any tool that imports the format) and draw their views
//! there: every item an element, every link a relationship, with the reference code, OPD, year,
//! state and verification status as properties, and the items grouped by domain.
//!
//! The domains map onto ArchiMate's layers: a proses bisnis is a Business Process, a layanan a
//! Business Service, data a Data Object, an aplikasi an Application Component, infrastruktur a
//! Node, and a security control a Requirement (the Open Group's modelling of a control
//! measure). A link becomes the relationship ArchiMate allows between the two (a process
//! realises its service, an application accesses its data, a node serves its application, an
//! element realises its control), else an Association.

use std::fmt::Write as _;

use padu_core::arsitektur::{Domain, State, Status};

/// One item of the architecture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchimateElement {
    pub id: i64,
    pub domain: Domain,
    pub name: String,
    pub description: Option<String>,
    pub reference: Option<String>,
    pub opd: String,
    pub year: i32,
    pub state: State,
    pub status: Status,
}

/// The architecture of one instansi: its items and their links (each pair once, either way).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchimateModel {
    /// The instansi's id, for the model's identifier.
    pub instansi_id: i64,
    /// "Arsitektur SPBE Kabupaten Trenggalek" and the like.
    pub name: String,
    pub documentation: String,
    pub elements: Vec<ArchimateElement>,
    pub links: Vec<(i64, i64)>,
}

const NAMESPACE: &str = "http://www.opengroup.org/xsd/archimate/3.0/";
const SCHEMA: &str = "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Model.xsd";

/// The ArchiMate element type of a domain's items.
pub fn element_type(domain: Domain) -> &'static str {
    match domain {
        Domain::ProsesBisnis => "BusinessProcess",
        Domain::Layanan => "BusinessService",
        Domain::Data => "DataObject",
        Domain::Aplikasi => "ApplicationComponent",
        Domain::Infrastruktur => "Node",
        Domain::Keamanan => "Requirement",
    }
}

/// The relationship for a link between items of domains `a` and `b`: its type and whether it
/// runs from `b` to `a` (else from `a` to `b`).
pub fn relationship_type(a: Domain, b: Domain) -> (&'static str, bool) {
    use Domain::*;
    match (a, b) {
        (ProsesBisnis, Layanan) => ("Realization", false),
        (Layanan, ProsesBisnis) => ("Realization", true),
        (Aplikasi, Data) => ("Access", false),
        (Data, Aplikasi) => ("Access", true),
        (Infrastruktur, Aplikasi) => ("Serving", false),
        (Aplikasi, Infrastruktur) => ("Serving", true),
        (Aplikasi | Data | Infrastruktur, Keamanan) => ("Realization", false),
        (Keamanan, Aplikasi | Data | Infrastruktur) => ("Realization", true),
        _ => ("Association", false),
    }
}

/// Text as XML character data or an attribute value: the five special characters escaped, and
/// characters XML 1.0 cannot hold dropped (the items' texts never hold control characters, but
/// this document must be well-formed whatever it is given).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

const PROPERTIES: [(&str, &str); 5] = [
    ("pd-kode-referensi", "Kode referensi"),
    ("pd-opd", "OPD"),
    ("pd-tahun", "Tahun"),
    ("pd-kondisi", "Kondisi"),
    ("pd-status", "Status verifikasi"),
];

fn property(out: &mut String, definition: &str, value: &str) {
    let _ = writeln!(
        out,
        "        <property propertyDefinitionRef=\"{definition}\"><value xml:lang=\"id\">{}</value></property>",
        escape(value)
    );
}

/// The Open Exchange document of `model` (UTF-8 XML).
pub fn archimate_xml(model: &ArchimateModel) -> String {
    let mut out = String::with_capacity(512 + model.elements.len() * 600);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<model xmlns=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} {SCHEMA}\" identifier=\"id-padu-instansi-{}\">",
        model.instansi_id
    );
    let _ = writeln!(
        out,
        "  <name xml:lang=\"id\">{}</name>",
        escape(&model.name)
    );
    let _ = writeln!(
        out,
        "  <documentation xml:lang=\"id\">{}</documentation>",
        escape(&model.documentation)
    );
    let known = |id: i64| model.elements.iter().find(|e| e.id == id);
    if !model.elements.is_empty() {
        out.push_str("  <elements>\n");
        for e in &model.elements {
            let _ = writeln!(
                out,
                "    <element identifier=\"id-item-{}\" xsi:type=\"{}\">",
                e.id,
                element_type(e.domain)
            );
            let _ = writeln!(
                out,
                "      <name xml:lang=\"id\">{}</name>",
                escape(&e.name)
            );
            if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
                let _ = writeln!(
                    out,
                    "      <documentation xml:lang=\"id\">{}</documentation>",
                    escape(d)
                );
            }
            out.push_str("      <properties>\n");
            if let Some(r) = &e.reference {
                property(&mut out, "pd-kode-referensi", r);
            }
            property(&mut out, "pd-opd", &e.opd);
            property(&mut out, "pd-tahun", &e.year.to_string());
            let state = match e.state {
                State::AsIs => "As-is (saat ini)",
                State::ToBe => "To-be (target)",
            };
            property(&mut out, "pd-kondisi", state);
            let status = match e.status {
                Status::Draft => "Draf",
                Status::Submitted => "Diajukan",
                Status::Verified => "Terverifikasi",
                Status::Returned => "Dikembalikan",
            };
            property(&mut out, "pd-status", status);
            out.push_str("      </properties>\n    </element>\n");
        }
        out.push_str("  </elements>\n");
    }
    // each pair once, whichever way round it was given
    let relations: std::collections::BTreeMap<(i64, i64), &str> = model
        .links
        .iter()
        .filter_map(|(a, b)| {
            let (a, b) = (known(*a)?, known(*b)?);
            let (kind, reverse) = relationship_type(a.domain, b.domain);
            Some(if reverse {
                ((b.id, a.id), kind)
            } else {
                ((a.id, b.id), kind)
            })
        })
        .collect();
    if !relations.is_empty() {
        out.push_str("  <relationships>\n");
        for ((source, target), kind) in relations {
            let _ = writeln!(
                out,
                "    <relationship identifier=\"id-link-{source}-{target}\" source=\"id-item-{source}\" target=\"id-item-{target}\" xsi:type=\"{kind}\"/>"
            );
        }
        out.push_str("  </relationships>\n");
    }
    if !model.elements.is_empty() {
        out.push_str("  <organizations>\n");
        for domain in Domain::ALL {
            let mut members = model
                .elements
                .iter()
                .filter(|e| e.domain == domain)
                .peekable();
            if members.peek().is_none() {
                continue;
            }
            let _ = writeln!(
                out,
                "    <item>\n      <label xml:lang=\"id\">{}</label>",
                escape(domain.label())
            );
            for e in members {
                let _ = writeln!(out, "      <item identifierRef=\"id-item-{}\"/>", e.id);
            }
            out.push_str("    </item>\n");
        }
        out.push_str("  </organizations>\n");
    }
    out.push_str("  <propertyDefinitions>\n");
    for (id, name) in PROPERTIES {
        let _ = writeln!(
            out,
            "    <propertyDefinition identifier=\"{id}\" type=\"string\"><name xml:lang=\"id\">{name}</name></propertyDefinition>"
        );
    }
    out.push_str("  </propertyDefinitions>\n</model>\n");
    out
}
