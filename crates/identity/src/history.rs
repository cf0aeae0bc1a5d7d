//! A résumé's work history reduced to what paraphrase leaves alone: the
//! employers' names and the years on the lines that hold years. Two résumés
//! reworded, reordered and reformatted from one career ("Web Developer —
//! Ironbridge Software (2019–2021)" and "Frontend Developer at Ironbridge
//! Software, 2019 to 2021") give the same history; two people's careers almost
//! never do.

use std::collections::BTreeSet;

/// Words of job titles, dates and headings: they change with the wording, the
/// employers do not.
const NOT_EMPLOYER: &[&str] = &[
    "senior",
    "junior",
    "lead",
    "staff",
    "principal",
    "chief",
    "head",
    "director",
    "manager",
    "engineer",
    "engineering",
    "developer",
    "development",
    "programmer",
    "architect",
    "analyst",
    "scientist",
    "consultant",
    "specialist",
    "intern",
    "internship",
    "associate",
    "assistant",
    "web",
    "frontend",
    "front",
    "backend",
    "back",
    "end",
    "full",
    "fullstack",
    "stack",
    "software",
    "data",
    "machine",
    "learning",
    "cloud",
    "devops",
    "site",
    "reliability",
    "platform",
    "infrastructure",
    "security",
    "mobile",
    "ios",
    "android",
    "embedded",
    "systems",
    "system",
    "react",
    "python",
    "java",
    "rust",
    "golang",
    "node",
    "javascript",
    "typescript",
    "qa",
    "test",
    "quality",
    "product",
    "technical",
    "tech",
    "team",
    "member",
    "contract",
    "contractor",
    "freelance",
    "freelancer",
    "remote",
    "present",
    "now",
    "current",
    "today",
    "experience",
    "professional",
    "employment",
    "history",
    "work",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "the",
    "and",
    "inc",
    "llc",
    "ltd",
    "gmbh",
    "corp",
    "corporation",
    "company",
    "group",
];

/// Fewest years and employer words for a history to be told apart from others.
const MIN_YEARS: usize = 3;
const MIN_EMPLOYER_WORDS: usize = 2;
/// Lines of a résumé read.
const MAX_LINES: usize = 200;

/// The history key of a résumé: each dated line's employer words with its
/// years (so Google 2015–18 then Amazon 2018–21 is not Amazon then Google),
/// the lines sorted; `None` when too little of it is there to tell one career
/// from another.
pub fn work_history(text: &str) -> Option<String> {
    let mut years: BTreeSet<u16> = BTreeSet::new();
    let mut words: BTreeSet<String> = BTreeSet::new();
    let mut entries: BTreeSet<String> = BTreeSet::new();
    for line in text.lines().take(MAX_LINES) {
        let line_years: BTreeSet<u16> = years_in(line).into_iter().collect();
        if line_years.is_empty() {
            continue;
        }
        let mut line_words: BTreeSet<String> = BTreeSet::new();
        for word in line.split(|c: char| !c.is_alphanumeric()) {
            let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
            if !starts_upper || word.chars().count() < 3 {
                continue;
            }
            let folded = word.to_lowercase();
            if !NOT_EMPLOYER.contains(&folded.as_str()) {
                line_words.insert(folded);
            }
        }
        if line_words.is_empty() {
            continue;
        }
        let mut entry: Vec<String> = line_words.iter().cloned().collect();
        entry.extend(line_years.iter().map(u16::to_string));
        entries.insert(entry.join(" "));
        years.extend(line_years);
        words.extend(line_words);
    }
    if years.len() < MIN_YEARS || words.len() < MIN_EMPLOYER_WORDS {
        return None;
    }
    Some(entries.into_iter().collect::<Vec<_>>().join(" | "))
}

/// Four-digit years from 1960 to 2039 standing alone in a line.
fn years_in(line: &str) -> Vec<u16> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<u16>().ok())
        .filter(|y| (1960..2040).contains(y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::work_history;

    const ONE: &str = "Anna Bianchi\n\nEXPERIENCE\n\
        Web Developer — Ironbridge Software (2025–Present)\n- Added end-to-end tests\n\
        UI Engineer — Redwood Analytics (2021–2024)\n- Built a component library\n\
        Frontend Developer — Atlassian (2019–2021)\n- Rebuilt the dashboard in React\n";

    const REWORDED: &str = "Anna B.\nProfessional Experience\n\
        Frontend Developer at Atlassian, 2019 to 2021\n- Rebuilt the customer dashboard\n\
        React Engineer at Redwood Analytics, 2021 to 2024\n- Created shared UI components\n\
        Senior Web Developer at Ironbridge Software, 2025 to now\n- Cut regressions by half\n";

    const OTHER: &str = "Work history\n\
        Data Engineer — Northwind Traders (2018–2022)\n\
        Analyst — Contoso (2015–2018)\n";

    #[test]
    fn one_career_reworded_has_one_history() {
        let a = work_history(ONE).expect("history");
        assert_eq!(work_history(REWORDED).as_deref(), Some(a.as_str()));
        assert_eq!(
            a,
            "analytics redwood 2021 2024 | atlassian 2019 2021 | ironbridge 2025"
        );
    }

    #[test]
    fn the_same_employers_in_other_years_are_another_career() {
        let a = "Engineer — Google (2015–2018)\nEngineer — Amazon (2018–2021)\n";
        let b = "Engineer — Amazon (2015–2018)\nEngineer — Google (2018–2021)\n";
        assert!(work_history(a).is_some());
        assert_ne!(work_history(a), work_history(b));
    }

    #[test]
    fn another_career_or_too_little_is_not_the_same() {
        assert_ne!(work_history(OTHER), work_history(ONE));
        assert_eq!(work_history("Rust engineer since 2019. Loves Go."), None);
    }
}
