//! `sendguard relay` between real clients and a real upstream: the upstream is aiosmtpd
//! (`tests/relay/upstream.py`) with STARTTLS required, a private CA and AUTH; the
//! clients are Python's smtplib, swaks and msmtp. Every test starts its own upstream
//! and relay on free loopback ports in its own folder, and reads what the upstream got.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use base64::Engine as _;

const PASSWORD: &str = "correct horse";
const TOKEN: &str = "ya29.test-token";

/// A child process killed when the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The first stdout line of `child`, within 30 s.
fn first_line(child: &mut Child) -> String {
    let stdout = child.stdout.take().expect("stdout piped");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("the process printed its first line")
}

fn folder(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("relay-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("test folder");
    dir
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("the tool runs (installed by .ci/run)")
}

/// A private CA and a leaf for `localhost`/127.0.0.1 signed by it (openssl).
fn certificates(dir: &Path) -> PathBuf {
    let ok = |out: Output| assert!(out.status.success(), "openssl: {out:?}");
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    ok(run(Command::new("openssl")
        .current_dir(dir)
        .args(["req", "-x509"])
        .args(ec)
        .args(["-keyout", "ca.key", "-out", "ca.pem", "-days", "2"])
        .args(["-subj", "/CN=sendguard test CA"])));
    ok(run(Command::new("openssl")
        .current_dir(dir)
        .args(["req"])
        .args(ec)
        .args([
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ])));
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n",
    )
    .expect("ext");
    ok(run(Command::new("openssl")
        .current_dir(dir)
        .args([
            "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        ])
        .args([
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ])));
    dir.join("ca.pem")
}

struct Upstream {
    _child: Running,
    port: u16,
    got: PathBuf,
    ca: PathBuf,
}

/// One message as the upstream received it.
#[derive(Debug)]
struct Received {
    mail_from: String,
    rcpt: Vec<String>,
    data: Vec<u8>,
}

impl Upstream {
    fn start(dir: &Path) -> Upstream {
        let ca = certificates(dir);
        let got = dir.join("upstream");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relay/upstream.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--dir", got.to_str().expect("utf8")])
            .args(["--cert", "leaf.pem", "--key", "leaf.key", "--require-auth"])
            .args(["--password", PASSWORD, "--oauth-token", TOKEN])
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (installed by .ci/run)");
        let line = first_line(&mut child);
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("upstream said {line:?}"));
        Upstream {
            _child: Running(child),
            port,
            got,
            ca,
        }
    }

    fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.got)
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "json"));
        files.sort();
        files
            .iter()
            .map(|p| {
                let v: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(p).expect("read")).expect("json");
                Received {
                    mail_from: v["mail_from"].as_str().unwrap_or_default().to_owned(),
                    rcpt: v["rcpt"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|r| r.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                    data: base64::engine::general_purpose::STANDARD
                        .decode(v["data_b64"].as_str().unwrap_or_default())
                        .expect("b64"),
                }
            })
            .collect()
    }
}

struct Relay {
    child: Running,
    port: u16,
    db: PathBuf,
}

const BLOCKING_POLICY: &str = "[organisation]\ninternal_domains = [\"sakura-sys.co.jp\"]\n\n[personal_data.severity]\nmy_number = \"block\"\n";

impl Relay {
    /// `sendguard relay` to `upstream` (STARTTLS, the test CA), with `extra` arguments.
    fn start(dir: &Path, upstream: &Upstream, extra: &[&str]) -> Relay {
        Relay::start_with_policy(dir, upstream, extra, BLOCKING_POLICY)
    }

