//! A place in an answer: field names by wire name, separated by `.`, where `Name[]`
//! steps into every item of a list.
//!
//! | path | selects |
//! |---|---|
//! | `TotalCount` | the answer's `TotalCount` |
//! | `UHostSet[].State` | the `State` of every item of `UHostSet` |
//! | `DataSet[].Disks[].Status` | the `Status` of every disk of every item |
//! | `UHostSet[]` | every item of `UHostSet` (for "empty" and "not empty") |
//!
//! The generator resolves a path against an action's response types and compiles it to
//! Rust; the tool walks it through a JSON answer. Both parse it here.

use std::fmt;

/// A parsed path: one step per field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    steps: Vec<Step>,
}

/// One step: a field by its wire name, and whether it is a list to step into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field's wire name (`UHostSet`).
    pub field: String,
    /// Whether the step is `Field[]`: every item of the list.
    pub each: bool,
    /// Where the step's name starts in the path text, in bytes.
    pub offset: usize,
}

/// Why a text is not a path, and where (a byte offset into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes from the start of the text.
    pub offset: usize,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for PathError {}

impl Path {
    /// Parses `text`: `Name` or `Name[]` steps separated by `.`, each name an ASCII
    /// letter or `_` followed by letters, digits or `_`.
    pub fn parse(text: &str) -> Result<Path, PathError> {
        let error = |offset: usize, message: String| PathError { message, offset };
        if text.trim().is_empty() {
            return Err(error(0, "a path names at least one field".into()));
        }
        let mut steps = Vec::new();
        let mut offset = 0;
        for part in text.split('.') {
            let (field, each) = match part.strip_suffix("[]") {
                Some(field) => (field, true),
                None => (part, false),
            };
            if field.is_empty() {
                return Err(error(offset, format!("empty step in `{text}`")));
            }
            if let Some((at, c)) = field.char_indices().find(|&(i, c)| {
                !(c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()))
            }) {
                let what = if c == '[' || c == ']' {
                    "`[]` closes a step (`Name[]`)".to_owned()
                } else {
                    format!("`{c}` cannot be in a field name")
                };
                return Err(error(offset + at, format!("{what} in `{text}`")));
            }
            steps.push(Step {
                field: field.to_owned(),
                each,
                offset,
            });
            offset += part.len() + 1;
        }
        Ok(Path { steps })
    }

    /// The steps, first to last.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Whether any step goes into a list, so that the path selects many values.
    pub fn selects_many(&self) -> bool {
        self.steps.iter().any(|step| step.each)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(&step.field)?;
            if step.each {
                f.write_str("[]")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_print_back() {
        for text in [
            "TotalCount",
            "UHostSet[].State",
            "DataSet[].Disks[].Status",
            "UHostSet[]",
            "a_1.B2",
        ] {
            assert_eq!(
                Path::parse(text).map(|p| p.to_string()),
                Ok(text.to_owned())
            );
        }
        let path = Path::parse("UHostSet[].State").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            path.steps(),
            [
                Step {
                    field: "UHostSet".into(),
                    each: true,
                    offset: 0
                },
                Step {
                    field: "State".into(),
                    each: false,
                    offset: 11
                },
            ]
        );
        assert!(path.selects_many());
        assert!(!Path::parse("TotalCount").is_ok_and(|p| p.selects_many()));
    }

    #[test]
    fn bad_paths_say_where() {
        for (text, offset, message) in [
            ("", 0, "at least one field"),
            ("UHostSet..State", 9, "empty step"),
            ("UHostSet.", 9, "empty step"),
            ("UHostSet[0].State", 8, "`[]` closes a step"),
            ("UHost Set", 5, "` ` cannot be in a field name"),
            ("1Set", 0, "`1` cannot be in a field name"),
            ("Set[].Sta-te", 9, "`-` cannot be in a field name"),
        ] {
            let error = Path::parse(text)
                .err()
                .unwrap_or_else(|| panic!("{text} parsed"));
            assert_eq!(error.offset, offset, "{text}: {error}");
            assert!(error.message.contains(message), "{text}: {error}");
        }
    }
}
