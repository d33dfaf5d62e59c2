//! `cargo codegen reconcile`: `spec/` against both official SDKs' API schemas, the rules
//! that settle each disagreement, and the report's freshness.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

use sigcal_codegen::Spec;
use sigcal_codegen::import::decide::decide;
use sigcal_codegen::import::reconcile::{
    self, Difference, SdkAction, SdkField, SdkSchema, SdkService, SpecService,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The Python with the official SDK: CI's venv, or `SIGCAL_PYTHON`. `None` outside CI
/// when there is none (a fresh checkout before `bash .ci/run`); in CI its absence fails.
fn python() -> Option<PathBuf> {
    let python = std::env::var_os("SIGCAL_PYTHON")
        .map_or_else(|| root().join("target/ci-venv/bin/python"), PathBuf::from);
    if python.exists() {
        return Some(python);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is missing: CI installs ucloud-sdk-python3 there before the tests",
        python.display()
    );
    eprintln!(
        "skipped: no Python with ucloud-sdk-python3 at {} (`bash .ci/run` makes it)",
        python.display()
    );
    None
}

fn field(name: &str, ty: &str, required: bool) -> SdkField {
    SdkField {
        name: name.to_owned(),
        ty: ty.to_owned(),
        required,
        ..SdkField::default()
    }
}

/// One SDK with one service `demo` holding one action.
fn sdk(label: &str, action: &str, request: Vec<SdkField>, response: Vec<SdkField>) -> SdkSchema {
    let mut service = SdkService::default();
    service.actions.insert(
        action.to_owned(),
        SdkAction {
            request,
            response,
            ..SdkAction::default()
        },
    );
    let mut schema = SdkSchema {
        sdk: label.to_owned(),
        version: "1.0.0".to_owned(),
        ..SdkSchema::default()
    };
    schema.services.insert("demo".to_owned(), service);
    schema
}

const SPEC: &str = r#"
service:
  name: Demo
  endpoint: https://api.example.com/
  version: "1"
actions:
  CreateThing:
    summary: Creates a thing.
    request:
      Zone:
        type: string
        required: true
      Size:
        type: string
      Count:
        type: int
      Mode:
        type: string
      Note:
        type: string
    response:
      ThingId:
        type: int
    examples:
      request: |-
        https://api.example.com/?Action=CreateThing
        &Count=3
      response: |-
        {"RetCode": 0, "Action": "CreateThingResponse", "ThingId": "thing-abc"}
"#;

#[test]
fn the_rules_settle_what_they_can_and_the_report_says_why_for_the_rest() {
    let spec = Spec::parse("demo.yaml", SPEC).unwrap();
    let go = sdk(
        "go",
        "CreateThing",
        vec![
            field("Zone", "string", true),
            field("Size", "int", false),
            field("Count", "string", false),
            field("Mode", "string", true),
            field("Labels", "array[Label]", false),
            SdkField {
                deprecated: true,
                ..field("Old", "string", false)
            },
        ],
        vec![field("ThingId", "string", false)],
    );
    let mut python = sdk(
        "python",
        "CreateThing",
        vec![
            field("Zone", "string", true),
            field("Size", "int", false),
            field("Count", "string", false),
            field("Mode", "string", false),
        ],
        vec![field("ThingId", "string", false)],
    );
    python.services.get_mut("demo").unwrap().models.insert(
        "Label".to_owned(),
        vec![
            field("Key", "string", false),
            field("Value", "string", false),
        ],
    );
    let mut go = go;
    go.services.get_mut("demo").unwrap().models.insert(
        "Label".to_owned(),
        vec![
            field("Key", "string", false),
            field("Value", "string", false),
        ],
    );
    let schemas = [go, python];
    let mut document = spec.document.clone();
    let changes = decide(&mut document, "demo", &schemas);
    let request = &document.actions.get("CreateThing").unwrap().value.request;
    let response = &document.actions.get("CreateThing").unwrap().value.response;
    // Rule 2: an SDK field no page documents is added from the SDK's types, with its model.
    let labels = request.get("Labels").unwrap();
    assert_eq!(labels.value.ty.value.text(), "array[Label]");
    assert!(
        labels
            .value
            .corrected
            .as_ref()
            .unwrap()
            .value
            .starts_with("reconcile: in go 1.0.0;"),
        "{:?}",
        labels.value.corrected
    );
    assert!(
        document
            .models
            .get("Label")
            .unwrap()
            .value
            .fields
            .get("Key")
            .is_some()
    );
    // Rule 3: a deprecated one is left out.
    assert!(request.get("Old").is_none());
    // Rule 4: both SDKs say int and the page shows no example: the SDKs win. The page's
    // example `Count=3` shows an int, the page's type: kept. The answer's example shows
    // a text id where the page says int: the example and the SDKs win.
    assert_eq!(request.get("Size").unwrap().value.ty.value.text(), "int");
    assert_eq!(request.get("Count").unwrap().value.ty.value.text(), "int");
    assert_eq!(
        response.get("ThingId").unwrap().value.ty.value.text(),
        "string"
    );
    // Rule 5: the SDKs disagree on `Mode`: the page (optional) is kept.
    assert!(request.get("Mode").unwrap().value.required.is_none());
    assert_eq!(changes.len(), 3, "{changes:#?}");
    // A second run changes nothing.
    let mut again = document.clone();
    assert!(decide(&mut again, "demo", &schemas).is_empty());

    // What remains, compared with each SDK, has a reason each.
    let specs = [SpecService {
        module: "demo".to_owned(),
        document: &document,
    }];
    let mut go = reconcile::compare(&specs, &schemas[0]);
    reconcile::explain(&mut go, &specs, &schemas);
    let kinds: Vec<(&str, &Difference)> = go
        .disagreements
        .iter()
        .map(|d| (d.field.as_str(), &d.difference))
        .collect();
    assert!(kinds.contains(&(
        "Count",
        &Difference::Type {
            spec: "int".to_owned(),
            sdk: "string".to_owned()
        }
    )));
    assert!(kinds.contains(&("Note", &Difference::Extra)));
    let report = reconcile::render(&[go], &reconcile::stale(&specs, &schemas, &[]));
    assert!(
        report.contains(
            "| Demo | CreateThing | request | Note | not in the SDK | documented by the page"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "`int` in `spec/`, `string` in the SDK | the page's example or default shows `int`"
        ),
        "{report}"
    );
    assert!(report.contains("0 stale decision(s)"), "{report}");
    assert!(report.contains("| Old | not in `spec/`; the SDK has `string`, deprecated | deprecated in go 1.0.0: left out (rule 3)"), "{report}");
    assert!(report.contains("| Mode | optional in `spec/`, required in the SDK | the SDKs disagree (python 1.0.0 has it optional)"), "{report}");
    assert!(!report.contains("no rule settles it**"), "{report}");
}

#[test]
fn a_decision_no_sdk_backs_any_more_is_stale() {
    let yaml = SPEC.replace(
        "      Note:\n        type: string\n",
        "      Note:\n        type: string\n        corrected: \"reconcile: in go 1.0.0; no page documents it\"\n",
    );
    let spec = Spec::parse("demo.yaml", &yaml).unwrap();
    let schemas = [sdk(
        "go",
        "CreateThing",
        vec![field("Zone", "string", true)],
        vec![],
    )];
    let specs = [SpecService {
        module: "demo".to_owned(),
        document: &spec.document,
    }];
    let comparisons = [reconcile::compare(&specs, &schemas[0])];
    assert_eq!(
        reconcile::stale(&specs, &schemas, &comparisons),
        ["Demo CreateThing request Note"]
    );
    // Backed again by an SDK that has the field, it is not.
    let schemas = [sdk(
        "go",
        "CreateThing",
        vec![
            field("Zone", "string", true),
            field("Note", "string", false),
        ],
        vec![],
    )];
    let comparisons = [reconcile::compare(&specs, &schemas[0])];
    assert!(reconcile::stale(&specs, &schemas, &comparisons).is_empty());
}

#[test]
fn an_sdk_schema_that_cannot_be_read_is_an_error_naming_the_file() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reconcile-bad-go");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("uhost.json"),
        r#"{"sdk": "ucloud-sdk-go", "version": "2", "service": "uhost", "operations": {}}"#,
    )
    .unwrap();
    let error = SdkSchema::read_go(&dir).unwrap_err();
    assert!(
        error.contains("uhost.json") && error.contains("layout"),
        "{error}"
    );
    let error = SdkSchema::read_python("{\"services\": []}", "sdk_schema.py").unwrap_err();
    assert!(error.contains("sdk_schema.py"), "{error}");
    // The real facts read.
    let go = SdkSchema::read_go(&root().join("../shared/reference/sdk-go")).unwrap();
    assert_eq!(go.label(), "ucloud-sdk-go 0.22.98");
    assert!(
        go.services
            .get("uhost")
            .unwrap()
            .actions
            .contains_key("CreateUHostInstance")
    );
}

