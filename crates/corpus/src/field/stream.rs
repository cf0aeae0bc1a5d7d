//! The field corpus without end, for benchmarks: realistic applications of many
//! countries (phones in national and international formats, résumés, documents,
//! payroll and sessions as integrations send them), block after block.

use super::field_corpus;

/// Applications per block: each block is a field corpus of its own seed, with
/// its own rings and honest applicants.
const FIELD_BLOCK: usize = 20_000;

/// JSON lines of field applications, deterministic for a seed; ids are
/// prefixed with their block so they stay unique across blocks.
#[derive(Debug)]
pub struct FieldStream {
    seed: u64,
    block: u64,
    lines: std::vec::IntoIter<String>,
}

impl FieldStream {
    /// A stream; the same seed gives the same applications.
    pub fn new(seed: u64) -> FieldStream {
        FieldStream {
            seed,
            block: 0,
            lines: Vec::new().into_iter(),
        }
    }

    fn next_block(&mut self) -> Vec<String> {
        let block = self.block;
        self.block += 1;
        field_corpus(FIELD_BLOCK, self.seed.wrapping_add(block))
            .into_iter()
            .map(|(mut app, _)| {
                let id = app["application_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                app["application_id"] = format!("b{block}-{id}").into();
                if block > 0 {
                    make_contacts_block_own(&mut app, block);
                }
                app.to_string()
            })
            .collect()
    }
}

impl Iterator for FieldStream {
    type Item = String;

    fn next(&mut self) -> Option<String> {
        if let Some(line) = self.lines.next() {
            return Some(line);
        }
        self.lines = self.next_block().into_iter();
        self.lines.next()
    }
}

/// Each block draws names from the same pools, so e-mail addresses and
/// profile handles repeat across blocks (about 3 % of them) where real
/// applicants' do not: give each block's its own, the same way for everyone
/// in it, so what a ring shares stays shared.
fn make_contacts_block_own(app: &mut serde_json::Value, block: u64) {
    let candidate = &mut app["candidate"];
    if let Some(emails) = candidate["emails"].as_array_mut() {
        for email in emails {
            if let Some(text) = email.as_str() {
                *email = text.replacen('@', &format!("_b{block}@"), 1).into();
            }
        }
    }
    if let Some(profiles) = candidate["profiles"].as_array_mut() {
        for profile in profiles {
            if let Some(url) = profile["url"].as_str() {
                let bare = url.trim_end_matches('/');
                profile["url"] = format!("{bare}-b{block}").into();
            }
        }
    }
}
