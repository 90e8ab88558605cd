//! A small HTTP/1.1 client over hyper-util's pooled client (keep-alive, one connection per
//! request in flight). Given several servers it sends its requests to them in turn (round
//! robin, as a load balancer in front of several instances would).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use bytes::Bytes;
use http::{Method, Request, StatusCode, header};
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// How a request is signed in.
#[derive(Debug, Clone)]
pub enum Auth {
    None,
    Bearer(String),
    /// `name=value` of the session cookie.
    Cookie(String),
}

#[derive(Debug, Clone)]
pub struct Client {
    inner: HyperClient<HttpConnector, Full<Bytes>>,
    /// `http://address` of each server.
    bases: Arc<Vec<String>>,
    /// The next server's turn.
    turn: Arc<AtomicUsize>,
}

#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: Bytes,
    pub elapsed: Duration,
}

impl Reply {
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body).context("response is not JSON")
    }

    /// 2xx or 3xx.
    pub fn fine(&self) -> bool {
        self.status.is_success() || self.status.is_redirection()
    }

    pub fn expect(self, what: &str) -> Result<Reply> {
        if self.status.is_success() {
            Ok(self)
        } else {
            bail!(
                "{what}: {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        }
    }
}

pub enum Body {
    Empty,
    Json(serde_json::Value),
    Form(String),
    Multipart { boundary: String, bytes: Bytes },
}

impl Client {
    /// A client of the servers at `addresses` (each `host:port`), taking turns.
    pub fn new(addresses: &[String]) -> Client {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let inner = HyperClient::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Client {
            inner,
            bases: Arc::new(addresses.iter().map(|a| format!("http://{a}")).collect()),
            turn: Arc::default(),
        }
    }

    /// How many servers this client sends to.
    pub fn servers(&self) -> usize {
        self.bases.len()
    }

    /// A client of the `i`-th server alone (sharing the connection pool).
    pub fn only(&self, i: usize) -> Client {
        Client {
            inner: self.inner.clone(),
            bases: Arc::new(vec![self.bases[i % self.bases.len()].clone()]),
            turn: Arc::default(),
        }
    }

    fn base(&self) -> &str {
        let i = self.turn.fetch_add(1, Ordering::Relaxed);
        &self.bases[i % self.bases.len()]
    }

    /// One request; the body is read whole (and dropped by the caller). Transport errors are
    /// errors; any status is a reply.
    pub async fn send(&self, method: Method, path: &str, auth: &Auth, body: Body) -> Result<Reply> {
        let mut req = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base()));
        match auth {
            Auth::None => {}
            Auth::Bearer(t) => req = req.header(header::AUTHORIZATION, format!("Bearer {t}")),
            Auth::Cookie(c) => req = req.header(header::COOKIE, c.as_str()),
        }
        let payload = match body {
            Body::Empty => Bytes::new(),
            Body::Json(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Bytes::from(serde_json::to_vec(&v)?)
            }
            Body::Form(f) => {
                req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
                Bytes::from(f)
            }
            Body::Multipart { boundary, bytes } => {
                req = req.header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                );
                bytes
            }
        };
        let req = req.body(Full::new(payload))?;
        let start = Instant::now();
        let response = self
            .inner
            .request(req)
            .await
            .map_err(|e| anyhow!("request failed: {e}"))?;
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| anyhow!("reading the body failed: {e}"))?
            .to_bytes();
        Ok(Reply {
            status: parts.status,
            headers: parts.headers,
            body,
            elapsed: start.elapsed(),
        })
    }

    pub async fn get(&self, path: &str, auth: &Auth) -> Result<Reply> {
        self.send(Method::GET, path, auth, Body::Empty).await
    }

    pub async fn post_json(&self, path: &str, auth: &Auth, v: serde_json::Value) -> Result<Reply> {
        self.send(Method::POST, path, auth, Body::Json(v)).await
    }

    /// Signs in on the page form and returns the session cookie (`name=value`).
    pub async fn login_cookie(&self, username: &str, password: &str) -> Result<Auth> {
        let form = format!(
            "username={}&password={}&lanjut=",
            form_encode(username),
            form_encode(password)
        );
        let reply = self
            .send(Method::POST, "/masuk", &Auth::None, Body::Form(form))
            .await?;
        if reply.status != StatusCode::SEE_OTHER {
            bail!("login of {username} answered {}", reply.status);
        }
        reply
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|c| c.starts_with("padu_sesi=") && c.len() > "padu_sesi=".len())
            .map(|c| Auth::Cookie(c.to_string()))
            .ok_or_else(|| anyhow!("login of {username} set no session cookie"))
    }

    pub async fn token(&self, username: &str, password: &str) -> Result<Auth> {
        let reply = self
            .post_json(
                "/api/v1/auth/token",
                &Auth::None,
                serde_json::json!({ "username": username, "password": password }),
            )
            .await?
            .expect("token")?;
        let json = reply.json()?;
        json["token"]
            .as_str()
            .map(|t| Auth::Bearer(t.to_string()))
            .ok_or_else(|| anyhow!("no token in {json}"))
    }
}

fn form_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char);
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A multipart evidence upload: `level`, then `file` (a PDF name and type).
pub fn evidence_form(level: u32, file_name: &str, content: &[u8], seq: u64) -> Body {
    let boundary = format!("padu-load-{seq:016x}");
    let mut bytes = Vec::with_capacity(content.len() + 512);
    bytes.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"level\"\r\n\r\n{level}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .as_bytes(),
    );
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Body::Multipart {
        boundary,
        bytes: Bytes::from(bytes),
    }
}

/// `len` bytes starting with `%PDF-`, the rest pseudo-random and different for every `seed`
/// (so the store's deduplication never saves the work).
pub fn random_pdf(len: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(b"%PDF-1.7\n%");
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    while out.len() < len {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        out.extend_from_slice(&z.to_le_bytes());
    }
    out.truncate(len);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_pdfs_differ_and_start_as_pdf() {
        let a = random_pdf(1000, 1);
        let b = random_pdf(1000, 2);
        assert_eq!(a.len(), 1000);
        assert!(a.starts_with(b"%PDF-"));
        assert_ne!(a, b);
    }

    #[test]
    fn form_encoding() {
        assert_eq!(form_encode("a b&c=d#"), "a%20b%26c%3Dd%23");
    }
}
