//! `padu instruments`, `padu instrument ...` and `padu score` through the real binary.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn padu(args: &[&str]) -> Output {
    padu_with_stdin(args, None)
}

fn padu_with_stdin(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_padu"))
        .args(args)
        .env_remove("PADU_INSTRUMENTS_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("padu starts");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("padu finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(args: &[&str]) -> String {
    let o = padu(args);
    assert!(o.status.success(), "padu {args:?} failed: {}", stderr(&o));
    stdout(&o)
}

fn failing(args: &[&str]) -> String {
    let o = padu(args);
    assert!(
        !o.status.success(),
        "padu {args:?} should fail; stdout: {}",
        stdout(&o)
    );
    assert!(o.stdout.is_empty(), "nothing on stdout when failing");
    stderr(&o)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

/// Levels for Kabupaten Magelang 2022's published domain figures (see the core tests).
const MAGELANG: [u32; 47] = [
    5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4,
    4, 4, 4, 4, 4, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4,
];

fn levels_csv(levels: &[u32]) -> String {
    let mut text = String::from("indikator,level\n");
    for (n, l) in levels.iter().enumerate() {
        text.push_str(&format!("{},{l}\n", n + 1));
    }
    text
}

#[test]
fn instruments_lists_every_instrument_with_its_indicator_count() {
    let out = ok(&["instruments"]);
    for line in [
        ("permenpanrb-8-2026", "20", "berlaku"),
        ("permenpanrb-59-2020", "47", "riwayat"),
        ("permenpanrb-5-2018", "35", "riwayat"),
    ] {
        let row = out
            .lines()
            .find(|l| l.starts_with(line.0))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(row.contains(line.1) && row.contains(line.2), "{row}");
    }
    assert!(out.starts_with("Id "), "Indonesian headings: {out}");
}

#[test]
fn instrument_show_prints_the_structure_in_indonesian() {
    let out = ok(&["instrument", "show", "permenpanrb-59-2020"]);
    for expected in [
        "Indeks SPBE (PermenPAN-RB 59/2020)",
        "4 domain",
        "D1 Kebijakan Internal SPBE",
        "A8 Layanan Publik Berbasis Elektronik",
        "Tingkat Kematangan Layanan Publik Sektor 3",
        "Bobot (%)",
        "Sangat Baik  3,50 <= indeks < 4,20",
        "Rintisan",
        "setengah ke genap",
    ] {
        assert!(out.contains(expected), "missing «{expected}»:\n{out}");
    }
    let out = ok(&["instrument", "show", "permenpanrb-8-2026"]);
    assert!(
        out.contains("tanpa domain")
            && out.contains("indeks eksternal: Indeks Satu Data Indonesia"),
        "{out}"
    );
}

#[test]
fn instrument_show_one_indicator_gives_criteria_per_level() {
    let out = ok(&[
        "instrument",
        "show",
        "permenpanrb-59-2020",
        "--indikator",
        "1",
    ]);
    for expected in [
        "Indikator 1 - ",
        "Level 1 - Rintisan",
        "Level 5 - Optimum",
        "Kriteria:",
        "Bukti dukung:",
        "Terkait",
    ] {
        assert!(out.contains(expected), "missing «{expected}»:\n{out}");
    }
    let err = failing(&[
        "instrument",
        "show",
        "permenpanrb-59-2020",
        "--indikator",
        "48",
    ]);
    assert!(err.contains("indikator 48 tidak ada"), "{err}");
}

#[test]
fn unknown_instruments_are_named_with_the_known_ones() {
    let err = failing(&["instrument", "show", "permenpanrb-1-2000"]);
    assert!(
        err.contains("instrumen \"permenpanrb-1-2000\" tidak dikenal")
            && err.contains("permenpanrb-8-2026"),
        "{err}"
    );
}

#[test]
fn crosswalk_shows_both_directions() {
    let out = ok(&[
        "instrument",
        "crosswalk",
        "permenpanrb-59-2020",
        "permenpanrb-8-2026",
    ]);
    assert!(out.contains("Crosswalk PermenPAN-RB 59/2020"), "{out}");
    assert!(out.contains("Keyakinan") && out.contains("tinggi"), "{out}");
    assert!(out.contains("tidak mengonversi nilai"), "{out}");
    let back = ok(&[
        "instrument",
        "crosswalk",
        "permenpanrb-8-2026",
        "permenpanrb-59-2020",
    ]);
    assert!(back.contains("Crosswalk PermenPAN-RB 8/2026"), "{back}");
    let err = failing(&[
        "instrument",
        "crosswalk",
        "permenpanrb-5-2018",
        "permenpanrb-8-2026",
    ]);
    assert!(err.contains("belum ada crosswalk"), "{err}");
}

#[test]
fn score_json_follows_the_contract() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "magelang.csv", &levels_csv(&MAGELANG));
    let out = ok(&[
        "score",
        "--instrument",
        "permenpanrb-59-2020",
        "--levels",
        &file,
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("one JSON object");
    let mut keys: Vec<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        vec![
            "aspects",
            "domains",
            "index",
            "index_display",
            "indicators",
            "instrument",
            "predikat"
        ]
    );
    let order: Vec<usize> = [
        "\"instrument\"",
        "\"index\"",
        "\"index_display\"",
        "\"predikat\"",
        "\"domains\"",
        "\"aspects\"",
        "\"indicators\"",
    ]
    .iter()
    .map(|k| out.find(k).unwrap_or(usize::MAX))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "keys in the documented order: {order:?}"
    );
    assert_eq!(json["instrument"], "permenpanrb-59-2020");
    assert_eq!(json["index"], 3.127);
    assert_eq!(json["index_display"], "3.13");
    assert_eq!(json["predikat"], "Baik");
    let domains: Vec<&str> = json["domains"]
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["index_display"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(domains, vec!["4.90", "2.40", "1.09", "3.76"]);
    assert_eq!(json["domains"][0]["code"], "D1");
    assert_eq!(json["domains"][0]["weight"], 13.0);
    assert_eq!(json["domains"][2]["weight"], 16.5);
    assert!(json["domains"][0]["name"].is_string());
    assert_eq!(json["aspects"].as_array().map(Vec::len), Some(8));
    assert_eq!(
        json["indicators"][0],
        serde_json::json!({"number": 1, "level": 5, "weight": 1.3})
    );
    assert_eq!(json["indicators"][46]["weight"], 3.0);
    assert!(
        json["indicators"][0]["level"].is_u64(),
        "whole levels are integers"
    );
}

#[test]
fn score_json_for_pemdi_has_no_domains_and_decimal_values() {
    let mut csv = String::from("indikator;level\n");
    for n in 1..=20 {
        csv.push_str(&format!("{n};{}\n", if n == 1 { "1,17" } else { "1" }));
    }
    let o = padu_with_stdin(
        &[
            "score",
            "--instrument",
            "permenpanrb-8-2026",
            "--levels",
            "-",
            "--format",
            "json",
        ],
        Some(&csv),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["domains"], serde_json::json!([]));
    assert_eq!(
        json["aspects"][0]["index_display"], "1.08",
        "1.085 rounds half to even"
    );
    assert_eq!(json["aspects"][0]["index"], 1.085);
    assert_eq!(json["indicators"][0]["level"], 1.17);
    assert_eq!(json["predikat"], "Kurang");
}

#[test]
fn score_text_is_a_readable_indonesian_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(dir.path(), "magelang.csv", &levels_csv(&MAGELANG));
    let out = ok(&[
        "score",
        "--instrument",
        "permenpanrb-59-2020",
        "--levels",
        &file,
    ]);
    for expected in [
        "Indeks      : 3,13",
        "Predikat    : Baik",
        "Domain",
        "Aspek",
        "Indikator",
        "D3    Manajemen SPBE",
        "1,09",
    ] {
        assert!(out.contains(expected), "missing «{expected}»:\n{out}");
    }
}

#[test]
fn invalid_levels_exit_non_zero_with_every_problem_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = write(
        dir.path(),
        "salah.csv",
        "indikator,level\n1,3\n2,9\n2,3\n99,1\n",
    );
    let o = padu(&[
        "score",
        "--instrument",
        "permenpanrb-59-2020",
        "--levels",
        &file,
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "tidak dapat dinilai (4 masalah)",
        "baris 3: level 9 di luar skala 1-5",
        "baris 4: indikator 2 sudah tertulis di baris 3",
        "baris 5: indikator 99 tidak ada",
        "indikator 3-47 belum diisi",
    ] {
        assert!(err.contains(expected), "missing «{expected}»:\n{err}");
    }
    assert!(o.stdout.is_empty());
}

#[test]
fn unreadable_input_files_are_explained() {
    let err = failing(&[
        "score",
        "--instrument",
        "permenpanrb-59-2020",
        "--levels",
        "/tidak/ada.csv",
    ]);
    assert!(
        err.contains("Berkas /tidak/ada.csv tidak dapat dibaca"),
        "{err}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("latin1.csv");
    std::fs::write(&path, b"indikator,level\n1,\xe9\n").expect("write");
    let err = failing(&[
        "score",
        "--instrument",
        "permenpanrb-59-2020",
        "--levels",
        &path.display().to_string(),
    ]);
    assert!(err.contains("bukan teks UTF-8"), "{err}");
}

#[test]
fn an_instruments_dir_adds_files_and_reports_broken_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = "id = \"uji\"\nname = \"Uji\"\n";
    let path = write(dir.path(), "uji.toml", broken);
    let d = dir.path().display().to_string();
    let err = failing(&["--instruments-dir", &d, "instruments"]);
    assert!(
        err.contains("Berkas instrumen tidak sah") && err.contains(&path),
        "{err}"
    );

    let valid = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../instruments/permenpanrb-8-2026.toml"),
    )
    .expect("embedded source")
    .replace("id = \"permenpanrb-8-2026\"", "id = \"pemdi-uji\"");
    write(dir.path(), "uji.toml", &valid);
    let o = Command::new(env!("CARGO_BIN_EXE_padu"))
        .arg("instruments")
        .env("PADU_INSTRUMENTS_DIR", &d)
        .output()
        .expect("runs");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("pemdi-uji"), "{}", stdout(&o));
}

