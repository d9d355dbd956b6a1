//! The HTTP server: request guards, the v1 routes, checking, deciding and logging.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use sendguard_engine::{Engine, Report};
use sendguard_nearmiss::Log;
use serde_json::json;

use crate::api::{CheckRequest, CheckResponse};
use crate::decider::Decider;
use crate::guard::Guard;

/// Limits and identity of one hook server.
#[derive(Debug, Clone)]
pub struct HookConfig {
    /// The port it listens on (for the `Host` check).
    pub port: u16,
    /// The bearer token.
    pub token: String,
    pub max_request_bytes: usize,
    pub request_timeout: Duration,
    pub decision_timeout: Duration,
    /// Browser origins allowed to call (CORS); empty: none.
    pub allowed_origins: Vec<String>,
}

impl HookConfig {
    /// The limits of the policy's `[hook]` table, for a server on `port` with `token`.
    pub fn from_settings(
        port: u16,
        token: String,
        settings: &sendguard_engine::policy::HookSettings,
    ) -> HookConfig {
        HookConfig {
            port,
            token,
            max_request_bytes: usize::try_from(
                settings.max_request_mib.saturating_mul(1024 * 1024),
            )
            .unwrap_or(usize::MAX),
            request_timeout: Duration::from_secs(settings.request_timeout_secs),
            decision_timeout: Duration::from_secs(settings.decision_timeout_secs),
            allowed_origins: settings.allowed_origins.clone(),
        }
    }
}

/// One hook server: its limits and the [`Guard`] behind it (shared with the relay).
#[derive(Debug)]
pub struct Hook {
    pub config: HookConfig,
    guard: Arc<Guard>,
}

impl Hook {
    pub fn new(
        config: HookConfig,
        engine: Engine,
        decider: Arc<dyn Decider>,
        log: Option<Log>,
    ) -> Hook {
        Hook::with_guard(config, Arc::new(Guard::new(engine, decider, log)))
    }

    /// A hook in front of a guard another door (the relay) shares.
    pub fn with_guard(config: HookConfig, guard: Arc<Guard>) -> Hook {
        Hook { config, guard }
    }

    pub fn guard(&self) -> &Arc<Guard> {
        &self.guard
    }

    /// Check with `engine` (a changed policy) from the next request on.
    pub fn replace_engine(&self, engine: Engine) {
        self.guard.replace_engine(engine);
    }
}

/// The API v1 routes with their guards.
pub fn router(hook: Arc<Hook>) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/ping", get(ping))
        .route("/v1/checks", post(check_json))
        .route("/v1/checks/eml", post(check_eml))
        .route("/v1/history/learn", post(learn_history))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(hook.clone(), guard))
        .with_state(hook)
}

/// Serve on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, hook: Arc<Hook>) -> std::io::Result<()> {
    axum::serve(listener, router(hook)).await
}

/// Why the hook refused or failed a request. The code is stable (programs branch on
/// it); the message is for people and may change. Bodies are
/// `{"error": "<message>", "code": "<code>"}`: installed add-ins read `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum ErrorCode {
    /// The Host header is not loopback with the hook's port.
    BadHost,
    /// A web origin that is not allowed.
    OriginNotAllowed,
    /// The bearer token is missing or wrong.
    Unauthorized,
    NotFound,
    /// The body did not arrive within the request timeout.
    RequestTimeout,
    /// The body is over the size limit.
    TooLarge,
    /// Malformed JSON, an unknown field, broken base64.
    BadRequest,
    /// The check itself failed.
    Internal,
    /// The recipient history is off (`--no-history`, or it could not be opened).
    HistoryOff,
}

impl ErrorCode {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadHost | ErrorCode::OriginNotAllowed => StatusCode::FORBIDDEN,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ErrorCode::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::HistoryOff => StatusCode::CONFLICT,
        }
    }

    pub fn code(self) -> &'static str {
        self.into()
    }
}

fn error(code: ErrorCode, message: impl Into<String>) -> Response {
    (
        code.status(),
        axum::Json(json!({ "error": message.into(), "code": code.code() })),
    )
        .into_response()
}

