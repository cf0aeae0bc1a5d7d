//! osquery result logs (the filesystem logger's JSON lines). A line is one
//! row (`columns` with `action` `added` or `removed`), a `snapshot`, or a
//! batch (`diffResults.added`/`removed`). Rows of the tables bonafide reads
//! (`usb_devices`, `processes`, `apps`, `programs`, `system_info`; told by
//! the query name's end, or by the columns) are folded per host into one
//! `devices[]` observation: the USB devices and software present at the end
//! of the log, the serial from `system_info.hardware_serial` (or a `serial`
//! decoration), and the time of the last row.
//!
//! The hire is found by an `application_id` decoration where the employer set
//! one, else by the laptop's serial (or host identifier) listed in the hire's
//! application.

use crate::{Hire, Record};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Usb,
    Processes,
    Apps,
    Programs,
    SystemInfo,
}

/// One row of a table bonafide reads.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    host: String,
    decorations: Map<String, Value>,
    table: Table,
    removed: bool,
    at: i64,
    columns: Map<String, Value>,
}

fn table(name: &str, columns: Option<&Map<String, Value>>) -> Option<Table> {
    let by_name = [
        ("usb_devices", Table::Usb),
        ("processes", Table::Processes),
        ("programs", Table::Programs),
        ("system_info", Table::SystemInfo),
        ("apps", Table::Apps),
    ];
    if let Some((_, t)) = by_name.iter().find(|(suffix, _)| name.ends_with(suffix)) {
        return Some(*t);
    }
    let columns = columns?;
    let has = |c: &str| columns.contains_key(c);
    if has("vendor_id") && has("model_id") {
        Some(Table::Usb)
    } else if has("hardware_serial") {
        Some(Table::SystemInfo)
    } else if has("bundle_identifier") {
        Some(Table::Apps)
    } else if has("install_location") || has("publisher") {
        Some(Table::Programs)
    } else if has("pid") {
        Some(Table::Processes)
    } else {
        None
    }
}

fn unix_time(line: &Value) -> i64 {
    match &line["unixTime"] {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

pub(crate) fn record(line: &Value) -> Result<Record, String> {
    if !line.is_object() {
        return Err("not a JSON object".into());
    }
    let host = crate::text(line, "/hostIdentifier").ok_or("hostIdentifier: missing")?;
    let name = crate::text(line, "/name").unwrap_or_default();
    let decorations = line["decorations"].as_object().cloned().unwrap_or_default();
    let at = unix_time(line);
    // (columns, removed) of every row the line holds.
    let mut found: Vec<(&Value, bool)> = Vec::new();
    if let Some(snapshot) = line["snapshot"].as_array() {
        found.extend(snapshot.iter().map(|c| (c, false)));
    } else if line["diffResults"].is_object() {
        for (key, removed) in [("added", false), ("removed", true)] {
            let rows = line["diffResults"][key].as_array().into_iter().flatten();
            found.extend(rows.map(|c| (c, removed)));
        }
    } else if line.get("columns").is_some() {
        found.push((&line["columns"], line["action"] == "removed"));
    } else {
        return Err("no columns, snapshot or diffResults".into());
    }
    let mut rows = Vec::new();
    for (columns, removed) in found {
        let columns = columns
            .as_object()
            .ok_or_else(|| "columns: not an object".to_owned())?;
        let Some(table) = table(name, Some(columns)) else {
            continue;
        };
        rows.push(Row {
            host: host.to_owned(),
            decorations: decorations.clone(),
            table,
            removed,
            at,
            columns: columns.clone(),
        });
    }
    Ok(if rows.is_empty() {
        Record::Skip
    } else {
        Record::Rows(rows)
    })
}

fn column<'a>(row: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    row.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The contract entry of a row: a USB device or a piece of software.
fn entry(row: &Row) -> Option<(bool, Value)> {
    let c = &row.columns;
    let mut out = Map::new();
    let mut put = |key: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.insert(key.to_owned(), json!(value));
        }
    };
    let usb = match row.table {
        Table::Usb => {
            for key in [
                "vendor_id",
                "model_id",
                "vendor",
                "model",
                "serial",
                "class",
                "subclass",
                "protocol",
            ] {
                put(key, column(c, key));
            }
            true
        }
        Table::Processes => {
            put("name", column(c, "name"));
            put("path", column(c, "path"));
            put("kind", Some("process"));
            false
        }
        Table::Apps => {
            put("name", column(c, "name").or(column(c, "display_name")));
            put("path", column(c, "path"));
            put("kind", Some("app"));
            put("bundle_id", column(c, "bundle_identifier"));
            put("version", column(c, "bundle_short_version"));
            false
        }
        Table::Programs => {
            put("name", column(c, "name"));
            put("path", column(c, "install_location"));
            put("kind", Some("program"));
            put("version", column(c, "version"));
            put("signer", column(c, "publisher"));
            false
        }
        Table::SystemInfo => return None,
    };
    (!out.is_empty()).then_some((usb, Value::Object(out)))
}

/// One observation per host, from its rows in time order.
pub(crate) fn fold(mut rows: Vec<Row>) -> Vec<(Hire, Value)> {
    rows.sort_by_key(|r| r.at);
    let mut hosts: Vec<String> = Vec::new();
    for row in &rows {
        if !hosts.contains(&row.host) {
            hosts.push(row.host.clone());
        }
    }
    hosts
        .into_iter()
        .map(|host| {
            let mine: Vec<&Row> = rows.iter().filter(|r| r.host == host).collect();
            observation(&host, &mine)
        })
        .collect()
}

