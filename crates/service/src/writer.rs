//! The scoring writer: one thread owns the live link index, scores what the
//! handlers hand it, and commits each group of submissions (with re-scored
//! earlier verdicts and webhook messages) in one transaction before any of them
//! is acknowledged. One fsync per group, not per application: that is what
//! makes thousands of durable submissions a second possible on SQLite.

use crate::redact::redact_foreign;
use crate::Subscriber;
use bonafide_engine::{Engine, Live, Scored, StoredEntry};
use bonafide_model::Application;
use bonafide_model::Verdict;
use bonafide_rules::Ruleset;
use bonafide_signals::Reference;
use bonafide_store::{NewApplication, NewMessage, PutOutcome, Rescored, Store, WriteBatch};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use tokio::sync::oneshot;

/// Most applications committed in one transaction.
const GROUP: usize = 512;
/// Submissions waiting for the writer before new ones are refused (503).
const QUEUE: usize = 4_096;

/// What the writer counts, for whoever reports it (the server's `/metrics`).
pub trait WriterMetrics: Send + Sync {
    /// Applications now in the live link index.
    fn indexed(&self, applications: usize);
    /// An earlier verdict changed because a later application linked to it.
    fn rescored(&self);
    /// Session addresses a configured database could not answer for.
    fn lookup_failures(&self, count: u64);
}

/// Counts nobody reads (`score --store`).
#[derive(Debug, Default)]
pub struct Uncounted;

impl WriterMetrics for Uncounted {
    fn indexed(&self, _: usize) {}
    fn rescored(&self) {}
    fn lookup_failures(&self, _: u64) {}
}

/// One application to score and keep.
#[derive(Debug)]
pub struct Submission {
    /// Parsed and validated.
    pub app: Application,
    /// The body as received (reduced before it is written).
    pub body: Value,
    /// When it arrived.
    pub at: DateTime<Utc>,
    /// The source that sent it, kept with the version (`api`, `greenhouse`, …).
    pub origin: String,
}

/// What happened to one submission.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// Created, unchanged or a new version.
    pub outcome: PutOutcome,
    /// Its verdict, as kept.
    pub verdict: Verdict,
}

/// A submission with what can be computed outside the writer: its local
/// signals and link keys, and its reduced body.
struct Prepared {
    tenant: String,
    application_id: String,
    entry: StoredEntry,
    entry_bytes: Vec<u8>,
    reduced: Value,
    body_sha: String,
    at: DateTime<Utc>,
    origin: String,
}

type Reply = oneshot::Sender<Result<Vec<Accepted>, String>>;

struct Job {
    items: Vec<Prepared>,
    reply: Reply,
}

/// A look at the live index (a cluster, a search), run on the scoring thread
/// between groups: the index has one owner and no lock.
type Inspect = Box<dyn FnOnce(&Live) + Send>;

/// What the scoring thread is asked to do.
enum Work {
    Submit(Job),
    Inspect(Inspect),
    Delete(Deletion),
}

/// Applications to remove (a candidate deleted at the source), and who waits.
struct Deletion {
    tenant: String,
    ids: Vec<String>,
    reply: oneshot::Sender<Result<usize, String>>,
}

/// A scored group on its way to the store.
struct ToCommit {
    batch: WriteBatch,
    verdicts: Vec<Verdict>,
    /// Each job's reply and how many applications it sent.
    replies: Vec<(usize, Reply)>,
}

/// Commit groups in order; acknowledge each job once its group is committed.
fn commit_loop(
    store: &dyn Store,
    to_commit: &Receiver<ToCommit>,
    correct: &std::sync::mpsc::Sender<(Id, u32)>,
    broken: &std::sync::atomic::AtomicBool,
) {
    while let Ok(ToCommit {
        batch,
        verdicts,
        replies,
    }) = to_commit.recv()
    {
        match store.commit(&batch) {
            Ok(outcomes) => {
                for (app, outcome) in batch.applications.iter().zip(&outcomes) {
                    let _ = correct.send((
                        (app.tenant.clone(), app.application_id.clone()),
                        outcome.version(),
                    ));
                }
                let mut accepted: Vec<Accepted> = outcomes
                    .into_iter()
                    .zip(verdicts)
                    .map(|(outcome, verdict)| Accepted { outcome, verdict })
                    .collect();
                for (count, reply) in replies {
                    let rest = accepted.split_off(count.min(accepted.len()));
                    let _ = reply.send(Ok(accepted));
                    accepted = rest;
                }
            }
            Err(e) => {
                broken.store(true, std::sync::atomic::Ordering::SeqCst);
                let message = e.to_string();
                for (_, reply) in replies {
                    let _ = reply.send(Err(message.clone()));
                }
            }
        }
    }
}

