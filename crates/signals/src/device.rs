//! The company laptop after the hire: an IP-KVM plugged into it, or a
//! remote-access tool running on it, put an operator elsewhere at its keyboard
//! (Mandiant UNC5267, Microsoft's Jasper Sleet, the DOJ laptop-farm cases).

use crate::catalogue::{Compute, Hit, SignalDef, Unit};
use crate::enriched::Enriched;
use crate::network::to_evidence;
use bonafide_model::UsbDevice;
use bonafide_netdata::{tool_key, usb_id, Recognised};
use serde_json::json;
use std::collections::BTreeMap;

/// An IP-KVM on the laptop.
pub const IPKVM: SignalDef = SignalDef {
    id: "device.ipkvm",
    doc: "A USB device on the company laptop is an IP-KVM, which lets someone elsewhere work the laptop \
          as if at its keyboard: PiKVM's own ids (`1209:eda1`–`eda3`); the default id of Linux USB gadgets \
          (`1d6b:0104`), which PiKVM and TinyPilot keep, when it presents a keyboard or its interfaces are \
          not reported; a KVM-over-IP interface module or dongle (Raritan, Avocent) by its id or its name in \
          the USB ID list; or one device presenting keyboard, mouse and storage at once (a KVM with a \
          spoofed id). Desk KVM switches and extenders, receivers, security keys, docks, capture cards and a \
          developer's boards (in gadget mode, or a microcontroller's own ids) are not; the value is how many \
          such devices.",
    unit: Unit::Count,
    evidence: &["devices", "why", "observations"],
    sources: &["KVM", "MA", "DOJ-RG", "MS"],
    compute: Compute::Local(ipkvm),
};

/// A remote-access tool running on the laptop.
pub const REMOTE_ACCESS: SignalDef = SignalDef {
    id: "device.remote_access",
    doc: "A remote-access tool (LOLRMM's list: AnyDesk, TeamViewer, RustDesk, Chrome Remote Desktop, …) runs \
          on the company laptop (a `process`), recognised by its executable, installation folder or name. \
          Tools for reaching other machines (SSH and RDP clients), file sync, tunnels, accessibility and \
          monitoring agents are not counted, nor a tool the employer declares its own \
          (`[employers.NAME] remote_tools`) or runs on most of its laptops (at least half of twenty or \
          more seen); the value is how many tools.",
    unit: Unit::Count,
    evidence: REMOTE_EVIDENCE,
    sources: &["LOLRMM", "MA", "MS", "MA-POD"],
    compute: Compute::Local(remote_access_running),
};

/// A remote-access tool installed on the laptop, never seen running.
pub const REMOTE_ACCESS_INSTALLED: SignalDef = SignalDef {
    id: "device.remote_access_installed",
    doc: "A remote-access tool is installed on the company laptop (an `app`, `program` or `package`, or \
          software of no stated kind) but was not seen running: weaker than `device.remote_access`, since \
          people install such tools to help family or for a past job. The same tools are left out; the \
          value is how many tools.",
    unit: Unit::Count,
    evidence: REMOTE_EVIDENCE,
    sources: &["LOLRMM", "MA", "MS"],
    compute: Compute::Local(remote_access_installed),
};

/// The laptop checking in from elsewhere than where it was shipped.
pub const FAR_FROM_SHIP_TO: SignalDef = SignalDef {
    id: "device.far_from_ship_to",
    doc: "Most of the company laptop's check-ins (at least half, and two or more on different days) came \
          from another country than the one it was shipped to (the claimed country when no shipping \
          address was given): the laptop is not where it was sent. Check-ins through a VPN, proxy, Tor or \
          a datacenter say nothing about where it is and are left out; a week of travel among a month of \
          check-ins at home is not enough. The value is the share of located check-ins away.",
    unit: Unit::Share,
    evidence: &["shipped_to", "observed", "away", "checkins", "first_away"],
    sources: &["GT", "NYDFS", "MA", "A25L"],
    compute: Compute::Local(far_from_ship_to),
};

/// Farther than this from the ZIP code's centroid is another place: geo-IP
/// city locations are often tens of kilometres off, and a metro area spans a
/// hundred.
pub const FAR_KM: f64 = 300.0;

