//! YAML text to [`SpecFile`], through serde. The only file that names the YAML library.
//!
//! serde-saphyr was chosen over the deprecated serde_yaml and its forks because it
//! reports a location for every syntax and type error, offers `Spanned` values so the
//! validator can point at a field, and bounds hostile input (alias bombs, deep nesting)
//! with a budget instead of exhausting memory. ARCHITECTURE.md has the full comparison.

use serde_saphyr::options::DuplicateKeyPolicy;

use super::model::SpecFile;
use crate::diagnostics::{Diagnostics, Span};

/// Parses spec text; on failure records one located error and returns `None`.
///
/// serde stops at the first error it meets, so a syntax or shape error is reported on
/// its own; every later rule is checked by the validator, which reports all it finds.
pub(super) fn parse_document(source: &str, diagnostics: &mut Diagnostics) -> Option<SpecFile> {
    let options = serde_saphyr::options! {
        // Repeated keys reach our `Entries` visitor, so the validator reports them with
        // everything else; derived structs still reject a repeated field themselves.
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
    };
    match serde_saphyr::from_str_with_options::<Option<SpecFile>>(source, options) {
        Ok(Some(document)) => Some(document),
        Ok(None) => {
            diagnostics
                .error(Span::at(source, 1, 1), "the spec file is empty")
                .help("a spec starts with a `service:` section");
            None
        }
        Err(error) => {
            let span = error
                .location()
                .filter(|location| location.line() > 0)
                // Parser errors carry line and column but not always a byte offset.
                .map(|location| {
                    let line = u32::try_from(location.line()).unwrap_or(u32::MAX);
                    let column = u32::try_from(location.column()).unwrap_or(u32::MAX);
                    Span::at(source, line, column)
                })
                .unwrap_or_else(|| Span::at(source, 1, 1));
            let (message, help) = describe(&error);
            let diagnostic = diagnostics.error(span, message);
            if let Some(help) = help {
                diagnostic.help(help);
            }
            None
        }
    }
}

/// The library's message without its location suffix, and a "did you mean" for an
/// unknown key.
fn describe(error: &serde_saphyr::Error) -> (String, Option<String>) {
    let full = error.to_string();
    let message = full.lines().next().unwrap_or("invalid YAML").to_owned();
    let message = match message.rfind(" at line ") {
        Some(cut) => message.get(..cut).unwrap_or(&message).to_owned(),
        None => message,
    };
    let help = unknown_field_help(&message).or_else(|| {
        message
            .contains("invalid boolean")
            .then(|| "write `true` or `false`".to_owned())
    });
    (message, help)
}

/// serde phrases an unknown key as ``unknown field `x`, expected one of a, b``; this
/// turns the closest expected key into a suggestion.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = match rest.split_once("expected one of ") {
        Some((_, list)) => list,
        None => rest.split_once("expected ").map_or(rest, |(_, one)| one),
    };
    let candidates: Vec<&str> = expected
        .split(", ")
        .map(|c| c.trim().trim_matches('`'))
        .collect();
    let best = crate::suggest::closest(unknown, candidates.iter().copied())?;
    Some(format!("did you mean `{best}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_gets_a_suggestion() {
        let cases = [
            (
                "unknown field `requird`, expected one of type, required",
                Some("did you mean `required`?"),
            ),
            (
                "unknown field `requird`, expected one of `type`, `required`",
                Some("did you mean `required`?"),
            ),
            (
                "unknown field `servce`, expected `service`",
                Some("did you mean `service`?"),
            ),
            (
                "unknown field `zzz`, expected one of `type`, `required`",
                None,
            ),
            ("invalid type: string", None),
        ];
        for (message, expected) in cases {
            assert_eq!(
                unknown_field_help(message).as_deref(),
                expected,
                "{message}"
            );
        }
    }
}
