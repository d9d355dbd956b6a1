//! sendguard's desktop app: the confirmation dialog at Send, the tray, and the
//! near-miss review screens for team leads.
//!
//! The app is the send hook's other home: it runs the same server as `sendguard serve`
//! (`crates/hook`) with the dialog as its decider ([`queue::DialogDecider`]), so a
//! mail client's add-in gets the person's answer. Everything else is a library call:
//! checks in `crates/engine`, the log in `crates/nearmiss`. This crate wires them to
//! windows, the tray, notifications and start-at-login.

pub mod commands;
pub mod history;
mod notify;
pub mod queue;
pub mod settings;
mod state;
pub mod thunderbird;
pub mod typescript;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use sendguard_engine::{Policy, Report};
use sendguard_hook::startup::{self, engine};
use sendguard_hook::{Hook, HookConfig};
use sendguard_nearmiss::{Filter, Log, ReviewStatus};
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tauri_plugin_autostart::ManagerExt as _;

pub use state::AppState;

use queue::{DialogDecider, DialogDecision, DialogHost};

const DIALOG: &str = "dialog";
const MAIN: &str = "main";

/// The dialog's window side: show it in front when a send waits, hide it when none does.
#[derive(Debug)]
struct WindowHost<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> DialogHost for WindowHost<R> {
    fn pending_changed(&self, waiting: usize) {
        let _ = self.app.emit_to(DIALOG, "pending-changed", ());
        set_tray_waiting(&self.app, waiting);
        let window = match self.app.get_webview_window(DIALOG) {
            Some(window) => window,
            None if waiting == 0 => return,
            // Unloaded after a quiet spell: load it again, shown at once.
            None => match create_dialog(&self.app, true) {
                Ok(window) => window,
                Err(e) => {
                    tracing::error!("cannot open the dialog: {e}");
                    notify::notify(
                        "sendguard: 送信の確認待ちがあります",
                        "確認画面を表示できませんでした。トレイの「確認待ち」から開いてください。",
                    );
                    return;
                }
            },
        };
        if waiting == 0 {
            let _ = window.hide();
            schedule_dialog_unload(&self.app);
            return;
        }
        let shown = window
            .show()
            .and_then(|()| window.unminimize())
            .and_then(|()| window.set_always_on_top(true))
            .and_then(|()| window.set_focus());
        if shown.is_err() {
            notify::notify(
                "sendguard: 送信の確認待ちがあります",
                "確認画面を表示できませんでした。トレイの「確認待ち」から開いてください。",
            );
        }
    }

    fn blocked(&self, report: &Report) {
        let reason = report
            .findings
            .iter()
            .find(|f| f.blocked)
            .map(|f| f.message.clone())
            .unwrap_or_else(|| "組織のポリシーで送信が禁止されている内容です。".to_owned());
        // Not the subject: notification histories are kept on disk, and subjects carry
        // names. Finding messages are written to hold no personal-data value.
        notify::notify("sendguard: 送信を止めました", &reason);
    }
}

/// A changed policy takes effect at once: new checks, countdown, autostart.
pub(crate) fn apply_policy<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    policy: Policy,
) -> Result<(), String> {
    state
        .decider
        .set_countdown(policy.settings.dialog.countdown_secs);
    if let Some((_, hook)) = state
        .hook
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
    {
        hook.replace_engine(engine(policy.clone()));
    }
    if state.policy().settings.relay != policy.settings.relay {
        restart_relay(app, state, policy.clone());
    }
    let autolaunch = app.autolaunch();
    let wanted = policy.settings.dialog.autostart;
    if autolaunch.is_enabled().unwrap_or(!wanted) != wanted {
        let done = if wanted {
            autolaunch.enable()
        } else {
            autolaunch.disable()
        };
        done.map_err(|e| {
            format!("ログイン時の起動を切り替えられません (cannot change start at login: {e})")
        })?;
    }
    *state.policy.write().unwrap_or_else(|e| e.into_inner()) = policy;
    Ok(())
}

