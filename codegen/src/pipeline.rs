//! The whole chain from documentation text to specs: overrides → front-end → extract →
//! member overrides → enrich (paging, filters, tasks) → validate, over one or several documents
//! (one generation from each).

use crate::diag::Diagnostics;
use crate::doc;
use crate::extract::{self, Accounting, GenerationFacts, GENERATIONS};
use crate::overrides::{DocText, Overrides, OverridesError, Strictness};
use crate::spec::ApiSpec;
use crate::validate::validate;

/// What the parser made of the documentation.
#[derive(Debug, Clone)]
pub struct ParseOutcome {
    pub specs: Vec<ApiSpec>,
    pub diagnostics: Diagnostics,
    pub accounting: Accounting,
}

/// One documentation file and the generations to take from it.
#[derive(Debug, Clone)]
pub struct Source {
    /// How diagnostics name the file (a path relative to the repository where possible).
    pub path: String,
    pub text: String,
    /// The generations (`version`s: `2017-03-12`, `v2`) to take; empty takes every generation
    /// the document holds.
    pub take: Vec<String>,
    /// For a folder of Markdown pages: its page files, whose texts `text` joins one after the
    /// other ([`doc::markdown::join_pages`]). Empty for a text dump.
    pub files: Vec<doc::DocFile>,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>, take: &[&str]) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            take: take.iter().map(|s| s.to_string()).collect(),
            files: Vec::new(),
        }
    }

    /// A folder of Markdown pages (or one page) named `path`, its pages as
    /// [`doc::markdown::read_pages`] gives them.
    pub fn pages(
        path: impl Into<String>,
        pages: &[doc::markdown::PageFile],
        take: &[&str],
    ) -> Source {
        let (text, files) = doc::markdown::join_pages(pages);
        Source {
            files,
            ..Source::new(path, text, take)
        }
    }

    /// Reads a document from disk, shown as `shown` in diagnostics: a folder of Markdown pages
    /// or one `.md` page, else a text dump.
    pub fn read(
        path: &std::path::Path,
        shown: impl Into<String>,
        take: Vec<String>,
    ) -> std::io::Result<Source> {
        let shown = shown.into();
        let mut source = if path.is_dir() || doc::markdown::is_page(path) {
            let (text, files) = doc::markdown::join_pages(&doc::markdown::read_pages(path)?);
            Source {
                files,
                ..Source::new(shown, text, &[])
            }
        } else {
            Source::new(shown, std::fs::read_to_string(path)?, &[])
        };
        source.take = take;
        Ok(source)
    }

    /// Reads this source's (corrected) text with its front-end: the text dump, or the pages of
    /// a folder.
    pub fn parse(&self, text: &str, diags: &mut Diagnostics) -> doc::Document {
        if self.files.is_empty() {
            doc::text::parse(&self.path, text, diags)
        } else {
            doc::markdown::parse(&self.path, text, &self.files, diags)
        }
    }

    /// Names each finding on a page of this folder by the page file and its line.
    pub fn relocate(&self, diags: &mut Diagnostics) {
        if self.files.is_empty() {
            return;
        }
        diags.relocate(|line| {
            doc::locate(&self.files, line)
                .map(|(file, line)| (format!("{}/{file}", self.path.trim_end_matches('/')), line))
        });
    }
}

/// Parses one documentation file into the spec of every generation, applying the overrides
/// strictly. A generation the document lacks is an error.
pub fn parse_docs(file: &str, text: &str, overrides: &Overrides) -> ParseOutcome {
    let all: Vec<&str> = GENERATIONS.iter().map(|f| f.version).collect();
    parse_sources(
        &[Source::new(file, text, &all)],
        overrides,
        Strictness::Strict,
    )
}

/// Parses with the overrides given as TOML text.
pub fn parse_docs_with_overrides_text(
    file: &str,
    text: &str,
    overrides_toml: &str,
) -> Result<ParseOutcome, OverridesError> {
    let overrides = Overrides::parse(overrides_toml)?;
    Ok(parse_docs(file, text, &overrides))
}

