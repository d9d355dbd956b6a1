//! Time at the relay. A dialog left open longer than the mail client waits: the client
//! is answered `250` after `answer_within`, nothing goes upstream before the person
//! decides, and then the mail goes (let go) or is kept as a `.eml` with the person told
//! (cancelled). A client that never speaks (or stops mid-DATA) is timed out. The
//! upstream is the project's test server (aiosmtpd, `tests/relay/upstream.py`).

use std::future::Future;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sendguard_engine::policy::UpstreamTls;
use sendguard_engine::{Engine, Policy, Report};
use sendguard_hook::{Decider, Guard, Outcome};
use sendguard_nearmiss::Decision;
use sendguard_relay::{Relay, RelayConfig, UpstreamConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// A person who answers when the test says so.
#[derive(Debug, Default)]
struct Person {
    answer: Mutex<Option<oneshot::Receiver<bool>>>,
}

impl Decider for Person {
    fn decide<'a>(
        &'a self,
        _report: &'a Report,
        _client: &'a str,
    ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
        let rx = self.answer.lock().expect("lock").take();
        Box::pin(async move {
            let send = match rx {
                Some(rx) => rx.await.unwrap_or(false),
                None => false,
            };
            Outcome {
                send,
                decision: if send {
                    Decision::Sent
                } else {
                    Decision::Cancelled
                },
                changes: Default::default(),
                dialog_seconds: Some(1.0),
                told_person: true,
            }
        })
    }
}

struct Upstream {
    child: Child,
    port: u16,
    got: PathBuf,
}

impl Drop for Upstream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Upstream {
    fn start(dir: &Path) -> Upstream {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/relay/upstream.py");
        let got = dir.join("upstream");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--dir", got.to_str().expect("utf8")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (installed by .ci/run)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("line");
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .expect("port");
        Upstream { child, port, got }
    }

    fn received(&self) -> usize {
        std::fs::read_dir(&self.got)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .count()
            })
            .unwrap_or(0)
    }
}

struct Setup {
    upstream: Arc<Upstream>,
    port: u16,
    answer: oneshot::Sender<bool>,
    told: Arc<Mutex<Vec<String>>>,
    dir: PathBuf,
}

