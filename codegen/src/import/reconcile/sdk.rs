//! The official SDKs' API schemas, read: the Go SDK's facts from JSON files, the Python
//! SDK's from the installed package through `codegen/python/sdk_schema.py`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::compare::Side;

/// One SDK's API schema: per service module, its actions and models.
#[derive(Debug, Clone, Default)]
pub struct SdkSchema {
    /// The SDK's package name (`ucloud-sdk-go`).
    pub sdk: String,
    /// Its version.
    pub version: String,
    /// By service module (`uhost`, `uk8s`, `ucloudstack`).
    pub services: BTreeMap<String, SdkService>,
}

/// One service of an SDK.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkService {
    /// The service's name as the SDK's client spells it (`UCloudStack`), where it says.
    #[serde(default)]
    pub client: Option<String>,
    /// By wire name.
    pub actions: BTreeMap<String, SdkAction>,
    /// By the SDK's model name.
    #[serde(default)]
    pub models: BTreeMap<String, Vec<SdkField>>,
}

/// An action's request and response fields.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkAction {
    /// One line of what the action does, where the SDK says.
    #[serde(default)]
    pub summary: Option<String>,
    /// Request parameters, top level.
    #[serde(default)]
    pub request: Vec<SdkField>,
    /// Response fields, top level.
    #[serde(default)]
    pub response: Vec<SdkField>,
}

impl SdkAction {
    /// The action's own fields on one side, the protocol's envelope (`Action`,
    /// `RetCode`, `Signature`, …) left out.
    pub fn fields(&self, side: Side) -> impl Iterator<Item = &SdkField> {
        let (fields, envelope): (_, fn(&str) -> bool) = match side {
            Side::Request => (
                &self.request,
                sigcal_protocol::envelope::is_request_envelope,
            ),
            Side::Response => (
                &self.response,
                sigcal_protocol::envelope::is_response_envelope,
            ),
        };
        fields.iter().filter(move |f| !envelope(&f.name))
    }
}

/// One field of an SDK's schema.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SdkField {
    /// The wire name.
    pub name: String,
    /// The type in the spec's syntax (`string`, `array[Model]`, a model name, `json`).
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the SDK requires it.
    #[serde(default)]
    pub required: bool,
    /// Whether the SDK marks it deprecated.
    #[serde(default)]
    pub deprecated: bool,
    /// Region/Zone/ProjectId, which the SDK fills from its config.
    #[serde(default)]
    pub common: bool,
}

/// A Go SDK facts file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GoFile {
    sdk: String,
    version: String,
    service: String,
    actions: BTreeMap<String, SdkAction>,
    #[serde(default)]
    models: BTreeMap<String, Vec<SdkField>>,
}

/// What `codegen/python/sdk_schema.py` prints.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PythonFile {
    sdk: String,
    version: String,
    services: BTreeMap<String, SdkService>,
}

impl SdkSchema {
    /// `ucloud-sdk-go 0.22.98`: the package and its release (the first `x.y.z` of the
    /// version text, which for the Go SDK is a commit line naming the release).
    pub fn label(&self) -> String {
        let release = self
            .version
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .find(|part| part.split('.').filter(|p| !p.is_empty()).count() == 3)
            .unwrap_or(&self.version);
        format!("{} {release}", self.sdk)
    }

    /// The Go SDK's facts: every `*.json` of `dir` but none skipped. A file that does not
    /// read as the layout of the folder's README is an error naming it.
    pub fn read_go(dir: &Path) -> Result<SdkSchema, String> {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(format!(
                "{}: no Go SDK schema files (*.json)",
                dir.display()
            ));
        }
        let mut schema = SdkSchema::default();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let file: GoFile = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not the Go SDK schema layout this reads (a newer layout?): {e}",
                    path.display()
                )
            })?;
            if !schema.version.is_empty() && schema.version != file.version {
                return Err(format!(
                    "{}: version {} where the other files are {}",
                    path.display(),
                    file.version,
                    schema.version
                ));
            }
            schema.sdk = file.sdk;
            schema.version = file.version;
            schema.services.insert(
                file.service,
                SdkService {
                    client: None,
                    actions: file.actions,
                    models: file.models,
                },
            );
        }
        Ok(schema)
    }

    /// The Python SDK's schema as `codegen/python/sdk_schema.py` prints it; `origin`
    /// names it in errors.
    pub fn read_python(text: &str, origin: &str) -> Result<SdkSchema, String> {
        let file: PythonFile = serde_json::from_str(text).map_err(|e| {
            format!("{origin}: not the layout codegen/python/sdk_schema.py prints: {e}")
        })?;
        Ok(SdkSchema {
            sdk: file.sdk,
            version: file.version,
            services: file.services,
        })
    }
}

/// The script that prints the Python SDK's schema.
pub const PYTHON_SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/python/sdk_schema.py");

/// The Python SDK's schema, read from the package installed for `python` by
/// [`PYTHON_SCRIPT`]. An interpreter without the SDK, or an SDK whose layout the script
/// does not know, is an error saying so.
pub fn python_schema(python: &Path) -> Result<SdkSchema, String> {
    let output = std::process::Command::new(python)
        .arg(PYTHON_SCRIPT)
        .output()
        .map_err(|e| {
            format!(
                "cannot run {} (the Python with ucloud-sdk-python3; `bash .ci/run` makes it): {e}",
                python.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "{} {PYTHON_SCRIPT} failed: {}",
            python.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let text = String::from_utf8(output.stdout)
        .map_err(|e| format!("{PYTHON_SCRIPT}: output is not UTF-8: {e}"))?;
    SdkSchema::read_python(&text, PYTHON_SCRIPT)
}
