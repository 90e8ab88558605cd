//! A small RDF graph and its three written forms: Turtle, JSON-LD and RDF/XML. Enough for the
//! catalog's DCAT documents: IRIs, blank nodes and literals (with a language or a datatype),
//! every predicate and class under one of the known prefixes ([`PREFIXES`]). Pure: the
//! callers build the triples, the writers only escape and arrange them.

use std::fmt::Write as _;

/// The prefixes the writers abbreviate with, in the order they are declared.
pub const PREFIXES: [(&str, &str); 11] = [
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("hydra", "http://www.w3.org/ns/hydra/core#"),
    ("adms", "http://www.w3.org/ns/adms#"),
    ("locn", "http://www.w3.org/ns/locn#"),
];

/// The subject or object of a triple.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Term {
    Iri(String),
    /// A blank node's label (letters and digits), unique within the graph.
    Blank(String),
    Literal(Literal),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Literal {
    pub value: String,
    /// A language tag such as `id`.
    pub lang: Option<&'static str>,
    /// A datatype as a prefixed name such as `xsd:dateTime`.
    pub datatype: Option<&'static str>,
}

impl Term {
    pub fn iri(iri: impl Into<String>) -> Term {
        Term::Iri(iri.into())
    }

    /// A plain text.
    pub fn text(value: impl Into<String>) -> Term {
        Term::Literal(Literal {
            value: value.into(),
            lang: None,
            datatype: None,
        })
    }

    /// A text in a language.
    pub fn lang(value: impl Into<String>, lang: &'static str) -> Term {
        Term::Literal(Literal {
            value: value.into(),
            lang: Some(lang),
            datatype: None,
        })
    }

    /// A typed value, its datatype a prefixed name (`xsd:dateTime`).
    pub fn typed(value: impl Into<String>, datatype: &'static str) -> Term {
        Term::Literal(Literal {
            value: value.into(),
            lang: None,
            datatype: Some(datatype),
        })
    }
}

/// One statement: the predicate is a prefixed name (`dct:title`; `a` is `rdf:type`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Triple {
    pub subject: Term,
    pub predicate: &'static str,
    pub object: Term,
}

/// Triples in the order they were added; the writers group them by subject, subjects in the
/// order of their first triple.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Graph {
    pub triples: Vec<Triple>,
}

impl Graph {
    pub fn add(&mut self, subject: &Term, predicate: &'static str, object: Term) {
        debug_assert!(!matches!(subject, Term::Literal(_)));
        self.triples.push(Triple {
            subject: subject.clone(),
            predicate,
            object,
        });
    }

    /// `rdf:type`.
    pub fn typed(&mut self, subject: &Term, class: &'static str) {
        self.add(subject, "rdf:type", Term::Iri(expand(class)));
    }

    /// Triples grouped by subject, subjects in order of first appearance, each triple once.
    fn by_subject(&self) -> Vec<(&Term, Vec<&Triple>)> {
        let mut index: std::collections::HashMap<&Term, usize> = Default::default();
        let mut seen: std::collections::HashSet<(&Term, &str, &Term)> = Default::default();
        let mut groups: Vec<(&Term, Vec<&Triple>)> = Vec::new();
        for t in &self.triples {
            if !seen.insert((&t.subject, t.predicate, &t.object)) {
                continue;
            }
            match index.get(&t.subject) {
                Some(&i) => groups[i].1.push(t),
                None => {
                    index.insert(&t.subject, groups.len());
                    groups.push((&t.subject, vec![t]));
                }
            }
        }
        groups
    }
}

/// A prefixed name's full IRI (`dct:title` → `http://purl.org/dc/terms/title`).
pub fn expand(name: &str) -> String {
    match name.split_once(':') {
        Some((p, local)) => match PREFIXES.iter().find(|(q, _)| *q == p) {
            Some((_, ns)) => format!("{ns}{local}"),
            None => name.to_string(),
        },
        None => name.to_string(),
    }
}

/// A full IRI as a prefixed name when one of [`PREFIXES`] covers it with a plain local part.
fn compact(iri: &str) -> Option<String> {
    PREFIXES.iter().find_map(|(p, ns)| {
        let local = iri.strip_prefix(ns)?;
        let plain = !local.is_empty()
            && local
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        plain.then(|| format!("{p}:{local}"))
    })
}