    fn start_with_policy(dir: &Path, upstream: &Upstream, extra: &[&str], policy: &str) -> Relay {
        std::fs::write(dir.join("policy.toml"), policy).expect("policy");
        let db = dir.join("data").join("nearmiss.sqlite3");
        let mut child = Command::new(env!("CARGO_BIN_EXE_sendguard"))
            .arg("relay")
            .args(["--listen", "127.0.0.1:0"])
            .args(["--upstream", &format!("localhost:{}", upstream.port)])
            .args(["--upstream-tls", "starttls"])
            .args(["--upstream-ca", upstream.ca.to_str().expect("utf8")])
            .args(["--rules", dir.join("policy.toml").to_str().expect("utf8")])
            .args(["--db", db.to_str().expect("utf8")])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sendguard relay starts");
        let line = first_line(&mut child);
        let port = line
            .trim()
            .strip_prefix("listening on smtp://127.0.0.1:")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("relay said {line:?}"));
        Relay {
            child: Running(child),
            port,
            db,
        }
    }

    fn log_list(&self) -> String {
        let out = run(Command::new(env!("CARGO_BIN_EXE_sendguard"))
            .args(["log", "list", "--db", self.db.to_str().expect("utf8")])
            .env("NO_COLOR", "1"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// Runs a Python smtplib client: `script` sees `port` and `msg` (bytes), and prints
/// what the test asserts on.
fn smtplib(port: u16, msg: &[u8], script: &str) -> String {
    let program = format!(
        "import smtplib, sys, base64\nport = {port}\nmsg = base64.b64decode('{}')\n{script}",
        base64::engine::general_purpose::STANDARD.encode(msg)
    );
    let out = run(Command::new("python3").args(["-c", &program]));
    assert!(
        out.status.success(),
        "smtplib client failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const CLEAN: &str = "From: suzuki@sakura-sys.co.jp\r\nTo: =?UTF-8?B?5bGx55Sw?= <yamada@partner.co.jp>\r\nSubject: =?UTF-8?B?5omT44Gh5ZCI44KP44Gb?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n山田様\r\n\r\n来週の打ち合わせの件です。\r\n.先頭のドット\r\n..二つ\r\n";

#[test]
fn a_clean_mail_goes_through_byte_for_byte_with_the_clients_own_login() {
    let dir = folder("clean");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    let out = smtplib(
        relay.port,
        CLEAN.as_bytes(),
        &format!(
            "with smtplib.SMTP('127.0.0.1', port) as s:\n    s.login('tanaka', '{PASSWORD}')\n    print(s.sendmail('suzuki@sakura-sys.co.jp', ['yamada@partner.co.jp'], msg, mail_options=['BODY=8BITMIME']))\n"
        ),
    );
    assert_eq!(out.trim(), "{}", "every recipient accepted");
    let got = upstream.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].data, CLEAN.as_bytes(), "not one byte changed");
    assert_eq!(got[0].mail_from, "suzuki@sakura-sys.co.jp");
    assert_eq!(got[0].rcpt, ["yamada@partner.co.jp"]);
    let list = relay.log_list();
    assert!(list.contains("チェックのみ"), "logged as checked: {list}");
    // The diagnostics beside the log name what happened, never who or what.
    let logs = relay.db.parent().expect("data").join("logs");
    let mut diagnostics = Vec::new();
    for file in std::fs::read_dir(&logs).expect("diagnostics folder") {
        diagnostics.extend(std::fs::read(file.expect("entry").path()).expect("read"));
    }
    let text = String::from_utf8_lossy(&diagnostics);
    assert!(text.contains("relay delivered upstream"), "{text}");
    for secret in [
        "yamada@partner.co.jp",
        "yamada",
        "山田",
        "打ち合わせ",
        PASSWORD,
    ] {
        assert!(
            !text.contains(secret),
            "{secret:?} in the diagnostics: {text}"
        );
    }
}

#[test]
fn a_wrong_password_fails_as_the_upstream_answered_it() {
    let dir = folder("wrong-password");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    let out = smtplib(
        relay.port,
        b"",
        "with smtplib.SMTP('127.0.0.1', port) as s:\n    try:\n        s.login('tanaka', 'wrong')\n    except smtplib.SMTPAuthenticationError as e:\n        print(e.smtp_code, e.smtp_error.decode())\n",
    );
    assert!(
        out.starts_with("535 5.7.8 Authentication credentials invalid"),
        "the upstream's own answer: {out}"
    );
    assert!(upstream.received().is_empty());
}

#[test]
fn xoauth2_is_passed_through_to_the_upstream() {
    let dir = folder("xoauth2");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    let script = |token: &str| {
        format!(
            "import base64 as b\nwith smtplib.SMTP('127.0.0.1', port) as s:\n    s.ehlo()\n    blob = b.b64encode(b'user=tanaka@sakura-sys.co.jp\\x01auth=Bearer {token}\\x01\\x01').decode()\n    code, text = s.docmd('AUTH', 'XOAUTH2 ' + blob)\n    print(code, text.decode())\n    if code == 235:\n        print(s.sendmail('suzuki@sakura-sys.co.jp', ['yamada@partner.co.jp'], msg))\n"
        )
    };
    let out = smtplib(relay.port, CLEAN.as_bytes(), &script(TOKEN));
    assert!(out.starts_with("235"), "token accepted upstream: {out}");
    assert_eq!(upstream.received().len(), 1);
    let out = smtplib(relay.port, CLEAN.as_bytes(), &script("stolen"));
    assert!(
        out.starts_with("535"),
        "the upstream refused the token: {out}"
    );
    assert_eq!(upstream.received().len(), 1, "nothing more went out");
}

#[test]
fn a_blocked_my_number_is_refused_with_550_and_nothing_goes_upstream() {
    let dir = folder("blocked");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    let out = run(Command::new("swaks")
        .args(["--server", "127.0.0.1", "--port", &relay.port.to_string()])
        .args([
            "--from",
            "suzuki@sakura-sys.co.jp",
            "--to",
            "hanako@partner.co.jp",
        ])
        .args([
            "--auth",
            "PLAIN",
            "--auth-user",
            "tanaka",
            "--auth-password",
            PASSWORD,
        ])
        .args(["--header", "Subject: registration"])
        .args([
            "--body",
            "My Number: 1234 5678 9018\n個人番号: 1234 5678 9018\n",
        ])
        .args(["--timeout", "30"]));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "swaks reports the refusal");
    assert!(
        text.contains("<** 550 5.7.1"),
        "550 5.7.1 after DATA: {text}"
    );
    assert!(text.contains("個人番号"), "the reason names what: {text}");
    assert!(upstream.received().is_empty(), "nothing upstream");
    assert!(relay.log_list().contains("ブロック"), "logged as blocked");
}

#[test]
fn a_bcc_move_leaves_the_headers_and_keeps_the_envelope_with_the_relays_own_login() {
    let dir = folder("bcc");
    let upstream = Upstream::start(&dir);
    let password_file = dir.join("password");
    std::fs::write(&password_file, format!("{PASSWORD}\n")).expect("password file");
    let relay = Relay::start(
        &dir,
        &upstream,
        &[
            "--decide",
            "move-to-bcc",
            "--upstream-user",
            "tanaka",
            "--upstream-password-file",
            password_file.to_str().expect("utf8"),
        ],
    );
    let outside = ["a@alpha.co.jp", "b@beta.co.jp", "c@gamma.co.jp"];
    let mail = format!(
        "From: suzuki@sakura-sys.co.jp\r\nTo: sato@sakura-sys.co.jp\r\nCc: {}\r\nSubject: seminar\r\n\r\nご案内です。\r\n",
        outside.join(", ")
    );
    // msmtp: no AUTH from the client; the relay logs in with its own credential.
    let mut msmtp = Command::new("msmtp")
        .args(["--host=127.0.0.1", &format!("--port={}", relay.port)])
        .args(["--auth=off", "--tls=off", "--from=suzuki@sakura-sys.co.jp"])
        .arg("sato@sakura-sys.co.jp")
        .args(outside)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("msmtp (installed by .ci/run)");
    msmtp
        .stdin
        .take()
        .expect("stdin")
        .write_all(mail.as_bytes())
        .expect("write");
    let out = msmtp.wait_with_output().expect("msmtp ends");
    assert!(
        out.status.success(),
        "msmtp: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = upstream.received();
    assert_eq!(got.len(), 1);
    let mut rcpt = got[0].rcpt.clone();
    rcpt.sort();
    assert_eq!(
        rcpt,
        [
            "a@alpha.co.jp",
            "b@beta.co.jp",
            "c@gamma.co.jp",
            "sato@sakura-sys.co.jp"
        ],
        "everyone still gets it"
    );
    let data = String::from_utf8_lossy(&got[0].data);
    assert!(data.contains("To: sato@sakura-sys.co.jp\r\n"), "{data}");
    for a in outside {
        assert!(!data.contains(a), "{a} left the headers: {data}");
    }
    assert!(!data.contains("Bcc"), "no Bcc header is written: {data}");
    assert!(
        data.ends_with("\r\n\r\nご案内です。\r\n"),
        "body unchanged: {data}"
    );
}

#[test]
fn iso_2022_jp_and_shift_jis_mail_pass_unchanged() {
    let dir = folder("charsets");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    // 「お世話になっております」 in ISO-2022-JP (7 bit) and in Shift_JIS (8 bit).
    let iso: &[u8] = b"From: suzuki@sakura-sys.co.jp\r\nTo: yamada@partner.co.jp\r\nSubject: =?ISO-2022-JP?B?GyRCJDQwRjFiGyhC?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n\x1b$B$*@$OC$K$J$C$F$*$j$^$9\x1b(B\r\n";
    let mut sjis: Vec<u8> = b"From: suzuki@sakura-sys.co.jp\r\nTo: yamada@partner.co.jp\r\nSubject: sjis\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".to_vec();
    sjis.extend_from_slice(b"\x82\xa8\x90\xa2\x98\x62\x82\xc9\x82\xc8\x82\xc1\x82\xc4\x82\xa8\x82\xe8\x82\xdc\x82\xb7\r\n");
    for (mail, options) in [(iso, "[]"), (&sjis[..], "['BODY=8BITMIME']")] {
        smtplib(
            relay.port,
            mail,
            &format!(
                "with smtplib.SMTP('127.0.0.1', port) as s:\n    s.login('tanaka', '{PASSWORD}')\n    s.sendmail('suzuki@sakura-sys.co.jp', ['yamada@partner.co.jp'], msg, mail_options={options})\n"
            ),
        );
    }
    let got = upstream.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].data, iso);
    assert_eq!(got[1].data, sjis);
}

/// Talks raw SMTP: sends `send`, returns everything the relay answered after its greeting.
fn raw_session(port: u16, send: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    let mut answer = vec![0u8; 512];
    let n = stream.read(&mut answer).expect("greeting");
    assert!(answer[..n].starts_with(b"220 "));
    // Read while writing: 10,000 answers would fill the socket buffers otherwise.
    let mut reader = stream.try_clone().expect("clone");
    let answers = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = reader.read_to_end(&mut all);
        all
    });
    let _ = stream.write_all(send);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let all = answers.join().expect("reader");
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
fn a_message_over_the_limit_is_refused_with_552_before_and_after_data() {
    let dir = folder("too-large");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    // Declared: refused at MAIL.
    let answer = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<a@sakura-sys.co.jp> SIZE=105906176\r\nQUIT\r\n",
    );
    assert!(answer.contains("552 5.3.4"), "{answer}");
    // Undeclared: 101 MiB read to its end, kept nowhere, refused after DATA.
    let mut big = b"EHLO t\r\nMAIL FROM:<a@sakura-sys.co.jp>\r\nRCPT TO:<b@partner.co.jp>\r\nDATA\r\nSubject: big\r\n\r\n".to_vec();
    let line = [b'x'; 998];
    while big.len() < 101 * 1024 * 1024 {
        big.extend_from_slice(&line);
        big.extend_from_slice(b"\r\n");
    }
    big.extend_from_slice(b".\r\nQUIT\r\n");
    let answer = raw_session(relay.port, &big);
    assert!(answer.contains("552 5.3.4"), "{answer}");
    assert!(
        answer.contains("221"),
        "the session goes on after the refusal: {answer}"
    );
    assert!(upstream.received().is_empty());
}

