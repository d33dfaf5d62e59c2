//! Parameter validation against the generated metadata: required parameters, types,
//! array indices and nested model fields. Each problem is one message that names the
//! parameter, as the real API's RetCode 230 does.

use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, FieldMeta, FieldType, Scalar, ServiceMeta};
use sigcal_client::protocol::{CONFIG_PARAMS, REQUEST_ENVELOPE};

/// Checks `params` against `action`; the message names the first bad parameter.
pub(super) fn params(
    service: &ServiceMeta,
    action: &ActionMeta,
    params: &Params,
) -> Result<(), String> {
    for field in action.params.iter().filter(|f| f.required) {
        if !params.has_param(field.name) && !field.page_name.is_some_and(|n| params.has_param(n)) {
            return Err(format!("Params [{}] not available", field.name));
        }
    }
    for (key, value) in params.iter() {
        if REQUEST_ENVELOPE.contains(&key) {
            continue;
        }
        let mut segments = sigcal_protocol::keys::segments(key);
        let name = segments.next().unwrap_or_default();
        let Some(field) = action.params.iter().find(|f| f.is_named(name)) else {
            // SDKs send the configured Region, Zone and ProjectId with every call, also
            // to actions whose page does not list them; the API ignores them there.
            if CONFIG_PARAMS.contains(&name) && segments.next().is_none() {
                continue;
            }
            return Err(format!(
                "Params [{key}] is not a parameter of {}",
                action.name
            ));
        };
        check(service, field.ty, &mut segments, key, value)?;
    }
    Ok(())
}

/// Walks the rest of a key (`0.Sub.Field`) through the type and checks the value.
fn check<'a>(
    service: &ServiceMeta,
    ty: FieldType,
    rest: &mut impl Iterator<Item = &'a str>,
    key: &str,
    value: &str,
) -> Result<(), String> {
    if let Some(item) = ty.item() {
        return match rest.next() {
            Some(index) if is_index(index) => check(service, item, rest, key, value),
            Some(other) => Err(format!(
                "Params [{key}]: `{other}` is not an array index (expected {key_base}.N)",
                key_base = sigcal_protocol::keys::segments(key).next().unwrap_or(key)
            )),
            None => Err(format!(
                "Params [{key}] is a list: send it as {key}.0, {key}.1, …"
            )),
        };
    }
    if let Some(model) = ty.named_element().and_then(|name| service.model(name)) {
        let Some(field_name) = rest.next() else {
            return Err(format!(
                "Params [{key}] is a structure: send its fields as {key}.Field"
            ));
        };
        let Some(field) = model
            .fields
            .iter()
            .find(|f: &&FieldMeta| f.is_named(field_name))
        else {
            return Err(format!(
                "Params [{key}]: `{field_name}` is not a field of {}",
                model.name
            ));
        };
        return check(service, field.ty, rest, key, value);
    }
    if let Some(extra) = rest.next() {
        return Err(format!("Params [{key}]: `{extra}` follows a plain value"));
    }
    let valid = match ty.scalar_element() {
        Some(Scalar::Int) => value.parse::<i64>().is_ok(),
        Some(Scalar::Float) => value.parse::<f64>().is_ok_and(f64::is_finite),
        Some(Scalar::Bool) => value == "true" || value == "false",
        _ => true,
    };
    if valid {
        Ok(())
    } else {
        Err(format!("Params [{key}] is not a valid {ty}: {value:?}"))
    }
}

/// A list index of at most four digits (the fake's bound on list length).
fn is_index(segment: &str) -> bool {
    segment.len() <= 4 && sigcal_protocol::keys::is_index(segment)
}
