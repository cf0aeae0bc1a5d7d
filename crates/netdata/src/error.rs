use std::path::PathBuf;

/// A data file that could not be loaded: which file, and what is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read or decompressed.
    #[error("cannot read `{path}`: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An MMDB file the reader rejects (truncated, corrupt, wrong format).
    #[error("`{path}` is not a usable MaxMind DB: {reason}")]
    Mmdb {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        reason: String,
    },
    /// A line of a list or CSV file that does not parse.
    #[error("`{path}` line {line}: {reason}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A file that parsed but holds nothing usable.
    #[error("`{path}`: {reason}")]
    Empty {
        /// The file.
        path: PathBuf,
        /// What is missing.
        reason: String,
    },
}
