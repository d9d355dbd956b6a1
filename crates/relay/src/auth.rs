//! What a mail client says in `AUTH`, read into the credential the relay presents to the
//! upstream in its place: PLAIN and LOGIN (a user and a password), XOAUTH2 and
//! OAUTHBEARER (an OAuth token, passed through as is). The relay never judges a
//! credential itself; the upstream does, and its answer is the client's answer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use mail_send::Credentials;
use smtp_proto::{AUTH_LOGIN, AUTH_OAUTHBEARER, AUTH_PLAIN, AUTH_XOAUTH2};

/// The mechanisms the relay offers (and can hand on).
pub const OFFERED: u64 = AUTH_PLAIN | AUTH_LOGIN | AUTH_XOAUTH2 | AUTH_OAUTHBEARER;

/// A credential to present upstream. Its `Debug` names the mechanism and the user,
/// never the secret (diagnostics and panics must not print a password or a token).
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(pub Credentials<String>);

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match &self.0 {
            Credentials::Plain { .. } => "password",
            Credentials::XOauth2 { .. } => "xoauth2",
            Credentials::OAuthBearer { .. } => "oauthbearer",
        };
        write!(f, "Credential({kind}, user {:?})", self.user())
    }
}

impl Credential {
    /// A user and password (presented as PLAIN or LOGIN, whichever the server offers).
    pub fn password(username: String, secret: String) -> Credential {
        Credential(Credentials::Plain { username, secret })
    }

    /// A user and the password held in `path` (the whole file, a final line break
    /// removed): the relay's own login, never a password on a command line.
    pub fn from_password_file(
        username: &str,
        path: &std::path::Path,
    ) -> Result<Credential, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "パスワードファイルを読めません (cannot read {}): {e}",
                path.display()
            )
        })?;
        let secret = text.trim_end_matches(['\r', '\n']);
        if secret.is_empty() {
            return Err(format!(
                "パスワードファイルが空です (the password file {} is empty)",
                path.display()
            ));
        }
        Ok(Credential::password(username.to_owned(), secret.to_owned()))
    }

    /// The user name it names (`None` for OAUTHBEARER, whose user is inside the token).
    pub fn user(&self) -> Option<&str> {
        match &self.0 {
            Credentials::Plain { username, .. } | Credentials::XOauth2 { username, .. } => {
                Some(username)
            }
            Credentials::OAuthBearer { .. } => None,
        }
    }
}

/// Where an `AUTH` exchange stands.
#[derive(Debug)]
pub enum Step {
    /// Done: hand this to the upstream.
    Done(Credential),
    /// Send `334 <challenge>` and read one more line.
    Ask {
        challenge: &'static str,
        state: Pending,
    },
}

/// An exchange waiting for the client's next line.
#[derive(Debug, Clone)]
pub enum Pending {
    Plain,
    LoginUser,
    LoginPassword { user: String },
    XOauth2,
    OAuthBearer,
}

/// Why an `AUTH` cannot go on: the reply is `501` (syntax) or `504` (mechanism).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    #[error(
        "この認証方式には対応していません (unsupported mechanism; use PLAIN, LOGIN, XOAUTH2 or OAUTHBEARER)"
    )]
    Unsupported,
    #[error("認証の応答を読めません (malformed authentication response)")]
    Malformed,
    #[error("認証を取り消しました (authentication cancelled)")]
    Cancelled,
}

fn decode(line: &str) -> Result<Vec<u8>, AuthError> {
    let line = line.trim();
    if line == "*" {
        return Err(AuthError::Cancelled);
    }
    if line == "=" {
        return Ok(Vec::new());
    }
    STANDARD.decode(line).map_err(|_| AuthError::Malformed)
}

fn text(bytes: Vec<u8>) -> Result<String, AuthError> {
    String::from_utf8(bytes).map_err(|_| AuthError::Malformed)
}

/// The start of an exchange: `AUTH <mechanism> [initial-response]`.
pub fn start(mechanism: u64, initial: &str) -> Result<Step, AuthError> {
    let initial = initial.trim();
    let pending = match mechanism {
        AUTH_PLAIN => Pending::Plain,
        AUTH_LOGIN => Pending::LoginUser,
        AUTH_XOAUTH2 => Pending::XOauth2,
        AUTH_OAUTHBEARER => Pending::OAuthBearer,
        _ => return Err(AuthError::Unsupported),
    };
    if initial.is_empty() {
        let challenge = match pending {
            // base64 of "Username:"
            Pending::LoginUser => "VXNlcm5hbWU6",
            _ => "",
        };
        return Ok(Step::Ask {
            challenge,
            state: pending,
        });
    }
    next(pending, initial)
}

