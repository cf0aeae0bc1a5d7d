//! The scoring pipeline: enrich → link → signals → rules → verdict.
//!
//! Pure: the engine never reads the clock or the disk. Network data, the time
//! zone table and the ruleset are passed in, so a verdict can be replayed.
//!
//! A batch is scored in two passes so that it can be streamed: [`Engine::local`]
//! enriches one application and computes its local signals (in parallel, in any
//! order); [`Batch`] links every application; [`Engine::finish`] adds the link
//! signals, applies the rules and writes the verdict.
#![deny(missing_docs)]

mod fleet;
mod live;

pub use fleet::FleetTally;

pub use live::{
    ClusterMember, ClusterView, Live, Scored, SharedAttribute, StoredEntry, MAX_RESCORED,
};

use bonafide_model::{Application, Evidence, LinkedApplication, SignalReport, Verdict, Versions};
use bonafide_rules::{Catalog, Ruleset, SignalSource, SignalSpec};
use bonafide_signals::{
    index_entry, Compute, Enriched, Hit, IndexedApp, LinkIndex, LinkView, Reference, SignalDef,
    SIGNALS,
};
use std::sync::Arc;

/// The signal catalogue as the rules see it.
pub fn catalog() -> Catalog {
    Catalog {
        signals: SIGNALS
            .iter()
            .map(|s| SignalSpec {
                id: s.id.to_owned(),
                evidence: s.evidence.iter().map(|e| (*e).to_owned()).collect(),
            })
            .collect(),
    }
}

/// Everything a verdict is computed with.
#[derive(Debug)]
pub struct Engine<'a> {
    reference: &'a Reference,
    rules: &'a Ruleset,
    versions: Arc<Versions>,
}

/// One application after the first pass: its local signals and its link keys.
#[derive(Debug, Clone)]
pub struct Local {
    signals: Vec<(&'static str, Hit)>,
    link: IndexedApp,
}

impl Local {
    /// The application id.
    pub fn application_id(&self) -> &str {
        &self.link.application_id
    }
}

/// What the second pass needs of an application once the batch holds its link keys.
///
/// Evidence waits as compact JSON text, its values in the order the signal
/// declares its evidence keys: a batch of a million applications holds every
/// pending one at once, and a map per hit would cost kilobytes.
#[derive(Debug, Clone)]
pub struct Pending {
    signals: Vec<(&'static SignalDef, f64, Box<str>)>,
    position: u32,
}

impl Pending {
    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        std::mem::size_of::<Pending>()
            + self
                .signals
                .iter()
                .map(|(_, _, text)| 32 + text.len())
                .sum::<usize>()
    }
}

/// Every application of a batch, linked, with what its employers' laptops run.
#[derive(Debug, Default)]
pub struct Batch {
    index: LinkIndex,
    fleet: FleetTally,
}

impl Batch {
    /// Index one application; what is left goes to [`Engine::finish`] once the batch is frozen.
    pub fn add(&mut self, local: Local) -> Pending {
        // Copied on this (the caller's) thread: the original was allocated on a worker
        // among short-lived values, and would pin their memory for the whole batch.
        let position = self.index.insert(local.link.clone());
        let tenant = local.link.tenant_id.clone();
        self.fleet.count(
            &tenant,
            local.signals.iter().map(|(id, hit)| (*id, &hit.evidence)),
            1,
        );
        let signals = local
            .signals
            .into_iter()
            .filter_map(|(id, hit)| {
                let def = bonafide_signals::find(id)?;
                Some((def, hit.value, pack(def, &hit.evidence)))
            })
            .collect();
        Pending { signals, position }
    }

    /// Make every added application visible to the others; call before finishing.
    pub fn freeze(&mut self) {
        self.index.freeze();
    }

    /// The link index.
    pub fn index(&self) -> &LinkIndex {
        &self.index
    }
}

/// Most other applications a verdict lists as linked; the evidence counts them all.
const MAX_LINKED: usize = 50;

impl<'a> Engine<'a> {
    /// An engine over loaded data and rules.
    pub fn new(reference: &'a Reference, rules: &'a Ruleset) -> Engine<'a> {
        Engine {
            reference,
            rules,
            versions: Arc::new(Versions {
                ruleset: rules.hash.clone(),
                data: reference.versions(),
            }),
        }
    }

    /// First pass: enrich one application and compute its local signals.
    pub fn local(&self, app: &Application) -> Local {
        let enriched = Enriched::new(app, self.reference);
        let signals = SIGNALS
            .iter()
            .filter_map(|def| match def.compute {
                Compute::Local(f) => f(&enriched).map(|hit| (def.id, hit)),
                Compute::Linked(_) => None,
            })
            .collect();
        Local {
            signals,
            link: index_entry(&enriched),
        }
    }

