//! A résumé's work history reduced to what paraphrase leaves alone: the
//! employers' names and the years on the lines that hold years. Two résumés
//! reworded, reordered and reformatted from one career ("Web Developer —
//! Ironbridge Software (2019–2021)" and "Frontend Developer at Ironbridge
//! Software, 2019 to 2021") give the same history; two people's careers almost
//! never do.

/// Words of job titles, dates and headings: they change with the wording, the
/// employers do not. Sorted (a test keeps it so), to be read.
const NOT_EMPLOYER: &[&str] = &[
    "analyst",
    "and",
    "android",
    "apr",
    "april",
    "architect",
    "assistant",
    "associate",
    "aug",
    "august",
    "back",
    "backend",
    "chief",
    "cloud",
    "company",
    "consultant",
    "contract",
    "contractor",
    "corp",
    "corporation",
    "current",
    "data",
    "dec",
    "december",
    "developer",
    "development",
    "devops",
    "director",
    "embedded",
    "employment",
    "end",
    "engineer",
    "engineering",
    "experience",
    "feb",
    "february",
    "freelance",
    "freelancer",
    "front",
    "frontend",
    "full",
    "fullstack",
    "gmbh",
    "golang",
    "group",
    "head",
    "history",
    "inc",
    "infrastructure",
    "intern",
    "internship",
    "ios",
    "jan",
    "january",
    "java",
    "javascript",
    "jul",
    "july",
    "jun",
    "june",
    "junior",
    "lead",
    "learning",
    "llc",
    "ltd",
    "machine",
    "manager",
    "mar",
    "march",
    "may",
    "member",
    "mobile",
    "node",
    "nov",
    "november",
    "now",
    "oct",
    "october",
    "platform",
    "present",
    "principal",
    "product",
    "professional",
    "programmer",
    "python",
    "qa",
    "quality",
    "react",
    "reliability",
    "remote",
    "rust",
    "scientist",
    "security",
    "senior",
    "sep",
    "sept",
    "september",
    "site",
    "software",
    "specialist",
    "stack",
    "staff",
    "system",
    "systems",
    "team",
    "tech",
    "technical",
    "test",
    "the",
    "today",
    "typescript",
    "web",
    "work",
];

/// Whether a folded word is a title, month or heading word: one hash probe
/// (a binary search over the list was a tenth of reading a résumé).
fn is_not_employer(word: &str) -> bool {
    static WORDS: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| NOT_EMPLOYER.iter().copied().collect());
    WORDS.contains(word)
}

/// Bytes in the longest word of [`NOT_EMPLOYER`] (a test keeps it so): a
/// longer word is never on it.
const LONGEST_NOT_EMPLOYER: usize = 14;

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
    history_of(&dated_lines(text).collect::<Vec<_>>())
}

/// [`work_history`] and [`career`] of one résumé, reading it once.
pub fn work_history_and_career(text: &str) -> (Option<String>, Option<Career>) {
    let lines: Vec<DatedLine> = dated_lines(text).collect();
    (history_of(&lines), career_of(&lines))
}

fn history_of(lines: &[DatedLine]) -> Option<String> {
    let mut years: Vec<u16> = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    let mut entries: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let mut entry = line.employer.join(" ");
        for year in &line.years {
            if !entry.is_empty() {
                entry.push(' ');
            }
            entry.push_str(&year.to_string());
        }
        entries.push(entry);
        years.extend(&line.years);
        words.extend(line.employer.iter().map(String::as_str));
    }
    years.sort_unstable();
    years.dedup();
    words.sort_unstable();
    words.dedup();
    if years.len() < MIN_YEARS || words.len() < MIN_EMPLOYER_WORDS {
        return None;
    }
    entries.sort_unstable();
    entries.dedup();
    Some(entries.join(" | "))
}

/// A career as its employers, each with the year the résumé says it began
/// (employers in alphabetical order); degrees are not jobs. Rings that paraphrase one
/// résumé also nudge a date here and there, which changes the
/// [`work_history`] key but not the sequence: two careers are one when they
/// share the sequence and every start year is within [`CAREER_YEARS_APART`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Career {
    /// The employers' words, one entry per employer, alphabetically.
    pub employers: String,
    /// The year each employer began, in the same order as `employers`.
    pub starts: Vec<u16>,
}

/// Fewest employers for a career to be told apart from others: two people
/// with the same three employers in the same order and years are rare, with
/// two they are not.
const MIN_CAREER_EMPLOYERS: usize = 3;
/// Most employers kept (the most recent are the start of the list on most
/// résumés, but the sequence is read oldest first; long careers keep their
/// first ones).
pub const MAX_CAREER_EMPLOYERS: usize = 6;
/// How far apart two résumés' start years for one employer may be.
pub const CAREER_YEARS_APART: u16 = 1;

/// Words that mark a line as education, not a job.
const EDUCATION: &[&str] = &[
    "university",
    "college",
    "institute",
    "school",
    "academy",
    "polytechnic",
    "bachelor",
    "master",
    "degree",
    "education",
    "diploma",
];

/// The résumé's career, `None` with fewer than three employers.
pub fn career(text: &str) -> Option<Career> {
    career_of(&dated_lines(text).collect::<Vec<_>>())
}

