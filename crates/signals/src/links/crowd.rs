//! Who stands behind a key many applications hold: counted once per key when
//! the index is frozen, so an application behind a carrier's address does not
//! count the same hundreds of strangers again (scoring would be quadratic in
//! the crowd).

use super::IndexedApp;

/// Keys held by fewer applications than this are not counted: every view walks them.
pub const CROWD_MIN: usize = 8;

/// Distinct people and employers behind one key (over the holders a lookup walks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crowd {
    /// Distinct identities.
    pub identities: u32,
    /// Distinct tenants.
    pub tenants: u32,
    /// Most tenants any one identity among them applied at: leaving one
    /// person out leaves at least `tenants` minus this many.
    pub most_tenants_of_one: u32,
}

impl Crowd {
    /// Count the holders.
    pub fn of<'a>(holders: impl Iterator<Item = &'a IndexedApp>) -> Crowd {
        let mut pairs: Vec<(u64, &str)> = holders
            .map(|app| (app.identity.0, &*app.tenant_id))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut tenants: Vec<&str> = pairs.iter().map(|(_, t)| *t).collect();
        tenants.sort_unstable();
        tenants.dedup();
        let per_identity = pairs.chunk_by(|a, b| a.0 == b.0);
        let identities = per_identity.clone().count();
        let most = per_identity.map(<[_]>::len).max().unwrap_or(0);
        Crowd {
            identities: identities as u32,
            tenants: tenants.len() as u32,
            most_tenants_of_one: most as u32,
        }
    }

    /// The least number of distinct identities and tenants left once one
    /// identity's applications are set aside.
    pub fn without_one(&self) -> (u32, u32) {
        (
            self.identities.saturating_sub(1),
            self.tenants.saturating_sub(self.most_tenants_of_one),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::Identity;

    fn app(identity: u64, tenant: &str) -> IndexedApp {
        IndexedApp {
            application_id: format!("{tenant}-{identity}").into(),
            tenant_id: tenant.into(),
            identity: Identity(identity),
            submitted: None,
            ips: Box::new([]),
            labels: Box::new([]),
            phashes: Box::new([]),
            resume: None,
            home: None,
            person: None,
            at_home: None,
            employment: None,
        }
    }

    #[test]
    fn a_crowd_counts_people_and_employers_once_each() {
        let apps = [
            app(1, "acme"),
            app(1, "acme"),
            app(1, "globex"),
            app(2, "acme"),
            app(3, "initech"),
        ];
        let crowd = Crowd::of(apps.iter());
        assert_eq!(crowd.identities, 3);
        assert_eq!(crowd.tenants, 3);
        assert_eq!(crowd.most_tenants_of_one, 2);
        // Without person 1 (two employers), at least two identities and one employer remain.
        assert_eq!(crowd.without_one(), (2, 1));
    }
}
