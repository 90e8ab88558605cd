//! `padu config check`, `padu healthcheck`, and the shipped Containerfile and systemd unit.

use std::path::Path;

use crate::server::{Server, padu, run};

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

#[test]
fn config_check_summarises_a_good_configuration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let file = write(
        dir.path(),
        "padu.toml",
        &format!(
            "data_dir = \"{}\"\npublic_url = \"https://padu.trenggalekkab.go.id\"\n",
            data.display()
        ),
    );
    let out = padu(dir.path())
        .env_remove("PADU_DATA_DIR")
        .args(["--config", &file, "config", "check"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Konfigurasi baik."), "{text}");
    assert!(text.contains(&data.display().to_string()), "{text}");
    assert!(text.contains("https://padu.trenggalekkab.go.id"), "{text}");
    assert!(
        data.is_dir(),
        "the data directory is created as serve would"
    );
}

#[test]
fn config_check_lists_every_problem_in_indonesian_with_the_password_hidden() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "padu.toml",
        "bind = \"bukan-alamat\"\n\
         data_dir = \"/proc/padu-tidak-bisa\"\n\
         public_url = \"ftp://padu.trenggalekkab.go.id\"\n\
         datbase_url = \"salah ketik\"\n\
         database_url = \"postgres://padu:rahasia@127.0.0.1:1/padu\"\n\
         [smtp]\nhost = \"mail.trenggalekkab.go.id\"\nfrom = \"padu@trenggalekkab.go.id\"\n\
         username = \"padu\"\n\
         [files]\nbackend = \"s3\"\nbucket = \"padu-bukti\"\naccess_key_id = \"AKIA\"\n",
    );
    let out = padu(dir.path())
        .env_remove("PADU_DATA_DIR")
        .env_remove("PADU_BIND")
        .args(["--config", &file, "config", "check"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(out.stdout.is_empty(), "no summary when failing");
    for expected in [
        "Konfigurasi bermasalah (7 masalah)",
        "kunci tidak dikenal di berkas konfigurasi: `datbase_url`",
        "alamat bind `bukan-alamat` tidak sah",
        "direktori data /proc/padu-tidak-bisa tidak dapat dipakai",
        "public_url `ftp://padu.trenggalekkab.go.id` harus diawali http:// atau https://",
        "[files] access_key_id dan secret_access_key harus diisi keduanya",
        "[smtp] username dan password harus diisi keduanya",
        "basis data postgres://padu:***@127.0.0.1:1/padu",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("rahasia"), "the password never shows: {err}");
}

#[test]
fn config_check_reports_a_bad_oidc_section_and_a_provider_that_does_not_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let check = |name: &str, oidc: &str| {
        let file = write(
            dir.path(),
            name,
            &format!("data_dir = \"{}\"\n[oidc]\n{oidc}", data.display()),
        );
        let (ok, out, err) = run(dir.path(), &["--config", &file, "config", "check"], "");
        assert!(!ok && out.is_empty(), "{out}");
        err
    };
    let err = check(
        "buruk.toml",
        "issuer = \"http://sso.trenggalekkab.go.id\"\nclient_id = \"\"\n\
         client_secret = \"rahasia-klien\"\nscopes = [\"profile\"]\n",
    );
    for expected in [
        "[oidc] issuer `http://sso.trenggalekkab.go.id` harus diawali https://",
        "[oidc] client_id kosong",
        "[oidc] scopes harus memuat `openid`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("rahasia-klien"), "{err}");
    // well formed, but nothing answers on port 1 of loopback
    let err = check(
        "diam.toml",
        "issuer = \"http://127.0.0.1:1\"\nclient_id = \"padu\"\n",
    );
    assert!(
        err.contains("[oidc] penyedia identitas http://127.0.0.1:1: dokumen discovery"),
        "{err}"
    );
    // a misspelt key inside the section is not silently a default
    let err = check(
        "salah.toml",
        "issuer = \"https://sso.example\"\nclient_id = \"padu\"\nmatch = \"email\"\n",
    );
    assert!(err.contains("match"), "{err}");
}

#[test]
fn config_check_refuses_an_unparsable_file_an_unknown_scheme_and_a_public_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "rusak.toml", "bind = [\n");
    let (ok, out, err) = run(dir.path(), &["--config", &file, "config", "check"], "");
    assert!(!ok && out.is_empty(), "{out}");
    assert!(
        err.contains("berkas konfigurasi tidak dapat dibaca") && err.contains("TOML"),
        "{err}"
    );

    let out = padu(dir.path())
        .env("PADU_DATABASE_URL", "mysql://padu:rahasia@db/padu")
        .args(["config", "check"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains("alamat basis data mysql://padu:***@db/padu tidak dikenal")
            && !err.contains("rahasia"),
        "{err}"
    );

    let https = || {
        let mut cmd = padu(dir.path());
        cmd.env("PADU_PUBLIC_URL", "https://padu.trenggalekkab.go.id");
        cmd
    };
    let out = https()
        .args(["config", "check", "--demo"])
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("--demo tidak dijalankan pada alamat https"),
        "{err}"
    );
    let out = https().args(["config", "check"]).output().expect("runs");
    assert!(out.status.success(), "without --demo the same is fine");
}

