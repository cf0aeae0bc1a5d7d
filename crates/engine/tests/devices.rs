//! After the hire: what IT sees on the company laptop. An IP-KVM or a
//! remote-access tool is scored with its evidence; the honest look-alikes the
//! issue names are not.
// Tests and benchmarks read fixtures and keep time; the crate itself may not (clippy.toml).
#![allow(clippy::disallowed_methods)]

mod common;

use bonafide_engine::{Engine, Live};
use bonafide_model::{parse_application, Application, Verdict};
use common::fixture;
use serde_json::{json, Value};

fn hire(id: &str, usb: Value, software: Value) -> Application {
    let record = json!({
        "application_id": id, "tenant_id": "acme",
        "candidate": { "full_name": format!("Person {id}"),
                       "claimed_location": { "country": "US", "region": "TN", "city": "Nashville" } },
        "position": { "title": "Backend Engineer", "start_date": "2026-04-06" },
        "devices": [{ "device_id": format!("dev-{id}"), "serial": format!("C02{id}"), "source": "osquery",
                      "observed_at": "2026-04-09T14:05:00Z", "timezone": "America/Chicago",
                      "usb_devices": usb, "software": software }],
    });
    parse_application(&record.to_string()).expect("valid")
}

fn fired(verdict: &Verdict) -> Vec<&str> {
    verdict.signals.iter().map(|s| s.id.as_str()).collect()
}

fn usb(vendor: &str, product: &str, model: &str, interfaces: &[&str]) -> Value {
    json!({ "vendor_id": vendor, "model_id": product, "model": model, "interfaces": interfaces })
}

fn app(name: &str, path: &str, kind: &str) -> Value {
    json!({ "name": name, "path": path, "kind": kind })
}

#[test]
fn a_kvm_and_a_remote_access_tool_are_scored_with_their_evidence() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let apps = [
        hire(
            "kvm",
            json!([usb("1d6b", "0104", "Multifunction Composite Gadget", &[])]),
            json!([]),
        ),
        hire(
            "spoofed",
            json!([usb("0x046D", "0xC52B", "USB Receiver", &["03", "03", "08"])]),
            json!([]),
        ),
        hire(
            "anydesk",
            json!([]),
            json!([app(
                "AnyDesk.exe",
                r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe",
                "process"
            )]),
        ),
        hire(
            "rustdesk-mac",
            json!([]),
            json!([app("RustDesk", "/Applications/RustDesk.app", "app")]),
        ),
    ];
    let verdicts = engine.score_batch(&apps);
    assert!(
        fired(&verdicts[0]).contains(&"device.ipkvm"),
        "{:?}",
        verdicts[0]
    );
    let kvm = &verdicts[0].signals[0];
    assert!(kvm.explanation.contains("1d6b:0104"), "{}", kvm.explanation);
    assert!(
        fired(&verdicts[1]).contains(&"device.ipkvm"),
        "{:?}",
        verdicts[1]
    );
    assert!(
        fired(&verdicts[2]).contains(&"device.remote_access"),
        "{:?}",
        verdicts[2]
    );
    // Installed, never seen running: the weaker signal.
    assert!(
        fired(&verdicts[3]).contains(&"device.remote_access_installed"),
        "{:?}",
        verdicts[3]
    );
    assert!(!fired(&verdicts[3]).contains(&"device.remote_access"));
    let anydesk = verdicts[2]
        .signals
        .iter()
        .find(|s| s.id == "device.remote_access")
        .expect("fired");
    assert_eq!(anydesk.evidence["tools"], "AnyDesk (seen as AnyDesk.exe)");
    assert_eq!(anydesk.evidence["names"], json!(["AnyDesk"]));
    // A KVM alone is a strong sign: at least review.
    assert!(verdicts[0].score >= 50, "{:?}", verdicts[0]);
}

