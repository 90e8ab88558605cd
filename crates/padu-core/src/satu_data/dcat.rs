//! The catalog as DCAT-AP 3 (the profile ckanext-dcat 2.x writes by default; domain brief §6):
//! a `dcat:Catalog` with its publisher, the `dcat:Dataset`s of one page with their publisher
//! (the OPD), contact point, keywords, themes (the groups, as `skos:Concept`s), period,
//! frequency and `dcat:Distribution`s, and a Hydra `PagedCollection` saying where the other
//! pages are. The mandatory properties: the catalog's `dct:title`, `dct:description` and
//! `dct:publisher`; each dataset's `dct:title` and `dct:description`; each distribution's
//! `dcat:accessURL`; each agent's `foaf:name`. No Indonesian profile is known, so the
//! controlled vocabularies are the EU Publications Office's (frequency, file type, access
//! right, language). Pure: the callers give what to describe; `crate::rdf` writes it.

use super::Frequency;
use crate::date::iso_utc;
use crate::rdf::{Graph, Term};

const EU: &str = "http://publications.europa.eu/resource/authority";

/// The EU frequency authority's concept for a frequency.
pub fn frequency_iri(f: Frequency) -> String {
    let code = match f {
        Frequency::Harian => "DAILY",
        Frequency::Mingguan => "WEEKLY",
        Frequency::Bulanan => "MONTHLY",
        Frequency::Triwulanan => "QUARTERLY",
        Frequency::EmpatBulanan => "ANNUAL_3",
        Frequency::Semesteran => "ANNUAL_2",
        Frequency::Tahunan => "ANNUAL",
        Frequency::DuaTahunan => "BIENNIAL",
        Frequency::AdHoc => "IRREG",
    };
    format!("{EU}/frequency/{code}")
}

/// The EU file-type authority's concept for a resource's format, for the formats it has.
pub fn file_type_iri(format: &str) -> Option<String> {
    let code = match format.trim().to_ascii_uppercase().as_str() {
        "CSV" => "CSV",
        "TSV" => "TSV",
        "XLSX" => "XLSX",
        "XLS" => "XLS",
        "ODS" => "ODS",
        "JSON" => "JSON",
        "GEOJSON" => "GEOJSON",
        "XML" => "XML",
        "PDF" => "PDF",
        "ZIP" => "ZIP",
        "HTML" => "HTML",
        "DOCX" => "DOCX",
        "SHP" => "SHP",
        "KML" => "KML",
        "API" | "REST" => "REST",
        _ => return None,
    };
    Some(format!("{EU}/file-type/{code}"))
}

/// An agent (the instansi, an OPD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    pub iri: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution {
    pub iri: String,
    pub title: String,
    pub description: String,
    /// Where the data is reached (the resource's link, or its page).
    pub access_url: String,
    /// Where the file itself is downloaded, when Padu holds it.
    pub download_url: Option<String>,
    pub format: String,
    pub license_url: Option<String>,
    pub created_ms: i64,
    pub modified_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub iri: String,
    /// CKAN's `id` and `name`.
    pub identifier: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub keywords: Vec<String>,
    /// Themes (the catalog's groups): IRI and label.
    pub themes: Vec<(String, String)>,
    pub publisher: Agent,
    /// Contact name and e-mail, when given.
    pub contact: Option<(String, Option<String>)>,
    pub issued_ms: Option<i64>,
    pub modified_ms: i64,
    pub frequency: Option<Frequency>,
    /// The years covered.
    pub period: (Option<i32>, Option<i32>),
    pub spatial: Option<String>,
    pub distributions: Vec<Distribution>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub iri: String,
    pub title: String,
    pub description: String,
    pub publisher: Agent,
    /// When any of its public datasets last changed.
    pub modified_ms: Option<i64>,
}

/// Where a page of the catalog sits among all pages (Hydra's `PagedCollection`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paging {
    /// This page's number, from 1.
    pub page: u32,
    pub per_page: u32,
    pub total: usize,
    /// The address of page `{}` (a `{}` in it is replaced by the page's number).
    pub page_url: String,
}