#[test]
fn hostile_sessions_get_answers_and_the_relay_keeps_serving() {
    let dir = folder("hostile");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &[]);
    let garbage = raw_session(
        relay.port,
        b"\x00\x01\x02 NUL\r\nEHLO\tx\nMAIL FROM:<>\r\nRCPT TO:<\x00@x>\r\nXYZZY\r\nDATA\r\nQUIT\r\n",
    );
    assert!(
        garbage.contains("500") || garbage.contains("501"),
        "{garbage}"
    );
    let mut flood = b"EHLO t\r\nMAIL FROM:<a@sakura-sys.co.jp>\r\n".to_vec();
    for i in 0..10_000 {
        flood.extend_from_slice(format!("RCPT TO:<r{i}@partner.co.jp>\r\n").as_bytes());
    }
    flood.extend_from_slice(b"RSET\r\nQUIT\r\n");
    let answer = raw_session(relay.port, &flood);
    assert!(answer.contains("452 4.5.3"), "too many recipients");
    assert!(answer.contains("221"), "answered to the end");
    for long in [
        format!("EHLO {}\r\nQUIT\r\n", "x".repeat(10_000)),
        format!("MAIL FROM:<{}@x.jp>\r\nQUIT\r\n", "x".repeat(10_000)),
        format!("{}\r\nQUIT\r\n", "x".repeat(100_000)),
    ] {
        let answer = raw_session(relay.port, long.as_bytes());
        assert!(answer.starts_with("50"), "refused: {answer}");
        assert!(answer.contains("221 "), "and the session goes on: {answer}");
    }
    // An unterminated DATA, then the client goes away.
    let cut = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<a@sakura-sys.co.jp>\r\nRCPT TO:<b@partner.co.jp>\r\nDATA\r\nSubject: cut\r\n\r\nno end",
    );
    assert!(cut.contains("354"), "{cut}");
    // Still serving, and nothing half-received went anywhere.
    let out = smtplib(
        relay.port,
        CLEAN.as_bytes(),
        &format!(
            "with smtplib.SMTP('127.0.0.1', port) as s:\n    s.login('tanaka', '{PASSWORD}')\n    print(s.sendmail('a@sakura-sys.co.jp', ['b@partner.co.jp'], msg))\n"
        ),
    );
    assert_eq!(out.trim(), "{}");
    assert_eq!(upstream.received().len(), 1);
}

