//! The pages in a real browser: `bonafide demo` serves the fixtures and
//! headless Chromium (Debian's, driven through chromedriver) walks the two
//! journeys the pages exist for.
//!
//! - A recruiter signs in, opens the top of the queue, reads why it is there,
//!   records a decision with a note, and sees it leave the queue.
//! - An analyst opens the laptop farm's cluster, sees its twelve applications
//!   around one address and two accounts, opens a node, opens a case on the
//!   farm, works it and exports it; then finds the farm again by an account's
//!   last four digits.
//!
//! Screenshots of each page go to `target/tmp/screenshots/`. Without
//! chromedriver the test says it skipped, unless `BONAFIDE_BROWSER_TESTS=require`
//! (as `.ci/run` sets it), when it fails.

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("address")
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The demo's keys by role, from what it prints.
struct Demo {
    base: String,
    keys: std::collections::HashMap<String, String>,
    _process: Running,
}

fn start_demo(dir: &Path) -> Demo {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bonafide"))
        .args(["demo", "--store"])
        .arg(dir.join("demo.db"))
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("bonafide demo starts");
    let stdout = child.stdout.take().expect("stdout");
    let process = Running(child);
    let mut keys = std::collections::HashMap::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("demo output");
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [role, key] = words.as_slice() {
            if key.starts_with("bfk_") {
                keys.insert((*role).to_owned(), (*key).to_owned());
            }
        }
        if line.starts_with("(The recruiter") {
            break;
        }
    }
    assert_eq!(keys.len(), 4, "the demo prints a key per role: {keys:?}");
    wait_for_port(port, "bonafide demo");
    Demo {
        base: format!("http://127.0.0.1:{port}"),
        keys,
        _process: process,
    }
}

fn start_browser(dir: &Path) -> (Running, u16) {
    let port = free_port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let running = Running(child);
    wait_for_port(port, "chromedriver");
    let _ = std::fs::create_dir_all(dir.join("profile"));
    (running, port)
}

async fn connect(port: u16, profile: &Path) -> Client {
    // The flags keep Chromium off the network (this machine has none) and
    // out of a sandbox it cannot have as root.
    let capabilities = serde_json::json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let serde_json::Value::Object(capabilities) = capabilities else {
        unreachable!("an object")
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a browser session")
}

fn screenshots() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// axe-core, the accessibility checker (`.ci/run` installs it from npm into
/// `target/npm`; `BONAFIDE_AXE` names another copy).
fn axe_source() -> Option<String> {
    let path = std::env::var_os("BONAFIDE_AXE").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/npm/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            assert!(
                std::env::var("BONAFIDE_BROWSER_TESTS").as_deref() != Ok("require"),
                "BONAFIDE_BROWSER_TESTS=require but axe-core is not at {}",
                path.display()
            );
            None
        }
    }
}

/// Save a screenshot, and check the page against WCAG 2 A and AA with axe
/// (contrast, names of controls and links, labels, landmarks, language).
async fn shot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(screenshots().join(format!("{name}.png")), png).expect("saved");
    let Some(axe) = axe_source() else {
        eprintln!("{name}: accessibility not checked (no axe-core)");
        return;
    };
    client
        .execute(&format!("{axe}\nreturn true;"), Vec::new())
        .await
        .expect("axe loads");
    let violations = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done(r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '))))
                .catch(e => done(['axe failed: ' + e]));",
            Vec::new(),
        )
        .await
        .expect("axe runs");
    let violations: Vec<String> = serde_json::from_value(violations).expect("a list");
    assert!(
        violations.is_empty(),
        "{name} fails WCAG 2.1 AA:\n{}",
        violations.join("\n")
    );
}