/// Opens (or brings to the front) the review window at `route` (`/list`, `/report`…).
fn open_main<R: Runtime>(app: &AppHandle<R>, route: &str) {
    if let Some(window) = app.get_webview_window(MAIN) {
        let _ = window.eval(format!("location.hash = {:?}", format!("#{route}")));
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
        return;
    }
    let url = WebviewUrl::App(format!("index.html#{route}").into());
    let built = WebviewWindowBuilder::new(app, MAIN, url)
        .title("sendguard — ヒヤリハット")
        .inner_size(1120.0, 780.0)
        .min_inner_size(720.0, 480.0)
        .build();
    if let Err(e) = built {
        tracing::error!("cannot open the review window: {e}");
    }
}

/// The dialog window: created hidden at start so it appears at once when needed, and
/// again (shown) when a send arrives after it was unloaded.
fn create_dialog<R: Runtime>(
    app: &AppHandle<R>,
    visible: bool,
) -> tauri::Result<tauri::WebviewWindow<R>> {
    WebviewWindowBuilder::new(app, DIALOG, WebviewUrl::App("dialog.html".into()))
        .title("送信前の確認 — sendguard")
        .inner_size(780.0, 760.0)
        .min_inner_size(560.0, 420.0)
        .center()
        .visible(visible)
        .skip_taskbar(false)
        .build()
}

/// After `[dialog] keep_ready_secs` with nothing waiting, closes the hidden dialog so its
/// web process gives its memory back; the next send loads it again.
fn schedule_dialog_unload<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let keep = app
        .state::<AppState>()
        .policy()
        .settings
        .dialog
        .keep_ready_secs;
    let generation = DIALOG_GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(keep)).await;
        let quiet = DIALOG_GENERATION.load(std::sync::atomic::Ordering::SeqCst) == generation
            && app.state::<AppState>().decider.waiting() == 0;
        if quiet && let Some(window) = app.get_webview_window(DIALOG) {
            let _ = window.destroy();
        }
    });
}

/// Bumped whenever the dialog is hidden, so only the latest quiet spell unloads it.
static DIALOG_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn set_tray_waiting<R: Runtime>(app: &AppHandle<R>, waiting: usize) {
    if let Some(item) = app.try_state::<TrayItems<R>>() {
        let label = if waiting == 0 {
            "確認待ち（なし）".to_owned()
        } else {
            format!("確認待ち（{waiting} 件）")
        };
        let _ = item.waiting.set_text(label);
    }
    if let Some(tray) = app.tray_by_id("sendguard") {
        let tip = if waiting == 0 {
            "sendguard".to_owned()
        } else {
            format!("sendguard — 確認待ち {waiting} 件")
        };
        let _ = tray.set_tooltip(Some(tip));
    }
}

struct TrayItems<R: Runtime> {
    waiting: MenuItem<R>,
}

fn build_tray<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    let waiting = MenuItem::with_id(app, "waiting", "確認待ち（なし）", true, None::<&str>)?;
    let held = MenuItem::with_id(app, "held", "送信待ち（SMTP 中継）", true, None::<&str>)?;
    let list = MenuItem::with_id(app, "list", "ヒヤリハット一覧", true, None::<&str>)?;
    let report = MenuItem::with_id(app, "report", "報告する", true, None::<&str>)?;
    let settings = MenuItem::with_id(app, "settings", "設定", true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "終了", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(
        app,
        &[
            &waiting, &held, &list, &report, &settings, &separator, &quit,
        ],
    )?;
    let mut tray = TrayIconBuilder::with_id("sendguard")
        .tooltip("sendguard")
        .menu(&menu)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "waiting" => {
                if let Some(window) = app.get_webview_window(DIALOG)
                    && app.state::<AppState>().decider.waiting() > 0
                {
                    let _ = window.show();
                    let _ = window.set_focus();
                }
            }
            "held" => open_main(app, "/queue"),
            "list" => open_main(app, "/list"),
            "report" => open_main(app, "/report"),
            "settings" => open_main(app, "/settings"),
            "quit" => app.exit(0),
            _ => {}
        });
    if let Some(icon) = app.default_window_icon() {
        tray = tray.icon(icon.clone());
    }
    tray.build(app)?;
    app.manage(TrayItems { waiting });
    Ok(())
}

