//! Diagnostics: what the parser could not understand, with the doc line it was on.

use std::fmt;

use serde::Serialize;

/// How bad a diagnostic is. Errors fail `cargo xtask regen`; warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A note on what was read and how (a page skipped, and why); never a problem.
    Info,
    Warning,
    Error,
}

/// One finding, tied to a line of one documentation file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    /// 1-based line; 0 when the finding is not tied to a line (e.g. an override file entry).
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}:{}: {}", self.file, self.line, self.message)
    }
}

/// Collects diagnostics for one input file.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    file: String,
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            items: Vec::new(),
        }
    }

    pub fn info(&mut self, line: u32, message: impl Into<String>) {
        self.push(Severity::Info, line, message.into());
    }

    pub fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.push(Severity::Warning, line, message.into());
    }

    pub fn error(&mut self, line: u32, message: impl Into<String>) {
        self.push(Severity::Error, line, message.into());
    }

    fn push(&mut self, severity: Severity, line: u32, message: String) {
        self.items.push(Diagnostic {
            severity,
            file: self.file.clone(),
            line,
            message,
        });
    }

    /// Names each finding by the file and line `locate` gives for its line (a folder's page
    /// file and its own line); findings it gives nothing for keep theirs.
    /// Lines a message cites (`also at line 973`) are turned too: `line N` of the same file, or
    /// `FILE:N` of another.
    pub fn relocate(&mut self, locate: impl Fn(u32) -> Option<(String, u32)>) {
        for item in &mut self.items {
            if let Some((file, line)) = locate(item.line) {
                item.file = file;
                item.line = line;
            }
            item.message = relocate_cited_lines(&item.message, &item.file, &locate);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Diagnostics sorted by line then message, so that output is stable.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| {
            (a.line, a.severity, &a.message).cmp(&(b.line, b.severity, &b.message))
        });
        items.dedup();
        items
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// `line N` in a message, with N turned by `locate`.
fn relocate_cited_lines(
    message: &str,
    file: &str,
    locate: &impl Fn(u32) -> Option<(String, u32)>,
) -> String {
    const CITE: &str = "line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(CITE) {
        let after = &rest[at + CITE.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let cited = after[..digits].parse::<u32>().ok().and_then(locate);
        out.push_str(&rest[..at]);
        match cited {
            Some((f, n)) if f == file => out.push_str(&format!("{CITE}{n}")),
            Some((f, n)) => out.push_str(&format!("{f}:{n}")),
            None => out.push_str(&rest[at..at + CITE.len() + digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}
