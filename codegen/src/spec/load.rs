//! YAML text to [`SpecFile`], through serde. The only file that names the YAML library.
//!
//! serde-saphyr was chosen over the deprecated serde_yaml and its forks because it
//! reports a location for every syntax and type error, offers `Spanned` values so the
//! validator can point at a field, and bounds hostile input (alias bombs, deep nesting)
//! with a budget instead of exhausting memory. ARCHITECTURE.md has the full comparison.

use serde_saphyr::Error as YamlError;
use serde_saphyr::options::DuplicateKeyPolicy;

use super::model::SpecFile;
use crate::diagnostics::{Diagnostics, Span};

/// How many shape mistakes one parse reports before it stops looking.
const MAX_SHAPE_ERRORS: usize = 64;

/// Parses spec text, recording every shape mistake (an unknown key, a value of the wrong
/// type) with its location, and returns the document read without them, so that the
/// validator can report the semantic mistakes of the same file in the same run. Returns
/// `None` when the text cannot be read as a spec at all (YAML syntax, an empty file, a
/// missing key), after recording why.
///
/// serde stops at the first error it meets. Each mistake it reports is recorded, then
/// the entry holding it is blanked out (overwritten with spaces, so every other byte
/// keeps its line and column) and the text is read again.
pub(super) fn parse_document(source: &str, diagnostics: &mut Diagnostics) -> Option<SpecFile> {
    let mut text = source.to_owned();
    let mut seen: Vec<(u32, u32)> = Vec::new();
    loop {
        match parse_once(&text) {
            Ok(Some(document)) => return Some(document),
            Ok(None) => {
                diagnostics
                    .error(Span::at(source, 1, 1), "the spec file is empty")
                    .help("a spec starts with a `service:` section");
                return None;
            }
            Err(error) => {
                let (line, column) = error
                    .location()
                    .filter(|location| location.line() > 0)
                    .map_or((1, 1), |location| {
                        (
                            u32::try_from(location.line()).unwrap_or(u32::MAX),
                            u32::try_from(location.column()).unwrap_or(u32::MAX),
                        )
                    });
                let (message, help) = describe(&error);
                let shape = Shape::of(&error);
                if seen.contains(&(line, column)) {
                    // The entry was blanked and serde still stops here: nothing more to learn.
                    return None;
                }
                seen.push((line, column));
                let diagnostic = diagnostics.error(Span::at(source, line, column), message);
                if let Some(help) = help {
                    diagnostic.help(help);
                }
                // A missing key is a mistake of the mapping that lacks it: that whole
                // entry goes.
                let blank = match shape {
                    Shape::Missing => blank_parent_entry,
                    Shape::Unknown | Shape::Invalid => blank_entry,
                    Shape::Other => return None,
                };
                if seen.len() >= MAX_SHAPE_ERRORS || !blank(&mut text, line, column) {
                    return None;
                }
            }
        }
    }
}

/// What a parse error says about the document's shape, from the error's kind (never
/// from its wording, which the library may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A mapping lacks a required key: the mapping's entry goes.
    Missing,
    /// A key the format does not have: that entry goes.
    Unknown,
    /// A value of the wrong type or form: that entry goes.
    Invalid,
    /// Not a mistake of one entry (YAML syntax, a budget, several documents): reading
    /// stops.
    Other,
}

impl Shape {
    fn of(error: &YamlError) -> Shape {
        match innermost(error) {
            YamlError::SerdeMissingField { .. } => Shape::Missing,
            YamlError::SerdeUnknownField { .. } => Shape::Unknown,
            YamlError::SerdeInvalidType { .. }
            | YamlError::SerdeInvalidValue { .. }
            | YamlError::SerdeInvalidLength { .. }
            | YamlError::InvalidScalar { .. }
            | YamlError::InvalidBooleanStrict { .. }
            | YamlError::InvalidCharNull { .. }
            | YamlError::InvalidCharNotSingleScalar { .. } => Shape::Invalid,
            _ => Shape::Other,
        }
    }
}