impl Paging {
    pub fn last_page(&self) -> u32 {
        u32::try_from(self.total.div_ceil(self.per_page.max(1) as usize))
            .unwrap_or(u32::MAX)
            .max(1)
    }

    fn url(&self, page: u32) -> String {
        self.page_url.replace("{}", &page.to_string())
    }
}

fn agent(g: &mut Graph, a: &Agent) -> Term {
    let t = Term::iri(&a.iri);
    g.typed(&t, "foaf:Agent");
    g.add(&t, "foaf:name", Term::lang(&a.name, "id"));
    t
}

/// Bahasa Indonesia, the language of the catalog's texts.
fn language(g: &mut Graph, subject: &Term) {
    let ind = Term::iri(format!("{EU}/language/IND"));
    g.add(subject, "dct:language", ind.clone());
    g.typed(&ind, "dct:LinguisticSystem");
}

fn datetime(ms: i64) -> Term {
    Term::typed(iso_utc(ms), "xsd:dateTime")
}

/// Adds one dataset and its distributions to `g`; `n` numbers its blank nodes.
pub fn add_dataset(g: &mut Graph, d: &Dataset, n: usize) -> Term {
    let ds = Term::iri(&d.iri);
    g.typed(&ds, "dcat:Dataset");
    g.add(&ds, "dct:title", Term::lang(&d.title, "id"));
    // a dataset without a description still needs one (mandatory): its title says what it is
    let description = if d.description.trim().is_empty() {
        &d.title
    } else {
        &d.description
    };
    g.add(&ds, "dct:description", Term::lang(description, "id"));
    g.add(&ds, "dct:identifier", Term::text(&d.identifier));
    g.add(&ds, "adms:identifier", Term::Blank(format!("i{n}")));
    let publisher = Term::iri(&d.publisher.iri);
    g.add(&ds, "dct:publisher", publisher);
    let public = Term::iri(format!("{EU}/access-right/PUBLIC"));
    g.add(&ds, "dct:accessRights", public.clone());
    g.typed(&public, "dct:RightsStatement");
    language(g, &ds);
    for k in &d.keywords {
        g.add(&ds, "dcat:keyword", Term::lang(k, "id"));
    }
    for (iri, _) in &d.themes {
        g.add(&ds, "dcat:theme", Term::iri(iri));
    }
    if let Some(ms) = d.issued_ms {
        g.add(&ds, "dct:issued", datetime(ms));
    }
    g.add(&ds, "dct:modified", datetime(d.modified_ms));
    if let Some(f) = d.frequency {
        let t = Term::iri(frequency_iri(f));
        g.add(&ds, "dct:accrualPeriodicity", t.clone());
        g.typed(&t, "dct:Frequency");
    }
    if d.period.0.is_some() || d.period.1.is_some() {
        let p = Term::Blank(format!("p{n}"));
        g.add(&ds, "dct:temporal", p.clone());
        g.typed(&p, "dct:PeriodOfTime");
        if let Some(y) = d.period.0 {
            g.add(
                &p,
                "dcat:startDate",
                Term::typed(format!("{y:04}"), "xsd:gYear"),
            );
        }
        if let Some(y) = d.period.1 {
            g.add(
                &p,
                "dcat:endDate",
                Term::typed(format!("{y:04}"), "xsd:gYear"),
            );
        }
    }
    if let Some(place) = d.spatial.as_deref().filter(|s| !s.trim().is_empty()) {
        let s = Term::Blank(format!("s{n}"));
        g.add(&ds, "dct:spatial", s.clone());
        g.typed(&s, "dct:Location");
        g.add(&s, "locn:geographicName", Term::lang(place, "id"));
    }
    if let Some((name, email)) = &d.contact {
        let c = Term::Blank(format!("c{n}"));
        g.add(&ds, "dcat:contactPoint", c.clone());
        g.typed(&c, "vcard:Kind");
        g.add(&c, "vcard:fn", Term::text(name));
        if let Some(e) = email.as_deref().filter(|e| !e.trim().is_empty()) {
            g.add(
                &c,
                "vcard:hasEmail",
                Term::iri(format!("mailto:{}", e.trim())),
            );
        }
    }
    for r in &d.distributions {
        g.add(&ds, "dcat:distribution", Term::iri(&r.iri));
    }
    let id = Term::Blank(format!("i{n}"));
    g.typed(&id, "adms:Identifier");
    g.add(&id, "skos:notation", Term::text(&d.name));
    agent(g, &d.publisher);
    for (iri, label) in &d.themes {
        let t = Term::iri(iri);
        g.typed(&t, "skos:Concept");
        g.add(&t, "skos:prefLabel", Term::lang(label, "id"));
    }
    for r in &d.distributions {
        add_distribution(g, r);
    }
    ds
}

