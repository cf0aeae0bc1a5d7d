//! The screening index: every listed name as canonical words, a candidate
//! index (exact words and one-edit neighbours) so that a query never scans
//! every name, and exact indexes for identifiers, e-mail and wallet addresses.

use crate::party::{NameQuality, Party, PartyKind, SanctionsList};
use crate::variants::{Token, Variants};
use bonafide_identity::normalize::document_number;
use bonafide_identity::payment::wallet_key;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// A name match on a common name, or on one word only, with nothing else to
/// back it, scores at most this: never enough for a certain hit.
pub const WEAK_NAME_CEILING: f64 = 0.85;
/// A match on an alias the list itself calls weak scores at most this.
pub const WEAK_ALIAS_CEILING: f64 = 0.85;
/// A date of birth that contradicts every date the list gives multiplies the score.
pub const DOB_CONTRADICTION: f64 = 0.75;
/// A date of birth the list gives exactly, matched, adds this to a name match.
pub const DOB_EXACT_BONUS: f64 = 0.15;
/// A date of birth within a year or a span the list gives adds this.
pub const DOB_YEAR_BONUS: f64 = 0.05;
/// Words this long or longer may match with one edit (see [`similarity`]).
const FUZZY_MIN_LEN: usize = 5;
/// Similarity of two words one edit apart (substitution, insertion, deletion,
/// or two neighbours swapped).
const ONE_EDIT: f64 = 0.9;
/// Known query words this long or longer also look up their one-edit neighbours.
const KNOWN_NEIGHBOURS_MIN_LEN: usize = 9;
/// Similarity of two five-letter words one typing slip apart.
const SHORT_EDIT: f64 = 0.86;
/// A name match resting on an uncertain edit (five-letter words, or a query
/// word that is itself a listed name, Maria / Marina) scores at most this
/// without a date or number: worth a look when three words or more agree…
const SLIP_CEILING: f64 = 0.85;
/// …and not reported with fewer (Lei Zheng is not ZHANG Lei).
const SLIP_CEILING_SHORT_NAME: f64 = 0.79;
/// A match that leaves out a listed patronymic, backed by a date of birth,
/// scores this much of its words' mean similarity before the date's bonus.
const PARTIAL_NAME_CEILING: f64 = 0.88;
/// A name with one or two other words of the listed name left out (middle
/// names, the second of two family names), where the list marks the family
/// name and its first word is found, backed by the exact date of birth the
/// list gives: this much of its words' mean similarity, so that the date's
/// bonus brings it to review, not beyond (Gilberto Rodriguez, born the day
/// RODRIGUEZ OREJUELA Gilberto Jose was). A year alone does not back it.
const NAMES_LEFT_OUT_CEILING: f64 = 0.72;
/// A name without its patronymic and no date of birth: reported for review
/// only, and only when it rests on a family name matched exactly that is not
/// frequent ("Putin", "Lukashenko"; not "Sokolov", frequent in the
/// population, nor any word on many listed names).
const PARTIAL_UNBACKED_CEILING: f64 = 0.82;
/// Similarity of two long words (ten letters or more) two edits apart.
const TWO_EDITS: f64 = 0.85;
/// Score lost per share of the query's words (by weight) left unmatched.
const QUERY_LEFT_PENALTY: f64 = 0.9;
/// Score lost per share of the listed name's words (by weight) left unmatched.
const LISTED_LEFT_PENALTY: f64 = 0.9;
/// Bump when the index's form changes: old cached indexes are then ignored.
const INDEX_FORMAT: &str = "bonafide-sanctions-index-4";
/// Words of a name beyond this are ignored (no real name is longer).
const MAX_WORDS: usize = 16;

/// A name-only match read from Arabic or Hebrew script by its consonants is
/// for review at most: the vowels that tell Hassan from Hussein are not written.
pub const ABJAD_CEILING: f64 = 0.85;

/// Readings of such a name screened, at most (one per listed name holding
/// its consonants).
const ABJAD_READINGS: usize = 24;

/// With a date of birth the list gives, such a match reaches escalate, no
/// higher.
const ABJAD_DATED_CEILING: f64 = 0.9;

/// Consonants the matched words of such a name must hold between them
/// ("Maher Assad" has five; "Ali Ahmed" three).
const ABJAD_MIN_CONSONANTS: usize = 5;

/// Which kinds of party a query is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KindFilter {
    /// Individuals only.
    Person,
    /// Companies and other bodies, vessels and aircraft.
    Entity,
    /// Every party.
    #[default]
    Any,
}

impl KindFilter {
    fn admits(self, kind: PartyKind) -> bool {
        match self {
            KindFilter::Person => kind == PartyKind::Person,
            KindFilter::Entity => kind != PartyKind::Person,
            KindFilter::Any => true,
        }
    }
}

/// What to screen. Every field is optional; several may be given at once.
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    /// A person's or an entity's name.
    pub name: Option<&'a str>,
    /// Who the name is.
    pub kind: KindFilter,
    /// Date of birth (year, month, day), to confirm or contradict a name match.
    pub date_of_birth: Option<(u16, u8, u8)>,
    /// Document or registration numbers.
    pub identifiers: Vec<&'a str>,
    /// E-mail addresses.
    pub emails: Vec<&'a str>,
    /// Digital currency addresses.
    pub wallets: Vec<&'a str>,
}

/// What a match rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The name alone.
    Name,
    /// The name, and a date of birth the list gives.
    NameAndBirthDate,
    /// A document or registration number, exactly.
    Identifier,
    /// An e-mail address, exactly.
    Email,
    /// A digital currency address, exactly.
    Wallet,
}

impl Basis {
    /// As output shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Name => "name",
            Basis::NameAndBirthDate => "name and date of birth",
            Basis::Identifier => "identifier",
            Basis::Email => "e-mail address",
            Basis::Wallet => "wallet address",
        }
    }

    /// Exact hits on an identifier, e-mail or wallet are certain.
    pub fn is_exact(self) -> bool {
        matches!(self, Basis::Identifier | Basis::Email | Basis::Wallet)
    }
}

/// One listed party that a query matches.
#[derive(Debug, Clone)]
pub struct Match<'s> {
    /// The list entry.
    pub party: &'s Party,
    /// The list it is on (`OFAC-SDN`, `UN`).
    pub list: &'s str,
    /// The listed name or value that matched.
    pub matched: String,
    /// 0..=1; 1 is certain.
    pub score: f64,
    /// What the match rests on.
    pub basis: Basis,
    /// Why the score is lower than the names alone say, when it is.
    pub notes: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct IndexedName {
    party: u32,
    /// Which of the party's names.
    name: u32,
    quality: NameQuality,
    words: Box<[u32]>,
    /// Each word as written (folded), for typos.
    surfaces: Box<[Box<str>]>,
    /// The words as written, not made canonical nor split.
    plain: Box<[u32]>,
    /// A person's family name as the list marks it ("MADURO MOROS Nicolas"):
    /// its first word, and its last, which people leave out when there are
    /// two (the same word when it is written as one).
    family: Option<(u32, u32)>,
    /// The same, in the reading as written (`plain`).
    family_written: Option<(u32, u32)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Word {
    text: String,
    /// Characters in `text`.
    chars: usize,
    weight: f32,
    common: bool,
    /// Common, or frequent in the population (see [`Variants::is_frequent`]).
    frequent: bool,
}

/// Lists loaded and indexed for screening.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Screener {
    lists: Vec<ListInfo>,
    parties: Vec<Party>,
    party_list: Vec<u16>,
    names: Vec<IndexedName>,
    words: Vec<Word>,
    word_ids: FxHashMap<String, u32>,
    postings: Vec<Vec<u32>>,
    /// Hash of a spelling or of one of its one-letter deletions → a range of
    /// `neighbour_ids`.
    neighbours: FxHashMap<u64, (u32, u32)>,
    neighbour_ids: Vec<u32>,
    /// Consonant skeleton (see [`crate::abjad`]) → listed words.
    abjad: FxHashMap<String, Vec<u32>>,
    /// (surface, canonical word) pairs, while indexing.
    #[serde(skip)]
    surfaces: Vec<(String, u32)>,
    identifiers: FxHashMap<String, Vec<(u32, u32)>>,
    emails: FxHashMap<String, Vec<(u32, u32)>>,
    wallets: FxHashMap<String, Vec<(u32, u32)>>,
    variants: Variants,
}

