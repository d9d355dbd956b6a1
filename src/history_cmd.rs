//! `sendguard history …`: learn the Sent folder, show what is known, forget an address
//! or domain; and how `check` finds the history (`--history PATH`, `--no-history`,
//! `$SENDGUARD_HISTORY`, else the data dir's file when it exists).

use anyhow::{Context as _, Result, anyhow};
use clap::{Subcommand, ValueEnum};
use sendguard_history::{HistoryStore, LearnProgress, Me, OrganisationList, Snapshot};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    #[command(subcommand)]
    command: HistoryCommand,
}

/// Where the history is, shared by every command that reads or writes it.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct HistoryFile {
    /// The history file (default: $SENDGUARD_HISTORY, else history.sqlite3 in the data
    /// directory).
    #[arg(long = "history", value_name = "PATH")]
    pub path: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum HistoryCommand {
    /// Learn sent mail: .eml files, folders of them, mbox files (Thunderbird's Sent).
    Learn {
        #[command(flatten)]
        file: HistoryFile,
        /// The person's own address (repeatable; default: the most frequent From).
        #[arg(long = "me", value_name = "ADDRESS")]
        me: Vec<String>,
        /// A policy file or directory (for the internal domains).
        #[arg(long, value_name = "PATH")]
        rules: Option<PathBuf>,
        /// Add an internal domain (repeatable).
        #[arg(long = "internal-domain", value_name = "DOMAIN")]
        internal_domains: Vec<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        #[arg(required = true, value_name = "FILE|DIR|MBOX")]
        paths: Vec<PathBuf>,
    },
    /// Show the domains, their organisation names and counts.
    Show {
        #[command(flatten)]
        file: HistoryFile,
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Forget addresses or whole domains.
    Forget {
        #[command(flatten)]
        file: HistoryFile,
        #[arg(required = true, value_name = "ADDRESS|DOMAIN")]
        targets: Vec<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

impl HistoryFile {
    /// The file: `--history`, else `$SENDGUARD_HISTORY`, else the data directory's.
    pub fn resolve(&self) -> Result<PathBuf> {
        self.path
            .clone()
            .or_else(|| sendguard_history::configured_path(sendguard_nearmiss::data_dir()))
            .ok_or_else(|| {
                anyhow!("データ フォルダが見つかりません (no data directory; use --history PATH)")
            })
    }
}

/// The history `check` reads: none with `--no-history`; the named file (which must
/// exist); else the default file when it exists. The organisation list counts even
/// without a history file.
pub fn for_check(file: &HistoryFile, no_history: bool) -> Result<Option<Snapshot>> {
    if no_history {
        return Ok(None);
    }
    let list = OrganisationList::load_configured()?;
    let path = match &file.path {
        Some(path) => {
            if !path.exists() {
                anyhow::bail!(
                    "{}: 履歴ファイルがありません (no such history file; create one with `sendguard history learn`)",
                    path.display()
                );
            }
            Some(path.clone())
        }
        None => file.resolve().ok().filter(|p| p.exists()),
    };
    match path {
        Some(path) => {
            let store = HistoryStore::open(&path)?;
            Ok(Some(store.snapshot(&list)?))
        }
        None if !list.is_empty() => Ok(Some(Snapshot::from_list(&list))),
        None => Ok(None),
    }
}

pub fn run(args: HistoryArgs) -> Result<()> {
    match args.command {
        HistoryCommand::Learn {
            file,
            me,
            rules,
            internal_domains,
            format,
            paths,
        } => learn(file, me, rules, internal_domains, format, paths),
        HistoryCommand::Show { file, format } => show(file, format),
        HistoryCommand::Forget { file, targets } => {
            let path = file.resolve()?;
            let mut store = HistoryStore::open(&path)?;
            for target in targets {
                let forgotten = store.forget(&target)?;
                println!(
                    "{target}: 宛先 {} 件、組織名 {} 件を消去しました (forgot {} addresses, {} organisation names)",
                    forgotten.addresses,
                    forgotten.organisation_names,
                    forgotten.addresses,
                    forgotten.organisation_names
                );
            }
            Ok(())
        }
    }
}

fn learn(
    file: HistoryFile,
    me: Vec<String>,
    rules: Option<PathBuf>,
    internal_domains: Vec<String>,
    format: OutputFormat,
    paths: Vec<PathBuf>,
) -> Result<()> {
    let mut policy = sendguard_engine::policy::files::load(rules.as_deref())
        .context("ポリシーを読み込めません (cannot load the policy)")?;
    for domain in &internal_domains {
        policy.add_internal_domain(domain);
    }
    let path = file.resolve()?;
    let mut store = HistoryStore::open(&path)?;
    let me = (!me.is_empty()).then(|| Me::new(&me));
    let show_progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut progress = |p: LearnProgress| {
        if show_progress && p.bytes > 0 {
            let percent = p.bytes_done.saturating_mul(100) / p.bytes;
            eprint!(
                "\r読み込み中 {percent:>3}% — {} 通 ({}/{} ファイル)",
                p.read, p.files_done, p.files
            );
            let _ = std::io::stderr().flush();
        }
    };
    let summary = sendguard_history::learn_paths(&mut store, &paths, me, &policy, &mut progress)?;
    if show_progress {
        eprintln!();
    }
    for error in &summary.errors {
        eprintln!("sendguard: {error}");
    }
    match format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::json!({
                "read": summary.read,
                "learned": summary.learned,
                "skipped_not_me": summary.skipped_not_me,
                "skipped_seen": summary.skipped_seen,
                "unreadable": summary.unreadable,
                "me": summary.me,
                "history": path.display().to_string(),
            })
        ),
        OutputFormat::Text => {
            println!(
                "読んだメール {} 通 / 学習 {} 通 / スキップ: 自分以外から {} 通・学習済み {} 通・読めない {} 通",
                summary.read,
                summary.learned,
                summary.skipped_not_me,
                summary.skipped_seen,
                summary.unreadable
            );
            println!(
                "(read {}, learned {}, skipped: not from me {}, seen before {}, unreadable {}); 差出人 (me): {}; 履歴 (history): {}",
                summary.read,
                summary.learned,
                summary.skipped_not_me,
                summary.skipped_seen,
                summary.unreadable,
                if summary.me.is_empty() {
                    "-".to_owned()
                } else {
                    summary.me.join(", ")
                },
                path.display()
            );
        }
    }
    Ok(())
}

fn show(file: HistoryFile, format: OutputFormat) -> Result<()> {
    let path = file.resolve()?;
    if !path.exists() {
        anyhow::bail!(
            "{}: 履歴ファイルがありません (no history yet; run `sendguard history learn`)",
            path.display()
        );
    }
    let store = HistoryStore::open(&path)?;
    let list = OrganisationList::load_configured()?;
    let snapshot = store.snapshot(&list)?;
    let totals = store.totals()?;
    let domains = snapshot.domains();
    match format {
        OutputFormat::Json => {
            let domains: Vec<serde_json::Value> = domains
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "domain": d.domain,
                        "sends": d.sends,
                        "organisations": d.organisations.iter().map(|o| serde_json::json!({
                            "name": o.name, "key": o.key, "listed": o.listed, "count": o.count,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let addresses: Vec<serde_json::Value> = snapshot
                .addresses()
                .iter()
                .map(|a| {
                    serde_json::json!({
                        "address": a.address,
                        "sends": a.sends,
                        "surnames": a.surnames.iter().map(|(s, c)| serde_json::json!({"name": s, "count": c})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::json!({
                    "messages": totals.messages,
                    "addresses": totals.addresses,
                    "groups": totals.groups,
                    "domains": domains,
                    "recipients": addresses,
                })
            );
        }
        OutputFormat::Text => {
            println!(
                "学習済み {} 通、宛先 {} 件、ドメイン {} 件 (learned {} messages, {} addresses, {} domains)",
                totals.messages,
                totals.addresses,
                totals.domains,
                totals.messages,
                totals.addresses,
                totals.domains
            );
            for d in domains {
                let names: Vec<String> = d
                    .organisations
                    .iter()
                    .map(|o| {
                        if o.listed {
                            format!("{}（一覧）", o.name)
                        } else {
                            format!("{}×{}", o.name, o.count)
                        }
                    })
                    .collect();
                println!("{:>6}  {}  {}", d.sends, d.domain, names.join("、"));
            }
        }
    }
    Ok(())
}
