//! Near-duplicate sketches: MinHash signatures of résumé text with LSH bands,
//! and 64-bit perceptual hashes split into bands for Hamming-distance search.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// MinHash values per signature.
pub const MINHASH_SIZE: usize = 32;
/// LSH bands (of `MINHASH_SIZE / BANDS` rows each): two texts with Jaccard
/// similarity 0.8 share a band with probability 0.985; with 0.3, 0.06.
pub const RESUME_BANDS: usize = 8;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;
/// Only this much of a text is read: a 300 KB résumé is scored on its start.
pub const TEXT_PREFIX_CHARS: usize = 20_000;
/// Fewest words for a text to be sketched (shorter texts are too alike by chance).
pub const MIN_WORDS: usize = 20;

/// A MinHash signature.
pub type Signature = [u32; MINHASH_SIZE];

/// The MinHash signature (one-permutation hashing, densified) of a text's word
/// 3-shingles (case and punctuation folded), or `None` for a text under
/// [`MIN_WORDS`] words.
pub fn minhash(text: &str) -> Option<Signature> {
    // A text of no more bytes than the prefix has no more characters either.
    let end = if text.len() <= TEXT_PREFIX_CHARS {
        text.len()
    } else {
        text.char_indices()
            .nth(TEXT_PREFIX_CHARS)
            .map_or(text.len(), |(at, _)| at)
    };
    let prefix = text.get(..end).unwrap_or(text);
    if prefix.is_ascii() {
        // Folded byte by byte as it is hashed.
        let words = prefix.as_bytes().split(|b| !b.is_ascii_alphanumeric());
        sketch_words(words.filter(|w| !w.is_empty()))
    } else {
        let folded = prefix.to_lowercase();
        let words = folded.split(|c: char| !c.is_alphanumeric());
        sketch_words(words.filter(|w| !w.is_empty()).map(str::as_bytes))
    }
}

/// FNV-1a's offset basis and prime.
const FNV_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The signature of a text's words (at least [`MIN_WORDS`] of them).
///
/// Each shingle is hashed with FNV-1a over its words (ASCII letters in lower
/// case, each word followed by 0xff), but a word's bytes are fed
/// to the three shingles that hold it at once: three independent multiply
/// chains instead of one three times as long (the hashing was most of the
/// cost; a test holds it equal to hashing each shingle alone).
fn sketch_words<'w>(words: impl Iterator<Item = &'w [u8]>) -> Option<Signature> {
    // One-permutation hashing: the top bits of a shingle's hash pick its bin,
    // the low bits compete for the bin's minimum (one operation per shingle, not 32).
    let mut signature = [u32::MAX; MINHASH_SIZE];
    // states[k]: the shingle that began at a word whose number is k modulo 3.
    let mut states = [FNV_BASIS; SHINGLE_WORDS];
    let mut count = 0usize;
    for (at, word) in words.enumerate() {
        states[at % SHINGLE_WORDS] = FNV_BASIS;
        for byte in word.iter().map(u8::to_ascii_lowercase).chain([0xff]) {
            for state in &mut states {
                *state = (*state ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            }
        }
        count = at + 1;
        if count < SHINGLE_WORDS {
            continue;
        }
        // The shingle that began two words ago is complete.
        let x = finish(states[(at + 1) % SHINGLE_WORDS]);
        let bin = (x >> (64 - MINHASH_SIZE.trailing_zeros())) as usize;
        if let Some(slot) = signature.get_mut(bin) {
            *slot = (*slot).min(x as u32);
        }
    }
    if count < MIN_WORDS {
        return None;
    }
    densify(&mut signature);
    Some(signature)
}

/// Fill empty bins from the next non-empty bin to their right (circularly),
/// offset by the distance, so that two texts fill them alike (Shrivastava, 2017).
fn densify(signature: &mut Signature) {
    let filled = *signature;
    if filled.iter().all(|v| *v == u32::MAX) {
        return;
    }
    for (i, slot) in signature.iter_mut().enumerate() {
        if *slot != u32::MAX {
            continue;
        }
        for distance in 1..MINHASH_SIZE {
            let donor = filled[(i + distance) % MINHASH_SIZE];
            if donor != u32::MAX {
                *slot = donor.wrapping_add(0x9e37_79b9_u32.wrapping_mul(distance as u32));
                break;
            }
        }
    }
}

/// FNV's low bits mix poorly: finish with a splitmix step.
fn finish(mut hash: u64) -> u64 {
    hash ^= hash >> 31;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^ (hash >> 29)
}

/// The share of equal positions: an estimate of the texts' Jaccard similarity.
pub fn similarity(a: &Signature, b: &Signature) -> f32 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / MINHASH_SIZE as f32
}

