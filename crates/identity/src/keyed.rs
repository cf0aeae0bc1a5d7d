//! HMAC-SHA256 keyed hashes of normalised values, sealing of the raw values
//! the store must be able to read back, and masking for evidence.

use chacha20poly1305::aead::Aead;
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

/// Keyed hashing with one secret. The same key across tenants lets their
/// applications link without either seeing the other's values.
#[derive(Clone)]
pub struct Keyer {
    mac: Hmac<Sha256>,
    demo: bool,
}

impl fmt::Debug for Keyer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyer")
            .field("demo", &self.demo)
            .finish_non_exhaustive()
    }
}

/// The key of the bundled demo. Public, so never for real data.
const DEMO_KEY: &[u8] = b"bonafide demo link key - public, never for real data";

/// Shortest key accepted.
pub const MIN_KEY_BYTES: usize = 16;

impl Keyer {
    /// A keyer over a secret of at least [`MIN_KEY_BYTES`] bytes.
    pub fn new(secret: &[u8]) -> Result<Keyer, String> {
        if secret.len() < MIN_KEY_BYTES {
            return Err(format!(
                "the link key must be at least {MIN_KEY_BYTES} bytes"
            ));
        }
        let mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|e| e.to_string())?;
        Ok(Keyer { mac, demo: false })
    }

    /// The bundled demo's keyer (its key is public).
    pub fn demo() -> Keyer {
        let mac = Hmac::<Sha256>::new_from_slice(DEMO_KEY)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key"));
        Keyer { mac, demo: true }
    }

    /// Whether this is the public demo key.
    pub fn is_demo(&self) -> bool {
        self.demo
    }

    /// The keyed hash of a normalised value of a kind (`ssn`, `passport`, `email`, …).
    pub fn hash(&self, kind: &str, normalised: &str) -> Digest {
        let mut mac = self.mac.clone();
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        let bytes: [u8; 32] = mac.finalize().into_bytes().into();
        Digest(bytes)
    }

    /// `raw` sealed (XChaCha20-Poly1305 under a key derived from the link
    /// key), as hex. The nonce is derived from the value (SIV-style), so the
    /// same value seals the same way and an unchanged body stays unchanged; it
    /// reveals only equality, which the keyed hash already does.
    pub fn seal(&self, raw: &str) -> String {
        let nonce = self.hash("seal nonce v1", raw);
        let nonce = XNonce::from_slice(&nonce.0[..24]);
        let sealed = self
            .cipher()
            .encrypt(nonce, raw.as_bytes())
            .unwrap_or_default();
        let mut out = hex::encode(nonce);
        out.push_str(&hex::encode(sealed));
        out
    }

    /// What [`Keyer::seal`] sealed, if this key sealed it and it is intact.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed.trim()).ok()?;
        if bytes.len() < 24 + 16 {
            return None;
        }
        let (nonce, body) = bytes.split_at(24);
        let plain = self
            .cipher()
            .decrypt(XNonce::from_slice(nonce), body)
            .ok()?;
        String::from_utf8(plain).ok()
    }

    #[cfg(test)]
    fn open_with(&self, key: &[u8; 32], sealed: &str) -> Option<String> {
        use chacha20poly1305::KeyInit;
        let bytes = hex::decode(sealed).ok()?;
        let (nonce, body) = bytes.split_at(24);
        let plain = XChaCha20Poly1305::new(Key::from_slice(key))
            .decrypt(XNonce::from_slice(nonce), body)
            .ok()?;
        String::from_utf8(plain).ok()
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        use chacha20poly1305::KeyInit;
        // Outside `hash`'s domain: every `hash` input holds a zero byte
        // between kind and value, this label none, so no stored hash (whose
        // kind a submitter may choose) can ever equal the seal key.
        let mut mac = self.mac.clone();
        mac.update(b"bonafide seal key v1");
        let key: [u8; 32] = mac.finalize().into_bytes().into();
        XChaCha20Poly1305::new(Key::from_slice(&key))
    }
}

/// A keyed hash.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The first 8 bytes, for an index key.
    pub fn as_u64(&self) -> u64 {
        let mut first = [0u8; 8];
        first.copy_from_slice(&self.0[..8]);
        u64::from_be_bytes(first)
    }

    /// A short hex prefix, for evidence a person can compare.
    pub fn prefix(&self) -> String {
        self.0[..6].iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.prefix())
    }
}

/// A masked form for evidence: at most the last 4 letters or digits, and only
/// when the value has more than 6 of them; everything else is hidden.
pub fn mask(raw: &str) -> String {
    let significant: Vec<char> = raw.chars().filter(|c| c.is_alphanumeric()).collect();
    let shown = if significant.len() > 6 { 4 } else { 0 };
    let hidden = significant.len().saturating_sub(shown);
    let tail: String = significant.iter().skip(hidden).collect();
    format!("{}{tail}", "•".repeat(hidden.clamp(4, 12)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_depend_on_key_kind_and_value() {
        let a = Keyer::new(b"0123456789abcdef").expect("key");
        let b = Keyer::new(b"0123456789abcdeg").expect("key");
        assert_eq!(a.hash("ssn", "123456789"), a.hash("ssn", "123456789"));
        assert_ne!(a.hash("ssn", "123456789"), b.hash("ssn", "123456789"));
        assert_ne!(a.hash("ssn", "123456789"), a.hash("passport", "123456789"));
        assert!(Keyer::new(b"short").is_err());
        assert_eq!(a.hash("ssn", "1").prefix().len(), 12);
    }

    #[test]
    fn sealed_values_open_only_with_their_key_and_seal_the_same_way() {
        let a = Keyer::new(b"0123456789abcdef").expect("key");
        let b = Keyer::new(b"0123456789abcdeg").expect("key");
        let sealed = a.seal("078-05-1120");
        // The seal key is no keyed hash a submitter could have stored.
        for kind in ["seal key v1", "", "ssn"] {
            for value in ["", "0", "078-05-1120"] {
                let stored = a.hash(kind, value);
                assert_ne!(
                    a.open_with(&stored.0, &sealed),
                    Some("078-05-1120".to_owned())
                );
            }
        }
        assert_eq!(a.open(&sealed).as_deref(), Some("078-05-1120"));
        assert_eq!(a.seal("078-05-1120"), sealed, "deterministic");
        assert_ne!(a.seal("078-05-1121"), sealed);
        assert_eq!(b.open(&sealed), None, "another key");
        let mut tampered = sealed.clone();
        tampered.replace_range(60..61, if &sealed[60..61] == "0" { "1" } else { "0" });
        assert_eq!(a.open(&tampered), None, "tampered");
        assert_eq!(a.open("zz"), None);
    }

    #[test]
    fn masks_show_at_most_the_last_four() {
        assert_eq!(mask("078-05-1120"), "•••••1120");
        assert_eq!(mask("X12345678"), "•••••5678");
        assert_eq!(mask("1234"), "••••");
        assert_eq!(mask("123456"), "••••••");
        assert!(!mask("GB82WEST12345698765432").contains("WEST"));
    }
}
