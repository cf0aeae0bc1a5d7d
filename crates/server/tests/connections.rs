//! Connections as a network sends them: requests whose headers never finish,
//! idle connections, more connections than the service takes.

mod common;

use bonafide_server::ServiceSettings;
use bonafide_store::{SqliteStore, Store};
use common::{start, temp_dir};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn service(name: &str, settings: ServiceSettings) -> (common::Running, std::path::PathBuf) {
    let dir = temp_dir(name);
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    (start(store, settings).await, dir)
}

fn address(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

/// Whether the server closes the connection within `within` (a read sees the end).
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        match tokio::time::timeout(within, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            // An answer (a 408, say) may come before the close.
            Ok(Ok(_)) => {}
        }
    }
}

async fn healthz(base: &str) -> Result<u16, reqwest::Error> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()?;
    Ok(client
        .get(format!("{base}/healthz"))
        .send()
        .await?
        .status()
        .as_u16())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_neither_stall_the_service_nor_stay_open() {
    let settings = ServiceSettings {
        header_timeout_seconds: 1,
        ..ServiceSettings::default()
    };
    let (service, dir) = service("half-sent", settings).await;
    let mut stalled = Vec::new();
    for _ in 0..300 {
        let mut stream = TcpStream::connect(address(&service.base))
            .await
            .expect("connect");
        stream
            .write_all(b"POST /v1/applications HTTP/1.1\r\nHost: bonafide\r\nContent-Ty")
            .await
            .expect("write");
        stalled.push(stream);
    }
    assert_eq!(healthz(&service.base).await.expect("healthz answers"), 200);
    // Past the header timeout every one of them has been closed.
    for stream in &mut stalled {
        assert!(closed_within(stream, Duration::from_secs(5)).await);
    }
    // So is a connection that sends nothing at all, and one left idle after a request.
    let mut silent = TcpStream::connect(address(&service.base))
        .await
        .expect("connect");
    assert!(closed_within(&mut silent, Duration::from_secs(5)).await);
    let mut idle = TcpStream::connect(address(&service.base))
        .await
        .expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: bonafide\r\n\r\n")
        .await
        .expect("write");
    assert!(closed_within(&mut idle, Duration::from_secs(5)).await);
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_are_closed_at_once_and_counted() {
    let settings = ServiceSettings {
        max_connections: 8,
        ..ServiceSettings::default()
    };
    let (service, dir) = service("cap", settings).await;
    let mut open = Vec::new();
    for _ in 0..8 {
        open.push(
            TcpStream::connect(address(&service.base))
                .await
                .expect("connect"),
        );
    }
    // Give the server a moment to accept all eight.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut ninth = TcpStream::connect(address(&service.base))
        .await
        .expect("connect");
    assert!(closed_within(&mut ninth, Duration::from_secs(2)).await);
    drop(open);
    let mut answered = None;
    for _ in 0..50 {
        if let Ok(status) = healthz(&service.base).await {
            answered = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(answered, Some(200), "slots come back as connections close");
    let metrics = reqwest::get(format!("{}/metrics", service.base))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    let refused = metrics
        .lines()
        .find(|l| l.starts_with("bonafide_connections_refused_total "))
        .and_then(|l| l.rsplit(' ').next()?.parse::<u64>().ok());
    assert!(refused.is_some_and(|n| n >= 1), "{metrics}");
    service.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}
