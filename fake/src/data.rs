//! The images DescribePHostImage serves: a realistic default set, or a data file.

use std::path::Path;

use serde_json::{Value, json};

use sigcal_client::Params;
use sigcal_client::uphost::{ImageType, PHostImageSet};

/// 48 images: base images of common distributions in several versions, and custom
/// images made from them, with stable ids and realistic sizes and times.
pub fn default_images() -> Vec<PHostImageSet> {
    let systems = [
        ("CentOS", "Linux", ["7.9", "8.5"]),
        ("Ubuntu", "Linux", ["20.04", "22.04"]),
        ("Debian", "Linux", ["11", "12"]),
        ("Rocky", "Linux", ["8.9", "9.3"]),
        ("AlmaLinux", "Linux", ["8.9", "9.3"]),
        ("Windows Server", "Windows", ["2019", "2022"]),
    ];
    let mut images = Vec::new();
    for (index, (os, os_type, versions)) in systems.iter().enumerate() {
        for (v, version) in versions.iter().enumerate() {
            for (kind, custom) in [("base", false), ("custom", true)] {
                for copy in 0..2 {
                    let n = images.len();
                    let name = if custom {
                        format!("{os} {version} app-{copy}")
                    } else {
                        format!("{os} {version} 64-bit r{copy}")
                    };
                    let image = PHostImageSet {
                        image_id: Some(format!("pimg-{kind}-{index}{v}{copy}-{n:04}")),
                        image_name: Some(name),
                        os_name: Some(format!("{os} {version} 64-bit")),
                        os_type: Some((*os_type).to_owned()),
                        support: vec!["G4".into(), "Gc2".into(), "Gn4".into()],
                        version: Some(format!("1.{copy}")),
                        image_type: Some(if custom {
                            ImageType::Custom
                        } else {
                            ImageType::Base
                        }),
                        // A numeric string: the one form both official SDKs accept.
                        create_time: Some((1_700_000_000 + n as i64 * 86_400).to_string()),
                        state: Some("Available".to_owned()),
                        image_size: Some(if *os_type == "Windows" { 40 } else { 20 }),
                        image_description: Some(format!(
                            "{} image of {os} {version}",
                            if custom { "Custom" } else { "Official" }
                        )),
                    };
                    images.push(image);
                }
            }
        }
    }
    images
}

/// Reads images from a JSON or YAML file: a list of PHostImageSet objects with the
/// API's field names.
pub fn load_images(path: &Path) -> Result<Vec<PHostImageSet>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let is_yaml = path
        .extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml");
    if is_yaml {
        serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Filters by ImageType and ImageId.N, then pages with Offset/Limit.
pub(crate) fn describe_phost_image(images: &[PHostImageSet], params: &Params) -> Value {
    let image_type = params.get("ImageType");
    let ids: Vec<&str> = params
        .iter()
        .filter(|(k, _)| sigcal_protocol::keys::item_of(k, "ImageId").is_some())
        .map(|(_, v)| v)
        .collect();
    let matching: Vec<&PHostImageSet> = images
        .iter()
        .filter(|image| {
            image_type.is_none_or(|t| image.image_type.as_ref().is_some_and(|it| it.as_str() == t))
        })
        .filter(|image| {
            ids.is_empty()
                || image
                    .image_id
                    .as_deref()
                    .is_some_and(|id| ids.contains(&id))
        })
        .collect();
    let page = crate::paging::page(&matching, params, "Offset", "Limit");
    json!({"TotalCount": matching.len(), "ImageSet": page})
}
