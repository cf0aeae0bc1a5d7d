//! `[[pattern]]` tables: regular expressions on text (address lines, recipients)
//! that signals read by list name, each with texts it must match and must not.

use crate::diagnostic::Diagnostic;
use crate::file::{PatternSpec, RuleFile};
use crate::ruleset::{ExampleFailure, RuleSource};

/// A text pattern from a rule file, compiled, with its examples.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Stable id, quoted in evidence.
    pub id: String,
    /// Which signals read it (`forwarding`).
    pub list: String,
    /// The regular expression as written (matched case-blind).
    pub regex: String,
    /// What it catches.
    pub description: String,
    /// The file it came from.
    pub file: String,
    compiled: regex::Regex,
    matches: Vec<String>,
    misses: Vec<String>,
}

impl Pattern {
    /// Compile one `[[pattern]]`; the error is a message and an optional hint.
    pub(crate) fn compile(
        spec: PatternSpec,
        file: &str,
    ) -> Result<Pattern, (String, Option<String>)> {
        if spec.matches.is_empty() {
            return Err((
                format!("pattern `{}` has no example", spec.id),
                Some("add `matches = [\"…\"]` with text it must match".to_owned()),
            ));
        }
        let compiled = regex::Regex::new(&format!("(?i){}", spec.regex)).map_err(|e| {
            (
                format!(
                    "pattern `{}` is not a valid regular expression: {e}",
                    spec.id
                ),
                None,
            )
        })?;
        Ok(Pattern {
            id: spec.id,
            list: spec.list,
            regex: spec.regex,
            description: spec.description,
            file: file.to_owned(),
            compiled,
            matches: spec.matches,
            misses: spec.misses,
        })
    }

    /// The patterns of rule files, without their rules (for tools and tests that
    /// need only the patterns).
    pub fn read_all(sources: &[RuleSource]) -> Result<Vec<Pattern>, Vec<Diagnostic>> {
        let mut patterns = Vec::new();
        let mut diagnostics = Vec::new();
        for source in sources {
            let file: RuleFile = match toml::from_str(&source.text) {
                Ok(file) => file,
                Err(e) => {
                    diagnostics.push(Diagnostic {
                        file: source.name.clone(),
                        line: None,
                        message: e.message().trim().to_owned(),
                        help: None,
                    });
                    continue;
                }
            };
            for spec in file.pattern {
                match Pattern::compile(spec, &source.name) {
                    Ok(pattern) => patterns.push(pattern),
                    Err((message, help)) => diagnostics.push(Diagnostic {
                        file: source.name.clone(),
                        line: None,
                        message,
                        help,
                    }),
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(patterns)
        } else {
            Err(diagnostics)
        }
    }

    /// Check the texts it must match and must not.
    pub fn run_examples(&self) -> Vec<ExampleFailure> {
        let cases = self
            .matches
            .iter()
            .map(|t| (t, true))
            .chain(self.misses.iter().map(|t| (t, false)));
        cases
            .filter(|(text, expected)| self.compiled.is_match(text) != *expected)
            .map(|(text, expected)| ExampleFailure {
                rule: self.id.clone(),
                file: self.file.clone(),
                example: format!("{text:?}"),
                message: format!(
                    "expected the pattern to {} it",
                    if expected { "match" } else { "miss" }
                ),
            })
            .collect()
    }

    /// How many example texts it carries.
    pub fn example_count(&self) -> usize {
        self.matches.len() + self.misses.len()
    }
}
