//! `#[derive(Describe)]` on hand-written types: the metadata tools read (wire names,
//! spec types, required, the first sentence of each doc) comes from the attributes and
//! doc comments the other derives read, so it cannot drift from the types.

use sigcal_client::meta::{
    self, Described, DescribedEnum, EnumMeta, FieldMeta, FieldType, ModelMeta,
};
use sigcal_client::{Describe, OpenEnum, Request, WireModel};

/// How a disk is billed. Longer text follows.
#[derive(Debug, Clone, PartialEq, Eq, Describe, OpenEnum)]
enum Billing {
    /// By the hour.
    Dynamic,
    /// By the month.
    #[wire(rename = "Month")]
    Monthly,
    /// Anything else.
    Unknown(String),
}

/// A disk to attach.
#[derive(Debug, Default, Describe, WireModel)]
struct Disk {
    /// Size in GB. Between 20 and 4000.
    size: i64,
    /// Labels, at least one.
    #[wire(required)]
    labels: Vec<String>,
    /// 盘类型。参见磁盘类型
    #[wire(rename = "DiskType")]
    kind: Option<String>,
}

/// Attach disks to a host.
///
/// The rest of the description.
#[derive(Debug, Default, Describe, Request)]
#[request(action = "AttachDisks", response = AttachDisksResponse)]
struct AttachDisks {
    /// Region. See the list of regions.
    #[wire(required)]
    region: Option<String>,
    /// On the wire `DiskId`; the reference page calls it `UDiskId`.
    #[wire(rename = "DiskId", alias = "UDiskId", required)]
    r#udisk_id: String,
    /// \[Deprecated\] Old ratio.
    ratio: Option<f64>,
    disks: Vec<Disk>,
    billing: Option<Billing>,
    /// As the generator writes spec text: C:\\data\\a\_b \<k\> per <https://docs.ucloud.cn/a_b>
    extra: Option<serde_json::Value>,
    #[wire(skip)]
    #[allow(dead_code, reason = "skipped fields are not described")]
    local: bool,
}

/// What `AttachDisks` answers.
#[derive(Debug, Default, Describe, sigcal_client::Decode)]
struct AttachDisksResponse {
    /// The disks attached.
    disk_ids: Vec<String>,
    /// Total.
    total: Option<i64>,
}

/// A field as `meta::field` writes it, with the type in the spec's spelling.
fn field_of(
    name: &'static str,
    rust_name: &'static str,
    ty: &'static str,
    required: bool,
    description: &'static str,
) -> FieldMeta {
    let ty = FieldType::parse(ty).expect("a type");
    meta::field(name, rust_name, ty, required, description)
}

#[test]
fn structs_describe_their_fields_from_attributes_and_docs() {
    assert_eq!(AttachDisks::NAME, "AttachDisks");
    assert_eq!(AttachDisks::SUMMARY, "Attach disks to a host.");
    assert_eq!(
        AttachDisks::FIELDS,
        &[
            field_of("Region", "region", "string", true, "Region."),
            field_of(
                "DiskId",
                "udisk_id",
                "string",
                true,
                "On the wire `DiskId`; the reference page calls it `UDiskId`."
            )
            .or_named("UDiskId"),
            field_of("Ratio", "ratio", "float", false, "[Deprecated] Old ratio."),
            field_of("Disks", "disks", "array[Disk]", false, ""),
            field_of("Billing", "billing", "Billing", false, ""),
            // The spec's text exactly, as `sigcal_protocol::doc::escape` was given it.
            field_of(
                "Extra",
                "extra",
                "json",
                false,
                r"As the generator writes spec text: C:\data\a_b <k> per https://docs.ucloud.cn/a_b"
            ),
        ][..]
    );
    assert_eq!(
        Disk::FIELDS,
        &[
            field_of("Size", "size", "int", true, "Size in GB."),
            field_of(
                "Labels",
                "labels",
                "array[string]",
                true,
                "Labels, at least one."
            ),
            field_of("DiskType", "kind", "string", false, "盘类型。"),
        ][..]
    );
    let decoded: &[FieldMeta] = AttachDisksResponse::FIELDS;
    assert!(decoded.iter().all(|f| !f.required), "{decoded:?}");
}

