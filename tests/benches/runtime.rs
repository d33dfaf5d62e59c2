//! Request and response hot paths, each beside its limit in the same run:
//! flatten + sign a DescribePHostImage with 20 image ids against a bare SHA-1 of the same
//! string-to-sign; decoding a 10,000-image answer against plain serde structs without the
//! lenient helpers; and a whole call (flatten, sign, send, decode) with fixed credentials
//! and no hook against the same call through the credentials cache and an empty hook, to
//! the fake server on loopback and to an in-memory transport.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark harness"
)]

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use sha1::Digest as _;
use sigcal_client::credentials::SharedCredentialsProvider;
use sigcal_client::transport::{HttpRequest, HttpResponse, Transport, TransportFuture};
use sigcal_client::uphost::{DescribePHostImageRequest, DescribePHostImageResponse, ImageType};
use sigcal_client::{
    CallOptions, Client, Config, Credentials, Interceptor, Params, Request as _, signer,
};
use std::hint::black_box;
use std::sync::Arc;

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

/// A hook with every method left at its default: the cost of having one at all.
#[derive(Debug)]
struct EmptyHook;

impl Interceptor for EmptyHook {}

/// Answers every request at once with a fixed body, so a call's own cost is not hidden
/// behind the loopback round trip.
#[derive(Debug)]
struct Answer(Vec<u8>);

impl Transport for Answer {
    fn send(&self, _request: HttpRequest) -> TransportFuture<'_> {
        let body = self.0.clone();
        Box::pin(async move {
            Ok(HttpResponse {
                location: None,
                status: 200,
                request_id: None,
                body,
            })
        })
    }
}

/// Today's path (fixed credentials, no hook) and the new one (a credentials provider
/// behind the cache, and an empty hook), on the same configuration otherwise.
fn configs(base_url: &str, credentials: &Credentials) -> [(&'static str, Config); 2] {
    let builder = |credentials: SharedCredentialsProvider| {
        Config::builder(Credentials::new("unused", "unused"))
            .credentials_provider(credentials)
            .base_url(base_url)
            .region("cn-bj2")
            .zone("cn-bj2-05")
            .profile_dir("/nonexistent-sigcal-profile-dir")
    };
    let fixed = builder(credentials.clone().into()).build().unwrap();
    // A provider the cache must ask through its lock (not the fixed-credentials path).
    let cached = builder(SharedCredentialsProvider::new(credentials.clone()))
        .interceptor(EmptyHook)
        .build()
        .unwrap();
    [
        ("fixed_credentials_no_hook", fixed),
        ("credentials_cache_and_empty_hook", cached),
    ]
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(sigcal_fake::FakeServer::start()).unwrap();
    let credentials = server.credentials();
    let request = request();

    let mut group = c.benchmark_group("call_describe_phost_image_fake");
    for (name, config) in configs(&server.url(), &credentials) {
        let client = Client::new(config).unwrap();
        // Warm the connection pool and the cache before measuring.
        runtime.block_on(client.send(request.clone())).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(client.send(black_box(request.clone())))
                    .unwrap()
            })
        });
    }
    group.finish();

    // The fake's own answer to this request, served from memory.
    let mut params = Params::new();
    request.write_params(&mut params);
    let answer = runtime
        .block_on(server.client().send_raw(
            DescribePHostImageRequest::ACTION,
            params,
            true,
            &CallOptions::default(),
        ))
        .unwrap();
    let body = serde_json::to_vec(&*answer).unwrap();
    let transport = Arc::new(Answer(body));
    let mut group = c.benchmark_group("call_describe_phost_image_in_memory");
    for (name, config) in configs("http://127.0.0.1:9/", &credentials) {
        let client = Client::with_transport(config, transport.clone());
        runtime.block_on(client.send(request.clone())).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                runtime
                    .block_on(client.send(black_box(request.clone())))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sign, decode, call);
criterion_main!(benches);
