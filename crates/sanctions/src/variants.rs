//! Name words in one canonical spelling: romanisation groups from the rules
//! (`[[variants]]`), transliteration rewrites, legal forms dropped, and words
//! written as one split into syllables (Kumhyok → Kum Hyok).

use bonafide_identity::normalize::fold;
use bonafide_rules::VariantTable;
use rustc_hash::{FxHashMap, FxHashSet};

/// One word of a name: its canonical spelling (what equality is decided on)
/// and its surface (the folded spelling as written, what typos are judged on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Canonical spelling.
    pub canon: String,
    /// Folded spelling as written (a syllable of a split word, alone).
    pub surface: String,
}

/// The compiled variant data: applied alike to listed names and to queries.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Variants {
    /// Word → its group's canonical spelling.
    canonical: FxHashMap<String, String>,
    /// Korean syllable key (see [`korean_key`]) → canonical spelling.
    korean: FxHashMap<String, String>,
    longest_syllable: usize,
    rewrites: Vec<(String, String)>,
    endings: Vec<(String, String)>,
    drop: FxHashSet<String>,
    /// Legal forms of several words, longest first.
    drop_phrases: Vec<Vec<String>>,
    common: FxHashSet<String>,
    /// Common words and words frequent in the population.
    frequent: FxHashSet<String>,
}

/// A name in another script, in Latin letters (`any_ascii`: BGN/PCGN-like
/// Cyrillic and Greek, Revised Romanisation for Hangul, pinyin for Han,
/// Hepburn for kana). Each Han character and each Hangul syllable is a
/// syllable of its own ("习近平" → "xi jin ping", "송금혁" → "song geum hyeok"),
/// as the lists write such names in separate syllables; the matcher joins them
/// where the list writes one word.
fn to_latin(folded: &str) -> String {
    let mut out = String::with_capacity(folded.len() * 2);
    for c in folded.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        let latin = any_ascii::any_ascii_char(c);
        if is_syllable_script(c) {
            out.push(' ');
            out.push_str(latin);
            out.push(' ');
        } else {
            out.push_str(latin);
        }
    }
    out.to_lowercase()
}

/// "l.l.c." → "llc", "j.p." → "jp": letters each followed by a dot (the last
/// dot optional), two or more; `None` for anything else.
fn undotted(word: &str) -> Option<String> {
    let trimmed = word.trim_end_matches([',', ';']);
    let letters: Vec<char> = trimmed.chars().filter(|c| *c != '.').collect();
    let dots = trimmed.chars().filter(|c| *c == '.').count();
    let shape = trimmed
        .split('.')
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
    (letters.len() >= 2 && dots + 1 >= letters.len() && shape)
        .then(|| letters.into_iter().collect())
}

/// Digits inside a word of letters read as the letters they stand for.
fn unleet(word: &str) -> String {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let digits = word.chars().filter(char::is_ascii_digit).count();
    if digits == 0 || letters < 2 || digits > letters {
        return word.to_owned();
    }
    word.chars()
        .map(|c| match c {
            '0' => 'o',
            '1' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            '9' => 'g',
            other => other,
        })
        .collect()
}

/// Han characters and Hangul syllables: one syllable each.
fn is_syllable_script(c: char) -> bool {
    matches!(u32::from(c),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0xF900..=0xFAFF | 0xAC00..=0xD7A3)
}

/// A Korean syllable with the differences between McCune–Reischauer (apostrophes
/// and breves lost) and Revised Romanisation folded away: initial g/k, b/p, d/t
/// and j/ch alike, eo = o, eu = u, oo = u, sh = s, th = t.
pub fn korean_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 1);
    korean_key_into(word, &mut out);
    out
}

/// [`korean_key`] into a buffer (cleared first): the lookups on every word
/// of every query allocate nothing.
fn korean_key_into(word: &str, out: &mut String) {
    out.clear();
    let bytes = word.as_bytes();
    // The initial consonant first.
    let rest = match bytes {
        [b's', b'h', ..] => {
            out.push('s');
            2
        }
        [b't', b'h', ..] => {
            out.push('t');
            2
        }
        [b'j', ..] => {
            out.push_str("ch");
            1
        }
        [b'g', ..] => {
            out.push('k');
            1
        }
        [b'b', ..] => {
            out.push('p');
            1
        }
        [b'd', ..] => {
            out.push('t');
            1
        }
        _ => 0,
    };
    // Then the vowels: eo → o, eu → u, oo → u.
    let tail = &word[rest.min(word.len())..];
    let mut chars = tail.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('e', Some('o')) => {
                out.push('o');
                chars.next();
            }
            ('e', Some('u')) | ('o', Some('o')) => {
                out.push('u');
                chars.next();
            }
            _ => out.push(c),
        }
    }
}