/// Parses several documents, taking from each the generations it is asked for. A document
/// lacking a generation it is asked for, and a generation given by two documents, are errors
/// that name the documents.
pub fn parse_sources(
    sources: &[Source],
    overrides: &Overrides,
    strictness: Strictness,
) -> ParseOutcome {
    let mut diagnostics = Diagnostics::new("spec/overrides.toml");
    let vocabulary = overrides.vocabulary();
    let corrected = correct_texts(sources, overrides, strictness, &mut diagnostics);
    let mut specs = Vec::new();
    let mut accounting = Accounting::default();
    // Each document is read on its own core; results are taken in source order.
    let pairs: Vec<(&Source, &CorrectedText)> = sources.iter().zip(&corrected).collect();
    let read = on_a_thread_each(&pairs, |(source, text)| {
        let mut file_diags = Diagnostics::new(&source.path);
        let document = source.parse(&text.text, &mut file_diags);
        let wanted = |g| {
            text.taken
                .iter()
                .any(|v| v == GenerationFacts::of(g).version)
        };
        let extracted =
            extract::extract_generations(&document, &vocabulary, wanted, &mut file_diags);
        source.relocate(&mut file_diags);
        (extracted, file_diags)
    });
    for ((extracted, file_diags), text) in read.into_iter().zip(&corrected) {
        accounting.pseudo_rows += extracted.accounting.pseudo_rows;
        specs.extend(
            extracted
                .specs
                .into_iter()
                .filter(|s| text.taken.contains(&s.version)),
        );
        diagnostics.extend(file_diags);
    }
    specs.sort_by_key(|s| s.generation);
    specs.dedup_by_key(|s| s.generation);
    overrides.apply_members(&mut specs, strictness, &mut diagnostics);
    crate::enrich::enrich(&mut specs);
    for spec in &mut specs {
        let source = sources
            .iter()
            .zip(&corrected)
            .find(|(_, text)| text.taken.contains(&spec.version))
            .map(|(s, _)| s);
        let mut file_diags = Diagnostics::new(source.map(|s| s.path.as_str()).unwrap_or(""));
        validate(spec, &mut file_diags);
        if let Some(source) = source {
            source.relocate(&mut file_diags);
            if !source.files.is_empty() {
                spec.relocate(|line| {
                    doc::locate(&source.files, line).map(|(file, line)| (file.to_string(), line))
                });
            }
        }
        diagnostics.extend(file_diags);
    }
    ParseOutcome {
        specs,
        diagnostics,
        accounting,
    }
}

/// `work` on each item, each on a thread of its own (documents are few and large), results in
/// item order.
fn on_a_thread_each<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|item| {
                let work = &work;
                scope.spawn(move || work(item))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a document thread panicked"))
            .collect()
    })
}

/// A document with the reviewed textual fixes applied, and the generations taken from it.
#[derive(Debug, Clone)]
pub struct CorrectedText {
    pub text: String,
    pub taken: Vec<String>,
}

/// Applies the overrides' textual fixes to the documents (what the front-end then parses), and
/// decides which generations each gives; problems with either are reported.
pub fn correct_texts(
    sources: &[Source],
    overrides: &Overrides,
    strictness: Strictness,
    diags: &mut Diagnostics,
) -> Vec<CorrectedText> {
    // A first reading finds each document's pages and generations, which scope the fixes.
    // The documents are read on a core each.
    let page_indexes = on_a_thread_each(sources, |source| {
        let mut scratch = Diagnostics::new(&source.path);
        let document = source.parse(&source.text, &mut scratch);
        extract::page_index(&document)
    });
    let mut indexes = Vec::new();
    let mut taken: Vec<Vec<String>> = Vec::new();
    for (source, pages) in sources.iter().zip(page_indexes) {
        let held: Vec<String> = GENERATIONS
            .iter()
            .filter(|f| pages.iter().any(|p| p.generation == Some(f.generation)))
            .map(|f| f.version.to_string())
            .collect();
        let mut take = Vec::new();
        if source.take.is_empty() {
            take = held.clone();
        }
        for want in &source.take {
            let mut file_diags = Diagnostics::new(&source.path);
            if GenerationFacts::by_version(want).is_none() {
                file_diags.error(
                    0,
                    format!(
                        "unknown generation `{want}` asked of this document (known: {})",
                        GENERATIONS
                            .iter()
                            .map(|f| f.version)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            } else if !held.contains(want) {
                file_diags.error(
                    0,
                    format!(
                        "this document holds no API generation {want} (it holds: {})",
                        if held.is_empty() {
                            "none".to_string()
                        } else {
                            held.join(", ")
                        }
                    ),
                );
            } else {
                take.push(want.clone());
            }
            diags.extend(file_diags);
        }
        indexes.push(pages);
        taken.push(take);
    }
    for (i, source) in sources.iter().enumerate() {
        for version in &taken[i] {
            if let Some(j) = (0..i).find(|&j| taken[j].contains(version)) {
                let mut file_diags = Diagnostics::new(&source.path);
                file_diags.error(
                    0,
                    format!(
                        "API generation {version} is given by two documents: this one and {}",
                        sources[j].path
                    ),
                );
                diags.extend(file_diags);
            }
        }
    }

    let mut texts: Vec<DocText<'_>> = sources
        .iter()
        .zip(&indexes)
        .zip(&taken)
        .map(|((source, pages), take)| DocText {
            lines: source.text.split('\n').map(str::to_string).collect(),
            pages,
            taken: take,
        })
        .collect();
    overrides.apply_text(&mut texts, strictness, diags);

    texts
        .into_iter()
        .zip(taken.iter())
        .map(|(text, taken)| CorrectedText {
            text: text.lines.join("\n"),
            taken: taken.clone(),
        })
        .collect()
}

/// Renders a spec as the checked-in JSON: pretty-printed, stable, newline-terminated.
pub fn spec_json(spec: &ApiSpec) -> String {
    let mut s = serde_json::to_string_pretty(spec).expect("specs always serialize");
    s.push('\n');
    s
}