/// One hash per LSH band.
pub fn resume_bands(signature: &Signature) -> [u64; RESUME_BANDS] {
    let rows = MINHASH_SIZE / RESUME_BANDS;
    let mut out = [0u64; RESUME_BANDS];
    for (band, chunk) in out.iter_mut().zip(signature.chunks(rows)) {
        let mut hasher = DefaultHasher::new();
        chunk.hash(&mut hasher);
        *band = hasher.finish();
    }
    out
}

/// Perceptual-hash bands: four 16-bit quarters. Two hashes within Hamming
/// distance 3 always share a quarter; within 6, whenever the differing bits
/// fall in at most three quarters.
pub const PHOTO_BANDS: usize = 4;

/// Parse a 64-bit perceptual hash written in hex.
pub fn parse_phash(hex: &str) -> Option<u64> {
    let hex = hex.trim().trim_start_matches("0x");
    (hex.len() == 16)
        .then(|| u64::from_str_radix(hex, 16).ok())
        .flatten()
}

/// The quarters of a perceptual hash, each tagged with its position.
pub fn photo_bands(phash: u64) -> [u64; PHOTO_BANDS] {
    let mut out = [0u64; PHOTO_BANDS];
    for (i, band) in out.iter_mut().enumerate() {
        *band = ((i as u64) << 16) | ((phash >> (16 * i)) & 0xffff);
    }
    out
}

/// Differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each shingle hashed alone, as the signatures stored before were made.
    fn one_shingle_at_a_time(text: &str) -> Option<Signature> {
        let folded = text.to_lowercase();
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() < MIN_WORDS {
            return None;
        }
        let mut signature = [u32::MAX; MINHASH_SIZE];
        for shingle in words.windows(SHINGLE_WORDS) {
            let mut hash = FNV_BASIS;
            for byte in shingle.iter().flat_map(|w| w.bytes().chain([0xff])) {
                hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            }
            let x = finish(hash);
            let bin = (x >> (64 - MINHASH_SIZE.trailing_zeros())) as usize;
            signature[bin] = signature[bin].min(x as u32);
        }
        densify(&mut signature);
        Some(signature)
    }

    #[test]
    fn three_shingles_at_once_hash_as_one_at_a_time() {
        let accented = "Ingénieure logiciel à Zürich, Ärztekammer-Projekte: Entwicklung \
            der Plattform für Überweisungen, Betrieb rund um die Uhr, Schulung von \
            zwölf Kolleginnen und Kollegen, Einführung von Rust und Kubernetes im Team";
        for text in [RESUME, accented, &RESUME.to_uppercase(), "ab cd ef"] {
            assert_eq!(minhash(text), one_shingle_at_a_time(text), "{text}");
        }
        assert!(minhash(accented).is_some());
    }

    #[test]
    fn case_does_not_change_a_signature() {
        assert_eq!(minhash(RESUME), minhash(&RESUME.to_uppercase()));
        let greek = "Ο μηχανικός λογισμικού εργάστηκε οκτώ χρόνια σε κατανεμημένα \
            συστήματα πληρωμών με ομάδες σε τρεις χώρες και πολλούς πελάτες";
        assert_eq!(
            minhash(greek),
            minhash(&greek.to_uppercase().to_lowercase())
        );
    }

    const RESUME: &str = "Senior software engineer with eight years of experience building distributed \
        systems in Rust and Go. Led the migration of a payments platform to event sourcing, cut p99 \
        latency by forty percent, mentored six engineers, and maintained open source libraries for \
        observability and tracing across several cloud providers.";

    #[test]
    fn a_resume_with_the_name_swapped_is_a_near_duplicate() {
        let a = minhash(&format!("Jordan Miller\\n{RESUME}")).expect("long enough");
        let b = minhash(&format!("Daniel Brooks\\n{RESUME}")).expect("long enough");
        assert!(similarity(&a, &b) >= 0.8, "{}", similarity(&a, &b));
        let shared = resume_bands(&a)
            .iter()
            .zip(resume_bands(&b))
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared >= 1);
    }

    #[test]
    fn different_resumes_are_not() {
        let other = "Registered nurse with ten years in intensive care units, certified in advanced \
            cardiac life support, experienced with electronic health records, staff scheduling, patient \
            education and quality improvement programmes in large teaching hospitals across the region.";
        let a = minhash(RESUME).expect("long");
        let b = minhash(other).expect("long");
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
        assert!(minhash("too short to sketch").is_none());
    }

    #[test]
    fn photo_hashes_a_few_bits_apart_share_a_band() {
        let a = parse_phash("c3d4e5f6a7b8c9d0").expect("hex");
        let b = a ^ 0b1011; // three bits flipped
        assert_eq!(hamming(a, b), 3);
        assert!(photo_bands(a)
            .iter()
            .zip(photo_bands(b))
            .any(|(x, y)| *x == y));
        assert!(parse_phash("xyz").is_none());
    }
}
