//! Names in Arabic and Hebrew script, which leave short vowels out: compared
//! with the list's Latin words by their consonants. Both sides are reduced
//! to a skeleton of consonant classes, coarse enough to absorb the ways one
//! sound is written (p/b/f/v, s/z/sh, k/q/g/j/kh), vowels and the letters
//! that stand for them (alif, waw, ya, aleph, ayin) dropped, doubled letters
//! once, a word-final h gone ("Fatimah" = "فاطمة"). A query in such a script
//! is read as the listed words sharing its words' skeletons, and those
//! readings are screened as Latin names (see `Screener::screen`).

/// Whether a character is of the Arabic or Hebrew script (with their
/// presentation forms).
pub fn is_abjad(c: char) -> bool {
    matches!(u32::from(c),
        0x0590..=0x05FF | 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF
        | 0xFB1D..=0xFB4F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether a name is written (at least partly) in Arabic or Hebrew script.
pub fn has_abjad(name: &str) -> bool {
    name.chars().any(is_abjad)
}

/// Push a class letter, once for a run of the same class.
fn push(out: &mut String, class: char) {
    if !out.ends_with(class) {
        out.push(class);
    }
}

/// The skeleton of a Latin word (folded: lower-case ASCII letters).
pub fn latin_skeleton(word: &str) -> String {
    finish(latin_units(word))
}

/// The Latin word as consonant classes and vowel digits, before `finish`.
fn latin_units(word: &str) -> String {
    let word = word
        .strip_prefix("al-")
        .or_else(|| word.strip_prefix("el-"))
        .unwrap_or(word);
    let bytes: Vec<u8> = word.bytes().filter(u8::is_ascii_alphabetic).collect();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let next = bytes.get(i + 1).copied();
        let (class, used) = match (bytes[i], next) {
            (b'k' | b'g', Some(b'h')) => (Some('k'), 2),
            (b's' | b'z', Some(b'h')) => (Some('s'), 2),
            (b'c', Some(b'h')) => (Some('s'), 2),
            (b't', Some(b'h')) => (Some('t'), 2),
            (b'd', Some(b'h')) => (Some('d'), 2),
            (b'p', Some(b'h')) => (Some('b'), 2),
            (b't', Some(b's' | b'z')) => (Some('s'), 2),
            (b'd', Some(b'j')) => (Some('k'), 2),
            (b'c', Some(b'e' | b'i' | b'y')) => (Some('s'), 1),
            (b'x', _) => {
                push(&mut out, 'k');
                (Some('s'), 1)
            }
            (c, _) => (latin_class(c), 1),
        };
        // A vowel (or y, w) between two like letters keeps them two
        // ("Hassan" is one s, "Sasan" two); its digit says which written
        // vowels it may stand for (see `vowels_agree`).
        push(&mut out, class.unwrap_or_else(|| latin_vowel(bytes[i])));
        i += used;
    }
    out
}

/// Which written long vowels a Latin vowel may render, as a digit of bits:
/// 1 alif (a), 2 waw (o, u), 4 ya (i, e).
fn latin_vowel(c: u8) -> char {
    match c {
        b'a' => '1',
        b'e' => '5',
        b'o' => '3',
        b'u' | b'w' => '2',
        _ => '4',
    }
}

fn latin_class(c: u8) -> Option<char> {
    Some(match c {
        b'b' | b'p' | b'f' | b'v' => 'b',
        b't' => 't',
        b'd' => 'd',
        b's' | b'z' => 's',
        b'k' | b'q' | b'g' | b'j' | b'c' => 'k',
        b'h' => 'h',
        b'l' => 'l',
        b'm' => 'm',
        b'n' => 'n',
        b'r' => 'r',
        _ => return None,
    })
}

/// The skeleton of a word in Arabic or Hebrew script (without its article),
/// reading a waw or vav as the vowel it mostly is.
pub fn native_skeleton(word: &str) -> String {
    skeleton_reading(word, false, false)
}

/// The skeletons a word may have: waw and vav are a vowel or a v (Persian
/// ولادیمیر, Hebrew דוד for David), and dad, dhal and za a d in Arabic but a
/// z in Persian and Turkic names (رمضان is Ramadan and Ramzan).
pub fn native_skeletons(word: &str) -> Vec<String> {
    let mut all: Vec<String> = [(false, false), (true, false), (false, true), (true, true)]
        .into_iter()
        .map(|(waw_is_v, emphatic_z)| skeleton_reading(word, waw_is_v, emphatic_z))
        .collect();
    all.sort();
    all.dedup();
    all
}

fn skeleton_reading(word: &str, waw_is_v: bool, emphatic_z: bool) -> String {
    skeleton_reading_kept(strip_article(word), waw_is_v, emphatic_z)
}

fn skeleton_reading_kept(word: &str, waw_is_v: bool, emphatic_z: bool) -> String {
    finish(skeleton_units(word, waw_is_v, emphatic_z))
}

/// The native word as consonant classes and vowel digits, before `finish`.
fn skeleton_units(word: &str, waw_is_v: bool, emphatic_z: bool) -> String {
    let letters: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(letters.len());
    for (i, &c) in letters.iter().enumerate() {
        let next = letters.get(i + 1).copied();
        let class = match c {
            // ч is written t + sh (تش, טש): one sound.
            'ت' if next == Some('ش') => None,
            'ט' if next == Some('ש') => None,
            'و' | 'ו' if waw_is_v && !(i == 0 && c == 'ו') => Some('b'),
            'ض' | 'ذ' | 'ظ' if emphatic_z => Some('s'),
            // Arabic and Persian.
            'ب' | 'پ' | 'ف' | 'ڤ' => Some('b'),
            'ت' | 'ط' | 'ث' | 'ٹ' => Some('t'),
            'د' | 'ض' | 'ذ' | 'ڈ' => Some('d'),
            'س' | 'ص' | 'ز' | 'ظ' | 'ش' | 'ژ' | 'چ' => Some('s'),
            'ك' | 'ک' | 'ق' | 'غ' | 'خ' | 'ج' | 'گ' => Some('k'),
            'ح' | 'ه' | 'ھ' | 'ہ' => Some('h'),
            'ل' => Some('l'),
            'م' => Some('m'),
            'ن' | 'ں' => Some('n'),
            'ر' | 'ڑ' => Some('r'),
            // Hebrew: vav is a v at the start of a word (or doubled), a vowel
            // inside it; pe a p at the start, an f inside it (one class).
            'ב' | 'פ' | 'ף' => Some('b'),
            'ו' if i == 0 || next == Some('ו') => Some('b'),
            'ת' | 'ט' => Some('t'),
            'ד' => Some('d'),
            'ס' | 'ש' | 'ז' | 'צ' | 'ץ' => Some('s'),
            'כ' | 'ך' | 'ק' | 'ג' => Some('k'),
            'ה' | 'ח' => Some('h'),
            'ל' => Some('l'),
            'מ' | 'ם' => Some('m'),
            'נ' | 'ן' => Some('n'),
            'ר' => Some('r'),
            // Long vowels as written (digits as in `latin_vowel`): an alif
            // starting a word, hamza, ayin, ta marbuta and aleph may be any.
            'ا' | 'آ' | 'ٱ' | 'ى' if i > 0 => Some('1'),
            'و' | 'ؤ' | 'ו' => Some('2'),
            'ي' | 'ی' | 'ئ' | 'ے' | 'י' => Some('4'),
            'ا' | 'أ' | 'إ' | 'آ' | 'ٱ' | 'ى' | 'ء' | 'ع' | 'ة' | 'א' | 'ע' => Some('0'),
            // Geresh, diacritics, tatweel: nothing.
            _ => None,
        };
        if let Some(class) = class {
            push(&mut out, class);
        }
    }
    out
}

/// Whether a word ends on a vowel, as far as its spelling tells: `None`
/// when it cannot (a final h, ayin or ta marbuta is written either way).
/// These scripts write long vowels, and a final one above all: a name ending
/// on one is not a Latin name ending on a consonant (محمدی is Mohammadi, not
/// Muhammad; رضا is Reza, not Ra'd).
pub fn native_ends_open(word: &str) -> Option<bool> {
    match word.chars().last()? {
        'ا' | 'ى' | 'ي' | 'ی' | 'و' | 'ے' | 'א' | 'י' | 'ו' | 'آ' => Some(true),
        'ه' | 'ة' | 'ہ' | 'ה' | 'ع' | 'ء' | 'ئ' | 'ע' => None,
        _ => Some(false),
    }
}

/// [`native_ends_open`] for a Latin word (folded).
pub fn latin_ends_open(word: &str) -> Option<bool> {
    let mut letters = word.bytes().rev().filter(u8::is_ascii_alphabetic);
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    match (letters.next()?, letters.next()) {
        (b'h', Some(before)) if vowel(before) => None,
        (last, _) => Some(vowel(last)),
    }
}

/// Whether a native word and a Latin word may end alike.
pub fn endings_agree(native: &str, latin: &str) -> bool {
    match (native_ends_open(native), latin_ends_open(latin)) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// The skeletons of a word with its article kept (العاروري as "alaruri",
/// how lists that join the article write it); empty without an article.
pub fn skeletons_with_article(word: &str) -> Vec<String> {
    if !has_article(word) {
        return Vec::new();
    }
    // The whole word, its alif read as the a of "al…".
    [false, true]
        .into_iter()
        .map(|waw_is_v| skeleton_reading_kept(word, waw_is_v, false))
        .collect()
}

/// Son of, daughter of (بن, بنت, ابن, בן, בת): words a name may carry or leave out.
pub fn is_kinship(word: &str) -> bool {
    matches!(word, "بن" | "بنت" | "ابن" | "إبن" | "בן" | "בת")
}

/// Whether a word carries the Arabic article written on (الراشد).
pub fn has_article(word: &str) -> bool {
    strip_article(word).len() < word.len()
}

/// The Arabic article (ال, written joined) left off a word long enough to
/// hold one.
fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

/// Vowels (digits) between like letters kept them apart; a word-final h (or
/// a final vowel) is dropped, as both scripts write it both ways.
fn finish(out: String) -> String {
    units(&out).0
}

/// The skeleton and, between its consonants, the vowels written there (bits
/// as in [`latin_vowel`]; a native vowel letter that may be any vowel is 0).
fn units(out: &str) -> (String, Vec<u8>) {
    let mut chars: Vec<char> = out.chars().collect();
    while chars.last().is_some_and(char::is_ascii_digit) {
        chars.pop();
    }
    if chars.last() == Some(&'h') && chars.len() > 1 {
        chars.pop();
    }
    let mut skeleton = String::with_capacity(chars.len());
    let mut gaps = vec![0u8];
    for c in chars {
        match c.to_digit(10) {
            Some(bits) => {
                if let Some(gap) = gaps.last_mut() {
                    *gap |= bits as u8;
                }
            }
            None => {
                skeleton.push(c);
                gaps.push(0);
            }
        }
    }
    (skeleton, gaps)
}

/// Whether the long vowels a native word writes are where a Latin word of
/// the same consonants has vowels that may render them: محمود (Mahmoud,
/// a waw after the second m) is not Muhammad; حسين is Hussein, not Hassan.
pub fn vowels_agree(native: &str, latin: &str) -> bool {
    let (skeleton, theirs) = units(&latin_units(latin));
    let readings = [(false, false), (true, false), (false, true), (true, true)]
        .into_iter()
        .map(|(v, z)| skeleton_units(strip_article(native), v, z))
        .chain(has_article(native).then(|| skeleton_units(native, false, false)));
    readings.into_iter().any(|written| {
        let (mine, wanted) = units(&written);
        mine == skeleton
            && wanted
                .iter()
                .zip(&theirs)
                .all(|(want, have)| want & !have == 0)
    })
}

/// The words of a name in Arabic or Hebrew script: split on spaces and
/// punctuation (Arabic's comma too), the Arabic article standing alone (ال)
/// dropped.
pub fn native_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'') || c == '،')
        .filter(|w| !w.is_empty() && *w != "ال")
        .map(str::to_owned)
        .collect()
}