/// The laptop checking in far from the ZIP code it was shipped to.
pub const FAR_FROM_ZIP: SignalDef = SignalDef {
    id: "device.far_from_zip",
    doc: "Most of the company laptop's check-ins in the country it was shipped to (at least half, and two \
          or more on different days) came from addresses located more than 300 km from the centroid of the \
          US ZIP code it was shipped to: shipped to one city, worked from another (a check-in abroad is \
          `device.far_from_ship_to`). Check-ins through a VPN, proxy, Tor, a datacenter or a mobile carrier \
          say little about where the laptop is and are left out; a trip among weeks at home is not enough. \
          The value is the share of those check-ins that were far. With DB-IP City Lite, residential and \
          carrier addresses are often placed at a provider's hub hundreds of kilometres away (on the field \
          corpus it fired on 35 honest hires and no worker): evidence for a person, weighed by the fit.",
    unit: Unit::Share,
    evidence: &["shipped_to", "observed", "km", "away", "checkins", "first_away"],
    sources: &["GT", "KB", "DOJ-CH"],
    compute: Compute::Local(far_from_zip),
};

/// The laptop's clock set to another country's time.
pub const CLOCK_ELSEWHERE: SignalDef = SignalDef {
    id: "device.clock_elsewhere",
    doc: "Most of the company laptop's observations (at least half, and two or more on different days) \
          report a system time zone whose UTC offset no zone of the country it was shipped to (the claimed \
          country when no shipping address was given) had at that moment: the laptop keeps another \
          country's time. Compared by offset, so aliases (`US/Central`) and neighbouring zones agree; a \
          week of travel among a month at home is not enough. The value is the share of observations.",
    unit: Unit::Share,
    evidence: &["shipped_to", "laptop_timezone", "away", "observations", "first_away"],
    sources: &["SEAL", "KB", "GT"],
    compute: Compute::Local(clock_elsewhere),
};

/// Where the laptop was sent: the shipping address's country, else the claimed one.
fn shipped_to(app: &Enriched<'_>) -> Option<String> {
    app.shipping
        .as_ref()
        .and_then(|s| s.country.clone())
        .or_else(|| app.claimed.country.map(|c| c.as_str().to_owned()))
}