/// The error itself, out of the wrappers that add a snippet or an alias's locations.
fn innermost(mut error: &YamlError) -> &YamlError {
    while let YamlError::WithSnippet { error: inner, .. }
    | YamlError::AliasError { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

fn parse_once(text: &str) -> Result<Option<SpecFile>, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        // Repeated keys reach our `Entries` visitor, so the validator reports them with
        // everything else; derived structs still reject a repeated field themselves.
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<Option<SpecFile>>(text, options)
}

/// Overwrites with spaces the mapping entry (`key: value`) that holds the position
/// `line:column` (1-based): in a flow mapping (`{type: string, requird: true}`) the entry
/// and one comma next to it; in a block mapping the key's line and every more indented
/// line after it. Newlines stay, so no other byte moves. `false` when the position is not
/// inside an entry this can find.
fn blank_entry(text: &mut String, line: u32, column: u32) -> bool {
    blank(text, line, column, false)
}

/// [`blank_entry`], or with `block_only` the block entry whose key starts the line even
/// when the line holds a flow mapping.
fn blank(text: &mut String, line: u32, column: u32, block_only: bool) -> bool {
    let Some(index) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)) else {
        return false;
    };
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let (Some(&start), end) = (
        starts.get(index),
        starts.get(index + 1).map_or(text.len(), |e| e - 1),
    ) else {
        return false;
    };
    let Some(line_text) = text.get(start..end) else {
        return false;
    };
    let bytes = line_text.as_bytes();
    let at = byte_at(line_text, column);
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    match flow_entry(bytes, at).filter(|_| !block_only) {
        Some(entry) => ranges.push(start + entry.start..start + entry.end),
        None => {
            let indent = bytes.iter().take_while(|b| **b == b' ').count();
            if !line_text
                .get(indent..)
                .is_some_and(|rest| rest.contains(':'))
            {
                return false;
            }
            ranges.push(start..end);
            for (next, &next_start) in starts.iter().enumerate().skip(index + 1) {
                let next_end = starts.get(next + 1).map_or(text.len(), |e| e - 1);
                let next_line = text.get(next_start..next_end).unwrap_or_default();
                let next_indent = next_line.bytes().take_while(|b| *b == b' ').count();
                if !next_line.trim().is_empty() && next_indent <= indent {
                    break;
                }
                ranges.push(next_start..next_end);
            }
        }
    }
    let mut blanked = std::mem::take(text).into_bytes();
    for range in ranges {
        for byte in blanked.get_mut(range).unwrap_or_default() {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    }
    // Only whole characters and ASCII were overwritten with ASCII spaces.
    *text = String::from_utf8(blanked).unwrap_or_default();
    true
}

/// Overwrites the entry whose mapping holds `line:column`: the key of that line when the
/// position is inside a flow mapping on it (`Limit: {required: true}`), else the nearest
/// line above that is less indented (`Zone:` above its `description: z`). `false` at the
/// top level, where no entry holds the mapping.
fn blank_parent_entry(text: &mut String, line: u32, column: u32) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(index) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)) else {
        return false;
    };
    let Some(line_text) = lines.get(index) else {
        return false;
    };
    let indent = |l: &str| l.bytes().take_while(|b| *b == b' ').count();
    let at = byte_at(line_text, column);
    let parent = if flow_entry(line_text.as_bytes(), at).is_some() {
        Some(index)
    } else {
        let own = indent(line_text);
        (0..index).rev().find(|&i| {
            lines.get(i).is_some_and(|l| {
                !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) < own
            })
        })
    };
    let Some(parent) = parent else { return false };
    let parent_indent = lines.get(parent).map_or(0, |l| indent(l));
    if parent_indent == 0 {
        // A top-level section (`service:`): without it there is nothing to read on.
        return false;
    }
    let column = u32::try_from(parent_indent + 1).unwrap_or(u32::MAX);
    let line = u32::try_from(parent + 1).unwrap_or(u32::MAX);
    blank(text, line, column, true)
}

/// The byte offset in `line` of the 1-based character column `column` (the line's end
/// when it is shorter).
fn byte_at(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth(
            usize::try_from(column)
                .unwrap_or(usize::MAX)
                .saturating_sub(1),
        )
        .map_or(line.len(), |(i, _)| i)
}