/// The page is no wider than the window, and no visible text is smaller than
/// 11 px as drawn (an SVG label's size times the picture's scale).
async fn fits(client: &Client, name: &str) {
    let found = client
        .execute(
            "const over = document.documentElement.scrollWidth - window.innerWidth;
             const small = [];
             const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
             while (walker.nextNode()) {
               const node = walker.currentNode;
               const el = node.parentElement;
               if (!el || !node.textContent.trim()) continue;
               const style = getComputedStyle(el);
               const box = el.getBoundingClientRect();
               if (style.display === 'none' || style.visibility === 'hidden' || box.width <= 1 || box.height <= 1) continue;
               let px = parseFloat(style.fontSize);
               if (el instanceof SVGElement && el.getScreenCTM()) {
                 const m = el.getScreenCTM();
                 px = px * Math.hypot(m.a, m.b);
               }
               if (px < 11) small.push(el.tagName + ' ' + px.toFixed(1) + 'px: ' + node.textContent.trim().slice(0, 30));
             }
             return [over, small.slice(0, 8)];",
            Vec::new(),
        )
        .await
        .expect("measured");
    let (over, small): (i64, Vec<String>) = serde_json::from_value(found).expect("a pair");
    assert!(over <= 0, "{name}: {over} px wider than the window");
    assert!(small.is_empty(), "{name}: text under 11 px: {small:?}");
}

async fn css(client: &Client, selector: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("`{selector}` on the page: {e}"))
}

async fn all(client: &Client, selector: &str) -> Vec<fantoccini::elements::Element> {
    client
        .find_all(Locator::Css(selector))
        .await
        .expect("find_all")
}

async fn path_of(client: &Client) -> String {
    client.current_url().await.expect("url").path().to_owned()
}