#[test]
fn upstream_trouble_is_told_and_nothing_is_sent_unsafely() {
    let dir = folder("upstream-trouble");
    let upstream = Upstream::start(&dir);
    // The platform's roots do not know the test CA: the relay refuses to go on.
    std::fs::write(dir.join("policy.toml"), BLOCKING_POLICY).expect("policy");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["relay", "--listen", "127.0.0.1:0"])
        .args(["--upstream", &format!("localhost:{}", upstream.port)])
        .args(["--db", dir.join("d2/n.sqlite3").to_str().expect("utf8")])
        .args(["--rules", dir.join("policy.toml").to_str().expect("utf8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("relay");
    let line = first_line(&mut child);
    let _unverified = Running(child);
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("port");
    let out = smtplib(
        port,
        b"",
        &format!(
            "with smtplib.SMTP('127.0.0.1', port) as s:\n    try:\n        s.login('tanaka', '{PASSWORD}')\n    except smtplib.SMTPException as e:\n        print(e.smtp_code, e.smtp_error.decode())\n"
        ),
    );
    assert!(out.starts_with("554"), "{out}");
    assert!(
        out.contains("証明書"),
        "says why in Japanese and English: {out}"
    );

    // An upstream that is down: a temporary failure the client keeps the mail for.
    let down = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let down_port = down.local_addr().expect("addr").port();
    drop(down);
    let dir2 = dir.join("down");
    std::fs::create_dir_all(&dir2).expect("dir");
    let dead = Upstream {
        _child: Running(Command::new("true").spawn().expect("true")),
        port: down_port,
        got: dir2.join("none"),
        ca: upstream.ca.clone(),
    };
    let relay = Relay::start(&dir2, &dead, &[]);
    let answer = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<a@sakura-sys.co.jp>\r\nRCPT TO:<b@partner.co.jp>\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n",
    );
    assert!(answer.contains("451 4.4.1"), "{answer}");
    assert!(answer.contains("接続できません"), "{answer}");
}

#[test]
fn a_second_relay_on_the_same_data_folder_is_refused() {
    let dir = folder("second");
    let upstream = Upstream::start(&dir);
    let first = Relay::start(&dir, &upstream, &[]);
    let out = run(Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["relay", "--listen", "127.0.0.1:0"])
        .args(["--upstream", &format!("localhost:{}", upstream.port)])
        .args(["--db", first.db.to_str().expect("utf8")])
        .stdin(Stdio::null()));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let pid = first.child.0.id().to_string();
    assert!(err.contains(&pid), "names the process that holds it: {err}");
}

