//! Payroll destinations: IBANs (ISO 13616, by the `iban_validate` crate and
//! its copy of the SWIFT registry), US ABA routing numbers, account numbers,
//! and cryptocurrency wallet addresses recognised by their encoding.

use iban::{IbanLike, ParseBaseIbanError, ParseIbanError};
use std::collections::HashMap;
use std::io::BufRead;

/// Why an account detail does not hold together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountProblem {
    /// The IBAN's check digits fail ISO 7064 mod 97.
    IbanChecksum,
    /// The IBAN's length or characters do not fit its country's registry entry.
    IbanStructure,
    /// The IBAN's country has no IBAN format.
    IbanCountry,
    /// Not an IBAN at all (too short, too long, stray characters).
    IbanFormat,
    /// An ABA routing number's 3-7-1 checksum fails.
    RoutingChecksum,
    /// An ABA routing number is not nine digits, or its first two are not a Federal Reserve prefix.
    RoutingFormat,
}

impl AccountProblem {
    /// A short description for evidence.
    pub fn describe(&self) -> &'static str {
        match self {
            AccountProblem::IbanChecksum => "the IBAN's check digits are wrong",
            AccountProblem::IbanStructure => {
                "the IBAN does not have its country's length and layout"
            }
            AccountProblem::IbanCountry => "the IBAN's country code has no IBAN format",
            AccountProblem::IbanFormat => "the IBAN is not in IBAN form",
            AccountProblem::RoutingChecksum => "the routing number's check digit is wrong",
            AccountProblem::RoutingFormat => "the routing number is not a valid ABA routing number",
        }
    }
}

/// A valid IBAN in electronic form (upper case, no spaces).
pub fn iban(raw: &str) -> Result<String, AccountProblem> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    match compact.parse::<iban::Iban>() {
        Ok(valid) => Ok(valid.electronic_str().to_owned()),
        Err(ParseIbanError::InvalidBaseIban {
            source: ParseBaseIbanError::InvalidChecksum,
        }) => Err(AccountProblem::IbanChecksum),
        Err(ParseIbanError::InvalidBaseIban { .. }) => Err(AccountProblem::IbanFormat),
        Err(ParseIbanError::InvalidBban(_)) => Err(AccountProblem::IbanStructure),
        Err(ParseIbanError::UnknownCountry(_)) => Err(AccountProblem::IbanCountry),
    }
}

/// The country an IBAN belongs to (its first two letters), valid or not.
pub fn iban_country(raw: &str) -> Option<String> {
    let letters: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    (letters.len() == 2 && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// A valid ABA routing number's nine digits.
///
/// The first two digits are a Federal Reserve district (01–12), a thrift
/// (21–32), an electronic transaction identifier (61–72) or traveller's
/// cheques (80); the ninth is a check digit with weights 3, 7, 1.
pub fn routing_number(raw: &str) -> Result<String, AccountProblem> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(AccountProblem::RoutingFormat);
    }
    let values: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    let prefix = values[0] * 10 + values[1];
    if !matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80) {
        return Err(AccountProblem::RoutingFormat);
    }
    let sum: u32 = values
        .iter()
        .zip([3, 7, 1].iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    if sum.is_multiple_of(10) {
        Ok(digits)
    } else {
        Err(AccountProblem::RoutingChecksum)
    }
}

/// An account number for linking: letters and digits, upper case, leading zeros dropped
/// (banks print the same account with and without them).
pub fn account_number(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let trimmed = cleaned.trim_start_matches('0');
    (trimmed.len() >= 4).then(|| trimmed.to_owned())
}

/// A wallet address recognised by its encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wallet {
    /// The network family: `BTC`, `LTC`, `ETH` (any EVM chain: ETH, USDT/USDC on Ethereum, BSC, ARB …),
    /// `TRX` (TRON, also USDT on TRON), `XRP`, `DASH`, `ZEC`, `XMR`, `SOL`, `DOGE`, `BCH`, `BTG`, `BNB`.
    pub network: &'static str,
    /// The address in the form it is compared in (EVM and bech32 lower case; base58 as written).
    pub address: String,
    /// How it was recognised: `bech32`, `base58check`, `hex` or `shape` (length and alphabet only).
    pub encoding: &'static str,
}

