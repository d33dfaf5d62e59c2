//! `cargo codegen import`: reference pages to spec entries, merged without losing hand
//! edits; the whole UPHost service comes from these pages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "helpers of tests: a panic is a failed test"
)]

use std::path::{Path, PathBuf};

use sigcal_codegen::Spec;
use sigcal_codegen::import::{SkipReason, import_pages, merge};
use sigcal_codegen::spec::SpecFile;
use sigcal_codegen::spec::to_yaml::to_yaml;

fn shared(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(relative)
}

fn page(path: &Path) -> (String, String) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    (
        name,
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn checked_in() -> SpecFile {
    Spec::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/uphost.yaml"))
        .unwrap()
        .document
}

/// What an action means to the wire and the types, without prose: names, types,
/// required, defaults, pagination, and the models and enums it reaches.
fn shape(document: &SpecFile, action: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let entry = document.actions.get(action).unwrap();
    let mut types: Vec<String> = Vec::new();
    for (side, fields) in [
        ("request", &entry.value.request),
        ("response", &entry.value.response),
    ] {
        for field in fields.iter() {
            let f = &field.value;
            let default = f
                .default
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default();
            lines.push(format!(
                "{side} {} {} required={} default={default}",
                field.name.value,
                f.ty.value,
                f.required.as_ref().is_some_and(|r| r.value)
            ));
            types.push(
                f.ty.value
                    .text()
                    .trim_start_matches("array[")
                    .trim_end_matches(']')
                    .to_owned(),
            );
        }
    }
    if let Some(p) = &entry.value.pagination {
        let p = &p.value;
        lines.push(format!(
            "pagination {} {} {} {}",
            p.offset.value, p.limit.value, p.total.value, p.items.value
        ));
    }
    while let Some(name) = types.pop() {
        if let Some(model) = document.models.get(&name) {
            for field in model.value.fields.iter() {
                lines.push(format!(
                    "model {name}.{} {}",
                    field.name.value, field.value.ty.value
                ));
                types.push(
                    field
                        .value
                        .ty
                        .value
                        .text()
                        .trim_start_matches("array[")
                        .trim_end_matches(']')
                        .to_owned(),
                );
            }
        }
        if let Some(enumeration) = document.enums.get(&name) {
            let values: Vec<&str> = enumeration
                .value
                .values
                .iter()
                .map(|v| v.name.value.as_str())
                .collect();
            lines.push(format!("enum {name} {}", values.join(",")));
        }
    }
    lines.sort();
    lines.dedup();
    lines
}

#[test]
fn the_seed_and_its_reference_page_import_to_the_checked_in_entry() {
    let expected = shape(&checked_in(), "DescribePHostImage");
    assert!(expected.len() > 20, "{expected:#?}");
    for path in [
        shared("seeds/000_efedf4e627560e1e.txt"),
        shared("reference/docs/uphost/describe_phost_image.md"),
    ] {
        let imported = import_pages(&[page(&path)], "UPHost");
        assert!(
            imported.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            imported.warnings
        );
        assert_eq!(
            shape(&imported.document, "DescribePHostImage"),
            expected,
            "{}",
            path.display()
        );
    }
}

#[test]
fn imported_documents_validate_on_their_own() {
    let pages: Vec<(String, String)> = std::fs::read_dir(shared("reference/docs/uphost"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| page(&p))
        .collect();
    let imported = import_pages(&pages, "UPHost");
    let yaml = to_yaml(&imported.document);
    let spec =
        Spec::parse("imported.yaml", &yaml).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(spec.document.actions.iter().count(), 20);
}

#[test]
fn pages_with_nested_models_bools_floats_and_nested_responses_snapshot() {
    insta::glob!(
        shared("reference/docs/uphost"),
        "{create_phost,get_phost_disk_upgrade_price,describe_phost}.md",
        |path| {
            let imported = import_pages(&[page(path)], "UPHost");
            assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
            insta::assert_snapshot!(to_yaml(&imported.document));
        }
    );
}

#[test]
fn edge_case_pages_give_located_warnings_and_valid_specs() {
    insta::glob!(
        concat!(env!("CARGO_MANIFEST_DIR"), "/pages"),
        "*.md",
        |path| {
            let imported = import_pages(&[page(path)], "Demo");
            let yaml = to_yaml(&imported.document);
            Spec::parse("edge.yaml", &yaml).unwrap_or_else(|e| panic!("{}", e.render(false)));
            assert!(!yaml.contains("TODO"));
            let warnings: Vec<String> = imported.warnings.iter().map(|w| w.headline()).collect();
            insta::assert_snapshot!(format!("{}\n---\n{yaml}", warnings.join("\n")));
        }
    );
}

#[test]
fn merging_keeps_hand_edits_and_a_second_import_changes_nothing() {
    let path = shared("reference/docs/uphost/create_phost.md");
    let mut existing = import_pages(&[page(&path)], "UPHost").document;
    // Hand edits: the service's summary, a method name, a retry flag, an enum refinement
    // of a string field.
    let yaml = to_yaml(&existing)
        .replacen(
            "  version: \"1\"\n",
            "  version: \"1\"\n  summary: \"Bare-metal hosts: machines and images.\"\n",
            1,
        )
        .replacen(
            "  CreatePHost:\n    summary:",
            "  CreatePHost:\n    rust_name: launch_phost\n    retry_safe: true\n    summary:",
            1,
        )
        .replacen(
            "      Type:\n        type: string\n        description: 物理机类型",
            "      Type:\n        type: HostType\n        description: 物理机类型",
            1,
        )
        + "  HostType:\n    values:\n      db-2: 基础型\n";
    existing = Spec::parse("edited.yaml", &yaml)
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
        .document;
    let edited = to_yaml(&existing);
    assert!(edited.contains("rust_name: launch_phost") && edited.contains("type: HostType"));
    assert!(edited.contains("  summary: \"Bare-metal hosts: machines and images.\"\n"));

    let changes = merge(
        &mut existing,
        import_pages(&[page(&path)], "UPHost").document,
    );
    assert!(changes.is_empty(), "{changes:?}");
    let merged = to_yaml(&existing);
    assert_eq!(merged, edited, "hand edits survive and nothing else moves");

    let other = shared("reference/docs/uphost/describe_phost_image.md");
    let changes = merge(
        &mut existing,
        import_pages(&[page(&other)], "UPHost").document,
    );
    assert!(
        changes.contains(&"added action DescribePHostImage".to_owned()),
        "{changes:?}"
    );
    assert!(
        changes.contains(&"added model PHostImageSet".to_owned()),
        "{changes:?}"
    );
    let again = merge(
        &mut existing,
        import_pages(&[page(&other)], "UPHost").document,
    );
    assert!(again.is_empty(), "{again:?}");
}

/// A `corrected` entry stays as the maintainer wrote it, also where the page lacks it,
/// and a field's `sdk_name` survives: the five page/SDK disagreements of the Python
/// interop run are fixed this way in `spec/`.
#[test]
fn merging_keeps_corrected_entries_and_sdk_names() {
    let path = shared("reference/docs/uphost/create_phost.md");
    let fresh = || import_pages(&[page(&path)], "UPHost").document;
    let yaml = to_yaml(&fresh())
        .replacen(
            "      Password:\n        type: string\n        required: true\n        description: 密码（密码需使用base64进行编码）\n",
            "      Password:\n        type: string\n        required: true\n        description: 密码（密码需使用base64进行编码）\n        sdk_name: Passwd\n",
            1,
        )
        .replacen(
            "      Name:\n        type: string\n        description: 物理机名称，默认为phost\n",
            "      Name:\n        type: int\n        description: 物理机编号\n        corrected: servers answer a number\n      Rack:\n        type: string\n        corrected: the page omits it; the SDK sends it\n",
            1,
        )
        .replacen(
            "  CreatePHostParamNetworkInterfaceEIP:\n    fields:\n",
            "  CreatePHostParamNetworkInterfaceEIP:\n    fields:\n      Mode:\n        type: string\n        corrected: the page's table omits it\n",
            1,
        );
    let mut existing = Spec::parse("edited.yaml", &yaml)
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
        .document;
    let edited = to_yaml(&existing);
    for edit in [
        "sdk_name: Passwd",
        "corrected: servers answer a number",
        "corrected: the page omits it",
        "corrected: the page's table omits it",
    ] {
        assert!(edited.contains(edit), "{edit} is written back");
    }
    let changes = merge(&mut existing, fresh());
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(
        to_yaml(&existing),
        edited,
        "corrections survive and nothing else moves"
    );

    // Without the marker, the page's version wins again.
    let unmarked = edited.replace("        corrected: servers answer a number\n", "");
    let mut existing = Spec::parse("unmarked.yaml", &unmarked).unwrap().document;
    let changes = merge(&mut existing, fresh());
    assert_eq!(changes, ["updated action CreatePHost"]);
    assert!(to_yaml(&existing).contains("      Name:\n        type: string\n"));
}

#[test]
fn the_checked_in_spec_is_a_fixed_point_of_importing_every_page() {
    let mut document = checked_in();
    let before = to_yaml(&document);
    let mut pages: Vec<(String, String)> = std::fs::read_dir(shared("reference/docs/uphost"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.ends_with("describe_phost_image.md")
        })
        .map(|p| page(&p))
        .collect();
    pages.sort();
    pages.push(page(&shared("seeds/000_efedf4e627560e1e.txt")));
    let changes = merge(&mut document, import_pages(&pages, "UPHost").document);
    assert!(
        changes.is_empty(),
        "spec/uphost.yaml is not what the pages import to: {changes:?}"
    );
    assert_eq!(to_yaml(&document), before);
}

/// Every page of one service folder of the published reference.
fn service_pages(folder: &str) -> Vec<(String, String)> {
    let dir = shared("reference/api").join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    paths.sort();
    paths.iter().map(|path| page(path)).collect()
}

/// A whole service imported from its pages, as `cargo codegen import` writes it, and
/// loaded back through the validator.
fn import_service(folder: &str, service: &str) -> SpecFile {
    let imported = import_pages(&service_pages(folder), service);
    let yaml = to_yaml(&imported.document);
    match Spec::parse(&format!("{folder}.yaml"), &yaml) {
        Ok(spec) => spec.document,
        Err(error) => panic!("{folder} does not validate after import:\n{error}"),
    }
}

fn model_rust_name(document: &SpecFile, model: &str) -> Option<String> {
    let entry = document
        .models
        .get(model)
        .unwrap_or_else(|| panic!("no model {model}"));
    entry
        .value
        .rust_name
        .as_ref()
        .map(|name| name.value.clone())
}

#[test]
fn models_named_like_an_action_or_its_response_get_a_rust_name() {
    // IAM's pages name the structures `GetRole` and `ListRoles` returns after the actions.
    let iam = import_service("iam-api", "IAM");
    assert_eq!(
        model_rust_name(&iam, "GetRole").as_deref(),
        Some("GetRoleModel")
    );
    assert_eq!(
        model_rust_name(&iam, "ListRoles").as_deref(),
        Some("ListRolesModel")
    );
    let cloudwatch = import_service("cloudwatch-api", "CloudWatch");
    assert_eq!(
        model_rust_name(&cloudwatch, "ListMonitorProduct").as_deref(),
        Some("ListMonitorProductModel")
    );
    // UMon's page has a model named like the action's response type.
    let umon = import_service("umon-api", "UMon");
    assert_eq!(
        model_rust_name(&umon, "DescribeResourceMetricResponse").as_deref(),
        Some("DescribeResourceMetricResponseModel")
    );
}

#[test]
fn an_enum_value_unknown_and_enums_that_differ_between_pages_import() {
    // URocketMQ documents a value `Unknown` (its variant is `UnknownValue`).
    let rocketmq = import_service("urocketmq-api", "URocketMQ");
    assert!(
        rocketmq
            .enums
            .iter()
            .any(|e| e.value.values.iter().any(|v| v.name.value == "Unknown"))
    );
    // ULB's pages define enums of the same name with other values; each gets a name of
    // its own, and none is defined twice.
    let ulb = import_service("ulb-api", "ULB");
    let mut names: Vec<&str> = ulb.enums.iter().map(|e| e.name.value.as_str()).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "an enum is defined twice");
}

/// `spec/COVERAGE.md` is what `cargo codegen coverage` writes for the specs and pages
/// of this checkout.
#[test]
fn the_coverage_report_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let report =
        sigcal_codegen::import::coverage::report(&shared("reference/api"), &root.join("spec"))
            .unwrap();
    assert!(report.contains("0 documented actions missing"), "{report}");
    sigcal_tests::ensure_file_contents(
        &root.join("spec/COVERAGE.md"),
        &report,
        "cargo codegen coverage",
    );
}

