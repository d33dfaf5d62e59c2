//! Helpers shared by the tests that call actions from metadata.

use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, Element, FieldMeta, FieldType, Scalar, ServiceMeta};

/// A value of `ty` on the wire under `key`: scalars as text, lists as `key.0`, models by
/// their required fields (or their first field when none is required).
pub(crate) fn fill(
    service: &ServiceMeta,
    key: &str,
    ty: FieldType,
    params: &mut Params,
    depth: usize,
) {
    if let Some(item) = ty.item() {
        return fill(service, &format!("{key}.0"), item, params, depth);
    }
    if let Some(model) = ty.named_element().and_then(|name| service.model(name)) {
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
    let value = match ty.element {
        Element::Scalar(Scalar::Int) => "1".to_owned(),
        Element::Scalar(Scalar::Float) => "1.5".to_owned(),
        Element::Scalar(Scalar::Bool) => "true".to_owned(),
        Element::Scalar(_) => "sigcal-test".to_owned(),
        Element::Named(name) => match service.enumeration(name) {
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