#[test]
fn enums_describe_their_documented_values() {
    assert_eq!(Billing::NAME, "Billing");
    assert_eq!(Billing::VALUES, &["Dynamic", "Month"]);
    assert_eq!(
        meta::enumeration::<Billing>(),
        EnumMeta {
            name: "Billing",
            values: &["Dynamic", "Month"],
        }
    );
}

#[test]
fn the_table_builders_read_the_derived_metadata() {
    let action = meta::action::<AttachDisks>("attach_disks")
        .with_pages("Offset", "Limit", "Total", "DiskIds");
    assert_eq!(action.name, "AttachDisks");
    assert_eq!(action.summary, "Attach disks to a host.");
    assert!(!action.retry_safe, "Attach is not a read verb");
    assert_eq!(action.params, AttachDisks::FIELDS);
    assert_eq!(action.response, AttachDisksResponse::FIELDS);
    assert_eq!(action.pagination.map(|p| p.items), Some("DiskIds"));
    assert_eq!(
        meta::model::<Disk>(),
        ModelMeta {
            name: "Disk",
            fields: Disk::FIELDS,
        }
    );
}

/// Descriptions longer than command-line help shows are cut at 100 characters.
#[derive(Describe)]
#[allow(dead_code, reason = "only described")]
struct Long {
    /// aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    text: String,
}

#[test]
fn long_descriptions_are_cut() {
    let description = Long::FIELDS
        .first()
        .map(|f| f.description)
        .unwrap_or_default();
    assert_eq!(description.chars().count(), 100);
    assert!(description.ends_with('…'));
}

/// A request with secrets: one by the spec's `sensitive` (a name no rule knows), one by
/// its name, one inside a model.
#[derive(Debug, Default, Describe, Request)]
#[request(action = "CreateVault", response = AttachDisksResponse)]
struct CreateVault {
    /// Marked by the spec.
    #[wire(sensitive)]
    unlock_phrase: Option<String>,
    /// Known by its name only: the derive does not guess, the metadata's rule does.
    admin_pass_word: Option<String>,
    /// Shown.
    name: Option<String>,
    /// Models hold secrets too.
    keys: Vec<VaultKey>,
}

/// A key of a vault.
#[derive(Debug, Default, Describe, WireModel)]
struct VaultKey {
    /// Marked by the spec.
    #[wire(sensitive)]
    material: Option<String>,
    /// Shown.
    label: Option<String>,
}

#[test]
fn secrets_are_in_the_metadata_and_found_by_flat_key() {
    let sensitive = |fields: &[FieldMeta], name: &str| {
        fields.iter().find(|f| f.name == name).unwrap().sensitive
    };
    assert!(sensitive(CreateVault::FIELDS, "UnlockPhrase"));
    assert!(!sensitive(CreateVault::FIELDS, "AdminPassWord"));
    assert!(!sensitive(CreateVault::FIELDS, "Name"));
    assert!(sensitive(VaultKey::FIELDS, "Material"));

    static MODELS: [ModelMeta; 1] = [ModelMeta {
        name: "VaultKey",
        fields: VaultKey::FIELDS,
    }];
    let action = meta::action::<CreateVault>("create_vault");
    let service = meta::ServiceMeta {
        models: &MODELS,
        ..sigcal_client::uphost::SERVICE
    };
    for (key, secret) in [
        ("UnlockPhrase", true),
        ("AdminPassWord", true),
        ("Name", false),
        ("Keys.0.Material", true),
        ("Keys.3.Label", false),
        ("Keys.0.Unknown", false),
        ("Unknown.0.Material", false),
        ("SecurityToken", true),
    ] {
        assert_eq!(service.is_secret_param(&action, key), secret, "{key}");
    }
}