fn warnings_for(folder: &str, service: &str) -> Vec<String> {
    import_pages(&service_pages(folder), service)
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.file, w.message))
        .collect()
}

#[test]
fn every_action_page_is_imported_or_skipped_for_a_stated_reason() {
    // A title glued without spaces (`获取监控数据-GetMetric`) still names the action.
    let umon = import_service("umon-api", "UMon");
    assert!(umon.actions.get("GetMetric").is_some());
    // An older-layout page (`# Request Parameters`, `# Response Elements`, a model's
    // name heading after the response table, `array` typed by its description) imports.
    let send_sms = &umon.actions.get("SendSms").unwrap().value;
    assert_eq!(
        send_sms.request.get("Phone").unwrap().value.ty.value.text(),
        "array[string]"
    );
    // The same action on an older-layout copy and a current page: the current one wins
    // (here the sidebar links it too), and the copy is skipped with its reason.
    let pathx = import_service("pathx-api", "PathX");
    let upath = pathx.models.get("UPathInfo").unwrap();
    assert_eq!(
        upath
            .value
            .fields
            .get("UGAList")
            .unwrap()
            .value
            .ty
            .value
            .text(),
        "array[PathXUGAInfo]"
    );
    assert!(
        warnings_for("pathx-api", "PathX")
            .iter()
            .any(|w| w.contains("describe_u_path.md")
                && w.contains("page for `DescribeUPath` that `_sidebar.md` does not link"))
    );
    // Where the sidebar links neither copy, the current layout wins.
    assert!(
        warnings_for("uhost-api", "UHost")
            .iter()
            .any(|w| w.contains("upgrade_to_ark_u_host_instance.md")
                && w.contains("older-layout copy of the page for `UpgradeToArkUHostInstance`"))
    );
    // A REST object-storage page and an old copy (`(旧)`) are skipped, saying why.
    assert!(
        warnings_for("ufile-api", "UFile")
            .iter()
            .any(|w| w.contains("list_objects.md") && w.contains("REST object-storage call"))
    );
    assert!(
        warnings_for("uhost-api", "UHost")
            .iter()
            .any(|w| w.contains("create_uhost_instance_old.md")
                && w.contains("older copy of the page for `CreateUHostInstance`"))
    );
}