thread_local! {
    static KEY_BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Union-find over words, so that groups sharing a spelling become one; the
/// root is the spelling seen first (the tables list the list's own spelling first).
struct Union {
    parent: FxHashMap<String, String>,
}

impl Union {
    fn add(&mut self, word: &str) {
        self.parent
            .entry(word.to_owned())
            .or_insert_with(|| word.to_owned());
    }

    fn root(&self, word: &str) -> String {
        let mut current = word.to_owned();
        while let Some(next) = self.parent.get(&current).filter(|n| **n != current) {
            current = next.clone();
        }
        current
    }

    fn join(&mut self, a: &str, b: &str, order: &FxHashMap<String, usize>) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return;
        }
        let first = |w: &str| order.get(w).copied().unwrap_or(usize::MAX);
        if first(&ra) <= first(&rb) {
            self.parent.insert(rb, ra);
        } else {
            self.parent.insert(ra, rb);
        }
    }
}

impl Variants {
    /// Build from the rules' `[[variants]]` tables.
    pub fn new(tables: &[VariantTable]) -> Variants {
        let mut union = Union {
            parent: FxHashMap::default(),
        };
        let mut order: FxHashMap<String, usize> = FxHashMap::default();
        let mut korean_words: Vec<String> = Vec::new();
        let mut variants = Variants::default();
        let see = |word: &str, order: &mut FxHashMap<String, usize>| {
            let next = order.len();
            order.entry(word.to_owned()).or_insert(next);
        };
        for table in tables {
            for group in &table.groups {
                for word in group {
                    see(word, &mut order);
                    union.add(word);
                }
                for word in &group[1..] {
                    union.join(&group[0], word, &order);
                }
                if table.segment {
                    korean_words.extend(group.iter().cloned());
                }
            }
            if table.segment {
                for word in &table.syllables {
                    see(word, &mut order);
                    union.add(word);
                    korean_words.push(word.clone());
                }
            }
            variants.rewrites.extend(table.rewrites.iter().cloned());
            variants.endings.extend(table.endings.iter().cloned());
            for entry in &table.drop {
                let words: Vec<String> = entry.split(' ').map(str::to_owned).collect();
                if words.len() > 1 {
                    variants.drop_phrases.push(words);
                } else {
                    variants.drop.insert(entry.clone());
                }
            }
        }
        variants
            .drop_phrases
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        // Korean spellings with the same key are one syllable written two ways.
        let mut by_key: FxHashMap<String, String> = FxHashMap::default();
        for word in &korean_words {
            let key = korean_key(word);
            match by_key.get(&key) {
                Some(other) => {
                    let other = other.clone();
                    union.join(&other, word, &order);
                }
                None => {
                    by_key.insert(key, word.clone());
                }
            }
        }
        let words: Vec<String> = union.parent.keys().cloned().collect();
        for word in words {
            let canonical = union.root(&word);
            variants.canonical.insert(word, canonical);
        }
        for (key, word) in by_key {
            let canonical = union.root(&word);
            variants.korean.insert(key, canonical);
        }
        variants.longest_syllable = korean_words.iter().map(String::len).max().unwrap_or(0);
        for table in tables {
            for word in &table.common {
                let canonical = variants.word(word);
                variants
                    .common
                    .extend(canonical.into_iter().map(|t| t.canon));
            }
            for word in table.common.iter().chain(&table.frequent) {
                let canonical = variants.word(word);
                variants
                    .frequent
                    .extend(canonical.into_iter().map(|t| t.canon));
            }
        }
        variants
    }

    /// Is this canonical word one of the common name words?
    pub fn is_common(&self, canonical: &str) -> bool {
        self.common.contains(canonical)
    }

    /// Is this canonical word common, or frequent in the population?
    pub fn is_frequent(&self, canonical: &str) -> bool {
        self.frequent.contains(canonical)
    }

    /// The canonical words of a name, in order.
    pub fn words(&self, raw: &str) -> Vec<String> {
        self.tokens(raw).into_iter().map(|t| t.canon).collect()
    }

    /// The words of a name, canonical and as written, in order.
    pub fn tokens(&self, raw: &str) -> Vec<Token> {
        self.folded_words(raw)
            .iter()
            .flat_map(|w| self.word(w))
            .collect()
    }

