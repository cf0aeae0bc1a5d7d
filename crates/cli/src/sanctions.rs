//! `[sanctions]` in the config, `bonafide screen` and `bonafide lists update`.

use anyhow::{bail, Context, Result};
use bonafide_rules::Ruleset;
use bonafide_sanctions::{KindFilter, Match, Query, Screener, Variants};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

/// `[sanctions]`: the lists screened, where their compiled cache goes, and
/// where `bonafide lists update` fetches them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SanctionsConfig {
    /// List files: OFAC `sdn_advanced.xml` (also `.bz2`/`.gz`), OFAC `sdn.csv`
    /// (with `alt.csv` and `add.csv` beside it), UN `consolidated.xml`.
    #[serde(default)]
    pub lists: Vec<PathBuf>,
    /// Folder for the compiled lists (parsed once per file version).
    pub cache: Option<PathBuf>,
    /// `[[sanctions.sources]]`: what `bonafide lists update` downloads.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// One list to download.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The publisher's URL.
    pub url: String,
    /// The file it replaces (one of `lists`).
    pub file: PathBuf,
    /// A download with fewer parties is refused (a truncated or emptied list).
    #[serde(default = "default_min_parties")]
    pub min_parties: usize,
}

fn default_min_parties() -> usize {
    1
}

/// Below this share of the current list's parties, a new list is refused
/// unless `--force`: lists grow; a list that halves is a broken download.
const SHRINK_LIMIT: f64 = 0.9;

impl SanctionsConfig {
    /// Paths to resolve against the config file's folder.
    pub fn paths_mut(&mut self) -> impl Iterator<Item = &mut PathBuf> {
        self.lists
            .iter_mut()
            .chain(self.cache.iter_mut())
            .chain(self.sources.iter_mut().map(|s| &mut s.file))
    }

    /// Read and index every list.
    pub fn load(&self, rules: &Ruleset) -> Result<Screener> {
        let variants = Variants::new(&rules.variants);
        let cache = self.cache.clone().or_else(default_cache);
        let mut lists = Vec::with_capacity(self.lists.len());
        for path in &self.lists {
            let loaded = bonafide_sanctions::load(path, cache.as_deref())
                .with_context(|| format!("cannot read the sanctions list `{}`", path.display()))?;
            for problem in &loaded.problems {
                eprintln!("warning: {problem} (line skipped; the rest of the list is used)");
            }
            lists.push(loaded.list);
        }
        Ok(Screener::build_cached(lists, variants, cache.as_deref()))
    }
}

/// `$XDG_CACHE_HOME/bonafide`, else `$HOME/.cache/bonafide`.
fn default_cache() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("bonafide"))
}

/// The fixture list bundled into the binary, for the demo.
pub fn bundled(rules: &Ruleset) -> Result<Screener> {
    let list = bonafide_sanctions::read(
        "sdn_advanced-fixture.xml",
        include_bytes!("../../../fixtures/sanctions/sdn_advanced-fixture.xml").to_vec(),
    )?
    .list;
    Ok(Screener::new(vec![list], Variants::new(&rules.variants)))
}

/// The screener of a config (rules and `[sanctions]` only: no network data is
/// read), or of the bundled fixture list.
fn screener_for(config: Option<&Path>) -> Result<Screener> {
    match config {
        Some(path) => {
            let config = crate::config::Config::read(path)?;
            let rules = crate::config::compile(&config.rule_sources()?)?;
            config.sanctions.load(&rules)
        }
        None => bundled(&crate::config::compile(&crate::config::bundled_rules())?),
    }
}

/// `bonafide screen`: exit 0, or 1 when a line could not be read.
pub fn run_screen(
    config: Option<&Path>,
    input: &Path,
    min_score: f64,
    limit: usize,
) -> Result<ExitCode> {
    let screener = screener_for(config)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let bad = if input.as_os_str() == "-" {
        screen(
            &screener,
            std::io::stdin().lock(),
            &mut out,
            min_score,
            limit,
        )?
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot open `{}`", input.display()))?;
        screen(
            &screener,
            std::io::BufReader::new(file),
            &mut out,
            min_score,
            limit,
        )?
    };
    out.flush()?;
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `bonafide lists update`: exit 0, or 1 when a list was not updated.
pub fn run_update(config: Option<&Path>, force: bool) -> Result<ExitCode> {
    let Some(path) = config else {
        bail!("`bonafide lists update` needs a config with `[[sanctions.sources]]` (--config or BONAFIDE_CONFIG)");
    };
    let config = crate::config::Config::read(path)?;
    let failed = update(&config.sanctions, force)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// One line of `bonafide screen` input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScreenLine {
    name: Option<String>,
    #[serde(default)]
    kind: Kind,
    date_of_birth: Option<chrono::NaiveDate>,
    wallet: Option<String>,
    #[serde(default)]
    identifiers: Vec<String>,
    #[serde(default)]
    emails: Vec<String>,
}

#[derive(Debug, Default, Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Person,
    Entity,
    #[default]
    Any,
}