#[test]
fn honest_laptops_are_not_scored() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let desk = json!([
        usb("046d", "c52b", "USB Receiver", &["03", "03", "03"]),
        usb("1050", "0407", "YubiKey OTP+FIDO+CCID", &["03", "03", "0b"]),
        usb("17e9", "6006", "USB Dock", &["09", "01", "03"]),
        usb("046d", "085e", "BRIO Webcam", &["0e", "0e", "01", "01"]),
        usb("0781", "5583", "Ultra Fit", &["08"]),
        usb("2e8a", "000a", "Pico", &["02", "0a", "08", "03", "01"]),
        usb("0fd9", "0066", "Cam Link 4K", &["0e", "01"]),
        usb(
            "0557",
            "2213",
            "CS682 2-Port USB 2.0 DVI KVM Switch",
            &["03", "03"]
        ),
    ]);
    let tools = json!([
        app("zoom.us", "/Applications/zoom.us.app", "app"),
        app(
            "Microsoft Teams",
            r"C:\Program Files\WindowsApps\MSTeams\ms-teams.exe",
            "process"
        ),
        app(
            "Slack",
            r"C:\Users\kim\AppData\Local\slack\slack.exe",
            "process"
        ),
        app("PuTTY", r"C:\Program Files\PuTTY\putty.exe", "program"),
        app("mstsc.exe", r"C:\Windows\System32\mstsc.exe", "process"),
    ]);
    let verdict = &engine.score_batch(&[hire("desk", desk, tools)])[0];
    let device_signals: Vec<&str> = fired(verdict)
        .into_iter()
        .filter(|id| id.starts_with("device."))
        .collect();
    assert!(device_signals.is_empty(), "{verdict:?}");
}

#[test]
fn an_employers_own_support_tool_is_no_signal_there() {
    let mut f = fixture();
    f.reference
        .devices
        .employer_tools
        .insert("acme".to_owned(), ["teamviewer".to_owned()].into());
    let engine = Engine::new(&f.reference, &f.rules);
    let with_teamviewer = |id: &str, tenant: &str| {
        let mut a = hire(
            id,
            json!([]),
            json!([app(
                "TeamViewer",
                r"C:\Program Files\TeamViewer\TeamViewer.exe",
                "process"
            )]),
        );
        a.tenant_id = Some(tenant.to_owned());
        a
    };
    let verdicts =
        engine.score_batch(&[with_teamviewer("a", "acme"), with_teamviewer("b", "globex")]);
    assert!(
        !fired(&verdicts[0]).contains(&"device.remote_access"),
        "{:?}",
        verdicts[0]
    );
    assert!(
        fired(&verdicts[1]).contains(&"device.remote_access"),
        "{:?}",
        verdicts[1]
    );
}

/// Every tool the signal leaves out is named as LOLRMM names it (a typo would
/// quietly count an SSH client or a screen reader as remote control).
#[test]
fn the_tools_left_out_are_lolrmms_names() {
    let Some(root) = std::env::var_os("BONAFIDE_REAL_DATA").map(std::path::PathBuf::from) else {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
        return;
    };
    let text = std::fs::read_to_string(root.join("devices/lolrmm-2026-08-21/rmm_tools.json"))
        .expect("read");
    let tools: Vec<Value> = serde_json::from_str(&text).expect("json");
    let keys: Vec<String> = tools
        .iter()
        .filter_map(|t| t["Name"].as_str())
        .map(bonafide_netdata::tool_key)
        .collect();
    for left_out in bonafide_signals::device::NOT_REMOTE_CONTROL {
        assert!(
            keys.iter().any(|k| k == left_out),
            "{left_out} is not a LOLRMM name"
        );
    }
}

/// Twenty-four hires at one employer, fourteen of whose laptops run its help
/// desk's TeamViewer, and one more with AnyDesk besides.
fn one_fleet() -> Vec<Application> {
    let teamviewer = || {
        app(
            "TeamViewer",
            r"C:\Program Files\TeamViewer\TeamViewer.exe",
            "process",
        )
    };
    let mut apps: Vec<Application> = (0..24)
        .map(|i| {
            let software = if i < 14 {
                json!([teamviewer()])
            } else {
                json!([])
            };
            hire(&format!("fleet-{i}"), json!([]), software)
        })
        .collect();
    apps.push(hire(
        "fleet-anydesk",
        json!([]),
        json!([
            teamviewer(),
            app(
                "AnyDesk",
                r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe",
                "process"
            )
        ]),
    ));
    apps
}