/// An IRI with the characters no IRI may carry (spaces, `<>"{}|\^` and backtick, controls)
/// percent-encoded, so that a resource link typed with a space stays one valid IRI.
pub fn clean_iri(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len());
    for c in iri.trim().chars() {
        if c.is_control() || c == ' ' || "<>\"{}|\\^`".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn turtle_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn turtle_term(t: &Term) -> String {
    match t {
        Term::Iri(iri) => compact(iri).unwrap_or_else(|| format!("<{}>", clean_iri(iri))),
        Term::Blank(b) => format!("_:{b}"),
        Term::Literal(l) => {
            let mut s = turtle_string(&l.value);
            if let Some(lang) = l.lang {
                s.push('@');
                s.push_str(lang);
            } else if let Some(dt) = l.datatype {
                s.push_str("^^");
                s.push_str(dt);
            }
            s
        }
    }
}

/// The graph as Turtle.
pub fn to_turtle(g: &Graph) -> String {
    let mut out = String::new();
    for (p, ns) in PREFIXES {
        let _ = writeln!(out, "@prefix {p}: <{ns}> .");
    }
    for (subject, triples) in g.by_subject() {
        out.push('\n');
        out.push_str(&turtle_term(subject));
        for (i, t) in triples.iter().enumerate() {
            let pred = if t.predicate == "rdf:type" {
                "a"
            } else {
                t.predicate
            };
            let sep = if i == 0 { " " } else { " ;\n    " };
            let _ = write!(out, "{sep}{pred} {}", turtle_term(&t.object));
        }
        out.push_str(" .\n");
    }
    out
}

fn jsonld_node_ref(t: &Term) -> serde_json::Value {
    match t {
        Term::Iri(iri) => serde_json::Value::String(clean_iri(iri)),
        Term::Blank(b) => serde_json::Value::String(format!("_:{b}")),
        Term::Literal(l) => serde_json::Value::String(l.value.clone()),
    }
}

fn jsonld_object(t: &Term) -> serde_json::Value {
    use serde_json::json;
    match t {
        Term::Iri(_) | Term::Blank(_) => json!({ "@id": jsonld_node_ref(t) }),
        Term::Literal(l) => {
            let mut o = serde_json::Map::new();
            o.insert("@value".into(), l.value.clone().into());
            if let Some(lang) = l.lang {
                o.insert("@language".into(), lang.into());
            } else if let Some(dt) = l.datatype {
                o.insert("@type".into(), dt.into());
            }
            serde_json::Value::Object(o)
        }
    }
}

/// The graph as JSON-LD: a `@context` of the prefixes and one `@graph` node per subject.
pub fn to_jsonld(g: &Graph) -> serde_json::Value {
    use serde_json::{Map, Value};
    let context: Map<String, Value> = PREFIXES
        .iter()
        .map(|(p, ns)| ((*p).to_string(), Value::String((*ns).to_string())))
        .collect();
    let nodes: Vec<Value> = g
        .by_subject()
        .into_iter()
        .map(|(subject, triples)| {
            let mut node = Map::new();
            node.insert("@id".into(), jsonld_node_ref(subject));
            for t in triples {
                let (key, value) = if t.predicate == "rdf:type" {
                    let class = match &t.object {
                        Term::Iri(iri) => compact(iri).unwrap_or_else(|| clean_iri(iri)),
                        other => jsonld_node_ref(other).as_str().unwrap_or("").to_string(),
                    };
                    ("@type".to_string(), Value::String(class))
                } else {
                    (t.predicate.to_string(), jsonld_object(&t.object))
                };
                match node.get_mut(&key) {
                    Some(Value::Array(list)) => list.push(value),
                    _ => {
                        node.insert(key, Value::Array(vec![value]));
                    }
                }
            }
            Value::Object(node)
        })
        .collect();
    serde_json::json!({ "@context": context, "@graph": nodes })
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other controls than tab, newline and carriage return
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The graph as RDF/XML: one `rdf:Description` per subject.
pub fn to_rdfxml(g: &Graph) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF");
    for (p, ns) in PREFIXES {
        let _ = write!(out, "\n    xmlns:{p}=\"{ns}\"");
    }
    out.push_str(">\n");
    for (subject, triples) in g.by_subject() {
        match subject {
            Term::Blank(b) => {
                let _ = writeln!(out, "  <rdf:Description rdf:nodeID=\"{b}\">");
            }
            other => {
                let iri = jsonld_node_ref(other);
                let _ = writeln!(
                    out,
                    "  <rdf:Description rdf:about=\"{}\">",
                    xml_escape(iri.as_str().unwrap_or(""))
                );
            }
        }
        for t in triples {
            let p = t.predicate;
            match &t.object {
                Term::Iri(iri) => {
                    let _ = writeln!(
                        out,
                        "    <{p} rdf:resource=\"{}\"/>",
                        xml_escape(&clean_iri(iri))
                    );
                }
                Term::Blank(b) => {
                    let _ = writeln!(out, "    <{p} rdf:nodeID=\"{b}\"/>");
                }
                Term::Literal(l) => {
                    let attr = match (l.lang, l.datatype) {
                        (Some(lang), _) => format!(" xml:lang=\"{lang}\""),
                        (None, Some(dt)) => format!(" rdf:datatype=\"{}\"", expand(dt)),
                        (None, None) => String::new(),
                    };
                    let _ = writeln!(out, "    <{p}{attr}>{}</{p}>", xml_escape(&l.value));
                }
            }
        }
        out.push_str("  </rdf:Description>\n");
    }
    out.push_str("</rdf:RDF>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut g = Graph::default();
        let ds = Term::iri("https://data.example.go.id/data/x/dataset/a b");
        g.typed(&ds, "dcat:Dataset");
        g.add(
            &ds,
            "dct:title",
            Term::lang("Jumlah \"penduduk\"\n2025 & <x>", "id"),
        );
        g.add(
            &ds,
            "dct:issued",
            Term::typed("2026-01-02T03:04:05Z", "xsd:dateTime"),
        );
        let contact = Term::Blank("c1".into());
        g.add(&ds, "dcat:contactPoint", contact.clone());
        g.typed(&contact, "vcard:Kind");
        g.add(&contact, "vcard:fn", Term::text("Bidang Statistik"));
        // said twice, written once
        g.typed(&contact, "vcard:Kind");
        g
    }

    #[test]
    fn turtle_groups_by_subject_escapes_and_abbreviates() {
        let ttl = to_turtle(&sample());
        assert!(ttl.contains("<https://data.example.go.id/data/x/dataset/a%20b> a dcat:Dataset ;"));
        assert!(ttl.contains(r#"dct:title "Jumlah \"penduduk\"\n2025 & <x>"@id"#));
        assert!(ttl.contains(r#""2026-01-02T03:04:05Z"^^xsd:dateTime"#));
        assert!(ttl.contains("_:c1 a vcard:Kind ;\n    vcard:fn \"Bidang Statistik\" ."));
        let statements = ttl
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with(' ') && !l.starts_with("@prefix"))
            .count();
        assert_eq!(statements, 2, "{ttl}");
    }

    #[test]
    fn jsonld_has_one_node_per_subject_with_types_and_values() {
        let doc = to_jsonld(&sample());
        let nodes = doc["@graph"].as_array().expect("@graph");
        assert_eq!(nodes.len(), 2);
        assert_eq!(nodes[0]["@type"][0], "dcat:Dataset");
        assert_eq!(nodes[0]["dct:title"][0]["@language"], "id");
        assert_eq!(nodes[0]["dcat:contactPoint"][0]["@id"], "_:c1");
        assert_eq!(doc["@context"]["dct"], "http://purl.org/dc/terms/");
    }

    #[test]
    fn rdfxml_escapes_text_and_expands_datatypes() {
        let xml = to_rdfxml(&sample());
        assert!(xml.contains("rdf:about=\"https://data.example.go.id/data/x/dataset/a%20b\""));
        assert!(xml.contains("&quot;penduduk&quot;\n2025 &amp; &lt;x&gt;"));
        assert!(xml.contains("rdf:datatype=\"http://www.w3.org/2001/XMLSchema#dateTime\""));
        assert!(xml.contains("<rdf:Description rdf:nodeID=\"c1\">"));
        assert!(xml.contains("<rdf:type rdf:resource=\"http://www.w3.org/ns/dcat#Dataset\"/>"));
    }

    #[test]
    fn compact_only_plain_local_names() {
        assert_eq!(
            compact("http://purl.org/dc/terms/title").as_deref(),
            Some("dct:title")
        );
        assert_eq!(compact("http://purl.org/dc/terms/"), None);
        assert_eq!(compact("http://purl.org/dc/terms/a/b"), None);
        assert_eq!(expand("dcat:Catalog"), "http://www.w3.org/ns/dcat#Catalog");
    }
}