/// The client's next line in an exchange.
pub fn next(state: Pending, line: &str) -> Result<Step, AuthError> {
    let bytes = decode(line)?;
    match state {
        Pending::Plain => {
            // authzid NUL authcid NUL password; the authzid is not passed on.
            let mut parts = bytes.splitn(3, |b| *b == 0);
            let (_authz, user, password) = (parts.next(), parts.next(), parts.next());
            match (user, password) {
                (Some(user), Some(password)) if !user.is_empty() => {
                    Ok(Step::Done(Credential(Credentials::Plain {
                        username: text(user.to_vec())?,
                        secret: text(password.to_vec())?,
                    })))
                }
                _ => Err(AuthError::Malformed),
            }
        }
        Pending::LoginUser => Ok(Step::Ask {
            // base64 of "Password:"
            challenge: "UGFzc3dvcmQ6",
            state: Pending::LoginPassword { user: text(bytes)? },
        }),
        Pending::LoginPassword { user } => Ok(Step::Done(Credential(Credentials::Plain {
            username: user,
            secret: text(bytes)?,
        }))),
        Pending::XOauth2 => {
            // user=<user> ^A auth=Bearer <token> ^A ^A
            let payload = text(bytes)?;
            let mut user = None;
            let mut token = None;
            for field in payload.split('\u{1}') {
                if let Some(u) = field.strip_prefix("user=") {
                    user = Some(u.to_owned());
                } else if let Some(t) = field.strip_prefix("auth=Bearer ") {
                    token = Some(t.to_owned());
                }
            }
            match (user, token) {
                (Some(username), Some(secret)) => {
                    Ok(Step::Done(Credential(Credentials::XOauth2 {
                        username,
                        secret,
                    })))
                }
                _ => Err(AuthError::Malformed),
            }
        }
        // The GS2 header and the token go on exactly as the client wrote them.
        Pending::OAuthBearer => {
            let payload = text(bytes)?;
            if payload.contains("auth=Bearer ") {
                Ok(Step::Done(Credential(Credentials::OAuthBearer {
                    token: payload,
                })))
            } else {
                Err(AuthError::Malformed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        STANDARD.encode(s)
    }

    fn done(step: Result<Step, AuthError>) -> Credential {
        match step {
            Ok(Step::Done(c)) => c,
            other => panic!("not done: {other:?}"),
        }
    }

    #[test]
    fn plain_with_and_without_an_initial_response() {
        let c = done(start(AUTH_PLAIN, &b64("\u{0}tanaka\u{0}pa ss")));
        assert_eq!(
            c,
            Credential(Credentials::Plain {
                username: "tanaka".into(),
                secret: "pa ss".into()
            })
        );
        let Ok(Step::Ask { challenge, state }) = start(AUTH_PLAIN, "") else {
            panic!("asks")
        };
        assert_eq!(challenge, "");
        let c = done(next(state, &b64("admin\u{0}tanaka\u{0}pw")));
        assert_eq!(c.user(), Some("tanaka"));
        assert!(!format!("{c:?}").contains("pw"), "no secret in Debug");
    }

    #[test]
    fn login_asks_user_then_password() {
        let Ok(Step::Ask { challenge, state }) = start(AUTH_LOGIN, "") else {
            panic!("asks")
        };
        assert_eq!(STANDARD.decode(challenge).expect("b64"), b"Username:");
        let Ok(Step::Ask { challenge, state }) = next(state, &b64("tanaka")) else {
            panic!("asks again")
        };
        assert_eq!(STANDARD.decode(challenge).expect("b64"), b"Password:");
        assert_eq!(
            done(next(state, &b64("secret"))),
            Credential(Credentials::Plain {
                username: "tanaka".into(),
                secret: "secret".into()
            })
        );
    }

    #[test]
    fn oauth_tokens_pass_through() {
        let c = done(start(
            AUTH_XOAUTH2,
            &b64("user=tanaka@example.jp\u{1}auth=Bearer ya29.abc\u{1}\u{1}"),
        ));
        assert_eq!(
            c,
            Credential(Credentials::XOauth2 {
                username: "tanaka@example.jp".into(),
                secret: "ya29.abc".into()
            })
        );
        let payload = "n,a=tanaka@example.jp,\u{1}auth=Bearer tok\u{1}\u{1}";
        assert_eq!(
            done(start(AUTH_OAUTHBEARER, &b64(payload))),
            Credential(Credentials::OAuthBearer {
                token: payload.into()
            })
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert_eq!(start(AUTH_PLAIN, "!!!").err(), Some(AuthError::Malformed));
        assert_eq!(
            start(AUTH_PLAIN, &b64("only-one-part")).err(),
            Some(AuthError::Malformed)
        );
        assert_eq!(
            start(smtp_proto::AUTH_CRAM_MD5, "").err(),
            Some(AuthError::Unsupported)
        );
        let Ok(Step::Ask { state, .. }) = start(AUTH_LOGIN, "") else {
            panic!("asks")
        };
        assert_eq!(next(state, "*").err(), Some(AuthError::Cancelled));
        assert_eq!(
            start(AUTH_XOAUTH2, &b64("user=x\u{1}\u{1}")).err(),
            Some(AuthError::Malformed)
        );
    }
}
