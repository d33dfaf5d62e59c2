//! Synthetic specs of N actions with the UPHost mix of shapes (scalars, arrays, open
//! enums, nested request models, paginated lists of response models), for the
//! generation and compile-time benchmarks.

use std::fmt::Write as _;

/// A valid spec with `actions` actions, a response model per ten actions, a request
/// model per create action, and two shared enums.
pub fn spec(actions: usize) -> String {
    let mut out = String::new();
    out.push_str("service:\n  name: Synthetic\n  module: synthetic\n  endpoint: https://api.sigcalcloud.com/\n  version: \"1\"\n\nactions:\n");
    let models = actions.div_ceil(10).max(1);
    let mut request_models = Vec::new();
    for index in 0..actions {
        let model = format!("ResourceSet{}", (index / 4) % models);
        match index % 4 {
            0 => {
                let _ = write!(
                    out,
                    "  DescribeResource{index}:
    summary: Lists resources of kind {index}
    request:
      Region: {{type: string, required: true, description: Region.}}
      Zone: {{type: string, required: true, description: Zone.}}
      ProjectId: {{type: string, description: Project.}}
      ResourceId: {{type: \"array[string]\", description: Resource ids.}}
      Kind: {{type: Kind, description: Kind of resource.}}
      Offset: {{type: int, default: 0, description: Offset of the first item.}}
      Limit: {{type: int, default: 20, description: Page size.}}
    response:
      TotalCount: {{type: int, description: Total number of items.}}
      Items: {{type: \"array[{model}]\", description: The items.}}
    pagination: {{offset: Offset, limit: Limit, total: TotalCount, items: Items}}
"
                );
            }
            1 => {
                let disk = format!("CreateResource{index}ParamDisks");
                let _ = write!(
                    out,
                    "  CreateResource{index}:
    summary: Creates a resource of kind {index}
    request:
      Region: {{type: string, required: true, description: Region.}}
      Zone: {{type: string, required: true, description: Zone.}}
      Name: {{type: string, required: true, description: Name of the resource.}}
      Password: {{type: string, required: true, description: Base64 password.}}
      ChargeType: {{type: ChargeType, description: Billing.}}
      Quantity: {{type: int, description: Months.}}
      Disks: {{type: \"array[{disk}]\", description: Disks.}}
    response:
      ResourceId: {{type: \"array[string]\", description: Created ids.}}
"
                );
                request_models.push(disk);
            }
            2 => {
                let _ = write!(
                    out,
                    "  GetResource{index}Price:
    summary: Prices resource kind {index}
    request:
      Region: {{type: string, required: true, description: Region.}}
      Count: {{type: int, required: true, description: How many.}}
      Spot: {{type: bool, description: Spot pricing.}}
      Discount: {{type: float, description: Discount rate.}}
    response:
      Price: {{type: float, description: The price.}}
      OriginalPrice: {{type: float, description: Before discount.}}
"
                );
            }
            _ => {
                let _ = write!(
                    out,
                    "  ModifyResource{index}:
    summary: Renames resource kind {index}
    request:
      Region: {{type: string, required: true, description: Region.}}
      ResourceId: {{type: string, required: true, description: The resource.}}
      Name: {{type: string, description: New name.}}
      Remark: {{type: string, description: New remark.}}
    response:
      ResourceId: {{type: string, description: The resource.}}
"
                );
            }
        }
    }
    out.push_str("\nmodels:\n");
    for model in 0..models {
        let _ = write!(
            out,
            "  ResourceSet{model}:
    description: A resource.
    fields:
      ResourceId: {{type: string, description: Id.}}
      Name: {{type: string, description: Name.}}
      Kind: {{type: Kind, description: Kind.}}
      Cpu: {{type: int, description: Cores.}}
      Memory: {{type: int, description: MiB.}}
      Price: {{type: float, description: Price.}}
      Tags: {{type: \"array[string]\", description: Tags.}}
      CreateTime: {{type: int, description: Created.}}
      Disks: {{type: \"array[DiskSet]\", description: Disks.}}
      Running: {{type: bool, description: Running.}}
"
        );
    }
    out.push_str(
        "  DiskSet:
    description: A disk.
    fields:
      Size: {type: int, description: GB.}
      Type: {type: string, description: Disk type.}
",
    );
    for name in request_models {
        let _ = write!(
            out,
            "  {name}:\n    fields:\n      Size: {{type: int}}\n      Type: {{type: string}}\n      IsBoot: {{type: bool}}\n"
        );
    }
    out.push_str(
        "\nenums:
  Kind:
    values:
      Standard: Standard.
      Performance: Performance.
  ChargeType:
    values:
      Month: Monthly.
      Year: Yearly.
      Dynamic: Hourly.
",
    );
    out
}
