//! The USPS tables (Publication 28): street suffixes, unit designators,
//! directionals and state codes, read once from the files under `data/`.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A secondary unit designator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Designator {
    /// The standard abbreviation, e.g. `APT`.
    pub standard: &'static str,
    /// Whether it is followed by a number (`APT 5`) or stands alone (`REAR`).
    pub needs_id: bool,
}

struct Tables {
    suffixes: HashMap<&'static str, &'static str>,
    designators: HashMap<&'static str, Designator>,
    states: HashMap<&'static str, &'static str>,
    /// Last word of a state's name → (its words, its code), longest first.
    state_names: HashMap<&'static str, Vec<(Vec<&'static str>, &'static str)>>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut suffixes = HashMap::new();
        for words in data_lines(include_str!("../data/street-suffixes.txt")) {
            if let Some((standard, spellings)) = words.split_first() {
                for spelling in spellings {
                    suffixes.insert(*spelling, *standard);
                }
            }
        }
        let mut designators = HashMap::new();
        for words in data_lines(include_str!("../data/unit-designators.txt")) {
            if let [standard, range, spellings @ ..] = words.as_slice() {
                let designator = Designator {
                    standard,
                    needs_id: *range == "range",
                };
                for spelling in spellings {
                    designators.insert(*spelling, designator);
                }
            }
        }
        let mut states = HashMap::new();
        let mut state_names: HashMap<&str, Vec<(Vec<&str>, &str)>> = HashMap::new();
        for words in data_lines(include_str!("../data/states.txt")) {
            if let (Some((code, name)), Some(last)) = (words.split_first(), words.last()) {
                states.insert(*code, *code);
                state_names
                    .entry(*last)
                    .or_default()
                    .push((name.to_vec(), *code));
            }
        }
        // Longest names first, so "west virginia" wins over "virginia".
        for names in state_names.values_mut() {
            names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        }
        Tables {
            suffixes,
            designators,
            states,
            state_names,
        }
    })
}

/// The standard abbreviation of a street suffix spelling (`avenue` → `AVE`); input lowercase.
pub fn suffix(word: &str) -> Option<&'static str> {
    tables().suffixes.get(word).copied()
}

/// The unit designator a spelling stands for (`apartment` → `APT`); input lowercase.
pub fn designator(word: &str) -> Option<Designator> {
    tables().designators.get(word).copied()
}

/// The one-letter or two-letter directional (`north` → `N`, `s.w.` already cleaned to `sw`).
pub fn directional(word: &str) -> Option<&'static str> {
    Some(match word {
        "n" | "north" => "N",
        "s" | "south" => "S",
        "e" | "east" => "E",
        "w" | "west" => "W",
        "ne" | "northeast" => "NE",
        "nw" | "northwest" => "NW",
        "se" | "southeast" => "SE",
        "sw" | "southwest" => "SW",
        _ => return None,
    })
}

/// A state code from its code (`ca`) or the start of `words` spelling its name
/// (`["new", "york", …]`): the code and how many words it took.
pub fn state_at_end(words: &[&str]) -> Option<(&'static str, usize)> {
    let t = tables();
    let last = words.last()?;
    for (name, code) in t.state_names.get(last).into_iter().flatten() {
        if words.len() >= name.len() && words[words.len() - name.len()..] == name[..] {
            return Some((code, name.len()));
        }
    }
    let upper = last.to_ascii_uppercase();
    t.states.get(upper.as_str()).map(|code| (*code, 1))
}

/// The state code of a region as written (`California`, `ca`, `Calif` is not known).
pub fn state_code(region: &str) -> Option<&'static str> {
    let lower = region.trim().trim_end_matches('.').to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    match state_at_end(&words)? {
        (code, used) if used == words.len() => Some(code),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_read_their_files() {
        assert_eq!(suffix("avenue"), Some("AVE"));
        assert_eq!(suffix("av"), Some("AVE"));
        assert_eq!(suffix("st"), Some("ST"));
        assert_eq!(suffix("parkways"), Some("PKWY"));
        assert_eq!(designator("apartment").map(|d| d.standard), Some("APT"));
        assert_eq!(designator("rear").map(|d| d.needs_id), Some(false));
        assert_eq!(directional("southwest"), Some("SW"));
        assert_eq!(state_code("New York"), Some("NY"));
        assert_eq!(state_code("west virginia"), Some("WV"));
        assert_eq!(state_code("tx"), Some("TX"));
        assert_eq!(state_code("Texarkana"), None);
    }
}
