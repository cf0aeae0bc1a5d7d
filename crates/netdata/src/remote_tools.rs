//! Remote-access tools from LOLRMM (`rmm_tools.json` or `rmm_tools.csv`):
//! each tool's executable names, installation folders and app bundles, so a
//! laptop's process or app can be recognised by name or path, whatever the
//! platform's separators or case.

use crate::source::DataFile;
use crate::LoadError;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

/// One tool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteTool {
    /// LOLRMM's name ("AnyDesk").
    pub name: Arc<str>,
    /// LOLRMM's category (`RMM`, `RAT`).
    pub category: Arc<str>,
}

/// How a tool was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognised {
    /// By its executable's or bundle's file name.
    Executable,
    /// By its installation folder.
    Folder,
    /// By the software's name.
    Name,
}

/// Every tool of the loaded lists, indexed by what identifies it.
#[derive(Debug, Default)]
pub struct RemoteTools {
    tools: Vec<RemoteTool>,
    /// File names without wildcards (`anydesk.exe`, `anydesk.app`).
    files: HashMap<String, u32>,
    /// File names with one `*`: (before, after).
    file_patterns: Vec<(String, String, u32)>,
    /// Installation folders' own names (`anydesk`, `chrome remote desktop`).
    folders: HashMap<String, u32>,
    /// Tool names, letters and digits only.
    names: HashMap<String, u32>,
    sources: Vec<(Arc<str>, Option<String>)>,
}

/// File names (without extension) that ordinary software also uses: LOLRMM
/// lists them for some tool, but on a laptop they identify nothing.
const GENERIC_FILES: &[&str] = &[
    "setup",
    "installer",
    "install",
    "uninstall",
    "agent",
    "autoupdate",
    "update",
    "updater",
    "launcher",
    "service",
    "client",
    "server",
    "helper",
    "host",
    "dwm",
    "clm",
    "dd",
    "goto",
    "g2mstart",
    "g2mcomm",
    "g2mlauncher",
    "plink",
    "winpty-agent",
    "main",
    "app",
    "run",
    "start",
];

/// Folder names too common to identify a tool.
const GENERIC_FOLDERS: &[&str] = &[
    "program files",
    "program files (x86)",
    "programdata",
    "users",
    "appdata",
    "local",
    "roaming",
    "windows",
    "system32",
    "applications",
    "google",
    "microsoft",
    "user data",
    "bin",
    "opt",
    "usr",
    "library",
    "contents",
    "macos",
    "temp",
    "tmp",
    "downloads",
];

#[derive(Deserialize)]
struct JsonTool {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Category", default)]
    category: Option<String>,
    #[serde(rename = "Details", default)]
    details: Option<JsonDetails>,
}

#[derive(Deserialize)]
struct JsonDetails {
    #[serde(rename = "PEMetadata", default)]
    pe_metadata: Option<serde_json::Value>,
    #[serde(rename = "InstallationPaths", default)]
    installation_paths: Option<Vec<String>>,
}

impl RemoteTools {
    /// Add a LOLRMM file: its JSON API export or its CSV.
    pub fn add_file(&mut self, file: &DataFile) -> Result<usize, LoadError> {
        let text = file.text()?;
        let before = self.tools.len();
        if text.trim_start().starts_with('[') {
            let tools: Vec<JsonTool> = serde_json::from_str(text).map_err(|e| LoadError::Line {
                path: file.path.clone(),
                line: e.line(),
                reason: format!("not LOLRMM's JSON: {e}"),
            })?;
            for tool in tools {
                let details = tool.details;
                let paths = details
                    .as_ref()
                    .and_then(|d| d.installation_paths.clone())
                    .unwrap_or_default();
                let mut files = Vec::new();
                if let Some(pe) = details.as_ref().and_then(|d| d.pe_metadata.as_ref()) {
                    collect_pe_names(pe, &mut files);
                }
                self.add(&tool.name, tool.category.as_deref(), &paths, &files);
            }
        } else {
            let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
            let headers = reader.headers().map_err(|e| bad_csv(file, 1, &e))?.clone();
            let column = |name: &str| headers.iter().position(|h| h.trim() == name);
            let Some(name_column) = column("Name") else {
                return Err(LoadError::Line {
                    path: file.path.clone(),
                    line: 1,
                    reason: "not LOLRMM's CSV: no `Name` column".to_owned(),
                });
            };
            let (category, paths) = (column("Category"), column("InstallationPaths"));
            let (filename, original) = (column("Filename"), column("OriginalFileName"));
            for (index, record) in reader.records().enumerate() {
                let record = record.map_err(|e| bad_csv(file, index + 2, &e))?;
                let get = |c: Option<usize>| c.and_then(|c| record.get(c)).unwrap_or("");
                let split = |text: &str| -> Vec<String> {
                    text.split(',')
                        .map(|p| p.trim().to_owned())
                        .filter(|p| !p.is_empty())
                        .collect()
                };
                let mut files = split(get(filename));
                files.extend(split(get(original)));
                let category = Some(get(category)).filter(|c| !c.is_empty());
                self.add(get(Some(name_column)), category, &split(get(paths)), &files);
            }
        }
        let added = self.tools.len() - before;
        if added == 0 {
            return Err(LoadError::Empty {
                path: file.path.clone(),
                reason: "no remote-access tools found".to_owned(),
            });
        }
        self.sources
            .push((file.name().into(), file.modified.clone()));
        Ok(added)
    }