fn queue(relay_db: &Path, args: &[&str]) -> String {
    let out = run(Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["relay", "queue"])
        .args(args)
        .args(["--db", relay_db.to_str().expect("utf8")]));
    assert!(
        out.status.success(),
        "queue {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Sends one mail with the client's own login; returns the relay's answer to DATA.
fn send_logged_in(port: u16, subject: &str) -> String {
    let mail = format!(
        "From: suzuki@sakura-sys.co.jp\r\nTo: yamada@partner.co.jp\r\nSubject: {subject}\r\n\r\nbody\r\n"
    );
    smtplib(
        port,
        mail.as_bytes(),
        &format!(
            "with smtplib.SMTP('127.0.0.1', port) as s:\n    s.login('tanaka', '{PASSWORD}')\n    s.mail('suzuki@sakura-sys.co.jp')\n    s.rcpt('yamada@partner.co.jp')\n    code, text = s.data(msg)\n    print(code, text.decode())\n"
        ),
    )
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..150 {
        if done() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("waited 15 s for {what}");
}

#[test]
fn a_held_mail_can_be_taken_back_and_another_goes_at_its_time() {
    let dir = folder("hold");
    let upstream = Upstream::start(&dir);
    let relay = Relay::start(&dir, &upstream, &["--hold-secs", "3"]);
    let first = send_logged_in(relay.port, "first");
    assert!(first.starts_with("250 2.0.0"), "held at once: {first}");
    assert!(first.contains("保留"), "{first}");
    let second = send_logged_in(relay.port, "second");
    assert!(second.starts_with("250"), "{second}");
    let list = queue(&relay.db, &["list"]);
    assert!(
        list.contains("送信待ち") && list.contains("first") && list.contains("second"),
        "{list}"
    );
    assert!(
        upstream.received().is_empty(),
        "nothing leaves during the hold"
    );

    let taken = queue(&relay.db, &["cancel", "1"]);
    assert!(taken.contains("取り消しました"), "{taken}");
    let kept = relay
        .db
        .parent()
        .expect("data")
        .join("relay/recalled/1.eml");
    assert!(
        String::from_utf8_lossy(&std::fs::read(&kept).expect("the taken-back mail is kept"))
            .contains("Subject: first")
    );
    wait_for("the second mail at its time", || {
        upstream.received().len() == 1
    });
    std::thread::sleep(Duration::from_millis(1500));
    let got = upstream.received();
    assert_eq!(got.len(), 1, "only the one not taken back");
    assert!(String::from_utf8_lossy(&got[0].data).contains("Subject: second"));
    let log = relay.log_list();
    assert!(log.contains("保留中に取"), "the event says recalled: {log}");
    assert!(
        queue(&relay.db, &["list"]).contains("ありません"),
        "the queue is empty"
    );
}

#[test]
fn a_relay_killed_during_a_hold_delivers_the_mail_once_after_restart() {
    let dir = folder("sigkill");
    let upstream = Upstream::start(&dir);
    let password_file = dir.join("password");
    std::fs::write(&password_file, PASSWORD).expect("password file");
    let own_login = [
        "--hold-secs",
        "2",
        "--upstream-user",
        "tanaka",
        "--upstream-password-file",
        password_file.to_str().expect("utf8"),
    ];
    let mut relay = Relay::start(&dir, &upstream, &own_login);
    let answer = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<suzuki@sakura-sys.co.jp>\r\nRCPT TO:<yamada@partner.co.jp>\r\nDATA\r\nSubject: survives\r\n\r\nbody\r\n.\r\nQUIT\r\n",
    );
    assert!(answer.contains("250 2.0.0"), "{answer}");
    // SIGKILL: no chance to clean up.
    let _ = relay.child.0.kill();
    let _ = relay.child.0.wait();
    std::thread::sleep(Duration::from_millis(2500));
    assert!(upstream.received().is_empty(), "a dead relay sends nothing");
    assert!(
        queue(&relay.db, &["list"]).contains("survives"),
        "still held"
    );

    relay = Relay::start(&dir, &upstream, &own_login);
    wait_for("delivery after the restart", || {
        upstream.received().len() == 1
    });
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(upstream.received().len(), 1, "once, never twice");
    assert!(queue(&relay.db, &["list"]).contains("ありません"));
}

#[test]
fn an_upstream_down_after_the_hold_keeps_the_mail_and_says_why() {
    let dir = folder("down-after-hold");
    let upstream = Upstream::start(&dir);
    let down = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let down_port = down.local_addr().expect("addr").port();
    drop(down);
    let dead = Upstream {
        _child: Running(Command::new("true").spawn().expect("true")),
        port: down_port,
        got: dir.join("none"),
        ca: upstream.ca.clone(),
    };
    let relay = Relay::start(&dir, &dead, &["--hold-secs", "1"]);
    let answer = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<suzuki@sakura-sys.co.jp>\r\nRCPT TO:<yamada@partner.co.jp>\r\nDATA\r\nSubject: waits\r\n\r\nbody\r\n.\r\nQUIT\r\n",
    );
    assert!(answer.contains("250 2.0.0"), "{answer}");
    wait_for("the first try", || {
        queue(&relay.db, &["show", "1"]).contains("接続できません")
    });
    let shown = queue(&relay.db, &["show", "1"]);
    assert!(shown.contains("試行 (attempts):  1"), "{shown}");
    let eml = dir.join("waits.eml");
    queue(
        &relay.db,
        &["export", "1", "--out", eml.to_str().expect("utf8")],
    );
    assert!(
        String::from_utf8_lossy(&std::fs::read(&eml).expect("exported")).contains("Subject: waits")
    );
}

