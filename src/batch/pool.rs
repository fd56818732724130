//! A fixed set of worker threads fed through a bounded queue, so at most a
//! few jobs wait in memory however many are sent.

use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::Scope;

pub struct Pool<J, R> {
    jobs: Option<SyncSender<J>>,
    results: Receiver<R>,
}

impl<J: Send, R: Send> Pool<J, R> {
    /// Start `threads` workers in `scope`, each running `work` on jobs until
    /// the pool is finished. At most two jobs per worker wait in the queue.
    pub fn start<'scope, 'env, F>(
        scope: &'scope Scope<'scope, 'env>,
        threads: usize,
        work: F,
    ) -> Self
    where
        F: Fn(J) -> R + Send + Sync + 'scope,
        J: 'scope,
        R: 'scope,
    {
        let threads = threads.max(1);
        let (jobs_tx, jobs_rx) = mpsc::sync_channel::<J>(threads * 2);
        let (done_tx, results) = mpsc::channel::<R>();
        let jobs_rx = std::sync::Arc::new(Mutex::new(jobs_rx));
        let work = std::sync::Arc::new(work);
        for _ in 0..threads {
            let jobs = jobs_rx.clone();
            let done = done_tx.clone();
            let work = work.clone();
            scope.spawn(move || {
                loop {
                    let job = {
                        let queue = jobs
                            .lock()
                            .expect("no worker panics while holding the job queue");
                        queue.recv()
                    };
                    let Ok(job) = job else { break };
                    if done.send(work(job)).is_err() {
                        break;
                    }
                }
            });
        }
        Pool {
            jobs: Some(jobs_tx),
            results,
        }
    }

    /// Queue a job, waiting while the queue is full.
    pub fn send(&self, job: J) {
        if let Some(jobs) = &self.jobs {
            // Workers only stop when the queue closes, so this cannot fail.
            let _ = jobs.send(job);
        }
    }

    /// Results finished so far, without waiting.
    pub fn ready(&self) -> impl Iterator<Item = R> + '_ {
        self.results.try_iter()
    }

    /// Close the queue and wait for every remaining result.
    pub fn finish(mut self) -> impl Iterator<Item = R> {
        self.jobs = None;
        self.results.into_iter()
    }
}
