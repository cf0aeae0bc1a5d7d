//! One person's e-mail address or profile handle is nobody else's: the
//! generators draw handles from names, so two people of one common name could
//! come out with the same `john.smith@…` or `github.com/jsmith`, which no real
//! mail or code host allows. Later holders get a number, as they would on
//! signing up. (Added in review; see the History in README.md.)

use super::FieldLabel;
use serde_json::Value;
use std::collections::HashMap;

/// Give every e-mail address and profile URL one owner: the first split group
/// (ring or person) that uses it. Rings that share contacts on purpose share
/// one group, so they keep them.
pub fn make_contacts_unique(out: &mut [(Value, FieldLabel)]) {
    let mut owner: HashMap<String, u64> = HashMap::new();
    let mut renamed: HashMap<(String, u64), String> = HashMap::new();
    for (app, label) in out.iter_mut() {
        let group = label.split_group;
        let Some(candidate) = app.get_mut("candidate") else {
            continue;
        };
        if let Some(Value::Array(emails)) = candidate.get_mut("emails") {
            for email in emails.iter_mut() {
                if let Some(text) = email.as_str() {
                    let fixed = own(&mut owner, &mut renamed, text, group, |t, n| {
                        match t.split_once('@') {
                            Some((local, domain)) => format!("{local}{n}@{domain}"),
                            None => format!("{t}{n}"),
                        }
                    });
                    *email = Value::String(fixed);
                }
            }
        }
        if let Some(Value::Array(profiles)) = candidate.get_mut("profiles") {
            for profile in profiles.iter_mut() {
                if let Some(url) = profile.get("url").and_then(Value::as_str) {
                    let fixed = own(&mut owner, &mut renamed, url, group, |t, n| {
                        format!("{}{n}", t.trim_end_matches('/'))
                    });
                    profile["url"] = Value::String(fixed);
                }
            }
        }
    }
}

fn own(
    owner: &mut HashMap<String, u64>,
    renamed: &mut HashMap<(String, u64), String>,
    text: &str,
    group: u64,
    suffixed: impl Fn(&str, u32) -> String,
) -> String {
    let key = owner_key(text);
    match owner.get(&key) {
        None => {
            owner.insert(key, group);
            text.to_owned()
        }
        Some(g) if *g == group => text.to_owned(),
        Some(_) => {
            if let Some(done) = renamed.get(&(key.clone(), group)) {
                return done.clone();
            }
            let mut n = 2;
            let fresh = loop {
                let candidate = suffixed(text, n);
                if !owner.contains_key(&owner_key(&candidate)) {
                    break candidate;
                }
                n += 1;
            };
            owner.insert(owner_key(&fresh), group);
            renamed.insert((key, group), fresh.clone());
            fresh
        }
    }
}

/// What makes two addresses one mailbox: case, and for Gmail the dots and any
/// `+tag` of the local part (`bo.zhou@gmail.com` is `bozhou@gmail.com`).
fn owner_key(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    match lower.split_once('@') {
        Some((local, domain @ ("gmail.com" | "googlemail.com"))) => {
            let local = local.split('+').next().unwrap_or(local).replace('.', "");
            format!("{local}@{domain}")
        }
        _ => lower,
    }
}
