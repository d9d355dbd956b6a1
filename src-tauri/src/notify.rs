//! Desktop notifications: a send blocked by policy, a send that arrived while the dialog
//! could not be shown, and the weekly "unreviewed near-misses" reminder for leads.
//!
//! notify-rust talks to the desktop's notification service (D-Bus on Linux); that call
//! can block, so it runs on its own thread and a failure is only logged: a missing
//! notification daemon must never hold up a send.

/// Shows a notification; never blocks the caller, never fails it.
pub fn notify(summary: &str, body: &str) {
    let summary = summary.to_owned();
    let body = body.to_owned();
    std::thread::spawn(move || notify_now(&summary, &body));
}

/// Shows a notification on this thread: for the last words before the process exits,
/// which would end a notification thread before it spoke.
pub fn notify_now(summary: &str, body: &str) {
    let shown = notify_rust::Notification::new()
        .appname("sendguard")
        .summary(summary)
        .body(body)
        .show();
    if let Err(e) = shown {
        tracing::warn!("notification not shown ({e}): {summary}");
    }
}
