//! Kinds of the corpus that the sanctions screen decides, against the fixture
//! list (`fixtures/sanctions/`): listed persons applying under other spellings
//! of their names, pay routed to a listed company, and the honest look-alike: a
//! namesake of a listed person born on another day.

use super::Gen;

/// Listed persons of the fixture list, in spellings people use, with the date
/// of birth the list gives.
const LISTED: &[(&str, &str)] = &[
    ("Seong Geum-hyeok", "1987-08-30"),
    ("Kum Hyok Song", "1987-08-30"),
    ("Gim Eung-sun", "1964-06-23"),
    ("Vitaly Sergeevich Andreev", "1980-09-29"),
    ("Andreev Vitalii", "1980-09-29"),
];

/// Listed companies of the fixture list, as a payroll account holder writes them.
const LISTED_PAYEES: &[&str] = &[
    "Yanbian Silverstar Network Technology Co",
    "Shenyang Geumpungri Network Technology",
    "Jinyong IT Cooperation Company",
];

impl Gen {
    /// A listed person applying under their own name, respelt, with their date
    /// of birth; or a clean applicant whose pay goes to a listed company.
    pub(super) fn sanctioned(&mut self) {
        let mut applicant = self.us_applicant(3);
        if self.rng.bool() {
            let (name, born) = LISTED[self.rng.usize(..LISTED.len())];
            applicant.name = name.to_owned();
            applicant.money.payroll["account_holder"] = serde_json::json!(name);
            applicant.money.shipping["recipient"] = serde_json::json!(name);
            let mut papers = self.papers(name);
            papers.date_of_birth = born.to_owned();
            self.money = Some(applicant.money);
            self.push_with(
                "sanctioned",
                true,
                applicant.name,
                applicant.claim,
                applicant.sessions,
                papers,
            );
        } else {
            let payee = LISTED_PAYEES[self.rng.usize(..LISTED_PAYEES.len())];
            applicant.money.payroll["account_holder"] = serde_json::json!(payee);
            self.push_applicant("sanctioned", true, applicant);
        }
    }

    /// Someone with exactly the name of a listed person, born on another day:
    /// the list's date of birth rules the match out.
    pub(super) fn honest_namesake(&mut self) {
        let mut applicant = self.us_applicant(3);
        let name = ["Song Kum Hyok", "Kim Ung Sun", "Vitaliy Andreyev"][self.rng.usize(..3)];
        applicant.money.payroll["account_holder"] = serde_json::json!(name);
        applicant.money.shipping["recipient"] = serde_json::json!(name);
        let mut papers = self.papers(name);
        papers.date_of_birth = format!(
            "19{:02}-{:02}-{:02}",
            self.rng.u32(60..99),
            self.rng.u32(1..13),
            self.rng.u32(1..29)
        );
        self.money = Some(applicant.money);
        self.push_with(
            "honest_namesake",
            false,
            name.to_owned(),
            applicant.claim,
            applicant.sessions,
            papers,
        );
    }
}
