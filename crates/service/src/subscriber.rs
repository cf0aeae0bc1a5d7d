//! A receiver of verdicts, as `[[service.webhooks]]` names it: the writer
//! addresses each verdict's messages to the subscribers that take its tenant.

use serde::Deserialize;

/// A receiver of verdicts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscriber {
    /// Name, kept with each message in the outbox.
    pub name: String,
    /// The URL verdicts are POSTed to.
    pub url: String,
    /// The signing secret (write `${VAR}` to read it from the environment):
    /// `whsec_<base64>` as Standard Webhooks libraries take it, or any other
    /// text, used as its bytes.
    pub secret: String,
    /// Secrets being rotated out: each message is signed with these too
    /// (`webhook-signature` carries one signature per secret).
    #[serde(default)]
    pub previous_secrets: Vec<String>,
    /// Only these tenants' verdicts (all when empty).
    #[serde(default)]
    pub tenants: Vec<String>,
}