/// `spec/RECONCILE.md` is what `cargo codegen reconcile` writes for this checkout, no
/// disagreement is left without a rule, no decision is stale, and agreement with each
/// SDK is at least 99%.
#[test]
fn the_reconcile_report_is_fresh_and_complete() {
    let Some(python) = python() else { return };
    let python = reconcile::python_schema(&python).unwrap();
    let go = SdkSchema::read_go(&root().join("../shared/reference/sdk-go")).unwrap();
    let report = reconcile::report(
        &root().join("spec"),
        &root().join("../shared/reference/api"),
        &[go, python],
    )
    .unwrap();
    assert!(
        report.contains("\n0 field(s) of `spec/` contradict both"),
        "{report}"
    );
    assert!(!report.contains("no rule settles it**"), "{report}");
    assert!(report.contains("\n0 stale decision(s)"), "{report}");
    // Top-level fields agree at 99% at least, the fields of nested models at 95% (the
    // Go SDK's models never say which fields are required, and the pages describe
    // models less carefully than parameters).
    let (top, nested) = report.split_once("\n# Nested fields\n").unwrap();
    for (part, bar) in [(top, 99.0), (nested, 95.0)] {
        let rows: Vec<&str> = part
            .lines()
            .filter(|l| l.starts_with("| ucloud-sdk-"))
            .collect();
        assert_eq!(rows.len(), 2, "{part}");
        for line in rows {
            for cell in line.split('(').skip(1).take(2) {
                let percent: f64 = cell.split('%').next().unwrap().parse().unwrap();
                assert!(percent >= bar, "{line}");
            }
        }
    }
    sigcal_tests::ensure_file_contents(
        &root().join("spec/RECONCILE.md"),
        &report,
        "cargo codegen reconcile",
    );
}

