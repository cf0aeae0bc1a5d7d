//! Normalisation: two spellings of one value give one key.

use unicode_normalization::UnicodeNormalization;
use unicode_security::MixedScript;

pub use crate::phone::{phone, Phone, PhoneKind};

/// Characters that render as nothing or reorder text: dropped before anything else.
pub(crate) fn invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
        || c.is_control()
}

/// An e-mail address: case folded, `+tags` dropped, and dots dropped for providers that ignore them.
pub fn email(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !invisible(*c))
        .collect::<String>()
        .trim()
        .to_lowercase();
    // An address has no white space inside (and trimming it must not be left
    // to a second pass: normalising twice changes nothing).
    if cleaned.chars().any(char::is_whitespace) {
        return None;
    }
    let (local, domain) = cleaned.rsplit_once('@')?;
    let domain = domain.trim_end_matches('.');
    if local.is_empty() || !domain.contains('.') {
        return None;
    }
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = match domain {
        "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com"),
        _ => (local.to_owned(), domain),
    };
    // "+tag@…" or "..@gmail.com" leaves no mailbox: not an address.
    if local.is_empty() {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// The domain of a normalised e-mail address.
pub fn email_domain(normalised: &str) -> &str {
    normalised.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// A document or account number: letters and digits only, upper case.
pub fn document_number(raw: &str) -> Option<String> {
    // Upper-case before filtering: some letters upper-case to a letter and a
    // combining mark ("ᾶ" → "Α͂"), and the mark must go in the same pass.
    let pass = |text: &str| -> String {
        text.nfkc()
            .flat_map(char::to_uppercase)
            .filter(|c| c.is_alphanumeric())
            .collect()
    };
    // Dropping characters can bring together what NFKC composes (Hangul jamo
    // split by a control character): repeat until nothing changes.
    let mut cleaned = pass(raw);
    for _ in 0..3 {
        let again = pass(&cleaned);
        if again == cleaned {
            break;
        }
        cleaned = again;
    }
    (!cleaned.is_empty()).then_some(cleaned)
}

/// A profile URL: scheme, `www.`, trailing slashes, query and case dropped.
pub fn profile_url(raw: &str) -> Option<String> {
    let lower = raw.trim().to_lowercase();
    let rest = lower
        .split_once("://")
        .map_or(lower.as_str(), |(_, rest)| rest);
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let rest = rest
        .split(['?', '#'])
        .next()
        .unwrap_or(rest)
        .trim_end_matches('/');
    (rest.contains('/') || rest.contains('.')).then(|| rest.to_owned())
}

/// Text as evidence may show it: zero-width, bidirectional-override and control
/// characters dropped (they can hide or reorder what a reviewer reads), trimmed.
pub fn printable(raw: &str) -> String {
    raw.chars()
        .filter(|c| !invisible(*c))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Text folded for comparison without reordering: invisible characters dropped,
/// NFKC, lower case, diacritics removed; punctuation is kept.
pub fn fold(raw: &str) -> String {
    if raw.is_ascii() {
        return raw
            .chars()
            .filter(|c| !c.is_ascii_control())
            .map(|c| c.to_ascii_lowercase())
            .collect();
    }
    raw.chars()
        .filter(|c| !invisible(*c))
        .collect::<String>()
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// A name folded for comparison: NFKC, invisible characters dropped, case
/// folded, diacritics and punctuation removed, tokens sorted ("Wei Li" = "Li Wei").
pub fn name(raw: &str) -> String {
    let folded: String = fold(raw)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut tokens: Vec<&str> = folded.split_whitespace().collect();
    tokens.sort_unstable();
    tokens.join(" ")
}

/// The confusable skeleton of a folded name (UTS #39): a Cyrillic "а" inside a
/// Latin name gives the same key as the Latin "a".
pub fn name_key(raw: &str) -> String {
    let key = skeleton_pass(raw);
    // A key of ASCII characters that are each their own skeleton is its own
    // key already (`name` leaves a folded, sorted key as it is): the usual
    // case, spared a second pass.
    let own = ascii_own_skeleton();
    if key.bytes().all(|b| b.is_ascii() && own[usize::from(b)]) {
        return key;
    }
    settle(key)
}

/// Folding a skeleton can produce a letter with another skeleton ("ẟ" → "δ";
/// "𐌑" → "M", lower-cased to "m", whose skeleton is "rn"): repeat until
/// nothing changes, so that a key is its own key. ASCII passes use a table.
fn settle(mut key: String) -> String {
    for _ in 0..3 {
        let again = skeleton_pass(&key);
        if again == key {
            break;
        }
        key = again;
    }
    key
}

fn skeleton_pass(raw: &str) -> String {
    let folded = name(raw);
    let skeleton: String = if folded.is_ascii() {
        // The skeleton maps character by character: an ASCII table gives the same answer.
        folded
            .bytes()
            .map(|b| ascii_skeleton()[usize::from(b & 0x7f)].as_str())
            .collect()
    } else {
        unicode_security::skeleton(&folded).collect()
    };
    name(&skeleton)
}

/// The UTS #39 skeleton of each ASCII character, computed once.
fn ascii_skeleton() -> &'static [String; 128] {
    static TABLE: std::sync::OnceLock<[String; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|i| {
            unicode_security::skeleton(&char::from(i as u8).to_string()).collect()
        })
    })
}

/// Which ASCII characters are their own skeleton.
fn ascii_own_skeleton() -> &'static [bool; 128] {
    static TABLE: std::sync::OnceLock<[bool; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let skeletons = ascii_skeleton();
        std::array::from_fn(|i| skeletons[i] == char::from(i as u8).to_string())
    })
}