/// Host, Origin and token, before any route runs.
async fn guard(State(hook): State<Arc<Hook>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    if !host_is_loopback(headers, hook.config.port) {
        return error(
            ErrorCode::BadHost,
            "Host must be 127.0.0.1 or localhost with this port",
        );
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if let Some(origin) = &origin
        && !origin_allowed(origin, &hook.config.allowed_origins)
    {
        return error(
            ErrorCode::OriginNotAllowed,
            "this origin may not call sendguard",
        );
    }
    if request.method() == Method::OPTIONS {
        // Preflight from an allowed origin.
        return cors(Response::new(Body::empty()), origin.as_deref());
    }
    if request.uri().path() != "/v1/health" && !token_ok(headers, &hook.config.token) {
        return error(ErrorCode::Unauthorized, "missing or wrong bearer token");
    }
    cors(next.run(request).await, origin.as_deref())
}

/// A Thunderbird add-in's requests carry its own `moz-extension://<uuid>` origin (a
/// per-profile random uuid, so it cannot be listed in a policy); no web page can send
/// that origin, and the token is still required. Web origins must be listed.
fn origin_allowed(origin: &str, allowed: &[String]) -> bool {
    origin.starts_with("moz-extension://") || allowed.iter().any(|o| o == origin)
}

fn cors(mut response: Response, origin: Option<&str>) -> Response {
    if let Some(value) = origin.and_then(|o| header::HeaderValue::from_str(o).ok()) {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            header::HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(header::VARY, header::HeaderValue::from_static("Origin"));
    }
    response
}

fn host_is_loopback(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|name| host == format!("{name}:{port}"))
}

/// Constant-time comparison of the bearer token.
fn token_ok(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return false;
    };
    // Constant time: how much of a guess matched must not show in the answer's timing.
    bool::from(subtle::ConstantTimeEq::ct_eq(
        given.as_bytes(),
        token.as_bytes(),
    ))
}

async fn health() -> Response {
    axum::Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") })).into_response()
}

async fn ping() -> Response {
    axum::Json(json!({ "status": "ok", "token": "valid" })).into_response()
}

async fn not_found() -> Response {
    error(ErrorCode::NotFound, "unknown path; see docs/hook-api.md")
}

/// The body, bounded in size and in the time it takes to arrive.
async fn read_body(hook: &Hook, request: Request) -> Result<Bytes, Response> {
    let max = hook.config.max_request_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large(max));
    }
    match tokio::time::timeout(
        hook.config.request_timeout,
        axum::body::to_bytes(request.into_body(), max),
    )
    .await
    {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(_)) => Err(too_large(max)),
        Err(_) => Err(error(
            ErrorCode::RequestTimeout,
            "the request did not arrive in time",
        )),
    }
}

fn too_large(max: usize) -> Response {
    error(
        ErrorCode::TooLarge,
        format!("request larger than {} MiB", max / (1024 * 1024)),
    )
}

