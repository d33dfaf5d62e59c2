//! Why each disagreement remains: the rule of spec/README.md ("Reconciling with the
//! SDKs") that keeps it, or the decision in `spec/` that does.

use super::compare::{
    Comparison, Difference, Disagreement, Kind, Side, SpecService, wire_action, wire_field,
};
use super::sdk::{SdkField, SdkSchema};
use crate::spec::model::{Action, Field};

/// Gives each disagreement of `comparison` its reason.
pub fn explain(comparison: &mut Comparison, specs: &[SpecService<'_>], schemas: &[SdkSchema]) {
    for d in &mut comparison.disagreements {
        let Some(spec) = specs
            .iter()
            .find(|s| s.document.service.name.value == d.service)
        else {
            continue;
        };
        let Some(action) = spec.document.actions.get(&d.action) else {
            continue;
        };
        d.reason = reason(d, spec, &action.value, &comparison.sdk, schemas);
    }
}

/// The rule (spec/README.md, "Reconciling with the SDKs") or decision that keeps `d`.
fn reason(
    d: &Disagreement,
    spec: &SpecService<'_>,
    action: &Action,
    this: &str,
    schemas: &[SdkSchema],
) -> String {
    let fields = match d.side {
        Side::Request => &action.request,
        Side::Response => &action.response,
    };
    let wire = |f: &crate::spec::model::Entry<Field>| wire_field(&f.name.value, &f.value);
    let own = fields.iter().find(|f| wire(f) == d.field);
    if let Some(corrected) = own.and_then(|f| f.value.corrected.as_ref()) {
        return format!("decided in `spec/`: {}", corrected.value);
    }
    let others: Vec<(String, SdkField)> =
        crate::import::decide::views(schemas, &spec.module, &wire_action(&d.action, action))
            .iter()
            .filter(|v| v.sdk.label() != this)
            .filter_map(|v| {
                Some((
                    v.sdk.label(),
                    v.fields(d.side).find(|f| f.name == d.field)?.clone(),
                ))
            })
            .collect();
    let is_model = |name: &str| spec.document.models.get(name).is_some();
    if action.from_sdk.is_some() {
        // No page: the action is the SDKs' (rule 9).
        return match &d.difference {
            Difference::Extra => {
                format!("no page; from the other SDK, {this} lacks it: kept (rule 9)")
            }
            Difference::Type { .. } | Difference::Required { .. } => format!(
                "no page; the SDKs disagree, and the first one's ({}) is taken (rule 9)",
                others.first().map_or(this, |(label, _)| label.as_str())
            ),
            Difference::Missing {
                deprecated: true, ..
            } => format!("deprecated in {this}: left out (rule 3)"),
            _ => String::new(),
        };
    }
    match &d.difference {
        Difference::Missing {
            deprecated: true, ..
        } => format!("deprecated in {this}: left out (rule 3)"),
        Difference::Missing { .. } => match fields.iter().find(|f| f.name.value == d.field) {
            Some(page) => format!(
                "`spec/` sends the page's `{}` as `{}`, the other SDK's spelling (a decision in `spec/`)",
                d.field,
                wire(page)
            ),
            None => String::new(),
        },
        Difference::Extra => format!("documented by the page, not in {this}: kept (rule 1)"),
        Difference::Spelling { spec: spelling } => {
            let shown = action
                .examples
                .as_ref()
                .is_some_and(|examples| match d.side {
                    Side::Request => examples
                        .request
                        .as_deref()
                        .is_some_and(|t| t.contains(&format!("{spelling}="))),
                    Side::Response => examples
                        .response
                        .as_ref()
                        .is_some_and(|t| t.value.contains(&format!("\"{spelling}\""))),
                });
            if shown {
                format!("the page's example spells it `{spelling}`: kept (rule 6)")
            } else {
                format!("spelled `{spelling}` on the page: kept (rule 6)")
            }
        }
        Difference::Type { spec: ty, sdk } => {
            let kind = Kind::of(ty, &is_model);
            let example =
                crate::import::decide::example_kind(action.examples.as_ref(), d.side, &d.field)
                    .or_else(|| {
                        own.and_then(|f| f.value.default.as_ref())
                            .map(|d| crate::import::decide::scalar_kind(&d.value))
                    });
            if example.is_some_and(|e| crate::import::decide::fits(&e, &kind)) {
                format!("the page's example or default shows `{kind}`: kept (rule 4)")
            } else if let Some((other, field)) = others
                .iter()
                .find(|(_, f)| Kind::of(&f.ty, &|_| true) != Kind::of(sdk, &|_| true))
            {
                format!(
                    "the SDKs disagree ({other} has `{}`): the page is kept (rule 4)",
                    field.ty
                )
            } else {
                String::new()
            }
        }
        Difference::Required { spec: required } => {
            let lacking = crate::import::decide::views(
                schemas,
                &spec.module,
                &wire_action(&d.action, action),
            )
            .iter()
            .find(|v| v.fields(d.side).all(|f| f.name != d.field))
            .map(|v| v.sdk.label());
            match (
                others.iter().find(|(_, f)| f.required == *required),
                lacking,
            ) {
                (_, Some(lacking)) if !*required => format!(
                    "{lacking} has the action without it and could not send it: optional (rule 5)"
                ),
                (Some((other, _)), _) => format!(
                    "the SDKs disagree ({other} has it {}): the page is kept (rule 5)",
                    if *required { "required" } else { "optional" }
                ),
                _ => String::new(),
            }
        }
    }
}
