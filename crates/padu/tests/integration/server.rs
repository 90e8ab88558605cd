//! `padu serve --demo`, `migrate`, `user`, `audit verify` through the real binary, on SQLite in
//! a temporary data directory.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn padu(data: &std::path::Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_padu"));
    cmd.env("PADU_DATA_DIR", data)
        .env_remove("PADU_DATABASE_URL")
        .env_remove("PADU_CONFIG")
        .env("PADU_BIND", "127.0.0.1:0")
        .current_dir(data);
    cmd
}

pub(crate) fn run(data: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = padu(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("padu starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin");
    let out = child.wait_with_output().expect("padu ends");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A running `padu serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    address: String,
    output: Vec<String>,
}

impl Server {
    pub(crate) fn start(data: &std::path::Path, args: &[&str]) -> Server {
        Server::start_on(data, None, args)
    }

    /// Like [`Server::start`], on the database at `database_url` when given (else SQLite in
    /// `data`).
    pub(crate) fn start_on(
        data: &std::path::Path,
        database_url: Option<&str>,
        args: &[&str],
    ) -> Server {
        let mut cmd = padu(data);
        if let Some(url) = database_url {
            cmd.env("PADU_DATABASE_URL", url);
        }
        let mut child = cmd
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("padu serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut output = Vec::new();
        // generous: a debug build seeding the demo on a loaded machine
        let deadline = Instant::now() + Duration::from_secs(180);
        let address = loop {
            assert!(
                Instant::now() < deadline,
                "server did not start: {output:?}"
            );
            let line = lines.next().expect("server prints").expect("utf-8");
            output.push(line.clone());
            if let Some(rest) = line.strip_prefix("Padu berjalan di http://") {
                break rest.split_whitespace().next().expect("address").to_string();
            }
        };
        // Keep reading what the server prints, as a terminal would.
        std::thread::spawn(move || lines.for_each(drop));
        Server {
            child,
            address,
            output,
        }
    }

    /// The `host:port` the server listens on.
    pub(crate) fn address(&self) -> &str {
        &self.address
    }

    /// What the server printed until it answered.
    pub(crate) fn output(&self) -> &[String] {
        &self.output
    }

    /// One HTTP/1.1 request; returns status and body.
    pub(crate) fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.address
        );
        if let Some(t) = token {
            req.push_str(&format!("Authorization: Bearer {t}\r\n"));
        }
        let body = body.unwrap_or("");
        if !body.is_empty() {
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        req.push_str("\r\n");
        req.push_str(body);
        stream.write_all(req.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read");
        // a PDF body is not UTF-8: read it lossily, its "%PDF-" start stays intact
        let response = String::from_utf8_lossy(&raw).into_owned();
        let status = response
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    pub(crate) fn token(&self, username: &str, password: &str) -> String {
        let (status, body) = self.request(
            "POST",
            "/api/v1/auth/token",
            None,
            Some(&format!(
                "{{\"username\":\"{username}\",\"password\":\"{password}\"}}"
            )),
        );
        assert_eq!(status, 200, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).expect("json");
        json["token"].as_str().expect("token").to_string()
    }

    pub(crate) fn stop(mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn count(json: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.as_array().map(Vec::len))
        .unwrap_or(0)
}

#[test]
fn serve_demo_seeds_once_and_answers_the_api() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), &["--demo"]);
    assert!(
        server
            .output
            .iter()
            .any(|l| l.starts_with("Data demo dibuat")),
        "{:?}",
        server.output
    );
    for account in [
        "superadmin",
        "admin.jatim",
        "admin.trenggalek",
        "sekda.trenggalek",
        "operator.diskominfo",
        "asesor.inspektorat",
        "bupati.trenggalek",
        "asesor.eksternal",
    ] {
        assert!(
            server
                .output
                .iter()
                .any(|l| l.trim_start().starts_with(account)),
            "{account} printed"
        );
    }
    let (status, _) = server.request("GET", "/readyz", None, None);
    assert_eq!(status, 200);
    let token = server.token("superadmin", "Padu#Demo2026");
    let (_, instansi) = server.request("GET", "/api/v1/instansi", Some(&token), None);
    assert_eq!(
        count(&instansi),
        40,
        "nasional, a province and its 38 kabupaten/kota: {instansi}"
    );
    let (_, users) = server.request("GET", "/api/v1/users", Some(&token), None);
    let users_before = count(&users);
    let admin = server.token("admin.trenggalek", "Padu#Demo2026");
    let (_, me) = server.request("GET", "/api/v1/me", Some(&admin), None);
    let me: serde_json::Value = serde_json::from_str(&me).expect("json");
    let (_, opds) = server.request(
        "GET",
        &format!("/api/v1/instansi/{}/opd", me["instansi"]),
        Some(&admin),
        None,
    );
    assert!(
        count(&opds) >= 25,
        "a fully populated kabupaten: {}",
        count(&opds)
    );
    server.stop();

    // a second start changes nothing
    let server = Server::start(dir.path(), &["--demo"]);
    assert!(
        server.output.iter().any(|l| l.contains("sudah ada")),
        "{:?}",
        server.output
    );
    let token = server.token("superadmin", "Padu#Demo2026");
    let (_, instansi) = server.request("GET", "/api/v1/instansi", Some(&token), None);
    assert_eq!(count(&instansi), 40);
    let (_, users) = server.request("GET", "/api/v1/users", Some(&token), None);
    assert_eq!(count(&users), users_before);
    server.stop();

    let (ok, out, err) = run(dir.path(), &["audit", "verify"], "");
    assert!(ok && out.contains("Rantai audit utuh"), "{out}{err}");
}

#[test]
fn admin_commands_create_users_reset_passwords_and_verify_the_audit_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out, err) = run(dir.path(), &["migrate"], "");
    assert!(ok && out.contains("sudah mutakhir"), "{out}{err}");

    let (ok, out, err) = run(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "root",
            "--role",
            "superadmin",
            "--password-stdin",
        ],
        "Sangat#Rahasia2026\n",
    );
    assert!(
        ok && out.contains("Pengguna root ditambahkan"),
        "{out}{err}"
    );

    let (ok, _, err) = run(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "Root!",
            "--role",
            "raja",
            "--password-stdin",
        ],
        "pendek\n",
    );
    assert!(!ok, "bad input fails");
    for expected in [
        "Nama pengguna 3-64 karakter",
        "paling sedikit 12 karakter",
        "Peran \"raja\" tidak dikenal",
    ] {
        assert!(err.contains(expected), "missing «{expected}»: {err}");
    }
    let (ok, _, err) = run(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "root",
            "--role",
            "superadmin",
            "--password-stdin",
        ],
        "Sangat#Rahasia2026\n",
    );
    assert!(!ok && err.contains("Nama pengguna sudah dipakai"), "{err}");
    let (ok, _, err) = run(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "op",
            "--role",
            "operator_opd",
            "--password-stdin",
        ],
        "Sangat#Rahasia2026\n",
    );
    assert!(
        !ok && err.contains("harus ditempatkan di sebuah instansi"),
        "{err}"
    );
    let (ok, _, err) = run(
        dir.path(),
        &[
            "user",
            "add",
            "--username",
            "kosong",
            "--role",
            "superadmin",
            "--password-stdin",
        ],
        "",
    );
    assert!(!ok && err.contains("Kata sandi kosong"), "{err}");

    let server = Server::start(dir.path(), &[]);
    let token = server.token("root", "Sangat#Rahasia2026");
    let (status, _) = server.request("GET", "/api/v1/me", Some(&token), None);
    assert_eq!(status, 200);
    server.stop();

    let (ok, out, err) = run(
        dir.path(),
        &[
            "user",
            "reset-password",
            "--username",
            "root",
            "--password-stdin",
        ],
        "Baru#Sekali2026\n",
    );
    assert!(ok && out.contains("semua sesi dan token"), "{out}{err}");
    let server = Server::start(dir.path(), &[]);
    let (status, _) = server.request("GET", "/api/v1/me", Some(&token), None);
    assert_eq!(status, 401, "the old token ended with the reset");
    server.token("root", "Baru#Sekali2026");
    server.stop();
    let (ok, _, err) = run(
        dir.path(),
        &[
            "user",
            "reset-password",
            "--username",
            "tidak-ada",
            "--password-stdin",
        ],
        "Baru#Sekali2026\n",
    );
    assert!(!ok && err.contains("tidak ditemukan"), "{err}");
    for guessable in ["password2026\n", "Padu#Demo2026\n", "root-root-2026\n"] {
        let (ok, _, err) = run(
            dir.path(),
            &[
                "user",
                "reset-password",
                "--username",
                "root",
                "--password-stdin",
            ],
            guessable,
        );
        assert!(
            !ok && (err.contains("mudah ditebak")
                || err.contains("kata sandi demo")
                || err.contains("nama pengguna")),
            "{guessable}: {err}"
        );
    }

    let (ok, out, err) = run(dir.path(), &["audit", "verify"], "");
    assert!(ok && out.contains("Rantai audit utuh"), "{out}{err}");
}

#[test]
fn a_bad_configuration_is_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, _, err) = run(dir.path(), &["--config", "/tidak/ada.toml", "migrate"], "");
    assert!(
        !ok && err.contains("Berkas konfigurasi /tidak/ada.toml tidak ada"),
        "{err}"
    );
    let mut cmd = padu(dir.path());
    let out = cmd
        .env("PADU_DATABASE_URL", "mysql://x")
        .arg("migrate")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("harus diawali sqlite: atau postgres://"),
        "{err}"
    );
    // the demo's published passwords never go live on a public (https) address
    let out = padu(dir.path())
        .env("PADU_PUBLIC_URL", "https://padu.trenggalekkab.go.id")
        .args(["serve", "--demo"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("--demo tidak dijalankan pada alamat https"),
        "{err}"
    );
    assert!(
        !dir.path().join("padu.db").exists(),
        "nothing was created: {:?}",
        std::fs::read_dir(dir.path()).map(|d| d.count())
    );
    let out = padu(dir.path())
        .env("PADU_BIND", "bukan-alamat")
        .arg("serve")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("Alamat bukan-alamat tidak dapat dipakai"),
        "{err}"
    );
}
