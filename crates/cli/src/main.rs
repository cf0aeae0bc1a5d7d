//! `bonafide`: score applications for the fake-identity remote IT worker pattern.
//!
//! Exit status of `score`: 0 when every record was scored, 1 when any record
//! was rejected (each is reported on stderr with its line and reasons; the rest
//! are still scored), 2 when the run could not start (bad config, bad data).

mod bench;
mod bench_http;
mod calibrate;
mod config;
mod demo;
mod labelled;
mod logs;
mod pipeline;
mod quality;
mod sanctions;
mod serve;
mod store;

// Scoring allocates many small strings; mimalloc measured faster than the system allocator here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::{BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "bonafide",
    version,
    about = "Score job applications for the fake-identity remote IT worker pattern"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score applications (JSON Lines) and write one verdict per line, in input order.
    Score {
        /// Config file; the bundled fixture data and rules when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// Print counts by tier and rule to stderr at the end.
        #[arg(long)]
        summary: bool,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// Keep applications and verdicts in this store (a file for SQLite, or a
        /// postgres:// URL) and link them to every application kept there.
        #[arg(long)]
        store: Option<String>,
        /// Input file, or `-` for standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
    },
    /// Merge what IT sees after the hire into the hires' kept applications and
    /// score them again: `osquery` result logs, `okta` System Log events,
    /// `entra` sign-ins (docs/api.md, "After the hire").
    Ingest {
        /// `osquery`, `okta` or `entra`.
        source: String,
        /// The file as the tool writes it, or `-` for standard input.
        input: PathBuf,
        /// The store the applications are kept in: a file (SQLite) or a postgres:// URL.
        #[arg(long, env = "BONAFIDE_STORE", default_value = "bonafide.db")]
        store: String,
        /// The employer whose hires these are.
        #[arg(long, default_value = "default")]
        tenant: String,
        /// Config file; the bundled fixture data and rules when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Serve the HTTP API (see docs/api.md): submit applications, read verdicts,
    /// links, the review queue, decisions; webhooks in and out.
    Serve {
        /// Config file (`[service]` and the data); the bundled fixture data when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// The store: a file (SQLite) or a postgres:// URL.
        #[arg(long, env = "BONAFIDE_STORE", default_value = "bonafide.db")]
        store: String,
        /// Address to listen on (overrides `[service] listen`).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Score the fixtures into a fresh store, make a key for each kind of user,
    /// and serve the API and the pages (the review queue, clusters, cases).
    Demo {
        /// Config file; the bundled fixture data and rules when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// Where the new store goes (must not exist); a temporary file when absent.
        #[arg(long)]
        store: Option<PathBuf>,
        /// Address to listen on (overrides `[service] listen`, default 127.0.0.1:8080).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Check or test the rules.
    Rules {
        #[command(subcommand)]
        action: RulesAction,
        /// Config file naming the rules folder; the bundled rules when absent.
        #[arg(long, env = "BONAFIDE_CONFIG", global = true)]
        config: Option<PathBuf>,
    },
    /// Print the documented example config.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print the signal catalogue.
    Signals {
        /// As the Markdown of docs/signals.md.
        #[arg(long)]
        markdown: bool,
    },
    /// Measure scoring throughput on generated contract-shaped applications
    /// (`bench http`: through the HTTP service over loopback).
    Bench {
        #[command(subcommand)]
        target: Option<BenchTarget>,
        /// Config file (real data for meaningful figures); the bundled fixture data when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// How many applications.
        #[arg(short, long, default_value_t = 200_000)]
        n: usize,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
    },
    /// Screen names, dates of birth, identifiers and wallets (JSON Lines) against the sanctions lists.
    Screen {
        /// Config file naming the lists (`[sanctions]`); the bundled fixture list when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// Report matches scoring at least this (0 to 1).
        #[arg(long, default_value_t = 0.8)]
        min_score: f64,
        /// At most this many matches per line, best first.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Input file, or `-` for standard input: one `{"name", "kind", "date_of_birth", "wallet"}` a line.
        #[arg(default_value = "-")]
        input: PathBuf,
    },
    /// Manage the sanctions lists.
    Lists {
        #[command(subcommand)]
        action: ListsAction,
        /// Config file with `[sanctions]` and its `[[sanctions.sources]]`.
        #[arg(long, env = "BONAFIDE_CONFIG", global = true)]
        config: Option<PathBuf>,
    },
    /// Manage API keys in the store.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
        /// The store: a file (SQLite) or a postgres:// URL.
        #[arg(
            long,
            env = "BONAFIDE_STORE",
            default_value = "bonafide.db",
            global = true
        )]
        store: String,
    },
    /// Webhook subscribers stopped by a 410 Gone: list and resume them.
    Webhooks {
        #[command(subcommand)]
        action: WebhooksAction,
        /// The store: a file (SQLite) or a postgres:// URL.
        #[arg(
            long,
            env = "BONAFIDE_STORE",
            default_value = "bonafide.db",
            global = true
        )]
        store: String,
    },
    /// Remove applications past retention from the store (data minimisation).
    Purge {
        /// The store: a file (SQLite) or a postgres:// URL.
        #[arg(long, env = "BONAFIDE_STORE", default_value = "bonafide.db")]
        store: String,
        /// Applications last received longer ago than this go (e.g. `180d`).
        #[arg(long)]
        older_than: String,
    },
    /// Score the labelled corpora and report, per development and test half:
    /// precision, recall and false positives per tier, PR-AUC, recall per ring
    /// type, false positives per honest kind and per name origin.
    Quality {
        /// Config file whose data scores the field corpus (its addresses are
        /// real ISPs': use the real data, e.g. docs/config-example.toml); the own
        /// corpus is always scored on the bundled fixture data it was made for.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// Only this corpus.
        #[arg(long, value_enum)]
        corpus: Option<labelled::Corpus>,
        /// Only this half.
        #[arg(long, value_enum)]
        half: Option<labelled::Half>,
        /// Own corpus: applications per kind.
        #[arg(long, default_value_t = 200)]
        per_kind: usize,
        /// Field corpus: about this many applications.
        #[arg(long, default_value_t = 20_000)]
        scale: usize,
        /// Also write every labelled verdict here, one JSON line each
        /// (`corpus`, `half`, `kind`, `fraud`, `verdict`), to look into.
        #[arg(long)]
        verdicts: Option<PathBuf>,
    },
    /// Fit the rules' weights on labelled data and write `weights.toml` (the
    /// development halves of the corpora by default; a labelled file; or the
    /// reviewer decisions in a store).
    Calibrate {
        /// Config file whose data and rules score the field corpus, a file or the store.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// Where to write the weights (`-` for standard output).
        #[arg(long, default_value = "rules/weights.toml")]
        out: PathBuf,
        /// A JSON Lines file of applications with `"label": "fraud" | "honest"`.
        #[arg(long, conflicts_with = "store")]
        input: Option<PathBuf>,
        /// Re-fit from the reviewer decisions in this store (confirmed and cleared).
        #[arg(long)]
        store: Option<String>,
        /// With --store: only this employer's decisions.
        #[arg(long, requires = "store")]
        tenant: Option<String>,
        /// The share of scored applications that are the pattern, which the
        /// score's probability assumes.
        #[arg(long, default_value_t = 0.05)]
        prevalence: f64,
        /// Own corpus: applications per kind.
        #[arg(long, default_value_t = 200)]
        per_kind: usize,
        /// Field corpus: about this many applications.
        #[arg(long, default_value_t = 20_000)]
        scale: usize,
    },
}

