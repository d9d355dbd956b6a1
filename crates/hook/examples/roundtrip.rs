//! Round-trip benchmark client for a running hook (`bench/hook.sh` starts one).
//!
//! Posts the same passing draft (JSON, about 5 KB) `--requests` times over one
//! keep-alive connection, one request at a time as an add-in does, and prints the
//! p50/p90/p99/max latency of the whole round trip: request out, check, near-miss log
//! write, answer back. Plain std TCP, so the client adds next to nothing.
//!
//! ```text
//! cargo run --release -p sendguard-hook --example roundtrip -- PORT TOKEN_FILE [REQUESTS]
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: roundtrip PORT TOKEN_FILE [REQUESTS]";
    let port: u16 = args.next().ok_or(usage)?.parse()?;
    let token = std::fs::read_to_string(args.next().ok_or(usage)?)?;
    let requests: usize = args
        .next()
        .map(|n| n.parse())
        .transpose()?
        .unwrap_or(10_000);

    let body = draft_json();
    let head = format!(
        "POST /v1/checks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        token.trim(),
        body.len()
    );
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);

    let mut times = Vec::with_capacity(requests);
    let warmup = 200;
    for i in 0..requests + warmup {
        let started = Instant::now();
        writer.write_all(head.as_bytes())?;
        writer.write_all(body.as_bytes())?;
        let (status, answer) = read_response(&mut reader)?;
        let took = started.elapsed();
        if status != 200 || !answer.contains("\"verdict\":\"pass\"") {
            return Err(format!(
                "unexpected answer {status}: {}",
                &answer[..answer.len().min(300)]
            )
            .into());
        }
        if i >= warmup {
            times.push(took);
        }
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{} requests of a {} B passing draft: p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        times.len(),
        body.len(),
        ms(pct(0.50)),
        ms(pct(0.90)),
        ms(pct(0.99)),
        ms(times[times.len() - 1]),
    );
    Ok(())
}

/// An ordinary internal mail of about 5 KB with nothing to point out.
fn draft_json() -> String {
    let paragraph = "来週の定例会議の議題について、各チームの進捗をまとめました。\
                     資料は共有フォルダに置いてありますので、事前にご確認ください。";
    let mut body = String::from("開発部の皆さん\n\nお疲れさまです。\n\n");
    while body.len() < 5000 {
        body.push_str(paragraph);
        body.push('\n');
    }
    serde_json::json!({
        "from": {"name": "鈴木 一郎", "address": "suzuki@sakura-sys.co.jp"},
        "to": [{"name": "開発部", "address": "dev@sakura-sys.co.jp"}],
        "subject": "定例会議の議題",
        "body_text": body,
        "client": "bench/roundtrip",
    })
    .to_string()
}

/// Reads one HTTP/1.1 response with a Content-Length body.
fn read_response(reader: &mut impl BufRead) -> std::io::Result<(u16, String)> {
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}