#[test]
fn a_tool_most_of_an_employers_laptops_run_is_its_own() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let apps = one_fleet();
    let verdicts = engine.score_batch(&apps);
    for verdict in &verdicts[..24] {
        assert!(
            !fired(verdict).contains(&"device.remote_access"),
            "{verdict:?}"
        );
    }
    let last = verdicts[24]
        .signals
        .iter()
        .find(|s| s.id == "device.remote_access")
        .expect("AnyDesk is not the fleet's");
    assert_eq!(last.evidence["names"], json!(["AnyDesk"]));
    assert!(last.explanation.contains("AnyDesk") && !last.explanation.contains("TeamViewer"));
    // Too few laptops teach nothing: the first ten alone keep their signal.
    let few = engine.score_batch(&apps[..10]);
    assert!(
        fired(&few[0]).contains(&"device.remote_access"),
        "{:?}",
        few[0]
    );
    // The same tool at another employer with no such fleet is a signal there.
    let mut elsewhere = apps[0].clone();
    elsewhere.tenant_id = Some("globex".to_owned());
    let alone = &engine.score_batch(&[elsewhere])[0];
    assert!(fired(alone).contains(&"device.remote_access"), "{alone:?}");

    // A live store learns the fleet as its laptops arrive.
    let mut live = Live::default();
    let positions: Vec<u32> = apps
        .iter()
        .map(|a| live.insert(engine.local(a).to_stored()))
        .collect();
    let first = live.score(&engine, positions[0]).expect("scored");
    assert!(
        !fired(&first).contains(&"device.remote_access"),
        "{first:?}"
    );
    let last = live.score(&engine, positions[24]).expect("scored");
    assert!(fired(&last).contains(&"device.remote_access"), "{last:?}");
}

fn checkins(id: &str, ips_days: &[(&str, &str)]) -> Application {
    let devices: Vec<Value> = ips_days
        .iter()
        .map(|(ip, day)| {
            json!({ "device_id": format!("dev-{id}"), "observed_at": format!("{day}T15:00:00Z"),
                    "public_ip": ip, "usb_devices": [], "software": [] })
        })
        .collect();
    let record = json!({
        "application_id": id, "tenant_id": "acme",
        "candidate": { "full_name": format!("Person {id}"),
                       "claimed_location": { "country": "US", "region": "CA", "city": "San Francisco" } },
        "shipping": { "address": { "line1": "1 Market St", "city": "San Francisco", "region": "CA",
                                   "postal_code": "94105", "country": "US" } },
        "devices": devices,
    });
    parse_application(&record.to_string()).expect("valid")
}

#[test]
fn a_laptop_checking_in_abroad_is_not_where_it_was_shipped_but_a_trip_is_fine() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let home = "73.162.10.10"; // San Francisco (fixture data)
    let shenyang = "175.167.3.4"; // Shenyang
    let moved = checkins(
        "moved",
        &[
            (home, "2026-04-06"),
            (shenyang, "2026-04-09"),
            (shenyang, "2026-04-16"),
            (shenyang, "2026-04-23"),
        ],
    );
    let mut month = vec![(shenyang, "2026-05-02"), (shenyang, "2026-05-03")];
    let days: Vec<String> = (4..30).map(|d| format!("2026-05-{d:02}")).collect();
    month.extend(days.iter().map(|d| (home, d.as_str())));
    let trip = checkins("trip", &month);
    let once = checkins(
        "once",
        &[(shenyang, "2026-04-09"), (shenyang, "2026-04-09")],
    );
    let verdicts = engine.score_batch(&[moved, trip, once]);
    let far = verdicts[0]
        .signals
        .iter()
        .find(|s| s.id == "device.far_from_ship_to")
        .expect("three of four check-ins from China");
    assert_eq!(far.evidence["observed"], "CN");
    assert_eq!(far.evidence["away"], 3);
    assert!(
        !fired(&verdicts[1]).contains(&"device.far_from_ship_to"),
        "{:?}",
        verdicts[1]
    );
    assert!(
        !fired(&verdicts[2]).contains(&"device.far_from_ship_to"),
        "one day is not sustained"
    );
}

