//! Logs: `tracing` events on stderr, filtered by `RUST_LOG` (default `info`).
//! JSON lines, one event each with its request's span, when stderr is not a
//! terminal (a service under a supervisor or in a container) or when
//! `BONAFIDE_LOG_FORMAT=json`; text for a person at a terminal or with
//! `BONAFIDE_LOG_FORMAT=text`.

use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Start logging; a second call does nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = match std::env::var("BONAFIDE_LOG_FORMAT").as_deref() {
        Ok("json") => true,
        Ok("text") => false,
        _ => !std::io::stderr().is_terminal(),
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if json {
        logs.json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        logs.try_init()
    };
}
