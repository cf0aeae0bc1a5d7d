//! The message a "re-verify" decision produces for the candidate: what to
//! confirm (identity, where they live and work, payment details, the
//! delivery address, the work laptop), in plain words, naming no signal,
//! score, list or method. Honest candidates caught by travel or a corporate
//! network need a way back; a message that told operators which check fired
//! would teach them to dodge it.

use bonafide_model::Verdict;
use serde_json::Value;

/// What the candidate is asked to confirm, in the order the message lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ask {
    Identity,
    Location,
    Payment,
    Delivery,
    Equipment,
}

impl Ask {
    /// Which ask a signal calls for, by its family.
    fn of_signal(id: &str) -> Option<Ask> {
        let family = id.split('.').next().unwrap_or_default();
        Some(match family {
            "identity" | "sanctions" | "contact" => Ask::Identity,
            "network" | "combined" => Ask::Location,
            "payroll" => Ask::Payment,
            "shipping" => Ask::Delivery,
            "device" => Ask::Equipment,
            _ => return None,
        })
    }

    fn paragraph(self) -> &'static str {
        match self {
            Ask::Identity => {
                "Your identity: please join a short video call with our team, with the government-issued photo ID you gave us at hand."
            }
            Ask::Location => {
                "Where you live and will work from: please confirm your home address, and tell us if you are travelling or have moved recently."
            }
            Ask::Payment => {
                "Your payment details: please confirm the bank account your pay should go to. It needs to be in your own name; a recent statement showing the account holder is enough."
            }
            Ask::Delivery => {
                "Where your equipment should go: please confirm the address we should send your work laptop to, and who will receive it."
            }
            Ask::Equipment => {
                "Your work laptop: please confirm that it is with you, that only you use it, and that nothing has been connected or installed on it beyond what we provided."
            }
        }
    }
}

/// What to ask for, from the verdict's signals (identity when none says).
pub fn asks(verdict: &Verdict) -> Vec<Ask> {
    let mut asks: Vec<Ask> = verdict
        .signals
        .iter()
        .filter_map(|s| Ask::of_signal(&s.id))
        .collect();
    asks.sort_unstable();
    asks.dedup();
    if asks.is_empty() {
        asks.push(Ask::Identity);
    }
    asks
}

/// The message, ready to send: a subject line, then the body.
pub fn reverify_message(body: &Value, verdict: &Verdict) -> String {
    let name = body["candidate"]["full_name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let greeting = name.map_or_else(|| "Hello,".to_owned(), |n| format!("Dear {n},"));
    let position = body["position"]["title"]
        .as_str()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!(" for the {p} role"))
        .unwrap_or_default();
    let mut text = format!(
        "Subject: Please confirm a few details of your application\n\n{greeting}\n\n\
         Thank you for your application{position}. Before we go further, we need to confirm \
         some of the details you gave us. We ask this of every candidate whose details we \
         could not confirm from the application alone.\n\nPlease help us with the following:\n"
    );
    for ask in asks(verdict) {
        text.push_str("\n- ");
        text.push_str(ask.paragraph());
    }
    text.push_str(
        "\n\nNothing has been decided about your application. If something in your \
         circumstances explains a difference, for example a move or travel, just tell us: it \
         is often the simplest answer.\n\nReply to this message and we will arrange a time \
         that suits you.\n\nKind regards,\nThe hiring team\n",
    );
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::plain::tests::report;
    use serde_json::json;

    #[test]
    fn each_family_of_signals_asks_for_one_thing_in_plain_words() {
        let signals = [
            "network.vpn",
            "payroll.shared_account",
            "sanctions.candidate_possible",
        ]
        .map(|id| report(id, json!({})));
        let verdict = Verdict {
            application_id: "acme-1".into(),
            tenant_id: "acme".into(),
            score: 71,
            tier: bonafide_model::Tier::Escalate,
            signals: signals.to_vec(),
            linked_applications: Vec::new(),
            versions: Default::default(),
            errors: Vec::new(),
        };
        assert_eq!(asks(&verdict), [Ask::Identity, Ask::Location, Ask::Payment]);
        let body = json!({ "candidate": { "full_name": "Dana Whitfield" },
                           "position": { "title": "Backend Engineer" } });
        let text = reverify_message(&body, &verdict);
        assert!(text.starts_with("Subject: "));
        assert!(text.contains("Dear Dana Whitfield,"));
        assert!(text.contains("for the Backend Engineer role"));
        for word in [
            "VPN", "sanction", "score", "71", "list", "signal", "payroll.",
        ] {
            assert!(!text.contains(word), "{word:?} in {text}");
        }
        let nothing = Verdict {
            signals: Vec::new(),
            ..verdict
        };
        assert_eq!(asks(&nothing), [Ask::Identity]);
    }
}
