//! `bonafide screen` and `bonafide lists update`, run as a user runs them;
//! updates are fetched from a local HTTP server.

mod common;

use common::run_with_stdin;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bonafide() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bonafide"));
    command.env_remove("BONAFIDE_CONFIG");
    command
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/sanctions")
            .join(name),
    )
    .expect("fixture")
}

/// Serve `routes` (path → body) over HTTP/1.1 on loopback until the test ends.
fn serve(routes: Vec<(&'static str, Vec<u8>)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // Skip the headers.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
            let (status, body) = match routes.iter().find(|(p, _)| *p == path) {
                Some((_, body)) => ("200 OK", body.clone()),
                None => ("404 Not Found", b"no such list".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    format!("http://{address}")
}

fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bonafide-lists-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn config(dir: &Path, url: &str) -> PathBuf {
    let file = dir.join("bonafide.toml");
    std::fs::write(
        &file,
        format!(
            "[sanctions]\nlists = [\"lists/sdn_advanced.xml\"]\ncache = \"cache\"\n\n\
             [[sanctions.sources]]\nurl = \"{url}\"\nfile = \"lists/sdn_advanced.xml\"\nmin_parties = 2\n"
        ),
    )
    .expect("config");
    file
}

fn update(config: &Path, force: bool) -> Output {
    let mut command = bonafide();
    command.args(["lists", "update", "--config"]).arg(config);
    if force {
        command.arg("--force");
    }
    command.output().expect("runs")
}

#[test]
fn an_update_swaps_in_a_whole_list_and_refuses_a_broken_or_shrunken_one() {
    let list = fixture("sdn_advanced-fixture.xml");
    let cut = list[..list.len() * 2 / 3].to_vec();
    let server = serve(vec![
        ("/sdn.xml", list.clone()),
        ("/cut.xml", cut),
        ("/un.xml", fixture("consolidated-fixture.xml")),
    ]);
    let dir = workdir("update");
    let target = dir.join("lists/sdn_advanced.xml");

    let fresh = update(&config(&dir, &format!("{server}/sdn.xml")), false);
    let stderr = String::from_utf8_lossy(&fresh.stderr);
    assert!(fresh.status.success(), "{stderr}");
    assert!(
        stderr.contains("OFAC-SDN 2026-01-15 (9 parties), was none"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&target).expect("written"), list);

    for (path, expect) in [
        ("/cut.xml", "not a list bonafide can read"),
        ("/missing.xml", "404"),
    ] {
        let refused = update(&config(&dir, &format!("{server}{path}")), false);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(expect), "{path}: {stderr}");
        assert_eq!(
            std::fs::read(&target).expect("kept"),
            list,
            "{path} replaced the list"
        );
    }

    // Three parties where there were nine: refused unless forced.
    let shrunk = config(&dir, &format!("{server}/un.xml"));
    let refused = update(&shrunk, false);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("use --force"));
    assert_eq!(std::fs::read(&target).expect("kept"), list);
    let forced = update(&shrunk, true);
    assert!(
        forced.status.success(),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_ne!(std::fs::read(&target).expect("replaced"), list);
    // No temporary file is left beside the list.
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("lists"))
        .expect("folder")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("download"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[test]
fn screen_reads_json_lines_and_reports_bad_ones_by_number() {
    let mut command = bonafide();
    command.args(["screen", "-"]);
    let output = run_with_stdin(
        command,
        "{\"name\": \"Seong Geum-hyeok\", \"kind\": \"person\", \"date_of_birth\": \"1987-08-30\"}\n\
         {\"name\": \"Jordan Miller\", \"kind\": \"person\"}\n\
         {\"name\": 42}\n\
         {\"wallet\": \"0x52908400098527886e0f7030069857d2e4169ee7\"}\n",
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("line 3:"), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 3);
    let first = &lines[0]["matches"][0];
    assert_eq!(first["uid"], "49970");
    assert_eq!(first["list"], "OFAC-SDN");
    assert_eq!(first["basis"], "name and date of birth");
    assert_eq!(first["programs"][0], "CYBER4");
    assert_eq!(lines[0]["query"]["name"], "Seong Geum-hyeok");
    assert!(lines[1]["matches"].as_array().expect("array").is_empty());
    assert_eq!(lines[2]["matches"][0]["basis"], "wallet address");
}

#[test]
fn screen_uses_the_configured_lists() {
    let dir = workdir("screen");
    std::fs::create_dir_all(dir.join("lists")).expect("folder");
    std::fs::write(
        dir.join("lists/sdn_advanced.xml"),
        fixture("consolidated-fixture.xml"),
    )
    .expect("list");
    let config = config(&dir, "http://127.0.0.1:9/unused");
    let mut command = bonafide();
    command.args(["screen", "--config"]).arg(&config);
    let output = run_with_stdin(
        command,
        "{\"name\": \"Ri Test Ho\"}\n{\"name\": \"Song Kum Hyok\"}\n",
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines[0]["matches"][0]["uid"], "KPi.901");
    assert_eq!(lines[0]["matches"][0]["list"], "UN");
    // The UN fixture does not list Song Kum Hyok.
    assert!(lines[1]["matches"].as_array().expect("array").is_empty());
    // The compiled list was cached in the configured folder.
    assert!(std::fs::read_dir(dir.join("cache")).expect("cache").count() > 0);
    std::fs::remove_dir_all(dir).expect("cleanup");
}
