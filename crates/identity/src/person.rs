//! Whether two submissions' names can be one person's: "Bob Smith" and
//! "Robert J. Smith", "Aleksandr Petrov" and "Alexander Petrov", "Min-jun Kim"
//! and "Kim Minjun". Used to tell one person submitted twice (by an agency and
//! by themselves, to two requisitions) from several identities behind one
//! attribute; a name is only compared with another name, never judged.
//!
//! Each word of a name becomes a set of keys: its own spelling folded to a
//! consonant skeleton (so romanisations meet), plus the skeleton of every full
//! name it is a familiar form of (`data/nicknames.txt`). Keys can be keyed
//! hashes, so the link index compares names without holding them.

use crate::normalize::name;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One word of a name: its keys, each with the first letter of what it stands for.
pub type Word<K> = Vec<(K, u8)>;

/// Most words of a name kept.
const MAX_WORDS: usize = 8;

/// Words that say nothing about who someone is.
const DROPPED: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "jr", "sr", "ii", "iii", "iv", "phd", "md",
];

fn nicknames() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::new();
        for line in include_str!("../data/nicknames.txt").lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut forms = line.split_whitespace();
            let Some(full) = forms.next() else {
                continue;
            };
            for form in std::iter::once(full).chain(forms) {
                let entry = table.entry(form.to_owned()).or_default();
                if !entry.iter().any(|f| f == full) {
                    entry.push(full.to_owned());
                }
            }
        }
        table
    })
}

/// A word folded so that common romanisations of one name meet: digraphs
/// reduced, look-alike consonants merged, vowels after the first letter and
/// doubled letters dropped ("Aleksandr" and "Alexander" → "alksndr").
pub fn skeleton(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    let mut s = lower
        // Pinyin "zh" is Wade-Giles "ch" (Zhou, Chou).
        .replace("zh", "j")
        .replace("ch", "j")
        .replace("ph", "f")
        .replace("kh", "h")
        .replace("th", "t")
        .replace("dh", "d")
        .replace("sch", "sh")
        .replace('x', "ks");
    s = s
        .chars()
        .map(|c| match c {
            'w' => 'v',
            'y' => 'i',
            'c' | 'q' => 'k',
            'z' => 's',
            other => other,
        })
        .collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if i > 0 && vowel {
            continue;
        }
        if out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The words of a name with their keys (as strings), ready to hash or compare.
/// Hyphens and apostrophes join ("Min-jun" is one word, "O'Brien" too).
pub fn words(raw: &str) -> Vec<Word<String>> {
    let joined: String = raw
        .chars()
        .filter(|c| !matches!(c, '-' | '\'' | '’' | '‐'))
        .collect();
    let folded = name(&joined);
    folded
        .split(' ')
        .filter(|w| !w.is_empty() && !DROPPED.contains(w))
        .take(MAX_WORDS)
        .map(|w| {
            let first = w.bytes().next().unwrap_or(b'?');
            if w.chars().count() == 1 {
                // An initial: no key of its own.
                return vec![(String::new(), first)];
            }
            let mut keys = vec![(skeleton(w), first)];
            for full in nicknames().get(w).into_iter().flatten() {
                let key = (skeleton(full), full.bytes().next().unwrap_or(first));
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            keys
        })
        .collect()
}

fn is_initial<K: Default + PartialEq>(word: &Word<K>) -> bool {
    word.len() == 1 && word[0].0 == K::default()
}

/// How two words meet: `Some(true)` as the same word, `Some(false)` as an
/// initial of the other, `None` not at all.
fn meet<K: Default + PartialEq>(a: &Word<K>, b: &Word<K>) -> Option<bool> {
    match (is_initial(a), is_initial(b)) {
        (true, true) => (a[0].1 == b[0].1).then_some(false),
        (true, false) => b.iter().any(|(_, f)| *f == a[0].1).then_some(false),
        (false, true) => a.iter().any(|(_, f)| *f == b[0].1).then_some(false),
        (false, false) => a
            .iter()
            .any(|(k, _)| b.iter().any(|(j, _)| j == k))
            .then_some(true),
    }
}

/// Whether two names can be one person's: every word of the shorter name meets
/// its own word of the longer (middle names may be missing, initials stand for
/// words, order does not matter), and at least one full word is in common.
pub fn compatible<K: Default + PartialEq>(a: &[Word<K>], b: &[Word<K>]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    let mut full = 0;
    // Whole words first: an initial must not take the word a whole word needs
    // ("M. Morris": "M" may stand for "Morris" too, but "Morris" is Morris).
    let mut order: Vec<&Word<K>> = short.iter().collect();
    order.sort_by_key(|w| is_initial(w));
    for word in order {
        // Prefer a full match, so an initial cannot take a word a full match needs.
        let pick = (0..long.len())
            .filter(|i| !used[*i])
            .filter_map(|i| meet(word, &long[i]).map(|f| (i, f)))
            .max_by_key(|(_, f)| *f);
        match pick {
            Some((i, f)) => {
                used[i] = true;
                full += usize::from(f);
            }
            None => return false,
        }
    }
    full >= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        compatible(&words(a), &words(b))
    }

    #[test]
    fn forms_of_one_persons_name_are_compatible() {
        for (a, b) in [
            ("Robert Smith", "Bob Smith"),
            ("Robert James Smith", "Bob Smith"),
            ("Robert J. Smith", "Robert Smith"),
            ("William Turner", "Bill Turner"),
            ("Aleksandr Petrov", "Alexander Petrov"),
            ("Sergey Ivanov", "Sergei Ivanov"),
            ("Min-jun Kim", "Kim Minjun"),
            ("Mohammed Al-Hassan", "Muhammad Alhassan"),
            ("Chris Evans", "Christopher Evans"),
            ("Wei Zhang", "Zhang Wei"),
            ("J. Smith", "John Smith"),
            ("Catherine Doyle", "Katie Doyle"),
            ("M. Morris", "Megan Morris"),
            ("Mikhail Mikhailov", "M. Mikhailov"),
            ("Xiaoling Zhou", "Xiaoling Chou"),
            ("Pepe Flores", "José Flores"),
        ] {
            assert!(same(a, b), "{a} / {b}");
            assert!(same(b, a), "{b} / {a}");
        }
    }

    #[test]
    fn other_people_are_not() {
        for (a, b) in [
            ("Robert Smith", "Richard Smith"),
            ("Jordan Miller", "Jordan Smith"),
            ("Kim Min-jun", "Park Min-jun"),
            ("J M", "Jordan Miller"),
            ("Christina Evans", "Christopher Evans"),
            ("Mario Rossi", "Maria Bianchi"),
            ("", "Jordan Miller"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn skeletons_absorb_romanisation() {
        assert_eq!(skeleton("Aleksandr"), skeleton("Alexander"));
        assert_eq!(skeleton("Sergei"), skeleton("Sergey"));
        assert_eq!(skeleton("Mohammed"), skeleton("Muhammad"));
        assert_ne!(skeleton("Kim"), skeleton("Park"));
    }
}