const CASHADDR: &str = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Recognise a wallet address by its encoding and checksum, where it has one.
pub fn wallet(raw: &str) -> Option<Wallet> {
    let text = raw.trim();
    if text.is_empty() || text.len() > 128 {
        return None;
    }
    let text = text
        .strip_prefix("bitcoincash:")
        .map(|rest| (rest, true))
        .unwrap_or((text, false));
    let (text, cashaddr) = text;
    if cashaddr {
        let lower = text.to_ascii_lowercase();
        let valid = lower.len() == 42 && lower.starts_with(['q', 'p']);
        return valid.then_some(Wallet {
            network: "BCH",
            address: lower,
            encoding: "shape",
        });
    }
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        return (hex.len() == 40 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| Wallet {
            network: "ETH",
            address: format!("0x{}", hex.to_ascii_lowercase()),
            encoding: "hex",
        });
    }
    let lower = text.to_ascii_lowercase();
    if let Ok((hrp, _, _)) = bech32::segwit::decode(&lower) {
        let network = match hrp.as_str() {
            "bc" => "BTC",
            "ltc" => "LTC",
            _ => return None,
        };
        return Some(Wallet {
            network,
            address: lower,
            encoding: "bech32",
        });
    }
    if let Ok((hrp, _)) = bech32::decode(&lower) {
        if hrp.as_str() == "bnb" {
            return Some(Wallet {
                network: "BNB",
                address: lower,
                encoding: "bech32",
            });
        }
    }
    // A Bitcoin Cash address without its `bitcoincash:` prefix.
    if lower.len() == 42
        && lower.starts_with(['q', 'p'])
        && lower.chars().all(|c| CASHADDR.contains(c))
    {
        return Some(Wallet {
            network: "BCH",
            address: lower,
            encoding: "shape",
        });
    }
    if !text.chars().all(|c| BASE58.contains(c)) {
        return None;
    }
    if let Ok(bytes) = bs58::decode(text).with_check(None).into_vec() {
        let network = match (bytes.first(), bytes.get(1), bytes.len()) {
            (Some(0x00 | 0x05), _, 21) => "BTC",
            (Some(0x41), _, 21) => "TRX",
            (Some(0x30 | 0x32), _, 21) => "LTC",
            (Some(0x1e | 0x16), _, 21) => "DOGE",
            (Some(0x4c | 0x10), _, 21) => "DASH",
            (Some(0x1c), Some(0xb8 | 0xbd), 22) => "ZEC",
            (Some(0x26 | 0x17), _, 21) => "BTG",
            _ => return None,
        };
        return Some(Wallet {
            network,
            address: text.to_owned(),
            encoding: "base58check",
        });
    }
    if text.starts_with('r')
        && bs58::decode(text)
            .with_alphabet(bs58::Alphabet::RIPPLE)
            .with_check(None)
            .into_vec()
            .is_ok()
    {
        return Some(Wallet {
            network: "XRP",
            address: text.to_owned(),
            encoding: "base58check",
        });
    }
    // Monero (95 characters from 4 or 8) and Solana (a 32-byte key) have no checksum we verify.
    if (text.len() == 95 || text.len() == 106) && text.starts_with(['4', '8']) {
        return Some(Wallet {
            network: "XMR",
            address: text.to_owned(),
            encoding: "shape",
        });
    }
    if (43..=44).contains(&text.len()) && bs58::decode(text).into_vec().is_ok_and(|b| b.len() == 32)
    {
        return Some(Wallet {
            network: "SOL",
            address: text.to_owned(),
            encoding: "shape",
        });
    }
    None
}

/// The form a wallet address is compared in, recognised or not.
pub fn wallet_key(raw: &str) -> String {
    wallet(raw)
        .map(|w| w.address)
        .unwrap_or_else(|| raw.trim().to_owned())
}

/// Sanctioned wallet addresses (OFAC's digital currency addresses, one file per currency).
#[derive(Debug, Default, Clone)]
pub struct WalletList {
    /// Address (compared form) → (currency, file).
    addresses: HashMap<String, (String, usize)>,
    /// (file name, addresses read).
    files: Vec<(String, usize)>,
}

impl WalletList {
    /// Read one file of addresses, one per line (`#` comments and blank lines skipped).
    /// `currency` is the list's currency code, e.g. from `sanctioned_addresses_XBT.txt`.
    pub fn add(
        &mut self,
        name: &str,
        currency: &str,
        reader: impl BufRead,
    ) -> std::io::Result<usize> {
        let file = self.files.len();
        let mut count = 0;
        for line in reader.lines() {
            let line = line?;
            let address = line.trim();
            if address.is_empty() || address.starts_with('#') {
                continue;
            }
            self.addresses
                .entry(wallet_key(address))
                .or_insert_with(|| (currency.to_owned(), file));
            count += 1;
        }
        self.files.push((name.to_owned(), count));
        Ok(count)
    }