fn observation(host: &str, rows: &[&Row]) -> (Hire, Value) {
    let mut usb: Vec<Value> = Vec::new();
    let mut software: Vec<Value> = Vec::new();
    let mut serial = None;
    let mut decorations = Map::new();
    for row in rows {
        decorations.extend(row.decorations.clone());
        if row.table == Table::SystemInfo && !row.removed {
            serial = column(&row.columns, "hardware_serial")
                .filter(|s| !s.eq_ignore_ascii_case("unknown"))
                .map(str::to_owned)
                .or(serial);
        }
        let Some((is_usb, item)) = entry(row) else {
            continue;
        };
        let list = if is_usb { &mut usb } else { &mut software };
        if row.removed {
            list.retain(|kept| kept != &item);
        } else if !list.contains(&item) {
            list.push(item);
        }
    }
    let decoration = |key: &str| column(&decorations, key).map(str::to_owned);
    let serial = serial
        .or_else(|| decoration("serial"))
        .or_else(|| decoration("hardware_serial"));
    let mut device = json!({ "device_id": host, "source": "osquery" });
    if let Some(serial) = &serial {
        device["serial"] = json!(serial);
    }
    let last = rows.iter().map(|r| r.at).max().unwrap_or(0);
    if let Some(at) = chrono::DateTime::from_timestamp(last, 0).filter(|_| last > 0) {
        device["observed_at"] = json!(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    if let Some(address) = decoration("public_ip").filter(|a| a.parse::<std::net::IpAddr>().is_ok())
    {
        device["public_ip"] = json!(address);
    }
    if let Some(zone) = decoration("timezone").or_else(|| decoration("local_timezone")) {
        device["timezone"] = json!(zone);
    }
    device["usb_devices"] = Value::Array(usb);
    device["software"] = Value::Array(software);
    let hire = match decoration("application_id") {
        Some(id) => Hire::Application(id),
        None => Hire::Device(serial.unwrap_or_else(|| host.to_owned())),
    };
    (hire, device)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[Value]) -> Vec<(Hire, Value)> {
        let mut rows = Vec::new();
        for line in lines {
            if let Ok(Record::Rows(more)) = record(line) {
                rows.extend(more);
            }
        }
        fold(rows)
    }

    #[test]
    fn rows_fold_into_what_is_present_at_the_end() {
        let host = "Jordans-MacBook-Pro.local";
        let gadget = json!({ "vendor_id": "1d6b", "model_id": "0104", "vendor": "Linux Foundation",
            "model": "Multifunction Composite Gadget", "class": "0", "usb_port": "2" });
        let lines = vec![
            json!({ "name": "pack_inventory_system_info", "hostIdentifier": host, "unixTime": 1775743500,
                "action": "snapshot", "decorations": { "hostname": host },
                "snapshot": [{ "hardware_serial": "C02XK0AAJG5H", "hostname": host }] }),
            json!({ "name": "pack_inventory_usb_devices", "hostIdentifier": host, "unixTime": "1775743560",
                "action": "added", "columns": gadget }),
            json!({ "name": "pack_inventory_usb_devices", "hostIdentifier": host, "unixTime": 1775743600,
                "action": "added", "columns": { "vendor_id": "1050", "model_id": "0407", "vendor": "Yubico" } }),
            json!({ "name": "pack_inventory_usb_devices", "hostIdentifier": host, "unixTime": 1775743700,
                "action": "removed", "columns": { "vendor_id": "1050", "model_id": "0407", "vendor": "Yubico" } }),
            json!({ "name": "apps", "hostIdentifier": host, "unixTime": 1775743800,
                "diffResults": { "added": [{ "name": "AnyDesk.app", "path": "/Applications/AnyDesk.app",
                    "bundle_identifier": "com.philandro.anydesk" }], "removed": [] } }),
        ];
        let got = read(&lines);
        assert_eq!(got.len(), 1);
        let (hire, device) = &got[0];
        assert_eq!(hire, &Hire::Device("C02XK0AAJG5H".into()));
        assert_eq!(device["serial"], "C02XK0AAJG5H");
        assert_eq!(device["device_id"], host);
        assert_eq!(
            device["usb_devices"].as_array().map(Vec::len),
            Some(1),
            "{device}"
        );
        assert_eq!(device["usb_devices"][0]["model_id"], "0104");
        assert_eq!(device["software"][0]["kind"], "app");
        assert_eq!(device["software"][0]["bundle_id"], "com.philandro.anydesk");
        assert_eq!(device["observed_at"], "2026-04-09T14:10:00Z");
        let parsed: bonafide_model::Device =
            serde_json::from_value(device.clone()).expect("contract");
        assert_eq!(parsed.usb_devices.len(), 1);
    }

    #[test]
    fn a_decorated_application_id_wins_and_bad_rows_are_refused() {
        let line = json!({ "name": "processes", "hostIdentifier": "5CG1234XYZ", "unixTime": 1775743500,
            "decorations": { "application_id": "hire-001" },
            "columns": { "pid": "4242", "name": "TeamViewer.exe",
                         "path": "C:\\Program Files\\TeamViewer\\TeamViewer.exe" }, "action": "added" });
        let got = read(&[line]);
        assert_eq!(got[0].0, Hire::Application("hire-001".into()));
        assert_eq!(got[0].1["software"][0]["name"], "TeamViewer.exe");
        let bad =
            json!({ "name": "usb_devices", "hostIdentifier": "h", "columns": "vendor_id=1d6b" });
        assert!(record(&bad).is_err_and(|e| e.contains("columns")));
        assert!(record(&json!({ "name": "usb_devices", "columns": {} })).is_err());
        let other = json!({ "name": "pack_x_listening_ports", "hostIdentifier": "h", "columns": { "port": "22" } });
        assert!(matches!(record(&other), Ok(Record::Skip)));
    }
}
