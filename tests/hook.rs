//! `sendguard serve` as an add-in meets it: the real binary on a free port, spoken to
//! over raw HTTP/1.1 so every header (Host, Origin, Authorization) is under the test's
//! control.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

struct Server {
    child: Child,
    port: u16,
    token: String,
    db: PathBuf,
    token_file: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(test: &str) -> Server {
    start_with(test, &[])
}

fn start_with(test: &str, extra: &[&str]) -> Server {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hook-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let token_file = dir.join("hook-token");
    let db = dir.join("nearmiss.sqlite3");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args([
            "serve",
            "--port",
            "0",
            "--internal-domain",
            "sakura-sys.co.jp",
        ])
        .arg("--token-file")
        .arg(&token_file)
        .arg("--db")
        .arg(&db)
        .args(extra)
        .env_remove("SENDGUARD_ORG_POLICY")
        .env("SENDGUARD_CONFIG_DIR", &dir)
        .env("SENDGUARD_DATA_DIR", &dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start sendguard serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("first line");
    let port = first
        .trim()
        .strip_prefix("listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .parse()
        .expect("port");
    let token = std::fs::read_to_string(&token_file)
        .expect("token")
        .trim()
        .to_owned();
    Server {
        child,
        port,
        token,
        db,
        token_file,
    }
}

/// One request; returns the status and the JSON body (Null when not JSON).
fn request(port: u16, head: &str, body: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut raw = format!(
        "{head}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(body);
    let _ = stream.write_all(&raw);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let json = text
        .split_once("\r\n\r\n")
        .and_then(|(_, b)| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json)
}

fn post(s: &Server, path: &str, body: &[u8], content_type: &str) -> (u16, Value) {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer {}\r\nContent-Type: {content_type}\r\n",
        s.port, s.token
    );
    request(s.port, &head, body)
}

/// The near-miss event a check answer names, as `sendguard log show --format json`
/// prints it.
fn logged_event(s: &Server, answer: &Value) -> Value {
    let event = answer["event_id"].as_str().expect("event id");
    let shown = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["log", "show", event, "--format", "json"])
        .arg("--db")
        .arg(&s.db)
        .output()
        .expect("log show");
    serde_json::from_slice(&shown.stdout).expect("log json")
}

fn risky_draft() -> Value {
    json!({
        "from": {"name": "鈴木", "address": "suzuki@sakura-sys.co.jp"},
        "to": [{"name": "田中様", "address": "tanaka@partner.co.jp"}],
        "cc": [{"address": "a@other1.co.jp"}, {"address": "b@other2.co.jp"}, {"address": "c@other3.co.jp"}],
        "subject": "ご案内",
        "body_text": "マイナンバー: 123456789018 を記載します。",
        "attachments": [{"name": "名簿.csv", "content_type": "text/csv",
            "content_base64": "5rCP5ZCNLOS9j+aJgCzpm7voqbEK5bGx55Sw5aSq6YOOLOadseS6rOmDveWNg+S7o+eUsOWMuuS4uOOBruWGhTEtMi0zLDA5MC0xMjM0LTU2NzgK"}],
        "compose_type": "new",
        "client": "test/1"
    })
}

#[test]
fn a_risky_draft_gets_its_findings_and_is_logged() {
    let s = start("risky");
    let (status, body) = post(
        &s,
        "/v1/checks",
        risky_draft().to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["check"]["verdict"], "confirm");
    assert_eq!(body["decision"], "send");
    let checks: Vec<&str> = body["check"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["check"].as_str())
        .collect();
    for expected in [
        "personal_data",
        "bcc_suggested",
        "external_recipient",
        "attachment",
    ] {
        assert!(
            checks.contains(&expected),
            "{expected} missing in {checks:?}"
        );
    }
    let text = logged_event(&s, &body).to_string();
    assert!(text.contains("test/1"), "{text}");
    assert!(!text.contains("tanaka@partner.co.jp"), "{text}");
    // The diagnostics file beside the log says the check was answered, and holds none
    // of the draft's personal data (the same rule as the near-miss log).
    let logs = s.db.parent().expect("db dir").join("logs");
    let mut diagnostics = String::new();
    for _ in 0..50 {
        diagnostics = std::fs::read_dir(&logs)
            .map(|entries| {
                entries
                    .filter_map(|e| std::fs::read(e.ok()?.path()).ok())
                    .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if diagnostics.contains("check answered") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(diagnostics.contains("check answered"), "{diagnostics}");
    for raw in [
        "tanaka@partner.co.jp",
        "田中",
        "123456789018",
        "ご案内",
        "名簿.csv",
        "山田",
        "090-1234-5678",
    ] {
        assert!(
            !diagnostics.contains(raw),
            "{raw} in diagnostics: {diagnostics}"
        );
    }
}

#[test]
fn guards_refuse_bad_tokens_foreign_hosts_big_and_malformed_requests() {
    let s = start("guards");
    let port = s.port;
    let body = risky_draft().to_string();
    // No token, wrong token. Every refusal names a stable code beside its message.
    let (status, reply) = request(
        port,
        &format!("POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"),
        body.as_bytes(),
    );
    assert_eq!(status, 401);
    assert_eq!(reply["code"], "unauthorized", "{reply}");
    assert!(reply["error"].is_string(), "{reply}");
    let (status, _) = request(
        port,
        &format!(
            "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {}\r\n",
            "0".repeat(64)
        ),
        body.as_bytes(),
    );
    assert_eq!(status, 401);
    // DNS rebinding: a foreign Host, even with the token.
    let (status, _) = request(
        port,
        &format!(
            "POST /v1/checks HTTP/1.1\r\nHost: evil.example:{port}\r\nAuthorization: Bearer {}\r\n",
            s.token
        ),
        body.as_bytes(),
    );
    assert_eq!(status, 403);
    // A web page: an Origin not on the (empty) allow-list.
    let (status, reply) = request(
        port,
        &format!(
            "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\nAuthorization: Bearer {}\r\n",
            s.token
        ),
        body.as_bytes(),
    );
    assert_eq!(status, 403);
    assert_eq!(reply["code"], "origin_not_allowed", "{reply}");
    // The Thunderbird add-in: its own moz-extension origin, with the token, is served;
    // without the token it is not.
    let (status, reply) = request(
        port,
        &format!(
            "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: moz-extension://5f0c9a1e-2b7d-4c55-9d0e-4a7b8c1d2e3f\r\nAuthorization: Bearer {}\r\n",
            s.token
        ),
        body.as_bytes(),
    );
    assert_eq!(status, 200, "{reply}");
    let (status, _) = request(
        port,
        &format!(
            "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: moz-extension://5f0c9a1e-2b7d-4c55-9d0e-4a7b8c1d2e3f\r\n"
        ),
        body.as_bytes(),
    );
    assert_eq!(status, 401);
    // Malformed and unknown JSON: 400 with the reason.
    let (status, reply) = post(&s, "/v1/checks", b"{\"to\": [", "application/json");
    assert_eq!(status, 400);
    assert_eq!(reply["code"], "bad_request", "{reply}");
    assert!(
        reply["error"]
            .as_str()
            .is_some_and(|e| e.contains("invalid JSON")),
        "{reply}"
    );
    let (status, reply) = post(
        &s,
        "/v1/checks",
        b"{\"recipients\": []}",
        "application/json",
    );
    assert_eq!(status, 400);
    assert!(
        reply["error"]
            .as_str()
            .is_some_and(|e| e.contains("recipients")),
        "{reply}"
    );
    // Oversize (the declared length is refused before reading).
    let head = format!(
        "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {}\r\n",
        s.token
    );
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let _ =
        stream.write_all(format!("{head}Content-Length: {}\r\n\r\n", 200 * 1024 * 1024).as_bytes());
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    // Health needs no token and says nothing but its state.
    let (status, reply) = request(
        port,
        &format!("GET /v1/health HTTP/1.1\r\nHost: localhost:{port}\r\n"),
        b"",
    );
    assert_eq!(status, 200);
    assert_eq!(reply["status"], "ok");
    let (status, _) = request(
        port,
        &format!("GET /v1/ping HTTP/1.1\r\nHost: localhost:{port}\r\n"),
        b"",
    );
    assert_eq!(status, 401);
    // The token file is the user's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&s.token_file)
            .expect("token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn eml_and_json_give_the_same_verdict_and_many_checks_are_answered() {
    let s = start("eml");
    let eml = std::fs::read(format!(
        "{}/tests/data/02-iso2022jp-external.eml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture");
    let (status, by_eml) = post(&s, "/v1/checks/eml", &eml, "message/rfc822");
    assert_eq!(status, 200, "{by_eml}");
    let report = &by_eml["check"];
    let as_json = json!({
        "from": report["recipients"].as_array().and_then(|r| r.iter().find(|x| x["field"] == "from")).map(|f| json!({"address": f["address"]})),
        "to": report["recipients"].as_array().expect("recipients").iter().filter(|x| x["field"] == "to").map(|r| json!({"address": r["address"]})).collect::<Vec<_>>(),
        "subject": report["subject"],
        "body_text": "お世話になっております。",
    });
    let (status, by_json) = post(
        &s,
        "/v1/checks",
        as_json.to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 200, "{by_json}");
    assert_eq!(by_eml["check"]["verdict"], by_json["check"]["verdict"]);

    // 200 concurrent checks, all answered.
    let port = s.port;
    let token = s.token.clone();
    let body = risky_draft().to_string();
    let threads: Vec<_> = (0..200)
        .map(|_| {
            let (token, body) = (token.clone(), body.clone());
            std::thread::spawn(move || {
                let head = format!(
                    "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\n"
                );
                request(port, &head, body.as_bytes()).0
            })
        })
        .collect();
    let statuses: Vec<u16> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let stats = Command::new(env!("CARGO_BIN_EXE_sendguard"))
        .args(["log", "stats"])
        .arg("--db")
        .arg(&s.db)
        .output()
        .expect("stats");
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(text.contains("記録 202 件"), "{text}");
}

#[test]
fn the_move_to_bcc_decider_answers_with_the_outside_to_and_cc() {
    let s = start_with("move-to-bcc", &["--decide", "move-to-bcc"]);
    let mut draft = risky_draft();
    draft["body_text"] = json!("各位\n\n新製品発表会のご案内です。");
    draft["bcc"] = json!([{"address": "archive@sakura-sys.co.jp"}]);
    draft["cc"]
        .as_array_mut()
        .expect("cc")
        .push(json!({"address": "boss@sakura-sys.co.jp"}));
    let (status, body) = post(
        &s,
        "/v1/checks",
        draft.to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["decision"], "send");
    assert_eq!(
        body["changes"]["move_to_bcc"],
        json!([
            "tanaka@partner.co.jp",
            "a@other1.co.jp",
            "b@other2.co.jp",
            "c@other3.co.jp"
        ]),
        "only outside To/Cc move; internal Cc and existing Bcc stay"
    );
    let logged = logged_event(&s, &body);
    assert_eq!(logged["decision"], "sent_after_fix", "{logged}");
    let moved = logged["changes"]["moved_to_bcc"].to_string();
    assert!(moved.contains("@partner.co.jp"), "{moved}");
    assert!(
        !moved.contains("tanaka@"),
        "the log keeps masked addresses: {moved}"
    );

    // A clean internal mail has nothing to move.
    let clean = json!({"from": {"address": "suzuki@sakura-sys.co.jp"},
        "to": [{"address": "dev@sakura-sys.co.jp"}], "subject": "定例", "body_text": "議題です。"});
    let (_, body) = post(
        &s,
        "/v1/checks",
        clean.to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(body["changes"]["move_to_bcc"], json!([]));
    assert_eq!(body["decision"], "send");
}

/// A sent mail of the person's, as `POST /v1/history/learn` takes it (base64).
fn sent_mail(i: usize, to: &str, block: &str) -> String {
    use base64::Engine as _;
    let raw = format!(
        "From: suzuki@sakura-sys.co.jp\r\nTo: {to}\r\nSubject: =?UTF-8?B?{}?=\r\nMessage-ID: <sent{i}@sakura-sys.co.jp>\r\nDate: Mon, 1 Apr 2024 09:{:02}:00 +0900\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{block}\r\n\r\nいつもお世話になっております。\r\nさくらシステムの鈴木です。\r\n\r\n資料をお送りします。\r\n",
        base64::engine::general_purpose::STANDARD.encode(format!("資料 {i}")),
        i % 60
    );
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// 36 sends: 楓商事's 田中 and ひかりテック's 田中, alternately.
fn learn_two_tanakas(s: &Server) -> Value {
    let messages: Vec<String> = (0..36)
        .map(|i| {
            if i % 2 == 0 {
                sent_mail(i, "tanaka@kaede-shoji.co.jp", "楓商事株式会社\r\n田中様")
            } else {
                sent_mail(
                    i,
                    "t.tanaka@hikari-tech.co.jp",
                    "株式会社ひかりテック\r\n田中様",
                )
            }
        })
        .collect();
    let body = json!({"messages": messages, "me": ["suzuki@sakura-sys.co.jp"]});
    let (status, answer) = post(
        s,
        "/v1/history/learn",
        body.to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 200, "{answer}");
    answer
}

fn mismatch_draft(capabilities: &[&str]) -> Value {
    json!({
        "from": {"address": "suzuki@sakura-sys.co.jp"},
        "to": [{"name": "田中 太郎", "address": "t.tanaka@hikari-tech.co.jp"}],
        "subject": "お見積り",
        "body_text": "楓商事株式会社\n田中様\n\nいつもお世話になっております。\nお見積りをお送りします。\n",
        "client": "test/1",
        "capabilities": capabilities,
    })
}

#[test]
fn the_history_is_learned_over_the_hook_and_its_suggestion_offered_only_to_a_capable_client() {
    let s = start_with("history", &["--decide", "fix"]);
    let learned = learn_two_tanakas(&s);
    assert_eq!(learned["read"], 36, "{learned}");
    assert_eq!(learned["learned"], 36, "{learned}");
    assert_eq!(learn_two_tanakas(&s)["skipped_seen"], 36, "learned once");

    // An add-in that cannot apply a replacement sees the mismatch, never the fix.
    let (status, old) = post(
        &s,
        "/v1/checks",
        mismatch_draft(&[]).to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 200, "{old}");
    let mismatch = old["check"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["check"] == "recipient_mismatch")
        .cloned()
        .unwrap_or_else(|| panic!("no mismatch in {old}"));
    assert_eq!(mismatch["severity"], "danger");
    assert!(mismatch.get("suggestion").is_none(), "{mismatch}");
    assert_eq!(old["changes"]["replace_recipients"], json!([]));

    // One that can gets the suggestion, and `--decide fix` applies it.
    let (_, new) = post(
        &s,
        "/v1/checks",
        mismatch_draft(&["replace_recipients"])
            .to_string()
            .as_bytes(),
        "application/json",
    );
    assert_eq!(new["decision"], "send", "{new}");
    assert_eq!(
        new["changes"]["replace_recipients"],
        json!([{"from": "t.tanaka@hikari-tech.co.jp", "to": "tanaka@kaede-shoji.co.jp"}]),
        "{new}"
    );
    let logged = logged_event(&s, &new);
    assert_eq!(logged["decision"], "sent_after_fix", "{logged}");
    let text = logged.to_string();
    assert!(
        text.contains("replaced_recipients") && text.contains("@kaede-shoji.co.jp"),
        "{text}"
    );
    for full in [
        "t.tanaka@hikari-tech.co.jp",
        "tanaka@kaede-shoji.co.jp",
        "田中様",
    ] {
        assert!(!text.contains(full), "the log keeps {full} masked: {text}");
    }
}

#[test]
fn a_send_let_out_is_learned_so_the_next_one_is_not_first_time() {
    let s = start_with("history-live", &[]);
    learn_two_tanakas(&s);
    let draft = json!({
        "from": {"address": "suzuki@sakura-sys.co.jp"},
        "to": [{"address": "kimura@kaede-shoji.co.jp"}],
        "subject": "ご挨拶", "body_text": "楓商事株式会社\n木村様\n\nはじめまして。\n",
    });
    let first_time = |answer: &Value| {
        answer["check"]["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f["check"] == "first_time_recipient"))
    };
    let (_, first) = post(
        &s,
        "/v1/checks",
        draft.to_string().as_bytes(),
        "application/json",
    );
    assert!(first_time(&first), "{first}");
    assert_eq!(first["decision"], "send");
    // Learning happens in the background: the next check sees it within moments.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, again) = post(
            &s,
            "/v1/checks",
            draft.to_string().as_bytes(),
            "application/json",
        );
        if !first_time(&again) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never learned: {again}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn without_a_history_learning_is_refused_with_a_code() {
    let s = start_with("no-history", &["--no-history"]);
    let body = json!({"messages": [sent_mail(0, "a@b.jp", "A様")]});
    let (status, answer) = post(
        &s,
        "/v1/history/learn",
        body.to_string().as_bytes(),
        "application/json",
    );
    assert_eq!(status, 409, "{answer}");
    assert_eq!(answer["code"], "history_off");
    let (status, answer) = post(
        &s,
        "/v1/history/learn",
        b"{\"messages\":[\"%%%\"]}",
        "application/json",
    );
    assert_eq!(status, 400, "{answer}");
    assert!(!s.token_file.as_os_str().is_empty());
}
