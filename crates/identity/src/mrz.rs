//! ICAO Doc 9303 machine-readable zones: TD1 (3×30), TD2 and MRV-B (2×36),
//! TD3 and MRV-A (2×44); check digits with weights 7-3-1.
//!
//! The nationality field is not read: bonafide never uses it.

/// A machine-readable zone's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Cards, 3 lines of 30.
    Td1,
    /// Cards, 2 lines of 36.
    Td2,
    /// Passports, 2 lines of 44.
    Td3,
    /// Visas, 2 lines of 44.
    MrvA,
    /// Visas, 2 lines of 36.
    MrvB,
}

/// What a zone says, and which of its check digits hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mrz {
    /// Layout.
    pub format: Format,
    /// Document number (filler removed).
    pub document_number: String,
    /// Surname and given names, spaces for fillers.
    pub names: String,
    /// Date of birth, YYMMDD.
    pub birth: String,
    /// Expiry, YYMMDD.
    pub expiry: String,
    /// Check digits that failed, by field name.
    pub failed_checks: Vec<&'static str>,
}

/// The check digit of a field (7-3-1 weights; digits, letters A=10 … Z=35, `<` = 0).
pub fn check_digit(field: &str) -> Option<u32> {
    let mut sum = 0u32;
    for (i, c) in field.chars().enumerate() {
        let value = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'A'..='Z' => c as u32 - 'A' as u32 + 10,
            '<' => 0,
            _ => return None,
        };
        sum += value * [7, 3, 1][i % 3];
    }
    Some(sum % 10)
}

fn digit(c: Option<char>) -> Option<u32> {
    match c {
        Some('<') => Some(0),
        Some(c) => c.to_digit(10),
        None => None,
    }
}

fn slice(line: &str, from: usize, to: usize) -> &str {
    line.get(from..to).unwrap_or("")
}

fn at(line: &str, index: usize) -> Option<char> {
    line.get(index..=index).and_then(|s| s.chars().next())
}

/// Parse the lines of a zone; `None` when they are not a zone of a known layout.
pub fn parse(lines: &[String]) -> Option<Mrz> {
    let lines: Vec<String> = lines
        .iter()
        .map(|l| l.trim().to_ascii_uppercase().replace(' ', ""))
        .collect();
    if lines
        .iter()
        .any(|l| !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '<'))
    {
        return None;
    }
    let lengths: Vec<usize> = lines.iter().map(String::len).collect();
    let visa = lines.first().is_some_and(|l| l.starts_with('V'));
    let format = match (lengths.as_slice(), visa) {
        ([30, 30, 30], _) => Format::Td1,
        ([36, 36], false) => Format::Td2,
        ([36, 36], true) => Format::MrvB,
        ([44, 44], false) => Format::Td3,
        ([44, 44], true) => Format::MrvA,
        _ => return None,
    };
    let mut failed = Vec::new();
    let mut verify = |name: &'static str, field: &str, printed: Option<char>| {
        if check_digit(field) != digit(printed) {
            failed.push(name);
        }
    };
    let (number, names, birth, expiry) = match format {
        Format::Td1 => {
            let (l1, l2, l3) = (&lines[0], &lines[1], &lines[2]);
            verify("document_number", slice(l1, 5, 14), at(l1, 14));
            verify("birth", slice(l2, 0, 6), at(l2, 6));
            verify("expiry", slice(l2, 8, 14), at(l2, 14));
            let composite = format!(
                "{}{}{}{}",
                slice(l1, 5, 30),
                slice(l2, 0, 7),
                slice(l2, 8, 15),
                slice(l2, 18, 29)
            );
            verify("composite", &composite, at(l2, 29));
            (
                slice(l1, 5, 14),
                l3.as_str(),
                slice(l2, 0, 6),
                slice(l2, 8, 14),
            )
        }
        Format::Td2 | Format::Td3 | Format::MrvA | Format::MrvB => {
            let (l1, l2) = (&lines[0], &lines[1]);
            let width = l1.len();
            verify("document_number", slice(l2, 0, 9), at(l2, 9));
            verify("birth", slice(l2, 13, 19), at(l2, 19));
            verify("expiry", slice(l2, 21, 27), at(l2, 27));
            if format == Format::Td3 {
                let optional = slice(l2, 28, 42);
                // An empty optional field may carry `<` or 0 as its check digit.
                if optional.chars().any(|c| c != '<') || at(l2, 42) != Some('<') {
                    verify("personal_number", optional, at(l2, 42));
                }
            }
            if matches!(format, Format::Td2 | Format::Td3) {
                let end = width - 1;
                let composite = format!(
                    "{}{}{}",
                    slice(l2, 0, 10),
                    slice(l2, 13, 20),
                    slice(l2, 21, end)
                );
                verify("composite", &composite, at(l2, end));
            }
            (
                slice(l2, 0, 9),
                slice(l1, 5, width),
                slice(l2, 13, 19),
                slice(l2, 21, 27),
            )
        }
    };
    let names = names
        .trim_end_matches('<')
        .replace("<<", " ")
        .replace('<', " ");
    Some(Mrz {
        format,
        document_number: number.trim_end_matches('<').to_owned(),
        names: names.split_whitespace().collect::<Vec<_>>().join(" "),
        birth: birth.to_owned(),
        expiry: expiry.to_owned(),
        failed_checks: failed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn icao_td3_specimen_passes_every_check() {
        let mrz = parse(&lines(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
        ]))
        .expect("TD3");
        assert_eq!(mrz.format, Format::Td3);
        assert_eq!(mrz.document_number, "L898902C3");
        assert_eq!(mrz.names, "ERIKSSON ANNA MARIA");
        assert_eq!(
            (mrz.birth.as_str(), mrz.expiry.as_str()),
            ("740812", "120415")
        );
        assert!(mrz.failed_checks.is_empty(), "{:?}", mrz.failed_checks);
    }

    #[test]
    fn a_changed_digit_fails_its_check_and_the_composite() {
        let mrz = parse(&lines(&[
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408132F1204159ZE184226B<<<<<10",
        ]))
        .expect("TD3");
        assert_eq!(mrz.failed_checks, ["birth", "composite"]);
    }

    #[test]
    fn td1_specimen_passes() {
        let mrz = parse(&lines(&[
            "I<UTOD231458907<<<<<<<<<<<<<<<",
            "7408122F1204159UTO<<<<<<<<<<<6",
            "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        ]))
        .expect("TD1");
        assert_eq!(mrz.document_number, "D23145890");
        assert!(mrz.failed_checks.is_empty(), "{:?}", mrz.failed_checks);
        assert!(parse(&lines(&["not a zone"])).is_none());
    }
}
