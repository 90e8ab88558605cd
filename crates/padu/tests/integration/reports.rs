//! `padu report pdf`, `padu export`, `padu import` through the real binary, against the demo
//! database; and the PDFs (a period's report, the province's overview) through the running
//! server's API (the binary links the renderer).

use std::path::Path;

use crate::book::Book;
use crate::server::{Server, run};

const PASSWORD: &str = "Padu#Demo2026";

/// The demo's current period (2026, under 8/2026) of Kabupaten Trenggalek.
fn demo_period(server: &Server) -> i64 {
    let admin = server.token("admin.trenggalek", PASSWORD);
    let (_, me) = server.request("GET", "/api/v1/me", Some(&admin), None);
    let me: serde_json::Value = serde_json::from_str(&me).expect("json");
    let (status, periods) = server.request(
        "GET",
        &format!("/api/v1/instansi/{}/periods", me["instansi"]),
        Some(&admin),
        None,
    );
    assert_eq!(status, 200, "{periods}");
    let periods: serde_json::Value = serde_json::from_str(&periods).expect("json");
    periods
        .as_array()
        .expect("periods")
        .iter()
        .find(|p| p["year"] == 2026 && p["instrument"] == "permenpanrb-8-2026")
        .and_then(|p| p["id"].as_i64())
        .expect("the 2026 period")
}

fn file(dir: &Path, name: &str) -> String {
    dir.join(name).display().to_string()
}

#[test]
fn documents_and_imports_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let server = Server::start(data, &["--demo"]);
    let p = demo_period(&server);
    let admin = server.token("admin.trenggalek", PASSWORD);
    let (status, pdf) = server.request(
        "GET",
        &format!("/api/v1/periods/{p}/report.pdf"),
        Some(&admin),
        None,
    );
    assert_eq!(status, 200, "the server makes PDFs");
    assert!(pdf.starts_with("%PDF-"), "{}", &pdf[..pdf.len().min(40)]);
    // the province's overview, typeset from the demo's data
    let province = server.token("admin.jatim", PASSWORD);
    let (_, me) = server.request("GET", "/api/v1/me", Some(&province), None);
    let me: serde_json::Value = serde_json::from_str(&me).expect("json");
    let (status, pdf) = server.request(
        "GET",
        &format!("/api/v1/instansi/{}/overview.pdf?year=2026", me["instansi"]),
        Some(&province),
        None,
    );
    assert_eq!(
        status,
        200,
        "the overview PDF: {}",
        &pdf[..pdf.len().min(200)]
    );
    assert!(pdf.starts_with("%PDF-"), "{}", &pdf[..pdf.len().min(40)]);
    server.stop();

    let period = p.to_string();
    let (ok, out, err) = run(
        data,
        &[
            "report",
            "pdf",
            "--period",
            &period,
            "-o",
            &file(data, "laporan.pdf"),
        ],
        "",
    );
    assert!(ok, "{out}{err}");
    let bytes = std::fs::read(data.join("laporan.pdf")).expect("pdf written");
    assert!(bytes.starts_with(b"%PDF-"));

    let (ok, out, err) = run(
        data,
        &[
            "export",
            "xlsx",
            "--period",
            &period,
            "-o",
            &file(data, "lk.xlsx"),
        ],
        "",
    );
    assert!(ok, "{out}{err}");
    let worksheet = std::fs::read(data.join("lk.xlsx")).expect("xlsx written");
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "xlsx",
            "--period",
            &period,
            &file(data, "lk.xlsx"),
        ],
        "",
    );
    assert!(ok && out.contains("Tidak ada perubahan."), "{out}{err}");

    // Give indicator 1 the lead OPD of another indicator (any status may change assignments).
    let mut book = Book::read(&worksheet);
    assert_eq!(
        book.get("Info", "A9").to_string(),
        "Data demo",
        "the command reads the demo mark too"
    );
    let own_lead = book.get("Lembar Kerja", "F2").to_string();
    let other_lead = (3..=21)
        .map(|row| book.get("Lembar Kerja", &format!("F{row}")).to_string())
        .find(|lead| !lead.is_empty() && *lead != own_lead)
        .expect("another lead OPD");
    book.text("Lembar Kerja", "F2", &other_lead);
    std::fs::write(data.join("lk-ubah.xlsx"), book.write()).expect("write");
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "xlsx",
            "--period",
            &period,
            &file(data, "lk-ubah.xlsx"),
        ],
        "",
    );
    assert!(
        ok && out.contains("Indikator 1 · OPD Pengampu: ") && out.contains("--apply"),
        "{out}{err}"
    );
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "xlsx",
            "--period",
            &period,
            &file(data, "lk-ubah.xlsx"),
            "--apply",
        ],
        "",
    );
    assert!(
        ok && out.contains("1 perubahan pada 1 indikator diterapkan."),
        "{out}{err}"
    );
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "xlsx",
            "--period",
            &period,
            &file(data, "lk-ubah.xlsx"),
        ],
        "",
    );
    assert!(
        ok && out.contains("Tidak ada perubahan."),
        "applied once: {out}{err}"
    );

    // An official result missing indicator 20 applies nothing and says why.
    let mut csv = String::from("No,Nilai,Catatan\n");
    for n in 1..=19 {
        csv.push_str(&format!("{n},2.10,\n"));
    }
    std::fs::write(data.join("hasil.csv"), &csv).expect("write");
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "official",
            "--period",
            &period,
            &file(data, "hasil.csv"),
            "--apply",
        ],
        "",
    );
    assert!(
        !ok && err.contains("20") && err.contains("tidak ada yang diterapkan"),
        "{out}{err}"
    );
    csv.push_str("20,3.00,Sesuai hasil evaluasi\n");
    std::fs::write(data.join("hasil.csv"), &csv).expect("write");
    let (ok, out, err) = run(
        data,
        &[
            "import",
            "official",
            "--period",
            &period,
            &file(data, "hasil.csv"),
            "--apply",
        ],
        "",
    );
    assert!(
        ok && out.contains("20 nilai final diterapkan."),
        "{out}{err}"
    );

    let (ok, out, err) = run(
        data,
        &[
            "export",
            "action-plan",
            "--period",
            &period,
            "-o",
            &file(data, "rencana.txt"),
        ],
        "",
    );
    assert!(!ok && err.contains(".xlsx atau .pdf"), "{out}{err}");

    let (ok, out, err) = run(data, &["audit", "verify"], "");
    assert!(ok && out.contains("Rantai audit utuh"), "{out}{err}");
}

