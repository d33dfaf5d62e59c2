//! Flags to flat wire parameters: `--image-id a --image-id b` -> `ImageId.0`,
//! `ImageId.1`; `--disks 'Size=100,Backup.Period=7'` -> `Disks.0.Size`,
//! `Disks.0.Backup.Period`.

use sigcal_client::Params;
use sigcal_client::meta::{ActionMeta, ServiceMeta};

use crate::values::FlagValue;

/// Every parameter given on the command line, flattened; a parameter the subcommand
/// has no flag for (a waiter's subcommand has only its inputs) is left out.
pub(crate) fn collect(
    service: &'static ServiceMeta,
    action: &ActionMeta,
    matches: &clap::ArgMatches,
) -> Result<Params, String> {
    let mut params = Params::new();
    for field in action
        .params
        .iter()
        .filter(|f| !sigcal_protocol::config::fills(f.name))
    {
        let flag = FlagValue::of(service, field);
        let values = flag.read(matches, field.name);
        for (index, value) in values.iter().enumerate() {
            let key = if field.ty.is_list() {
                sigcal_protocol::keys::item(field.name, index)
            } else {
                field.name.to_owned()
            };
            if let FlagValue::Model(_) = flag {
                for (sub_key, sub_value) in model_pairs(value, &key)? {
                    params.insert(sub_key, sub_value);
                }
            } else if !value.is_empty() {
                params.insert(key, value.clone());
            }
        }
    }
    Ok(params)
}

/// `Size=100,Backup.Period=7` under `Disks.0` -> `Disks.0.Size=100`,
/// `Disks.0.Backup.Period=7`. A value may not contain a comma.
fn model_pairs(text: &str, prefix: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (field, value) = part
                .split_once('=')
                .ok_or_else(|| format!("`{part}` in `{text}` is not Field=value (for {prefix})"))?;
            Ok((
                sigcal_protocol::keys::field(prefix, field.trim()),
                value.trim().to_owned(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::model_pairs;

    #[test]
    fn model_flags_flatten_under_their_prefix() {
        let cases = [
            (
                "Size=100,Type=SSD",
                Ok(vec![("Disks.0.Size", "100"), ("Disks.0.Type", "SSD")]),
            ),
            (
                "EIP.Bandwidth=10",
                Ok(vec![("Disks.0.EIP.Bandwidth", "10")]),
            ),
            ("Size", Err(())),
        ];
        for (text, expected) in cases {
            let got = model_pairs(text, "Disks.0").map_err(|_| ());
            let expected = expected.map(|v| {
                v.into_iter()
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, expected, "{text}");
        }
    }
}