#[derive(Subcommand)]
enum BenchTarget {
    /// POST applications one per request to `bonafide serve` over loopback (started
    /// here on a fresh SQLite store unless --url is given) and report throughput and latency.
    Http {
        /// Config file (the data the service scores with); the bundled fixture data when absent.
        #[arg(long, env = "BONAFIDE_CONFIG")]
        config: Option<PathBuf>,
        /// How many applications.
        #[arg(short, long, default_value_t = 20_000)]
        n: usize,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        /// A running server instead of one started here.
        #[arg(long)]
        url: Option<String>,
        /// An integration key of the server at --url.
        #[arg(long)]
        key: Option<String>,
        /// The store of the server started here (default: a fresh SQLite file).
        #[arg(long)]
        store: Option<String>,
    },
    /// Write the applications the benchmark scores to a file, to time another
    /// program (the floor of shared/bench) on the same records.
    Write {
        /// How many applications.
        #[arg(short, long, default_value_t = 100_000)]
        n: usize,
        /// The JSON Lines file to write.
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Validate every rule file against the signal catalogue.
    Check,
    /// Run every rule's examples.
    Test,
}

#[derive(Subcommand)]
enum WebhooksAction {
    /// Subscribers stopped because they answered 410 Gone.
    Stopped,
    /// Deliver to a stopped subscriber again (its messages given up on while
    /// it was stopped stay dead letters: a tenant's admin replays them).
    Resume {
        /// The subscriber's name in `[[service.webhooks]]`.
        name: String,
    },
}

#[derive(Subcommand)]
enum KeysAction {
    /// Create a key and print its secret once.
    Create {
        /// The tenant (employer) whose applications it may see.
        #[arg(long)]
        tenant: String,
        /// integration, recruiter, investigator or admin.
        #[arg(long)]
        role: String,
        /// The person it is for, as pages name them ("Dana Whitfield").
        #[arg(long)]
        name: Option<String>,
    },
    /// Name the person a key belongs to: pages show the name instead of the id.
    Name {
        /// The key's id.
        id: String,
        /// The person's name.
        name: String,
    },
    /// List keys (id, tenant, role, made, revoked): never their secrets.
    List {
        /// Only this tenant's.
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Revoke a key by its id (`key_…`): it stops opening the API on every
    /// instance within `[service] key_cache_seconds`, and its page sessions end.
    Revoke {
        /// The key's id.
        id: String,
    },
}

#[derive(Subcommand)]
enum ListsAction {
    /// Download fresh lists from the configured sources, check each is a whole
    /// list, and swap it in atomically.
    Update {
        /// Accept a list much shorter than the current one.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum ConfigAction {
    /// Print a config file with every field documented.
    Example,
}

fn main() -> ExitCode {
    logs::init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("bonafide: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn threads(count: Option<usize>) -> Result<()> {
    if let Some(count) = count {
        rayon::ThreadPoolBuilder::new()
            .num_threads(count)
            .build_global()
            .context("thread pool")?;
    }
    Ok(())
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Score {
            config,
            store: Some(url),
            input,
            ..
        } => {
            let loaded = config::load(config.as_deref())?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            if input.as_os_str() == "-" {
                serve::score_into_store(loaded, &url, std::io::stdin().lock(), &mut out, &mut err)
            } else {
                let file = std::fs::File::open(&input)
                    .with_context(|| format!("cannot open `{}`", input.display()))?;
                serve::score_into_store(loaded, &url, BufReader::new(file), &mut out, &mut err)
            }
        }
        Command::Serve {
            config,
            store,
            listen,
        } => serve::serve(config::load(config.as_deref())?, &store, listen),
        Command::Ingest {
            source,
            input,
            store,
            tenant,
            config,
        } => {
            let text = if input.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin().lock())?
            } else {
                std::fs::read_to_string(&input)
                    .with_context(|| format!("cannot read `{}`", input.display()))?
            };
            let loaded = config::load(config.as_deref())?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let stderr = std::io::stderr();
            serve::ingest(
                loaded,
                &store,
                &tenant,
                &source,
                &text,
                &mut out,
                &mut stderr.lock(),
            )
        }
        Command::Demo {
            config,
            store,
            listen,
        } => demo::demo(config::load(config.as_deref())?, store, listen),
        Command::Score {
            config,
            summary,
            threads: count,
            input,
            store: None,
        } => {
            threads(count)?;
            let loaded = config::load(config.as_deref())?;
            let engine = bonafide_engine::Engine::new(&loaded.reference, &loaded.rules);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            let outcome = if input.as_os_str() == "-" {
                let stdin = std::io::stdin();
                pipeline::run(
                    &engine,
                    &loaded.limits,
                    pipeline::chunks(stdin.lock(), loaded.limits.line_bytes),
                    &mut out,
                    &mut err,
                    None,
                )?
            } else {
                let file = std::fs::File::open(&input)
                    .with_context(|| format!("cannot open `{}`", input.display()))?;
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                let bar = (std::io::stderr().is_terminal() && size > 8 << 20).then(|| {
                    let bar = indicatif::ProgressBar::new(size);
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:40} {bytes}/{total_bytes} {eta}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    bar
                });
                let reader = BufReader::with_capacity(1 << 20, file);
                let outcome = pipeline::run(
                    &engine,
                    &loaded.limits,
                    pipeline::chunks(reader, loaded.limits.line_bytes),
                    &mut out,
                    &mut err,
                    bar.as_ref(),
                )?;
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                outcome
            };
            if summary {
                writeln!(err, "{}", serde_json::to_string_pretty(&outcome)?)?;
            }
            if outcome.lookup_failures > 0 {
                writeln!(
                    err,
                    "bonafide: {} session address lookups failed in a configured database \
                     (a record that does not decode); each verdict lists its own under `errors`",
                    outcome.lookup_failures
                )?;
            }
            Ok(if outcome.rejected > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Rules { action, config } => {
            let sources = match &config {
                Some(path) => config::Config::read(path)?.rule_sources()?,
                None => config::bundled_rules(),
            };
            let rules = config::compile(&sources)?;
            match action {
                RulesAction::Check => {
                    println!(
                        "{} rules, {} patterns and {} variant tables in {} files are valid (ruleset {})",
                        rules.rules.len(),
                        rules.patterns.len(),
                        rules.variants.len(),
                        sources.len(),
                        &rules.hash[..12]
                    );
                    Ok(ExitCode::SUCCESS)
                }
                RulesAction::Test => {
                    let mut failures = rules.run_examples();
                    failures.extend(bonafide_sanctions::run_variant_examples(&rules.variants));
                    for failure in &failures {
                        println!("FAIL {failure}");
                    }
                    let total = rules.example_count()
                        + rules
                            .variants
                            .iter()
                            .map(bonafide_rules::VariantTable::example_count)
                            .sum::<usize>();
                    println!(
                        "rules: {} passed, {} failed",
                        total - failures.len(),
                        failures.len()
                    );
                    Ok(if failures.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    })
                }
            }
        }
        Command::Config {
            action: ConfigAction::Example,
        } => {
            print!("{}", config::EXAMPLE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Signals { markdown } => {
            if markdown {
                print!("{}", bonafide_signals::catalogue_markdown());
            } else {
                for signal in bonafide_signals::SIGNALS {
                    println!("{:32} {}", signal.id, signal.doc);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            target:
                Some(BenchTarget::Http {
                    config,
                    n,
                    concurrency,
                    url,
                    key,
                    store,
                }),
            ..
        } => {
            bench_http::run(
                config::load(config.as_deref())?,
                &bench_http::HttpBench {
                    n,
                    concurrency,
                    url,
                    key,
                    store,
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            target: Some(BenchTarget::Write { n, out }),
            ..
        } => {
            bench::write(&out, n)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            target: None,
            config,
            n,
            threads: count,
        } => {
            threads(count)?;
            bench::run(config.as_deref(), n)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Screen {
            config,
            min_score,
            limit,
            input,
        } => sanctions::run_screen(config.as_deref(), &input, min_score, limit),
        Command::Lists {
            action: ListsAction::Update { force },
            config,
        } => sanctions::run_update(config.as_deref(), force),
        Command::Keys {
            action: KeysAction::Create { tenant, role, name },
            store,
        } => store::create_key(&store, &tenant, &role, name.as_deref()),
        Command::Keys {
            action: KeysAction::Name { id, name },
            store,
        } => store::name_key(&store, &id, &name),
        Command::Keys {
            action: KeysAction::List { tenant },
            store,
        } => store::list_keys(&store, tenant.as_deref()),
        Command::Keys {
            action: KeysAction::Revoke { id },
            store,
        } => store::revoke_key(&store, &id),
        Command::Webhooks {
            action: WebhooksAction::Stopped,
            store,
        } => store::stopped_subscribers(&store),
        Command::Webhooks {
            action: WebhooksAction::Resume { name },
            store,
        } => store::resume_subscriber(&store, &name),
        Command::Purge { store, older_than } => store::purge(&store, &older_than),
        Command::Quality {
            config,
            corpus,
            half,
            per_kind,
            scale,
            verdicts: dump,
        } => {
            let own = config::load_bundled()?;
            let field = config::load(config.as_deref())?;
            let mut out = match &dump {
                Some(path) => Some(std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?,
                )),
                None => None,
            };
            for (which, loaded, size, seed) in [
                (labelled::Corpus::Own, &own, per_kind, 7),
                (labelled::Corpus::Field, &field, scale, 1),
            ] {
                if corpus.is_some_and(|c| c != which) {
                    continue;
                }
                let cases = labelled::cases(which, size, seed)?;
                let verdicts = labelled::score(&loaded.reference, &loaded.rules, &cases);
                if let Some(out) = out.as_mut() {
                    for (case, verdict) in cases.iter().zip(&verdicts) {
                        let line = serde_json::json!({
                            "corpus": which.name(), "half": case.half.name(), "kind": case.kind,
                            "fraud": case.fraud, "ring": case.ring, "origin": case.origin,
                            "name": case.app.candidate.as_ref().and_then(|c| c.full_name.clone()),
                            "verdict": verdict,
                        });
                        writeln!(out, "{line}")?;
                    }
                }
                for h in [labelled::Half::Dev, labelled::Half::Test] {
                    if half.is_none_or(|only| only == h) {
                        print!("{}", quality::measure(which, h, &cases, &verdicts).render());
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Calibrate {
            config,
            out,
            input,
            store,
            tenant,
            prevalence,
            per_kind,
            scale,
        } => {
            if !(0.0001..0.9).contains(&prevalence) {
                anyhow::bail!("--prevalence must be between 0.0001 and 0.9");
            }
            let own = config::load_bundled()?;
            let field = config::load(config.as_deref())?;
            let source = match (input, store) {
                (Some(path), _) => calibrate::Source::File(path),
                (None, Some(url)) => calibrate::Source::Store { url, tenant },
                (None, None) => calibrate::Source::Corpora { per_kind, scale },
            };
            let result = calibrate::calibrate(&own, &field, &source, prevalence)?;
            if out.as_os_str() == "-" {
                print!("{}", result.weights_toml);
            } else {
                std::fs::write(&out, &result.weights_toml)
                    .with_context(|| format!("writing {}", out.display()))?;
                eprintln!(
                    "wrote {} (cross-validated PR-AUC {:.3}, log-loss {:.4})",
                    out.display(),
                    result.cross_validated.pr_auc,
                    result.cross_validated.log_loss
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