/// The newest audit entries of the demo database in `data`, newest first.
fn newest_audit(data: &Path, limit: u64) -> Vec<padu_store::AuditEntry> {
    let url = format!("sqlite://{}", data.join("padu.db").display());
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let store = padu_store::Store::connect(&url, None)
            .await
            .expect("database");
        let entries = store
            .audit_entries(&padu_store::AuditFilter::default(), limit, 0)
            .await
            .expect("audit entries");
        store.close().await;
        entries
    })
}

#[test]
fn imports_act_as_the_named_user_with_their_permissions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path();
    let server = Server::start(data, &["--demo"]);
    let p = demo_period(&server);
    server.stop();
    let period = p.to_string();
    let sheet = file(data, "lk.xlsx");
    let (ok, out, err) = run(
        data,
        &[
            "export",
            "xlsx",
            "--period",
            &period,
            "-o",
            &sheet,
            "--as",
            "admin.trenggalek",
        ],
        "",
    );
    assert!(ok, "{out}{err}");
    let mut book = Book::read(&std::fs::read(data.join("lk.xlsx")).expect("xlsx"));
    let own_lead = book.get("Lembar Kerja", "F2").to_string();
    let other_lead = (3..=21)
        .map(|row| book.get("Lembar Kerja", &format!("F{row}")).to_string())
        .find(|lead| !lead.is_empty() && *lead != own_lead)
        .expect("another lead OPD");
    book.text("Lembar Kerja", "F2", &other_lead);
    std::fs::write(data.join("lk-ubah.xlsx"), book.write()).expect("write");
    let changed = file(data, "lk-ubah.xlsx");
    let import = |user: &str| {
        run(
            data,
            &[
                "import", "xlsx", "--period", &period, &changed, "--apply", "--as", user,
            ],
            "",
        )
    };

    // An OPD operator may not manage the period: refused, as on the page, and nothing applied.
    let before = newest_audit(data, 1)[0].seq;
    let (ok, out, err) = import("operator.diskominfo");
    assert!(
        !ok && err.contains("tidak memiliki hak akses"),
        "{out}{err}"
    );
    let (ok, out, err) = import("tidak.ada");
    assert!(
        !ok && err.contains("Pengguna tidak ditemukan"),
        "{out}{err}"
    );
    assert_eq!(newest_audit(data, 1)[0].seq, before, "nothing was written");

    // The administrator may: applied, and the audit log names the administrator.
    let (ok, out, err) = import("admin.trenggalek");
    assert!(
        ok && out.contains("1 perubahan pada 1 indikator diterapkan."),
        "{out}{err}"
    );
    let newest = newest_audit(data, 1).remove(0);
    assert!(newest.seq > before);
    assert_eq!(newest.actor_name, "admin.trenggalek", "{newest:?}");

    // Without --as the command acts as the system principal, named `cli` in the log.
    book.text("Lembar Kerja", "F2", &own_lead);
    std::fs::write(data.join("lk-ubah.xlsx"), book.write()).expect("write");
    let (ok, out, err) = run(
        data,
        &["import", "xlsx", "--period", &period, &changed, "--apply"],
        "",
    );
    assert!(ok, "{out}{err}");
    let newest = newest_audit(data, 1).remove(0);
    assert_eq!((newest.actor_id, newest.actor_name.as_str()), (None, "cli"));
}
