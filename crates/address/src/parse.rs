//! A US address in free text, split into its parts (USPS Publication 28 terms).
//!
//! Token rules, not a trained model: the house number, directionals, the
//! street suffix from the Pub 28 table, a secondary unit after a designator or
//! `#`, and from the end a ZIP, a state and (after a comma, or after the street
//! suffix) the city. Every part comes back in its standard form, so two
//! spellings of one address give equal parts.

use crate::tables::{designator, directional, state_at_end, suffix};

/// The parts of a US address, each in standard form (upper case, USPS abbreviations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsParts {
    /// House number, e.g. `1234`, `12-14`, `N123W456`, `12 1/2`.
    pub number: Option<String>,
    /// Directional before the name (`N`).
    pub predirectional: Option<String>,
    /// The street name, words in standard form (`MARTIN LUTHER KING JR`).
    pub name: Option<String>,
    /// The suffix's standard abbreviation (`ST`, `AVE`).
    pub suffix: Option<String>,
    /// Directional after the suffix (`NW`).
    pub postdirectional: Option<String>,
    /// The unit designator's standard abbreviation (`APT`, `STE`, `#`).
    pub unit_type: Option<String>,
    /// The unit identifier (`5B`; leading zeros of a number dropped).
    pub unit_id: Option<String>,
    /// A post office box number.
    pub po_box: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// The two-letter state code.
    pub state: Option<String>,
    /// The five-digit ZIP.
    pub zip: Option<String>,
}

impl UsParts {
    /// The street line without the unit: `1234 N MARKET ST NW`, or `PO BOX 12`.
    pub fn street_line(&self) -> Option<String> {
        if let Some(boxed) = &self.po_box {
            return Some(format!("PO BOX {boxed}"));
        }
        let words: Vec<&str> = [
            &self.number,
            &self.predirectional,
            &self.name,
            &self.suffix,
            &self.postdirectional,
        ]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }
}

/// A word of the input, cleaned.
#[derive(Debug, Clone)]
struct Token {
    /// Lower case, outer punctuation removed, dots inside abbreviations removed.
    word: String,
    /// Whether the original was all capitals (a bare `IN` or `OR` is a state only then).
    capitals: bool,
    /// Whether a comma (or semicolon) followed it.
    comma: bool,
}

/// Most words read from one address: an address is short, and a pasted
/// résumé must not make parsing slow.
const MAX_TOKENS: usize = 64;

fn tokenize(text: &str) -> Vec<Token> {
    let spaced = text.replace('#', " # ");
    let mut tokens: Vec<Token> = Vec::new();
    for piece in spaced.split_whitespace().take(MAX_TOKENS) {
        let comma = piece.ends_with([',', ';']);
        let trimmed = piece.trim_matches(|c: char| !c.is_alphanumeric() && c != '#');
        let word: String = if trimmed.chars().all(|c| c.is_alphabetic() || c == '.') {
            trimmed.chars().filter(|c| *c != '.').collect()
        } else {
            trimmed.to_owned()
        };
        if word.is_empty() {
            if let (true, Some(last)) = (comma, tokens.last_mut()) {
                last.comma = true;
            }
            continue;
        }
        let capitals = word.chars().any(char::is_alphabetic)
            && word
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase);
        tokens.push(Token {
            word: word.to_lowercase(),
            capitals,
            comma,
        });
    }
    tokens
}

fn is_zip(word: &str) -> Option<String> {
    let digits: String = word.chars().filter(char::is_ascii_digit).collect();
    let shape_ok = word.chars().all(|c| c.is_ascii_digit() || c == '-');
    (shape_ok && (digits.len() == 5 || digits.len() == 9)).then(|| digits[..5].to_owned())
}

fn is_house_number(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() => word.chars().filter(|c| c.is_ascii_digit()).count() <= 8,
        // Wisconsin grid numbers: N123W456.
        Some('n' | 's' | 'e' | 'w') => {
            let rest: &str = chars.as_str();
            rest.len() >= 4
                && rest.chars().next().is_some_and(|c| c.is_ascii_digit())
                && rest.contains(['n', 's', 'e', 'w'])
                && rest
                    .chars()
                    .all(|c| c.is_ascii_digit() || "nsew".contains(c))
        }
        _ => false,
    }
}

