//! A fresh bucket per test on the S3-compatible server at `PADU_TEST_S3_ENDPOINT`.
//!
//! Credentials: `PADU_TEST_S3_ACCESS_KEY_ID` / `PADU_TEST_S3_SECRET_ACCESS_KEY` (default
//! `padu-test`, which moto accepts), region `PADU_TEST_S3_REGION` (default `us-east-1`). The
//! bucket is created and removed with signed requests, so a server that checks signatures
//! (MinIO, Garage) works as well as moto.

use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::StreamExt;
use object_store::aws::{AmazonS3Builder, AwsAuthorizer, AwsCredential};
use object_store::client::{HttpConnector, HttpRequestBody, ReqwestConnector};
use object_store::{ClientOptions, ObjectStore, ObjectStoreExt};
use padu_files::S3Config;

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub struct S3Bucket {
    config: S3Config,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

impl S3Bucket {
    /// Creates a bucket with a name no other test (or test run) uses.
    pub async fn create(endpoint: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let bucket = format!(
            "padu-test-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let config = S3Config {
            bucket,
            endpoint: Some(endpoint.trim_end_matches('/').to_owned()),
            region: env_or("PADU_TEST_S3_REGION", "us-east-1"),
            access_key_id: Some(env_or("PADU_TEST_S3_ACCESS_KEY_ID", "padu-test")),
            secret_access_key: Some(env_or("PADU_TEST_S3_SECRET_ACCESS_KEY", "padu-test")),
            session_token: None,
            allow_http: endpoint.starts_with("http://"),
        };
        let this = Self { config };
        let (status, body) = this.request("PUT", "").await;
        assert!(
            status.is_success(),
            "creating the test bucket: {status} {body}"
        );
        this
    }

    pub fn config(&self) -> S3Config {
        self.config.clone()
    }

    /// The bucket's objects, and its unfinished multipart uploads as `upload:<key>`.
    pub async fn contents(&self) -> Vec<String> {
        let store = self.object_store();
        let mut found: Vec<String> = store
            .list(None)
            .map(|meta| meta.expect("listing the test bucket").location.to_string())
            .collect()
            .await;
        let (status, body) = self.request("GET", "?uploads").await;
        assert!(
            status.is_success(),
            "listing multipart uploads: {status} {body}"
        );
        for upload in body.split("<Upload>").skip(1) {
            let key = upload
                .split_once("<Key>")
                .and_then(|(_, rest)| rest.split_once("</Key>"))
                .map_or("?", |(key, _)| key);
            found.push(format!("upload:{key}"));
        }
        found.sort();
        found
    }

    /// Empties and deletes the bucket.
    pub async fn remove(self) {
        let store = self.object_store();
        let locations: Vec<_> = store
            .list(None)
            .filter_map(|m| async move { m.ok().map(|m| m.location) })
            .collect()
            .await;
        for location in locations {
            let _ = store.delete(&location).await;
        }
        let (status, body) = self.request("DELETE", "").await;
        assert!(
            status.is_success(),
            "removing the test bucket: {status} {body}"
        );
    }

    fn object_store(&self) -> impl ObjectStore {
        let c = &self.config;
        AmazonS3Builder::new()
            .with_bucket_name(&c.bucket)
            .with_region(&c.region)
            .with_endpoint(c.endpoint.clone().unwrap_or_default())
            .with_access_key_id(c.access_key_id.clone().unwrap_or_default())
            .with_secret_access_key(c.secret_access_key.clone().unwrap_or_default())
            .with_allow_http(c.allow_http)
            .build()
            .expect("S3 client for the test bucket")
    }

    /// A signed request on the bucket itself (`query` like `?uploads`): status and body.
    async fn request(&self, method: &str, query: &str) -> (http::StatusCode, String) {
        let c = &self.config;
        let url = format!(
            "{}/{}{query}",
            c.endpoint.as_deref().unwrap_or_default(),
            c.bucket
        );
        let mut request = http::Request::builder()
            .method(method)
            .uri(&url)
            .body(HttpRequestBody::empty())
            .expect("a valid request");
        let credential = AwsCredential {
            key_id: c.access_key_id.clone().unwrap_or_default(),
            secret_key: c.secret_access_key.clone().unwrap_or_default(),
            token: None,
        };
        AwsAuthorizer::new(&credential, "s3", &c.region)
            .try_authorize(&mut request, None)
            .expect("signing");
        let client = ReqwestConnector::default()
            .connect(&ClientOptions::new().with_allow_http(c.allow_http))
            .expect("HTTP client");
        let response = client
            .execute(request)
            .await
            .expect("the S3 server answers");
        let status = response.status();
        let body = response.into_body().bytes().await.expect("response body");
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}