/// Starts the send hook on the policy's port with the dialog as decider.
async fn start_hook<R: Runtime>(app: AppHandle<R>, policy: Policy, db: PathBuf) {
    let state = app.state::<AppState>();
    let settings = policy.settings.hook.clone();
    let port = settings.port;
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on 127.0.0.1:{port}: {e}");
            notify::notify(
                "sendguard: 送信の確認を始められません",
                &format!(
                    "ポート {port} を使えません（sendguard serve など、ほかのプログラムが使用中です）。メールは確認されません。"
                ),
            );
            return;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
    let log = match startup::log(Some(db), &policy) {
        Ok((_, log)) => Some(log),
        Err(e) => {
            tracing::error!("the send hook records nothing: {e}");
            None
        }
    };
    let config = HookConfig::from_settings(port, state.token.clone(), &settings);
    let relay_policy = policy.clone();
    let hook = Arc::new(Hook::new(
        config,
        engine(policy),
        Arc::new(state.decider.clone()),
        log,
    ));
    // The recipient history: every check (the hook's and the relay's, one guard) reads
    // it, and every send let out is learned into it.
    hook.guard().set_history(state.history.clone());
    *state.hook.lock().unwrap_or_else(|e| e.into_inner()) = Some((port, hook.clone()));
    // The SMTP relay beside the hook, when the policy names an upstream: one more door
    // to the same guard (the dialog decides, the same log records).
    restart_relay(&app, &state, relay_policy);
    println!("listening on http://127.0.0.1:{port}");
    if let Err(e) = sendguard_hook::serve(listener, hook).await {
        tracing::error!("the send hook stopped: {e}");
    }
}

/// (Re)starts the SMTP relay for `policy` over the hook's guard: the running one (if
/// any) is stopped first, so new relay settings apply without restarting the app.
fn restart_relay<R: Runtime>(app: &AppHandle<R>, state: &AppState, policy: Policy) {
    let old = state
        .relay_task
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take();
    let resumed = old.is_some();
    if let Some(task) = old {
        task.abort();
    }
    *state.relay.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let Some(guard) = state
        .hook
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .map(|(_, hook)| hook.guard().clone())
    else {
        return;
    };
    let task = tauri::async_runtime::spawn(start_relay(
        app.clone(),
        guard,
        policy,
        db_folder(&state.db_path),
        resumed,
    ));
    *state.relay_task.lock().unwrap_or_else(|e| e.into_inner()) = Some(task);
}

fn db_folder(db: &std::path::Path) -> PathBuf {
    db.parent()
        .map_or_else(|| PathBuf::from("."), std::path::Path::to_path_buf)
}