/// Why each page of a folder was skipped, by file name.
fn skipped_in(folder: &str, service: &str) -> Vec<(String, Option<SkipReason>)> {
    import_pages(&service_pages(folder), service)
        .pages
        .into_iter()
        .map(|page| (page.file, page.skipped))
        .collect()
}

fn skip_of(outcomes: &[(String, Option<SkipReason>)], file: &str) -> Option<SkipReason> {
    outcomes
        .iter()
        .find(|(name, _)| name == file)
        .unwrap_or_else(|| panic!("no page {file}"))
        .1
}

#[test]
fn of_several_pages_for_one_action_the_one_the_sidebar_links_wins() {
    // UK8S has two current pages for six actions; `_sidebar.md` links
    // `add_uk8s_uhost_node`, not the older `add_uk_8s_uhost_node` the importer took
    // before (a string `DataDiskSize`, a required `Password`, 16 parameters missing).
    let uk8s = import_service("uk8s-api", "UK8S");
    let add = &uk8s.actions.get("AddUK8SUHostNode").unwrap().value;
    assert_eq!(
        add.request
            .get("DataDiskSize")
            .unwrap()
            .value
            .ty
            .value
            .text(),
        "int"
    );
    assert!(
        add.request
            .get("Password")
            .unwrap()
            .value
            .required
            .as_ref()
            .is_none_or(|r| !r.value)
    );
    for name in ["BootDiskSize", "NodeGroupId", "Taints", "UHostFamily"] {
        assert!(add.request.get(name).is_some(), "{name} missing");
    }
    let outcomes = skipped_in("uk8s-api", "UK8S");
    for (linked, copy) in [
        ("add_uk8s_uhost_node.md", "add_uk_8s_uhost_node.md"),
        ("create_uk8s_cluster_v2.md", "create_uk_8s_cluster_v2.md"),
        ("del_uk8s_cluster.md", "del_uk_8s_cluster.md"),
        ("describe_uk8s_image.md", "describe_uk_8s_image.md"),
        (
            "list_uk8s_cluster_node_v2.md",
            "list_uk_8s_cluster_node_v2.md",
        ),
        ("list_uk8s_cluster_v2.md", "list_uk_8s_cluster_v2.md"),
    ] {
        assert_eq!(skip_of(&outcomes, linked), None, "{linked}");
        assert_eq!(
            skip_of(&outcomes, copy),
            Some(SkipReason::UnlinkedCopy),
            "{copy}"
        );
    }
    // ULB's sidebar links the JSON-body pages of the application load balancer; the
    // form-encoded copies it does not link are skipped, saying so. (Their nested models
    // flatten to the same `Key.N.Field` keys.)
    let ulb = skipped_in("ulb-api", "ULB");
    assert_eq!(skip_of(&ulb, "create_rule_json.md"), None);
    assert_eq!(
        skip_of(&ulb, "create_rule.md"),
        Some(SkipReason::UnlinkedCopy)
    );
    assert!(
        warnings_for("ulb-api", "ULB")
            .iter()
            .any(|w| w.contains("create_rule.md") && w.contains("`_sidebar.md` does not link"))
    );
}

