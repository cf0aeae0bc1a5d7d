//! Finding, decompressing and reading list files, with a compiled cache: the
//! 120 MB Advanced XML arrives bzip2-compressed and takes seconds to inflate
//! and parse; the parsed parties, keyed by the file's SHA-256, load in well
//! under a second.

use crate::error::ListError;
use crate::party::SanctionsList;
use crate::{ftm, ofac_advanced, ofac_csv, un_xml};
use sha2::{Digest, Sha256};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

/// Bump when the parsed form changes: old cache files are then ignored.
const CACHE_FORMAT: &str = "bonafide-sanctions-cache-1";

/// Which format a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OFAC SDN Advanced XML (`<Sanctions>`).
    OfacAdvanced,
    /// OFAC legacy `sdn.csv`, with `alt.csv` and `add.csv` beside it when present.
    OfacCsv,
    /// UN consolidated list (`<CONSOLIDATED_LIST>`).
    UnConsolidated,
    /// OpenSanctions' FollowTheMoney entities, one JSON object per line.
    FollowTheMoney,
}

/// The file's bytes, decompressed when they are bzip2 or gzip.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, ListError> {
    let io = |source| ListError::Io {
        path: path.to_owned(),
        source,
    };
    let raw = std::fs::read(path).map_err(io)?;
    decompress(raw).map_err(io)
}

fn decompress(raw: Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    if raw.starts_with(b"BZh") {
        bzip2::read::MultiBzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
        Ok(out)
    } else if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(raw.as_slice()).read_to_end(&mut out)?;
        Ok(out)
    } else {
        Ok(raw)
    }
}

/// Tell the format from the first bytes (after decompression) and the name.
pub fn detect(path: &Path, bytes: &[u8]) -> Option<Format> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if head.contains("<Sanctions") {
        return Some(Format::OfacAdvanced);
    }
    if head.contains("<CONSOLIDATED_LIST") {
        return Some(Format::UnConsolidated);
    }
    if head.trim_start().starts_with('{') && head.contains("\"schema\"") {
        return Some(Format::FollowTheMoney);
    }
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.starts_with("sdn") && name.contains(".csv") {
        return Some(Format::OfacCsv);
    }
    None
}

/// A list read from one path, and lines of it that could not be read.
#[derive(Debug)]
pub struct Loaded {
    /// The list.
    pub list: SanctionsList,
    /// Unreadable lines (legacy CSV only): file, line, reason. The rest is kept.
    pub problems: Vec<String>,
    /// True when it came from the compiled cache.
    pub from_cache: bool,
}

/// Read one list file (`sdn_advanced.xml[.bz2|.gz]`, `sdn.csv`, `consolidated.xml`,
/// `entities.ftm.json`).
/// With a cache folder, the parsed list is kept there under the file's hash.
pub fn load(path: &Path, cache: Option<&Path>) -> Result<Loaded, ListError> {
    let raw = std::fs::read(path).map_err(|source| ListError::Io {
        path: path.to_owned(),
        source,
    })?;
    let siblings = csv_siblings(path);
    let mut hasher = Sha256::new();
    hasher.update(CACHE_FORMAT);
    hasher.update(&raw);
    for sibling in siblings.iter().flatten() {
        if let Ok(bytes) = std::fs::read(sibling) {
            hasher.update(&bytes);
        }
    }
    let key: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let cached = cache.map(|dir| dir.join(format!("{key}.list")));
    if let Some(list) = cached.as_deref().and_then(read_cache) {
        return Ok(Loaded {
            list,
            problems: Vec::new(),
            from_cache: true,
        });
    }
    let loaded = parse(path, raw, &siblings)?;
    if let Some(file) = &cached {
        // A cache that cannot be written costs time on the next start, nothing else.
        let _ = write_cache(file, &loaded.list);
    }
    Ok(loaded)
}

/// Read a list from bytes already in memory (a list bundled into the binary,
/// a download being checked); `name` stands for the file name.
pub fn read(name: &str, raw: Vec<u8>) -> Result<Loaded, ListError> {
    parse(Path::new(name), raw, &[None, None])
}

fn parse(path: &Path, raw: Vec<u8>, siblings: &[Option<PathBuf>; 2]) -> Result<Loaded, ListError> {
    let io = |source| ListError::Io {
        path: path.to_owned(),
        source,
    };
    if raw.starts_with(b"BZh") || raw.starts_with(&[0x1f, 0x8b]) {
        if let Some(loaded) = parse_streaming(path, raw.clone())? {
            return Ok(loaded);
        }
    }
    let bytes = decompress(raw).map_err(io)?;
    parse_bytes(path, bytes, siblings)
}

