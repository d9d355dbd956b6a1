//! What the app's commands share: the dialog queue, the review connection to the
//! near-miss log, the policy and the running hook.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use sendguard_engine::{Policy, Redactor};
use sendguard_history::LiveHistory;
use sendguard_hook::Hook;
use sendguard_nearmiss::Log;

use crate::queue::DialogDecider;

#[derive(Debug)]
pub struct AppState {
    pub decider: DialogDecider,
    /// The review screens' own connection (the hook writes through its own). Shared
    /// with the blocking workers the commands run on.
    pub log: Arc<Mutex<Log>>,
    pub db_path: PathBuf,
    pub policy: RwLock<Policy>,
    pub policy_path: PathBuf,
    pub user: String,
    pub token: String,
    /// The hook and its port, once it listens.
    pub hook: Mutex<Option<(u16, Arc<Hook>)>>,
    /// The SMTP relay, when the policy turns it on and it listens.
    pub relay: Mutex<Option<Arc<sendguard_relay::Relay>>>,
    /// The task running the relay (aborted to restart it with new settings).
    pub relay_task: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
    /// The recipient history the hook and the relay check with and learn into (`None`
    /// when it could not be opened: the checks run without it), for 設定 → 宛先の履歴.
    pub history: Option<LiveHistory>,
}

impl AppState {
    pub fn policy(&self) -> Policy {
        self.policy
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn redactor(&self) -> Redactor {
        Redactor::from_policy(&self.policy())
    }

    pub fn hook_port(&self) -> Option<u16> {
        self.hook
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .map(|(port, _)| *port)
    }
}