/// One loaded list, as verdicts' `versions` name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListInfo {
    /// `OFAC-SDN`, `UN`.
    pub list: String,
    /// The file(s).
    pub source: String,
    /// Issue date, when the file gives one.
    pub issued: Option<String>,
    /// Number of parties.
    pub parties: usize,
}

/// Each one-letter deletion of a word (the keys of the neighbour index).
/// The hash of a word and of each of its one-letter deletions, without
/// building the strings (a collision only adds a candidate the scoring drops).
fn deletion_hashes(word: &str) -> impl Iterator<Item = u64> + '_ {
    use std::hash::{BuildHasher, Hasher};
    let hash = move |skip: Option<usize>| {
        let mut hasher = rustc_hash::FxBuildHasher.build_hasher();
        for (at, c) in word.char_indices() {
            if Some(at) != skip {
                hasher.write_u32(u32::from(c));
            }
        }
        hasher.finish()
    };
    std::iter::once(hash(None)).chain(word.char_indices().map(move |(at, _)| hash(Some(at))))
}

/// A query "name" that is an IMO number: seven digits, perhaps after the
/// prefix ("9339301", "IMO 9339301"). Nothing else is taken for a number: a
/// phone typed in a payee's name must not meet a listed document.
fn is_bare_number(name: &str) -> bool {
    let trimmed = name.trim();
    let rest = trimmed
        .get(..3)
        .filter(|p| p.eq_ignore_ascii_case("imo"))
        .map_or(trimmed, |_| &trimmed[3..]);
    let rest = rest.trim_start_matches([' ', ':', '-']);
    rest.len() == 7 && rest.bytes().all(|b| b.is_ascii_digit())
}

/// How a query aligns with one listed name.
#[derive(Debug, Clone, Copy, Default)]
struct Alignment {
    score: f64,
    /// Every matched listed word is common, and at most two matched.
    only_common: bool,
    /// Pairs matched by an uncertain edit (see [`SLIP_CEILING`]).
    slips: u8,
    /// Query words matched.
    matched_words: u8,
    /// The score a name without its patronymic (or without the second word
    /// of a family name the list marks) gets when a date of birth backs it
    /// (see [`PARTIAL_NAME_CEILING`]); `score` is without it.
    partial: Option<f64>,
    /// The score of a name without its patronymic or second family word when no date backs it
    /// (see [`PARTIAL_UNBACKED_CEILING`]).
    unbacked: Option<f64>,
    /// The score of a name with other words of the listed one left out, when
    /// the exact date of birth the list gives backs it (see
    /// [`NAMES_LEFT_OUT_CEILING`]).
    left_out: Option<f64>,
}

/// The family name as a list writes it: the words in capitals of a name that
/// also has words in lower case ("MADURO MOROS Nicolas"), or, where none is in
/// capitals, what stands before a comma ("Maduro Moros, Nicolas"); `None` when
/// the name does not say.
fn written_family_name(name: &str) -> Option<&str> {
    if let Some(run) = capitals_run(name) {
        return Some(run);
    }
    let (family, given) = name.split_once(',')?;
    (!family.trim().is_empty() && !given.trim().is_empty()).then(|| family.trim())
}

/// The first run of words in capitals (two letters or more, no lower case) in
/// a name that also has a word in lower case.
fn capitals_run(name: &str) -> Option<&str> {
    let capitals = |w: &str| {
        w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && w.chars().any(char::is_uppercase)
            && !w.chars().any(char::is_lowercase)
    };
    let words: Vec<(usize, &str)> = name
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - name.as_ptr() as usize, w))
        .collect();
    if !words.iter().any(|(_, w)| w.chars().any(char::is_lowercase)) {
        return None;
    }
    let start = words.iter().position(|(_, w)| capitals(w))?;
    let end = words[start..]
        .iter()
        .position(|(_, w)| !capitals(w))
        .map_or(words.len(), |k| start + k);
    let (from, _) = words[start];
    let (at, last) = words[end - 1];
    name.get(from..at + last.len())
}

/// A patronymic (Russian, Ukrainian, Belarusian, Turkic): a listed word that
/// may be left out of the name as people write it.
fn is_patronymic(word: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "ovich", "evich", "ovych", "evych", "ovna", "evna", "ichna", "ogly", "oglu", "uly", "kyzy",
        "qizi", "kizi",
    ];
    word.chars().count() >= 6 && ENDINGS.iter().any(|e| word.ends_with(e))
}

/// What a query's date of birth says of a listed party's dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BirthSupport {
    /// The list gives no date.
    NotListed,
    /// A date the list gives exactly.
    Exact,
    /// Within a year or a span the list gives (or the year, for a year-only query).
    Within,
    /// Day and month swapped, or the same day a year apart: a clerk's slip or
    /// a list's, weaker support, never a refutation of the name.
    Near,
    /// Far from every date the list gives.
    Contradicts,
}

/// A query date of `(year, 0, 0)` is a year only; `(year, month, 0)` a month.
fn birth_support(listed: &[crate::party::BirthDate], dob: (u16, u8, u8)) -> BirthSupport {
    if listed.is_empty() {
        return BirthSupport::NotListed;
    }
    let (year, month, day) = dob;
    let span = if month == 0 {
        ((year, 1, 1), (year, 12, 31))
    } else if day == 0 {
        ((year, month, 1), (year, month, 31))
    } else {
        (dob, dob)
    };
    let overlaps = |d: &&crate::party::BirthDate| d.from <= span.1 && span.0 <= d.to;
    if listed.iter().any(|d| d.is_exact() && d.from == dob) {
        return BirthSupport::Exact;
    }
    if listed.iter().any(|d| overlaps(&d)) {
        return BirthSupport::Within;
    }
    let mut near = Vec::new();
    if day != 0 && day <= 12 && day != month {
        near.push((year, day, month));
    }
    if month != 0 && day != 0 {
        near.push((year.saturating_sub(1), month, day));
        near.push((year.saturating_add(1), month, day));
    }
    if month == 0 || day == 0 {
        // A year or a month: a year either side is near.
        let (from, to) = (year.saturating_sub(1), year.saturating_add(1));
        if listed.iter().any(|d| d.from.0 <= to && from <= d.to.0) {
            return BirthSupport::Near;
        }
    }
    if near
        .into_iter()
        .any(|n| listed.iter().any(|d| d.contains(n)))
    {
        return BirthSupport::Near;
    }
    BirthSupport::Contradicts
}

