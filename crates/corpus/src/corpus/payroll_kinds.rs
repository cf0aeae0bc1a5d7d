//! Kinds of the corpus that differ in where the laptop and the pay go: the
//! quiet laptop farm, payroll mules, and their honest look-alikes.

use super::{Gen, Money};
use crate::money::{self, Street};
use crate::places::place;
use chrono::Duration;
use serde_json::json;

/// Names facilitators open accounts under (made up).
const FACILITATORS: &[&str] = &["Dana Whitfield", "Apex Talent Partners LLC", "R. Holloway"];

/// An applicant at a US home: clean sessions from there, ordinary money.
pub(super) struct UsApplicant {
    pub(super) claim: (&'static str, &'static str, &'static str, &'static str),
    pub(super) sessions: Vec<serde_json::Value>,
    pub(super) name: String,
    pub(super) money: Money,
}

impl Gen {
    /// Someone living at a random US home with 1 to 3 sessions from it, paid into
    /// their own account and with the laptop shipped home.
    pub(super) fn us_applicant(&mut self, max_sessions: usize) -> UsApplicant {
        let (home, region, zone) = self.us_home();
        let count = self.rng.usize(1..max_sessions + 1);
        let sessions = self.home_sessions(home, zone, count);
        let name = self.name();
        let street = Street::random(&mut self.rng);
        let address = super::home_address("US", region, home.city, &street);
        let money = self.ordinary_money(&name, "US", address, super::start_after(&sessions));
        UsApplicant {
            claim: ("US", region, home.city, zone),
            sessions,
            name,
            money,
        }
    }

    /// Push an applicant of `kind` with its money.
    pub(super) fn push_applicant(
        &mut self,
        kind: &'static str,
        fraud: bool,
        applicant: UsApplicant,
    ) {
        self.money = Some(applicant.money);
        self.push(
            kind,
            fraud,
            applicant.name,
            applicant.claim,
            applicant.sessions,
        );
    }

    /// The laptop and the pay of one member of a farm: shipped to the farm's
    /// address (written one of five ways), paid into one of the farm's accounts.
    pub(super) fn farm_money(
        &mut self,
        name: &str,
        home: serde_json::Value,
        farm: &Street,
        accounts: &[(String, String, &str)],
        member: usize,
        start: chrono::NaiveDate,
    ) -> Money {
        let mut money = self.ordinary_money(name, "US", home, start);
        let farm_place = place("us-nashville");
        money.shipping["address"] = farm.respelled(member, farm_place.city, "TN", "37211");
        // Some requests come the day before the start.
        if member.is_multiple_of(3) {
            money.shipping["requested_at"] =
                json!(format!("{}T18:00:00Z", start - Duration::days(1)));
        }
        let (routing, account, holder) = &accounts[member % accounts.len()];
        money.payroll["routing_number"] = json!(routing);
        money.payroll["account_number"] = json!(account);
        if !holder.is_empty() {
            money.payroll["account_holder"] = json!(holder);
        }
        money
    }

    /// The farm's two accounts: one in the member's own name, one in a facilitator's.
    pub(super) fn farm_accounts(&mut self) -> Vec<(String, String, &'static str)> {
        let facilitator = FACILITATORS[self.rng.usize(..FACILITATORS.len())];
        vec![
            (
                money::routing_number(&mut self.rng),
                money::account_number(&mut self.rng),
                "",
            ),
            (
                money::routing_number(&mut self.rng),
                money::account_number(&mut self.rng),
                facilitator,
            ),
        ]
    }

    /// A dozen hires who look clean from where they log in (US homes, the right
    /// zone) but whose laptops all go to one house and whose pay goes to two accounts.
    pub(super) fn ring_quiet_farm(&mut self) {
        self.begin_ring();
        let unit = self.rng.u32(1..30);
        let farm = Street::random(&mut self.rng).with_unit(unit);
        let accounts = self.farm_accounts();
        for member in 0..12 {
            let mut applicant = self.us_applicant(3);
            let start = super::start_after(&applicant.sessions);
            let home = applicant.money.home.clone();
            applicant.money =
                self.farm_money(&applicant.name, home, &farm, &accounts, member, start);
            self.push_applicant("ring_quiet_farm", true, applicant);
        }
        self.end_ring();
    }