const NESTED_SPEC: &str = r#"
service:
  name: Demo
  endpoint: https://api.example.com/
  version: "1"
actions:
  AddTargets:
    summary: Adds targets.
    request:
      Targets:
        type: array[Target]
        required: true
    response:
      Targets:
        type: array[TargetSet]
    examples:
      response: |-
        {"RetCode": 0, "Action": "AddTargetsResponse", "Targets": [{"Port": 80}]}
models:
  Target:
    fields:
      ResourceType:
        type: string
        required: true
      Enabled:
        type: bool
      Note:
        type: string
  TargetSet:
    fields:
      Port:
        type: int
      Id:
        type: string
"#;

/// The fields of nested models: compared at their paths, settled by rules 4 and 5 where
/// the SDKs' models agree (only an SDK whose models mark required fields at all judges
/// required-ness), kept and explained where a page's example shows the page right.
#[test]
fn nested_model_fields_are_compared_and_settled_by_the_same_rules() {
    let spec = Spec::parse("demo.yaml", NESTED_SPEC).unwrap();
    let mut python = sdk(
        "python",
        "AddTargets",
        vec![field("Targets", "array[AddTargetsParamTargets]", false)],
        vec![field("Targets", "array[TargetSet]", false)],
    );
    let models = &mut python.services.get_mut("demo").unwrap().models;
    models.insert(
        "AddTargetsParamTargets".to_owned(),
        vec![
            field("ResourceType", "string", false),
            field("Enabled", "int", false),
            field("Weight", "int", true),
        ],
    );
    models.insert(
        "TargetSet".to_owned(),
        vec![field("Port", "string", false), field("Id", "string", false)],
    );
    let specs = [SpecService {
        module: "demo".to_owned(),
        document: &spec.document,
    }];
    let schemas = [python];
    let mut nested = reconcile::compare_nested(&specs, &schemas[0]);
    reconcile::explain_nested(&mut nested, &specs, &schemas);
    let found: Vec<(String, String, String)> = nested
        .disagreements
        .iter()
        .map(|d| {
            (
                d.field.clone(),
                format!("{:?}", d.difference),
                d.reason.clone(),
            )
        })
        .collect();
    let at = |path: &str| {
        found
            .iter()
            .find(|(field, _, _)| field == path)
            .unwrap_or_else(|| panic!("{path} not reported: {found:#?}"))
    };
    assert!(at("Targets[].ResourceType").1.starts_with("Required"));
    assert!(at("Targets[].Enabled").1.starts_with("Type"));
    assert!(at("Targets[].Weight").1.starts_with("Missing"));
    assert!(
        at("Targets[].Weight")
            .2
            .contains("rule 2 adds top-level fields only")
    );
    assert!(at("Targets[].Note").2.contains("rule 1"));
    // The answer's example shows `Port` as a number: the page is kept.
    assert!(
        at("Targets[].Port")
            .2
            .contains("the page's example shows `int`: kept (rule 4)")
    );
    assert_eq!(nested.response, (1, 2), "Id agrees, Port does not");

    // `--apply`: the type every SDK model agrees on, the required-ness the Python-like
    // SDK's models state; the page's example keeps `Port`.
    let mut document = spec.document.clone();
    let changes = sigcal_codegen::import::reconcile::apply_nested(&mut document, "demo", &schemas);
    assert_eq!(
        changes,
        [
            "Target.ResourceType: made optional",
            "Target.Enabled: type `bool` -> `int`",
        ]
    );
    let target = &document.models.get("Target").unwrap().value.fields;
    let enabled = &target.get("Enabled").unwrap().value;
    assert_eq!(enabled.ty.value.to_string(), "int");
    assert!(
        enabled
            .corrected
            .as_ref()
            .unwrap()
            .value
            .starts_with("reconcile: `int` in python")
    );
    assert!(target.get("ResourceType").unwrap().value.required.is_none());
    let port = &document.models.get("TargetSet").unwrap().value.fields;
    assert_eq!(port.get("Port").unwrap().value.ty.value.to_string(), "int");
}