/// Run an action that makes the browser navigate (a submit, a link, Enter in a
/// form) and wait until it has: the old page's root element goes stale, then
/// the new document finishes loading. Clicking returns before the navigation,
/// so reading the next page without this races the browser. Bounded; a
/// timeout names the step.
async fn navigate(
    client: &Client,
    step: &str,
    action: impl std::future::Future<Output = Result<(), fantoccini::error::CmdError>>,
) {
    const LIMIT: Duration = Duration::from_secs(20);
    let from = client.current_url().await.expect("url");
    let old = client
        .find(Locator::Css("html"))
        .await
        .unwrap_or_else(|e| panic!("{step}: the page before it: {e}"));
    action
        .await
        .unwrap_or_else(|e| panic!("{step}: the action failed: {e}"));
    let started = Instant::now();
    let mut last_error = None;
    loop {
        match old.tag_name().await {
            Err(e) if e.is_stale_element_reference() || e.is_no_such_element() => break,
            // While the document is being replaced Chromium may answer for the old
            // node with an inspector error instead of "stale".
            Err(e) if e.to_string().contains("does not belong to the document") => break,
            Err(e) => last_error = Some(e.to_string()),
            Ok(_) => {}
        }
        assert!(
            started.elapsed() < LIMIT,
            "{step}: the browser did not leave {from} within {LIMIT:?} (last error: {last_error:?})"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    loop {
        let state = client
            .execute("return document.readyState", Vec::new())
            .await
            .unwrap_or_else(|e| panic!("{step}: reading the new page's state: {e}"));
        if state == "complete" {
            break;
        }
        assert!(
            started.elapsed() < LIMIT,
            "{step}: the page after {from} did not finish loading within {LIMIT:?} ({state})"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The browser and driver the test runs with, for its output.
fn versions() -> String {
    [CHROMIUM, CHROMEDRIVER]
        .iter()
        .map(|program| {
            Command::new(program)
                .arg("--version")
                .output()
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
                .unwrap_or_else(|e| format!("{program}: {e}"))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

async fn sign_in(client: &Client, base: &str, key: &str, then: &str) {
    client.goto(&format!("{base}{then}")).await.expect("goto");
    // Not signed in: the page sends us to sign in, and back afterwards.
    assert_eq!(path_of(client).await, "/signin");
    shot(client, "0-signin").await;
    // With the keyboard alone: the field has focus, Enter sends the form.
    let focused = client.active_element().await.expect("focus");
    assert_eq!(
        focused.attr("id").await.expect("id").as_deref(),
        Some("key")
    );
    navigate(
        client,
        "signing in with Enter",
        focused.send_keys(&format!("{key}\u{E007}")),
    )
    .await;
    css(client, "main h1").await;
    assert_eq!(
        path_of(client).await,
        then.split('?').next().unwrap_or(then)
    );
}

async fn sign_out(client: &Client) {
    let button = css(client, ".who button[type=submit]").await;
    navigate(client, "signing out", button.click()).await;
    css(client, "#key").await;
}

async fn recruiter_journey(client: &Client, demo: &Demo) {
    sign_in(client, &demo.base, &demo.keys["recruiter"], "/queue").await;
    let rows = all(client, "table.queue tbody tr").await;
    assert!(
        rows.len() >= 5,
        "the queue holds the flagged fixtures: {}",
        rows.len()
    );
    shot(client, "1-queue").await;
    let table = css(client, "table.queue")
        .await
        .text()
        .await
        .expect("table");
    assert!(table.contains("Why it is here"));
    // Plain language, not signal ids.
    assert!(
        !table.contains("shipping.farm") && !table.contains("network."),
        "{table}"
    );

    // The top of the queue, highest score first.
    let top = css(client, "table.queue tbody tr th a.open").await;
    let candidate = top.text().await.expect("name");
    navigate(client, "opening the top of the queue", top.click()).await;
    let heading = css(client, "main h1").await.text().await.expect("h1");
    assert_eq!(heading, candidate);
    let id = path_of(client)
        .await
        .trim_start_matches("/applications/")
        .to_owned();
    let sentences = all(client, ".signal .sentence").await;
    assert!(!sentences.is_empty(), "every reason is a sentence");
    let advice = css(client, ".verdict p")
        .await
        .text()
        .await
        .expect("advice");
    assert!(
        advice.contains("Verify") || advice.contains("closer look"),
        "{advice}"
    );
    let source = client.source().await.expect("source");
    // A recruiter sees no unmasked application details and no cluster tools.
    assert!(!source.contains("What the application says"));
    assert!(!source.contains("/clusters/"));
    shot(client, "2-application-recruiter").await;

    // Decide with the keyboard alone: Space chooses, Tab moves on, Enter sends.
    const TAB: &str = "\u{E004}";
    const ENTER: &str = "\u{E007}";
    let choice = css(client, "input[name=label][value=reverify]").await;
    choice.send_keys(" ").await.expect("Space chooses");
    assert!(
        choice.is_selected().await.expect("state"),
        "Space chose re-verify"
    );
    let focused = |want: &'static str| async move {
        let element = client.active_element().await.expect("focus");
        assert_eq!(
            element.attr("id").await.expect("id").as_deref(),
            Some(want),
            "Tab reaches #{want}"
        );
        element
    };
    client
        .active_element()
        .await
        .expect("focus")
        .send_keys(TAB)
        .await
        .expect("Tab");
    let note = focused("note").await;
    note.send_keys("Same Nashville address as other hires; asked for a new ID check")
        .await
        .expect("writes");
    shot(client, "3-decision").await;
    note.send_keys(TAB).await.expect("Tab");
    let button = focused("record-decision").await;
    navigate(
        client,
        "recording the decision with Enter",
        button.send_keys(ENTER),
    )
    .await;
    let notice = css(client, ".notice").await.text().await.expect("notice");
    assert!(
        notice.contains(&id) && notice.contains("re-verify"),
        "{notice}"
    );
    let left: Vec<String> = {
        let mut ids = Vec::new();
        for row in all(client, "table.queue tbody tr th .sub").await {
            ids.push(row.text().await.expect("id"));
        }
        ids
    };
    assert!(
        left.iter()
            .all(|text| !text.starts_with(&format!("{id} ")) && *text != id),
        "a decided application leaves the queue: {left:?}"
    );
    shot(client, "4-queue-after-decision").await;
    sign_out(client).await;
}

async fn analyst_journey(client: &Client, demo: &Demo) {
    sign_in(
        client,
        &demo.base,
        &demo.keys["investigator"],
        "/applications/farm-001",
    )
    .await;
    let source = client.source().await.expect("source");
    assert!(
        source.contains("What the application says"),
        "investigators see the details"
    );
    shot(client, "5a-application-investigator").await;
    // Identity numbers never reach a page in the clear.
    assert!(!source.contains("4410029981"));
    let link = css(client, "a[href='/clusters/farm-001']").await;
    navigate(client, "opening the cluster", link.click()).await;
    css(client, "svg.graph").await;
    let own = all(client, "svg.graph a.member").await;
    let foreign = all(client, "svg.graph g.foreign").await;
    assert_eq!(
        own.len() + foreign.len(),
        12,
        "the farm is twelve applications ({} here, {} at other employers)",
        own.len(),
        foreign.len()
    );
    assert_eq!(own.len(), 4, "acme's four hires are named");
    let addresses = all(client, "svg.graph a.attribute[data-kind=shipping_address]").await;
    let accounts = all(client, "svg.graph a.attribute[data-kind=payroll_account]").await;
    assert_eq!(
        (addresses.len(), accounts.len()),
        (1, 2),
        "one address, two accounts"
    );
    let timeline = all(client, ".timeline li").await;
    assert!(
        timeline.len() >= 12,
        "the cluster's timeline: {}",
        timeline.len()
    );
    shot(client, "5-cluster").await;

    // A node opens its application.
    let node = css(client, "svg.graph a.member[data-id='farm-004'] circle").await;
    navigate(client, "opening a node of the cluster", node.click()).await;
    assert_eq!(path_of(client).await, "/applications/farm-004");
    client.back().await.expect("back");

    // A case on the farm, worked and exported.
    css(client, "#case-title")
        .await
        .send_keys("Nashville laptop farm")
        .await
        .expect("titles the case");
    let button = css(client, "form[action='/cases'] button[type=submit]").await;
    navigate(client, "opening a case", button.click()).await;
    let title = css(client, "main h1").await.text().await.expect("title");
    assert_eq!(title, "Nashville laptop farm");
    let case_path = path_of(client).await;
    assert_eq!(all(client, "main table tbody tr").await.len(), 4);
    css(client, "#case-note")
        .await
        .send_keys("Four acme hires ship to one flat in 37211; two accounts take the pay.")
        .await
        .expect("notes");
    let button = css(client, "form:has(#case-note) button[type=submit]").await;
    navigate(client, "adding a note to the case", button.click()).await;
    css(client, "#status option[value=confirmed]")
        .await
        .click()
        .await
        .expect("chooses a status");
    let button = css(client, "form:has(#status) button[type=submit]").await;
    navigate(client, "setting the case's status", button.click()).await;
    let status = css(client, "main .sub .status")
        .await
        .text()
        .await
        .expect("status");
    assert_eq!(status.to_lowercase(), "confirmed");
    let source = client.source().await.expect("source");
    assert!(source.contains("two accounts take the pay"));
    shot(client, "6-case").await;
    client
        .goto(&format!("{}/cases", demo.base))
        .await
        .expect("cases");
    let listed = css(client, "main table tbody")
        .await
        .text()
        .await
        .expect("cases");
    assert!(
        listed.contains("Nashville laptop farm") && listed.to_lowercase().contains("confirmed"),
        "{listed}"
    );
    shot(client, "6a-cases").await;

    // The exports, fetched with the browser's session cookie.
    let cookie = client
        .get_named_cookie(bonafide_server::web::SESSION_COOKIE)
        .await
        .expect("the session cookie");
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(format!("{:?}", cookie.same_site()), "Some(Strict)");
    let http = reqwest::Client::new();
    let csv = http
        .get(format!("{}{case_path}/export.csv", demo.base))
        .header("cookie", format!("{}={}", cookie.name(), cookie.value()))
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("csv text");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5, "a header and four applications:\n{csv}");
    assert!(lines[0].starts_with("case_id,case_title,case_status,application_id"));
    assert!(lines[1..]
        .iter()
        .all(|l| l.contains("confirmed") && l.contains("farm-")));
    let json: serde_json::Value = serde_json::from_str(
        &http
            .get(format!("{}{case_path}/export.json", demo.base))
            .header("cookie", format!("{}={}", cookie.name(), cookie.value()))
            .send()
            .await
            .expect("json")
            .text()
            .await
            .expect("json text"),
    )
    .expect("JSON");
    assert_eq!(json["applications"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["case"]["status"], "confirmed");
    assert!(!json.to_string().contains("4410029981"));
    // A form without this session's token is refused.
    let forged = http
        .post(format!("{}{case_path}", demo.base))
        .header("cookie", format!("{}={}", cookie.name(), cookie.value()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=forged&action=status&value=closed")
        .send()
        .await
        .expect("forged");
    assert_eq!(forged.status(), 403);

    // Search by what an investigator knows: an account's last four digits.
    client
        .goto(&format!("{}/search", demo.base))
        .await
        .expect("search");
    css(client, "#kind option[value=account_last4]")
        .await
        .click()
        .await
        .expect("kind");
    css(client, "#q")
        .await
        .send_keys("9981")
        .await
        .expect("types");
    let button = css(client, "form[role=search] button[type=submit]").await;
    navigate(client, "searching", button.click()).await;
    css(client, "#results-heading").await;
    let source = client.source().await.expect("source");
    assert!(
        source.contains("farm-001"),
        "the account ending 9981 is farm-001's"
    );
    shot(client, "7-search").await;

    // Every page fits a laptop and a phone: no sideways scrolling, no text
    // under 11 px (the cluster picture's labels included).
    let pages = [
        "/queue".to_owned(),
        "/applications/farm-001".to_owned(),
        "/clusters/farm-001".to_owned(),
        "/cases".to_owned(),
        case_path.clone(),
        "/search?kind=account_last4&q=9981".to_owned(),
    ];
    for (width, height) in [(1366, 900), (390, 844)] {
        client
            .set_window_size(width, height)
            .await
            .expect("window size");
        for path in &pages {
            client
                .goto(&format!("{}{path}", demo.base))
                .await
                .expect("page");
            css(client, "main").await;
            let name = format!(
                "8-{width}-{}",
                path.trim_start_matches('/')
                    .replace(['/', '?', '=', '&'], "-")
            );
            fits(client, &name).await;
            shot(client, &name).await;
        }
    }
    client
        .set_window_size(1280, 1000)
        .await
        .expect("window size");

    // Every view of the case was audited: the admin's API shows it.
    let audit: serde_json::Value = serde_json::from_str(
        &http
            .get(format!("{}/v1/audit", demo.base))
            .bearer_auth(&demo.keys["admin"])
            .send()
            .await
            .expect("audit")
            .text()
            .await
            .expect("audit text"),
    )
    .expect("audit JSON");
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "view_case",
        "export_case:csv",
        "export_case:json",
        "decide:reverify",
        "view_cluster",
        "case_note",
        "case_status",
        "sign_in",
    ] {
        assert!(actions.contains(&action), "`{action}` audited: {actions:?}");
    }
}

#[test]
fn a_recruiter_decides_and_an_analyst_opens_a_case_on_the_laptop_farm() {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var("BONAFIDE_BROWSER_TESTS").as_deref() != Ok("require"),
            "BONAFIDE_BROWSER_TESTS=require but {CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "skipped: no {CHROMEDRIVER} or {CHROMIUM} (apt-get install chromium chromium-driver)"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("bonafide-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    eprintln!("browser test with {}", versions());
    let demo = start_demo(&dir);
    let (_driver, port) = start_browser(&dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = connect(port, &dir.join("profile")).await;
        recruiter_journey(&client, &demo).await;
        analyst_journey(&client, &demo).await;
        client.close().await.expect("closes the browser");
    });
    drop(demo);
    let _ = std::fs::remove_dir_all(&dir);
}