/// An XML list inflated on a second thread while the first parses it: the two
/// overlap (bzip2 alone takes most of the 2 s the SDN list used to need).
/// `None` when the content is not XML (the caller reads it whole).
fn parse_streaming(path: &Path, raw: Vec<u8>) -> Result<Option<Loaded>, ListError> {
    let io = |source| ListError::Io {
        path: path.to_owned(),
        source,
    };
    let (reader, mut writer) = std::io::pipe().map_err(io)?;
    let inflater = std::thread::spawn(move || -> std::io::Result<()> {
        if raw.starts_with(b"BZh") {
            std::io::copy(
                &mut bzip2::read::MultiBzDecoder::new(raw.as_slice()),
                &mut writer,
            )?;
        } else {
            std::io::copy(
                &mut flate2::read::MultiGzDecoder::new(raw.as_slice()),
                &mut writer,
            )?;
        }
        Ok(())
    });
    let mut input = BufReader::with_capacity(1 << 16, reader);
    let mut head = Vec::with_capacity(4096);
    (&mut input).take(4096).read_to_end(&mut head).map_err(io)?;
    let format = detect(path, &head);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stream = std::io::Cursor::new(head).chain(input);
    let parsed = match format {
        Some(Format::OfacAdvanced) => ofac_advanced::read(stream, &name),
        Some(Format::UnConsolidated) => un_xml::read(stream, &name),
        _ => {
            // Drain so that the inflater finishes; the caller starts again from the bytes.
            drop(stream);
            let _ = inflater.join();
            return Ok(None);
        }
    };
    // A stream that broke off is an error even when what arrived parsed.
    let inflated = inflater
        .join()
        .map_err(|_| io(std::io::Error::other("the decompressing thread panicked")))?;
    let list = parsed.map_err(|(position, reason)| ListError::Xml {
        path: path.to_owned(),
        position,
        reason,
    })?;
    inflated.map_err(io)?;
    finish(path, list, Vec::new()).map(Some)
}

fn finish(path: &Path, list: SanctionsList, problems: Vec<String>) -> Result<Loaded, ListError> {
    if list.parties.is_empty() {
        return Err(ListError::Format {
            path: path.to_owned(),
            reason: "the list has no parties".to_owned(),
        });
    }
    Ok(Loaded {
        list,
        problems,
        from_cache: false,
    })
}

fn parse_bytes(
    path: &Path,
    bytes: Vec<u8>,
    siblings: &[Option<PathBuf>; 2],
) -> Result<Loaded, ListError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let xml_error = |(position, reason)| ListError::Xml {
        path: path.to_owned(),
        position,
        reason,
    };
    let (list, problems) = match detect(path, &bytes) {
        Some(Format::OfacAdvanced) => (
            ofac_advanced::read(BufReader::new(bytes.as_slice()), &name).map_err(xml_error)?,
            Vec::new(),
        ),
        Some(Format::UnConsolidated) => (
            un_xml::read(BufReader::new(bytes.as_slice()), &name).map_err(xml_error)?,
            Vec::new(),
        ),
        Some(Format::OfacCsv) => read_csv(path, &bytes, siblings)?,
        Some(Format::FollowTheMoney) => {
            let (list, problems) = ftm::read(&bytes, &name);
            let problems = problems
                .into_iter()
                .map(|(line, reason)| format!("{}: line {line}: {reason}", path.display()))
                .collect();
            (list, problems)
        }
        None => {
            return Err(ListError::Format {
                path: path.to_owned(),
                reason:
                    "not a sanctions list bonafide reads (OFAC SDN Advanced XML, OFAC sdn.csv, \
                         UN consolidated XML, OpenSanctions FtM JSON)"
                        .to_owned(),
            })
        }
    };
    finish(path, list, problems)
}

/// `alt.csv` and `add.csv` beside an `sdn.csv`, when there.
fn csv_siblings(path: &Path) -> [Option<PathBuf>; 2] {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !(name.starts_with("sdn") && name.ends_with(".csv")) {
        return [None, None];
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    ["alt.csv", "add.csv"].map(|f| Some(dir.join(f)).filter(|p| p.is_file()))
}

fn read_csv(
    path: &Path,
    bytes: &[u8],
    siblings: &[Option<PathBuf>; 2],
) -> Result<(SanctionsList, Vec<String>), ListError> {
    let read = |p: &Option<PathBuf>| -> Result<Option<Vec<u8>>, ListError> {
        p.as_ref().map(|p| read_bytes(p)).transpose()
    };
    let alt = read(&siblings[0])?;
    let add = read(&siblings[1])?;
    let mut source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for sibling in siblings.iter().flatten() {
        if let Some(name) = sibling.file_name() {
            source.push_str(&format!(" + {}", name.to_string_lossy()));
        }
    }
    let (list, problems) = ofac_csv::read(bytes, alt.as_deref(), add.as_deref(), &source);
    let problems = problems
        .into_iter()
        .map(|(line, reason)| format!("{}: line {line}: {reason}", path.display()))
        .collect();
    Ok((list, problems))
}

fn read_cache(file: &Path) -> Option<SanctionsList> {
    let bytes = std::fs::read(file).ok()?;
    postcard::from_bytes(&bytes).ok()
}

fn write_cache(file: &Path, list: &SanctionsList) -> std::io::Result<()> {
    let bytes = postcard::to_stdvec(list).map_err(std::io::Error::other)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Write aside, then rename: a reader never sees half a cache file.
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file)
}
