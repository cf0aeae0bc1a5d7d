//! The cluster as a picture, drawn on the server as SVG: applications on a
//! ring, grouped by what they share, and the shared attributes inside it. An
//! attribute most of the cluster holds (the farm's address) sits in the middle,
//! one a part holds sits beside that part: a ring of a dozen applicants around
//! two addresses reads at a glance. Radial, not force-directed: the same
//! cluster is always drawn the same way, and nothing runs in the browser.

use super::escape;
use std::f64::consts::PI;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 640.0;

/// An application to draw.
#[derive(Debug, Clone)]
pub struct GraphMember {
    /// Shown under it; `None` for another employer's application.
    pub id: Option<String>,
    /// `clear`, `review` or `escalate` (colour).
    pub tier: String,
    /// The application the page is about.
    pub focus: bool,
}

/// An attribute to draw.
#[derive(Debug, Clone)]
pub struct GraphAttribute {
    /// `shipping_address`, `payroll_account`, …
    pub kind: String,
    /// What evidence may show of it.
    pub label: String,
    /// Where it links to (the search for its holders).
    pub href: String,
    /// Positions in the members.
    pub members: Vec<usize>,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Member centres, in the members' order.
    pub members: Vec<(f64, f64)>,
    /// Attribute centres, in the attributes' order.
    pub attributes: Vec<(f64, f64)>,
}

/// Place members on a ring, grouped by the attributes they hold, and each
/// attribute at the middle of its holders (pulled to the centre the more of
/// the cluster it holds).
pub fn layout(members: usize, attributes: &[Vec<usize>]) -> Layout {
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    let ring = (HEIGHT / 2.0 - 70.0).min(WIDTH / 2.0 - 120.0);
    // Order: members holding the same attributes sit next to each other.
    let mut order: Vec<usize> = (0..members).collect();
    let held: Vec<Vec<usize>> = (0..members)
        .map(|m| {
            attributes
                .iter()
                .enumerate()
                .filter(|(_, holders)| holders.contains(&m))
                .map(|(a, _)| a)
                .collect()
        })
        .collect();
    order.sort_by(|a, b| held[*a].cmp(&held[*b]).then(a.cmp(b)));
    let mut angle = vec![0.0; members];
    for (slot, member) in order.iter().enumerate() {
        angle[*member] = 2.0 * PI * slot as f64 / members.max(1) as f64 - PI / 2.0;
    }
    let member_at: Vec<(f64, f64)> = angle
        .iter()
        .map(|a| (cx + ring * a.cos(), cy + ring * a.sin()))
        .collect();
    let hubs: Vec<usize> = (0..attributes.len())
        .filter(|a| attributes[*a].len() * 10 >= members * 6)
        .collect();
    let mut attribute_at = Vec::with_capacity(attributes.len());
    for (a, holders) in attributes.iter().enumerate() {
        if let Some(rank) = hubs.iter().position(|h| *h == a) {
            // Most of the cluster holds it: the middle (several: a small circle).
            if hubs.len() == 1 {
                attribute_at.push((cx, cy));
            } else {
                let t = 2.0 * PI * rank as f64 / hubs.len() as f64;
                attribute_at.push((cx + 70.0 * t.cos(), cy + 70.0 * t.sin()));
            }
            continue;
        }
        let (sx, sy) = holders
            .iter()
            .filter_map(|m| angle.get(*m))
            .fold((0.0, 0.0), |(x, y), a| (x + a.cos(), y + a.sin()));
        let mean = sy.atan2(sx);
        let share = holders.len() as f64 / members.max(1) as f64;
        // Apart from the others at the same angle: a step inwards per attribute.
        let step = (a % 3) as f64 * 0.08;
        let r = ring * (0.82 - 0.4 * share - step).max(0.25);
        attribute_at.push((cx + r * mean.cos(), cy + r * mean.sin()));
    }
    Layout {
        members: member_at,
        attributes: attribute_at,
    }
}

/// Fill colour of an attribute kind (each at least 4.5:1 against white).
fn kind_colour(kind: &str) -> &'static str {
    match kind {
        "shipping_address" => "#b45309",
        "payroll_account" => "#6d28d9",
        "document" | "ssn" => "#be123c",
        "photo" | "resume" | "file" | "work_history" | "career" => "#0f766e",
        "email" | "phone" | "profile" => "#1d4ed8",
        _ => "#4b5563",
    }
}