/// Starts the SMTP relay (docs/relay.md) with the dialog as its decider, when the
/// policy's `[relay] upstream` is set; its hold queue in `relay/` beside the log.
async fn start_relay<R: Runtime>(
    app: AppHandle<R>,
    guard: Arc<sendguard_hook::Guard>,
    policy: Policy,
    data: PathBuf,
    resumed: bool,
) {
    let config = match sendguard_relay::RelayConfig::from_policy(&policy) {
        Ok(Some(config)) => config,
        Ok(None) => return,
        Err(e) => {
            notify::notify("sendguard: SMTP 中継を始められません", &e);
            return;
        }
    };
    let folder = data.join("relay");
    // A relay being restarted lets go of its lock as its task is dropped: try a few
    // times before saying another one holds it.
    let mut tries = 0;
    let lock = loop {
        match sendguard_relay::SpoolLock::acquire(&folder) {
            Ok(lock) => break lock,
            Err(sendguard_relay::SpoolLockError::Held { .. }) if tries < 20 => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            Err(e) => {
                notify::notify("sendguard: SMTP 中継を始められません", &e.to_string());
                return;
            }
        }
    };
    let spool = match sendguard_relay::spool::Spool::open(&folder) {
        Ok(spool) => spool,
        Err(e) => {
            notify::notify("sendguard: SMTP 中継を始められません", &e.to_string());
            return;
        }
    };
    spool.purge_recalled(policy.settings.relay.keep_recalled_days);
    let port = policy.settings.relay.port;
    let relay = match sendguard_relay::Relay::new(config, guard) {
        Ok(relay) if resumed => {
            relay
                .resumed()
                .with_spool(spool)
                .with_tell(Arc::new(|title: &str, text: &str| {
                    notify::notify(title, text)
                }))
        }
        Ok(relay) => relay
            .with_spool(spool)
            .with_tell(Arc::new(|title: &str, text: &str| {
                notify::notify(title, text)
            })),
        Err(e) => {
            notify::notify("sendguard: SMTP 中継を始められません", &e);
            return;
        }
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!("cannot listen on 127.0.0.1:{port}: {e}");
            notify::notify(
                "sendguard: SMTP 中継を始められません",
                &format!("ポート {port} を使えません（ほかのプログラムが使用中です）。"),
            );
            return;
        }
    };
    let relay = Arc::new(relay);
    let state = app.state::<AppState>();
    *state.relay.lock().unwrap_or_else(|e| e.into_inner()) = Some(relay.clone());
    tracing::info!("SMTP relay listening on 127.0.0.1:{port}");
    let _lock = lock;
    if let Err(e) = sendguard_relay::serve(listener, relay).await {
        tracing::error!("the SMTP relay stopped: {e}");
    }
}