/// Words of a name that mix scripts, such as Latin letters with a Cyrillic one:
/// the homoglyph trick, not a property of anyone's name.
pub fn mixed_script_words(raw: &str) -> Vec<String> {
    raw.split_whitespace()
        .map(|word| word.chars().filter(|c| !invisible(*c)).collect::<String>())
        .filter(|word| !word.is_ascii() && !word.as_str().is_single_script())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `name_key` without its shortcut: passes until nothing changes.
    fn name_key_by_passes(raw: &str) -> String {
        settle(skeleton_pass(raw))
    }

    #[test]
    fn the_ascii_shortcut_gives_the_key_the_passes_give() {
        let printable: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        for a in &printable {
            for b in &printable {
                let raw = format!("X{a}{b}m Mo{b}{a}");
                assert_eq!(name_key(&raw), name_key_by_passes(&raw), "{raw:?}");
            }
        }
        // A first pass can leave an ASCII letter that is not its own skeleton
        // ("𐌑" gives "M", lower-cased to "m", whose skeleton is "rn").
        for raw in [
            "Jordan Miller",
            "MARY-ANN O'NEIL",
            "Wl0dek 1van",
            "Jord\u{0430}n Miller",
            "\u{10311}ary Smith",
        ] {
            assert_eq!(name_key(raw), name_key_by_passes(raw), "{raw:?}");
        }
        assert_ne!(skeleton_pass("\u{10311}ary"), name_key("\u{10311}ary"));
    }

    #[test]
    fn emails_fold_tags_case_and_gmail_dots() {
        assert_eq!(
            email(" Jordan.Miller+jobs@GMail.com ").as_deref(),
            Some("jordanmiller@gmail.com")
        );
        assert_eq!(
            email("jordan.miller@example.com").as_deref(),
            Some("jordan.miller@example.com")
        );
        assert_eq!(
            email("jordan.miller@googlemail.com"),
            email("jordanmiller@gmail.com")
        );
        assert_eq!(email("not an address"), None);
    }

    #[test]
    fn documents_and_profiles_fold() {
        assert_eq!(document_number("x12-345 678").as_deref(), Some("X12345678"));
        // Found by the property test: upper-casing "ᾶ" adds a combining mark, which
        // a second pass used to drop.
        assert_eq!(email("+tag@example.com"), None);
        // Found by the `names` fuzz target: a space before a trailing dot
        // survived the first pass and went in the second.
        assert_eq!(email("jo@example.com ."), None);
        assert_eq!(
            email(" Jo@Example.com. ").as_deref(),
            Some("jo@example.com")
        );
        assert_eq!(
            printable(" \u{202E}Dana\u{200B} W\u{0007}hitfield "),
            "Dana Whitfield"
        );
        let once = document_number("ᾶ");
        assert_eq!(once.as_deref().and_then(document_number), once);
        assert_eq!(
            profile_url("https://www.GitHub.com/JMiller/?tab=repos"),
            profile_url("github.com/jmiller")
        );
    }

    #[test]
    fn names_fold_order_case_diacritics_and_homoglyphs() {
        assert_eq!(name("Wei LI"), name("li wei"));
        assert_eq!(name("José Müller"), name("Jose Muller"));
        assert_eq!(name("Jor\u{200B}dan Miller"), name("Jordan Miller"));
        // A Cyrillic "а" (U+0430) in a Latin name.
        assert_ne!(name("Jord\u{0430}n Miller"), name("Jordan Miller"));
        assert_eq!(name_key("Jord\u{0430}n Miller"), name_key("Jordan Miller"));
        assert_eq!(
            mixed_script_words("Jord\u{0430}n Miller"),
            ["Jord\u{0430}n"]
        );
        assert!(mixed_script_words("Li 李 Wei").is_empty());
    }

    #[test]
    fn the_ascii_shortcuts_agree_with_the_full_unicode_path() {
        let full = |raw: &str| {
            let folded: String = raw
                .nfkc()
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .nfd()
                .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                .collect();
            let mut tokens: Vec<&str> = folded.split_whitespace().collect();
            tokens.sort_unstable();
            let name = tokens.join(" ");
            let skeleton: String = unicode_security::skeleton(&name).collect();
            skeleton
        };
        for raw in [
            "Jordan Miller",
            "rn m l1I 0O",
            "Mary-Kate O'Neil",
            "W1lliam  III",
            "Zz Qq 9",
        ] {
            assert_eq!(name_key(raw), name(&full(raw)), "{raw}");
        }
        assert_eq!(name_key("Jord\u{0430}n Miller"), name_key("Jordan Miller"));
    }
}