/// With LOLRMM's real list: what every laptop runs is not remote access, and
/// the tools the cases name are.
#[test]
fn the_real_list_names_remote_access_tools_and_not_ordinary_software() {
    let Some(root) = std::env::var_os("BONAFIDE_REAL_DATA").map(std::path::PathBuf::from) else {
        eprintln!("BONAFIDE_REAL_DATA not set: real-data test skipped");
        return;
    };
    for list in ["rmm_tools.json", "rmm_tools.csv"] {
        let mut f = fixture();
        let mut tools = bonafide_netdata::RemoteTools::default();
        let path = root.join("devices/lolrmm-2026-08-21").join(list);
        tools
            .add_file(&bonafide_netdata::DataFile::read(&path).expect("read"))
            .expect("loads");
        f.reference.devices.tools = tools;
        let engine = Engine::new(&f.reference, &f.rules);
        let ordinary = json!([
            app("dwm.exe", r"C:\Windows\System32\dwm.exe", "process"),
            app(
                "notes.exe",
                r"C:\Users\kim\Desktop\tools\notes.exe",
                "process"
            ),
            app(
                "elastic-agent.exe",
                r"C:\Program Files\Elastic\Agent\elastic-agent.exe",
                "process"
            ),
            app(
                "agent.exe",
                r"C:\Program Files\Datadog\Datadog Agent\bin\agent.exe",
                "process"
            ),
            app("setup.exe", r"C:\Users\kim\Downloads\setup.exe", "process"),
            app(
                "installer.exe",
                r"C:\Users\kim\Downloads\installer.exe",
                "process"
            ),
            app(
                "winpty-agent.exe",
                r"C:\Program Files\Git\usr\bin\winpty-agent.exe",
                "process"
            ),
            app("dd.exe", r"C:\Program Files\Git\usr\bin\dd.exe", "process"),
            app(
                "GoTo.exe",
                r"C:\Users\kim\AppData\Local\GoTo\GoTo.exe",
                "process"
            ),
            app(
                "g2mcomm.exe",
                r"C:\Users\kim\AppData\Local\GoToMeeting\g2mcomm.exe",
                "process"
            ),
            app("QQ.exe", r"C:\Program Files\Tencent\QQNT\QQ.exe", "process"),
            app("plink.exe", r"C:\Program Files\PuTTY\plink.exe", "process"),
            app("nmap", "/opt/homebrew/bin/nmap", "process"),
            app(
                "7z.exe",
                r"C:\Users\kim\scoop\apps\7zip\current\7z.exe",
                "process"
            ),
            app(
                "AutoUpdate.exe",
                r"C:\Program Files\Microsoft Office\AutoUpdate.exe",
                "process"
            ),
            app("Level", "/Applications/Level.app", "app"),
            app(
                "Slack",
                r"C:\Users\kim\AppData\Local\slack\slack.exe",
                "process"
            ),
            app(
                "zoom.us",
                "/Applications/zoom.us.app/Contents/MacOS/zoom.us",
                "process"
            ),
            app(
                "Code.exe",
                r"C:\Users\kim\AppData\Local\Programs\Microsoft VS Code\Code.exe",
                "process"
            ),
            app("mstsc.exe", r"C:\Windows\System32\mstsc.exe", "process"),
        ]);
        let verdict = &engine.score_batch(&[hire("ordinary", json!([]), ordinary)])[0];
        let device: Vec<String> = verdict
            .signals
            .iter()
            .filter(|s| s.id.starts_with("device."))
            .map(|s| s.explanation.clone())
            .collect();
        assert!(device.is_empty(), "{list}: {device:?}");

        for (name, path) in [
            ("AnyDesk.exe", r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe"),
            (
                "rustdesk.exe",
                r"C:\Users\kim\AppData\Local\rustdesk\rustdesk.exe",
            ),
            (
                "TeamViewer_Service.exe",
                r"C:\Program Files\TeamViewer\TeamViewer_Service.exe",
            ),
            (
                "remoting_host.exe",
                r"C:\Program Files (x86)\Google\Chrome Remote Desktop\CurrentVersion\remoting_host.exe",
            ),
        ] {
            let verdict = &engine.score_batch(&[hire(
                "tool",
                json!([]),
                json!([app(name, path, "process")]),
            )])[0];
            assert!(
                fired(verdict).contains(&"device.remote_access"),
                "{list} {name}"
            );
            let hit = verdict
                .signals
                .iter()
                .find(|s| s.id == "device.remote_access");
            let text = hit.map(|h| h.explanation.clone()).unwrap_or_default();
            assert!(!text.contains("kim"), "{text}");
        }
    }
}

fn clocks(id: &str, zones_days: &[(&str, &str)]) -> Application {
    let devices: Vec<Value> = zones_days
        .iter()
        .map(|(zone, day)| {
            json!({ "device_id": format!("dev-{id}"), "observed_at": format!("{day}T15:00:00Z"),
                    "timezone": zone })
        })
        .collect();
    let record = json!({
        "application_id": id, "tenant_id": "acme",
        "candidate": { "full_name": format!("Person {id}"),
                       "claimed_location": { "country": "US", "region": "TN", "city": "Nashville" } },
        "devices": devices,
    });
    parse_application(&record.to_string()).expect("valid")
}

#[test]
fn a_laptop_keeping_another_countrys_time_is_told_from_a_trip_and_an_alias() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let shanghai = [
        ("Asia/Shanghai", "2026-04-07"),
        ("Asia/Shanghai", "2026-04-14"),
        ("Asia/Shanghai", "2026-04-21"),
    ];
    let mut trip: Vec<(&str, String)> = vec![
        ("Asia/Tokyo", "2026-05-02".to_owned()),
        ("Asia/Tokyo", "2026-05-03".to_owned()),
    ];
    trip.extend((4..30).map(|d| ("America/Chicago", format!("2026-05-{d:02}"))));
    let trip: Vec<(&str, &str)> = trip.iter().map(|(z, d)| (*z, d.as_str())).collect();
    let alias = [("US/Central", "2026-04-07"), ("CST6CDT", "2026-04-14")];
    let verdicts = engine.score_batch(&[
        clocks("shanghai", &shanghai),
        clocks("trip", &trip),
        clocks("alias", &alias),
    ]);
    let clock = verdicts[0]
        .signals
        .iter()
        .find(|s| s.id == "device.clock_elsewhere")
        .expect("three weeks on Shanghai time");
    assert_eq!(clock.evidence["laptop_timezone"], "Asia/Shanghai");
    for verdict in &verdicts[1..] {
        assert!(
            !fired(verdict).contains(&"device.clock_elsewhere"),
            "{verdict:?}"
        );
    }
}

