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
//! Rust; with the `json` feature, [`Path::select`] and [`Path::for_each_leaf_mut`] walk it
//! through a JSON answer, the one reader of the metadata's waiters, the tool's `--query`
//! and the fake. Both parse it here.
//!
//! Walking JSON: `Name[]` steps into every item of a list (`null` holds none); a list at
//! the end of the path is the selected value, and its items are the path's leaves (the
//! values a waiter compares, as generated code iterates a list field). An absent field
//! selects nothing when [`Absent::Skip`], and is an error naming the step when
//! [`Absent::Fail`] (outside a list's items, which may lack a field).

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

/// What an absent field means to [`Path::select`].
#[cfg(feature = "json")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Absent {
    /// It selects nothing (waiters: an answer without the field has no state yet).
    Skip,
    /// It is an error naming the step (`--query`: the path names what is not there).
    Fail,
}

/// The values a path selects in a JSON answer.
#[cfg(feature = "json")]
#[derive(Debug, Clone, PartialEq)]
pub struct Selection<'a> {
    /// Each value the last step reached, in order.
    pub values: Vec<&'a serde_json::Value>,
    /// Whether a step went into a list, so that the path selects many values.
    pub many: bool,
}

#[cfg(feature = "json")]
impl<'a> Selection<'a> {
    /// The leaves: each selected value, a list's items in its place (what a waiter
    /// compares).
    pub fn leaves(&self) -> Vec<&'a serde_json::Value> {
        use serde_json::Value;
        let mut out = Vec::new();
        for value in &self.values {
            match value {
                Value::Array(items) => out.extend(items),
                Value::Null => {}
                other => out.push(other),
            }
        }
        out
    }
}

#[cfg(feature = "json")]
impl Path {
    /// What the path selects in `answer`. With [`Absent::Fail`], a field the answer does
    /// not have (outside a list's items) or `Name[]` on what is not a list is an error
    /// saying which step; with [`Absent::Skip`] both select nothing, and a list met
    /// without `[]` before the last step is stepped into.
    pub fn select<'a>(
        &self,
        answer: &'a serde_json::Value,
        absent: Absent,
    ) -> Result<Selection<'a>, String> {
        use serde_json::Value;
        let mut values = vec![answer];
        let mut many = false;
        let last = self.steps.len().saturating_sub(1);
        for (index, step) in self.steps.iter().enumerate() {
            let mut next = Vec::new();
            for value in values {
                match value.get(&step.field) {
                    Some(Value::Array(items))
                        if step.each || (index < last && absent == Absent::Skip) =>
                    {
                        next.extend(items);
                    }
                    Some(Value::Null) if step.each => {}
                    Some(_) if step.each && absent == Absent::Skip => {}
                    Some(_) if step.each => {
                        return Err(format!("`{}` is not a list", step.field));
                    }
                    Some(found) => next.push(found),
                    None if many || absent == Absent::Skip => {}
                    None => {
                        let known: Vec<&str> = value
                            .as_object()
                            .map(|map| map.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        return Err(format!(
                            "the answer has no `{}` here (it has: {})",
                            step.field,
                            known.join(", ")
                        ));
                    }
                }
            }
            many |= step.each;
            values = next;
        }
        Ok(Selection { values, many })
    }

    /// Calls `each` with every leaf the path reaches in `answer`, mutably, by the rules
    /// of [`Path::select`] with [`Absent::Skip`] (the fake writes the ids it makes there).
    pub fn for_each_leaf_mut(
        &self,
        answer: &mut serde_json::Value,
        each: &mut dyn FnMut(&mut serde_json::Value),
    ) {
        leaves_mut(answer, &self.steps, each);
    }
}

#[cfg(feature = "json")]
fn leaves_mut(
    value: &mut serde_json::Value,
    steps: &[Step],
    each: &mut dyn FnMut(&mut serde_json::Value),
) {
    use serde_json::Value;
    let Some((step, rest)) = steps.split_first() else {
        match value {
            Value::Array(items) => items.iter_mut().for_each(&mut *each),
            Value::Null => {}
            other => each(other),
        }
        return;
    };
    match value.get_mut(&step.field) {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) if !rest.is_empty() => {
            for item in items {
                leaves_mut(item, rest, each);
            }
        }
        Some(found) if step.each && !found.is_array() => {}
        Some(found) => leaves_mut(found, rest, each),
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

    #[cfg(feature = "json")]
    #[test]
    fn one_reader_walks_json_answers() {
        let answer = serde_json::json!({
            "TotalCount": 2,
            "UHostIds": ["a", "b"],
            "UHostSet": [
                {"State": "Running", "Disks": [{"Size": 1}, {"Size": 2}]},
                {"State": "Stopped"},
                {"Other": 1}
            ],
            "Empty": null,
            "One": {"State": "Running"}
        });
        let path = |text: &str| Path::parse(text).unwrap_or_else(|e| panic!("{e}"));
        let skip = |text: &str| {
            path(text)
                .select(&answer, Absent::Skip)
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let fail = |text: &str| path(text).select(&answer, Absent::Fail);
        // `[]` steps into items; an item without the field is left out, in both modes.
        let states = skip("UHostSet[].State");
        assert!(states.many);
        assert_eq!(
            states.leaves(),
            [
                &answer["UHostSet"][0]["State"],
                &answer["UHostSet"][1]["State"]
            ]
        );
        assert_eq!(fail("UHostSet[].State").map(|s| s.values.len()), Ok(2));
        // Two levels of lists.
        assert_eq!(skip("UHostSet[].Disks[].Size").leaves().len(), 2);
        // A list at the end is one value; its items are the leaves.
        let ids = skip("UHostIds");
        assert!(!ids.many);
        assert_eq!(ids.values, [&answer["UHostIds"]]);
        assert_eq!(ids.leaves().len(), 2);
        // `null` and absent fields select nothing when skipping…
        assert!(skip("Empty[]").values.is_empty());
        assert!(skip("Nothing.State").values.is_empty());
        // …and `[]` on what is not a list is nothing, or an error naming the step.
        assert!(skip("One[].State").values.is_empty());
        assert_eq!(fail("One[].State"), Err("`One` is not a list".to_owned()));
        let missing = fail("Nothing").expect_err("absent");
        assert!(
            missing.starts_with("the answer has no `Nothing` here (it has: "),
            "{missing}"
        );
        // Skipping, a list met without `[]` before the last step is stepped into.
        assert_eq!(skip("UHostSet.State").leaves().len(), 2);
        // The mutable walk reaches the same leaves.
        let mut copy = answer.clone();
        let mut seen = Vec::new();
        path("UHostSet[].State").for_each_leaf_mut(&mut copy, &mut |value| {
            seen.push(value.clone());
            *value = serde_json::json!("X");
        });
        assert_eq!(
            seen,
            [serde_json::json!("Running"), serde_json::json!("Stopped")]
        );
        assert_eq!(copy["UHostSet"][1]["State"], "X");
        let mut count = 0;
        path("UHostIds").for_each_leaf_mut(&mut copy, &mut |_| count += 1);
        assert_eq!(count, 2);
    }
}