/// Why a submission was not taken.
#[derive(Debug)]
pub enum WriteError {
    /// The writer's queue is full: try again.
    Busy,
    /// The store failed; nothing of the group was kept.
    Store(String),
}

/// The handle the HTTP handlers hold.
#[derive(Clone)]
pub struct Writer {
    jobs: SyncSender<Work>,
    loaded: Arc<std::sync::atomic::AtomicU64>,
    /// Cleared when the scoring or the commit thread ends.
    alive: Arc<std::sync::atomic::AtomicBool>,
    reference: Arc<Reference>,
    rules: Arc<Ruleset>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

/// Everything the writer thread needs.
pub struct WriterParts {
    /// The store.
    pub store: Arc<dyn Store>,
    /// Reference data.
    pub reference: Arc<Reference>,
    /// Rules.
    pub rules: Arc<Ruleset>,
    /// Webhook subscribers.
    pub subscribers: Arc<Vec<Subscriber>>,
    /// Where re-scores are counted.
    pub metrics: Arc<dyn WriterMetrics>,
}

impl Writer {
    /// Load every stored link entry, then start the thread.
    pub fn start(parts: WriterParts) -> anyhow::Result<Writer> {
        let (jobs, receiver) = sync_channel::<Work>(QUEUE);
        let loaded = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let (correct, corrections) = std::sync::mpsc::channel();
        let broken = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut state = State {
            live: Live::default(),
            versions: HashMap::new(),
            verdict_hashes: HashMap::new(),
            shas: HashMap::new(),
            corrections,
            broken: Arc::clone(&broken),
            seq: 0,
            refused: 0,
            stale: BTreeSet::new(),
            parts,
        };
        state.catch_up()?;
        loaded.store(
            state.live.len() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        let counter = Arc::clone(&loaded);
        let (reference, rules) = (
            Arc::clone(&state.parts.reference),
            Arc::clone(&state.parts.rules),
        );
        // Scoring the next group overlaps the commit (and its fsync) of the last.
        let (commits, to_commit) = sync_channel::<ToCommit>(0);
        let store = Arc::clone(&state.parts.store);
        let alive = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let (scoring_alive, commit_alive) = (Ended(Arc::clone(&alive)), Ended(Arc::clone(&alive)));
        std::thread::Builder::new()
            .name("bonafide-commit".into())
            .spawn(move || {
                let _ended = commit_alive;
                commit_loop(store.as_ref(), &to_commit, &correct, &broken);
            })?;
        std::thread::Builder::new()
            .name("bonafide-writer".into())
            .spawn(move || {
                let _ended = scoring_alive;
                state.run(&receiver, &commits, &counter);
            })?;
        Ok(Writer {
            jobs,
            loaded,
            alive,
            reference,
            rules,
        })
    }

    /// Enrich, compute local signals and reduce, on the caller's thread: only
    /// linking, scoring and the commit are left to the writer.
    fn prepare(&self, items: Vec<Submission>) -> Vec<Prepared> {
        let engine = Engine::new(&self.reference, &self.rules);
        items
            .into_iter()
            .map(|item| {
                let entry = engine.local(&item.app).to_stored();
                let reduced = bonafide_store::reduce(&item.body, &self.reference.keyer);
                Prepared {
                    body_sha: bonafide_store::body_sha256(&reduced),
                    tenant: item
                        .app
                        .tenant_id
                        .clone()
                        .unwrap_or_else(|| "default".into()),
                    application_id: item.app.application_id.clone(),
                    entry_bytes: entry.to_bytes(),
                    entry,
                    reduced,
                    at: item.at,
                    origin: item.origin,
                }
            })
            .collect()
    }

    /// Score and keep a group of submissions; returns once they are committed.
    pub async fn submit(&self, items: Vec<Submission>) -> Result<Vec<Accepted>, WriteError> {
        let items = if items.len() > 16 {
            let writer = self.clone();
            tokio::task::spawn_blocking(move || writer.prepare(items))
                .await
                .map_err(|e| WriteError::Store(e.to_string()))?
        } else {
            self.prepare(items)
        };
        let (reply, answer) = oneshot::channel();
        match self.jobs.try_send(Work::Submit(Job { items, reply })) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(WriteError::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(WriteError::Store("the writer has stopped".into()))
            }
        }
        match answer.await {
            Ok(Ok(accepted)) => Ok(accepted),
            Ok(Err(e)) => Err(WriteError::Store(e)),
            Err(_) => Err(WriteError::Store("the writer has stopped".into())),
        }
    }