fn add_distribution(g: &mut Graph, r: &Distribution) {
    let t = Term::iri(&r.iri);
    g.typed(&t, "dcat:Distribution");
    g.add(&t, "dcat:accessURL", Term::iri(&r.access_url));
    if let Some(u) = &r.download_url {
        g.add(&t, "dcat:downloadURL", Term::iri(u));
    }
    if !r.title.trim().is_empty() {
        g.add(&t, "dct:title", Term::lang(&r.title, "id"));
    }
    if !r.description.trim().is_empty() {
        g.add(&t, "dct:description", Term::lang(&r.description, "id"));
    }
    if let Some(ft) = file_type_iri(&r.format) {
        let f = Term::iri(ft);
        g.add(&t, "dct:format", f.clone());
        g.typed(&f, "dct:MediaTypeOrExtent");
    }
    if let Some(l) = r.license_url.as_deref().filter(|l| !l.is_empty()) {
        let lt = Term::iri(l);
        g.add(&t, "dct:license", lt.clone());
        g.typed(&lt, "dct:LicenseDocument");
    }
    g.add(&t, "dct:issued", datetime(r.created_ms));
    g.add(&t, "dct:modified", datetime(r.modified_ms));
}

/// One page of the catalog: the catalog, its datasets on this page, and the paging.
pub fn catalog_graph(c: &Catalog, datasets: &[Dataset], paging: &Paging) -> Graph {
    let mut g = Graph::default();
    let cat = Term::iri(&c.iri);
    g.typed(&cat, "dcat:Catalog");
    g.add(&cat, "dct:title", Term::lang(&c.title, "id"));
    g.add(&cat, "dct:description", Term::lang(&c.description, "id"));
    g.add(&cat, "dct:publisher", Term::iri(&c.publisher.iri));
    language(&mut g, &cat);
    if let Some(ms) = c.modified_ms {
        g.add(&cat, "dct:modified", datetime(ms));
    }
    for d in datasets {
        g.add(&cat, "dcat:dataset", Term::iri(&d.iri));
    }
    agent(&mut g, &c.publisher);
    let page = Term::iri(paging.url(paging.page));
    g.typed(&page, "hydra:PagedCollection");
    g.add(
        &page,
        "hydra:totalItems",
        Term::typed(paging.total.to_string(), "xsd:integer"),
    );
    g.add(
        &page,
        "hydra:itemsPerPage",
        Term::typed(paging.per_page.to_string(), "xsd:integer"),
    );
    g.add(&page, "hydra:firstPage", Term::text(paging.url(1)));
    g.add(
        &page,
        "hydra:lastPage",
        Term::text(paging.url(paging.last_page())),
    );
    if paging.page > 1 {
        g.add(
            &page,
            "hydra:previousPage",
            Term::text(paging.url(paging.page - 1)),
        );
    }
    if paging.page < paging.last_page() {
        g.add(
            &page,
            "hydra:nextPage",
            Term::text(paging.url(paging.page + 1)),
        );
    }
    for (n, d) in datasets.iter().enumerate() {
        add_dataset(&mut g, d, n);
    }
    g
}