#[test]
fn reference_models_lists_the_six_models_with_their_sources() {
    let out = ok(&["reference-models"]);
    for code in ["RAB", "RAL", "RAD", "RAA", "RAI", "RAK"] {
        assert!(out.contains(code), "{out}");
    }
    assert!(out.contains("Referensi Arsitektur Bisnis"), "{out}");
    assert!(out.contains("sekunder, kode sementara"), "{out}");
    assert!(out.contains("Simpul"), "{out}");
}

#[test]
fn reference_model_show_gives_the_top_level_or_a_node_with_its_path_and_children() {
    let out = ok(&["reference-model", "show", "RAB"]);
    assert!(out.contains("Level 1 (9 simpul)"), "{out}");
    assert!(
        out.contains("RAB.09  Pemerintahan Umum  (level 1) +"),
        "{out}"
    );
    assert!(out.contains("hilal1709/SPBE-DISKOMINFO"), "{out}");

    let out = ok(&["reference-model", "show", "rab.01.02"]);
    assert!(out.contains("Jalur:"), "{out}");
    assert!(out.contains("RAB.01  Pertahanan dan Luar Negeri"), "{out}");
    assert!(out.contains("Di bawahnya (6 simpul)"), "{out}");
    assert!(
        out.contains("RAB.01.02.05  Pelindungan WNI  (level 3)"),
        "{out}"
    );

    let out = ok(&["reference-model", "show", "RAD.10.01"]);
    assert!(out.contains("Tidak ada simpul di bawahnya."), "{out}");
}

