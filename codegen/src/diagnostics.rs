//! Located diagnostics: collected as they are found, reported all at once.
//!
//! The collector follows serde's `Ctxt`: every check pushes into one [`Diagnostics`],
//! and [`Diagnostics::finish`] turns it into a result. Dropping a collector that still
//! holds errors without finishing it is a bug in the generator, caught by a debug
//! assertion, so no check's findings can be forgotten.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// A position in a spec file: 1-based line and column plus the byte range of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Span {
    /// 1-based line; 0 when the position is unknown.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// Byte offset of the token's start.
    #[serde(skip)]
    pub byte_offset: usize,
    /// Byte length of the token, 0 when unknown.
    #[serde(skip)]
    pub byte_len: usize,
}

impl Span {
    /// Converts a YAML library location.
    pub(crate) fn from_location(location: serde_saphyr::Location) -> Span {
        let span = location.span();
        Span {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            byte_offset: span
                .byte_offset()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0),
            byte_len: span
                .byte_len()
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0),
        }
    }

    /// A span known only by line and column (used for errors of the YAML parser).
    pub(crate) fn at(source: &str, line: u32, column: u32) -> Span {
        let line_start: usize = source
            .split_inclusive('\n')
            .take(line.saturating_sub(1) as usize)
            .map(str::len)
            .sum();
        let column_bytes: usize = source
            .get(line_start..)
            .unwrap_or("")
            .chars()
            .take(column.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum();
        Span {
            line,
            column,
            byte_offset: line_start + column_bytes,
            byte_len: 0,
        }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The spec cannot be generated from.
    Error,
    /// The spec works, but probably not as intended.
    Warning,
}

/// One finding, pointing at the spec text that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file, as given to the loader.
    pub file: String,
    /// Where in the file.
    #[serde(flatten)]
    pub span: Span,
    /// The broken rule, phrased as a sentence fragment.
    pub message: String,
    /// Extra help: the expected values, a "did you mean".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// `file:line:column: severity: message`, one line, for logs and build scripts.
    pub fn headline(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut line = format!(
            "{}:{}:{}: {severity}: {}",
            self.file, self.span.line, self.span.column, self.message
        );
        if let Some(help) = &self.help {
            let _ = write!(line, " ({help})");
        }
        line
    }
}

/// The collector every check pushes into.
#[derive(Debug)]
pub struct Diagnostics {
    file: String,
    found: Vec<Diagnostic>,
    finished: bool,
}

impl Diagnostics {
    /// A collector for one spec file.
    pub fn new(file: impl Into<String>) -> Diagnostics {
        Diagnostics {
            file: file.into(),
            found: Vec::new(),
            finished: false,
        }
    }

    /// Records an error at `span`.
    pub fn error(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, span, message.into())
    }

    /// Records a warning at `span`.
    pub fn warning(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, span, message.into())
    }

    fn push(&mut self, severity: Severity, span: Span, message: String) -> &mut Diagnostic {
        self.found.push(Diagnostic {
            severity,
            file: self.file.clone(),
            span,
            message,
            help: None,
        });
        // Invariant: an element was pushed on the line above.
        self.found.last_mut().expect("just pushed")
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.found.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends collection: every diagnostic, sorted by position.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        self.finished = true;
        let mut found = std::mem::take(&mut self.found);
        found.sort_by(|a, b| {
            (a.span.line, a.span.column, a.severity).cmp(&(b.span.line, b.span.column, b.severity))
        });
        found
    }
}

impl Drop for Diagnostics {
    fn drop(&mut self) {
        if !self.finished && !std::thread::panicking() {
            debug_assert!(
                self.found.is_empty(),
                "diagnostics were collected and then dropped unreported: {:?}",
                self.found
            );
        }
    }
}

impl Diagnostic {
    /// Adds a help text.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// Renders diagnostics with source snippets, as rustc does; `source` is the file's text.
pub fn render(diagnostics: &[Diagnostic], source: &str, styled: bool) -> String {
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let range = token_range(source, diagnostic.span);
        let mut report = vec![
            level.primary_title(diagnostic.message.as_str()).element(
                Snippet::source(source)
                    .path(diagnostic.file.as_str())
                    .annotation(AnnotationKind::Primary.span(range)),
            ),
        ];
        if let Some(help) = &diagnostic.help {
            report.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        let _ = writeln!(out, "{}\n", renderer.render(&report));
    }
    out
}

/// The byte range to underline: the token at the span, up to the end of the word.
fn token_range(source: &str, span: Span) -> std::ops::Range<usize> {
    let start = span.byte_offset.min(source.len());
    if span.byte_len > 0 {
        return start..(start + span.byte_len).min(source.len());
    }
    let rest = source.get(start..).unwrap_or("");
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ',' || c == '}' || c == ']')
        .unwrap_or(rest.len());
    start..start + len.max(usize::from(!rest.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_at_counts_lines_and_characters() {
        let source = "a: 1\nbé: x\n";
        for (line, column, offset) in [(1, 1, 0), (1, 4, 3), (2, 1, 5), (2, 5, 10)] {
            assert_eq!(
                Span::at(source, line, column).byte_offset,
                offset,
                "{line}:{column}"
            );
        }
    }

    #[test]
    fn token_range_stops_at_word_end() {
        let source = "type: strnig\n";
        let span = Span {
            line: 1,
            column: 7,
            byte_offset: 6,
            byte_len: 0,
        };
        assert_eq!(token_range(source, span), 6..12);
    }

    #[test]
    fn headline_is_file_line_column() {
        let mut diagnostics = Diagnostics::new("spec/x.yaml");
        diagnostics
            .error(Span::at("a\nbb", 2, 2), "bad thing")
            .help("try good thing");
        let found = diagnostics.finish();
        assert_eq!(
            found[0].headline(),
            "spec/x.yaml:2:2: error: bad thing (try good thing)"
        );
    }
}