    /// [`Writer::submit`] for a caller outside a runtime (the CLI), waiting
    /// for room in the queue instead of refusing.
    pub fn submit_blocking(&self, items: Vec<Submission>) -> Result<Vec<Accepted>, WriteError> {
        let items = self.prepare(items);
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Work::Submit(Job { items, reply }))
            .map_err(|_| WriteError::Store("the writer has stopped".into()))?;
        match answer.blocking_recv() {
            Ok(Ok(accepted)) => Ok(accepted),
            Ok(Err(e)) => Err(WriteError::Store(e)),
            Err(_) => Err(WriteError::Store("the writer has stopped".into())),
        }
    }

    /// Run `look` over the live index on the scoring thread and return what it
    /// gives; `Busy` when the writer's queue is full.
    pub async fn inspect<T: Send + 'static>(
        &self,
        look: impl FnOnce(&Live) -> T + Send + 'static,
    ) -> Result<T, WriteError> {
        let (reply, answer) = oneshot::channel();
        let work = Work::Inspect(Box::new(move |live: &Live| {
            let _ = reply.send(look(live));
        }));
        match self.jobs.try_send(work) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(WriteError::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(WriteError::Store("the writer has stopped".into()))
            }
        }
        answer
            .await
            .map_err(|_| WriteError::Store("the look at the link index failed".into()))
    }

    /// Remove applications from the store and the link index, and score again
    /// the applications they were linked to; returns how many there were.
    pub async fn delete(&self, tenant: &str, ids: Vec<String>) -> Result<usize, WriteError> {
        let (reply, answer) = oneshot::channel();
        let work = Work::Delete(Deletion {
            tenant: tenant.to_owned(),
            ids,
            reply,
        });
        match self.jobs.try_send(work) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => return Err(WriteError::Busy),
            Err(TrySendError::Disconnected(_)) => {
                return Err(WriteError::Store("the writer has stopped".into()))
            }
        }
        match answer.await {
            Ok(result) => result.map_err(WriteError::Store),
            Err(_) => Err(WriteError::Store("the writer has stopped".into())),
        }
    }

    /// The link keys and local signals of an application, as the writer would
    /// index it (for a search: who else holds what a person typed in).
    pub fn entry_of(&self, app: &Application) -> StoredEntry {
        Engine::new(&self.reference, &self.rules)
            .local(app)
            .to_stored()
    }

    /// The link key's keyer (to open the seals of a kept body for a merge).
    pub fn keyer(&self) -> &bonafide_identity::Keyer {
        &self.reference.keyer
    }

    /// Each reference data source and its date, as verdicts carry them.
    pub fn data_versions(&self) -> std::collections::BTreeMap<String, String> {
        self.reference.versions()
    }

    /// The ruleset's hash.
    pub fn ruleset_hash(&self) -> &str {
        &self.rules.hash
    }

    /// Whether the scoring and commit threads run.
    pub fn is_alive(&self) -> bool {
        self.alive.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Applications in the live index.
    pub fn indexed(&self) -> u64 {
        self.loaded.load(std::sync::atomic::Ordering::Relaxed)
    }
}

type Id = (String, String);

/// Clears the flag when the thread holding it ends, by return or by panic.
struct Ended(Arc<std::sync::atomic::AtomicBool>);

impl Drop for Ended {
    fn drop(&mut self) {
        self.0.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

struct State {
    live: Live,
    /// The version of each application the live index holds.
    versions: HashMap<Id, u32>,
    /// A hash of each application's last kept verdict, to tell a change.
    verdict_hashes: HashMap<Id, u64>,
    /// The body digest of each application's version, to tell an unchanged resubmission.
    shas: HashMap<Id, String>,
    /// Versions as the store decided them, sent back by the committer.
    corrections: Receiver<(Id, u32)>,
    /// Set by the committer when a commit failed: the index holds what the store does not.
    broken: Arc<std::sync::atomic::AtomicBool>,
    /// The last link entry read from the store.
    seq: i64,
    /// Entries of another link format, left out.
    refused: u64,
    /// Applications linked to one removed by another process (a purge, a
    /// deletion on another instance): scored again with the next group, or
    /// when the writer has been idle a second.
    stale: BTreeSet<u32>,
    parts: WriterParts,
}

/// How many of a verdict's errors are addresses a database could not answer for.
fn lookup_failures(verdict: &Verdict) -> u64 {
    let rule = bonafide_signals::input::LOOKUP_FAILED.id;
    verdict.errors.iter().filter(|e| e.rule == rule).count() as u64
}

/// The verdict's signals that come from what IT saw after the hire (the
/// laptop, sign-ins, concurrent jobs), so a subscriber can tell a verdict
/// moved by after-hire telemetry from one moved by the application.
fn after_hire_signals(verdict: &Verdict) -> Vec<&str> {
    verdict
        .signals
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| id.starts_with("device.") || *id == "identity.concurrent_employment")
        .collect()
}

fn hash_of(verdict: &Verdict) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    serde_json::to_string(verdict)
        .unwrap_or_default()
        .hash(&mut hasher);
    hasher.finish()
}