#[test]
fn each_account_goes_to_its_own_upstream() {
    let dir = folder("accounts");
    let main = Upstream::start(&dir);
    // A second, plain server for the account of sato@ (no TLS, no login).
    let other_dir = dir.join("other");
    std::fs::create_dir_all(&other_dir).expect("dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/relay/upstream.py");
    let mut child = Command::new("python3")
        .arg(script)
        .args(["--dir", other_dir.join("upstream").to_str().expect("utf8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("second upstream");
    let line = first_line(&mut child);
    let other = Upstream {
        _child: Running(child),
        port: line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .expect("port"),
        got: other_dir.join("upstream"),
        ca: main.ca.clone(),
    };
    let policy = format!(
        "{BLOCKING_POLICY}\n[[relay.accounts]]\nuser = \"Sato@Sakura-Sys.co.jp\"\nupstream = \"127.0.0.1:{}\"\nupstream_tls = \"none\"\n",
        other.port
    );
    let relay = Relay::start_with_policy(&dir, &main, &[], &policy);
    // Without AUTH the sender picks the account.
    let answer = raw_session(
        relay.port,
        b"EHLO t\r\nMAIL FROM:<sato@sakura-sys.co.jp>\r\nRCPT TO:<yamada@partner.co.jp>\r\nDATA\r\nSubject: via account\r\n\r\nbody\r\n.\r\nQUIT\r\n",
    );
    assert!(answer.contains("250 2.0.0 Ok: queued"), "{answer}");
    assert_eq!(other.received().len(), 1, "sato@ went to its own server");
    // With AUTH the login picks it (tanaka has no account: the default upstream).
    let out = send_logged_in(relay.port, "via default");
    assert!(out.starts_with("250"), "{out}");
    assert_eq!(main.received().len(), 1);
    assert_eq!(other.received().len(), 1);
}