/// The weekly reminder of unreviewed near-misses (policy `[dialog] weekly_reminder`).
async fn remind_weekly<R: Runtime>(app: AppHandle<R>, stamp: PathBuf) {
    let week = std::time::Duration::from_secs(7 * 24 * 3600);
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        let state = app.state::<AppState>();
        if !state.policy().settings.dialog.weekly_reminder {
            continue;
        }
        let due = std::fs::metadata(&stamp)
            .and_then(|m| m.modified())
            .map(|t| t.elapsed().unwrap_or_default() >= week)
            .unwrap_or(true);
        if !due {
            continue;
        }
        let filter = Filter {
            status: Some(ReviewStatus::Unreviewed),
            ..Filter::default()
        };
        // Counted by the database, on a blocking worker.
        let log = state.log.clone();
        let unreviewed = tauri::async_runtime::spawn_blocking(move || {
            let log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.count(&filter)
        })
        .await
        .ok()
        .and_then(Result::ok)
        .unwrap_or(0);
        if unreviewed > 0 {
            notify::notify(
                &format!("sendguard: 未確認のヒヤリハットが {unreviewed} 件あります"),
                "トレイの「ヒヤリハット一覧」から確認してください。",
            );
        }
        let _ = std::fs::write(&stamp, jiff::Timestamp::now().to_string());
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// What is read before any window exists; the dialog's host joins it in `setup`.
struct Prepared {
    policy: Policy,
    policy_path: PathBuf,
    token: String,
    db: PathBuf,
    log: Log,
    history: Option<sendguard_history::LiveHistory>,
}

impl Prepared {
    fn into_state(self, host: Arc<dyn DialogHost>) -> AppState {
        AppState {
            decider: DialogDecider::new(host, self.policy.settings.dialog.countdown_secs),
            log: Arc::new(Mutex::new(self.log)),
            db_path: self.db,
            policy: RwLock::new(self.policy),
            policy_path: self.policy_path,
            user: sendguard_nearmiss::current_user(),
            token: self.token,
            hook: Mutex::new(None),
            relay: Mutex::new(None),
            relay_task: Mutex::new(None),
            history: self.history,
        }
    }
}

/// Everything the app needs before a window opens; an error here is fatal and shown.
fn prepare() -> Result<Prepared, String> {
    let text = |e: startup::StartupError| e.to_string();
    let policy = startup::policy(None).map_err(text)?;
    let policy_path =
        settings::user_policy_path().ok_or("設定フォルダが見つかりません (no config directory)")?;
    let token = startup::token(None).map_err(text)?;
    let (db, log) = startup::log(None, &policy).map_err(text)?;
    // `$SENDGUARD_HISTORY`, else history.sqlite3 in the data dir; a history that cannot
    // be opened is left out (the diagnostics say why), never a reason not to start.
    let history = startup::history(None);
    Ok(Prepared {
        policy,
        policy_path,
        token,
        db,
        log,
        history,
    })
}

/// Runs the app until 終了.
pub fn run() {
    // Diagnostics beside the log (where `prepare` will open it), set up first so a
    // start-up failure is written too.
    let db = sendguard_nearmiss::configured_db_path();
    startup::init_diagnostics(db.as_deref().and_then(startup::diagnostics_dir).as_deref());
    let prepared = match prepare() {
        Ok(prepared) => prepared,
        Err(message) => {
            tracing::error!("{message}");
            notify::notify_now("sendguard を起動できません", &message);
            std::process::exit(2);
        }
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            open_main(app, "/list");
        }))
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            None,
        ))
        .invoke_handler(tauri::generate_handler![
            commands::pending_check,
            commands::decide,
            commands::log_list,
            commands::log_get,
            commands::log_review,
            commands::log_stats,
            commands::log_report,
            commands::log_export_csv,
            commands::log_import_folder,
            commands::settings_get,
            commands::settings_save,
            commands::connect_thunderbird,
            commands::relay_queue,
            commands::relay_queue_send,
            commands::relay_queue_cancel,
            commands::history_status,
            commands::history_learn,
            commands::history_clear,
            commands::organisations_get,
            commands::organisations_save,
        ])
        .setup(move |app| {
            let handle = app.handle().clone();
            let policy = prepared.policy.clone();
            let db = prepared.db.clone();
            let first_run = policy.settings.organisation.internal_domains.is_empty();
            app.manage(prepared.into_state(Arc::new(WindowHost {
                app: handle.clone(),
            })));
            create_dialog(&handle, false)?;
            schedule_dialog_unload(&handle);
            build_tray(&handle)?;
            if first_run {
                open_main(&handle, "/settings");
            }
            tauri::async_runtime::spawn(start_hook(handle.clone(), policy, db.clone()));
            let stamp = db.with_file_name("last-reminder");
            tauri::async_runtime::spawn(remind_weekly(handle, stamp));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                // Windows hide; the app lives in the tray until 終了.
                api.prevent_close();
                let _ = window.hide();
                if window.label() == DIALOG {
                    let state = window.state::<AppState>();
                    if let Some(current) = state.decider.current() {
                        let _ = state.decider.answer(DialogDecision {
                            id: current.id,
                            send: false,
                            seconds: 0.0,
                            changes: Default::default(),
                        });
                    }
                }
            }
        })
        .build(tauri::generate_context!());
    match result {
        Ok(app) => app.run(|_, event| {
            // The last window going away (the dialog unloaded while the review window is
            // closed) must not end the app: it lives in the tray until 終了 (exit code set).
            if let tauri::RunEvent::ExitRequested {
                api, code: None, ..
            } = event
            {
                api.prevent_exit();
            }
        }),
        Err(e) => {
            tracing::error!("cannot start the app: {e}");
            std::process::exit(2);
        }
    }
}