/// How alike two canonical words are: 1 when equal, an initial against a
/// word it begins, Jaro–Winkler for longer words, else 0.
#[cfg(test)]
fn similarity(a: &str, b: &str) -> f64 {
    similarity_of(a, a.chars().count(), b, b.chars().count())
}

/// [`similarity`] with the character counts known.
fn similarity_of(a: &str, la: usize, b: &str, lb: usize) -> f64 {
    if a == b {
        return 1.0;
    }
    if (la == 1 || lb == 1) && a.chars().next() == b.chars().next() {
        return 0.8;
    }
    // Short words: only a letter doubled or two neighbours swapped (Sson /
    // Son, Baid / Abid), never a letter changed (Kim Jong On is someone else).
    if la.min(lb) < FUZZY_MIN_LEN {
        // Two letters swapped in a two-letter word is another name (An / Na).
        return if la.min(lb) >= 3 && la.max(lb) <= FUZZY_MIN_LEN && doubled_or_swapped(a, b) {
            SHORT_EDIT
        } else {
            0.0
        };
    }
    // One edit is tolerated in words of five letters or more; between two
    // words of five it may be another name (Saleh / Salem, Zheng / Zhang), so
    // it scores less and caps a name match below certain.
    // The first letter must agree: people seldom mistype it, and a first
    // letter changed makes another name (Makarov / Zakarov).
    if la.abs_diff(lb) > 2 || a.chars().next() != b.chars().next() {
        return 0.0;
    }
    // Edits, not Jaro–Winkler: JW scores a substitution by a nearby letter
    // (Irternational) below a real name difference.
    match strsim::osa_distance(a, b) {
        1 if la.max(lb) == FUZZY_MIN_LEN && typing_slip(a, b) => SHORT_EDIT,
        1 if la.max(lb) == FUZZY_MIN_LEN => 0.0,
        1 => ONE_EDIT,
        2 if la.min(lb) >= 10 => TWO_EDITS,
        _ => 0.0,
    }
}

/// Whether one word is the other with a letter doubled, or with two
/// neighbouring letters swapped. (Called for many word pairs: it allocates
/// nothing and gives up early.)
fn doubled_or_swapped(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        slip_in(a.as_bytes(), b.as_bytes())
    } else {
        let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        slip_in(&x, &y)
    }
}

fn slip_in<T: PartialEq>(x: &[T], y: &[T]) -> bool {
    let (long, short) = if x.len() >= y.len() { (x, y) } else { (y, x) };
    if long.len() == short.len() + 1 {
        // The first difference must be a letter repeating its neighbour, and
        // the rest must follow shifted by one.
        let k = (0..short.len())
            .find(|&k| long[k] != short[k])
            .unwrap_or(short.len());
        let repeats = (k > 0 && long[k] == long[k - 1]) || long.get(k + 1) == Some(&long[k]);
        return repeats && long[k + 1..] == short[k..];
    }
    if long.len() == short.len() {
        let Some(i) = (0..x.len()).find(|&k| x[k] != y[k]) else {
            return false;
        };
        return i + 1 < x.len() && x[i] == y[i + 1] && x[i + 1] == y[i] && x[i + 2..] == y[i + 2..];
    }
    false
}

/// Whether two five-letter words one edit apart differ as typing does: a key
/// next to the right one (QWERTY), or two neighbours swapped. A vowel or a
/// letter far away changes a short name into another (Zheng / Zhang, Saleh /
/// Salem). Only words of one length reach it: a letter left out of a
/// five-letter word makes a short word, which `doubled_or_swapped` judges.
fn typing_slip(a: &str, b: &str) -> bool {
    let mut differ = a.chars().zip(b.chars()).filter(|(x, y)| x != y);
    match (differ.next(), differ.next()) {
        (Some((x, y)), None) => keys_adjacent(x, y),
        _ => doubled_or_swapped(a, b),
    }
}

/// Neighbouring letter keys on a QWERTY keyboard.
fn keys_adjacent(a: char, b: char) -> bool {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let place = |c: char| {
        ROWS.iter()
            .enumerate()
            .find_map(|(r, row)| row.find(c).map(|col| (r as i32, col as i32)))
    };
    match (place(a), place(b)) {
        // The rows are offset by about half a key: the row below's key at the
        // same index and the one before it touch.
        (Some((ra, ca)), Some((rb, cb))) => match rb - ra {
            0 => (ca - cb).abs() == 1,
            1 => ca - cb == 0 || ca - cb == 1,
            -1 => cb - ca == 0 || cb - ca == 1,
            _ => false,
        },
        _ => false,
    }
}

/// A query word ready for comparison: its dictionary id, lengths and weight.
struct Prepared<'a> {
    token: &'a Token,
    id: Option<u32>,
    surface_chars: usize,
    canon_chars: usize,
    weight: f64,
}

struct Scratch {
    masks: Vec<u16>,
    touched: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch { masks: Vec::new(), touched: Vec::new() }) };
}

impl Screener {
    /// Index lists with the given variant data.
    pub fn new(lists: Vec<SanctionsList>, variants: Variants) -> Screener {
        let mut screener = Screener {
            variants,
            ..Screener::default()
        };
        for (list_index, list) in lists.into_iter().enumerate() {
            screener.lists.push(ListInfo {
                list: list.list.clone(),
                source: list.source.clone(),
                issued: list.issued.clone(),
                parties: list.parties.len(),
            });
            for party in list.parties {
                screener.add(party, u16::try_from(list_index).unwrap_or(u16::MAX));
            }
        }
        screener.finish();
        screener
    }