    /// The currency and file of a listed address.
    pub fn find(&self, raw: &str) -> Option<(&str, &str)> {
        let (currency, file) = self.addresses.get(&wallet_key(raw))?;
        let (name, _) = self.files.get(*file)?;
        Some((currency.as_str(), name.as_str()))
    }

    /// Files read: (name, addresses).
    pub fn files(&self) -> &[(String, usize)] {
        &self.files
    }

    /// How many addresses are listed.
    pub fn len(&self) -> usize {
        self.addresses.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.addresses.is_empty()
    }
}

/// The currency code in a file name such as `sanctioned_addresses_XBT.txt`.
pub fn currency_of_file(name: &str) -> Option<String> {
    let stem = name.rsplit('/').next()?.split('.').next()?;
    let code = stem.rsplit('_').next()?;
    (!code.is_empty() && code.len() <= 6 && code.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ibans_are_checked_by_registry_and_mod_97() {
        assert_eq!(
            iban("GB82 WEST 1234 5698 7654 32").as_deref(),
            Ok("GB82WEST12345698765432")
        );
        assert_eq!(
            iban("GB83WEST12345698765432"),
            Err(AccountProblem::IbanChecksum)
        );
        // Valid check digits, wrong length for Germany.
        assert!(iban("DE89370400440532013000").is_ok());
        assert!(iban("DE8937040044053201300").is_err());
        assert_eq!(iban("not an iban"), Err(AccountProblem::IbanFormat));
        assert_eq!(iban_country("de89 3704").as_deref(), Some("DE"));
    }

    #[test]
    fn routing_numbers_need_a_federal_reserve_prefix_and_the_3_7_1_check() {
        assert_eq!(routing_number("121000358").as_deref(), Ok("121000358"));
        assert_eq!(routing_number("021000021").as_deref(), Ok("021000021"));
        assert_eq!(
            routing_number("121000359"),
            Err(AccountProblem::RoutingChecksum)
        );
        assert_eq!(
            routing_number("991000358"),
            Err(AccountProblem::RoutingFormat)
        );
        assert_eq!(
            routing_number("12100035"),
            Err(AccountProblem::RoutingFormat)
        );
    }

    #[test]
    fn account_numbers_link_with_or_without_leading_zeros() {
        assert_eq!(
            account_number("000123456789"),
            account_number("1234 5678 9")
        );
        assert_eq!(account_number("007"), None);
    }

    #[test]
    fn wallets_are_recognised_by_their_encoding() {
        let cases = [
            ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "BTC", "base58check"),
            ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "BTC", "base58check"),
            (
                "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                "BTC",
                "bech32",
            ),
            ("0x52908400098527886E0F7030069857D2E4169EE7", "ETH", "hex"),
            ("TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW", "TRX", "base58check"),
        ];
        for (raw, network, encoding) in cases {
            let w = wallet(raw).unwrap_or_else(|| panic!("{raw} not recognised"));
            assert_eq!((w.network, w.encoding), (network, encoding), "{raw}");
        }
        // One changed character breaks the checksum.
        assert_eq!(wallet("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"), None);
        assert_eq!(wallet("hello"), None);
        assert_eq!(
            wallet_key("0x52908400098527886E0F7030069857D2E4169EE7"),
            "0x52908400098527886e0f7030069857d2e4169ee7"
        );
    }

    #[test]
    fn a_wallet_list_matches_whatever_the_case_of_an_evm_address() {
        let mut list = WalletList::default();
        let text = "# test\n0x52908400098527886e0f7030069857d2e4169ee7\n1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa\n";
        assert_eq!(
            list.add("sanctioned_addresses_ETH.txt", "ETH", text.as_bytes())
                .ok(),
            Some(2)
        );
        assert_eq!(
            list.find("0x52908400098527886E0F7030069857D2E4169EE7"),
            Some(("ETH", "sanctioned_addresses_ETH.txt"))
        );
        assert!(list.find("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").is_some());
        assert!(list.find("1a1zp1ep5qgefi2dmptftl5slmv7divfna").is_none());
        assert_eq!(
            currency_of_file("x/sanctioned_addresses_XBT.txt").as_deref(),
            Some("XBT")
        );
    }
}