#[test]
fn reference_model_show_of_an_unknown_code_fails_clearly() {
    let err = failing(&["reference-model", "show", "RAX"]);
    assert!(
        err.contains("model referensi \"RAX\" tidak dikenal; yang tersedia: RAB, RAL"),
        "{err}"
    );
    let err = failing(&["reference-model", "show", "RAB.99.01"]);
    assert!(
        err.contains("kode RAB.99.01 tidak ada pada model RAB"),
        "{err}"
    );
}

#[test]
fn a_reference_model_file_in_the_instruments_dir_replaces_the_shipped_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "code = \"RAK\"\nname = \"Referensi Arsitektur Keamanan\"\nversion = \"2026\"\n\
                source = \"Lampiran resmi\"\nsecondary = false\n\
                nodes = [\n  { code = \"RAK.01\", name = \"Standar Keamanan SPBE\" },\n]\n";
    write(dir.path(), "model-referensi-rak-2026.toml", text);
    let d = dir.path().display().to_string();
    let o = padu(&["--instruments-dir", &d, "reference-models"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("2026"), "{}", stdout(&o));
    assert!(stdout(&o).contains("resmi"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("menggantikan berkas bawaan model-referensi-rak-2022.toml"),
        "{}",
        stderr(&o)
    );

    write(
        dir.path(),
        "model-referensi-rak-2026.toml",
        &text.replace("RAK.01\"", "RAL.01\""),
    );
    let err = failing(&["--instruments-dir", &d, "reference-models"]);
    assert!(err.contains("awalan model lain (RAL)"), "{err}");
}
