//! Comparing a claimed region with a geo-IP region, which may be spelled as a
//! code ("CA") or a name ("California") depending on the database.

/// US states, DC and territories: (USPS code, name).
const US: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
    ("GU", "Guam"),
    ("VI", "U.S. Virgin Islands"),
    ("AS", "American Samoa"),
    ("MP", "Northern Mariana Islands"),
];

/// The zone most of a US state's or Canadian province's people keep (a state
/// split between zones gets its most populous one): enough to say whether a
/// session fell in the working day there.
const ZONES: &[(&str, &str, &str)] = &[
    ("US", "AL", "America/Chicago"),
    ("US", "AK", "America/Anchorage"),
    ("US", "AZ", "America/Phoenix"),
    ("US", "AR", "America/Chicago"),
    ("US", "CA", "America/Los_Angeles"),
    ("US", "CO", "America/Denver"),
    ("US", "CT", "America/New_York"),
    ("US", "DE", "America/New_York"),
    ("US", "DC", "America/New_York"),
    ("US", "FL", "America/New_York"),
    ("US", "GA", "America/New_York"),
    ("US", "HI", "Pacific/Honolulu"),
    ("US", "ID", "America/Boise"),
    ("US", "IL", "America/Chicago"),
    ("US", "IN", "America/Indiana/Indianapolis"),
    ("US", "IA", "America/Chicago"),
    ("US", "KS", "America/Chicago"),
    ("US", "KY", "America/New_York"),
    ("US", "LA", "America/Chicago"),
    ("US", "ME", "America/New_York"),
    ("US", "MD", "America/New_York"),
    ("US", "MA", "America/New_York"),
    ("US", "MI", "America/Detroit"),
    ("US", "MN", "America/Chicago"),
    ("US", "MS", "America/Chicago"),
    ("US", "MO", "America/Chicago"),
    ("US", "MT", "America/Denver"),
    ("US", "NE", "America/Chicago"),
    ("US", "NV", "America/Los_Angeles"),
    ("US", "NH", "America/New_York"),
    ("US", "NJ", "America/New_York"),
    ("US", "NM", "America/Denver"),
    ("US", "NY", "America/New_York"),
    ("US", "NC", "America/New_York"),
    ("US", "ND", "America/Chicago"),
    ("US", "OH", "America/New_York"),
    ("US", "OK", "America/Chicago"),
    ("US", "OR", "America/Los_Angeles"),
    ("US", "PA", "America/New_York"),
    ("US", "RI", "America/New_York"),
    ("US", "SC", "America/New_York"),
    ("US", "SD", "America/Chicago"),
    ("US", "TN", "America/Chicago"),
    ("US", "TX", "America/Chicago"),
    ("US", "UT", "America/Denver"),
    ("US", "VT", "America/New_York"),
    ("US", "VA", "America/New_York"),
    ("US", "WA", "America/Los_Angeles"),
    ("US", "WV", "America/New_York"),
    ("US", "WI", "America/Chicago"),
    ("US", "WY", "America/Denver"),
    ("US", "PR", "America/Puerto_Rico"),
    ("CA", "AB", "America/Edmonton"),
    ("CA", "BC", "America/Vancouver"),
    ("CA", "MB", "America/Winnipeg"),
    ("CA", "NB", "America/Moncton"),
    ("CA", "NL", "America/St_Johns"),
    ("CA", "NS", "America/Halifax"),
    ("CA", "ON", "America/Toronto"),
    ("CA", "PE", "America/Halifax"),
    ("CA", "QC", "America/Toronto"),
    ("CA", "SK", "America/Regina"),
];

/// The zone of a claimed US state or Canadian province (code or name).
pub(crate) fn region_zone(country: &str, region: &str) -> Option<chrono_tz::Tz> {
    let code = canonical(country, region).to_uppercase();
    ZONES
        .iter()
        .find(|(c, r, _)| *c == country && *r == code)
        .and_then(|(_, _, zone)| zone.parse().ok())
}

/// Canadian provinces and territories.
const CA: &[(&str, &str)] = &[
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

fn canonical(country: &str, region: &str) -> String {
    let folded = region.trim().to_lowercase();
    let table = match country {
        "US" => US,
        "CA" => CA,
        _ => return folded,
    };
    table
        .iter()
        // The tables are ASCII: no lower-cased copy of each name is needed.
        .find(|(code, name)| {
            code.eq_ignore_ascii_case(&folded) || name.eq_ignore_ascii_case(&folded)
        })
        .map_or(folded, |(code, _)| code.to_lowercase())
}

/// Whether two spellings name the same region; `None` when they cannot be compared
/// (a code against a name in a country without a table).
pub(crate) fn same_region(country: &str, claimed: &str, observed: &str) -> Option<bool> {
    let (a, b) = (canonical(country, claimed), canonical(country, observed));
    if a == b {
        return Some(true);
    }
    let looks_like_code = |s: &str| s.chars().count() <= 3;
    if looks_like_code(&a) != looks_like_code(&b) {
        return None;
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::same_region;

    #[test]
    fn the_tables_are_ascii_as_canonical_assumes() {
        for (code, name) in super::US.iter().chain(super::CA) {
            assert!(code.is_ascii() && name.is_ascii(), "{name}");
        }
        assert_eq!(same_region("US", "NEW YORK", "new york"), Some(true));
    }

    #[test]
    fn codes_and_names_compare() {
        assert_eq!(same_region("US", "CA", "California"), Some(true));
        assert_eq!(same_region("US", "ca", "Texas"), Some(false));
        assert_eq!(same_region("CA", "Ontario", "ON"), Some(true));
        assert_eq!(same_region("DE", "BE", "Berlin"), None);
        assert_eq!(same_region("DE", "Bavaria", "Berlin"), Some(false));
    }

    #[test]
    fn states_have_zones() {
        use super::region_zone;
        assert_eq!(
            region_zone("US", "Texas").map(|z| z.name()),
            Some("America/Chicago")
        );
        assert_eq!(
            region_zone("US", "wa").map(|z| z.name()),
            Some("America/Los_Angeles")
        );
        assert_eq!(
            region_zone("CA", "Ontario").map(|z| z.name()),
            Some("America/Toronto")
        );
        assert_eq!(region_zone("DE", "Bavaria"), None);
    }
}
