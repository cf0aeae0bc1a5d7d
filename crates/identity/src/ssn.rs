//! US Social Security number structure (SSA's rules for numbers never issued).

/// Why an SSN cannot be real.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsnProblem {
    /// Not nine digits.
    Malformed,
    /// Area 000, 666 or 900–999 (900–999 are ITINs, not SSNs).
    AreaNeverIssued,
    /// Group 00.
    GroupZero,
    /// Serial 0000.
    SerialZero,
    /// A number published in advertising or by SSA as an example.
    Advertised,
}

impl SsnProblem {
    /// In words.
    pub fn describe(self) -> &'static str {
        match self {
            SsnProblem::Malformed => "is not nine digits",
            SsnProblem::AreaNeverIssued => {
                "has an area number that is never issued (000, 666 or 900-999)"
            }
            SsnProblem::GroupZero => "has group number 00, which is never issued",
            SsnProblem::SerialZero => "has serial number 0000, which is never issued",
            SsnProblem::Advertised => "is a number published in advertising or as an example",
        }
    }
}

/// Numbers publicised in advertising or by SSA (078-05-1120 from a 1938 wallet insert,
/// 219-09-9999 from an SSA pamphlet, 987-65-4320 to 987-65-4329 reserved for advertising).
pub const ADVERTISED: &[&str] = &[
    "078051120",
    "219099999",
    "987654320",
    "987654321",
    "987654322",
    "987654323",
    "987654324",
    "987654325",
    "987654326",
    "987654327",
    "987654328",
    "987654329",
];

/// The nine digits of an SSN as typed (dashes and spaces allowed).
pub fn digits(raw: &str) -> Option<String> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | '.'))
        .collect();
    (digits.len() == 9 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Whether an SSN could have been issued.
pub fn check(raw: &str) -> Result<(), SsnProblem> {
    let digits = digits(raw).ok_or(SsnProblem::Malformed)?;
    if ADVERTISED.contains(&digits.as_str()) {
        return Err(SsnProblem::Advertised);
    }
    let area: u32 = digits[..3].parse().map_err(|_| SsnProblem::Malformed)?;
    if area == 0 || area == 666 || area >= 900 {
        return Err(SsnProblem::AreaNeverIssued);
    }
    if &digits[3..5] == "00" {
        return Err(SsnProblem::GroupZero);
    }
    if &digits[5..] == "0000" {
        return Err(SsnProblem::SerialZero);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_issued_structures_are_caught() {
        assert_eq!(check("123-45-6789"), Ok(()));
        assert_eq!(check("000-12-3456"), Err(SsnProblem::AreaNeverIssued));
        assert_eq!(check("666-12-3456"), Err(SsnProblem::AreaNeverIssued));
        assert_eq!(check("912-70-1234"), Err(SsnProblem::AreaNeverIssued));
        assert_eq!(check("123-00-4567"), Err(SsnProblem::GroupZero));
        assert_eq!(check("123-45-0000"), Err(SsnProblem::SerialZero));
        assert_eq!(check("078-05-1120"), Err(SsnProblem::Advertised));
        assert_eq!(check("12-345-678"), Err(SsnProblem::Malformed));
    }
}
