//! What the HTTP API (`bonafide-server`) and the command line share, with no
//! HTTP in it: reading submissions ([`submission`]), the scoring [`writer`]
//! that links each application to every stored one and commits in groups,
//! redaction of other employers' ids and of PII for recruiters, the reads
//! pages and API share, decisions, purge, and merging what IT sees after the
//! hire into kept applications ([`ingest`]).
#![deny(missing_docs)]

pub mod ingest;
mod purge;
mod reads;
mod redact;
pub mod submission;
mod subscriber;
pub mod writer;

pub use purge::purge_older_than;
pub use reads::{linked_with_verdicts, record_decision, top_reasons, Linked};
pub use redact::{mask_for_recruiter, redact_foreign, FOREIGN};
pub use submission::{line_text, parse_line, prepare, Rejected};
pub use subscriber::Subscriber;
pub use writer::{Accepted, Submission, Uncounted, WriteError, Writer, WriterMetrics, WriterParts};
