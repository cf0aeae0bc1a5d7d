//! The pages over plain HTTP (the browser test drives them in Chromium):
//! sign-in and its cookies, forged forms, roles, tenants, search and cases.

mod common;

use bonafide_server::ServiceSettings;
use bonafide_store::{Role, SqliteStore, Store};
use common::{fixture_lines, get, post_json, start, temp_dir, PgSchema, Running};
use reqwest::header::{HeaderMap, CONTENT_DISPOSITION, LOCATION, SET_COOKIE};
use serde_json::json;
use std::sync::Arc;

/// A person's browser, reduced to a cookie jar of one.
struct Browser {
    http: reqwest::Client,
    base: String,
    cookie: Option<String>,
}

/// The value of `name="csrf"` in a page.
fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().expect("value").to_owned()
}

fn cookie_named(headers: &HeaderMap, name: &str) -> Option<(String, String)> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(|v| {
            let pair = v.split(';').next().unwrap_or_default().to_owned();
            (pair, v.to_owned())
        })
}

impl Browser {
    fn new(base: &str) -> Browser {
        Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: base.to_owned(),
            cookie: None,
        }
    }

    async fn get(&self, path: &str) -> (u16, HeaderMap, String) {
        let mut request = self.http.get(format!("{}{path}", self.base));
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("response");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.text().await.expect("body"))
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (u16, HeaderMap, String) {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(cookie) = &self.cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("response");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.text().await.expect("body"))
    }

    /// Sign in as the sign-in page asks; returns the session cookie's full Set-Cookie line.
    async fn sign_in(&mut self, key: &str) -> String {
        let (status, headers, html) = self.get("/signin?next=/queue").await;
        assert_eq!(status, 200);
        let (signin_cookie, _) = cookie_named(&headers, "bonafide_signin").expect("sign-in cookie");
        self.cookie = Some(signin_cookie);
        let token = csrf_in(&html);
        let (status, headers, body) = self
            .post(
                "/signin",
                &[("key", key), ("csrf", &token), ("next", "/queue")],
            )
            .await;
        assert_eq!(status, 303, "{body}");
        assert_eq!(headers[LOCATION], "/queue");
        let (pair, line) = cookie_named(&headers, "bonafide_session").expect("session cookie");
        self.cookie = Some(pair);
        line
    }

    async fn csrf(&self) -> String {
        let (status, _, html) = self.get("/queue").await;
        assert_eq!(status, 200);
        csrf_in(&html)
    }
}

/// A service on SQLite holding the laptop farm and the identity ring.
async fn service(name: &str) -> Running {
    let dir = temp_dir(name);
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let running = start(store, ServiceSettings::default()).await;
    submit_fixtures(&running).await;
    running
}

