//! Characters that a text may not hold, whatever its field: control characters, and in names
//! the invisible format characters that change how the text around them shows (a right-to-left
//! override makes `invoice\u{202E}fdp.exe` show as "invoiceexe.pdf").

/// Unicode's format characters (general category Cf, Unicode 15.1): bidirectional overrides,
/// embeddings and isolates, zero-width spaces and joiners, the byte-order mark, invisible
/// operators, tags. Ranges, inclusive.
const FORMAT: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{0600}', '\u{0605}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{06DD}', '\u{06DD}'),
    ('\u{070F}', '\u{070F}'),
    ('\u{0890}', '\u{0891}'),
    ('\u{08E2}', '\u{08E2}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{110BD}', '\u{110BD}'),
    ('\u{110CD}', '\u{110CD}'),
    ('\u{13430}', '\u{1343F}'),
    ('\u{1BCA0}', '\u{1BCA3}'),
    ('\u{1D173}', '\u{1D17A}'),
    ('\u{E0001}', '\u{E0001}'),
    ('\u{E0020}', '\u{E007F}'),
];

/// A format character (Unicode category Cf).
pub fn is_format(c: char) -> bool {
    FORMAT.iter().any(|&(from, to)| (from..=to).contains(&c))
}

/// What a name (of a user, an OPD, an instansi, a file) may not hold: control and format
/// characters, and the line and paragraph separators.
pub fn is_hidden_in_name(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// What no text field may hold: control characters other than tab, line feed and carriage
/// return (NUL, escape, bell, ...).
pub fn is_forbidden_in_text(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// `name` without what [`is_hidden_in_name`] finds.
pub fn strip_hidden(name: &str) -> String {
    name.chars().filter(|&c| !is_hidden_in_name(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tricks_of_a_file_name_are_found() {
        assert_eq!(strip_hidden("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        for c in [
            '\u{200B}', '\u{200D}', '\u{2066}', '\u{2069}', '\u{FEFF}', '\u{0}', '\u{1b}',
            '\u{2028}',
        ] {
            assert!(is_hidden_in_name(c), "{:04X}", c as u32);
        }
        // letters, digits, the Indonesian text of names and ordinary punctuation stay
        for c in ['a', 'Z', '9', ' ', '-', '.', '(', 'é', 'ك', '中'] {
            assert!(!is_hidden_in_name(c), "{c}");
        }
    }

    #[test]
    fn text_keeps_its_lines_and_tabs_but_no_other_control() {
        for c in ['\t', '\n', '\r', 'a', '\u{200D}'] {
            assert!(!is_forbidden_in_text(c), "{:04X}", c as u32);
        }
        for c in ['\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}'] {
            assert!(is_forbidden_in_text(c), "{:04X}", c as u32);
        }
    }
}

/// An instansi's URL name (CKAN's `name`, e.g. `kabupaten-trenggalek` for "Kabupaten
/// Trenggalek"): lower-case ASCII letters and digits, every other run of characters one `-`,
/// none at either end, at most 90 characters; `instansi` when nothing is left.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if out.len() >= 90 {
                break;
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("instansi");
    }
    out
}

/// `base`, else `base-2`, `base-3`, ... : the first that `taken` does not hold.
pub fn unique_slug(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|s| !taken(s))
        .unwrap_or_else(|| base.to_string())
}

#[cfg(test)]
mod slug_tests {
    use super::{slug, unique_slug};

    #[test]
    fn an_instansi_name_becomes_its_url_name() {
        assert_eq!(slug("Kabupaten Trenggalek"), "kabupaten-trenggalek");
        assert_eq!(slug("Provinsi Jawa Timur"), "provinsi-jawa-timur");
        assert_eq!(slug("  Kota Batu (Jatim) "), "kota-batu-jatim");
        assert_eq!(
            slug("Kabupaten Pangkajene dan Kepulauan"),
            "kabupaten-pangkajene-dan-kepulauan"
        );
        assert_eq!(slug("—"), "instansi");
        assert!(slug(&"a".repeat(200)).len() <= 90);
    }

    #[test]
    fn a_taken_url_name_gets_a_number() {
        let taken = ["kota-batu", "kota-batu-2"];
        assert_eq!(
            unique_slug("kota-batu", |s| taken.contains(&s)),
            "kota-batu-3"
        );
        assert_eq!(
            unique_slug("kota-malang", |s| taken.contains(&s)),
            "kota-malang"
        );
    }
}
