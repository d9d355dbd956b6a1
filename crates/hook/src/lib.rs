//! The send hook: the loopback HTTP API a mail client's add-in calls when the person
//! clicks Send, and that answers with the decision.
//!
//! One server for `sendguard serve` and the desktop app; only the [`Decider`] differs
//! (policy in `serve`, the confirmation dialog in the app). Because any local program —
//! and any web page the person opens — can reach 127.0.0.1, every request is checked
//! before anything else: the `Host` must be the loopback address and port (DNS
//! rebinding), a browser `Origin` must be on the policy's allow-list (empty by
//! default), and everything but `/v1/health` needs the bearer token from a 0600 file.
//! Bodies are bounded in size and in receiving time; the wait for the person's decision
//! is bounded separately. Every check is written to the near-miss log with its decision.

mod api;
mod decider;
mod guard;
mod server;
mod token;

pub use api::{CheckRequest, CheckResponse, FixChanges, WireAttachment};
pub use decider::{DecideMode, Decider, Outcome};
pub use guard::{Guard, Settled};
pub use server::{ErrorCode, Hook, HookConfig, router, serve};
pub mod startup;
pub use token::{TOKEN_FILE_NAME, default_token_path, load_or_create_token};
