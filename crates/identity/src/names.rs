//! Whether two written names are the same person's: the account holder or the
//! shipping recipient against the candidate. Confirmation-of-payee style:
//! word order, case, accents, homoglyphs, initials and middle names do not
//! matter; another given name or surname does.

use crate::normalize::{name, name_key};

/// How two names compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameMatch {
    /// The same person as far as the names tell ("Jordan A Miller" = "Jordan Avery Miller").
    Same,
    /// Another person ("Jordan Smith" is not "Jordan Miller").
    Different,
}

/// Words that add nothing to who a name is.
const DROPPED: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "jr", "sr", "ii", "iii", "iv", "and",
];

/// Most words of a name compared (comparison is quadratic in them).
const MAX_WORDS: usize = 16;

/// Least Jaro-Winkler similarity for two words of five letters or more to count as one
/// word mistyped ("Jonathon" for "Jonathan").
const TYPO_SIMILARITY: f64 = 0.93;

/// The words of a name: folded, and through the confusable skeleton when either
/// side is not plain ASCII (two ASCII names have no homoglyphs to undo).
fn words(raw: &str, skeleton: bool) -> Vec<String> {
    let folded = if skeleton { name_key(raw) } else { name(raw) };
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !DROPPED.contains(w))
        .take(MAX_WORDS)
        .map(str::to_owned)
        .collect()
}

fn same_word(a: &str, b: &str) -> Option<bool> {
    if a == b {
        return Some(true);
    }
    if a.len() == 1 || b.len() == 1 {
        // An initial stands for any word starting with it; it is a weaker match.
        return (a.chars().next() == b.chars().next()).then_some(false);
    }
    (a.len() >= 5 && b.len() >= 5 && strsim::jaro_winkler(a, b) >= TYPO_SIMILARITY).then_some(true)
}

/// Compare two names; `None` when either has no words.
pub fn compare(a: &str, b: &str) -> Option<NameMatch> {
    let skeleton = !(a.is_ascii() && b.is_ascii());
    let (a, b) = (words(a, skeleton), words(b, skeleton));
    if a.is_empty() || b.is_empty() {
        return None;
    }
    if a == b {
        return Some(NameMatch::Same);
    }
    // The shorter name is matched into the longer; between names of equal length
    // the order is fixed by their words, so that comparing is symmetric.
    let (short, long) = if (a.len(), &a) <= (b.len(), &b) {
        (a, b)
    } else {
        (b, a)
    };
    let mut used = vec![false; long.len()];
    let mut full_matches = 0;
    for word in &short {
        // Prefer a full match over an initial, so "J Jordan" cannot spend "Jordan" on "J".
        let pick = (0..long.len())
            .filter(|i| !used[*i])
            .filter_map(|i| same_word(word, &long[i]).map(|full| (i, full)))
            .max_by_key(|(_, full)| *full);
        match pick {
            Some((i, full)) => {
                used[i] = true;
                full_matches += usize::from(full);
            }
            None => return Some(NameMatch::Different),
        }
    }
    if full_matches == 0 {
        return Some(NameMatch::Different);
    }
    Some(NameMatch::Same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_examples_hold() {
        assert_eq!(
            compare("Jordan A Miller", "Jordan Avery Miller"),
            Some(NameMatch::Same)
        );
        assert_eq!(compare("Li Wei", "Wei Li"), Some(NameMatch::Same));
        assert_eq!(
            compare("Jordan Smith", "Jordan Miller"),
            Some(NameMatch::Different)
        );
    }

    #[test]
    fn spelling_and_middle_names_do_not_split_a_person() {
        let same = [
            ("JORDAN MILLER", "jordan miller"),
            ("José García", "Jose Garcia"),
            ("Jordan Miller", "Jordan Avery Miller"),
            ("Mr. Jordan Miller Jr.", "Jordan Miller"),
            ("Jonathon Miller", "Jonathan Miller"),
            ("Maria and Jordan Miller", "Jordan Miller"),
        ];
        for (a, b) in same {
            assert_eq!(compare(a, b), Some(NameMatch::Same), "{a} / {b}");
        }
    }

    #[test]
    fn another_person_is_different() {
        let different = [
            ("Maria Miller", "Jordan Miller"),
            ("Acme Staffing LLC", "Jordan Miller"),
            ("J M", "Jordan Miller"),
            ("Kim Min-jun", "Park Min-jun"),
        ];
        for (a, b) in different {
            assert_eq!(compare(a, b), Some(NameMatch::Different), "{a} / {b}");
        }
        assert_eq!(compare("", "Jordan Miller"), None);
    }
}