/// The laptop's check-ins whose address can say where it is, with what the
/// network data says of it: not through the employer's own VPN, nor through
/// a VPN, proxy, Tor or datacenter (the located place is the exit's, and
/// privacy VPNs are common).
fn checkins_that_locate<'a>(
    app: &'a Enriched<'_>,
) -> impl Iterator<Item = (&'a bonafide_model::Device, bonafide_netdata::IpFacts)> + 'a {
    app.app.devices.iter().filter_map(move |device| {
        let ip = *device.public_ip.as_ref()?.get()?;
        if app.reference.devices.employer_network(app.app.tenant(), ip) {
            return None;
        }
        let facts = app.reference.net.lookup(ip);
        facts.anonymizers.is_empty().then_some((device, facts))
    })
}

fn far_from_zip(app: &Enriched<'_>) -> Option<Hit> {
    let shipping = app.shipping.as_ref()?;
    if shipping.country.as_deref() != Some("US") {
        return None;
    }
    let zip = app
        .reference
        .devices
        .zips
        .find(shipping.postal.as_deref()?)?;
    let (mut checkins, mut away) = (0usize, 0usize);
    let mut days = Vec::new();
    let mut observed: Vec<String> = Vec::new();
    let mut farthest = 0.0f64;
    for (device, facts) in checkins_that_locate(app) {
        if facts.connection == Some(bonafide_netdata::ConnectionType::Cellular) {
            continue;
        }
        let Some(location) = facts.location.as_ref().filter(|l| l.country == "US") else {
            continue; // abroad, or not located: another signal's, or nothing
        };
        let (Some(lat), Some(lon)) = (location.latitude, location.longitude) else {
            continue;
        };
        checkins += 1;
        let km = bonafide_netdata::distance_km((zip.lat, zip.lon), (lat, lon));
        if km <= FAR_KM {
            continue;
        }
        away += 1;
        farthest = farthest.max(km);
        let place = [location.city.as_deref(), location.region.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !place.is_empty() && !observed.contains(&place) {
            observed.push(place);
        }
        if let Some(at) = device.observed_at.as_ref().and_then(|c| c.get()) {
            days.push(at.date_naive());
        }
    }
    let share = sustained(away, &mut days, checkins)?;
    Some(Hit {
        value: share,
        evidence: to_evidence(vec![
            (
                "shipped_to",
                json!(format!(
                    "{} ({})",
                    zip.name,
                    shipping.postal.as_deref().unwrap_or("")
                )),
            ),
            ("observed", json!(observed.join("; "))),
            ("km", json!(farthest.round() as u64)),
            ("away", json!(away)),
            ("checkins", json!(checkins)),
            ("first_away", json!(days.first().map(|d| d.to_string()))),
        ]),
    })
}

/// Sustained, not a trip: two or more observations away, on two or more days,
/// at least half of those that say anything.
fn sustained(away: usize, days: &mut Vec<chrono::NaiveDate>, total: usize) -> Option<f64> {
    days.sort_unstable();
    days.dedup();
    let share = away as f64 / total.max(1) as f64;
    (away >= 2 && days.len() >= 2 && share >= 0.5).then_some(share)
}

fn clock_elsewhere(app: &Enriched<'_>) -> Option<Hit> {
    use chrono::{Offset, TimeZone};
    let shipped_to = shipped_to(app)?;
    let home_zones = app.zones.zones(&shipped_to);
    if home_zones.is_empty() {
        return None;
    }
    let offset = |tz: &chrono_tz::Tz, at: &chrono::DateTime<chrono::Utc>| {
        tz.offset_from_utc_datetime(&at.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let (mut total, mut away) = (0usize, 0usize);
    let mut days = Vec::new();
    let mut first_zone: Option<String> = None;
    for device in &app.app.devices {
        let (Some(tz), Some(at)) = (
            device.timezone.as_ref().and_then(|c| c.get()),
            device.observed_at.as_ref().and_then(|c| c.get()),
        ) else {
            continue;
        };
        total += 1;
        let mine = offset(tz, at);
        if home_zones.iter().any(|z| offset(z, at) == mine) {
            continue;
        }
        away += 1;
        days.push(at.date_naive());
        first_zone.get_or_insert_with(|| tz.name().to_owned());
    }
    let share = sustained(away, &mut days, total)?;
    Some(Hit {
        value: share,
        evidence: to_evidence(vec![
            ("shipped_to", json!(shipped_to)),
            ("laptop_timezone", json!(first_zone)),
            ("away", json!(away)),
            ("observations", json!(total)),
            ("first_away", json!(days.first().map(|d| d.to_string()))),
        ]),
    })
}

fn far_from_ship_to(app: &Enriched<'_>) -> Option<Hit> {
    let shipped_to = shipped_to(app)?;
    let mut checkins = 0usize;
    let mut away_days: Vec<chrono::NaiveDate> = Vec::new();
    let mut away = 0usize;
    let mut observed: Vec<String> = Vec::new();
    for (device, facts) in checkins_that_locate(app) {
        let Some(country) = facts.location.as_ref().map(|l| l.country.clone()) else {
            continue; // not located: says nothing
        };
        checkins += 1;
        if country == shipped_to {
            continue;
        }
        away += 1;
        if !observed.contains(&country) {
            observed.push(country);
        }
        if let Some(at) = device.observed_at.as_ref().and_then(|c| c.get()) {
            away_days.push(at.date_naive());
        }
    }
    let share = sustained(away, &mut away_days, checkins)?;
    Some(Hit {
        value: share,
        evidence: to_evidence(vec![
            ("shipped_to", json!(shipped_to)),
            ("observed", json!(observed.join(", "))),
            ("away", json!(away)),
            ("checkins", json!(checkins)),
            (
                "first_away",
                json!(away_days.first().map(|d| d.to_string())),
            ),
        ]),
    })
}

/// Evidence of the remote-access signals: `tools` in words ("AnyDesk (seen as
/// AnyDesk.exe)"), `names` the tools' names alone, aligned with `seen`.
const REMOTE_EVIDENCE: &[&str] = &[
    "tools",
    "names",
    "seen",
    "recognised_by",
    "observations",
    "listed_by",
];

/// How many device observations an application carries: not scored, but how
/// the tools most of an employer's laptops run are learned as its fleet's.
pub const OBSERVED: SignalDef = SignalDef {
    id: "device.observed",
    doc: "Not scored: the application carries observations of a company laptop (`devices[]`); the value is \
          how many. With the remote-access signals' tool names it tells which tools most of an employer's \
          laptops run, which are then the employer's own and no signal there.",
    unit: Unit::Count,
    evidence: &[],
    sources: &["LOLRMM"],
    compute: Compute::Local(observed),
};

fn observed(app: &Enriched<'_>) -> Option<Hit> {
    (!app.app.devices.is_empty()).then(|| Hit {
        value: app.app.devices.len() as f64,
        evidence: Default::default(),
    })
}

/// The words for tools and what each was seen as.
pub fn tools_in_words(names: &[String], seen: &[String]) -> String {
    names
        .iter()
        .zip(seen)
        .map(|(name, seen)| format!("{name} (seen as {seen})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Known IP-KVM ids: PiKVM's registered ids, and the interface modules
/// ("dongles") of enterprise KVM-over-IP switches, which exist to be worked from
/// elsewhere. Desk KVM switches share one keyboard between two computers at one
/// desk and are not listed.
const KVM_IDS: &[(u16, u16, u16, &str)] = &[
    (0x1209, 0xeda1, 0xeda3, "PiKVM's registered id"),
    (
        0x14dd,
        0x1007,
        0x1007,
        "a Raritan KVM-over-IP interface module",
    ),
    (0x0430, 0xcdab, 0xcdab, "a Raritan KVM-over-IP dongle"),
    (0x0624, 0x0294, 0x0294, "an Avocent KVM-over-IP dongle"),
];

/// The default id of Linux USB gadgets, which PiKVM and TinyPilot keep.
const LINUX_GADGET: (u16, u16) = (0x1d6b, 0x0104);

/// Makers of microcontroller boards whose firmware presents keyboard, storage
/// and more at once (CircuitPython, Arduino): a developer's board, not a KVM.
const BOARD_VENDORS: &[u16] = &[
    0x2e8a, 0x239a, 0x2341, 0x2a03, 0x1b4f, 0x16c0, 0x303a, 0x1209,
];

/// Why a USB device is an IP-KVM, if it is one.
fn kvm_reason(usb: &UsbDevice, listed: Option<&str>) -> Option<String> {
    let vendor = usb.vendor_id.as_deref().and_then(usb_id);
    let product = usb.model_id.as_deref().and_then(usb_id);
    let classes: Vec<u8> = usb
        .interfaces
        .iter()
        .filter_map(|c| u8::from_str_radix(c.trim().trim_start_matches("0x"), 16).ok())
        .collect();
    let count = |class: u8| classes.iter().filter(|c| **c == class).count();
    if let (Some(v), Some(p)) = (vendor, product) {
        if let Some((.., why)) = KVM_IDS
            .iter()
            .find(|(kv, from, to, _)| *kv == v && (*from..=*to).contains(&p))
        {
            return Some((*why).to_owned());
        }
        // A developer's board in gadget mode (network, serial, storage) is not a
        // keyboard: where the interfaces are reported, the gadget must be one.
        if (v, p) == LINUX_GADGET && (classes.is_empty() || count(0x03) > 0) {
            return Some(
                "the default id of Linux USB gadgets, kept by Raspberry-Pi-based IP-KVMs (PiKVM, TinyPilot)"
                    .to_owned(),
            );
        }
    }
    // A KVM-over-IP dongle or interface module named in the USB ID list.
    let name = listed.or(usb.model.as_deref()).unwrap_or_default();
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let kvm = words.iter().any(|w| w == "kvm");
    let remote_module = words
        .iter()
        .any(|w| w == "dongle" || w == "connector" || w.starts_with("cim"));
    if kvm && remote_module {
        return Some(format!("listed as a KVM interface module ({name})"));
    }
    let board = vendor.is_some_and(|v| BOARD_VENDORS.contains(&v));
    if !board && count(0x08) > 0 && (count(0x03) >= 2 || (count(0x03) >= 1 && count(0x01) >= 1)) {
        return Some("one device presenting keyboard, mouse and storage at once".to_owned());
    }
    None
}

fn ipkvm(app: &Enriched<'_>) -> Option<Hit> {
    let usb_ids = &app.reference.devices.usb;
    // Each KVM once (by its ids and serial), with how many observations saw it.
    let mut found: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for device in &app.app.devices {
        for usb in &device.usb_devices {
            let ids = (
                usb.vendor_id.as_deref().and_then(usb_id),
                usb.model_id.as_deref().and_then(usb_id),
            );
            let listed = match ids {
                (Some(v), Some(p)) => usb_ids.product(v, p),
                _ => None,
            };
            let Some(why) = kvm_reason(usb, listed) else {
                continue;
            };
            let shown = match ids {
                (Some(v), Some(p)) => format!(
                    "{v:04x}:{p:04x} {}",
                    listed.or(usb.model.as_deref()).unwrap_or("unnamed")
                ),
                _ => usb.model.clone().unwrap_or_else(|| "unnamed".to_owned()),
            };
            found.entry(shown).or_insert((why, 0)).1 += 1;
        }
    }
    let (first_why, _) = found.values().next()?.clone();
    let observations = found.values().map(|(_, n)| n).max().copied().unwrap_or(0);
    Some(Hit {
        value: found.len() as f64,
        evidence: to_evidence(vec![
            (
                "devices",
                json!(found.keys().cloned().collect::<Vec<_>>().join(", ")),
            ),
            ("why", json!(first_why)),
            ("observations", json!(observations)),
        ]),
    })
}

/// LOLRMM tools that reach other machines, sync files, tunnel, read the screen
/// aloud or watch the fleet: they do not put someone else at this laptop's
/// keyboard, and developers and IT use them every day.
pub const NOT_REMOTE_CONTROL: &[&str] = &[
    "putty",
    "puttytray",
    "kitty",
    "extraputty",
    "solarputty",
    "superputty",
    "smartty",
    "winscp",
    "mobaxterm",
    "xshell",
    "securecrt",
    "zoc",
    "bitvisesshclient",
    "terminals",
    "mremoteng",
    "rdcman",
    "royalts",
    "royalapps",
    "remmina",
    "freerdp",
    "rdclient",
    "remotedesktopplus",
    "mstscexemicrosoftremotedesktopconnection",
    "devolutionsremotedesktopmanager",
    "remotedesktopmanagerdevolutions",
    "tailscale",
    "zerotier",
    "netbird",
    "ngrok",
    "localxpose",
    "cloudflaretunnel",
    "devtunnelsakavisualstudiodevtunnel",
    "visualstudiodevtunnel",
    "syncthing",
    "megasync",
    "yandexdisk",
    "koofr",
    "insync",
    "idrive",
    "multcloud",
    "nordlocker",
    "dragondisk",
    "s3browser",
    "smartftp",
    "duplicati",
    "msp360",
    "basecamp",
    "adobeconnect",
    "nvdanonvisualdesktopaccess",
    "synergy",
    "mousewithoutborders",
    "duetdisplay",
    "freepingtool",
    "freetoolslauncher",
    "rapid7",
    "tanium",
    "taniumdeploy",
    "absolutecomputrace",
    "zabbixagent",
    "site24x7",
    "netreo",
    "auvik",
    "panorama9",
    "domotz",
    "niniteproniniteagent",
    "glpiagent",
    "ocsinventory",
    "onionshare",
    "teleportconnect",
    "tmate",
    "microsoftquickassist",
    "quickassist",
    "webexremoteaccess",
    "gotoopener",
];

/// The file a path ends in (`AnyDesk.exe`, `AnyDesk.app`): none for a folder
/// or a part without an extension, which could be a person's home folder.
fn file_name(path: &str) -> Option<&str> {
    if path.ends_with(['/', '\\']) {
        return None;
    }
    path.rsplit(['/', '\\'])
        .next()
        .filter(|last| last.contains('.') && !last.starts_with('.'))
}

fn remote_access_running(app: &Enriched<'_>) -> Option<Hit> {
    let found = remote_tools(app);
    report(found.into_iter().filter(|(_, t)| t.running).collect(), app)
}

fn remote_access_installed(app: &Enriched<'_>) -> Option<Hit> {
    let found = remote_tools(app);
    report(found.into_iter().filter(|(_, t)| !t.running).collect(), app)
}

/// One remote-access tool on a laptop.
struct Found {
    seen_as: String,
    how: &'static str,
    observations: usize,
    running: bool,
}

/// Every remote-access tool on the laptops, each once by name.
fn remote_tools(app: &Enriched<'_>) -> BTreeMap<String, Found> {
    let data = &app.reference.devices;
    let own = data.employer_tools.get(app.app.tenant());
    // Each tool once, with what it was seen as and in how many observations.
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for device in &app.app.devices {
        let mut here: Vec<String> = Vec::new();
        for software in &device.software {
            let Some((tool, how)) = data
                .tools
                .recognise(software.name.as_deref(), software.path.as_deref())
            else {
                continue;
            };
            let this_tool = tool_key(&tool.name);
            if NOT_REMOTE_CONTROL.contains(&this_tool.as_str())
                || own.is_some_and(|tools| tools.contains(&this_tool))
            {
                continue;
            }
            // The file's name, never the path: a path names the user's home folder.
            let seen_as = software
                .path
                .as_deref()
                .and_then(file_name)
                .or(software.name.as_deref())
                .unwrap_or("unnamed")
                .to_owned();
            let how = match how {
                Recognised::Executable => "executable",
                Recognised::Folder => "installation folder",
                Recognised::Name => "name",
            };
            let running = software
                .kind
                .as_deref()
                .is_some_and(|k| k.trim().eq_ignore_ascii_case("process"));
            let entry = found.entry(tool.name.to_string()).or_insert(Found {
                seen_as: seen_as.clone(),
                how,
                observations: 0,
                running,
            });
            if running && !entry.running {
                // Seen running: that is what it is reported as.
                entry.running = true;
                entry.seen_as = seen_as;
                entry.how = how;
            }
            if !here.contains(&this_tool) {
                entry.observations += 1;
                here.push(this_tool);
            }
        }
    }
    found
}

fn report(found: BTreeMap<String, Found>, app: &Enriched<'_>) -> Option<Hit> {
    let first = found.values().next()?;
    let observations = found.values().map(|t| t.observations).max().unwrap_or(0);
    let sources = app.reference.devices.tools.sources();
    let listed_by: Vec<&str> = sources.iter().map(|(n, _)| &**n).collect();
    let names: Vec<String> = found.keys().cloned().collect();
    let seen: Vec<String> = found.values().map(|t| t.seen_as.clone()).collect();
    Some(Hit {
        value: found.len() as f64,
        evidence: to_evidence(vec![
            ("tools", json!(tools_in_words(&names, &seen))),
            ("names", json!(names)),
            ("seen", json!(seen)),
            ("recognised_by", json!(first.how)),
            ("observations", json!(observations)),
            ("listed_by", json!(listed_by.join(", "))),
        ]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usb(vendor: &str, product: &str, model: &str, interfaces: &[&str]) -> UsbDevice {
        UsbDevice {
            vendor_id: Some(vendor.to_owned()),
            model_id: Some(product.to_owned()),
            model: Some(model.to_owned()),
            interfaces: interfaces.iter().map(|s| (*s).to_owned()).collect(),
            ..UsbDevice::default()
        }
    }

    #[test]
    fn kvms_are_told_from_their_look_alikes() {
        let kvm = |u: &UsbDevice, listed: Option<&str>| kvm_reason(u, listed).is_some();
        assert!(kvm(
            &usb("1d6b", "0104", "Multifunction Composite Gadget", &[]),
            None
        ));
        assert!(kvm(&usb("0x1209", "0xEDA2", "PiKVM", &[]), None));
        assert!(kvm(
            &usb("14dd", "1007", "", &[]),
            Some("D2CIM-VUSB KVM connector")
        ));
        assert!(kvm(
            &usb("413c", "0294", "", &[]),
            Some("Dell 03R874 KVM dongle")
        ));
        // A spoofed id: a "Logitech" device that is keyboard, mouse and storage at once.
        assert!(kvm(
            &usb("046d", "c52b", "USB Receiver", &["03", "03", "08"]),
            None
        ));
        // Look-alikes.
        assert!(!kvm(
            &usb("046d", "c52b", "USB Receiver", &["03", "03", "03"]),
            Some("Unifying Receiver")
        ));
        assert!(!kvm(
            &usb("1050", "0407", "YubiKey OTP+FIDO+CCID", &["03", "03", "0b"]),
            None
        ));
        assert!(!kvm(
            &usb("0557", "2213", "", &["03", "03"]),
            Some("CS682 2-Port USB 2.0 DVI KVM Switch")
        ));
        assert!(!kvm(&usb("0781", "5583", "Ultra Fit", &["08"]), None));
        assert!(!kvm(
            &usb("2e8a", "000a", "Pico", &["02", "0a", "08", "03", "01"]),
            None
        ));
        assert!(!kvm(
            &usb(
                "239a",
                "80f4",
                "CircuitPython",
                &["02", "0a", "03", "08", "01"]
            ),
            None
        ));
        assert!(!kvm(
            &usb("17e9", "6006", "Dock", &["09", "01", "03"]),
            None
        ));
        assert!(!kvm(
            &usb("2935", "0001", "Capture card", &["0e", "01"]),
            None
        ));
    }
}
