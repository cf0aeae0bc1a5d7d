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
        .find(|(code, name)| code.eq_ignore_ascii_case(&folded) || name.to_lowercase() == folded)
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
    fn codes_and_names_compare() {
        assert_eq!(same_region("US", "CA", "California"), Some(true));
        assert_eq!(same_region("US", "ca", "Texas"), Some(false));
        assert_eq!(same_region("CA", "Ontario", "ON"), Some(true));
        assert_eq!(same_region("DE", "BE", "Berlin"), None);
        assert_eq!(same_region("DE", "Bavaria", "Berlin"), Some(false));
    }
}
