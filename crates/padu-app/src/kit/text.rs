//! Small text helpers shared by the features.

/// `text` with its first letter in upper case ("level belum diisi" -> "Level belum diisi").
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_letter_changes() {
        assert_eq!(capitalise("level yang diklaim"), "Level yang diklaim");
        assert_eq!(capitalise("ésai"), "Ésai");
        assert_eq!(capitalise(""), "");
        assert_eq!(capitalise("OPD"), "OPD");
    }
}