#[test]
fn change_logs_and_notes_pages_are_not_actions() {
    // `更新日志 - ChangeLog` and `重要说明 - Description` carry an action-like title but no
    // definition, parameters or fields.
    let udisk = import_service("udisk-api", "UDisk");
    assert!(udisk.actions.get("ChangeLog").is_none());
    assert_eq!(
        skip_of(&skipped_in("udisk-api", "UDisk"), "change_log.md"),
        Some(SkipReason::NoParametersOrFields)
    );
    let umem = import_service("umem-api", "UMem");
    assert!(umem.actions.get("Description").is_none());
    assert_eq!(
        skip_of(&skipped_in("umem-api", "UMem"), "description.md"),
        Some(SkipReason::NoParametersOrFields)
    );
    // Actions of the same folders still import.
    assert!(udisk.actions.get("DescribeUDisk").is_some());
    assert!(umem.actions.get("DescribeURedisGroup").is_some());
}

#[test]
fn without_a_sidebar_link_a_form_page_beats_a_json_body_page_and_then_the_last_wins() {
    let form = "# Do - DoThing\n\n## 定义\n\n### 请求参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Zone** | string | 可用区 |**Yes**|\n\n### 请求示例\n\n```\nhttps://api.ucloud.cn/?Action=DoThing&Zone=x\n```\n";
    let json = "# Do - DoThing\n\n## 定义\n\n### 请求参数\n\n| 参数名 | 类型 | 描述信息 | 必填 |\n|:---|:---|:---|:---|\n| **Count** | int | 数量 |**Yes**|\n\n### 请求示例\n\n```\ncurl --header 'Content-Type: application/json' --data '{\"Count\": 1}'\n```\n";
    let pages = [
        ("do_thing.md".to_owned(), form.to_owned()),
        ("do_thing_json.md".to_owned(), json.to_owned()),
    ];
    let imported = import_pages(&pages, "Demo");
    let action = &imported.document.actions.get("DoThing").unwrap().value;
    assert!(action.request.get("Zone").is_some());
    assert!(action.request.get("Count").is_none());
    assert_eq!(imported.pages[1].skipped, Some(SkipReason::JsonBodyCopy));
    // Two form pages alike: the later in order is kept, the other skipped, not merged.
    let pages = [
        ("a.md".to_owned(), form.to_owned()),
        ("b.md".to_owned(), form.replace("Zone", "Region")),
    ];
    let imported = import_pages(&pages, "Demo");
    let action = &imported.document.actions.get("DoThing").unwrap().value;
    assert!(action.request.get("Region").is_some());
    assert!(action.request.get("Zone").is_none());
    assert_eq!(imported.pages[0].skipped, Some(SkipReason::SameActionCopy));
}