/// The laptop farm and the identity ring, each line submitted by its own
/// employer's integration key.
async fn submit_fixtures(running: &Running) {
    let mut keys = std::collections::HashMap::new();
    for file in ["laptop-farm.jsonl", "identity-ring.jsonl"] {
        for line in fixture_lines(file) {
            let tenant = line["tenant_id"].as_str().unwrap_or("default").to_owned();
            if !keys.contains_key(&tenant) {
                let key = running.key(&tenant, Role::Integration).await;
                keys.insert(tenant.clone(), key);
            }
            let (status, _, _) = post_json(&running.base, &keys[&tenant], &line).await;
            assert_eq!(status, 201);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_with_slashes_and_dots_link_to_themselves() {
    let running = service("odd-ids").await;
    let integration = running.key("acme", Role::Integration).await;
    let mut odd = fixture_lines("laptop-farm.jsonl")[3].clone();
    let id = "ring/../../signout?x#y";
    odd["application_id"] = id.into();
    let (status, _, _) = post_json(&running.base, &integration, &odd).await;
    assert_eq!(status, 201);
    // `.` and `..` cannot be made into a link that stays put: refused.
    for dots in [".", ".."] {
        odd["application_id"] = dots.into();
        let (status, _, problem) = post_json(&running.base, &integration, &odd).await;
        assert_eq!(status, 400, "{problem}");
        assert_eq!(problem["errors"][0]["path"], "application_id");
    }
    let mut browser = Browser::new(&running.base);
    browser
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let (_, _, queue) = browser.get("/queue").await;
    let link = "/applications/ring%2F..%2F..%2Fsignout%3Fx%23y";
    assert!(queue.contains(&format!("href=\"{link}\"")), "{queue}");
    let (status, _, page) = browser.get(link).await;
    assert_eq!(status, 200);
    // The id shows as text (escaped as HTML).
    assert!(
        page.contains("ring&#x2f;..&#x2f;..&#x2f;signout?x#y"),
        "{page}"
    );
    assert!(page.contains(&format!("action=\"{link}/decision\"")));
}

/// One sign-in through the form, as a fresh browser would.
async fn signin_attempt(base: &str, key: &str) -> (u16, HeaderMap, String) {
    let mut browser = Browser::new(base);
    let (_, headers, html) = browser.get("/signin").await;
    browser.cookie = cookie_named(&headers, "bonafide_signin").map(|c| c.0);
    browser
        .post("/signin", &[("key", key), ("csrf", &csrf_in(&html))])
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_are_limited_per_address() {
    let dir = temp_dir("signin-rate");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let settings = ServiceSettings {
        signin_per_minute: 3,
        ..ServiceSettings::default()
    };
    let running = start(store, settings).await;
    let recruiter = running.key("acme", Role::Recruiter).await;
    for _ in 0..3 {
        let (status, _, _) = signin_attempt(&running.base, "bfk_guess").await;
        assert_eq!(status, 401);
    }
    // The fourth within the minute is refused, even with a good key.
    let (status, headers, html) = signin_attempt(&running.base, &recruiter).await;
    assert_eq!(status, 429, "{html}");
    assert_eq!(headers["retry-after"], "60");
    assert!(html.contains("Too many sign-in attempts"), "{html}");
    running.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sessions_roles_and_forged_forms() {
    let running = service("signin").await;
    let mut browser = Browser::new(&running.base);

    // Not signed in: every page sends the person to sign in, and back.
    let (status, headers, _) = browser.get("/applications/farm-001").await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], "/signin?next=/applications/farm-001");

    // A sign-in without the form's own cookie is refused (login forgery).
    let recruiter = running.key("acme", Role::Recruiter).await;
    let (status, _, _) = browser
        .post("/signin", &[("key", recruiter.as_str()), ("csrf", "guess")])
        .await;
    assert_eq!(status, 403);

    // Integration keys and unknown keys do not open the pages.
    let integration = running.key("acme", Role::Integration).await;
    for (key, says) in [
        (integration.as_str(), "integration key"),
        ("bfk_000000000000_unknown", "not known"),
    ] {
        let (_, headers, html) = browser.get("/signin").await;
        browser.cookie = cookie_named(&headers, "bonafide_signin").map(|c| c.0);
        let (status, _, html) = browser
            .post("/signin", &[("key", key), ("csrf", &csrf_in(&html))])
            .await;
        assert_eq!(status, 401);
        assert!(html.contains(says), "{html}");
    }

    let line = browser.sign_in(&recruiter).await;
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(line.contains(flag), "{flag} in {line}");
    }
    let (status, headers, html) = browser.get("/queue").await;
    assert_eq!(status, 200);
    let policy = headers["content-security-policy"].to_str().expect("text");
    assert!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"));
    assert_eq!(headers["cache-control"], "no-store");
    assert!(html.contains("farm-001") && html.contains("Ethan Cole"));
    // Another employer's applications are counted, never named.
    assert!(!html.contains("farm-002") && html.contains("at other employers"));

    // A recruiter has no cluster, search or case pages.
    for path in ["/clusters/farm-001", "/search", "/cases"] {
        let (status, _, _) = browser.get(path).await;
        assert_eq!(status, 403, "{path}");
    }

    // Decisions: a forged form, a missing note, then a real one.
    let token = browser.csrf().await;
    let (status, _, _) = browser
        .post(
            "/applications/farm-001/decision",
            &[("csrf", "forged"), ("label", "cleared"), ("note", "fine")],
        )
        .await;
    assert_eq!(status, 403);
    let (status, _, html) = browser
        .post(
            "/applications/farm-001/decision",
            &[("csrf", &token), ("label", "cleared"), ("note", "  ")],
        )
        .await;
    assert_eq!(status, 400);
    assert!(html.contains("needs a note"));
    let (status, headers, _) = browser
        .post(
            "/applications/farm-001/decision",
            &[
                ("csrf", &token),
                ("label", "confirmed"),
                ("note", "One flat, twelve hires"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], "/queue?done=farm-001&label=confirmed");
    let (_, _, html) = browser.get("/queue?done=farm-001&label=confirmed").await;
    assert!(html.contains("Recorded for farm-001: Confirmed"), "{html}");
    // An address typed with a decision never made says nothing was recorded.
    let (_, _, never) = browser.get("/queue?done=farm-999&label=confirmed").await;
    assert!(!never.contains("Recorded for"), "{never}");
    let (_, _, html) = browser.get("/queue").await;
    assert!(
        !html.contains("/applications/farm-001\""),
        "decided: out of the queue"
    );
    assert!(html.contains("/applications/farm-004\""));
    let store = Arc::clone(&running.store);
    let decided = tokio::task::spawn_blocking(move || store.decisions("acme", "farm-001"))
        .await
        .expect("join")
        .expect("decisions");
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0].note, "One flat, twelve hires");

    // Signing out ends the session in the store, not only in the browser.
    let kept_cookie = browser.cookie.clone();
    let (status, _, _) = browser.post("/signout", &[("csrf", &token)]).await;
    assert_eq!(status, 303);
    browser.cookie = kept_cookie;
    let (status, _, _) = browser.get("/queue").await;
    assert_eq!(status, 303);
    running.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn investigators_search_cluster_and_keep_cases_to_their_employer() {
    let running = service("investigate").await;
    let mut analyst = Browser::new(&running.base);
    analyst
        .sign_in(&running.key("acme", Role::Investigator).await)
        .await;
    let farm = fixture_lines("laptop-farm.jsonl");
    let farm_004 = farm
        .iter()
        .find(|l| l["application_id"] == "farm-004")
        .expect("farm-004");

    // Search by what an investigator knows, normalised as linking does.
    let email = farm_004["candidate"]["emails"][0].as_str().expect("e-mail");
    let ip = farm_004["sessions"][0]["ip"].as_str().expect("ip");
    for (kind, q, expect) in [
        (
            "address",
            "4117 Nolensville Rd Unit 12, Nashville TN 37211",
            "farm-004",
        ),
        ("email", email, "farm-004"),
        ("ip", ip, "farm-004"),
        ("account_last4", "9981", "farm-001"),
    ] {
        let path = format!(
            "/search?kind={kind}&q={}",
            q.replace(' ', "+")
                .replace('#', "%23")
                .replace(',', "%2C")
                .replace('@', "%40")
        );
        let (status, _, html) = analyst.get(&path).await;
        assert_eq!(status, 200, "{kind}");
        assert!(
            html.contains(&format!("/applications/{expect}\"")),
            "{kind} {q}: {html}"
        );
    }
    let (_, _, html) = analyst
        .get("/search?kind=address&q=88+Willow+Street%2C+Springfield+IL+62704")
        .await;
    assert!(
        !html.contains("/applications/farm-"),
        "another address finds no farm"
    );
    // A value that does not read as its kind says so (not "choose a kind").
    let (_, _, html) = analyst.get("/search?kind=ip&q=not+an+ip").await;
    assert!(
        html.contains("does not read as a value of that kind"),
        "{html}"
    );
    let (_, _, html) = analyst.get("/search?kind=colour&q=blue").await;
    assert!(html.contains("Choose what to search by"), "{html}");

    // The cluster: twelve applications, four of them acme's and named.
    let (status, _, html) = analyst.get("/clusters/farm-001").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("class=\"node member\"").count(), 4);
    assert_eq!(html.matches("class=\"node member foreign\"").count(), 8);
    assert!(html.contains("data-kind=\"shipping_address\""));

    // A case takes only the employer's own applications.
    let token = analyst.csrf().await;
    let (status, headers, _) = analyst
        .post(
            "/cases",
            &[
                ("csrf", &token),
                ("title", "Nashville"),
                ("applications", "farm-001, farm-002,farm-004 nope"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let case_path = headers[LOCATION].to_str().expect("location").to_owned();
    let (_, _, csv) = analyst.get(&format!("{case_path}/export.csv")).await;
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(3))
        .collect();
    assert_eq!(ids, ["farm-001", "farm-004"]);
    let (status, _, _) = analyst
        .post(
            &case_path,
            &[("csrf", &token), ("action", "add"), ("value", "farm-003")],
        )
        .await;
    assert_eq!(status, 400, "farm-003 is another employer's");
    let (_, _, html) = analyst.get(&case_path).await;
    assert!(html.contains("· 2 applications ·"), "{html}");
    let (status, _, _) = analyst
        .post(
            &case_path,
            &[
                ("csrf", &token),
                ("action", "remove"),
                ("value", "farm-004"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, _, html) = analyst.get(&case_path).await;
    assert!(
        html.contains("· 1 application ·"),
        "one is not plural: {html}"
    );

    // Another employer's analyst sees neither the case nor the applications.
    let mut other = Browser::new(&running.base);
    other
        .sign_in(&running.key("globex", Role::Investigator).await)
        .await;
    for path in [
        case_path.as_str(),
        "/applications/farm-001",
        "/clusters/farm-001",
    ] {
        let (status, _, _) = other.get(path).await;
        assert_eq!(status, 404, "{path}");
    }
    let (_, _, html) = other.get("/cases").await;
    assert!(!html.contains("Nashville"));

    let store = Arc::clone(&running.store);
    let log = tokio::task::spawn_blocking(move || store.audit_log("acme", 200))
        .await
        .expect("join")
        .expect("audit");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    // A search is kept as its kind and the term's keyed hash, never the term.
    for entry in log.iter().filter(|e| e.action == "search") {
        let (_, what) = entry.target.split_once('/').expect("tenant/what");
        let (kind, hash) = what.split_once(':').expect("kind:hash");
        assert!(!kind.is_empty() && hash.len() >= 12, "{}", entry.target);
        assert!(!entry.target.contains("Nolensville"), "{}", entry.target);
    }
    for action in [
        "search",
        "view_cluster",
        "open_case",
        "export_case:csv",
        "sign_in",
    ] {
        assert!(actions.contains(&action), "{action}: {actions:?}");
    }
    running.stop();
}

/// Sessions and cases live in the store: behind a load balancer, a person signed
/// in on one instance works on another, and the cluster there follows what the
/// first one scored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_share_sign_ins_cases_and_clusters() {
    let schema = PgSchema::new("pages");
    let first = start(schema.store().await, ServiceSettings::default()).await;
    let second = start(schema.store().await, ServiceSettings::default()).await;
    submit_fixtures(&first).await;
    let mut on_first = Browser::new(&first.base);
    on_first
        .sign_in(&first.key("acme", Role::Investigator).await)
        .await;
    let mut on_second = Browser::new(&second.base);
    on_second.cookie = on_first.cookie.clone();

    let (status, _, html) = on_second.get("/queue").await;
    assert_eq!(status, 200);
    assert!(html.contains("/applications/farm-001\""));
    // The second instance scored none of the farm: its cluster follows the store.
    let (status, _, html) = on_second.get("/clusters/farm-001").await;
    assert_eq!(status, 200);
    assert_eq!(html.matches("class=\"node member\"").count(), 4);
    assert_eq!(html.matches("class=\"node member foreign\"").count(), 8);

    let token = on_second.csrf().await;
    let (status, headers, _) = on_second
        .post(
            "/cases",
            &[
                ("csrf", &token),
                ("title", "Across instances"),
                ("applications", "farm-001"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let case_path = headers[LOCATION].to_str().expect("location").to_owned();
    let (status, _, html) = on_first.get(&case_path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Across instances") && html.contains("farm-001"));

    // Signing out on one instance ends the session on both.
    let (status, _, _) = on_first.post("/signout", &[("csrf", &token)]).await;
    assert_eq!(status, 303);
    let (status, _, _) = on_second.get("/queue").await;
    assert_eq!(status, 303);
    first.stop();
    second.stop();
    schema.drop().await;
}

/// The application page shows what IT saw after the hire: the laptop and the
/// sign-ins, with serials, ids and addresses masked for recruiters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_page_shows_the_laptop_and_the_sign_ins() {
    let dir = temp_dir("pages-after-hire");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    let running = start(store, ServiceSettings::default()).await;
    let integration = running.key("acme", Role::Integration).await;
    let hire = serde_json::json!({
        "application_id": "hire-kvm", "tenant_id": "acme",
        "candidate": { "full_name": "Jordan Miller",
                       "claimed_location": { "country": "US", "region": "IL", "city": "Chicago" } },
        "position": { "title": "Platform Engineer", "start_date": "2026-04-06" },
        "sessions": [{ "at": "2026-04-09T14:02:00Z", "kind": "login", "ip": "73.162.40.17",
                       "source": "okta", "device_id": "guo4a5u7YAHhjXrMK0g4",
                       "authenticator_id": "opf1a2b3c4d5e6f7g8h9" }],
        "devices": [{ "device_id": "C02XK0AAJG5H", "serial": "C02XK0AAJG5H", "source": "osquery",
                      "observed_at": "2026-04-09T14:05:00Z", "public_ip": "73.162.40.17",
                      "timezone": "America/Chicago",
                      "usb_devices": [{ "vendor_id": "1d6b", "model_id": "0104",
                                        "model": "Multifunction Composite Gadget" }],
                      "software": [{ "name": "AnyDesk", "path": "/Applications/AnyDesk.app", "kind": "app" }] }]
    });
    let (status, _, _) = post_json(&running.base, &integration, &hire).await;
    assert_eq!(status, 201);
    for (role, sees_serial) in [(Role::Recruiter, false), (Role::Investigator, true)] {
        let key = running.key("acme", role).await;
        let mut browser = Browser::new(&running.base);
        browser.sign_in(&key).await;
        let (status, _, html) = browser.get("/applications/hire-kvm").await;
        assert_eq!(status, 200);
        assert!(html.contains("After the hire"), "{html}");
        assert!(html.contains("Multifunction Composite Gadget (1d6b:0104)"));
        assert!(html.contains("AnyDesk"));
        assert!(html.contains("okta"));
        assert_eq!(html.contains("C02XK0AAJG5H"), sees_serial, "{role:?}");
        assert_eq!(
            html.contains("opf1a2b3c4d5e6f7g8h9"),
            sees_serial,
            "{role:?}"
        );
        assert!(html.contains("JG5H"), "the last characters are shown");
        if sees_serial {
            let (status, _, cluster) = browser.get("/clusters/hire-kvm").await;
            assert_eq!(status, 200);
            assert!(
                cluster.contains(
                    "Company laptop checked in from 73.162.40.17, clock on America&#x2f;Chicago"
                ),
                "{cluster}"
            );
        }
    }
    running.stop();
    std::fs::remove_dir_all(dir).expect("cleanup");
}

/// Whether a text holds a keyed-hash prefix in parentheses, "(fbcbc9e69a61)".
fn has_hash_in_parentheses(text: &str) -> bool {
    text.as_bytes()
        .windows(14)
        .any(|w| w[0] == b'(' && w[13] == b')' && w[1..13].iter().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recruiter_reads_words_not_hashes_field_names_or_iso_times() {
    let running = service("plain-words").await;
    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let (status, _, html) = recruiter.get("/applications/farm-001").await;
    assert_eq!(status, 200);
    // One flat, one name: the sentences and the evidence name the shipping
    // address by its postal code; the keyed hash is a row of its own.
    assert!(html.contains("shipping address in 37211"), "{html}");
    assert!(
        !has_hash_in_parentheses(&html),
        "a hash in a sentence: {html}"
    );
    assert!(html.contains("<dt>link key (keyed hash)</dt>"), "{html}");
    // Field names in words, and no row for an empty value.
    assert!(html.contains("<dt>days from first to last</dt>"), "{html}");
    assert!(!html.contains("<dt>span days</dt>"), "{html}");
    assert!(!html.contains("<dd></dd>"), "an empty evidence row: {html}");
    // A list of the 11 others cut at 10 says so: 3 named here, the rest
    // counted (before, "farm-004, farm-007, farm-010 and 7 at other employers").
    assert!(
        html.contains("farm-004, farm-007, farm-010, 7 at other employers and 1 more"),
        "{html}"
    );
    // Times as dates people read.
    assert!(html.contains("2 April 2026, 16:00 UTC"), "{html}");
    assert!(!html.contains("T16:00:00"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_fit_the_case_and_re_verify_gives_a_message_to_send() {
    let running = service("decisions-fit").await;
    let integration = running.key("acme", Role::Integration).await;
    for line in fixture_lines("sanctions.jsonl") {
        let (status, _, _) = post_json(&running.base, &integration, &line).await;
        assert_eq!(status, 201);
    }
    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;

    // A possible sanctions match and nothing else: compliance, not "confirm
    // the pattern".
    let (status, _, html) = recruiter.get("/applications/sanc-001").await;
    assert_eq!(status, 200);
    let listed = running
        .store
        .verdict("acme", "sanc-001")
        .expect("store")
        .expect("verdict")
        .1;
    assert!(
        listed
            .signals
            .iter()
            .all(|s| s.id.starts_with("sanctions.")),
        "the fixture hits the list and nothing else: {listed:?}"
    );
    assert!(html.contains(r#"value="compliance""#), "{html}");
    assert!(!html.contains(r#"value="confirmed""#), "{html}");
    // The laptop farm is the pattern, with no list match.
    let (_, _, html) = recruiter.get("/applications/farm-001").await;
    assert!(html.contains(r#"value="confirmed""#));
    assert!(!html.contains(r#"value="compliance""#));

    // No message before a re-verify decision.
    let (status, _, _) = recruiter
        .get("/applications/farm-001/reverify-notice.txt")
        .await;
    assert_eq!(status, 404);
    let csrf = recruiter.csrf().await;
    let (status, _, _) = recruiter
        .post(
            "/applications/farm-001/decision",
            &[
                ("csrf", &csrf),
                ("label", "reverify"),
                ("note", "could be travel; ask"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, _, html) = recruiter.get("/applications/farm-001").await;
    assert!(html.contains("Message to send the candidate"), "{html}");
    let (status, headers, text) = recruiter
        .get("/applications/farm-001/reverify-notice.txt")
        .await;
    assert_eq!(status, 200);
    assert!(headers[CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .contains("attachment"));
    assert!(text.starts_with("Subject: "), "{text}");
    // Plain words that name no signal, score, list or method.
    let verdict = running
        .store
        .verdict("acme", "farm-001")
        .expect("store")
        .expect("verdict")
        .1;
    let score = verdict.score.to_string();
    for said in [
        "VPN",
        "proxy",
        "sanction",
        "score",
        "signal",
        "farm",
        "laptop farm",
    ] {
        assert!(
            !text.to_lowercase().contains(&said.to_lowercase()),
            "{said}: {text}"
        );
    }
    assert!(!text.contains(&format!(" {score}")), "{text}");
    for signal in &verdict.signals {
        let id = &signal.id;
        assert!(!text.contains(id.as_str()), "{id}: {text}");
    }
    assert!(text.contains("Where your equipment should go"), "{text}");
    // Each download is audited.
    let audit = running.store.audit_log("acme", 100).expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.action == "reverify_notice" && e.target == "acme/farm-001"),
        "{audit:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_search_counts_each_application_once() {
    let running = service("address-counts").await;
    let mut analyst = Browser::new(&running.base);
    analyst
        .sign_in(&running.key("acme", Role::Investigator).await)
        .await;
    // The farm: 12 applications at one flat, 4 of them acme's, written
    // five ways; the search is written a sixth way.
    for q in [
        "4117+Nolensville+Rd%2C+Apartment+12%2C+Nashville+TN+37211",
        "4117+Nolensville+Rd%2C+Apartment+12%2C+Nashville+TN",
    ] {
        let (status, _, html) = analyst.get(&format!("/search?kind=address&q={q}")).await;
        assert_eq!(status, 200);
        assert!(
            html.contains("4 applications, and 8 at other employers"),
            "{q}: {html}"
        );
    }
    // A couple at one address, one application at each of two employers.
    let (_, _, html) = analyst
        .get("/search?kind=address&q=88+Willow+Street+Apt+3%2C+Seattle%2C+WA+98101")
        .await;
    assert!(
        html.contains("1 application, and 1 at another employer"),
        "{html}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_counts_ages_and_keeps_its_filters() {
    let dir = temp_dir("queue-work");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.join("bonafide.db")).expect("store"));
    // Every application is overdue at once.
    let settings = ServiceSettings {
        review_sla_hours: 0,
        ..ServiceSettings::default()
    };
    let running = start(store, settings).await;
    submit_fixtures(&running).await;
    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let (status, _, html) = recruiter.get("/queue").await;
    assert_eq!(status, 200);
    let rows = html.matches("class=\"open\"").count();
    assert!(rows > 0, "{html}");
    assert!(
        html.contains(&format!("{rows} applications waiting;")),
        "the total agrees with the rows: {html}"
    );
    assert!(html.contains("overdue</strong>"), "{html}");
    assert!(html.contains("minute"), "the wait is shown: {html}");

    // A filter survives opening an application and coming back.
    let (_, headers, filtered) = recruiter
        .get("/queue?tier=escalate&signal=&from=&to=")
        .await;
    assert!(filtered.contains("with these filters"), "{filtered}");
    // The browser keeps the queue's cookie beside the session's.
    let (kept, _) = cookie_named(&headers, "bonafide_queue").expect("queue cookie");
    let session = recruiter.cookie.clone().expect("signed in");
    recruiter.cookie = Some(format!("{session}; {kept}"));
    let (_, _, _) = recruiter.get("/applications/farm-001").await;
    let (_, _, back) = recruiter.get("/queue").await;
    assert!(
        back.contains(r#"<option value="escalate" selected>"#),
        "the escalate filter is kept: {back}"
    );
    assert_eq!(
        back.matches("class=\"open\"").count(),
        filtered.matches("class=\"open\"").count()
    );
    // Clearing the filters is a choice too.
    let (_, _, all) = recruiter.get("/queue?tier=&signal=&from=&to=").await;
    assert_eq!(all.matches("class=\"open\"").count(), rows);
    // The decision form answers to keys.
    let (_, _, page) = recruiter.get("/applications/farm-001").await;
    assert!(page.contains(r#"accesskey="c""#) && page.contains(r#"accesskey="f""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ring_is_decided_in_one_action_each_application_audited() {
    let running = service("ring-decision").await;
    let mut analyst = Browser::new(&running.base);
    analyst
        .sign_in(&running.key("acme", Role::Investigator).await)
        .await;
    let (status, _, html) = analyst.get("/clusters/farm-001").await;
    assert_eq!(status, 200);
    assert!(html.contains("Decide all 4 of your applications"), "{html}");
    let csrf = analyst.csrf().await;
    let (status, _, _) = analyst
        .post(
            "/clusters/farm-001/decision",
            &[
                ("csrf", &csrf),
                ("label", "confirmed"),
                ("note", "one flat, twelve identities"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    for id in ["farm-001", "farm-004", "farm-007", "farm-010"] {
        let decisions = running.store.decisions("acme", id).expect("decisions");
        assert_eq!(decisions.len(), 1, "{id}");
        assert_eq!(decisions[0].note, "one flat, twelve identities");
    }
    // Another employer's members are theirs to decide.
    assert!(running
        .store
        .decisions("globex", "farm-002")
        .expect("decisions")
        .is_empty());
    let audit = running.store.audit_log("acme", 100).expect("audit");
    let decided = audit
        .iter()
        .filter(|e| e.action == "decide:confirmed")
        .count();
    assert_eq!(decided, 4, "{audit:?}");
    // A recruiter cannot decide a ring.
    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let csrf = recruiter.csrf().await;
    let (status, _, _) = recruiter
        .post(
            "/clusters/farm-001/decision",
            &[("csrf", &csrf), ("label", "cleared"), ("note", "no")],
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn investigators_see_the_payroll_holder_and_each_sessions_place_and_network() {
    let running = service("investigator-depth").await;
    let mut analyst = Browser::new(&running.base);
    analyst
        .sign_in(&running.key("acme", Role::Investigator).await)
        .await;
    let (status, _, html) = analyst.get("/applications/farm-001").await;
    assert_eq!(status, 200);
    // The payroll line names the holder and the account's mask, never the number.
    assert!(html.contains("held by Ethan Cole"), "{html}");
    assert!(
        html.contains("9981") && !html.contains("4410029981"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"col\">Place and network</th>"),
        "{html}"
    );
    let sessions = html
        .split("<caption>Sessions</caption>")
        .nth(1)
        .expect("sessions table");
    assert!(
        sessions.contains(" · ") || sessions.contains("AS"),
        "{sessions}"
    );
    // The cluster's timeline carries the same payroll line.
    let (_, _, cluster) = analyst.get("/clusters/farm-001").await;
    assert!(
        cluster.contains("Payroll set: bank transfer, held by Ethan Cole"),
        "{cluster}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_and_case_notes_name_the_person_not_the_key() {
    let running = service("people-named").await;
    let (secret, id) = named_key(&running, Role::Investigator, "Dana Whitfield").await;
    let mut analyst = Browser::new(&running.base);
    analyst.sign_in(&secret).await;
    let csrf = analyst.csrf().await;
    let (status, _, _) = analyst
        .post(
            "/applications/farm-004/decision",
            &[
                ("csrf", &csrf),
                ("label", "confirmed"),
                ("note", "the farm"),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (_, _, html) = analyst.get("/applications/farm-004").await;
    assert!(html.contains("(Dana Whitfield, "), "{html}");
    assert!(!html.contains(&format!("({id}, ")), "{html}");
}

/// The id of the key a secret opens.
fn key_id(running: &Running, secret: &str) -> String {
    running
        .store
        .find_key(secret)
        .expect("store")
        .expect("key")
        .id
}

/// An acme key of the role, named after its person: (secret, key id).
async fn named_key(running: &Running, role: Role, person: &str) -> (String, String) {
    let secret = running.key("acme", role).await;
    let id = key_id(running, &secret);
    assert!(running.store.name_key(&id, person).expect("name"));
    (secret, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_items_are_taken_assigned_and_filtered_by_person_each_audited() {
    let running = service("claims").await;
    let (ana_secret, ana) = named_key(&running, Role::Recruiter, "Ana Ruiz").await;
    let (bo_secret, bo) = named_key(&running, Role::Recruiter, "Bo Lindqvist").await;
    let mut ana_browser = Browser::new(&running.base);
    ana_browser.sign_in(&ana_secret).await;
    let csrf = ana_browser.csrf().await;
    let (_, _, everyone) = ana_browser.get("/queue").await;
    let rows = everyone.matches("class=\"open\"").count();
    assert!(rows >= 3, "{everyone}");
    assert_eq!(everyone.matches(">Take</button>").count(), rows);

    // Ana takes farm-001 from the queue; she goes back to it.
    let (status, headers, _) = ana_browser
        .post(
            "/applications/farm-001/assign",
            &[("csrf", &csrf), ("assignee", "me"), ("back", "queue")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], "/queue");
    // She gives farm-004 to Bo from its page.
    let (status, headers, _) = ana_browser
        .post(
            "/applications/farm-004/assign",
            &[("csrf", &csrf), ("assignee", &bo)],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(headers[LOCATION], "/applications/farm-004");
    let (_, _, page) = ana_browser.get("/applications/farm-004").await;
    assert!(
        page.contains("Being worked by <strong>Bo Lindqvist</strong>"),
        "{page}"
    );
    // Forged, unknown and cross-employer assignments are refused.
    let (status, _, _) = ana_browser
        .post(
            "/applications/farm-004/assign",
            &[("csrf", "forged"), ("assignee", "me")],
        )
        .await;
    assert_eq!(status, 403);
    let stranger = running.key("globex", Role::Recruiter).await;
    let stranger_id = key_id(&running, &stranger);
    for who in [stranger_id.as_str(), "key_nobody"] {
        let (status, _, html) = ana_browser
            .post(
                "/applications/farm-004/assign",
                &[("csrf", &csrf), ("assignee", who)],
            )
            .await;
        assert_eq!(status, 400, "{who}");
        assert!(html.contains("nobody who reviews for acme"), "{html}");
    }
    let (status, _, _) = ana_browser
        .post(
            "/applications/farm-002/assign",
            &[("csrf", &csrf), ("assignee", "me")],
        )
        .await;
    assert_eq!(status, 404, "farm-002 is another employer's");

    // Each person's queue, and what nobody has yet.
    let (_, _, mine) = ana_browser.get("/queue?whose=me").await;
    assert_eq!(mine.matches("class=\"open\"").count(), 1, "{mine}");
    assert!(mine.contains("/applications/farm-001\"") && mine.contains(">You<"));
    let (_, _, bos) = ana_browser.get(&format!("/queue?whose={bo}")).await;
    assert!(bos.contains("/applications/farm-004\"") && bos.contains(">Bo Lindqvist<"));
    assert!(
        bos.contains("1 application waiting with these filters"),
        "{bos}"
    );
    let (_, _, free) = ana_browser.get("/queue?whose=nobody").await;
    assert_eq!(free.matches("class=\"open\"").count(), rows - 2);
    // Someone who does not review here: everyone's, and the page says so.
    let (status, _, html) = ana_browser.get("/queue?whose=key_nobody").await;
    assert_eq!(status, 200);
    assert!(html.contains("no longer reviews here"), "{html}");
    assert_eq!(html.matches("class=\"open\"").count(), rows);
    // Bo sees it as his.
    let mut bo_browser = Browser::new(&running.base);
    bo_browser.sign_in(&bo_secret).await;
    let (_, _, his) = bo_browser.get("/queue?whose=me").await;
    assert!(his.contains("/applications/farm-004\""), "{his}");
    // Bo's Take on farm-001, from a queue read before Ana took it, takes nothing.
    let bo_csrf = bo_browser.csrf().await;
    let (status, _, html) = bo_browser
        .post(
            "/applications/farm-001/assign",
            &[
                ("csrf", &bo_csrf),
                ("assignee", "me"),
                ("seen", ""),
                ("back", "queue"),
            ],
        )
        .await;
    assert_eq!(status, 409);
    assert!(html.contains("held by Ana Ruiz"), "{html}");
    // Given back to nobody, by someone who saw Bo holding it.
    let (status, _, _) = ana_browser
        .post(
            "/applications/farm-004/assign",
            &[("csrf", &csrf), ("assignee", ""), ("seen", &bo)],
        )
        .await;
    assert_eq!(status, 303);
    let (_, _, page) = ana_browser.get("/applications/farm-004").await;
    assert!(page.contains("Nobody is working on it yet."), "{page}");

    // Bo's key is revoked: what he held goes back to nobody, and a queue
    // kept filtered on him shows everyone's instead of failing.
    let (status, _, _) = ana_browser
        .post(
            "/applications/farm-007/assign",
            &[("csrf", &csrf), ("assignee", &bo)],
        )
        .await;
    assert_eq!(status, 303);
    let (_, headers, _) = ana_browser.get(&format!("/queue?whose={bo}")).await;
    let (kept, _) = cookie_named(&headers, "bonafide_queue").expect("queue cookie");
    let revoked = running
        .store
        .revoke_key(&bo, chrono::Utc::now())
        .expect("revoke");
    assert!(revoked.is_some());
    assert_eq!(
        running.store.assignee("acme", "farm-007").expect("read"),
        None
    );
    let session = ana_browser.cookie.clone().expect("signed in");
    ana_browser.cookie = Some(format!("{session}; {kept}"));
    let (status, _, html) = ana_browser.get("/queue").await;
    assert_eq!(status, 200);
    assert!(html.contains("no longer reviews here"), "{html}");
    ana_browser.cookie = Some(session);

    let store = Arc::clone(&running.store);
    let log = tokio::task::spawn_blocking(move || store.audit_log("acme", 100))
        .await
        .expect("join")
        .expect("log");
    let actions: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.action.starts_with("assign") || e.action == "unassign")
        .map(|e| (e.action.clone(), e.target.clone()))
        .collect();
    assert_eq!(
        actions,
        [
            (format!("assign:{bo}"), "acme/farm-007".to_owned()),
            ("unassign".to_owned(), "acme/farm-004".to_owned()),
            (format!("assign:{bo}"), "acme/farm-004".to_owned()),
            (format!("assign:{ana}"), "acme/farm-001".to_owned()),
        ]
    );
    running.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_saves_named_queue_filters_and_only_they_see_them() {
    let running = service("saved-filters").await;
    let (ana_secret, _) = named_key(&running, Role::Recruiter, "Ana Ruiz").await;
    let mut ana = Browser::new(&running.base);
    ana.sign_in(&ana_secret).await;
    let csrf = ana.csrf().await;
    let (_, _, escalated) = ana.get("/queue?tier=escalate&whose=nobody").await;
    // The save form carries the filters shown, not the page or a decision.
    assert!(
        escalated.contains(
            r#"name="query" value="tier=escalate&amp;signal=&amp;from=&amp;to=&amp;whose=nobody""#
        ),
        "{escalated}"
    );
    let (status, headers, _) = ana
        .post(
            "/queue/filters",
            &[
                ("csrf", &csrf),
                ("name", "Escalated, unclaimed"),
                (
                    "query",
                    "tier=escalate&signal=&from=&to=&whose=nobody&done=x&page=3",
                ),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let to = headers[LOCATION].to_str().expect("text").to_owned();
    assert_eq!(to, "/queue?tier=escalate&signal=&from=&to=&whose=nobody");
    let (_, _, html) = ana.get("/queue?tier=").await;
    assert!(
        html.contains(r#"<a href="/queue?tier=escalate&amp;signal=&amp;from=&amp;to=&amp;whose=nobody">Escalated, unclaimed</a>"#),
        "{html}"
    );
    let (_, _, followed) = ana.get(&to).await;
    assert_eq!(
        followed.matches("class=\"open\"").count(),
        escalated.matches("class=\"open\"").count()
    );
    // A filter the queue could not read is not kept; a name is required.
    for form in [
        [
            ("csrf", csrf.as_str()),
            ("name", "Odd"),
            ("query", "tier=x&page=no"),
        ],
        [
            ("csrf", csrf.as_str()),
            ("name", "  "),
            ("query", "tier=review"),
        ],
    ] {
        let (status, _, _) = ana.post("/queue/filters", &form).await;
        assert_eq!(status, 400, "{form:?}");
    }
    // Another person of the same employer does not see Ana's filters.
    let mut bo = Browser::new(&running.base);
    bo.sign_in(&running.key("acme", Role::Investigator).await)
        .await;
    let (_, _, theirs) = bo.get("/queue").await;
    assert!(!theirs.contains("Escalated, unclaimed"), "{theirs}");
    // Forgotten.
    let (status, _, _) = ana
        .post(
            "/queue/filters",
            &[("csrf", &csrf), ("name", "Escalated, unclaimed")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, _, html) = ana.get("/queue").await;
    assert!(!html.contains("Escalated, unclaimed"), "{html}");
    running.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_page_links_to_its_record_in_the_sending_system() {
    let running = service("source-record").await;
    let integration = running.key("acme", Role::Integration).await;
    let mut linked = fixture_lines("laptop-farm.jsonl")[0].clone();
    linked["application_id"] = json!("gh-1001");
    linked["source"] = json!("greenhouse");
    linked["source_url"] = json!("https://app.greenhouse.io/people/77?application_id=1001");
    let mut odd = linked.clone();
    odd["application_id"] = json!("gh-1002");
    odd["source_url"] = json!("javascript:alert(document.cookie)");
    // A record claiming to come from Greenhouse whose link goes elsewhere is
    // named by where it goes.
    let mut elsewhere = linked.clone();
    elsewhere["application_id"] = json!("gh-1003");
    elsewhere["source_url"] = json!("https://gh-login.evil.example/people/77");
    for app in [&linked, &odd, &elsewhere] {
        let (status, _, _) = post_json(&running.base, &integration, app).await;
        assert_eq!(status, 201);
    }
    let (_, verdict) = get(&running.base, "/v1/applications/gh-1002", &integration).await;
    // Reported on the verdict, and no points: the link is the integration's, not the candidate's.
    let verdict = &verdict["verdict"];
    assert_eq!(verdict["errors"][0]["path"], "source_url", "{verdict}");
    let fired: Vec<&str> = verdict["signals"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert!(!fired.contains(&"input.unreadable"), "{fired:?}");

    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let (_, _, page) = recruiter.get("/applications/gh-1001").await;
    assert!(
        page.contains(r#"<a href="https:&#x2f;&#x2f;app.greenhouse.io&#x2f;people&#x2f;77?application_id=1001" rel="noopener noreferrer">Open in Greenhouse</a>"#),
        "{page}"
    );
    let (_, _, page) = recruiter.get("/applications/gh-1002").await;
    assert!(
        !page.contains("Open in") && !page.contains("javascript:"),
        "{page}"
    );
    let (_, _, page) = recruiter.get("/applications/gh-1003").await;
    assert!(
        page.contains(">Open in gh-login.evil.example</a>"),
        "{page}"
    );
    running.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ring_is_one_headline_and_the_decision_comes_before_the_reasons() {
    let running = service("ring-headline").await;
    let mut recruiter = Browser::new(&running.base);
    recruiter
        .sign_in(&running.key("acme", Role::Recruiter).await)
        .await;
    let (_, _, page) = recruiter.get("/applications/farm-001").await;
    assert_eq!(page.matches("Part of a ring:").count(), 1, "{page}");
    assert!(
        page.contains("Part of a ring: 12 applications under 12 identities at 3 employers"),
        "{page}"
    );
    // The restating reasons are folded under it, not listed beside it.
    let ring = &page[page.find("class=\"ring\"").expect("ring box")..];
    let folded = &ring[..ring.find("\n  </div>").expect("the ring box ends")];
    assert!(folded.contains("reasons that make up the ring</summary>"));
    for restated in ["laptop-farm pattern", "a ring, not a coincidence"] {
        assert!(folded.contains(restated), "{restated}: {folded}");
        assert_eq!(page.matches(restated).count(), 1, "{restated}");
    }
    // The decision comes before the reasons in the page's order (beside them
    // on a wide screen, under the score on a phone).
    let decide = page.find("id=\"decide-heading\"").expect("decision");
    let why = page.find("id=\"why-heading\"").expect("reasons");
    assert!(decide < why);
    running.stop();
}