    /// Mules: clean-looking hires whose pay goes to one account a facilitator holds.
    pub(super) fn ring_payroll(&mut self) {
        self.begin_ring();
        let routing = money::routing_number(&mut self.rng);
        let account = money::account_number(&mut self.rng);
        let holder = FACILITATORS[self.rng.usize(..FACILITATORS.len())];
        for _ in 0..self.rng.usize(3..6) {
            let mut applicant = self.us_applicant(3);
            applicant.money.payroll["routing_number"] = json!(routing);
            applicant.money.payroll["account_number"] = json!(account);
            applicant.money.payroll["account_holder"] = json!(holder);
            self.push_applicant("ring_payroll", true, applicant);
        }
        self.end_ring();
    }

    /// The laptop goes to a parent's house in another city, addressed to the parent.
    pub(super) fn honest_ships_elsewhere(&mut self) {
        let mut applicant = self.us_applicant(3);
        let (parents, parents_region, _) = self.us_home();
        let street = Street::random(&mut self.rng);
        applicant.money.shipping["address"] =
            super::home_address("US", parents_region, parents.city, &street);
        applicant.money.shipping["recipient"] = json!(self.name());
        self.push_applicant("honest_ships_elsewhere", false, applicant);
    }

    /// A contractor in Europe paid through Wise, sometimes into a bank of a neighbouring country.
    pub(super) fn honest_expat_payee(&mut self) {
        let (key, other) = [("fr-paris", "DE"), ("de-berlin", "FR")][self.rng.usize(..2)];
        let abroad = place(key);
        let count = self.rng.usize(1..4);
        let sessions = self.home_sessions(abroad, abroad.tz, count);
        let name = self.name();
        let address = {
            let street = Street::random(&mut self.rng);
            super::home_address(abroad.country, abroad.region, abroad.city, &street)
        };
        let mut money = self.ordinary_money(
            &name,
            abroad.country,
            address,
            super::start_after(&sessions),
        );
        money.payroll["method"] = json!("wise");
        if self.rng.bool() {
            money.payroll["bank_country"] = json!(other);
            money.payroll["iban"] = json!(money::iban(&mut self.rng, other));
        }
        self.money = Some(money);
        let mut papers = self.papers(&name);
        // A local number: the contractor lives there.
        let prefix = if abroad.country == "FR" {
            "+336"
        } else {
            "+49151"
        };
        papers.phones = vec![format!("{prefix}{:08}", 10_000_000 + self.next_id)];
        self.push_with(
            "honest_expat_payee",
            false,
            name,
            (abroad.country, abroad.region, abroad.city, abroad.tz),
            sessions,
            papers,
        );
    }

    /// Someone between homes who has mail and parcels go to a virtual mailbox.
    pub(super) fn honest_nomad(&mut self) {
        let mut applicant = self.us_applicant(3);
        let boxes = [
            json!({ "line1": "500 Congress Avenue", "line2": format!("PMB {}", 1000 + self.next_id),
                    "city": "Austin", "region": "TX", "postal_code": "78701", "country": "US" }),
            json!({ "line1": "30 North Gould Street", "line2": format!("Unit {}", 1000 + self.next_id),
                    "city": "Sheridan", "region": "WY", "postal_code": "82801", "country": "US" }),
        ];
        applicant.money.shipping["address"] = boxes[self.rng.usize(..2)].clone();
        self.push_applicant("honest_nomad", false, applicant);
    }

    /// Three strangers in one apartment building, each shipping to their own flat.
    pub(super) fn honest_neighbours(&mut self) {
        let (home, region, zone) = self.us_home();
        let mut building = Street::random(&mut self.rng).with_unit(1);
        for _ in 0..3 {
            building = building.other_unit(&mut self.rng);
            let count = self.rng.usize(1..3);
            let sessions = self.home_sessions(home, zone, count);
            let name = self.name();
            let address = super::home_address("US", region, home.city, &building);
            self.money =
                Some(self.ordinary_money(&name, "US", address, super::start_after(&sessions)));
            self.push(
                "honest_neighbours",
                false,
                name,
                ("US", region, home.city, zone),
                sessions,
            );
        }
    }
}