/// The same words with each عبد ("servant of") joined to the word after
/// it, as the lists mostly write such names (عبد الله = Abdullah); `None`
/// when the name has no such compound.
pub fn compounds_joined(words: &[String]) -> Option<Vec<String>> {
    let at = words.iter().position(|w| w == "عبد")?;
    let mut joined = words.to_vec();
    if at + 1 >= joined.len() {
        return None;
    }
    let next = joined.remove(at + 1);
    joined[at].push_str(&next);
    Some(compounds_joined(&joined).unwrap_or(joined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_and_native_spellings_share_a_skeleton() {
        for (latin, native) in [
            ("vladimir", "فلاديمير"),
            ("putin", "بوتين"),
            ("vladimir", "ולדימיר"),
            ("putin", "פוטין"),
            ("muhammad", "محمد"),
            ("mohammed", "محمد"),
            ("hassan", "حسن"),
            ("fatimah", "فاطمة"),
            ("fatima", "فاطمة"),
            ("abdullah", "عبدالله"),
            ("baghdadi", "البغدادي"),
            ("al-baghdadi", "البغدادي"),
            ("khamenei", "خامنئي"),
            ("yosef", "יוסף"),
            ("cohen", "כהן"),
            ("shapiro", "שפירו"),
            ("nasrallah", "نصرالله"),
            ("zarif", "ظريف"),
            ("vladimirovich", "فلاديميروفيتش"),
            ("putin", "پوٹن"),
        ] {
            assert_eq!(
                latin_skeleton(latin),
                native_skeleton(native),
                "{latin} / {native}"
            );
        }
    }

    #[test]
    fn a_written_final_vowel_is_no_final_consonant() {
        assert!(!endings_agree("محمدی", "muhammad"));
        assert!(endings_agree("محمدی", "mohammadi"));
        assert!(!endings_agree("رضا", "rad"));
        assert!(endings_agree("رضا", "reza") && endings_agree("محمد", "muhammad"));
        assert!(endings_agree("فاطمة", "fatimah") && endings_agree("عبدالله", "abdullah"));
        assert!(skeletons_with_article("العاروري").contains(&latin_skeleton("alaruri")));
        assert!(skeletons_with_article("حسن").is_empty());
    }

    #[test]
    fn written_long_vowels_stand_where_the_latin_has_vowels() {
        assert!(!vowels_agree("محمود", "muhammad"));
        assert!(vowels_agree("محمود", "mahmoud") && vowels_agree("محمود", "mahmud"));
        assert!(vowels_agree("محمد", "muhammad") && vowels_agree("محمد", "mohammed"));
        assert!(!vowels_agree("حسين", "hassan") && vowels_agree("حسين", "hussein"));
        assert!(vowels_agree("حسن", "hassan") && vowels_agree("أسامة", "usama"));
        assert!(vowels_agree("خامنه‌ای", "khamenei") && vowels_agree("بوتين", "putin"));
        assert!(vowels_agree("ולדימיר", "vladimir") && vowels_agree("العاروري", "aruri"));
    }

    #[test]
    fn a_waw_or_vav_may_be_a_v() {
        assert!(native_skeletons("דוד").contains(&latin_skeleton("david")));
        assert!(native_skeletons("ولادیمیر").contains(&latin_skeleton("vladimir")));
        assert!(native_skeletons("بوتين").contains(&latin_skeleton("putin")));
        let ramadan = native_skeletons("رمضان");
        assert!(ramadan.contains(&latin_skeleton("ramadan")));
        assert!(ramadan.contains(&latin_skeleton("ramzan")));
    }

    #[test]
    fn different_names_keep_different_skeletons() {
        // (Hassan and Hussein do share one: Arabic tells them apart by a ya
        // the skeleton drops.)
        for (a, b) in [("hassan", "hamid"), ("ali", "omar"), ("putin", "batman")] {
            assert_ne!(latin_skeleton(a), latin_skeleton(b), "{a} / {b}");
        }
        assert_eq!(latin_skeleton("hassan"), "hsn");
        assert_eq!(latin_skeleton("sasan"), "ssn");
    }

    #[test]
    fn scripts_and_words_are_recognised() {
        assert!(has_abjad("فلاديمير بوتين") && has_abjad("ולדימיר פוטין"));
        assert!(!has_abjad("Vladimir Putin") && !has_abjad("Владимир Путин"));
        assert_eq!(native_words("عبد الله، ال حسن"), ["عبد", "الله", "حسن"]);
        let words = native_words("عبد الله بن عبد الرحمن");
        assert_eq!(
            compounds_joined(&words).expect("compounds"),
            ["عبدالله", "بن", "عبدالرحمن"]
        );
        assert_eq!(compounds_joined(&native_words("محمد حسن")), None);
    }
}