fn is_fraction(word: &str) -> bool {
    word.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && (a.chars().chain(b.chars())).all(|c| c.is_ascii_digit())
    })
}

/// Words that name a floor or a unit by position: "second floor", "2nd fl".
fn ordinal(word: &str) -> Option<String> {
    const WORDS: &[&str] = &[
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return Some((i + 1).to_string());
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let tail = &word[digits.len()..];
    (!digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(tail, "st" | "nd" | "rd" | "th"))
    .then(|| digits.trim_start_matches('0').to_owned())
}

/// A unit identifier in standard form: upper case, `#` and dashes dropped, a number without leading zeros.
pub fn unit_id(word: &str) -> String {
    if let Some(n) = ordinal(&word.to_lowercase()) {
        return n;
    }
    let cleaned: String = word
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    if cleaned.chars().all(|c| c.is_ascii_digit()) {
        let trimmed = cleaned.trim_start_matches('0');
        if trimmed.is_empty() {
            "0".to_owned()
        } else {
            trimmed.to_owned()
        }
    } else {
        cleaned
    }
}

fn looks_like_id(word: &str) -> bool {
    word.chars().any(|c| c.is_ascii_digit())
        || (word.len() <= 2 && word.chars().all(|c| c.is_alphanumeric()))
}

/// A unit starting at `tokens[i]`: (type, id, tokens used).
fn unit_at(tokens: &[Token], i: usize) -> Option<(String, Option<String>, usize)> {
    let word = tokens.get(i)?.word.as_str();
    let next = tokens.get(i + 1).map(|t| t.word.as_str());
    if word == "#" {
        let id = next.filter(|n| n.len() <= 10 && n.chars().all(char::is_alphanumeric))?;
        return Some(("#".to_owned(), Some(unit_id(id)), 2));
    }
    if let Some(d) = designator(word) {
        if d.needs_id {
            // "Apt # 5": the `#` after a designator adds nothing.
            let id_after_hash =
                |t: &Token| t.word.len() <= 10 && t.word.chars().all(char::is_alphanumeric);
            let (id, used) = match next {
                Some("#") => (
                    tokens
                        .get(i + 2)
                        .filter(|t| id_after_hash(t))
                        .map(|t| t.word.as_str()),
                    3,
                ),
                other => (other.filter(|n| looks_like_id(n)), 2),
            };
            return match id {
                Some(id) => Some((d.standard.to_owned(), Some(unit_id(id)), used)),
                // "Ste" with nothing usable after it: the designator alone.
                None if next.is_none_or(|n| suffix(n).is_none() && designator(n).is_none()) => {
                    Some((d.standard.to_owned(), None, 1))
                }
                None => None,
            };
        }
        return Some((d.standard.to_owned(), None, 1));
    }
    // "Second Floor", "2nd Fl".
    if let (Some(n), Some(d)) = (ordinal(word), next.and_then(designator)) {
        return Some((d.standard.to_owned(), Some(n), 2));
    }
    None
}

/// The street words between the number and the unit: directionals, name,
/// suffix; a short word left after the suffix ("Roe Ave B") is a unit.
fn street_words(parts: &mut UsParts, words: &[&str]) {
    let mut words: Vec<&str> = words.iter().copied().filter(|w| *w != "#").collect();
    // The last suffix after a name word ends the street; a lone word after it
    // (other than a directional) is the unit.
    if words.len() >= 3 {
        let last_suffix = (1..words.len() - 1)
            .rev()
            .find(|k| suffix(words[*k]).is_some());
        if let Some(k) = last_suffix {
            let after = &words[k + 1..];
            let named_before = words[..k].iter().any(|w| directional(w).is_none());
            if let ([word], true) = (
                after,
                named_before && !is_route(k.checked_sub(1).map(|b| words[b]), words[k]),
            ) {
                if directional(word).is_none()
                    && suffix(word).is_none()
                    && word.len() <= 6
                    && parts.unit_id.is_none()
                {
                    parts.unit_id = Some(unit_id(word));
                    words.truncate(k + 1);
                }
            }
        }
    }
    let mut words = words.as_slice();
    if words.len() >= 2 {
        if let Some(dir) = words.last().and_then(|w| directional(w)) {
            let before = words[words.len() - 2];
            if suffix(before).is_some() || words.len() >= 3 {
                parts.postdirectional = Some(dir.to_owned());
                words = &words[..words.len() - 1];
            }
        }
    }
    let has_suffix = words.len() >= 2 && words.last().and_then(|w| suffix(w)).is_some();
    let name_words = words.len() - usize::from(has_suffix);
    if name_words >= 2 {
        if let Some(dir) = words.first().and_then(|w| directional(w)) {
            parts.predirectional = Some(dir.to_owned());
            words = &words[1..];
        }
    }
    if has_suffix && words.len() >= 2 {
        parts.suffix = words.last().and_then(|w| suffix(w)).map(str::to_owned);
        words = &words[..words.len() - 1];
    }
    if !words.is_empty() {
        parts.name = Some(words.join(" ").to_uppercase());
    }
}

/// Whether words ending in a suffix name a numbered route ("US Highway", "State Road"),
/// whose number belongs to the name.
fn is_route(before: Option<&str>, last: &str) -> bool {
    match suffix(last) {
        Some("HWY" | "RTE" | "FWY" | "EXPY" | "TPKE" | "PIKE") => true,
        Some("RD") => before
            .is_some_and(|w| matches!(w, "state" | "county" | "farm" | "ranch" | "forest" | "us")),
        _ => false,
    }
}

/// Words that start a route name with no house number: "US Highway 22", "County Road 5".
fn starts_route(word: &str) -> bool {
    matches!(
        word,
        "highway"
            | "hwy"
            | "route"
            | "rte"
            | "state"
            | "us"
            | "county"
            | "co"
            | "interstate"
            | "sr"
            | "cr"
            | "fm"
            | "farm"
            | "ranch"
            | "rural"
            | "rr"
            | "hc"
            | "star"
            | "road"
            | "rd"
    )
}

/// Suffixes that end a street far more often than they start a place name
/// ("Park", "Point" and "Bay" are often both).
fn strong_suffix(word: &str) -> bool {
    matches!(
        suffix(word),
        Some(
            "ST" | "AVE"
                | "RD"
                | "DR"
                | "BLVD"
                | "LN"
                | "CT"
                | "PL"
                | "WAY"
                | "CIR"
                | "HWY"
                | "PKWY"
                | "TER"
                | "TRL"
                | "SQ"
                | "EXPY"
                | "FWY"
        )
    )
}

/// The end of the street when no comma marks it: after the first strong suffix
/// that follows a name word (else the last suffix), and a directional after it.
fn street_end_without_comma(tokens: &[Token], from: usize, to: usize) -> usize {
    let mut first_name = from;
    if tokens
        .get(from)
        .is_some_and(|t| directional(&t.word).is_some())
        && to - from > 2
    {
        first_name += 1;
    }
    let unit = ((first_name + 1)..to).find(|i| unit_at(tokens, *i).is_some());
    let limit = unit.unwrap_or(to);
    let candidates: Vec<usize> = ((first_name + 1)..limit)
        .filter(|i| suffix(&tokens[*i].word).is_some())
        .collect();
    let chosen = candidates
        .iter()
        .copied()
        .find(|i| strong_suffix(&tokens[*i].word) && !is_route_number_next(tokens, *i))
        .or_else(|| candidates.last().copied());
    match chosen {
        Some(i) => {
            let mut end = i + 1;
            // A route's number is part of its name: "Highway 80".
            if is_route_number_next(tokens, i) {
                end += 1;
            }
            // A directional after the suffix: an abbreviation always, a word when
            // nothing but a unit follows ("1st Ave North Unit 5", not "North Las Vegas").
            let after = tokens.get(end).filter(|_| end < limit);
            let spelled_out_ends = end + 1 == to || unit == Some(end + 1);
            if after.is_some_and(|t| {
                directional(&t.word).is_some() && (t.word.len() <= 2 || t.comma || spelled_out_ends)
            }) {
                end += 1;
            }
            end
        }
        None => limit,
    }
}

fn is_route_number_next(tokens: &[Token], i: usize) -> bool {
    let before = i.checked_sub(1).map(|b| tokens[b].word.as_str());
    is_route(before, &tokens[i].word)
        && tokens
            .get(i + 1)
            .is_some_and(|t| t.word.chars().any(|c| c.is_ascii_digit()))
}

/// Split a US address written in free text into its parts.
pub fn parse_us(text: &str) -> UsParts {
    let tokens = tokenize(text);
    let mut parts = UsParts::default();
    let mut end = tokens.len();

    // From the end: country, ZIP, state.
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    for country in [
        &["united", "states", "of", "america"][..],
        &["united", "states"],
        &["usa"],
        &["us"],
    ] {
        if end > country.len() && words[end - country.len()..end] == country[..] {
            end -= country.len();
            break;
        }
    }
    if end > 1 {
        if let Some(zip) = is_zip(&tokens[end - 1].word) {
            parts.zip = Some(zip);
            end -= 1;
        }
    }
    if end > 1 {
        if let Some((code, used)) = state_at_end(&words[..end]) {
            let first = &tokens[end - used];
            let comma_before = end > used && tokens[end - used - 1].comma;
            let plausible = used > 1
                || first.word.len() > 2
                || parts.zip.is_some()
                || comma_before
                || first.capitals;
            if plausible && end > used {
                parts.state = Some(code.to_owned());
                end -= used;
            }
        }
    }
    let tokens = &tokens[..end];
    let locality_expected = parts.state.is_some() || parts.zip.is_some();

    // From the start: a PO box, or a house number after any recipient or building name.
    let po_box_at = |i: usize| -> Option<usize> {
        let w = |k: usize| tokens.get(i + k).map(|t| t.word.as_str());
        match (w(0), w(1), w(2)) {
            (Some("po" | "pob"), Some("box"), _) => Some(2),
            (Some("pobox"), _, _) => Some(1),
            (Some("p"), Some("o"), Some("box")) => Some(3),
            (Some("post"), Some("office"), Some("box")) => Some(3),
            (Some("pob"), _, _) => Some(1),
            (Some("box"), Some("#"), Some(_)) if i == 0 => Some(2),
            (Some("box"), Some(id), _) if i == 0 && id.chars().any(|c| c.is_ascii_digit()) => {
                Some(1)
            }
            _ => None,
        }
    };
    let route = tokens.first().is_some_and(|t| starts_route(&t.word));
    let found =
        (0..tokens.len()).find(|k| po_box_at(*k).is_some() || is_house_number(&tokens[*k].word));
    let one_segment = tokens.iter().rev().skip(1).all(|t| !t.comma);
    if found.is_none() && !route && locality_expected && one_segment {
        // "Anchor Point, AK 99556": a place, no street.
        let city: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
        if !city.is_empty() {
            parts.city = Some(city.join(" ").to_uppercase());
        }
        return parts;
    }
    let mut i = if route { 0 } else { found.unwrap_or(0) };
    let mut street_end = i;
    if let (false, Some(used)) = (route, po_box_at(i)) {
        if let Some(id) = tokens.get(i + used) {
            parts.po_box = Some(unit_id(&id.word));
            street_end = i + used + 1;
        }
    } else {
        if !route && tokens.get(i).is_some_and(|t| is_house_number(&t.word)) {
            let mut number = tokens[i].word.to_uppercase();
            i += 1;
            if tokens.get(i).is_some_and(|t| is_fraction(&t.word)) {
                number = format!("{number} {}", tokens[i].word);
                i += 1;
            } else if let Some(letter) = tokens.get(i).filter(|t| {
                // "4922 B South Cornell Ave": the letter belongs to the number.
                let next = tokens.get(i + 1).map(|n| n.word.as_str());
                t.word.len() == 1
                    && t.word.chars().all(|c| c.is_ascii_alphabetic())
                    && directional(&t.word).is_none()
                    && !t.comma
                    && next.is_some_and(|n| suffix(n).is_none() || directional(n).is_some())
            }) {
                number.push_str(&letter.word.to_uppercase());
                i += 1;
            }
            parts.number = Some(number);
        }
        // The street runs to the first comma, else to its suffix when a locality follows.
        let comma_end = (i..tokens.len()).find(|k| tokens[*k].comma).map(|k| k + 1);
        let zone_end = match comma_end {
            Some(k) => k,
            None => street_end_without_comma(tokens, i, tokens.len()),
        };
        let unit_start = ((i + 1)..zone_end).find(|k| unit_at(tokens, *k).is_some());
        let name_end = unit_start.unwrap_or(zone_end);
        let words: Vec<&str> = tokens[i..name_end]
            .iter()
            .map(|t| t.word.as_str())
            .collect();
        street_words(&mut parts, &words);
        street_end = zone_end;
        if let Some((u, (kind, id, used))) = unit_start.and_then(|u| Some((u, unit_at(tokens, u)?)))
        {
            parts.unit_type = Some(kind);
            parts.unit_id = id;
            street_end = u + used;
        }
    }

    // What is left: a unit written after a comma or a bare trailing identifier, then the city.
    let mut rest = street_end;
    if parts.unit_type.is_none() && parts.po_box.is_none() {
        if let Some((kind, id, used)) = unit_at(tokens, rest) {
            parts.unit_type = Some(kind);
            parts.unit_id = id;
            rest += used;
        } else if let Some(t) = tokens.get(rest) {
            // "123 Main St 4B, Springfield", "10650 Roe Ave B": a short identifier.
            let last = rest + 1 == tokens.len();
            let numbered = t.word.chars().any(|c| c.is_ascii_digit()) && t.word.len() <= 5;
            if numbered || (last && t.word.len() <= 2 && t.word.chars().all(char::is_alphanumeric))
            {
                parts.unit_id = Some(unit_id(&t.word));
                rest += 1;
            }
        }
    }
    let city: Vec<&str> = tokens
        .get(rest..)
        .unwrap_or(&[])
        .iter()
        .map(|t| t.word.as_str())
        .filter(|w| *w != "#")
        .collect();
    if !city.is_empty() {
        parts.city = Some(city.join(" ").to_uppercase());
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(parts: &UsParts) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            parts.street_line().unwrap_or_default(),
            parts.unit_type.as_deref().unwrap_or(""),
            parts.unit_id.as_deref().unwrap_or(""),
            parts.city.as_deref().unwrap_or(""),
            parts.state.as_deref().unwrap_or(""),
            parts.zip.as_deref().unwrap_or("")
        )
    }

    #[test]
    fn splits_the_usual_shapes() {
        let cases = [
            (
                "1234 Market St, Apt 5, San Francisco, CA 94103-1234",
                "1234 MARKET ST|APT|5|SAN FRANCISCO|CA|94103",
            ),
            (
                "1234 market street apartment 5 San Francisco CA 94103",
                "1234 MARKET ST|APT|5|SAN FRANCISCO|CA|94103",
            ),
            ("1234 Market St. #5", "1234 MARKET ST|#|5|||"),
            ("3600 West 5th Ave", "3600 W 5TH AVE|||||"),
            (
                "8128 S. DR MARTIN LUTHER KING JR Drive",
                "8128 S DR MARTIN LUTHER KING JR DR|||||",
            ),
            ("219 South Dearborn Second Floor", "219 S DEARBORN|FL|2|||"),
            (
                "9265 Huer Huero Road, Creston, 93432",
                "9265 HUER HUERO RD|||CRESTON||93432",
            ),
            ("123 North St", "123 NORTH ST|||||"),
            (
                "500 Main St NW Suite 300 Washington DC 20001",
                "500 MAIN ST NW|STE|300|WASHINGTON|DC|20001",
            ),
            (
                "P.O. Box 1234, Austin, Texas 78701",
                "PO BOX 1234|||AUSTIN|TX|78701",
            ),
            (
                "1630 S Princeton Ave Unit #MAILBOX",
                "1630 S PRINCETON AVE|UNIT|MAILBOX|||",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(line(&parse_us(text)), expected, "{text}");
        }
    }

    #[test]
    fn units_keep_their_identity_and_lose_their_spelling() {
        assert_eq!(parse_us("12 Oak Ave Apt 004").unit_id.as_deref(), Some("4"));
        assert_eq!(parse_us("12 Oak Ave # 4").unit_id.as_deref(), Some("4"));
        assert_eq!(
            parse_us("12 Oak Ave Ste 4-B").unit_id.as_deref(),
            Some("4B")
        );
    }

    #[test]
    fn hostile_input_is_bounded() {
        let long = "9 ".repeat(100_000);
        let parts = parse_us(&long);
        assert!(parts.city.map_or(0, |c| c.len()) < 1_000);
        assert_eq!(parse_us(""), UsParts::default());
        assert_eq!(parse_us(",,, ### ,"), UsParts::default());
    }
}