    /// Second pass: link signals, rules, verdict.
    pub fn finish(&self, pending: Pending, batch: &Batch) -> Verdict {
        let Pending {
            signals: waiting,
            position,
        } = pending;
        let mut signals: Vec<(&'static str, Hit)> = waiting
            .into_iter()
            .map(|(def, value, text)| {
                (
                    def.id,
                    Hit {
                        value,
                        evidence: unpack(def, &text),
                    },
                )
            })
            .collect();
        let view = batch.index.view(position);
        if let Some(view) = &view {
            for def in SIGNALS {
                if let Compute::Linked(f) = def.compute {
                    if let Some(hit) = f(view) {
                        signals.push((def.id, hit));
                    }
                }
            }
        }
        let (application_id, tenant_id) = view
            .as_ref()
            .map(|v| (v.me.application_id.to_string(), v.me.tenant_id.to_string()))
            .unwrap_or_default();
        fleet::leave_out_fleet_tools(&mut signals, &tenant_id, &batch.fleet);
        let mut evaluation = self.rules.evaluate_for(&tenant_id, &Computed(&signals));
        evaluation.errors.extend(unreadable_fields(&signals));
        Verdict {
            application_id,
            tenant_id,
            score: evaluation.score,
            tier: evaluation.tier,
            signals: evaluation
                .fired
                .into_iter()
                .map(|f| SignalReport {
                    id: f.id,
                    points: f.points,
                    explanation: f.explanation,
                    evidence: f.evidence,
                })
                .collect(),
            linked_applications: view.as_ref().map(linked).unwrap_or_default(),
            versions: Arc::clone(&self.versions),
            errors: evaluation.errors,
        }
    }

    /// Score a whole batch in memory, linking its applications to each other.
    pub fn score_batch(&self, apps: &[Application]) -> Vec<Verdict> {
        let mut batch = Batch::default();
        let pending: Vec<Pending> = apps.iter().map(|a| batch.add(self.local(a))).collect();
        batch.freeze();
        pending
            .into_iter()
            .map(|p| self.finish(p, &batch))
            .collect()
    }

    /// The versions every verdict carries.
    pub fn versions(&self) -> &Versions {
        &self.versions
    }
}

/// What could not be read or looked up, as the verdict's errors: the
/// application's unreadable fields and the session addresses a database could
/// not answer for (both travel as signals' evidence, so a stored entry
/// re-scored later still lists them).
fn unreadable_fields(signals: &[(&'static str, Hit)]) -> Vec<bonafide_model::RuleError> {
    let reported = [
        bonafide_signals::input::UNREADABLE.id,
        bonafide_signals::input::LOOKUP_FAILED.id,
    ];
    signals
        .iter()
        .filter(|(id, _)| reported.contains(id))
        .flat_map(|(id, hit)| {
            let items = hit.evidence.get("problems").and_then(|p| p.as_array());
            items
                .into_iter()
                .flatten()
                .map(|item| bonafide_model::RuleError {
                    rule: (*id).to_owned(),
                    reason: item["reason"].as_str().unwrap_or_default().to_owned(),
                    path: item["path"].as_str().map(str::to_owned),
                })
        })
        .collect()
}

struct Computed<'a>(&'a [(&'static str, Hit)]);

impl SignalSource for Computed<'_> {
    fn value(&self, id: &str) -> Option<f64> {
        self.0.iter().find(|(s, _)| *s == id).map(|(_, h)| h.value)
    }

    fn evidence(&self, id: &str) -> Option<&bonafide_model::Evidence> {
        self.0
            .iter()
            .find(|(s, _)| *s == id)
            .map(|(_, h)| &h.evidence)
    }
}

/// Other applications this one is linked to, with every kind of attribute they share.
fn linked(view: &LinkView<'_>) -> Vec<LinkedApplication> {
    let mut links: Vec<&bonafide_signals::Link<'_>> = view.links.iter().collect();
    links.sort_by(|a, b| a.other.application_id.cmp(&b.other.application_id));
    links
        .into_iter()
        .take(MAX_LINKED)
        .map(|link| LinkedApplication {
            application_id: link.other.application_id.to_string(),
            via: link
                .via
                .iter()
                .map(|kind| kind.as_str().to_owned())
                .collect(),
        })
        .collect()
}

/// Evidence values in the order of the signal's declared keys, as JSON text.
fn pack(def: &SignalDef, evidence: &Evidence) -> Box<str> {
    debug_assert!(
        evidence.keys().all(|k| def.evidence.contains(&k.as_str())),
        "{} carries evidence it does not declare: {:?}",
        def.id,
        evidence.keys().collect::<Vec<_>>()
    );
    let values: Vec<&serde_json::Value> = def
        .evidence
        .iter()
        .map(|key| evidence.get(*key).unwrap_or(&serde_json::Value::Null))
        .collect();
    serde_json::to_string(&values)
        .unwrap_or_default()
        .into_boxed_str()
}

/// The inverse of [`pack`].
fn unpack(def: &SignalDef, text: &str) -> Evidence {
    let values: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    def.evidence
        .iter()
        .zip(values)
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| ((*key).to_owned(), value))
        .collect()
}