async fn setup(name: &str) -> Setup {
    let dir = std::env::temp_dir().join(format!("sg-answer-within-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let upstream = Arc::new(Upstream::start(&dir));
    let (tx, rx) = oneshot::channel();
    let person = Person {
        answer: Mutex::new(Some(rx)),
    };
    let mut policy = Policy::builtin();
    policy.add_internal_domain("sakura-sys.co.jp");
    let guard = Arc::new(Guard::new(Engine::new(policy), Arc::new(person), None));
    let mut config = RelayConfig::new(
        UpstreamConfig {
            host: "127.0.0.1".into(),
            port: upstream.port,
            tls: UpstreamTls::None,
            ca_file: None,
            credential: None,
            timeout: Duration::from_secs(10),
            helo_name: "test".into(),
        },
        1 << 20,
    );
    config.answer_within = Duration::from_secs(1);
    let told = Arc::new(Mutex::new(Vec::new()));
    let heard = told.clone();
    let relay = Relay::new(config, guard)
        .expect("relay")
        .with_spool(sendguard_relay::spool::Spool::open(&dir.join("relay")).expect("spool"))
        .with_tell(Arc::new(move |title: &str, text: &str| {
            heard.lock().expect("lock").push(format!("{title}: {text}"));
        }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(sendguard_relay::serve(listener, Arc::new(relay)));
    Setup {
        upstream,
        port,
        answer: tx,
        told,
        dir,
    }
}

/// Sends one mail and returns the answer to DATA and how long it took.
async fn send(port: u16) -> (String, Duration) {
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connect");
    let mut buf = vec![0u8; 4096];
    let _ = s.read(&mut buf).await.expect("greeting");
    s.write_all(b"EHLO t\r\nMAIL FROM:<suzuki@sakura-sys.co.jp>\r\nRCPT TO:<yamada@partner.co.jp>\r\nDATA\r\n")
        .await
        .expect("write");
    let mut seen = String::new();
    while !seen.contains("354") {
        let n = s.read(&mut buf).await.expect("read");
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let start = std::time::Instant::now();
    s.write_all(b"Subject: slow decision\r\n\r\nbody\r\n.\r\n")
        .await
        .expect("data");
    let n = s.read(&mut buf).await.expect("answer");
    (
        String::from_utf8_lossy(&buf[..n]).into_owned(),
        start.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecided_mail_is_accepted_in_time_and_sent_only_when_let_go() {
    let setup = setup("send").await;
    let upstream = setup.upstream.clone();
    let (answer, took) = send(setup.port).await;
    assert!(answer.starts_with("250 2.0.0"), "{answer}");
    assert!(answer.contains("決まるまで送りません"), "{answer}");
    assert!(
        took < Duration::from_secs(5),
        "answered within answer_within: {took:?}"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(upstream.received(), 0, "nothing before the decision");
    setup.answer.send(true).expect("decide");
    for _ in 0..100 {
        if upstream.received() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(upstream.received(), 1, "sent once let go");
    let _ = std::fs::remove_dir_all(&setup.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undecided_mail_then_cancelled_is_kept_and_the_person_told() {
    let setup = setup("cancel").await;
    let upstream = setup.upstream.clone();
    let (answer, _) = send(setup.port).await;
    assert!(answer.starts_with("250"), "{answer}");
    setup.answer.send(false).expect("decide");
    let kept = setup.dir.join("relay/recalled/1.eml");
    for _ in 0..100 {
        if kept.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let eml = std::fs::read(&kept).expect("the cancelled mail is kept as .eml");
    assert!(String::from_utf8_lossy(&eml).contains("Subject: slow decision"));
    let told = setup.told.lock().expect("lock").join("\n");
    assert!(
        told.contains("送られていません"),
        "the person is told: {told}"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(upstream.received(), 0, "nothing went out");
    let _ = std::fs::remove_dir_all(&setup.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_speaks_is_timed_out_not_kept_forever() {
    let guard = Arc::new(Guard::new(
        Engine::new(Policy::builtin()),
        Arc::new(Person::default()),
        None,
    ));
    let mut config = RelayConfig::new(
        UpstreamConfig {
            host: "127.0.0.1".into(),
            port: 9,
            tls: UpstreamTls::None,
            ca_file: None,
            credential: None,
            timeout: Duration::from_secs(2),
            helo_name: "test".into(),
        },
        1 << 20,
    );
    config.command_timeout = Duration::from_secs(1);
    let relay = Arc::new(Relay::new(config, guard).expect("relay"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(sendguard_relay::serve(listener, relay));
    for opening in [
        &b""[..],
        b"EHLO t\r\nMAIL FROM:<a@b.jp>\r\nRCPT TO:<c@d.jp>\r\nDATA\r\nSubject: x\r\n",
    ] {
        let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        s.write_all(opening).await.expect("write");
        let mut all = Vec::new();
        let started = std::time::Instant::now();
        tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut all))
            .await
            .expect("the relay ends the session")
            .expect("read");
        let text = String::from_utf8_lossy(&all);
        assert!(text.contains("421 4.4.2"), "{text}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }
}

/// An upstream that takes a whole message and then closes without answering (or,
/// `silent`, never says anything at all). Counts the messages it received.
async fn rude_upstream(silent: bool) -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got = Arc::new(AtomicUsize::new(0));
    let count = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let count = count.clone();
            tokio::spawn(async move {
                if silent {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    return;
                }
                let _ = s.write_all(b"220 rude ESMTP\r\n").await;
                let mut seen = Vec::new();
                let mut buf = vec![0u8; 65536];
                let mut in_data = false;
                loop {
                    let Ok(n) = s.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buf[..n]);
                    if in_data {
                        if seen.windows(5).any(|w| w == b"\r\n.\r\n") {
                            count.fetch_add(1, Ordering::SeqCst);
                            return; // closes without a word
                        }
                        continue;
                    }
                    while let Some(end) = seen.windows(2).position(|w| w == b"\r\n") {
                        let line: Vec<u8> = seen.drain(..end + 2).collect();
                        let answer: &[u8] = if line.starts_with(b"EHLO") {
                            b"250-rude\r\n250 8BITMIME\r\n"
                        } else if line.starts_with(b"DATA") {
                            in_data = true;
                            b"354 go\r\n"
                        } else {
                            b"250 ok\r\n"
                        };
                        let _ = s.write_all(answer).await;
                        if in_data {
                            break;
                        }
                    }
                }
            });
        }
    });
    (port, got)
}

fn relay_to(port: u16, timeout: Duration) -> RelayConfig {
    RelayConfig::new(
        UpstreamConfig {
            host: "127.0.0.1".into(),
            port,
            tls: UpstreamTls::None,
            ca_file: None,
            credential: None,
            timeout,
            helo_name: "test".into(),
        },
        1 << 20,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answer_after_the_message_is_never_a_second_send() {
    use std::sync::atomic::Ordering;
    let (up, got) = rude_upstream(false).await;
    let always = Arc::new(sendguard_hook::DecideMode::AlwaysSend);
    // Sent at once: the client hears 554 (keep it, do not retry), one copy upstream.
    let guard = Arc::new(Guard::new(
        Engine::new(Policy::builtin()),
        always.clone(),
        None,
    ));
    let relay = Arc::new(Relay::new(relay_to(up, Duration::from_secs(2)), guard).expect("relay"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(sendguard_relay::serve(listener, relay));
    let (answer, _) = send(port).await;
    assert!(answer.starts_with("554 5.4.7"), "{answer}");
    assert!(answer.contains("送られたかどうか分かりません"), "{answer}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(got.load(Ordering::SeqCst), 1, "one copy, no retry");

    // Through the hold queue: marked unknown, not retried.
    let dir = std::env::temp_dir().join(format!("sg-unanswered-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let guard = Arc::new(Guard::new(Engine::new(Policy::builtin()), always, None));
    let mut config = relay_to(up, Duration::from_secs(2));
    config.hold = Duration::from_secs(1);
    let relay = Arc::new(
        Relay::new(config, guard)
            .expect("relay")
            .with_spool(sendguard_relay::spool::Spool::open(&dir).expect("spool"))
            .with_tell(Arc::new(|_: &str, _: &str| {})),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(sendguard_relay::serve(listener, relay));
    let (answer, _) = send(port).await;
    assert!(answer.starts_with("250"), "{answer}");
    let spool = sendguard_relay::spool::Spool::open(&dir).expect("spool");
    for _ in 0..100 {
        if spool.list().expect("list").first().map(|e| e.state)
            == Some(sendguard_relay::spool::EntryState::Unknown)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        spool.list().expect("list")[0].state,
        sendguard_relay::spool::EntryState::Unknown
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        got.load(Ordering::SeqCst),
        2,
        "one copy each, never a retry"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upstream_that_never_greets_is_given_up_on() {
    let (up, _) = rude_upstream(true).await;
    let guard = Arc::new(Guard::new(
        Engine::new(Policy::builtin()),
        Arc::new(sendguard_hook::DecideMode::AlwaysSend),
        None,
    ));
    let relay = Arc::new(Relay::new(relay_to(up, Duration::from_secs(1)), guard).expect("relay"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(sendguard_relay::serve(listener, relay));
    let (answer, took) = tokio::time::timeout(Duration::from_secs(20), send(port))
        .await
        .expect("answered");
    assert!(answer.starts_with("451 4.4.1"), "{answer}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}
