//! `[[variants]]` tables: data for matching names across spellings, read by
//! the sanctions screener. Spellings of one name word that are the same name
//! (`groups`, e.g. the romanisations Kum / Geum / Keum), substring `rewrites`
//! and word `endings` (transliteration habits: -yev / -ev), words to `drop`
//! (legal forms such as "Co", "Ltd"), `common` name words (a match on them
//! alone is weak), and pairs of names that must match (`same`) or must not
//! (`different`), which the screener checks.

use crate::file::VariantSpec;

/// One compiled `[[variants]]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantTable {
    /// Stable id.
    pub id: String,
    /// What the table holds, and its sources.
    pub description: String,
    /// The file it came from.
    pub file: String,
    /// Each group lists spellings of one name word, lower-case ASCII.
    pub groups: Vec<Vec<String>>,
    /// Whether a word written as one (Kumhyok) may be split into this table's
    /// words (Kum Hyok).
    pub segment: bool,
    /// Further syllables a joined word may be split into, each its own spelling
    /// (with `segment`).
    pub syllables: Vec<String>,
    /// Substrings rewritten, in order, in words no group knows.
    pub rewrites: Vec<(String, String)>,
    /// Word endings rewritten, in order.
    pub endings: Vec<(String, String)>,
    /// Words dropped from names (legal forms); an entry of several words
    /// ("joint stock company") is dropped where the words stand together.
    pub drop: Vec<String>,
    /// Name words so common that a match on them alone is weak.
    pub common: Vec<String>,
    /// Name words frequent in the population (national frequency tables): a
    /// name that leaves out a patronymic must rest on a word that is not.
    pub frequent: Vec<String>,
    /// Pairs of names that must match.
    pub same: Vec<(String, String)>,
    /// Pairs of names that must not match.
    pub different: Vec<(String, String)>,
}

fn is_word(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl VariantTable {
    /// Check one table: words are lower-case ASCII letters, groups have two
    /// spellings or more, and the table has examples.
    pub(crate) fn compile(
        spec: VariantSpec,
        file: &str,
    ) -> Result<VariantTable, (String, Option<String>)> {
        let id = spec.id.clone();
        let bad = |what: &str, word: &str| {
            Err((
                format!("variants `{id}`: {what} {word:?} is not a lower-case ASCII word"),
                Some("write words folded: lower case, no accents, no spaces or hyphens".to_owned()),
            ))
        };
        for group in &spec.groups {
            if group.len() < 2 {
                return Err((
                    format!("variants `{id}`: a group needs two spellings or more: {group:?}"),
                    None,
                ));
            }
            if let Some(word) = group.iter().find(|w| !is_word(w)) {
                return bad("group word", word);
            }
        }
        for word in spec
            .common
            .iter()
            .chain(&spec.frequent)
            .chain(&spec.syllables)
        {
            if !is_word(word) {
                return bad("word", word);
            }
        }
        for phrase in &spec.drop {
            if phrase.split(' ').any(|w| !is_word(w)) {
                return bad("word", phrase);
            }
        }
        for [from, _] in spec.rewrites.iter().chain(&spec.endings) {
            if !is_word(from) {
                return bad("rewrite", from);
            }
        }
        if spec.same.is_empty() && spec.different.is_empty() {
            return Err((
                format!("variants `{id}` has no example"),
                Some("add `same = [[\"…\", \"…\"]]` with two names it makes one".to_owned()),
            ));
        }
        let pairs = |v: Vec<[String; 2]>| v.into_iter().map(|[a, b]| (a, b)).collect();
        Ok(VariantTable {
            id: spec.id,
            description: spec.description,
            file: file.to_owned(),
            groups: spec.groups,
            segment: spec.segment,
            syllables: spec.syllables,
            rewrites: pairs(spec.rewrites),
            endings: pairs(spec.endings),
            drop: spec.drop,
            common: spec.common,
            frequent: spec.frequent,
            same: pairs(spec.same),
            different: pairs(spec.different),
        })
    }

    /// How many example pairs it carries.
    pub fn example_count(&self) -> usize {
        self.same.len() + self.different.len()
    }
}

impl VariantTable {
    /// The variant tables of rule files, without their rules (for tools and
    /// tests that need only the tables).
    pub fn read_all(
        sources: &[crate::RuleSource],
    ) -> Result<Vec<VariantTable>, Vec<crate::Diagnostic>> {
        let mut tables = Vec::new();
        let mut diagnostics = Vec::new();
        for source in sources {
            if source.name.ends_with("tiers.toml") || source.name.ends_with(crate::WEIGHTS_FILE) {
                continue;
            }
            let file: crate::file::RuleFile = match toml::from_str(&source.text) {
                Ok(file) => file,
                Err(e) => {
                    diagnostics.push(crate::Diagnostic {
                        file: source.name.clone(),
                        line: None,
                        message: e.message().trim().to_owned(),
                        help: None,
                    });
                    continue;
                }
            };
            for spec in file.variants {
                match VariantTable::compile(spec, &source.name) {
                    Ok(table) => tables.push(table),
                    Err((message, help)) => diagnostics.push(crate::Diagnostic {
                        file: source.name.clone(),
                        line: None,
                        message,
                        help,
                    }),
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(tables)
        } else {
            Err(diagnostics)
        }
    }
}