    /// [`Screener::new`], kept in `cache` (postcard) under a key made of the
    /// lists and the variant data: a start with the same lists and rules reads
    /// the index instead of building it.
    pub fn build_cached(
        lists: Vec<SanctionsList>,
        variants: Variants,
        cache: Option<&std::path::Path>,
    ) -> Screener {
        let Some(dir) = cache else {
            return Screener::new(lists, variants);
        };
        let key = {
            use sha2::{Digest, Sha256};
            let mut hasher = Sha256::new();
            hasher.update(INDEX_FORMAT);
            // The code that builds the index is part of the key: a changed build
            // never reads an index an older one wrote.
            hasher.update(include_str!("screen.rs"));
            hasher.update(include_str!("variants.rs"));
            hasher.update(include_str!("abjad.rs"));
            hasher.update(postcard::to_stdvec(&lists).unwrap_or_default());
            hasher.update(postcard::to_stdvec(&variants).unwrap_or_default());
            hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        };
        let file = dir.join(format!("{key}.index"));
        if let Some(screener) = std::fs::read(&file)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<Screener>(&bytes).ok())
        {
            return screener;
        }
        let screener = Screener::new(lists, variants);
        if let Ok(bytes) = postcard::to_stdvec(&screener) {
            // A cache that cannot be written costs time on the next start, nothing else.
            let tmp = file.with_extension(format!("tmp{}", std::process::id()));
            let _ = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(&tmp, bytes))
                .and_then(|()| std::fs::rename(&tmp, &file));
        }
        screener
    }

    fn add(&mut self, party: Party, list: u16) {
        let index = u32::try_from(self.parties.len()).unwrap_or(u32::MAX);
        for (name_index, name) in party.names.iter().enumerate() {
            let (mut tokens, plain) = self.variants.readings(&name.name);
            tokens.truncate(MAX_WORDS);
            if tokens.is_empty() {
                continue;
            }
            let plain: Vec<u32> = plain
                .into_iter()
                .take(MAX_WORDS)
                .map(|t| self.intern(t.canon))
                .collect();
            let mut words = Vec::with_capacity(tokens.len());
            let mut surfaces = Vec::with_capacity(tokens.len());
            for token in tokens {
                let id = self.intern(token.canon);
                if token.surface.chars().count() >= FUZZY_MIN_LEN {
                    self.surfaces.push((token.surface.clone(), id));
                }
                words.push(id);
                surfaces.push(token.surface);
            }
            let surfaces: Vec<Box<str>> = {
                let joined: Vec<String> = surfaces;
                joined.into_iter().map(String::into_boxed_str).collect()
            };
            let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
            // Two neighbouring words written as one (Kumhyok, Meihsiang) are a
            // key too, so that such a query word finds the name.
            let joins: Vec<u32> = surfaces
                .windows(2)
                .map(|pair| format!("{}{}", pair[0], pair[1]))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|joined| self.intern(joined))
                .collect();
            let mut seen: Vec<u32> = words.iter().chain(&plain).chain(&joins).copied().collect();
            seen.sort_unstable();
            seen.dedup();
            for w in seen {
                self.postings[w as usize].push(id);
            }
            let family = (party.kind == PartyKind::Person)
                .then(|| written_family_name(&name.name))
                .flatten();
            // The family name's first and last word in each reading (the same
            // word when it is written as one, even where a reading splits it).
            let (family, family_written) = family.map_or((None, None), |family| {
                let one_word = family.split_whitespace().count() == 1;
                let (tokens, plain) = self.variants.readings(family);
                let mut ends = |words: Vec<Token>| {
                    let first = self.intern(words.first()?.canon.clone());
                    let last = match one_word {
                        true => first,
                        false => self.intern(words.last()?.canon.clone()),
                    };
                    Some((first, last))
                };
                (ends(tokens), ends(plain))
            });
            self.names.push(IndexedName {
                party: index,
                name: name_index as u32,
                quality: name.quality,
                words: words.into_boxed_slice(),
                surfaces: surfaces.into_boxed_slice(),
                plain: plain.into_boxed_slice(),
                family,
                family_written,
            });
        }
        for (i, identifier) in party.identifiers.iter().enumerate() {
            if let Some(number) = document_number(&identifier.number).filter(|n| n.len() >= 6) {
                // A vessel's IMO number is also found without its prefix.
                if let Some(bare) = number.strip_prefix("IMO").filter(|d| d.len() >= 6) {
                    self.identifiers
                        .entry(bare.to_owned())
                        .or_default()
                        .push((index, i as u32));
                }
                self.identifiers
                    .entry(number)
                    .or_default()
                    .push((index, i as u32));
            }
        }
        for (i, email) in party.emails.iter().enumerate() {
            self.emails
                .entry(email.trim().to_lowercase())
                .or_default()
                .push((index, i as u32));
        }
        for (i, wallet) in party.wallets.iter().enumerate() {
            self.wallets
                .entry(wallet_key(&wallet.address))
                .or_default()
                .push((index, i as u32));
        }
        self.parties.push(party);
        self.party_list.push(list);
    }

    fn intern(&mut self, word: String) -> u32 {
        if let Some(&id) = self.word_ids.get(&word) {
            return id;
        }
        let id = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        self.word_ids.insert(word.clone(), id);
        self.words.push(Word {
            chars: word.chars().count(),
            text: word,
            weight: 1.0,
            common: false,
            frequent: false,
        });
        self.postings.push(Vec::new());
        id
    }

    fn finish(&mut self) {
        let total = self.names.len().max(2) as f64;
        // A word on more than one name in 500 (and at least 20) is common.
        let common_df = (total / 500.0).max(20.0);
        for (id, word) in self.words.iter_mut().enumerate() {
            let df = self.postings[id].len().max(1) as f64;
            // Rarer words weigh more: 0.5 for a word on every name, 1 for a word on one.
            word.weight = (0.5 + 0.5 * (total / df).ln() / total.ln()) as f32;
            word.common = df >= common_df || self.variants.is_common(&word.text);
            word.frequent = word.common || self.variants.is_frequent(&word.text);
            if word.text.chars().count() >= FUZZY_MIN_LEN {
                self.surfaces.push((word.text.clone(), id as u32));
            }
        }
        for (id, word) in self.words.iter().enumerate() {
            if word.text.bytes().all(|b| b.is_ascii_lowercase()) {
                let skeleton = crate::abjad::latin_skeleton(&word.text);
                if !skeleton.is_empty() {
                    self.abjad.entry(skeleton).or_default().push(id as u32);
                }
            }
        }
        // Every spelling as written and each of its one-letter deletions lead to
        // the canonical word: a query one edit away finds it.
        let mut surfaces = std::mem::take(&mut self.surfaces);
        surfaces.sort_unstable();
        surfaces.dedup();
        let mut pairs: Vec<(u64, u32)> = surfaces
            .iter()
            .flat_map(|(surface, id)| deletion_hashes(surface).map(move |h| (h, *id)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        self.neighbour_ids = pairs.iter().map(|(_, id)| *id).collect();
        let mut start = 0;
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let len = group.len() as u32;
            self.neighbours.insert(group[0].0, (start, len));
            start += len;
        }
    }

    /// The loaded lists.
    pub fn lists(&self) -> &[ListInfo] {
        &self.lists
    }

    /// Number of parties over every list.
    pub fn len(&self) -> usize {
        self.parties.len()
    }

    /// True when no list is loaded.
    pub fn is_empty(&self) -> bool {
        self.parties.is_empty()
    }

    /// Every party, in list order.
    pub fn parties(&self) -> impl Iterator<Item = (&str, &Party)> {
        self.parties
            .iter()
            .zip(&self.party_list)
            .map(|(p, l)| (self.lists[usize::from(*l)].list.as_str(), p))
    }

    /// The canonical words of a name (for tools and tests).
    pub fn words(&self, name: &str) -> Vec<String> {
        self.variants.words(name)
    }

    /// Matches scoring at least `min_score`, best first, one per party, at most `limit`.
    pub fn screen<'s>(&'s self, query: &Query<'_>, min_score: f64, limit: usize) -> Vec<Match<'s>> {
        let mut best: FxHashMap<u32, Match<'s>> = FxHashMap::default();
        let mut offer = |party: u32, found: Match<'s>| {
            let keep = best.get(&party).is_none_or(|m| found.score > m.score);
            if keep {
                best.insert(party, found);
            }
        };
        self.exact_hits(query, &mut offer);
        if let Some(name) = query.name.filter(|n| !is_bare_number(n)) {
            self.name_hits(name, query, min_score, &mut offer);
            if crate::abjad::has_abjad(name) {
                let mut read = |party: u32, mut found: Match<'s>| {
                    // Consonants alone: review on the name; a date the list
                    // gives may take it to escalate, no further.
                    let ceiling = if found.basis == Basis::Name {
                        ABJAD_CEILING
                    } else {
                        ABJAD_DATED_CEILING
                    };
                    found.score = found.score.min(ceiling);
                    found
                        .notes
                        .push("read from Arabic or Hebrew script by its consonants");
                    offer(party, found);
                };
                for reading in self.abjad_readings(name) {
                    self.name_hits(&reading, query, min_score, &mut read);
                }
            }
        }
        let mut matches: Vec<Match<'s>> = best
            .into_values()
            .filter(|m| m.score >= min_score && query.kind.admits(m.party.kind))
            .collect();
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.party.uid.cmp(&b.party.uid))
        });
        matches.truncate(limit);
        matches
    }

    /// A name in Arabic or Hebrew script as Latin names: for each listed
    /// name holding, word for word, a distinct word with the consonants of
    /// each of the query's words, the query spelt with that name's words.
    /// Consonants alone say less than letters, so the words so matched must
    /// hold at least [`ABJAD_MIN_CONSONANTS`] of them, and "al" is no word to
    /// match. The compound عبد … is read joined (apart only when that finds
    /// nothing); بن and بنت may be left out.
    fn abjad_readings(&self, name: &str) -> Vec<String> {
        let words = crate::abjad::native_words(name);
        // The compounds joined first, as the lists mostly write them; apart
        // only when that finds nothing (الله alone has one consonant).
        if let Some(joined) = crate::abjad::compounds_joined(&words) {
            let readings = self.abjad_readings_of(&joined);
            if !readings.is_empty() {
                return readings;
            }
        }
        self.abjad_readings_of(&words)
    }

    fn abjad_readings_of(&self, words: &[String]) -> Vec<String> {
        let words = &words[..words.len().min(MAX_WORDS)];
        let al = self.word_ids.get("al").copied();
        // Each query word's consonants, and the listed words sharing them.
        let mut consonants = 0;
        // (required, written with the article, listed words sharing its consonants)
        let mut sharing: Vec<(bool, bool, FxHashSet<u32>)> = Vec::with_capacity(words.len());
        for word in words {
            if !crate::abjad::has_abjad(word) {
                let ids = self
                    .word_ids
                    .get(word.to_lowercase().as_str())
                    .copied()
                    .into_iter()
                    .collect();
                sharing.push((true, false, ids));
                continue;
            }
            let skeletons = crate::abjad::native_skeletons(word);
            if skeletons.iter().all(String::is_empty) {
                continue;
            }
            let optional = crate::abjad::is_kinship(word);
            let ids = self.abjad_words(word, al);
            // Persian writes two given names as one (محمدجواد, امیرعلی): a word
            // the list has no consonants for is read as two it has, if any.
            let parts = if ids.is_empty() && !optional {
                self.abjad_split(word, al)
            } else {
                None
            };
            if let Some(parts) = parts {
                for (part, ids) in parts {
                    consonants += crate::abjad::native_skeleton(&part).len();
                    sharing.push((true, false, ids));
                }
                continue;
            }
            if !optional {
                consonants += skeletons.iter().map(String::len).min().unwrap_or(0);
            }
            sharing.push((!optional, crate::abjad::has_article(word), ids));
        }
        if consonants < ABJAD_MIN_CONSONANTS
            || sharing
                .iter()
                .any(|(required, _, ids)| *required && ids.is_empty())
        {
            return Vec::new();
        }
        // The names holding a word for every required query word: found
        // through the rarest of them.
        let Some((_, _, rarest)) = sharing
            .iter()
            .filter(|(required, _, _)| *required)
            .min_by_key(|(_, _, ids)| {
                ids.iter()
                    .map(|&id| self.postings[id as usize].len())
                    .sum::<usize>()
            })
        else {
            return Vec::new();
        };
        let mut names: Vec<u32> = rarest
            .iter()
            .flat_map(|&id| self.postings[id as usize].iter().copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        let mut readings = Vec::new();
        let mut seen = FxHashSet::default();
        for n in names {
            let indexed = &self.names[n as usize];
            let holds_al = indexed.words.iter().any(|&w| Some(w) == al);
            // The name's words as made canonical, or as written: never one
            // of each for the same listed word (ahmad and ahmed are one).
            for theirs in [&indexed.words, &indexed.plain] {
                let Some(spelt) = self.spell_from(&sharing, theirs, holds_al) else {
                    continue;
                };
                // Different names often give the same reading: each is screened once.
                if seen.insert(spelt.clone()) {
                    readings.push(spelt);
                }
                break;
            }
            if readings.len() >= ABJAD_READINGS {
                break;
            }
        }
        readings
    }

    /// The listed words sharing a native word's consonants (and its written
    /// vowels and final vowel), "al" aside.
    fn abjad_words(&self, word: &str, al: Option<u32>) -> FxHashSet<u32> {
        let with_article = crate::abjad::skeletons_with_article(word);
        crate::abjad::native_skeletons(word)
            .iter()
            .chain(&with_article)
            .filter_map(|skeleton| self.abjad.get(skeleton))
            .flatten()
            .copied()
            .filter(|&id| {
                let text = &self.words[id as usize].text;
                Some(id) != al
                    && crate::abjad::endings_agree(word, text)
                    && crate::abjad::vowels_agree(word, text)
            })
            .collect()
    }

    /// A native word read as two listed words, each of two letters or more
    /// and two consonants or more: the first split that gives both.
    fn abjad_split(&self, word: &str, al: Option<u32>) -> Option<Vec<(String, FxHashSet<u32>)>> {
        let letters: Vec<char> = word.chars().collect();
        (2..letters.len().saturating_sub(1)).find_map(|at| {
            let (left, right): (String, String) = (
                letters[..at].iter().collect(),
                letters[at..].iter().collect(),
            );
            let long_enough = |part: &str| crate::abjad::native_skeleton(part).len() >= 2;
            if !long_enough(&left) || !long_enough(&right) {
                return None;
            }
            let (l, r) = (self.abjad_words(&left, al), self.abjad_words(&right, al));
            (!l.is_empty() && !r.is_empty()).then(|| vec![(left, l), (right, r)])
        })
    }

    /// The query spelt with a name's words: for each query word a distinct
    /// word of `theirs` sharing its consonants; `None` when a required one
    /// has none.
    fn spell_from(
        &self,
        sharing: &[(bool, bool, FxHashSet<u32>)],
        theirs: &[u32],
        holds_al: bool,
    ) -> Option<String> {
        let mut used: Vec<u32> = Vec::with_capacity(sharing.len());
        let mut spelt: Vec<&str> = Vec::with_capacity(sharing.len() * 2);
        for (required, article, ids) in sharing {
            match theirs
                .iter()
                .find(|id| ids.contains(id) && !used.contains(id))
            {
                Some(&id) => {
                    used.push(id);
                    // The article written on (الراشد), as the name writes it.
                    if *article && holds_al {
                        spelt.push("al");
                    }
                    spelt.push(&self.words[id as usize].text);
                }
                None if *required => return None,
                None => {}
            }
        }
        Some(spelt.join(" "))
    }

    fn make_match(&self, party: u32, matched: String, score: f64, basis: Basis) -> Match<'_> {
        Match {
            party: &self.parties[party as usize],
            list: &self.lists[usize::from(self.party_list[party as usize])].list,
            matched,
            score,
            basis,
            notes: Vec::new(),
        }
    }

    fn exact_hits<'s>(&'s self, query: &Query<'_>, offer: &mut impl FnMut(u32, Match<'s>)) {
        // A name that is a bare number (an IMO number, a registration) is
        // looked up as one.
        let bare = query.name.filter(|n| is_bare_number(n));
        for raw in query.identifiers.iter().copied().chain(bare) {
            let Some(number) = document_number(raw) else {
                continue;
            };
            for &(party, i) in self.identifiers.get(&number).into_iter().flatten() {
                let id = &self.parties[party as usize].identifiers[i as usize];
                let shown = format!("{} {}", id.kind, id.number);
                offer(party, self.make_match(party, shown, 1.0, Basis::Identifier));
            }
        }
        for raw in &query.emails {
            for &(party, i) in self
                .emails
                .get(&raw.trim().to_lowercase())
                .into_iter()
                .flatten()
            {
                let shown = self.parties[party as usize].emails[i as usize].clone();
                offer(party, self.make_match(party, shown, 1.0, Basis::Email));
            }
        }
        for raw in &query.wallets {
            for &(party, i) in self.wallets.get(&wallet_key(raw)).into_iter().flatten() {
                let w = &self.parties[party as usize].wallets[i as usize];
                let shown = format!("{} {}", w.currency, w.address);
                offer(party, self.make_match(party, shown, 1.0, Basis::Wallet));
            }
        }
    }

    /// Dictionary words within one edit of a query word (itself included).
    fn candidates_of(&self, token: &Token, out: &mut Vec<u32>) {
        out.clear();
        if let Some(&id) = self.word_ids.get(&token.canon) {
            out.push(id);
        }
        if let Some(&id) = self.word_ids.get(&token.surface) {
            out.push(id);
        }
        // A word the lists know may still be a typo of another listed word
        // (Fridrich / Friedrich): from nine letters its one-edit neighbours
        // are candidates too, and the comparison decides. Shorter known words
        // are more often names of their own (Maria / Marina), and looking up
        // their neighbours would halve the speed.
        let word = token.surface.as_str();
        let chars = word.chars().count();
        let known = !out.is_empty();
        if chars >= FUZZY_MIN_LEN && (!known || chars >= KNOWN_NEIGHBOURS_MIN_LEN) {
            for key in deletion_hashes(word) {
                if let Some(&(start, len)) = self.neighbours.get(&key) {
                    out.extend_from_slice(
                        &self.neighbour_ids[start as usize..(start + len) as usize],
                    );
                }
            }
        }
        out.sort_unstable();
        out.dedup();
    }

    /// Names sharing enough words (exactly, by spelling, or one edit away)
    /// with the query to be worth scoring.
    fn retrieve(&self, words: &[Token]) -> Vec<u32> {
        // A query word that matches nothing costs a name its score (see
        // `compare`): up to three words, every one must be found; one in four
        // may be missing beyond. An initial (V.) or a patronymic the list may
        // leave out is not needed to find a name: `compare` judges them.
        let optional =
            |word: &Token| word.surface.chars().count() == 1 || is_patronymic(&word.surface);
        let required = words.iter().filter(|w| !optional(w)).count();
        let needed = (required - required / 4).max(1);
        // Each needed word's dictionary words, and how many names they reach.
        let mut found: Vec<(usize, usize, Vec<u32>)> = words
            .iter()
            .enumerate()
            .filter(|(_, word)| required == 0 || !optional(word))
            .map(|(i, word)| {
                let mut dict = Vec::new();
                self.candidates_of(word, &mut dict);
                let reach = dict.iter().map(|&w| self.postings[w as usize].len()).sum();
                (reach, i, dict)
            })
            .collect();
        // A name with `needed` of the n words has one of any n - needed + 1 of
        // them: walk the rarest ones, and look the others up.
        found.sort_unstable_by_key(|(reach, i, _)| (*reach, *i));
        let walk = found.len() + 1 - needed.min(found.len()).max(1);
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch { masks, touched } = &mut *scratch;
            if masks.len() < self.names.len() {
                masks.resize(self.names.len(), 0);
            }
            for (_, i, dict) in &found[..walk.min(found.len())] {
                for &w in dict {
                    for &n in &self.postings[w as usize] {
                        let mask = &mut masks[n as usize];
                        if *mask == 0 {
                            touched.push(n);
                        }
                        *mask |= 1 << i;
                    }
                }
            }
            let mut out = Vec::new();
            for &n in touched.iter() {
                let mut mask = masks[n as usize];
                masks[n as usize] = 0;
                for (_, i, dict) in &found[walk.min(found.len())..] {
                    // Postings are in name order: a binary search tells.
                    if dict
                        .iter()
                        .any(|&w| self.postings[w as usize].binary_search(&n).is_ok())
                    {
                        mask |= 1 << i;
                    }
                }
                if mask.count_ones() as usize >= needed {
                    out.push(n);
                }
            }
            touched.clear();
            out
        })
    }

    fn name_hits<'s>(
        &'s self,
        name: &str,
        query: &Query<'_>,
        min_score: f64,
        offer: &mut impl FnMut(u32, Match<'s>),
    ) {
        let (mut words, mut plain) = self.variants.readings(name);
        words.truncate(MAX_WORDS);
        plain.truncate(MAX_WORDS);
        if words.is_empty() {
            return;
        }
        let prepared = self.prepare(&words);
        let prepared_plain = self.prepare(&plain);
        let mut candidates = self.retrieve(&words);
        // The reading as written matters only where a word was split.
        let split = plain.len() != words.len();
        if split {
            candidates.extend(self.retrieve(&plain));
            candidates.sort_unstable();
            candidates.dedup();
        }
        for n in candidates {
            let indexed = &self.names[n as usize];
            let party = &self.parties[indexed.party as usize];
            if !query.kind.admits(party.kind) {
                continue;
            }
            let canonical = self.compare(
                &prepared,
                &indexed.words,
                Some(&indexed.surfaces),
                indexed.family,
            );
            let as_written = if split || indexed.plain.len() != indexed.words.len() {
                self.compare(
                    &prepared_plain,
                    &indexed.plain,
                    None,
                    indexed.family_written,
                )
            } else {
                Alignment::default()
            };
            let support = query
                .date_of_birth
                .map(|dob| birth_support(&party.birth_dates, dob));
            // Without the patronymic, a name is a namesake of many until a
            // date of birth the list gives backs it: only then does it count.
            let backed = matches!(support, Some(BirthSupport::Exact | BirthSupport::Within));
            let exact = matches!(support, Some(BirthSupport::Exact));
            let dated = |a: &Alignment| match (
                a.partial.filter(|_| backed),
                a.left_out.filter(|_| exact),
            ) {
                (Some(p), Some(l)) => Some(p.max(l)),
                (p, l) => p.or(l),
            };
            // The reading as written competes with what a date backs, not with
            // its own partial name without one: its words' frequencies are not
            // the canonical ones (Kuznetsova is Kuznetsov's).
            let canonical_best = canonical
                .score
                .max(dated(&canonical).or(canonical.unbacked).unwrap_or(0.0));
            let written_best = as_written.score.max(dated(&as_written).unwrap_or(0.0));
            let best = if written_best > canonical_best {
                as_written
            } else {
                canonical
            };
            let (mut score, only_common) = (best.score, best.only_common);
            let mut notes = Vec::new();
            if let Some(dated) = dated(&best) {
                score = score.max(dated);
            } else if let Some(unbacked) = best.unbacked.filter(|u| *u > score) {
                score = unbacked;
                notes.push("the name without the patronymic or the second family name the list gives, resting on a family name that is not a frequent one");
            }
            if score + DOB_EXACT_BONUS < min_score {
                continue;
            }
            let mut basis = Basis::Name;
            if let Some(dob) = query.date_of_birth {
                match birth_support(&party.birth_dates, dob) {
                    BirthSupport::Exact => {
                        basis = Basis::NameAndBirthDate;
                        score = (score + DOB_EXACT_BONUS).min(1.0);
                    }
                    BirthSupport::Within => {
                        basis = Basis::NameAndBirthDate;
                        score = (score + DOB_YEAR_BONUS).min(1.0);
                    }
                    BirthSupport::Near => {
                        notes.push("the date of birth is near one the list gives (day and month swapped, or a year apart)");
                    }
                    BirthSupport::Contradicts => {
                        score *= DOB_CONTRADICTION;
                        notes.push("the date of birth differs from every one the list gives");
                    }
                    BirthSupport::NotListed => {}
                }
            }
            if basis == Basis::Name {
                let ceiling = if best.matched_words >= 3 {
                    SLIP_CEILING
                } else {
                    SLIP_CEILING_SHORT_NAME
                };
                if best.slips > 0 && score > ceiling {
                    notes.push("a word one letter off that is a name of its own, with no date of birth or number to confirm it");
                    score = ceiling;
                }
                if only_common || words.len() == 1 {
                    if score > WEAK_NAME_CEILING {
                        notes.push("a common name or a single word, with no date of birth or number to confirm it");
                    }
                    score = score.min(WEAK_NAME_CEILING);
                }
                if indexed.quality == NameQuality::Weak {
                    if score > WEAK_ALIAS_CEILING {
                        notes.push("a weak alias, which the list says not to screen on alone");
                    }
                    score = score.min(WEAK_ALIAS_CEILING);
                }
            }
            if score < min_score {
                continue;
            }
            let matched = party
                .names
                .get(indexed.name as usize)
                .map_or_else(|| party.primary_name().to_owned(), |pn| pn.name.clone());
            let mut found = self.make_match(indexed.party, matched, score, basis);
            found.notes = notes;
            offer(indexed.party, found);
        }
    }

    /// How alike two names are on their words alone (no caps, no dates):
    /// what the rules' `same` and `different` examples check.
    pub fn name_similarity(variants: &Variants, query: &str, listed: &str) -> f64 {
        let mut party = Party::new("example", PartyKind::Person);
        party.names.push(crate::party::PartyName {
            name: listed.to_owned(),
            quality: NameQuality::Primary,
        });
        let list = SanctionsList {
            list: "example".into(),
            source: String::new(),
            issued: None,
            parties: vec![party],
        };
        let screener = Screener::new(vec![list], variants.clone());
        let words = variants.tokens(query);
        let prepared = screener.prepare(&words);
        screener.names.first().map_or(0.0, |name| {
            screener
                .compare(&prepared, &name.words, Some(&name.surfaces), name.family)
                .score
        })
    }

    fn prepare<'a>(&self, words: &'a [Token]) -> Vec<Prepared<'a>> {
        words
            .iter()
            .map(|token| {
                let id = self.word_ids.get(&token.canon).copied();
                Prepared {
                    token,
                    id,
                    surface_chars: token.surface.chars().count(),
                    canon_chars: token.canon.chars().count(),
                    weight: id.map_or(1.0, |id| f64::from(self.words[id as usize].weight)),
                }
            })
            .collect()
    }

    /// Weighted word alignment of a query against one listed name; also
    /// whether every matched listed word is a common one, and at most two matched.
    ///
    /// The score is the weighted mean similarity of the aligned words, times a
    /// penalty for the share of the query left unmatched (an extra surname is
    /// another person) and for the share of the listed name left unmatched (a
    /// missing patronymic: weaker, but not nothing).
    /// `surfaces`: each listed word as written, or `None` when the words are
    /// themselves as written (the plain reading).
    fn compare(
        &self,
        query: &[Prepared<'_>],
        ids: &[u32],
        surfaces: Option<&[Box<str>]>,
        family: Option<(u32, u32)>,
    ) -> Alignment {
        let n = query.len().min(MAX_WORDS);
        let m = ids.len().min(MAX_WORDS);
        let listed: [(&Word, &str); MAX_WORDS] = std::array::from_fn(|j| {
            if j < m {
                let word = &self.words[ids[j] as usize];
                let surface = surfaces
                    .and_then(|s| s.get(j))
                    .map_or(word.text.as_str(), |s| &**s);
                (word, surface)
            } else {
                (&self.words[0], "")
            }
        });
        let listed = &listed[..m];
        let mut pairs = [(0.0f64, 0u8, 0u8); MAX_WORDS * MAX_WORDS];
        let mut count = 0;
        for (i, q) in query[..n].iter().enumerate() {
            for (j, (l, surface)) in listed.iter().enumerate() {
                let sim = if q.id == Some(ids[j]) {
                    1.0
                } else {
                    let l_surface = if surface.is_ascii() {
                        surface.len()
                    } else {
                        surface.chars().count()
                    };
                    similarity_of(&q.token.surface, q.surface_chars, surface, l_surface).max(
                        similarity_of(&q.token.canon, q.canon_chars, &l.text, l.chars),
                    )
                };
                if sim > 0.0 {
                    pairs[count] = (sim, i as u8, j as u8);
                    count += 1;
                }
            }
        }
        let pairs = &mut pairs[..count];
        pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut q_used = [false; MAX_WORDS];
        let mut l_used = [false; MAX_WORDS];
        let (mut matched, mut matched_weight, mut matched_words) = (0.0, 0.0, 0);
        let mut only_common = true;
        let mut slips = 0u8;
        // Word pairs matched exactly on a word that is not frequent: what a
        // name without its patronymic may rest on (see below).
        let mut anchors = [(0u8, 0u8); MAX_WORDS];
        let mut anchor_count = 0;
        // Listed words matched exactly, frequent or not (bit j for word j).
        let mut exact_listed = 0u32;
        for &(sim, i, j) in pairs.iter() {
            let (i, j) = (usize::from(i), usize::from(j));
            if q_used[i] || l_used[j] {
                continue;
            }
            q_used[i] = true;
            l_used[j] = true;
            let weight = query[i].weight + f64::from(listed[j].0.weight);
            matched += sim * weight;
            matched_weight += weight;
            matched_words += 1;
            only_common &= listed[j].0.common;
            if sim == 1.0 {
                exact_listed |= 1 << j;
            }
            if sim == 1.0 && !listed[j].0.frequent {
                anchors[anchor_count] = (i as u8, j as u8);
                anchor_count += 1;
            }
            // A query word that is itself a listed name, one edit from
            // another, may be that other name (Maria / Marina); from eight
            // letters on, a typo is likelier (Fridrich / Friedrich).
            let known_other = query[i].id.is_some_and(|id| id != ids[j])
                && query[i].surface_chars.min(listed[j].0.chars) < 8;
            if sim < 1.0 && (sim == SHORT_EDIT || (known_other && listed[j].1.len() > 1)) {
                slips += 1;
            }
        }
        // One word written as two on the other side (Abdulrahman / Abdul Rahman,
        // Daesong / Dae Song), judged on the spellings as written.
        // Exactly: a near miss of two short words joined is often another name
        // (Xiuling / Xiu Ying).
        let joined = |a: &str, b: &str, whole: &str| {
            whole.len() == a.len() + b.len() && whole.starts_with(a) && whole.ends_with(b)
        };
        for i in 0..n {
            for j in 0..m.saturating_sub(1) {
                if q_used[i] || l_used[j] || l_used[j + 1] {
                    continue;
                }
                if joined(listed[j].1, listed[j + 1].1, &query[i].token.surface) {
                    q_used[i] = true;
                    l_used[j] = true;
                    l_used[j + 1] = true;
                    let weight =
                        query[i].weight + f64::from(listed[j].0.weight + listed[j + 1].0.weight);
                    matched += 0.95 * weight;
                    matched_weight += weight;
                    matched_words += 2;
                    only_common &= listed[j].0.common && listed[j + 1].0.common;
                }
            }
        }
        for j in 0..m {
            for i in 0..n.saturating_sub(1) {
                if l_used[j] || q_used[i] || q_used[i + 1] {
                    continue;
                }
                if joined(
                    &query[i].token.surface,
                    &query[i + 1].token.surface,
                    listed[j].1,
                ) {
                    l_used[j] = true;
                    q_used[i] = true;
                    q_used[i + 1] = true;
                    let weight =
                        query[i].weight + query[i + 1].weight + f64::from(listed[j].0.weight);
                    matched += 0.95 * weight;
                    matched_weight += weight;
                    matched_words += 1;
                    only_common &= listed[j].0.common;
                }
            }
        }
        if matched_weight == 0.0 {
            return Alignment::default();
        }
        let share = |used: &[bool], weight: &dyn Fn(usize) -> f64| {
            let total: f64 = (0..used.len()).map(weight).sum();
            let left: f64 = (0..used.len()).filter(|&k| !used[k]).map(weight).sum();
            if total > 0.0 {
                left / total
            } else {
                0.0
            }
        };
        let query_left = share(&q_used[..n], &|k| query[k].weight);
        let listed_left = share(&l_used[..m], &|k| f64::from(listed[k].0.weight));
        let mean = matched / matched_weight;
        let penalised = mean
            * (1.0 - QUERY_LEFT_PENALTY * query_left)
            * (1.0 - LISTED_LEFT_PENALTY * listed_left);
        // Given and family name without the patronymic ("Vitaly Andreev" for
        // ANDREEV, Vitaly Viktorovich), or with one the list leaves out:
        // every other word found, two or more, and only patronymics left out.
        // `name_hits` uses it only when a date of birth the list gives backs
        // the match.
        // Words left over that are not patronymics: none, or only the second
        // word of a family name the list writes as two (Nicolas Maduro for
        // MADURO MOROS Nicolas), the first matched exactly and not frequent.
        let unmatched_query = (0..n).any(|i| !q_used[i] && !is_patronymic(&query[i].token.canon));
        let mut unmatched_listed =
            (0..m).filter(|&j| !l_used[j] && !is_patronymic(&listed[j].0.text));
        let extra_listed = unmatched_listed.next();
        let second_name = match (family, extra_listed, unmatched_listed.next()) {
            (Some((first, last)), Some(j), None) if first != last => {
                !unmatched_query
                    && ids[j] == last
                    && anchors[..anchor_count]
                        .iter()
                        .any(|&(_, k)| ids[usize::from(k)] == first)
            }
            _ => false,
        };
        let left_over = (0..n)
            .filter(|&i| !q_used[i] && !is_patronymic(&query[i].token.canon))
            .count()
            + (0..m)
                .filter(|&j| !l_used[j] && !is_patronymic(&listed[j].0.text))
                .count();
        // Two different patronymics left over are two different fathers.
        let shape = ((listed_left > 0.0) != (query_left > 0.0))
            && matched_words >= 2
            && mean * PARTIAL_NAME_CEILING > penalised;
        let partial = shape && (left_over == 0 || second_name);
        // Other names of the listed one left out (middle names, a second
        // family name), one or two: only where the list marks the family
        // name and its first word is found, and only with the exact date
        // (see `name_hits`).
        let names_left_out = shape
            && !partial
            && !unmatched_query
            && (1..=2).contains(&left_over)
            && family.is_some_and(|(first, _)| {
                (0..m).any(|j| exact_listed & (1 << j) != 0 && ids[j] == first)
            });
        // Without a date: no uncertain edit, and it must rest on the family
        // name, so that an ordinary namesake is not reported: a word matched
        // exactly that is not frequent and is not the given name, which stands
        // just before the patronymic on either side ("PUTIN Vladimir Vladimirovich", "Vladimir Vladimirovich
        // Putin"). A rare given name with a frequent family name (Vyacheslav
        // Petrov) is every Vyacheslav Petrov's.
        let given_before_patronymic = |used: &[bool], patronymic: &dyn Fn(usize) -> bool| {
            (1..used.len())
                .find(|&k| !used[k] && patronymic(k))
                .map(|k| k - 1)
        };
        let listed_given =
            given_before_patronymic(&l_used[..m], &|k| is_patronymic(&listed[k].0.text));
        let query_given =
            given_before_patronymic(&q_used[..n], &|k| is_patronymic(&query[k].token.canon));
        let family_anchor = second_name
            || anchors[..anchor_count].iter().any(|&(i, j)| {
                Some(usize::from(i)) != query_given && Some(usize::from(j)) != listed_given
            });
        let unbacked = partial && slips == 0 && family_anchor;
        Alignment {
            score: penalised.clamp(0.0, 1.0),
            only_common: only_common && matched_words <= 2,
            slips,
            matched_words: u8::try_from(q_used[..n].iter().filter(|u| **u).count())
                .unwrap_or(u8::MAX),
            unbacked: unbacked.then_some(mean * PARTIAL_UNBACKED_CEILING),
            partial: partial.then_some(mean * PARTIAL_NAME_CEILING),
            left_out: names_left_out.then_some(mean * NAMES_LEFT_OUT_CEILING),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_in_long_words_only() {
        assert_eq!(similarity("irternational", "international"), ONE_EDIT);
        assert_eq!(similarity("andreyev", "andreyv"), ONE_EDIT);
        assert_eq!(similarity("makarov", "zakarov"), 0.0);
        assert_eq!(similarity("saleh", "salem"), 0.0);
        assert_eq!(similarity("zheng", "zhang"), 0.0);
        assert_eq!(similarity("salhe", "saleh"), SHORT_EDIT);
        assert_eq!(similarity("salwh", "saleh"), SHORT_EDIT);
        assert_eq!(similarity("sergi", "sergei"), ONE_EDIT);
        // Short words: a letter doubled or two neighbours swapped, nothing else.
        assert_eq!(similarity("sson", "son"), SHORT_EDIT);
        assert_eq!(similarity("hwaan", "hwan"), SHORT_EDIT);
        assert_eq!(similarity("baid", "abid"), SHORT_EDIT);
        assert_eq!(similarity("kin", "kim"), 0.0);
        assert_eq!(similarity("on", "un"), 0.0);
        assert_eq!(similarity("bon", "son"), 0.0);
        assert_eq!(similarity("mihail", "mihailovich"), 0.0);
        assert_eq!(similarity("k", "kum"), 0.8);
        assert_eq!(similarity("cooperation", "coperatoin"), TWO_EDITS);
    }
}
