//! Reading data files: plain or gzip, from disk or from bytes bundled in the binary.

use crate::LoadError;
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};

/// A data file's bytes (decompressed) and what to call it in errors and `versions`.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Where it came from (a path, or `bundled:NAME`).
    pub path: PathBuf,
    /// The decompressed contents.
    pub bytes: Vec<u8>,
    /// The file's modification date (YYYY-MM-DD), when it came from disk.
    pub modified: Option<String>,
}

impl DataFile {
    /// Read a file from disk, decompressing gzip (by magic bytes, whatever the name).
    pub fn read(path: &Path) -> Result<DataFile, LoadError> {
        let io = |source| LoadError::Io {
            path: path.to_owned(),
            source,
        };
        let raw = std::fs::read(path).map_err(io)?;
        let modified = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| {
                date_of(
                    t.duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_secs()),
                )
            });
        Ok(DataFile {
            path: path.to_owned(),
            bytes: gunzip_if_needed(raw).map_err(io)?,
            modified,
        })
    }

    /// Wrap bytes bundled into the binary.
    pub fn bundled(name: &str, raw: &[u8]) -> Result<DataFile, LoadError> {
        let path = PathBuf::from(format!("bundled:{name}"));
        let bytes = gunzip_if_needed(raw.to_vec()).map_err(|source| LoadError::Io {
            path: path.clone(),
            source,
        })?;
        Ok(DataFile {
            path,
            bytes,
            modified: None,
        })
    }

    /// The contents as text, or an error naming the file.
    pub fn text(&self) -> Result<&str, LoadError> {
        std::str::from_utf8(&self.bytes).map_err(|e| LoadError::Line {
            path: self.path.clone(),
            line: 1 + self.bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
            reason: "not UTF-8 text".to_owned(),
        })
    }

    /// A short name for `versions`: the file name without directories.
    pub fn name(&self) -> String {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string());
        name.strip_prefix("bundled:")
            .map(str::to_owned)
            .unwrap_or(name)
    }
}

fn gunzip_if_needed(raw: Vec<u8>) -> std::io::Result<Vec<u8>> {
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 3);
        GzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Seconds since the epoch to a calendar date (YYYY-MM-DD).
pub(crate) fn date_of(epoch_secs: u64) -> String {
    i64::try_from(epoch_secs)
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map_or_else(|| "unknown".to_owned(), |t| t.date_naive().to_string())
}

#[cfg(test)]
mod tests {
    use super::date_of;

    #[test]
    fn epoch_dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(1_780_617_600), "2026-06-05");
    }
}
