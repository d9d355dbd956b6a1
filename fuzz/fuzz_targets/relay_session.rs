//! Arbitrary bytes as one SMTP client session against the relay (commands, AUTH
//! exchanges, DATA): the relay must answer or end the session, never panic or hang.
//! Decisions are `always-cancel`, so no message goes anywhere; an AUTH reaches for an
//! upstream on a closed port and is answered with the failure.
#![no_main]

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use sendguard_engine::policy::UpstreamTls;
use sendguard_engine::{Engine, Policy};
use sendguard_hook::{DecideMode, Guard};
use sendguard_relay::{Relay, RelayConfig, UpstreamConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn relay() -> Arc<Relay> {
    static RELAY: OnceLock<Arc<Relay>> = OnceLock::new();
    RELAY
        .get_or_init(|| {
            let upstream = UpstreamConfig {
                host: "127.0.0.1".into(),
                port: 9,
                tls: UpstreamTls::None,
                ca_file: None,
                credential: None,
                timeout: Duration::from_secs(2),
                helo_name: "fuzz".into(),
            };
            let mut config = RelayConfig::new(upstream, 64 * 1024);
            config.max_recipients = 50;
            let guard = Arc::new(Guard::new(
                Engine::new(Policy::builtin()),
                Arc::new(DecideMode::AlwaysCancel),
                None,
            ));
            Arc::new(Relay::new(config, guard).expect("relay"))
        })
        .clone()
}

fuzz_target!(|data: &[u8]| {
    let relay = relay();
    runtime().block_on(async move {
        let (mut client, server) = tokio::io::duplex(1 << 16);
        let session = tokio::spawn(sendguard_relay::serve_stream(server, relay));
        let input = data.to_vec();
        let talk = async move {
            let (mut read, mut write) = tokio::io::split(&mut client);
            let writer = async move {
                let _ = write.write_all(&input).await;
                let _ = write.shutdown().await;
            };
            let reader = async move {
                let mut answers = Vec::new();
                let _ = read.read_to_end(&mut answers).await;
                answers
            };
            tokio::join!(writer, reader).1
        };
        let answers = tokio::time::timeout(Duration::from_secs(20), talk)
            .await
            .expect("the session answered and ended within 20 s");
        assert!(answers.starts_with(b"220 ") || answers.starts_with(b"421 "));
        tokio::time::timeout(Duration::from_secs(20), session)
            .await
            .expect("the session ended")
            .expect("the session did not panic");
    });
});