fn match_json(found: &Match<'_>) -> Value {
    json!({
        "list": found.list,
        "uid": found.party.uid,
        "name": found.party.primary_name(),
        "matched_name": found.matched,
        "kind": found.party.kind.as_str(),
        "score": (found.score * 1000.0).round() / 1000.0,
        "basis": found.basis.as_str(),
        "programs": found.party.programs,
        "listed": found.party.listed,
        "notes": found.notes,
    })
}

/// Screen each JSON line of `input`; a bad line is reported with its number and
/// the rest go on. Returns how many lines were bad.
pub fn screen(
    screener: &Screener,
    input: impl BufRead,
    out: &mut impl Write,
    min_score: f64,
    limit: usize,
) -> Result<usize> {
    let mut bad = 0;
    for (index, line) in input.lines().enumerate() {
        let line = line.with_context(|| format!("cannot read line {}", index + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let parsed: ScreenLine = match serde_json::from_str(&line) {
            Ok(parsed) => parsed,
            Err(e) => {
                eprintln!("line {}: {e}", index + 1);
                bad += 1;
                continue;
            }
        };
        let birth = parsed.date_of_birth.and_then(|d| {
            use chrono::Datelike;
            Some((
                u16::try_from(d.year()).ok()?,
                u8::try_from(d.month()).ok()?,
                u8::try_from(d.day()).ok()?,
            ))
        });
        let query = Query {
            name: parsed.name.as_deref(),
            kind: match parsed.kind {
                Kind::Person => KindFilter::Person,
                Kind::Entity => KindFilter::Entity,
                Kind::Any => KindFilter::Any,
            },
            date_of_birth: birth,
            identifiers: parsed.identifiers.iter().map(String::as_str).collect(),
            emails: parsed.emails.iter().map(String::as_str).collect(),
            wallets: parsed.wallet.iter().map(String::as_str).collect(),
        };
        let matches: Vec<Value> = screener
            .screen(&query, min_score, limit)
            .iter()
            .map(match_json)
            .collect();
        let echo: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        writeln!(out, "{}", json!({ "query": echo, "matches": matches }))?;
    }
    Ok(bad)
}

/// Download each source, check it is a whole list, and swap it in atomically.
pub fn update(config: &SanctionsConfig, force: bool) -> Result<usize> {
    if config.sources.is_empty() {
        bail!("no `[[sanctions.sources]]` in the config: nothing to update (see docs/config-example.toml)");
    }
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(300))
        .user_agent(concat!("bonafide/", env!("CARGO_PKG_VERSION")))
        .build()?;
    let mut failed = 0;
    for source in &config.sources {
        match update_one(&client, source, force) {
            Ok(report) => eprintln!("{report}"),
            Err(e) => {
                failed += 1;
                eprintln!("{}: not updated: {e:#}", source.file.display());
            }
        }
    }
    Ok(failed)
}

fn update_one(client: &reqwest::blocking::Client, source: &Source, force: bool) -> Result<String> {
    let response = client
        .get(&source.url)
        .send()
        .with_context(|| format!("cannot fetch {}", source.url))?;
    let status = response.status();
    if !status.is_success() {
        bail!("{} answered {status}", source.url);
    }
    let bytes = response.bytes().context("the download broke off")?.to_vec();
    let name = source
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // The download must read as a whole list before anything is replaced.
    let fresh = bonafide_sanctions::read(&name, bytes.clone())
        .with_context(|| format!("{} is not a list bonafide can read", source.url))?
        .list;
    if fresh.parties.len() < source.min_parties {
        bail!(
            "the download has {} parties, fewer than `min_parties` = {}",
            fresh.parties.len(),
            source.min_parties
        );
    }
    let current = source
        .file
        .is_file()
        .then(|| bonafide_sanctions::load(&source.file, None).ok())
        .flatten()
        .map(|l| l.list);
    if let Some(current) = &current {
        let shrunk = (fresh.parties.len() as f64) < current.parties.len() as f64 * SHRINK_LIMIT;
        if shrunk && !force {
            bail!(
                "the download has {} parties against {} now: refused (use --force if the publisher really removed them)",
                fresh.parties.len(),
                current.parties.len()
            );
        }
    }
    replace_atomically(&source.file, &bytes)?;
    let was = current.map_or_else(
        || "none".to_owned(),
        |c| {
            format!(
                "{} ({} parties)",
                c.issued.unwrap_or_else(|| "undated".into()),
                c.parties.len()
            )
        },
    );
    Ok(format!(
        "{}: {} {} ({} parties), was {was}",
        source.file.display(),
        fresh.list,
        fresh.issued.unwrap_or_else(|| "undated".into()),
        fresh.parties.len()
    ))
}

/// Write beside the file, flush to disk, then rename over it: a reader sees the
/// old list or the new one, never half of either.
fn replace_atomically(file: &Path, bytes: &[u8]) -> Result<()> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.download-{}",
        file.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let mut out =
        std::fs::File::create(&tmp).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    out.write_all(bytes)?;
    out.sync_all()?;
    drop(out);
    std::fs::rename(&tmp, file).with_context(|| format!("cannot replace `{}`", file.display()))?;
    if let Ok(dir) = std::fs::File::open(dir) {
        // The rename itself is durable once the folder is synced.
        let _ = dir.sync_all();
    }
    Ok(())
}
