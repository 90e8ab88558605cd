//! The ArchiMate Open Exchange document: well-formed XML that names every item once with its
//! ArchiMate type and properties, and every link once as a relationship between known elements.

use std::collections::BTreeMap;

use padu_core::arsitektur::{Domain, State, Status};
use padu_reports::archimate::{ArchimateElement, ArchimateModel, archimate_xml};
use quick_xml::Reader;
use quick_xml::events::Event;

fn element(id: i64, domain: Domain, name: &str, reference: Option<&str>) -> ArchimateElement {
    ArchimateElement {
        id,
        domain,
        name: name.into(),
        description: Some(format!("Uraian {name}")),
        reference: reference.map(Into::into),
        opd: "Dinas Kependudukan dan Pencatatan Sipil".into(),
        year: 2026,
        state: if id % 2 == 0 {
            State::ToBe
        } else {
            State::AsIs
        },
        status: Status::Verified,
    }
}

fn model() -> ArchimateModel {
    ArchimateModel {
        instansi_id: 3,
        name: "Arsitektur SPBE Kabupaten Trenggalek".into(),
        documentation: "Data demo".into(),
        elements: vec![
            element(
                1,
                Domain::ProsesBisnis,
                "Pendaftaran penduduk",
                Some("RAB.01.01.01"),
            ),
            element(
                2,
                Domain::Layanan,
                "Akta kelahiran <daring> & \"cepat\"",
                None,
            ),
            element(3, Domain::Aplikasi, "SIAK Terpusat", Some("RAA.01.01")),
            element(4, Domain::Data, "Data kependudukan", None),
            element(5, Domain::Infrastruktur, "Pusat data Pemkab", None),
            element(6, Domain::Keamanan, "Enkripsi basis data", None),
        ],
        // given either way round, one twice, one to an item outside the model
        links: vec![(2, 1), (3, 4), (4, 3), (3, 5), (6, 3), (2, 3), (1, 99)],
    }
}

/// What the document says: element id → (type, name, properties), and the relationships.
struct Read {
    elements: BTreeMap<String, (String, String, Vec<String>)>,
    relationships: Vec<(String, String, String)>,
    folders: Vec<String>,
}

fn read(xml: &str) -> Read {
    let mut reader = Reader::from_str(xml);
    let mut out = Read {
        elements: BTreeMap::new(),
        relationships: Vec::new(),
        folders: Vec::new(),
    };
    let mut current: Option<String> = None;
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) => {
                let tag = e.name().as_ref().to_string();
                let attr = |key: &str| {
                    e.attributes()
                        .map(|a| a.expect("attribute"))
                        .find(|a| a.key.as_ref() == key)
                        .map(|a| {
                            quick_xml::escape::unescape(&a.value)
                                .expect("value")
                                .into_owned()
                        })
                };
                if tag == "element" {
                    let id = attr("identifier").expect("identifier");
                    let kind = attr("xsi:type").expect("type");
                    out.elements
                        .insert(id.clone(), (kind, String::new(), Vec::new()));
                    current = Some(id);
                }
                path.push(tag);
            }
            Event::Empty(e) => {
                let tag = e.name().as_ref().to_string();
                if tag == "relationship" {
                    let get = |key: &str| {
                        e.attributes()
                            .map(|a| a.expect("attribute"))
                            .find(|a| a.key.as_ref() == key)
                            .map(|a| {
                                quick_xml::escape::unescape(&a.value)
                                    .expect("value")
                                    .into_owned()
                            })
                            .expect(key)
                    };
                    out.relationships
                        .push((get("source"), get("target"), get("xsi:type")));
                }
            }
            Event::Text(t) => {
                let text = t.as_ref().to_string();
                let parent = path.last().map(String::as_str);
                let grand = path.iter().rev().nth(1).map(String::as_str);
                match (grand, parent, &current) {
                    (Some("element"), Some("name"), Some(id)) => {
                        // text arrives in pieces around entity references
                        out.elements.get_mut(id).expect("open").1.push_str(&text);
                    }
                    (Some("property"), Some("value"), Some(id)) => {
                        out.elements.get_mut(id).expect("open").2.push(text);
                    }
                    (Some("item"), Some("label"), _) => out.folders.push(text),
                    _ => {}
                }
            }
            Event::GeneralRef(r) => {
                // quick-xml reports entity references apart from the text around them
                let name = r.as_ref().to_string();
                let c = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unknown entity {other}"),
                };
                let parent = path.last().map(String::as_str);
                let grand = path.iter().rev().nth(1).map(String::as_str);
                if let (Some("element"), Some("name"), Some(id)) = (grand, parent, &current) {
                    out.elements.get_mut(id).expect("open").1.push_str(c);
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == "element" {
                    current = None;
                }
                path.pop();
            }
            _ => {}
        }
    }
    out
}

#[test]
fn every_item_is_an_element_of_its_archimate_type_with_its_properties() {
    let xml = archimate_xml(&model());
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("xmlns=\"http://www.opengroup.org/xsd/archimate/3.0/\""));
    let doc = read(&xml);
    let types: Vec<(&str, &str)> = doc
        .elements
        .iter()
        .map(|(id, (kind, _, _))| (id.as_str(), kind.as_str()))
        .collect();
    assert_eq!(
        types,
        [
            ("id-item-1", "BusinessProcess"),
            ("id-item-2", "BusinessService"),
            ("id-item-3", "ApplicationComponent"),
            ("id-item-4", "DataObject"),
            ("id-item-5", "Node"),
            ("id-item-6", "Requirement"),
        ]
    );
    let (_, name, properties) = &doc.elements["id-item-2"];
    assert_eq!(
        name, "Akta kelahiran <daring> & \"cepat\"",
        "escaped and read back"
    );
    let (_, _, properties_1) = &doc.elements["id-item-1"];
    assert_eq!(
        properties_1,
        &[
            "RAB.01.01.01",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "2026",
            "As-is (saat ini)",
            "Terverifikasi"
        ]
    );
    assert_eq!(properties.len(), 4, "no reference code, no empty property");
    assert_eq!(
        doc.folders,
        [
            "Proses Bisnis",
            "Layanan",
            "Data dan Informasi",
            "Aplikasi",
            "Infrastruktur",
            "Keamanan"
        ]
    );
}

#[test]
fn every_link_is_one_relationship_in_archimate_s_direction() {
    let doc = read(&archimate_xml(&model()));
    let mut found: Vec<(&str, &str, &str)> = doc
        .relationships
        .iter()
        .map(|(s, t, k)| (s.as_str(), t.as_str(), k.as_str()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("id-item-1", "id-item-2", "Realization"),
            ("id-item-2", "id-item-3", "Association"),
            ("id-item-3", "id-item-4", "Access"),
            ("id-item-3", "id-item-6", "Realization"),
            ("id-item-5", "id-item-3", "Serving"),
        ],
        "a link to an item outside the model is left out, a pair given twice is one"
    );
    for (source, target, _) in &doc.relationships {
        assert!(doc.elements.contains_key(source) && doc.elements.contains_key(target));
    }
}

#[test]
fn an_empty_architecture_is_still_a_valid_model() {
    let empty = ArchimateModel {
        elements: Vec::new(),
        links: Vec::new(),
        ..model()
    };
    let xml = archimate_xml(&empty);
    let doc = read(&xml);
    assert!(doc.elements.is_empty() && doc.relationships.is_empty());
    assert!(!xml.contains("<elements>") && xml.contains("<propertyDefinitions>"));
}
