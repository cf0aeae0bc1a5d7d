//! One merge at a time per application. A merge reads the kept application,
//! adds a source's fields and submits the whole: two at once (an ATS event and
//! a telemetry upload) would each start from the same version and the second
//! would drop the first's fields. Merges of one application queue here; the
//! lock is held until the writer has committed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

type Key = (String, String);

/// Locks by (tenant, application id), made on first use and dropped when
/// nobody holds or waits for them.
#[derive(Default)]
pub struct MergeLocks {
    locks: Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>,
}

/// Held while one application's merge is under way.
pub struct MergeGuard<'a> {
    owner: &'a MergeLocks,
    key: Key,
    guard: Option<OwnedMutexGuard<()>>,
}

impl MergeLocks {
    /// Wait for the application's lock.
    pub async fn lock(&self, tenant: &str, application_id: &str) -> MergeGuard<'_> {
        let key = (tenant.to_owned(), application_id.to_owned());
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(locks.entry(key.clone()).or_default())
        };
        let guard = lock.lock_owned().await;
        MergeGuard {
            owner: self,
            key,
            guard: Some(guard),
        }
    }

    /// Locks of several applications, taken in one order so that two callers
    /// never wait on each other.
    pub async fn lock_all(&self, tenant: &str, ids: &[String]) -> Vec<MergeGuard<'_>> {
        let mut sorted: Vec<&String> = ids.iter().collect();
        sorted.sort();
        sorted.dedup();
        let mut guards = Vec::with_capacity(sorted.len());
        for id in sorted {
            guards.push(self.lock(tenant, id).await);
        }
        guards
    }

    fn held(&self) -> usize {
        self.locks.lock().map(|l| l.len()).unwrap_or(0)
    }
}

impl Drop for MergeGuard<'_> {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut locks = self.owner.locks.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map still holds it: nobody waits, so it can go.
        if locks
            .get(&self.key)
            .is_some_and(|lock| Arc::strong_count(lock) == 1)
        {
            locks.remove(&self.key);
        }
    }
}

impl std::fmt::Debug for MergeLocks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergeLocks")
            .field("held", &self.held())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn merges_of_one_application_take_turns_and_leave_nothing_behind() {
        let locks = Arc::new(MergeLocks::default());
        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (locks, inside, most) =
                (Arc::clone(&locks), Arc::clone(&inside), Arc::clone(&most));
            tasks.push(tokio::spawn(async move {
                let _guard = locks.lock("acme", "app-1").await;
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                inside.fetch_sub(1, Ordering::SeqCst);
            }));
        }
        for task in tasks {
            task.await.expect("joins");
        }
        assert_eq!(most.load(Ordering::SeqCst), 1, "one merge at a time");
        assert_eq!(locks.held(), 0, "no lock left behind");
        // Different applications do not wait on each other.
        let a = locks.lock("acme", "a").await;
        let b = locks
            .lock_all("acme", &["b".into(), "c".into(), "b".into()])
            .await;
        assert_eq!((b.len(), locks.held()), (2, 3));
        drop((a, b));
        assert_eq!(locks.held(), 0);
    }
}