async fn check_json(State(hook): State<Arc<Hook>>, request: Request) -> Response {
    let body = match read_body(&hook, request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let parsed: CheckRequest = match serde_json::from_slice(&body) {
        Ok(parsed) => parsed,
        Err(e) => return error(ErrorCode::BadRequest, format!("invalid JSON: {e}")),
    };
    let replaces = parsed
        .capabilities
        .iter()
        .any(|c| c == crate::api::REPLACE_RECIPIENTS);
    let (draft, client) = match parsed.into_draft() {
        Ok(parts) => parts,
        Err(reason) => return error(ErrorCode::BadRequest, reason),
    };
    let client = client.unwrap_or_else(|| "unknown".to_owned());
    let Some((mut report, draft)) = hook.guard.check_draft(draft, "hook").await else {
        return error(ErrorCode::Internal, "internal error while checking");
    };
    if !replaces {
        without_suggestions(&mut report);
    }
    finish(hook, report, client, Sent::Draft(Box::new(draft))).await
}

/// An add-in that did not declare `replace_recipients` is never offered a fix it would
/// ignore: the suggestions go from its report before the dialog sees it (the parties
/// compared stay, so the person still reads which address the history knows).
fn without_suggestions(report: &mut Report) {
    for finding in &mut report.findings {
        finding.suggestion = None;
    }
}

/// The message as the client holds it, for the history to learn once it is sent.
enum Sent {
    Draft(Box<sendguard_engine::Draft>),
    Eml(Arc<[u8]>),
}

async fn check_eml(State(hook): State<Arc<Hook>>, request: Request) -> Response {
    let client = request
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .to_owned();
    let body = match read_body(&hook, request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let raw: Arc<[u8]> = Arc::from(&body[..]);
    let Some(mut report) = hook.guard.check_eml(raw.clone(), "hook.eml").await else {
        return error(ErrorCode::Internal, "internal error while checking");
    };
    // A client posting a whole message declares nothing: no replacement is offered.
    without_suggestions(&mut report);
    finish(hook, report, client, Sent::Eml(raw)).await
}

/// `POST /v1/history/learn`: a batch of the person's sent messages (an add-in reading
/// its Sent folders), learned into the recipient history.
async fn learn_history(State(hook): State<Arc<Hook>>, request: Request) -> Response {
    let body = match read_body(&hook, request).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let parsed: crate::api::LearnRequest = match serde_json::from_slice(&body) {
        Ok(parsed) => parsed,
        Err(e) => return error(ErrorCode::BadRequest, format!("invalid JSON: {e}")),
    };
    let messages = match parsed.decode_messages() {
        Ok(messages) => messages,
        Err(reason) => return error(ErrorCode::BadRequest, reason),
    };
    let Some(history) = hook.guard.history() else {
        return error(
            ErrorCode::HistoryOff,
            "宛先の履歴は使われていません (the recipient history is off)",
        );
    };
    let me = (!parsed.me.is_empty()).then(|| sendguard_history::Me::new(&parsed.me));
    let policy = Arc::new(hook.guard.policy());
    let learned =
        tokio::task::spawn_blocking(move || history.learn_messages(messages, me, policy)).await;
    match learned {
        Ok(Ok(summary)) => axum::Json(crate::api::LearnResponse::from(summary)).into_response(),
        Ok(Err(e)) => error(ErrorCode::Internal, e.to_string()),
        Err(_) => error(ErrorCode::Internal, "internal error while learning"),
    }
}

/// Decide (bounded), record, answer; a send let out is learned by the history.
async fn finish(hook: Arc<Hook>, report: Report, client: String, sent: Sent) -> Response {
    let settled = hook
        .guard
        .settle(&report, &client, hook.config.decision_timeout)
        .await;
    if settled.outcome.send {
        match sent {
            Sent::Draft(draft) => hook
                .guard
                .learn_sent(*draft, &settled.outcome.changes, &report),
            Sent::Eml(raw) => {
                hook.guard
                    .learn_sent_eml(raw, settled.outcome.changes.clone(), report.clone())
            }
        }
    }
    axum::Json(CheckResponse {
        check: report,
        decision: if settled.outcome.send {
            "send"
        } else {
            "cancel"
        },
        changes: settled.outcome.changes,
        told_person: settled.outcome.told_person,
        event_id: settled.event_id,
    })
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decider::Outcome;
    use std::future::Future;
    use std::pin::Pin;
    use tokio::io::AsyncWriteExt;

    /// A person who never answers.
    #[derive(Debug)]
    struct NeverAnswers;

    impl Decider for NeverAnswers {
        fn decide<'a>(
            &'a self,
            _report: &'a Report,
            _client: &'a str,
        ) -> Pin<Box<dyn Future<Output = Outcome> + Send + 'a>> {
            Box::pin(std::future::pending())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_check_its_client_abandons_is_logged_as_timed_out() {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let token = "ab".repeat(32);
        let config = HookConfig {
            port,
            token: token.clone(),
            max_request_bytes: 1 << 20,
            request_timeout: Duration::from_secs(5),
            decision_timeout: Duration::from_secs(60),
            allowed_origins: Vec::new(),
        };
        let engine = Engine::new(sendguard_engine::Policy::builtin());
        let log = Log::open_in_memory().expect("log");
        let hook = Arc::new(Hook::new(config, engine, Arc::new(NeverAnswers), Some(log)));
        tokio::spawn(serve(listener, hook.clone()));

        let body = r#"{"from":{"address":"a@sakura-sys.co.jp"},"to":[{"address":"b@partner.co.jp"}],"subject":"見積","client":"test/abandon"}"#;
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        let request = format!(
            "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        tokio::time::sleep(Duration::from_millis(300)).await;
        drop(stream); // the add-in gives up

        let mut logged = Vec::new();
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            logged = hook
                .guard()
                .with_log(|log| log.list(&sendguard_nearmiss::Filter::default()))
                .expect("list");
            if !logged.is_empty() {
                break;
            }
        }
        assert_eq!(logged.len(), 1, "the abandoned check is in the log");
        match &logged[0] {
            sendguard_nearmiss::Item::Event(e) => {
                assert_eq!(e.decision, sendguard_nearmiss::Decision::TimedOut);
                assert_eq!(e.client, "test/abandon");
            }
            other => panic!("not an event: {other:?}"),
        }
    }
}
