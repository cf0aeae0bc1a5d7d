//! Why a list could not be read.

use std::path::PathBuf;

/// A list file that could not be read, with where and why.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The XML is not well-formed, or is not the format expected.
    #[error("{path}: byte {position}: {reason}")]
    Xml {
        /// The file.
        path: PathBuf,
        /// Byte offset in the (decompressed) file.
        position: u64,
        /// What is wrong.
        reason: String,
    },
    /// A CSV line does not have the expected shape.
    #[error("{path}: line {line}: {reason}")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The file is of no known list format.
    #[error("{path}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
}