impl State {
    /// Read link entries other writers (or an earlier run) added.
    fn catch_up(&mut self) -> anyhow::Result<()> {
        loop {
            let records = self.parts.store.link_entries(self.seq, 10_000)?;
            let Some(last) = records.last() else {
                return Ok(());
            };
            self.seq = last.seq;
            for record in records {
                let id = (record.tenant, record.application_id);
                if record.entry.is_empty() {
                    self.forget(&id);
                    continue;
                }
                if self.versions.get(&id) == Some(&record.version) {
                    continue;
                }
                match StoredEntry::from_bytes(&record.entry) {
                    Some(entry) => {
                        self.live.insert(entry);
                        self.verdict_hashes.remove(&id);
                        self.versions.insert(id, record.version);
                    }
                    None => self.refused += 1,
                }
            }
            if self.refused > 0 {
                tracing::warn!(
                    entries = self.refused,
                    "stored link entries of another build's link format were left out"
                );
            }
        }
    }

    /// Drop an application from the index; those it was linked to are stale.
    fn forget(&mut self, id: &Id) {
        if let Some(linked) = self.live.remove(&id.0, &id.1) {
            self.stale.extend(linked);
        }
        self.versions.remove(id);
        self.verdict_hashes.remove(id);
        self.shas.remove(id);
    }

    /// Score again the applications left stale by removals read from the
    /// store, and hand their changed verdicts to the committer. False when
    /// the committer has stopped.
    fn refresh_stale(&mut self, engine: &Engine<'_>, commits: &SyncSender<ToCommit>) -> bool {
        if let Err(e) = self.catch_up() {
            tracing::warn!(error = %e, "reading other instances' link entries failed");
        }
        let stale = std::mem::take(&mut self.stale);
        let batch = self.rescore(engine, stale);
        batch.rescored.is_empty()
            || commits
                .send(ToCommit {
                    batch,
                    verdicts: Vec::new(),
                    replies: Vec::new(),
                })
                .is_ok()
    }