fn tier_colour(tier: &str) -> &'static str {
    match tier {
        "escalate" => "#b91c1c",
        "review" => "#a16207",
        _ => "#15803d",
    }
}

/// The SVG of a cluster, with a link on every node.
pub fn svg(members: &[GraphMember], attributes: &[GraphAttribute]) -> String {
    let holders: Vec<Vec<usize>> = attributes.iter().map(|a| a.members.clone()).collect();
    let at = layout(members.len(), &holders);
    let labels = members.len() <= 60;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" role=\"group\" \
         aria-labelledby=\"graph-title\" class=\"graph\"><title id=\"graph-title\">{} applications joined by {} shared details</title>",
        members.len(),
        attributes.len()
    );
    out.push_str("<g class=\"edges\">");
    for (a, attribute) in attributes.iter().enumerate() {
        let (ax, ay) = at.attributes[a];
        for m in &attribute.members {
            let Some((mx, my)) = at.members.get(*m) else {
                continue;
            };
            out.push_str(&format!(
                "<line x1=\"{ax:.1}\" y1=\"{ay:.1}\" x2=\"{mx:.1}\" y2=\"{my:.1}\" stroke=\"{}\" stroke-width=\"2\" stroke-opacity=\"0.55\"/>",
                kind_colour(&attribute.kind)
            ));
        }
    }
    out.push_str("</g><g class=\"attributes\">");
    for (a, attribute) in attributes.iter().enumerate() {
        let (x, y) = at.attributes[a];
        let size = 10.0 + (attribute.members.len() as f64).sqrt() * 3.0;
        let name = super::plain::attribute_name(&attribute.kind);
        out.push_str(&format!(
            "<a href=\"{href}\" class=\"node attribute\" data-kind=\"{kind}\" aria-label=\"{name}: {label}, shared by {n}\">\
             <title>{name}: {label} (shared by {n})</title>\
             <rect x=\"{x0:.1}\" y=\"{y0:.1}\" width=\"{s2:.1}\" height=\"{s2:.1}\" rx=\"4\" fill=\"{fill}\" stroke=\"#111827\" stroke-width=\"1.5\" transform=\"rotate(45 {x:.1} {y:.1})\"/>\
             <text x=\"{x:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" class=\"attribute-label\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\">{short}</text></a>",
            href = escape(&attribute.href),
            kind = escape(&attribute.kind),
            label = escape(&attribute.label),
            n = attribute.members.len(),
            x0 = x - size,
            y0 = y - size,
            s2 = size * 2.0,
            fill = kind_colour(&attribute.kind),
            ty = y + size + 16.0,
            short = escape(&short_label(&attribute.label)),
        ));
    }
    out.push_str("</g><g class=\"members\">");
    for (m, member) in members.iter().enumerate() {
        let (x, y) = at.members[m];
        let ring = if member.focus { 4.0 } else { 2.0 };
        let circle = format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"14\" fill=\"{}\" stroke=\"#111827\" stroke-width=\"{ring}\"{}/>",
            match member.id {
                Some(_) => tier_colour(&member.tier),
                None => "#6b7280",
            },
            if member.id.is_none() { " stroke-dasharray=\"4 3\"" } else { "" }
        );
        // Labels go outside the ring, away from the middle.
        let (dx, dy) = (x - WIDTH / 2.0, y - HEIGHT / 2.0);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        let (lx, ly) = (x + dx / len * 30.0, y + dy / len * 30.0 + 4.0);
        let anchor = if dx.abs() < 40.0 {
            "middle"
        } else if dx > 0.0 {
            "start"
        } else {
            "end"
        };
        match &member.id {
            Some(id) => out.push_str(&format!(
                "<a href=\"/applications/{href}\" class=\"node member\" data-id=\"{id}\" aria-label=\"Application {id}, {tier}\">\
                 <title>Application {id} ({tier})</title>{circle}{text}</a>",
                href = escape(&super::segment(id)),
                id = escape(id),
                tier = escape(&member.tier),
                text = if labels {
                    format!("<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" class=\"member-label\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\">{}</text>", escape(id))
                } else {
                    String::new()
                },
            )),
            None => out.push_str(&format!(
                "<g class=\"node member foreign\"><title>An application at another employer</title>{circle}</g>"
            )),
        }
    }
    out.push_str("</g></svg>");
    out
}

