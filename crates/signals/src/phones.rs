//! Phone numbers: North American numbers from NANPA's area-code report when one
//! is configured (a table lookup), everything else through libphonenumber.

use bonafide_identity::normalize::{phone, Phone, PhoneKind};
use bonafide_netdata::{NpaTable, NpaUse};

/// Parse a phone number as typed, reading national formats in `default_country`.
pub fn parse(raw: &str, default_country: Option<&str>, npa: &NpaTable) -> Option<Phone> {
    if npa.is_loaded() {
        match nanp(raw, default_country, npa) {
            Nanp::Valid(number) => return Some(number),
            Nanp::Invalid => return None,
            Nanp::Other => {}
        }
    }
    phone(raw, default_country)
}

enum Nanp {
    Valid(Phone),
    Invalid,
    Other,
}

fn nanp(raw: &str, default_country: Option<&str>, npa: &NpaTable) -> Nanp {
    let trimmed = raw.trim();
    if trimmed.chars().any(|c| c.is_alphabetic()) {
        return Nanp::Other; // extensions, vanity numbers: leave to libphonenumber
    }
    let digits: Vec<u8> = trimmed
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    let national = match (trimmed.starts_with('+'), digits.len(), digits.first()) {
        (_, 11, Some(1)) => &digits[1..],
        (false, 10, _) if matches!(default_country, Some("US" | "CA")) => &digits[..],
        _ => return Nanp::Other,
    };
    let code = national
        .iter()
        .take(3)
        .fold(0u16, |acc, d| acc * 10 + u16::from(*d));
    let (Some(area_first), Some(exchange_first)) = (national.first(), national.get(3)) else {
        return Nanp::Other;
    };
    if *area_first < 2 || *exchange_first < 2 {
        return Nanp::Invalid;
    }
    let Some(area) = npa.get(code) else {
        return Nanp::Invalid;
    };
    let kind = match area.usage {
        NpaUse::Geographic => PhoneKind::Geographic,
        NpaUse::TollFree => PhoneKind::TollFree,
        NpaUse::Premium => PhoneKind::Premium,
        NpaUse::NonGeographic => PhoneKind::NonGeographic,
    };
    let e164: String = std::iter::once("+1".to_owned())
        .chain(national.iter().map(|d| d.to_string()))
        .collect();
    Nanp::Valid(Phone {
        e164,
        country: area
            .country
            .and_then(|c| std::str::from_utf8(&c).ok().map(str::to_owned)),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bonafide_netdata::DataFile;

    fn table() -> NpaTable {
        let report = "File Date,11/01/2026\nNPA_ID,USE,COUNTRY,IN_SERVICE,SERVICE\n415,G,US,Y,\n416,G,CANADA,Y,\n\
                      800,N,,Y,Toll-Free\n456,G,,N,\n";
        NpaTable::parse(&DataFile::bundled("npa.csv", report.as_bytes()).expect("bytes"))
            .expect("parses")
    }

    #[test]
    fn the_area_code_table_agrees_with_libphonenumber() {
        let npa = table();
        for (raw, country) in [
            ("+1 (415) 555-2671", None),
            ("415 555 2671", Some("US")),
            ("+1 800 275 8777", None),
            ("+1 416 555 0199", None),
        ] {
            let fast = parse(raw, country, &npa).expect("valid");
            let slow = phone(raw, country).expect("valid");
            assert_eq!(
                (fast.e164.as_str(), fast.kind),
                (slow.e164.as_str(), slow.kind),
                "{raw}"
            );
            if fast.kind == PhoneKind::Geographic {
                assert_eq!(fast.country, slow.country, "{raw}");
            }
        }
        assert!(
            parse("+1 456 555 2671", None, &npa).is_none(),
            "an area code not in service"
        );
        assert!(
            parse("+1 415 155 2671", None, &npa).is_none(),
            "an exchange cannot start with 1"
        );
        assert_eq!(
            parse("+44 20 7946 0958", None, &npa)
                .expect("UK")
                .country
                .as_deref(),
            Some("GB")
        );
    }
}