    /// Both readings of a name at once: canonical tokens, and the words as
    /// written (folded, legal forms dropped, none made canonical or split), on
    /// which a typo inside a Korean word (Koro / Koryo) is still one edit.
    pub fn readings(&self, raw: &str) -> (Vec<Token>, Vec<Token>) {
        let folded = self.folded_words(raw);
        let tokens = folded.iter().flat_map(|w| self.word(w)).collect();
        let plain = folded
            .into_iter()
            .map(|w| Token {
                canon: w.clone(),
                surface: w,
            })
            .collect();
        (tokens, plain)
    }

    /// Folded words, other scripts in Latin letters, legal forms (and
    /// one-letter misspellings of the long ones) dropped.
    fn folded_words(&self, raw: &str) -> Vec<String> {
        let folded = fold(raw);
        let folded = if folded.is_ascii() {
            folded
        } else {
            to_latin(&folded)
        };
        // Dotted initials of three letters or more, or a legal form, are one
        // word (L.L.C., N.A., A.B.C.); two are a person's initials (A.Q. Khan),
        // which the joined-word rule still brings together where the list
        // writes one (J.P. / JP). Digits inside a word are letters typed as
        // digits (Ig0r Sech1n).
        let folded: String = if folded.bytes().any(|b| b == b'.' || b.is_ascii_digit()) {
            folded
                .split_whitespace()
                .map(|w| {
                    undotted(w)
                        .filter(|u| u.len() >= 3 || self.drop.contains(u.as_str()))
                        .unwrap_or_else(|| unleet(w))
                })
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            folded
        };
        // Apostrophes join (O'Brien, Onso'ng); every other non-letter splits.
        let cleaned: String = folded
            .chars()
            .filter(|c| !matches!(c, '\'' | '\u{2019}' | '`'))
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        let raw_words: Vec<&str> = cleaned.split_whitespace().collect();
        let without_phrases = self.without_phrases(&raw_words);
        let kept: Vec<&str> = without_phrases
            .iter()
            .copied()
            .filter(|w| !self.is_dropped(w))
            .collect();
        // A name made only of legal forms keeps them.
        let source = if kept.is_empty() { raw_words } else { kept };
        source.into_iter().map(str::to_owned).collect()
    }

    /// The words with every legal form of several words taken out.
    fn without_phrases<'w>(&self, words: &[&'w str]) -> Vec<&'w str> {
        if self.drop_phrases.is_empty() {
            return words.to_vec();
        }
        let mut kept = Vec::with_capacity(words.len());
        let mut at = 0;
        while at < words.len() {
            let rest = &words[at..];
            let phrase = self.drop_phrases.iter().find(|p| {
                p.len() <= rest.len() && p.iter().zip(rest).all(|(a, b)| a.as_str() == *b)
            });
            match phrase {
                Some(p) => at += p.len(),
                None => {
                    kept.push(words[at]);
                    at += 1;
                }
            }
        }
        kept
    }

    fn is_dropped(&self, word: &str) -> bool {
        if self.drop.contains(word) {
            return true;
        }
        // "Corporatoin", "Compnay": long legal forms are dropped misspelt too.
        word.len() >= 7
            && self.drop.iter().any(|d| {
                d.len() >= 7
                    && d.len().abs_diff(word.len()) <= 1
                    && d.as_bytes()[0] == word.as_bytes()[0]
                    && strsim::osa_distance(d, word) <= 1
            })
    }

    fn korean_syllable(&self, piece: &str) -> Option<&String> {
        if piece.len() > self.longest_syllable + 1 {
            return None;
        }
        KEY_BUFFER.with(|buffer| {
            let mut buffer = buffer.borrow_mut();
            korean_key_into(piece, &mut buffer);
            self.korean.get(buffer.as_str())
        })
    }

    /// One folded word in canonical spelling: possibly several syllables.
    fn word(&self, word: &str) -> Vec<Token> {
        let token = |canon: &str, surface: &str| Token {
            canon: canon.to_owned(),
            surface: surface.to_owned(),
        };
        if let Some(canonical) = self.canonical.get(word) {
            return vec![token(canonical, word)];
        }
        if let Some(canonical) = self.korean_syllable(word) {
            return vec![token(canonical, word)];
        }
        if let Some(parts) = self.segment(word) {
            return parts;
        }
        let rewritten = self.rewrite(word);
        if let Some(canonical) = self.canonical.get(&rewritten) {
            return vec![token(canonical, word)];
        }
        vec![token(&rewritten, word)]
    }

    fn rewrite(&self, word: &str) -> String {
        let mut out = word.to_owned();
        for (from, to) in &self.rewrites {
            if out.contains(from.as_str()) {
                out = out.replace(from.as_str(), to);
            }
        }
        for (from, to) in &self.endings {
            if out.len() > from.len() + 1 {
                if let Some(stem) = out.strip_suffix(from.as_str()) {
                    out = format!("{stem}{to}");
                    break;
                }
            }
        }
        out
    }

    /// Split a word written as one into two or three Korean syllables
    /// (Kumhyok, Geumpungri); `None` when it does not split.
    fn segment(&self, word: &str) -> Option<Vec<Token>> {
        if word.len() < 3 || !word.is_ascii() || self.korean.is_empty() {
            return None;
        }
        // Three syllables only in long words (Geumpungri): in short ones a split
        // into three finds syllables in Western names (Mi-ha-il).
        let pieces = self.split(word, if word.len() >= 8 { 3 } else { 2 })?;
        Some(
            pieces
                .into_iter()
                .map(|piece| Token {
                    canon: self
                        .korean_syllable(piece)
                        .cloned()
                        .unwrap_or_else(|| piece.to_owned()),
                    surface: piece.to_owned(),
                })
                .collect(),
        )
    }

    /// Longest first syllable first; a lone vowel is a syllable only at the end (Il-u).
    fn split<'w>(&self, word: &'w str, pieces: usize) -> Option<Vec<&'w str>> {
        if pieces < 2 {
            return None;
        }
        let max = (self.longest_syllable + 1).min(word.len() - 1);
        for cut in (2..=max).rev() {
            let (head, tail) = word.split_at(cut);
            if self.korean_syllable(head).is_none() {
                continue;
            }
            // Only "u" stands alone in given names written joined (Il-u → Ilu).
            let lone_vowel = tail == "u";
            if lone_vowel || (tail.len() >= 2 && self.korean_syllable(tail).is_some()) {
                return Some(vec![head, tail]);
            }
            if let Some(mut rest) = self.split(tail, pieces - 1) {
                rest.insert(0, head);
                return Some(rest);
            }
        }
        None
    }
}