/// The part of a label that fits under a node: `shipping address in 37211`.
fn short_label(label: &str) -> String {
    let cut = label.find(" (").unwrap_or(label.len());
    label[..cut].chars().take(34).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_address_sits_in_the_middle_and_accounts_beside_their_holders() {
        // Twelve applicants, one address all share, two accounts of six each.
        let address: Vec<usize> = (0..12).collect();
        let first: Vec<usize> = (0..12).step_by(2).collect();
        let second: Vec<usize> = (1..12).step_by(2).collect();
        let at = layout(12, &[address, first.clone(), second.clone()]);
        assert_eq!(at.attributes[0], (WIDTH / 2.0, HEIGHT / 2.0));
        // Each account is closer to its own holders than to the other's.
        let dist =
            |a: (f64, f64), b: (f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        let mean = |account: (f64, f64), holders: &[usize]| {
            holders
                .iter()
                .map(|m| dist(account, at.members[*m]))
                .sum::<f64>()
                / holders.len() as f64
        };
        assert!(mean(at.attributes[1], &first) < mean(at.attributes[1], &second));
        assert!(mean(at.attributes[2], &second) < mean(at.attributes[2], &first));
        // Holders of one account sit next to each other on the ring.
        let mut angles: Vec<(f64, bool)> = (0..12)
            .map(|m| {
                let (x, y) = at.members[m];
                (
                    (y - HEIGHT / 2.0).atan2(x - WIDTH / 2.0),
                    first.contains(&m),
                )
            })
            .collect();
        angles.sort_by(|a, b| a.0.total_cmp(&b.0));
        let changes = angles.windows(2).filter(|w| w[0].1 != w[1].1).count();
        assert!(changes <= 2, "{angles:?}");
    }

    proptest::proptest! {
        /// Whatever ids and labels arrive (they come from HR platforms), the
        /// picture's only tags are its own and every node stays inside it.
        #[test]
        fn any_ids_and_labels_stay_text_inside_the_picture(
            ids in proptest::collection::vec(proptest::option::of(".{0,12}"), 1..40),
            label in ".{0,40}",
            kind in ".{0,12}",
            split in 1usize..40,
        ) {
            let members: Vec<GraphMember> = ids
                .iter()
                .map(|id| GraphMember { id: id.clone(), tier: "review".into(), focus: false })
                .collect();
            let n = members.len();
            let attributes = vec![
                GraphAttribute { kind: kind.clone(), label: label.clone(), href: format!("/search?key={label}"), members: (0..n).collect() },
                GraphAttribute { kind, label, href: "/search".into(), members: (0..n.min(split)).collect() },
            ];
            let svg = svg(&members, &attributes);
            const TAGS: &[&str] = &["svg ", "/svg>", "title", "/title>", "g ", "g>", "/g>", "line ", "a ", "/a>", "rect ", "text ", "/text>", "circle "];
            for part in svg.split('<').skip(1) {
                proptest::prop_assert!(TAGS.iter().any(|t| part.starts_with(t)), "a tag from the input: <{}", part);
            }
            let at = layout(n, &[(0..n).collect(), (0..n.min(split)).collect()]);
            for (x, y) in at.members.iter().chain(&at.attributes) {
                proptest::prop_assert!((0.0..=WIDTH).contains(x) && (0.0..=HEIGHT).contains(y));
            }
        }
    }

    #[test]
    fn every_node_links_and_nothing_is_unescaped() {
        let members = vec![
            GraphMember {
                id: Some("farm-001".into()),
                tier: "escalate".into(),
                focus: true,
            },
            GraphMember {
                id: Some("<b>".into()),
                tier: "review".into(),
                focus: false,
            },
            GraphMember {
                id: None,
                tier: "clear".into(),
                focus: false,
            },
        ];
        let attributes = vec![GraphAttribute {
            kind: "shipping_address".into(),
            label: "shipping address in 37211 (fbcbc9e69a61)".into(),
            href: "/search?key=shipping_address:1".into(),
            members: vec![0, 1, 2],
        }];
        let svg = svg(&members, &attributes);
        assert_eq!(svg.matches("href=\"/applications/").count(), 2);
        assert!(svg.contains("href=\"/search?key=shipping_address:1\""));
        assert!(!svg.contains("<b>") && svg.contains("&lt;b&gt;"));
        assert!(svg.contains("another employer"));
        assert_eq!(svg.matches("<line").count(), 3);
    }
}
