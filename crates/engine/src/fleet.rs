//! An employer's own remote-support tools, learned from its laptops: a tool
//! that runs on most of the laptops one employer's hires report is the
//! employer's (its MSP's ScreenConnect, its help desk's TeamViewer), not a
//! sign about any one hire. Counted over the whole batch, or over everything a
//! live store holds, and applied when a verdict is finished.

use bonafide_model::Evidence;
use bonafide_signals::device::{tools_in_words, OBSERVED, REMOTE_ACCESS, REMOTE_ACCESS_INSTALLED};
use bonafide_signals::Hit;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Fewer laptops than this at one employer teach nothing about its fleet (and
/// a ring would need this many hires at one employer to pass its tool off as
/// the employer's).
const MIN_LAPTOPS: u32 = 20;

/// Per employer: how many applications reported a laptop, and how many of
/// those had each remote-access tool.
#[derive(Debug, Default, Clone)]
pub struct FleetTally {
    laptops: HashMap<Box<str>, u32>,
    tools: HashMap<(Box<str>, Box<str>), u32>,
}

/// The remote-access tool names a signal's evidence lists.
fn names(evidence: &Evidence) -> Vec<&str> {
    evidence
        .get("names")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

impl FleetTally {
    /// Count (or, with `sign` -1, uncount) one application's local signals.
    pub(crate) fn count<'a>(
        &mut self,
        tenant: &str,
        signals: impl Iterator<Item = (&'a str, &'a Evidence)>,
        sign: i32,
    ) {
        let step = |n: &mut u32| {
            *n = if sign < 0 {
                n.saturating_sub(1)
            } else {
                n.saturating_add(1)
            }
        };
        for (id, evidence) in signals {
            if id == OBSERVED.id {
                step(self.laptops.entry(tenant.into()).or_default());
            } else if id == REMOTE_ACCESS.id || id == REMOTE_ACCESS_INSTALLED.id {
                for name in names(evidence) {
                    step(self.tools.entry((tenant.into(), name.into())).or_default());
                }
            }
        }
    }

    /// Whether a tool runs on at least half of an employer's laptops, of enough seen.
    pub fn is_fleet_tool(&self, tenant: &str, tool: &str) -> bool {
        let laptops = self.laptops.get(tenant).copied().unwrap_or(0);
        let with = self
            .tools
            .get(&(Box::from(tenant), Box::from(tool)))
            .copied()
            .unwrap_or(0);
        laptops >= MIN_LAPTOPS && with * 2 >= laptops
    }

    /// The counts of one employer only (what a live verdict needs).
    pub(crate) fn of_tenant(&self, tenant: &str) -> FleetTally {
        FleetTally {
            laptops: self
                .laptops
                .get_key_value(tenant)
                .map(|(k, v)| (k.clone(), *v))
                .into_iter()
                .collect(),
            tools: self
                .tools
                .iter()
                .filter(|((t, _), _)| &**t == tenant)
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
        }
    }
}

/// Leave the employer's fleet tools out of the remote-access signals; a signal
/// left with no tool is dropped.
pub(crate) fn leave_out_fleet_tools(
    signals: &mut Vec<(&'static str, Hit)>,
    tenant: &str,
    fleet: &FleetTally,
) {
    signals.retain_mut(|(id, hit)| {
        if *id != REMOTE_ACCESS.id && *id != REMOTE_ACCESS_INSTALLED.id {
            return true;
        }
        let all = names(&hit.evidence);
        if !all.iter().any(|name| fleet.is_fleet_tool(tenant, name)) {
            return true;
        }
        let seen: Vec<&str> = hit
            .evidence
            .get("seen")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let (kept, kept_seen): (Vec<String>, Vec<String>) = all
            .iter()
            .zip(
                seen.iter()
                    .map(|s| (*s).to_owned())
                    .chain(std::iter::repeat(String::new())),
            )
            .filter(|(name, _)| !fleet.is_fleet_tool(tenant, name))
            .map(|(name, seen)| ((*name).to_owned(), seen))
            .unzip();
        if kept.is_empty() {
            return false;
        }
        hit.value = kept.len() as f64;
        hit.evidence
            .insert("tools".to_owned(), json!(tools_in_words(&kept, &kept_seen)));
        hit.evidence.insert("names".to_owned(), json!(kept));
        hit.evidence.insert("seen".to_owned(), json!(kept_seen));
        // It described the first tool, which may be the one left out.
        hit.evidence.remove("recognised_by");
        true
    });
}