/// The byte range, within one line, of the flow-mapping entry around `at`, with one of
/// the commas that separate it from its neighbours; `None` when `at` is not inside
/// `{…}` on this line.
fn flow_entry(line: &[u8], at: usize) -> Option<std::ops::Range<usize>> {
    // Where each entry of the innermost open `{` around `at` starts.
    let mut depth = 0usize;
    let mut entry_start = None;
    let mut quote = None;
    for (i, &byte) in line.iter().enumerate().take(at) {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'{' | b'[') => {
                depth += 1;
                entry_start = Some(i + 1);
            }
            (None, b'}' | b']') => depth = depth.saturating_sub(1),
            (None, b',') => entry_start = Some(i + 1),
            _ => {}
        }
    }
    let start = entry_start.filter(|_| depth > 0)?;
    let mut nested = 0usize;
    let mut end = line.len();
    let mut quote = None;
    for (i, &byte) in line.iter().enumerate().skip(at) {
        match (quote, byte) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'{' | b'[') => nested += 1,
            (None, b'}' | b']') if nested > 0 => nested -= 1,
            (None, b'}' | b']' | b',') if nested == 0 => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    // Take the comma after the entry, or else the one before it.
    if line.get(end) == Some(&b',') {
        return Some(start..end + 1);
    }
    let before = start.checked_sub(1).filter(|&c| line.get(c) == Some(&b','));
    Some(before.unwrap_or(start)..end)
}

/// The library's message without its location, and help from the error's kind: the
/// closest known key for an unknown one, the spelling of a boolean.
fn describe(error: &YamlError) -> (String, Option<String>) {
    // The text is only shown: its first line, without the location the diagnostic
    // gives in its own form.
    let full = error.to_string();
    let message = full.lines().next().unwrap_or("invalid YAML");
    let message = message
        .rfind(" at line ")
        .and_then(|cut| message.get(..cut))
        .unwrap_or(message)
        .to_owned();
    let help = match innermost(error) {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => sigcal_protocol::suggest::closest(field, expected.iter().copied())
            .map(|best| format!("did you mean `{best}`?")),
        YamlError::InvalidBooleanStrict { .. } => Some("write `true` or `false`".to_owned()),
        YamlError::InvalidScalar { ty: "boolean", .. } => {
            Some("write `true` or `false`".to_owned())
        }
        _ => None,
    };
    (message, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanking_keeps_every_other_byte_in_place() {
        let cases = [
            (
                "a:\n  Zone: {type: string, requird: true}\n  b: 1\n",
                2,
                25,
                "a:\n  Zone: {type: string               }\n  b: 1\n",
            ),
            (
                "a:\n  Zone: {requird: true, type: string}\n",
                2,
                10,
                "a:\n  Zone: {               type: string}\n",
            ),
            (
                "a:\n  Zone:\n    type: string\n    requird: |\n      x\n      y\n    description: d\n",
                4,
                5,
                "a:\n  Zone:\n    type: string\n              \n       \n       \n    description: d\n",
            ),
        ];
        for (before, line, column, after) in cases {
            let mut text = before.to_owned();
            assert!(blank_entry(&mut text, line, column), "{before}");
            assert_eq!(text, after);
            assert_eq!(text.len(), before.len());
        }
        let mut text = "just text\n".to_owned();
        assert!(!blank_entry(&mut text, 1, 1));
    }

    /// The kind of each mistake comes from the error's variant: a missing key, an
    /// unknown key (with the closest known one as help), a wrong value (with a boolean's
    /// spelling), and YAML that is not one entry's mistake.
    #[test]
    fn mistakes_are_classified_by_kind() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code, reason = "only read by serde")]
        struct Entry {
            required: bool,
            count: Option<u32>,
        }
        let cases = [
            ("count: 1\n", Shape::Missing, None),
            (
                "required: true\nrequird: true\n",
                Shape::Unknown,
                Some("did you mean `required`?"),
            ),
            ("required: true\nzzzzzz: 1\n", Shape::Unknown, None),
            (
                "required: maybe\n",
                Shape::Invalid,
                Some("write `true` or `false`"),
            ),
            ("required: true\ncount: x\n", Shape::Invalid, None),
            ("required: [true\n", Shape::Other, None),
        ];
        for (text, shape, help) in cases {
            let error = serde_saphyr::from_str::<Entry>(text).unwrap_err();
            assert_eq!(Shape::of(&error), shape, "{text:?}: {error}");
            assert_eq!(describe(&error).1.as_deref(), help, "{text:?}: {error}");
        }
    }
}