fn career_of(lines: &[DatedLine]) -> Option<Career> {
    let mut starts: std::collections::BTreeMap<String, u16> = std::collections::BTreeMap::new();
    for line in lines.iter().filter(|l| !l.education) {
        let employer = line.employer.join(" ");
        let Some(first) = line.years.first().copied() else {
            continue;
        };
        let start = starts.entry(employer).or_insert(first);
        *start = (*start).min(first);
    }
    if starts.len() < MIN_CAREER_EMPLOYERS {
        return None;
    }
    // Keyed on the employers alphabetically, not in the order worked: a
    // nudged year that ties or swaps two starts must not change the key; the
    // years, compared employer by employer, carry the order.
    let kept: Vec<(String, u16)> = starts.into_iter().take(MAX_CAREER_EMPLOYERS).collect();
    Some(Career {
        employers: kept
            .iter()
            .map(|(e, _)| e.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        starts: kept.into_iter().map(|(_, y)| y).collect(),
    })
}

/// Whether two careers' start years agree, employer by employer (their
/// sequences already matched).
pub fn starts_agree(a: &[u16], b: &[u16]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.abs_diff(*y) <= CAREER_YEARS_APART)
}

/// A line of a résumé with years in it and employer words.
struct DatedLine {
    /// Employer words folded to lower case, sorted, each once.
    employer: Vec<String>,
    /// Years, ascending, each once.
    years: Vec<u16>,
    education: bool,
}

/// The lines with years and at least one employer word (a capitalised word of
/// three letters or more that is not a title, a month or a heading).
fn dated_lines(text: &str) -> impl Iterator<Item = DatedLine> + '_ {
    text.lines().take(MAX_LINES).filter_map(|line| {
        let mut years: Vec<u16> = years_in(line).collect();
        if years.is_empty() {
            return None;
        }
        years.sort_unstable();
        years.dedup();
        let mut employer: Vec<String> = Vec::new();
        let mut education = false;
        for word in line.split(|c: char| !c.is_alphanumeric()) {
            if word.len() < 3 {
                continue; // shorter than any word of either list, or than an employer word
            }
            education |= EDUCATION.iter().any(|e| word.eq_ignore_ascii_case(e));
            let starts_upper = word.chars().next().is_some_and(char::is_uppercase);
            if !starts_upper || word.chars().count() < 3 {
                continue;
            }
            if word.is_ascii() {
                // Folded on the stack: most capitalised words on these lines
                // are titles and months, looked up and dropped.
                let mut buf = [0u8; LONGEST_NOT_EMPLOYER];
                let folded = buf.get_mut(..word.len()).map(|b| {
                    b.copy_from_slice(word.as_bytes());
                    b.make_ascii_lowercase();
                    &*b
                });
                let listed = folded
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .is_some_and(is_not_employer);
                if !listed {
                    employer.push(word.to_ascii_lowercase());
                }
                continue;
            }
            let folded = word.to_lowercase();
            if !is_not_employer(&folded) {
                employer.push(folded);
            }
        }
        employer.sort_unstable();
        employer.dedup();
        (!employer.is_empty()).then_some(DatedLine {
            employer,
            years,
            education,
        })
    })
}

/// Four-digit years from 1960 to 2039 standing alone in a line.
fn years_in(line: &str) -> impl Iterator<Item = u16> + '_ {
    // Bytes, not characters: no byte of a multi-byte character is an ASCII digit.
    line.as_bytes()
        .split(|b| !b.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .map(|d| d.iter().fold(0u16, |y, b| y * 10 + u16::from(b - b'0')))
        .filter(|y| (1960..2040).contains(y))
}

#[cfg(test)]
mod tests {
    use super::{career, starts_agree, work_history};

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
    fn the_word_list_is_sorted_for_its_binary_search() {
        assert!(super::NOT_EMPLOYER.windows(2).all(|w| w[0] < w[1]));
        let longest = super::NOT_EMPLOYER.iter().map(|w| w.len()).max();
        assert_eq!(longest, Some(super::LONGEST_NOT_EMPLOYER));
    }

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

    #[test]
    fn a_career_with_nudged_dates_is_one_career() {
        let nudged = ONE.replace("2021–2024", "2022–2024");
        let a = career(ONE).expect("three employers");
        let b = career(&nudged).expect("three employers");
        assert_eq!(a.employers, "analytics redwood | atlassian | ironbridge");
        assert_eq!(a.starts, vec![2021, 2019, 2025]);
        assert_eq!(career(REWORDED), Some(a.clone()));
        assert_eq!(b.employers, a.employers);
        assert!(starts_agree(&a.starts, &b.starts));
        assert_ne!(work_history(ONE), work_history(&nudged));
    }

    #[test]
    fn the_same_employers_years_apart_or_a_degree_are_not_one_career() {
        let later = "Engineer — Atlassian (2012–2014)\nEngineer — Redwood Analytics (2014–2016)\n\
            Engineer — Ironbridge Software (2016–2019)\n";
        let a = career(ONE).expect("career");
        let b = career(later).expect("career");
        assert_eq!(a.employers, b.employers);
        assert!(!starts_agree(&a.starts, &b.starts));
        let with_degree = "Engineer — Capgemini (2021–2025)\nEngineer — Infosys (2025–Present)\n\
            EDUCATION: B.S. Computer Science, Arizona State University, 2021\n";
        assert_eq!(career(with_degree), None);
    }
}