/// One dataset's own document.
pub fn dataset_graph(d: &Dataset) -> Graph {
    let mut g = Graph::default();
    add_dataset(&mut g, d, 0);
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdf::to_turtle;

    fn dataset() -> Dataset {
        Dataset {
            iri: "https://x/data/k/dataset/jumlah-penduduk".into(),
            identifier: "7".into(),
            name: "jumlah-penduduk".into(),
            title: "Jumlah Penduduk".into(),
            description: String::new(),
            keywords: vec!["kependudukan".into()],
            themes: vec![("https://x/data/k/group/sosial".into(), "Sosial".into())],
            publisher: Agent {
                iri: "https://x/data/k/organization/3".into(),
                name: "Dinas Kependudukan dan Pencatatan Sipil".into(),
            },
            contact: Some(("Bidang Data".into(), Some("data@x.go.id".into()))),
            issued_ms: Some(0),
            modified_ms: 86_400_000,
            frequency: Some(Frequency::Tahunan),
            period: (Some(2020), Some(2025)),
            spatial: Some("Kabupaten Trenggalek".into()),
            distributions: vec![Distribution {
                iri: "https://x/data/k/dataset/jumlah-penduduk/resource/9".into(),
                title: "Tabel".into(),
                description: String::new(),
                access_url: "https://x/file.csv".into(),
                download_url: None,
                format: "csv".into(),
                license_url: Some("https://creativecommons.org/licenses/by/4.0/".into()),
                created_ms: 0,
                modified_ms: 0,
            }],
        }
    }

    #[test]
    fn a_dataset_has_the_mandatory_properties_and_eu_vocabularies() {
        let ttl = to_turtle(&dataset_graph(&dataset()));
        // no description: the title stands in, since dct:description is mandatory
        assert!(ttl.contains("dct:description \"Jumlah Penduduk\"@id"));
        assert!(ttl.contains("dcat:accessURL <https://x/file.csv>"));
        assert!(ttl.contains("authority/frequency/ANNUAL>"));
        assert!(ttl.contains("authority/file-type/CSV> a dct:MediaTypeOrExtent"));
        assert!(ttl.contains("dcat:startDate \"2020\"^^xsd:gYear"));
        assert!(ttl.contains("vcard:hasEmail <mailto:data@x.go.id>"));
        assert!(ttl.contains("foaf:name \"Dinas Kependudukan dan Pencatatan Sipil\"@id"));
        assert!(ttl.contains("dct:modified \"1970-01-02T00:00:00Z\"^^xsd:dateTime"));
    }

    #[test]
    fn paging_names_the_neighbouring_pages_only_where_they_exist() {
        let cat = Catalog {
            iri: "https://x/data/k/catalog".into(),
            title: "Katalog".into(),
            description: "Data".into(),
            publisher: Agent {
                iri: "https://x/data/k".into(),
                name: "Kabupaten K".into(),
            },
            modified_ms: None,
        };
        let paging = |page| Paging {
            page,
            per_page: 100,
            total: 250,
            page_url: "https://x/data/k/catalog.ttl?page={}".into(),
        };
        assert_eq!(paging(1).last_page(), 3);
        let first = to_turtle(&catalog_graph(&cat, &[dataset()], &paging(1)));
        assert!(first.contains("hydra:nextPage \"https://x/data/k/catalog.ttl?page=2\""));
        assert!(!first.contains("hydra:previousPage"));
        let last = to_turtle(&catalog_graph(&cat, &[], &paging(3)));
        assert!(last.contains("hydra:previousPage \"https://x/data/k/catalog.ttl?page=2\""));
        assert!(!last.contains("hydra:nextPage"));
        assert!(first.contains("dcat:dataset <https://x/data/k/dataset/jumlah-penduduk>"));
        let empty = Paging {
            total: 0,
            ..paging(1)
        };
        assert_eq!(empty.last_page(), 1);
    }

    #[test]
    fn unknown_formats_have_no_file_type() {
        assert_eq!(file_type_iri("weird"), None);
        assert!(file_type_iri(" xlsx ").is_some_and(|t| t.ends_with("/XLSX")));
    }
}