/// A `same` pair scores at least this against each other.
pub const SAME_AT_LEAST: f64 = 0.9;
/// A `different` pair scores below this.
pub const DIFFERENT_BELOW: f64 = 0.8;

/// Check the `same` and `different` examples of variant tables, with every
/// table applied (as screening applies them).
pub fn run_examples(tables: &[VariantTable]) -> Vec<bonafide_rules::ExampleFailure> {
    let variants = Variants::new(tables);
    let mut failures = Vec::new();
    for table in tables {
        let cases = table
            .same
            .iter()
            .map(|p| (p, true))
            .chain(table.different.iter().map(|p| (p, false)));
        for ((a, b), same) in cases {
            let score = crate::Screener::name_similarity(&variants, a, b)
                .min(crate::Screener::name_similarity(&variants, b, a));
            let ok = if same {
                score >= SAME_AT_LEAST
            } else {
                score < DIFFERENT_BELOW
            };
            if !ok {
                failures.push(bonafide_rules::ExampleFailure {
                    rule: table.id.clone(),
                    file: table.file.clone(),
                    example: format!("{a:?} / {b:?}"),
                    message: format!(
                        "expected {} but they score {score:.2} (words {:?} / {:?})",
                        if same {
                            "the same name (≥ 0.90)"
                        } else {
                            "different names (< 0.80)"
                        },
                        variants.words(a),
                        variants.words(b)
                    ),
                });
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    #[test]
    fn other_scripts_dots_digits_and_legal_phrases_read_as_latin_words() {
        let variants = super::Variants::new(&[]);
        assert_eq!(variants.words("Путин Владимир"), ["putin", "vladimir"]);
        assert_eq!(variants.words("习近平"), ["xi", "jin", "ping"]);
        assert_eq!(super::undotted("l.l.c.").as_deref(), Some("llc"));
        assert_eq!(super::undotted("j.p.").as_deref(), Some("jp"));
        assert_eq!(super::undotted("Dr."), None);
        assert_eq!(super::unleet("sech1n"), "sechin");
        assert_eq!(super::unleet("2004"), "2004");
    }

    use super::korean_key;

    #[test]
    fn korean_keys_fold_romanisations_together() {
        assert_eq!(korean_key("geum"), korean_key("kum"));
        assert_eq!(korean_key("jeong"), korean_key("chong"));
        assert_eq!(korean_key("byeong"), korean_key("pyong"));
        assert_eq!(korean_key("thae"), korean_key("tae"));
        assert_eq!(korean_key("doo"), "tu");
        assert_ne!(korean_key("kum"), korean_key("kim"));
    }
}
