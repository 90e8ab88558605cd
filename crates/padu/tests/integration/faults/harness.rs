//! The harness of the durability tests: a real `padu serve` to start, kill and restart, a
//! small HTTP client over plain sockets, and the demo's work to drive.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sha2::{Digest as _, Sha256};

pub(crate) const PASSWORD: &str = "Padu#Demo2026";

/// Where a server keeps its data: SQLite and files in `data`, or PostgreSQL at `database_url`
/// (files still in `data`).
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub(crate) data: PathBuf,
    pub(crate) database_url: Option<String>,
}

impl Target {
    pub(crate) fn sqlite(data: PathBuf) -> Target {
        std::fs::create_dir_all(&data).expect("data dir");
        Target {
            data,
            database_url: None,
        }
    }

    pub(crate) fn command(&self) -> Command {
        let mut cmd = crate::server::padu(&self.data);
        if let Some(url) = &self.database_url {
            cmd.env("PADU_DATABASE_URL", url);
        }
        cmd.env("PADU_LOG", "warn")
            .env("PADU_REMINDER_MINUTES", "0");
        cmd
    }

    /// Runs `padu ARGS` to the end: success, stdout, stderr.
    pub(crate) fn run(&self, args: &[&str]) -> (bool, String, String) {
        let out = self
            .command()
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("padu runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    pub(crate) fn store_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data.join("padu.db").display()))
    }
}

/// A running `padu serve`, killed when dropped.
pub(crate) struct Running {
    child: Child,
    pub(crate) address: String,
}

impl Running {
    pub(crate) fn start(target: &Target, args: &[&str]) -> Running {
        let mut child = target
            .command()
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("padu serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut seen = Vec::new();
        let address = loop {
            let Some(Ok(line)) = lines.next() else {
                panic!("server ended before serving: {seen:?}");
            };
            if let Some(rest) = line.strip_prefix("Padu berjalan di http://") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
            seen.push(line);
        };
        std::thread::spawn(move || lines.for_each(drop));
        let running = Running { child, address };
        let (status, _) = running.call("GET", "/readyz", None, None).expect("readyz");
        assert_eq!(status, 200, "the server is ready");
        running
    }

    pub(crate) fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
    ) -> Result<(u16, Vec<u8>), Failure> {
        http(&self.address, method, path, token, body)
    }

    pub(crate) fn json(&self, path: &str, token: &str) -> serde_json::Value {
        let (status, body) = self.call("GET", path, Some(token), None).expect("GET");
        assert_eq!(status, 200, "{path}: {}", String::from_utf8_lossy(&body));
        serde_json::from_slice(&body).expect("json")
    }

    pub(crate) fn token(&self, username: &str) -> String {
        let body = format!("{{\"username\":\"{username}\",\"password\":\"{PASSWORD}\"}}");
        let (status, body) = self
            .call(
                "POST",
                "/api/v1/auth/token",
                None,
                Some(("application/json", body.as_bytes())),
            )
            .expect("token");
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        json["token"].as_str().expect("token").to_string()
    }

    /// SIGKILL: no chance to finish anything.
    pub(crate) fn kill9(mut self) {
        let status = Command::new("kill")
            .args(["-9", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -9");
        let _ = self.child.wait();
    }

    /// SIGTERM, and wait for the server to end.
    pub(crate) fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Nothing was sent: the server was not there.
    NotSent(std::io::Error),
    /// Sent, but no (whole) answer came: it may or may not have taken effect.
    NoAnswer(std::io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotSent(e) => write!(f, "not sent: {e}"),
            Failure::NoAnswer(e) => write!(f, "no answer: {e}"),
        }
    }
}

/// One HTTP/1.1 request with `Connection: close`; the body of a chunked answer is decoded.
pub(crate) fn http(
    address: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, &[u8])>,
) -> Result<(u16, Vec<u8>), Failure> {
    let mut stream = TcpStream::connect(address).map_err(Failure::NotSent)?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(Failure::NotSent)?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    if let Some(t) = token {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let (content_type, bytes) = body.unwrap_or(("", b""));
    if !content_type.is_empty() {
        head.push_str(&format!(
            "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
            bytes.len()
        ));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(bytes);
    stream.write_all(&request).map_err(Failure::NoAnswer)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(Failure::NoAnswer)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::UnexpectedEof.into()))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::InvalidData.into()))?;
    let body = raw[split + 4..].to_vec();
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(&body).ok_or_else(|| Failure::NoAnswer(std::io::ErrorKind::InvalidData.into()))?
    } else {
        body
    };
    Ok((status, body))
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&raw[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        raw = &raw[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(..size)?);
        raw = raw.get(size + 2..)?;
    }
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    padu_core::audit::hex(&Sha256::digest(bytes))
}

/// A multipart evidence upload: `file` (a CSV) at level 1.
pub(crate) fn upload_body(name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "padu-batas-7d1e0c";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"level\"\r\n\r\n1\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The demo's Kabupaten Trenggalek, its 2026 period and the indicators still editable there.
pub(crate) fn demo_work(server: &Running, token: &str) -> (i64, i64, Vec<u16>) {
    let instansi = server.json("/api/v1/instansi", token);
    let kab = instansi
        .as_array()
        .expect("list")
        .iter()
        .find(|i| i["name"] == "Kabupaten Trenggalek")
        .and_then(|i| i["id"].as_i64())
        .expect("Trenggalek");
    let periods = server.json(&format!("/api/v1/instansi/{kab}/periods"), token);
    let period = periods
        .as_array()
        .expect("list")
        .iter()
        .find(|p| p["year"] == 2026)
        .and_then(|p| p["id"].as_i64())
        .expect("2026");
    let indicators = server.json(&format!("/api/v1/periods/{period}/indicators"), token);
    let open: Vec<u16> = indicators
        .as_array()
        .expect("list")
        .iter()
        .filter(|i| i["status"] == "draft" || i["status"] == "returned")
        .filter_map(|i| i["number"].as_u64().and_then(|n| u16::try_from(n).ok()))
        .collect();
    assert!(open.len() >= 8, "editable indicators: {open:?}");
    (kab, period, open)
}