    fn add(&mut self, name: &str, category: Option<&str>, paths: &[String], files: &[String]) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        let id = self.tools.len() as u32;
        self.tools.push(RemoteTool {
            name: name.into(),
            category: category.unwrap_or("RMM").into(),
        });
        let key = name_key(name);
        // Short names ("Level", "VNC") are words other software uses.
        if key.len() >= 6 {
            self.names.entry(key.clone()).or_insert(id);
        }
        for file in files {
            self.add_file_name(&file.to_lowercase(), id);
        }
        for path in paths {
            let path = normal_path(path);
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            let Some(last) = parts.last() else { continue };
            if *last == "*" || path.ends_with('/') {
                // `…\AnyDesk\*`, `C:\Program Files\TeamViewer\`: the folder's own name.
                let folder = if *last == "*" {
                    parts.len().checked_sub(2).map(|i| parts[i])
                } else {
                    Some(*last)
                };
                if let Some(folder) = folder.filter(|f| names_the_tool(f, &key)) {
                    self.folders.entry(folder.to_owned()).or_insert(id);
                }
            } else if last.contains('.') {
                self.add_file_name(last, id);
            } else if names_the_tool(last, &key) {
                // A folder named without a trailing separator (`…\Remote Desktop Manager`).
                self.folders.entry((*last).to_owned()).or_insert(id);
            }
        }
    }

    fn add_file_name(&mut self, file: &str, id: u32) {
        let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        if stem.len() < 3 || GENERIC_FILES.contains(&stem) {
            return;
        }
        match file.split_once('*') {
            None if !file.is_empty() => {
                self.files.entry(file.to_owned()).or_insert(id);
            }
            Some((before, after)) if !before.is_empty() && !after.contains('*') => {
                self.file_patterns
                    .push((before.to_owned(), after.to_owned(), id));
            }
            _ => {}
        }
    }

    /// The tool a process or app is, by its path's file and folder names, or by its name.
    pub fn recognise(
        &self,
        name: Option<&str>,
        path: Option<&str>,
    ) -> Option<(&RemoteTool, Recognised)> {
        let tool = |id: &u32| self.tools.get(*id as usize);
        if let Some(path) = path {
            let path = normal_path(path);
            let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
            // The file first (the last part, or a macOS bundle in the path):
            // a folder is a weaker identification than the executable.
            let bundle = parts.iter().find(|p| p.ends_with(".app"));
            for part in parts.last().into_iter().chain(bundle) {
                if let Some(found) = self.files.get(*part).or_else(|| self.pattern(part)) {
                    return tool(found).map(|t| (t, Recognised::Executable));
                }
            }
            for (i, part) in parts.iter().enumerate().rev() {
                // The part after `Users` or `home` is a person's name, not a folder of software.
                let home = i > 0 && matches!(parts[i - 1], "users" | "home");
                if let Some(found) = self.folders.get(*part).filter(|_| !home) {
                    return tool(found).map(|t| (t, Recognised::Folder));
                }
            }
        }
        let name = name?.trim();
        let lower = name.to_lowercase();
        if let Some(found) = self.files.get(&lower).or_else(|| self.pattern(&lower)) {
            return tool(found).map(|t| (t, Recognised::Executable));
        }
        let key = name_key(lower.trim_end_matches(".app").trim_end_matches(".exe"));
        self.names
            .get(&key)
            .and_then(tool)
            .map(|t| (t, Recognised::Name))
    }

    fn pattern(&self, file: &str) -> Option<&u32> {
        self.file_patterns
            .iter()
            .find(|(before, after, _)| {
                file.len() >= before.len() + after.len()
                    && file.starts_with(before.as_str())
                    && file.ends_with(after.as_str())
            })
            .map(|(_, _, id)| id)
    }

    /// Whether a tool of this name is listed (letters and digits, any case).
    pub fn knows(&self, name: &str) -> bool {
        let key = name_key(name);
        self.tools.iter().any(|t| name_key(&t.name) == key)
    }

    /// Listed names close to an unknown one, for an error message.
    pub fn like(&self, name: &str) -> Vec<&str> {
        let key = name_key(name);
        let mut names: Vec<&str> = self
            .tools
            .iter()
            .filter(|t| {
                let other = name_key(&t.name);
                key.len() >= 4 && (other.contains(&key) || key.contains(&other))
            })
            .map(|t| &*t.name)
            .collect();
        names.dedup();
        names
    }

    /// Number of tools.
    pub fn len(&self) -> usize {
        self.tools.len()
    }

    /// Whether no list is loaded.
    pub fn is_empty(&self) -> bool {
        self.tools.is_empty()
    }

    /// The files loaded, with their dates.
    pub fn sources(&self) -> &[(Arc<str>, Option<String>)] {
        &self.sources
    }
}

