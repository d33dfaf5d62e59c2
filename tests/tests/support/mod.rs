//! Helpers shared by the tests that call actions from metadata.

use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, FieldMeta, ServiceMeta, element_type};

/// A value of `ty` on the wire under `key`: scalars as text, lists as `key.0`, models by
/// their required fields (or their first field when none is required).
pub(crate) fn fill(service: &ServiceMeta, key: &str, ty: &str, params: &mut Params, depth: usize) {
    let (element, is_list) = element_type(ty);
    if is_list {
        return fill(service, &format!("{key}.0"), element, params, depth);
    }
    if let Some(model) = service.model(element) {
        let required: Vec<&FieldMeta> = model.fields.iter().filter(|f| f.required).collect();
        let fields = if required.is_empty() {
            model.fields.iter().take(1).collect()
        } else {
            required
        };
        for field in fields {
            if depth < 4 {
                fill(
                    service,
                    &format!("{key}.{}", field.name),
                    field.ty,
                    params,
                    depth + 1,
                );
            }
        }
        return;
    }
    let value = match element {
        "int" => "1".to_owned(),
        "float" => "1.5".to_owned(),
        "bool" => "true".to_owned(),
        _ => match service.enumeration(element) {
            Some(enumeration) => enumeration.values[0].to_owned(),
            None => "sigcal-test".to_owned(),
        },
    };
    params.insert(key, value);
}

/// The required parameters of `action`, synthesized by [`fill`].
#[allow(dead_code, reason = "not every test that shares this module uses it")]
pub(crate) fn required_params(service: &ServiceMeta, action: &ActionMeta) -> Params {
    let mut params = Params::new();
    for field in action.params.iter().filter(|f| f.required) {
        fill(service, field.name, field.ty, &mut params, 0);
    }
    params
}