    /// A look sees what other instances sharing the store added too; it must not
    /// take the writer down with it: a panic drops its answer.
    fn inspect(&mut self, look: Inspect) {
        if let Err(e) = self.catch_up() {
            tracing::warn!(error = %e, "reading other instances' link entries failed");
        }
        let live = &self.live;
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| look(live)));
    }

    fn run(
        mut self,
        receiver: &Receiver<Work>,
        commits: &SyncSender<ToCommit>,
        counter: &std::sync::atomic::AtomicU64,
    ) {
        let reference = Arc::clone(&self.parts.reference);
        let rules = Arc::clone(&self.parts.rules);
        let engine = Engine::new(&reference, &rules);
        loop {
            let first = match receiver.recv_timeout(std::time::Duration::from_secs(1)) {
                Ok(first) => first,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if !self.refresh_stale(&engine, commits) {
                        return;
                    }
                    continue;
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            let first = match first {
                Work::Submit(job) => job,
                Work::Inspect(look) => {
                    self.inspect(look);
                    continue;
                }
                Work::Delete(deletion) => {
                    if !self.delete(&engine, deletion, commits) {
                        return;
                    }
                    continue;
                }
            };
            let mut jobs = vec![first];
            let mut count = jobs[0].items.len();
            while count < GROUP {
                match receiver.try_recv() {
                    Ok(Work::Submit(job)) => {
                        count += job.items.len();
                        jobs.push(job);
                    }
                    Ok(Work::Inspect(look)) => self.inspect(look),
                    Ok(Work::Delete(deletion)) => {
                        if !self.delete(&engine, deletion, commits) {
                            return;
                        }
                    }
                    Err(_) => break,
                }
            }
            // A panic while scoring (a bug) must not leave the service unable to
            // take submissions: the group is refused and the index rebuilt.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.group(&engine, &mut jobs)
            }))
            .unwrap_or_else(|_| {
                self.reset();
                Err(anyhow::anyhow!(
                    "scoring failed (a bug); nothing of this group was kept"
                ))
            });
            counter.store(self.live.len() as u64, std::sync::atomic::Ordering::Relaxed);
            self.parts.metrics.indexed(self.live.len());
            let replies: Vec<(usize, Reply)> = jobs
                .into_iter()
                .map(|job| (job.items.len(), job.reply))
                .collect();
            match result {
                Ok((batch, verdicts)) => {
                    if commits
                        .send(ToCommit {
                            batch,
                            verdicts,
                            replies,
                        })
                        .is_err()
                    {
                        return;
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    for (_, reply) in replies {
                        let _ = reply.send(Err(message.clone()));
                    }
                }
            }
        }
    }

    /// Remove applications, then score again those they were linked to and
    /// send the changed verdicts (and their messages) to the committer. False
    /// when the committer has stopped.
    fn delete(
        &mut self,
        engine: &Engine<'_>,
        deletion: Deletion,
        commits: &SyncSender<ToCommit>,
    ) -> bool {
        let Deletion { tenant, ids, reply } = deletion;
        // Groups already handed to the committer may hold these applications:
        // wait until they are committed, or the deletion would come first and
        // the commit bring them back.
        let (barrier, committed) = oneshot::channel();
        let drained = ToCommit {
            batch: WriteBatch::default(),
            verdicts: Vec::new(),
            replies: vec![(0, barrier)],
        };
        if commits.send(drained).is_err() {
            let _ = reply.send(Err("the writer has stopped".into()));
            return false;
        }
        let _ = committed.blocking_recv();
        let mut removed = 0;
        for id in &ids {
            match self.parts.store.delete_application(&tenant, id) {
                Ok(true) => removed += 1,
                Ok(false) => {}
                Err(e) => {
                    let _ = reply.send(Err(e.to_string()));
                    return true;
                }
            }
            self.forget(&(tenant.clone(), id.clone()));
        }
        let _ = reply.send(Ok(removed));
        // Past the tombstones just written, so that a later submission of the
        // same id is not taken for what they remove.
        self.refresh_stale(engine, commits)
    }

    /// Score again the applications at these positions; the verdicts that
    /// changed, with their messages, are what is to be committed.
    fn rescore(&mut self, engine: &Engine<'_>, positions: BTreeSet<u32>) -> WriteBatch {
        let mut batch = WriteBatch::default();
        for position in positions {
            let Some((t, a)) = self.live.id(position) else {
                continue;
            };
            let id: Id = (t.to_owned(), a.to_owned());
            let Some((verdict, _)) = self.verdict(engine, position) else {
                continue;
            };
            let hash = hash_of(&verdict);
            if self.verdict_hashes.get(&id) == Some(&hash) {
                continue;
            }
            self.messages(&mut batch, &id, "verdict.changed", &verdict);
            self.parts.metrics.rescored();
            self.verdict_hashes.insert(id.clone(), hash);
            batch.rescored.push(Rescored {
                version: self.versions.get(&id).copied().unwrap_or(1),
                tenant: id.0,
                application_id: id.1,
                verdict,
            });
        }
        batch
    }

    /// Score one group into what is to be committed. Versions are foreseen from
    /// the body digests; the committer sends the store's own back.
    fn group(
        &mut self,
        engine: &Engine<'_>,
        jobs: &mut [Job],
    ) -> anyhow::Result<(WriteBatch, Vec<Verdict>)> {
        if self.broken.swap(false, std::sync::atomic::Ordering::SeqCst) {
            // A commit failed: the index holds entries the store refused.
            self.reset();
        }
        while let Ok((id, version)) = self.corrections.try_recv() {
            self.versions.insert(id, version);
        }
        self.catch_up()?;
        let items: Vec<&mut Prepared> = jobs.iter_mut().flat_map(|j| j.items.iter_mut()).collect();
        let positions: Vec<u32> = items
            .iter()
            .map(|item| self.live.insert(item.entry.clone()))
            .collect();
        let mut batch = WriteBatch::default();
        let mut verdicts = Vec::with_capacity(items.len());
        let new: BTreeSet<u32> = positions.iter().copied().collect();
        let mut affected: BTreeSet<u32> = BTreeSet::new();
        for (item, position) in items.into_iter().zip(&positions) {
            // The same id twice in one group: both get the later version's verdict.
            let position = self
                .live
                .position(&item.tenant, &item.application_id)
                .unwrap_or(*position);
            let Some((verdict, linked)) = self.verdict(engine, position) else {
                anyhow::bail!("an application just indexed could not be scored (a bug)");
            };
            self.parts
                .metrics
                .lookup_failures(lookup_failures(&verdict));
            affected.extend(Live::affected_in(&linked));
            verdicts.push(verdict.clone());
            let id = (item.tenant.clone(), item.application_id.clone());
            let hash = hash_of(&verdict);
            if self.verdict_hashes.get(&id) != Some(&hash) {
                let event = if self.versions.contains_key(&id) {
                    "verdict.changed"
                } else {
                    "verdict.created"
                };
                self.messages(&mut batch, &id, event, &verdict);
            }
            let unchanged = self.shas.get(&id) == Some(&item.body_sha);
            let version = self.versions.get(&id).copied().unwrap_or(0) + u32::from(!unchanged);
            self.versions.insert(id.clone(), version.max(1));
            self.verdict_hashes.insert(id.clone(), hash);
            self.shas.insert(id, std::mem::take(&mut item.body_sha));
            batch.applications.push(NewApplication {
                tenant: std::mem::take(&mut item.tenant),
                application_id: std::mem::take(&mut item.application_id),
                body: std::mem::take(&mut item.reduced),
                link_entry: std::mem::take(&mut item.entry_bytes),
                verdict,
                at: item.at,
                origin: std::mem::take(&mut item.origin),
            });
        }
        // Those left stale by removals read in the catch-up are scored again too.
        affected.append(&mut self.stale);
        for position in affected.difference(&new) {
            let Some((tenant, application_id)) = self.live.id(*position) else {
                continue;
            };
            let id: Id = (tenant.to_owned(), application_id.to_owned());
            let Some((verdict, _)) = self.verdict(engine, *position) else {
                continue;
            };
            let previous = match self.verdict_hashes.get(&id) {
                Some(hash) => Some(*hash),
                None => self
                    .parts
                    .store
                    .verdict(&id.0, &id.1)?
                    .map(|(_, v)| hash_of(&v)),
            };
            if previous == Some(hash_of(&verdict)) {
                continue;
            }
            self.messages(&mut batch, &id, "verdict.changed", &verdict);
            self.parts.metrics.rescored();
            batch.rescored.push(Rescored {
                tenant: id.0.clone(),
                application_id: id.1.clone(),
                version: self.versions.get(&id).copied().unwrap_or(1),
                verdict,
            });
        }
        for r in &batch.rescored {
            self.verdict_hashes.insert(
                (r.tenant.clone(), r.application_id.clone()),
                hash_of(&r.verdict),
            );
        }
        Ok((batch, verdicts))
    }

    fn reset(&mut self) {
        self.live = Live::default();
        self.versions.clear();
        self.verdict_hashes.clear();
        self.shas.clear();
        self.stale.clear();
        self.seq = 0;
    }

    /// A verdict as kept (other tenants' application ids redacted), and the
    /// applications linked to it.
    fn verdict(&self, engine: &Engine<'_>, position: u32) -> Option<(Verdict, BTreeSet<u32>)> {
        let Scored {
            mut verdict,
            neighbourhood,
            linked,
        } = self.live.score_in(engine, position)?;
        let mine = verdict.tenant_id.clone();
        let foreign: Vec<String> = neighbourhood
            .iter()
            .filter_map(|p| self.live.id(*p))
            .filter(|(tenant, _)| *tenant != mine)
            .map(|(_, id)| id.to_owned())
            .collect();
        redact_foreign(&mut verdict, &foreign);
        Some((verdict, linked))
    }

    fn messages(&self, batch: &mut WriteBatch, id: &Id, event: &str, verdict: &Verdict) {
        for subscriber in self.parts.subscribers.iter() {
            if !subscriber.tenants.is_empty() && !subscriber.tenants.contains(&id.0) {
                continue;
            }
            batch.messages.push(NewMessage {
                subscriber: subscriber.name.clone(),
                tenant: id.0.clone(),
                application_id: id.1.clone(),
                body: json!({
                    "event": event,
                    "tenant_id": id.0,
                    "application_id": id.1,
                    "after_hire_signals": after_hire_signals(verdict),
                    "verdict": verdict,
                }),
            });
        }
    }
}