fn shipped_to(id: &str, zip: &str, city: &str, ips_days: &[(&str, &str)]) -> Application {
    let mut app = checkins(id, ips_days);
    let shipping: bonafide_model::Shipping = serde_json::from_value(json!({ "address": {
        "line1": "1 Main St", "city": city, "postal_code": zip, "country": "US" } }))
    .expect("shipping");
    app.shipping = Some(shipping);
    app
}

#[test]
fn a_laptop_working_from_another_city_than_its_zip_is_told_from_a_trip_and_a_suburb() {
    let f = fixture();
    let engine = Engine::new(&f.reference, &f.rules);
    let (nashville, austin) = ("68.53.1.2", "70.112.3.4");
    let farm = shipped_to(
        "farm",
        "37211",
        "Nashville",
        &[
            (nashville, "2026-04-06"),
            (austin, "2026-04-09"),
            (austin, "2026-04-16"),
            (austin, "2026-04-23"),
        ],
    );
    let mut month = vec![(austin, "2026-05-02"), (austin, "2026-05-03")];
    let days: Vec<String> = (4..30).map(|d| format!("2026-05-{d:02}")).collect();
    month.extend(days.iter().map(|d| (nashville, d.as_str())));
    let trip = shipped_to("trip", "37211", "Nashville", &month);
    // Shipped to San Francisco, working from Oakland across the bay.
    let suburb = shipped_to(
        "suburb",
        "94103",
        "San Francisco",
        &[("73.170.1.1", "2026-04-09"), ("73.170.1.1", "2026-04-16")],
    );
    // A ZIP the table does not hold says nothing.
    let unknown = shipped_to(
        "unknown",
        "99999",
        "Nowhere",
        &[(austin, "2026-04-09"), (austin, "2026-04-16")],
    );
    let verdicts = engine.score_batch(&[farm, trip, suburb, unknown]);
    let far = verdicts[0]
        .signals
        .iter()
        .find(|s| s.id == "device.far_from_zip")
        .expect("three of four check-ins from Austin");
    assert_eq!(far.evidence["away"], 3);
    assert_eq!(far.evidence["observed"], "Austin, Texas");
    let km = far.evidence["km"].as_u64().unwrap_or_default();
    assert!((1_100..1_300).contains(&km), "{km}");
    assert!(far.explanation.contains("37211"), "{}", far.explanation);
    for v in &verdicts[1..] {
        assert!(!fired(v).contains(&"device.far_from_zip"), "{v:?}");
        assert!(!fired(v).contains(&"device.far_from_ship_to"), "{v:?}");
    }
}