/// Waiters are written by hand; a re-import keeps them, and writing them back reads
/// back to the same spec.
#[test]
fn a_reimport_keeps_the_waiters() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/uphost.yaml");
    let mut existing = Spec::load(&spec_path)
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
        .document;
    let waiters_before = to_yaml(&existing);
    assert!(
        waiters_before.contains("\nwaiters:\n  PHostRunning:\n"),
        "{waiters_before}"
    );
    let path = shared("reference/docs/uphost/describe_phost.md");
    merge(
        &mut existing,
        import_pages(&[page(&path)], "UPHost").document,
    );
    let merged = to_yaml(&existing);
    let waiters = |text: &str| text.split_once("\nwaiters:\n").map(|(_, w)| w.to_owned());
    assert_eq!(waiters(&merged), waiters(&waiters_before));
    let again =
        Spec::parse("again.yaml", &merged).unwrap_or_else(|e| panic!("{}", e.render(false)));
    assert_eq!(
        to_yaml(&again.document),
        merged,
        "the written waiters read back the same"
    );
}

/// Every spec but UPHost (imported from the English pages above) is what re-importing
/// its whole reference folder into it gives: hand corrections, the reconcile decisions
/// (`corrected: "reconcile: …"`), the actions only the SDKs have (`from_sdk`) and the
/// waiters all survive, and the page choice is stable.
#[test]
fn every_spec_is_a_fixed_point_of_reimporting_its_reference_folder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut checked = 0;
    for path in sigcal_codegen::write::spec_files(&root).unwrap() {
        let spec = Spec::load(&path).unwrap();
        let module = sigcal_codegen::ir::lower(&spec).module;
        let folder = sigcal_codegen::import::coverage::folder_for(&module);
        if module == "uphost" || !shared("reference/api").join(&folder).is_dir() {
            continue;
        }
        let mut document = spec.document.clone();
        let before = to_yaml(&document);
        let imported = import_pages(&service_pages(&folder), &document.service.name.value);
        let changes = merge(&mut document, imported.document);
        assert!(
            changes.is_empty(),
            "{}: a re-import changes {changes:?}",
            path.display()
        );
        assert_eq!(to_yaml(&document), before, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 80, "{checked} specs re-imported");
}