/// LOLRMM's `PEMetadata` is an object or a list of them, with `Filename` and
/// `OriginalFileName`. A name a tool is renamed to ("default rename target",
/// "observed renamed") is someone else's name (Teramind's `dwm.exe` is
/// Windows' window manager): left out.
fn collect_pe_names(pe: &serde_json::Value, out: &mut Vec<String>) {
    match pe {
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_pe_names(i, out)),
        serde_json::Value::Object(map) => {
            let description = map
                .get("Description")
                .and_then(|d| d.as_str())
                .unwrap_or("");
            if description.to_lowercase().contains("rename") {
                return;
            }
            for key in ["Filename", "OriginalFileName"] {
                if let Some(name) = map.get(key).and_then(|v| v.as_str()) {
                    out.extend(
                        name.split(',')
                            .map(|n| n.trim().to_owned())
                            .filter(|n| !n.is_empty()),
                    );
                }
            }
        }
        _ => {}
    }
}

fn bad_csv(file: &DataFile, line: usize, error: &csv::Error) -> LoadError {
    LoadError::Line {
        path: file.path.clone(),
        line,
        reason: error.to_string(),
    }
}

/// Whether a folder's name is the tool's (a folder `AnyDesk` for AnyDesk,
/// `SysAidServer` for SysAid), not a generic one (`desktop`, `agent`, `nmap`).
fn names_the_tool(folder: &str, tool_key: &str) -> bool {
    let folder_key = name_key(folder);
    !folder.contains('*')
        && !GENERIC_FOLDERS.contains(&folder)
        && folder_key.len() >= 4
        && tool_key.len() >= 4
        && (folder_key.contains(tool_key) || tool_key.contains(&folder_key))
}

/// Lower case, `/` for every separator.
fn normal_path(path: &str) -> String {
    path.trim().to_lowercase().replace('\\', "/")
}

/// A tool name's letters and digits, lower case: "Chrome Remote Desktop" →
/// "chromeremotedesktop": how tool names are compared everywhere.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tools(text: &str) -> RemoteTools {
        let mut tools = RemoteTools::default();
        tools
            .add_file(&DataFile::bundled("rmm_tools", text.as_bytes()).expect("bytes"))
            .expect("loads");
        tools
    }

    fn name_of(tools: &RemoteTools, name: Option<&str>, path: Option<&str>) -> Option<String> {
        tools.recognise(name, path).map(|(t, _)| t.name.to_string())
    }

    #[test]
    fn json_and_csv_name_the_tool_by_file_folder_bundle_and_name() {
        let json = r#"[{"Name":"AnyDesk","Category":"RMM","Details":{"PEMetadata":[{"Filename":"anydesk.exe","OriginalFileName":"AnyDesk.exe"}],
            "InstallationPaths":["C:\\Program Files (x86)\\AnyDesk\\*","/Applications/AnyDesk.app"]}},
            {"Name":"RustDesk","Category":"RMM","Details":{"PEMetadata":null,"InstallationPaths":["rustdesk*.exe","C:\\Users\\*\\AppData\\Local\\rustdesk\\*"]}}]"#;
        let csv = "Name,Category,Filename,OriginalFileName,InstallationPaths\n\
                   TeamViewer,RMM,,,\"C:\\Program Files\\TeamViewer\\, teamviewer_service.exe\"\n";
        for tools in [tools(json), tools(csv)] {
            let found = |name: Option<&str>, path: Option<&str>| name_of(&tools, name, path);
            if tools.len() == 2 {
                assert_eq!(
                    found(None, Some(r"C:\Program Files (x86)\AnyDesk\AnyDesk.exe")).as_deref(),
                    Some("AnyDesk")
                );
                assert_eq!(
                    found(
                        None,
                        Some("/Applications/AnyDesk.app/Contents/MacOS/AnyDesk")
                    )
                    .as_deref(),
                    Some("AnyDesk")
                );
                assert_eq!(found(Some("AnyDesk"), None).as_deref(), Some("AnyDesk"));
                assert_eq!(
                    found(
                        None,
                        Some(r"C:\Users\kim\Downloads\rustdesk-1.2.3-x86_64.exe")
                    )
                    .as_deref(),
                    Some("RustDesk")
                );
                assert_eq!(
                    found(
                        None,
                        Some(r"C:\Users\kim\AppData\Local\rustdesk\helper.dll")
                    )
                    .as_deref(),
                    Some("RustDesk")
                );
            } else {
                assert_eq!(
                    found(None, Some(r"C:\Program Files\TeamViewer\TeamViewer.exe")).as_deref(),
                    Some("TeamViewer")
                );
                assert_eq!(
                    found(Some("teamviewer_service.exe"), None).as_deref(),
                    Some("TeamViewer")
                );
            }
            // Generic folders identify nothing.
            assert_eq!(
                found(Some("Slack"), Some(r"C:\Program Files\Slack\slack.exe")),
                None
            );
            assert_eq!(
                found(Some("zoom.us"), Some("/Applications/zoom.us.app")),
                None
            );
        }
    }
}
