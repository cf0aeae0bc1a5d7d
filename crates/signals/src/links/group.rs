//! What a set of links from one application amounts to: how many identities and
//! employers, which applications, over how long. Every link signal's evidence.

use super::{Link, LinkView};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Most application ids evidence lists.
const MAX_LISTED: usize = 10;

/// The facts of an application and the others it is linked to.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFacts {
    /// Distinct identities, the application's own included.
    pub identities: usize,
    /// Distinct tenants, its own included.
    pub tenants: usize,
    /// The first linked applications' ids, comma-separated, then "N more"
    /// when there are more than the list holds: the count stays true.
    pub applications: String,
    /// Days between the earliest and the latest submission.
    pub span_days: Option<i64>,
}

impl GroupFacts {
    /// The facts of `links` seen from `view`.
    pub fn of(view: &LinkView<'_>, links: &[&Link<'_>]) -> GroupFacts {
        let identities: BTreeSet<u64> = links
            .iter()
            .map(|l| l.other.identity.0)
            .chain([view.me.identity.0])
            .collect();
        let tenants: BTreeSet<&str> = links
            .iter()
            .map(|l| &*l.other.tenant_id)
            .chain([&*view.me.tenant_id])
            .collect();
        let mut applications: Vec<String> = links
            .iter()
            .take(MAX_LISTED)
            .map(|l| l.other.application_id.to_string())
            .collect();
        if links.len() > MAX_LISTED {
            applications.push(format!("{} more", links.len() - MAX_LISTED));
        }
        let times: Vec<i64> = links
            .iter()
            .filter_map(|l| l.other.submitted)
            .chain(view.me.submitted)
            .collect();
        let span_days = times
            .iter()
            .min()
            .zip(times.iter().max())
            .map(|(a, b)| (b - a) / 86_400);
        GroupFacts {
            identities: identities.len(),
            tenants: tenants.len(),
            applications: applications.join(", "),
            span_days,
        }
    }

    /// As evidence pairs: `identities`, `applications`, `tenants`.
    pub fn evidence(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("identities", json!(self.identities)),
            ("applications", json!(self.applications)),
            ("tenants", json!(self.tenants)),
        ]
    }
}
