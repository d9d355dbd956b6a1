//! The history while sendguard runs (`sendguard serve`, the relay, the app): one
//! [`Snapshot`] the checks read, and one background thread that learns each send let
//! out and refreshes the snapshot, so learning never delays an answer.

use crate::lesson::{Lesson, Me, Origin};
use crate::sources::{LearnProgress, LearnSummary};
use crate::store::Totals;
use crate::{HistoryStore, OrganisationList, Result, Snapshot};
use sendguard_engine::{Draft, Policy};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};

enum Job {
    Learn(Box<Draft>, Arc<Policy>, i64, Names),
    /// Reread the file and the organisation list (after `history learn`, a clear, an
    /// edited list).
    Reload(Option<OrganisationList>),
    /// Answer when every job before this one is done.
    Barrier(mpsc::Sender<()>),
    /// Learn raw messages (the hook's `POST /v1/history/learn`).
    LearnMessages(Vec<Vec<u8>>, Option<Me>, Arc<Policy>, Reply<LearnSummary>),
    /// Learn files and folders (the app's 「送信済みメールから学習」).
    LearnPaths(
        Vec<PathBuf>,
        Option<Me>,
        Arc<Policy>,
        Progress,
        Reply<LearnSummary>,
    ),
    /// Forget everything (「学習内容を消去」).
    Clear(Reply<()>),
    Totals(Reply<Totals>),
}

type Reply<T> = mpsc::Sender<Result<T>>;
type Progress = Box<dyn FnMut(LearnProgress) + Send>;

/// Whether a live send's 宛名 and display names may teach who its recipients are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    Trusted,
    /// The check said the 宛名 names someone else and the person sent it unchanged:
    /// the recipients and their group are learned, the names are not, so one send
    /// past the warning cannot teach that 楓商事 is at hikari-tech.co.jp.
    Doubtful,
}

/// A history file kept current in memory.
#[derive(Debug, Clone)]
pub struct LiveHistory {
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    jobs: Arc<Mutex<mpsc::Sender<Job>>>,
    path: PathBuf,
}

impl LiveHistory {
    /// Open the history at `path` (created when missing) with `list` merged in, and start
    /// its learner thread.
    pub fn open(path: &Path, list: OrganisationList) -> Result<LiveHistory> {
        let store = HistoryStore::open(path)?;
        let snapshot = Arc::new(RwLock::new(Arc::new(store.snapshot(&list)?)));
        let (send, receive) = mpsc::channel();
        let shared = Arc::clone(&snapshot);
        std::thread::Builder::new()
            .name("sendguard-history".into())
            .spawn(move || learner(store, list, receive, shared))
            .map_err(|source| crate::Error::Io {
                path: path.display().to_string(),
                source,
            })?;
        Ok(LiveHistory {
            snapshot,
            jobs: Arc::new(Mutex::new(send)),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The history as it is now.
    pub fn current(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Learn a send let out now (after the person's fixes), in the background.
    pub fn learn_sent(&self, draft: Draft, policy: Arc<Policy>, names: Names) {
        let now = jiff::Timestamp::now().as_second();
        self.send(Job::Learn(Box::new(draft), policy, now, names));
    }

    /// Reread the file (and the organisation list, when given).
    pub fn reload(&self, list: Option<OrganisationList>) {
        self.send(Job::Reload(list));
    }

    /// Wait until everything queued so far is learned (tests, before a summary).
    pub fn wait_idle(&self) {
        let (done, wait) = mpsc::channel();
        self.send(Job::Barrier(done));
        let _ = wait.recv_timeout(std::time::Duration::from_secs(30));
    }

    /// Learn raw sent messages now (waits for the learner).
    pub fn learn_messages(
        &self,
        messages: Vec<Vec<u8>>,
        me: Option<Me>,
        policy: Arc<Policy>,
    ) -> Result<LearnSummary> {
        self.ask(|reply| Job::LearnMessages(messages, me, policy, reply))
    }

    /// Learn a Sent folder's files now (waits for the learner), with progress.
    pub fn learn_paths(
        &self,
        paths: Vec<PathBuf>,
        me: Option<Me>,
        policy: Arc<Policy>,
        progress: impl FnMut(LearnProgress) + Send + 'static,
    ) -> Result<LearnSummary> {
        self.ask(|reply| Job::LearnPaths(paths, me, policy, Box::new(progress), reply))
    }

    /// Forget everything learned (the organisation list stays).
    pub fn clear(&self) -> Result<()> {
        self.ask(Job::Clear)
    }

    /// What the history holds.
    pub fn totals(&self) -> Result<Totals> {
        self.ask(Job::Totals)
    }

    fn ask<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T> {
        let (reply, answer) = mpsc::channel();
        self.send(job(reply));
        answer.recv().unwrap_or_else(|_| {
            Err(crate::Error::Io {
                path: self.path.display().to_string(),
                source: std::io::Error::other("the history learner has stopped"),
            })
        })
    }

    fn send(&self, job: Job) {
        let sent = match self.jobs.lock() {
            Ok(jobs) => jobs.send(job).is_ok(),
            Err(poisoned) => poisoned.into_inner().send(job).is_ok(),
        };
        if !sent {
            tracing::warn!("the history learner has stopped; this send is not learned");
        }
    }
}

fn learner(
    mut store: HistoryStore,
    mut list: OrganisationList,
    jobs: mpsc::Receiver<Job>,
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
) {
    // A caller that waits for an answer gets it once the snapshot shows its change, so
    // the check that follows sees what was just learned.
    let refresh = |store: &HistoryStore, list: &OrganisationList| match store.snapshot(list) {
        Ok(fresh) => {
            let fresh = Arc::new(fresh);
            match snapshot.write() {
                Ok(mut guard) => *guard = fresh,
                Err(poisoned) => *poisoned.into_inner() = fresh,
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot reread the history"),
    };
    while let Ok(job) = jobs.recv() {
        match job {
            Job::Learn(draft, policy, now, names) => {
                let lesson =
                    Lesson::from_draft(&draft, Origin::Live { now }, &Me::anyone(), &policy);
                if let Ok(mut lesson) = lesson {
                    if names == Names::Doubtful {
                        lesson.forget_names();
                    }
                    match store.learn(&lesson) {
                        Ok(true) => refresh(&store, &list),
                        Ok(false) => {}
                        Err(e) => tracing::warn!(error = %e, "cannot learn a send"),
                    }
                }
            }
            Job::Reload(new_list) => {
                if let Some(new_list) = new_list {
                    list = new_list;
                }
                refresh(&store, &list);
            }
            Job::Barrier(done) => {
                let _ = done.send(());
            }
            Job::LearnMessages(messages, me, policy, reply) => {
                let result = crate::sources::learn_messages(
                    &mut store,
                    messages.iter().map(Vec::as_slice),
                    me,
                    &policy,
                );
                if result.as_ref().is_ok_and(|s| s.learned > 0) {
                    refresh(&store, &list);
                }
                let _ = reply.send(result);
            }
            Job::LearnPaths(paths, me, policy, mut progress, reply) => {
                let result =
                    crate::sources::learn_paths(&mut store, &paths, me, &policy, &mut progress);
                if result.as_ref().is_ok_and(|s| s.learned > 0) {
                    refresh(&store, &list);
                }
                let _ = reply.send(result);
            }
            Job::Clear(reply) => {
                let result = store.clear();
                refresh(&store, &list);
                let _ = reply.send(result);
            }
            Job::Totals(reply) => {
                let _ = reply.send(store.totals());
            }
        }
    }
}