#[test]
fn config_check_reaches_postgresql_when_one_is_configured() {
    let Ok(url) = std::env::var("PADU_TEST_POSTGRES_URL") else {
        eprintln!("PADU_TEST_POSTGRES_URL unset: the PostgreSQL case is skipped");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let out = padu(dir.path())
        .env("PADU_DATABASE_URL", &url)
        .args(["config", "check"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Basis data     : postgres://"), "{text}");
}

#[test]
fn healthcheck_answers_zero_for_a_ready_server_and_fails_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path(), &[]);
    let address = server.address().to_string();
    let (ok, out, err) = run(dir.path(), &["healthcheck", "--address", &address], "");
    assert!(ok, "{err}");
    assert!(out.contains("siap"), "{out}");
    server.stop();
    let (ok, _, err) = run(dir.path(), &["healthcheck", "--address", &address], "");
    assert!(!ok && err.contains("tidak menjawab"), "{err}");
}

/// The instructions of a Containerfile, continuation lines joined, comments dropped.
fn instructions(text: &str) -> Vec<(String, String)> {
    let mut joined = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        if let Some(head) = line.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
        } else {
            current.push_str(line);
            joined.push(std::mem::take(&mut current));
        }
    }
    joined
        .into_iter()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (word, rest) = l.split_once(' ').unwrap_or((&l, ""));
            (word.to_ascii_uppercase(), rest.trim().to_string())
        })
        .collect()
}

fn repository_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_containerfile_builds_in_one_stage_and_runs_unprivileged_in_another() {
    let steps = instructions(&repository_file("Containerfile"));
    let known = [
        "FROM",
        "RUN",
        "COPY",
        "ENV",
        "VOLUME",
        "WORKDIR",
        "USER",
        "EXPOSE",
        "HEALTHCHECK",
        "ENTRYPOINT",
        "CMD",
        "ARG",
        "LABEL",
    ];
    for (word, _) in &steps {
        assert!(known.contains(&word.as_str()), "unknown instruction {word}");
    }
    let froms: Vec<&String> = steps
        .iter()
        .filter(|(w, _)| w == "FROM")
        .map(|(_, r)| r)
        .collect();
    assert_eq!(froms.len(), 2, "{froms:?}");
    assert!(froms[0].contains("library/rust:") && froms[0].ends_with("AS builder"));
    assert!(froms[1].contains("debian:") && froms[1].contains("-slim"));
    let after_runtime = &steps[steps.iter().rposition(|(w, _)| w == "FROM").expect("from")..];
    let value = |word: &str| {
        after_runtime
            .iter()
            .filter(|(w, _)| w == word)
            .map(|(_, r)| r.as_str())
            .collect::<Vec<_>>()
    };
    assert!(
        steps
            .iter()
            .any(|(w, r)| w == "RUN" && r.contains("cargo build --release --locked")),
        "the builder builds with --locked"
    );
    assert!(
        value("COPY")
            .iter()
            .any(|r| r.starts_with("--from=builder"))
    );
    let user = value("USER");
    assert_eq!(user.len(), 1);
    let uid = user[0].split(':').next().expect("uid");
    assert!(
        uid.parse::<u32>().is_ok_and(|u| u >= 1000),
        "a fixed non-root uid: {uid}"
    );
    assert_eq!(value("VOLUME"), ["[\"/var/lib/padu\"]"]);
    let env = value("ENV").join(" ");
    assert!(
        env.contains("PADU_DATA_DIR=/var/lib/padu") && env.contains("PADU_BIND=0.0.0.0:8080"),
        "{env}"
    );
    assert_eq!(value("EXPOSE"), ["8080"]);
    let health = value("HEALTHCHECK");
    assert!(
        health.len() == 1 && health[0].contains("\"healthcheck\"") && health[0].contains("CMD"),
        "{health:?}"
    );
    let runtime_runs = value("RUN").join(" ");
    assert!(
        !runtime_runs.contains("poppler"),
        "poppler is for the tests only"
    );
}

#[test]
fn the_systemd_unit_is_hardened_and_reads_an_environment_file() {
    let unit = repository_file("packaging/padu.service");
    let settings: Vec<&str> = unit
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .collect();
    for wanted in [
        "DynamicUser=yes",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/padu",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectHome=yes",
        "CapabilityBoundingSet=",
        "SystemCallFilter=@system-service",
        "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX",
        "MemoryDenyWriteExecute=yes",
        "EnvironmentFile=-/etc/padu/padu.env",
        "Environment=PADU_DATA_DIR=/var/lib/padu",
        "ExecStartPre=/usr/local/bin/padu config check",
        "ExecStart=/usr/local/bin/padu serve",
    ] {
        assert!(settings.contains(&wanted), "missing {wanted}");
    }
}
