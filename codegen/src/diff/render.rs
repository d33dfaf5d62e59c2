//! Writing the changes out: one line each, a CHANGELOG section, or JSON.

use std::fmt::{self, Write as _};

use serde::Serialize;

use super::{Bump, Change, RustImpact, WireImpact, required_bump};

impl fmt::Display for RustImpact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            RustImpact::Breaking => "breaking",
            RustImpact::Additive => "additive",
            RustImpact::None => "none",
        })
    }
}

impl fmt::Display for WireImpact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            WireImpact::Breaking => "breaking",
            WireImpact::Compatible => "compatible",
        })
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// One line per change (`major  rust breaking  wire breaking  UPHost: action X, parameter
/// Y: parameter made required …`) and a last line with the bump.
pub fn render_text(changes: &[Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let _ = write!(
            out,
            "{:<5}  rust {:<8}  wire {:<10}  {}: {}: {}",
            c.semver, c.rust, c.wire, c.service, c.item, c.change
        );
        if let Some(hint) = &c.hint {
            let _ = write!(out, " (hint: {hint})");
        }
        out.push('\n');
    }
    let breaking = changes.iter().filter(|c| c.is_breaking()).count();
    let _ = writeln!(
        out,
        "{} change(s), {breaking} breaking; the generated client needs a {} version bump",
        changes.len(),
        required_bump(changes)
    );
    out
}

/// A CHANGELOG section: breaking changes, additions, other changes, each a list.
pub fn render_markdown(changes: &[Change]) -> String {
    let mut out = format!(
        "## Spec changes ({} version bump)\n",
        required_bump(changes)
    );
    let sections: [(&str, Bump); 3] = [
        ("Breaking", Bump::Major),
        ("Added", Bump::Minor),
        ("Other", Bump::Patch),
    ];
    for (title, level) in sections {
        let listed: Vec<&Change> = changes.iter().filter(|c| c.semver == level).collect();
        if listed.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for c in listed {
            let _ = write!(out, "- **{}** {}: {}", c.service, c.item, c.change);
            let _ = write!(out, " (Rust: {}, wire: {})", c.rust, c.wire);
            if let Some(hint) = &c.hint {
                let _ = write!(out, " — {hint}");
            }
            out.push('\n');
        }
    }
    if changes.is_empty() {
        out.push_str("\nNo changes.\n");
    }
    out
}

/// `{"semver": "major", "breaking": 2, "changes": [...]}`, pretty-printed.
pub fn render_json(changes: &[Change]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        semver: Bump,
        breaking: usize,
        changes: &'a [Change],
    }
    let report = Report {
        semver: required_bump(changes),
        breaking: changes.iter().filter(|c| c.is_breaking()).count(),
        changes,
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
