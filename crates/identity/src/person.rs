//! Whether two submissions' names can be one person's: "Bob Smith" and
//! "Robert J. Smith", "Aleksandr Petrov" and "Alexander Petrov", "Min-jun Kim"
//! and "Kim Minjun". Used to tell one person submitted twice (by an agency and
//! by themselves, to two requisitions) from several identities behind one
//! attribute; a name is only compared with another name, never judged.
//!
//! Each word of a name becomes a set of keys: its spelling with digraphs and
//! look-alike letters merged, for a long word also its consonant skeleton (so
//! "Aleksandr" meets "Alexander" but "Jon" does not meet "Jan"), and the same
//! for every full name it is a familiar form of (`data/nicknames.txt`). A key
//! comes with the first letter of what it stands for, for initials. Keys and
//! letters can be keyed hashes, so the link index compares names without
//! holding them.

use crate::normalize::name;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One word of a name: its keys, each with the first letter of what it stands
/// for (an initial has an empty key).
pub type Word<K> = Vec<(K, K)>;

/// Words this long or longer are also compared by consonant skeleton: long
/// names are the ones romanised several ways; short ones differ by a vowel.
const SKELETON_FROM: usize = 6;

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

/// A word's spelling with digraphs reduced, look-alike letters merged and
/// doubled letters dropped ("Sergey" and "Sergei" → "sergei"; "Zhou" and "Chou").
pub fn spelling(word: &str) -> String {
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
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A spelling without its vowels after the first letter ("Aleksandr" and
/// "Alexander" → "alksndr").
pub fn skeleton(word: &str) -> String {
    let spelt = spelling(word);
    let mut out = String::with_capacity(spelt.len());
    for (i, c) in spelt.chars().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if (i == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The keys of one form of a name word: its spelling, and its skeleton when long.
fn keys_of(word: &str) -> Vec<(String, String)> {
    let first: String = word.chars().take(1).collect();
    let mut keys = vec![(format!("s:{}", spelling(word)), first.clone())];
    if word.chars().count() >= SKELETON_FROM {
        keys.push((format!("k:{}", skeleton(word)), first));
    }
    keys
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
            if w.chars().count() == 1 {
                // An initial: no key of its own.
                return vec![(String::new(), w.to_owned())];
            }
            let mut keys = keys_of(w);
            for full in nicknames().get(w).into_iter().flatten() {
                for key in keys_of(full) {
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            keys
        })
        .collect()
}

fn is_initial<K: Default + PartialEq>(word: &[(K, K)]) -> bool {
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
/// The words are matched exhaustively (names have at most eight), so the answer
/// does not depend on the order of the words or of the names.
pub fn compatible<K: Default + PartialEq>(a: &[Word<K>], b: &[Word<K>]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let mut used = vec![false; long.len()];
    best_full(short, long, &mut used).is_some_and(|full| full >= 1)
}

/// The most full-word meetings over the ways of matching every word of `short`
/// to its own unused word of `long`; `None` when there is no such way.
fn best_full<K: Default + PartialEq>(
    short: &[Word<K>],
    long: &[Word<K>],
    used: &mut [bool],
) -> Option<usize> {
    let Some((word, rest)) = short.split_first() else {
        return Some(0);
    };
    let mut best = None;
    for i in 0..long.len() {
        if used[i] {
            continue;
        }
        let Some(full) = meet(word, &long[i]) else {
            continue;
        };
        used[i] = true;
        if let Some(more) = best_full(rest, long, used) {
            let total = more + usize::from(full);
            best = Some(best.map_or(total, |b: usize| b.max(total)));
        }
        used[i] = false;
    }
    best
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
            ("Jon Smith", "Jan Smith"),
            ("Tim Baker", "Tom Baker"),
            ("Mario Rossi", "Maria Rossi"),
            ("李 小明", "杨 小明"),
            ("А. Петров", "И. Петров"),
            ("", "Jordan Miller"),
        ] {
            assert!(!same(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn compatibility_is_symmetric() {
        for (a, b) in [
            ("Bert Robert", "Robert Albert"),
            ("Chris K.", "Kit Tina"),
            ("M. Morris", "Megan Morris"),
        ] {
            assert_eq!(same(a, b), same(b, a), "{a} / {b}");
        }
    }

    #[test]
    fn skeletons_absorb_romanisation() {
        assert_eq!(skeleton("Aleksandr"), skeleton("Alexander"));
        assert_eq!(spelling("Sergei"), spelling("Sergey"));
        assert_eq!(skeleton("Mohammed"), skeleton("Muhammad"));
        assert_eq!(spelling("Zhou"), spelling("Chou"));
        assert_ne!(spelling("Jon"), spelling("Jan"));
    }
}
