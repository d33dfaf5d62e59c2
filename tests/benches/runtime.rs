//! Request and response hot paths, each beside its limit in the same run:
//! flatten + sign a DescribePHostImage with 20 image ids against a bare SHA-1 of the same
//! string-to-sign, and decoding a 10,000-image answer against plain serde structs
//! without the lenient helpers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark harness"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use sha1::Digest as _;
use sigcal_client::uphost::{DescribePHostImageRequest, DescribePHostImageResponse, ImageType};
use sigcal_client::{Params, Request as _, signer};
use std::hint::black_box;

const PUBLIC_KEY: &str = "ucloudsomeone@example.com1296235120854146120";
const PRIVATE_KEY: &str = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

fn request() -> DescribePHostImageRequest {
    DescribePHostImageRequest {
        region: Some("cn-bj2".into()),
        zone: Some("cn-bj2-05".into()),
        project_id: Some("org-abc123".into()),
        image_type: Some(ImageType::Base),
        image_id: (0..20).map(|i| format!("pimg-{i:08x}")).collect(),
        offset: Some(0),
        limit: Some(20),
        machine_type: Some("G4".into()),
        cluster: Some("25G".into()),
    }
}

/// What the client does to a request before sending it, in its order (`Client::prepare`).
fn flatten_and_sign(request: &DescribePHostImageRequest) -> String {
    let mut params = Params::new();
    params.insert("Action", DescribePHostImageRequest::ACTION);
    request.write_params(&mut params);
    params.insert("PublicKey", PUBLIC_KEY);
    signer::sign(&params, PRIVATE_KEY)
}

fn sign(c: &mut Criterion) {
    let request = request();
    let mut params = Params::new();
    request.write_params(&mut params);
    params.insert("Action", DescribePHostImageRequest::ACTION);
    params.insert("PublicKey", PUBLIC_KEY);
    let to_sign = signer::string_to_sign(&params, PRIVATE_KEY);
    let mut group = c.benchmark_group("sign_describe_phost_image_20_ids");
    group.bench_function("sigcal_flatten_and_sign", |b| {
        b.iter(|| flatten_and_sign(black_box(&request)))
    });
    group.bench_function("flatten_only", |b| {
        b.iter(|| {
            let mut params = Params::new();
            black_box(&request).write_params(&mut params);
            params
        })
    });
    group.bench_function("sign_only_from_params", |b| {
        b.iter(|| signer::sign(black_box(&params), PRIVATE_KEY))
    });
    group.bench_function("bare_sha1_of_string_to_sign", |b| {
        b.iter(|| signer::lower_hex(&sha1::Sha1::digest(black_box(to_sign.as_bytes())).into()))
    });
    group.finish();
}

/// The same shape without lenient helpers: what plain serde costs.
#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are decoded, not read")]
struct PlainResponse {
    #[serde(rename = "TotalCount")]
    total_count: Option<i64>,
    #[serde(rename = "ImageSet", default)]
    image_set: Vec<PlainImage>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are decoded, not read")]
struct PlainImage {
    #[serde(rename = "ImageId")]
    image_id: Option<String>,
    #[serde(rename = "ImageName")]
    image_name: Option<String>,
    #[serde(rename = "OsName")]
    os_name: Option<String>,
    #[serde(rename = "OsType")]
    os_type: Option<String>,
    #[serde(rename = "Support", default)]
    support: Vec<String>,
    #[serde(rename = "Version")]
    version: Option<String>,
    #[serde(rename = "ImageType")]
    image_type: Option<String>,
    #[serde(rename = "CreateTime")]
    create_time: Option<String>,
    #[serde(rename = "State")]
    state: Option<String>,
    #[serde(rename = "ImageSize")]
    image_size: Option<i64>,
    #[serde(rename = "ImageDescription")]
    image_description: Option<String>,
}

/// 10,000 images in the fake server's realistic shape.
pub fn ten_thousand_images() -> String {
    let images = sigcal_fake::default_images();
    let set: Vec<_> = images.iter().cycle().take(10_000).collect();
    serde_json::json!({"Action": "DescribePHostImageResponse", "RetCode": 0, "TotalCount": 10_000, "ImageSet": set}).to_string()
}

fn decode(c: &mut Criterion) {
    let body = ten_thousand_images();
    let mut group = c.benchmark_group("decode_10000_images");
    group.sample_size(20);
    group.bench_function("sigcal_lenient", |b| {
        b.iter(|| {
            serde_json::from_slice::<DescribePHostImageResponse>(black_box(body.as_bytes()))
                .unwrap()
        })
    });
    group.bench_function("plain_serde", |b| {
        b.iter(|| serde_json::from_slice::<PlainResponse>(black_box(body.as_bytes())).unwrap())
    });
    group.finish();
}

criterion_group!(benches, sign, decode);
criterion_main!(benches);