/// The whole re-import, as `cargo codegen import --into` runs it: merged into an
/// existing spec, what the merge added and what it means for users (an added action is
/// additive); a spec that does not load is the caller's error, and nothing is produced.
#[test]
fn a_reimport_merges_revalidates_and_classifies() {
    use sigcal_codegen::import::{ImportError, reimport};
    let create = page(&shared("reference/docs/uphost/create_phost.md"));
    let fresh = reimport(std::slice::from_ref(&create), "UPHost", None).unwrap();
    assert!(fresh.merged.is_empty() && fresh.changes.is_empty());
    assert!(fresh.yaml.contains("CreatePHost:"));

    let image = page(&shared("reference/docs/uphost/describe_phost_image.md"));
    let merged = reimport(&[image], "UPHost", Some(("uphost.yaml", &fresh.yaml))).unwrap();
    assert!(
        merged
            .merged
            .contains(&"added action DescribePHostImage".to_owned()),
        "{:?}",
        merged.merged
    );
    assert!(merged.yaml.contains("CreatePHost:") && merged.yaml.contains("DescribePHostImage:"));
    assert!(!merged.changes.is_empty());
    assert!(
        merged.changes.iter().all(|change| !change.is_breaking()),
        "{:?}",
        merged.changes
    );

    let again = reimport(
        std::slice::from_ref(&create),
        "UPHost",
        Some(("uphost.yaml", &fresh.yaml)),
    )
    .unwrap();
    assert!(again.merged.is_empty() && again.changes.is_empty());
    assert_eq!(again.yaml, fresh.yaml);

    let broken = reimport(&[create], "UPHost", Some(("broken.yaml", "service: [")));
    assert!(
        matches!(broken, Err(ImportError::Existing(_))),
        "{broken:?}"
    );
}
