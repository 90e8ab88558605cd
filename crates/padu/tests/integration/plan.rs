//! `padu plan` through the real binary: the JSON contract, the Indonesian report, efforts,
//! budgets, infeasible targets and bad input.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value as Json;

fn padu(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_padu"))
        .args(args)
        .env_remove("PADU_INSTRUMENTS_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("padu starts");
    if let Some(text) = stdin {
        let mut input = child.stdin.take().expect("stdin");
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("padu finishes")
}

fn ok(args: &[&str]) -> String {
    let o = padu(args, None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "padu {args:?} failed: {err}");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(args: &[&str]) -> Json {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&ok(&all)).expect("one JSON object")
}

fn failing(args: &[&str]) -> String {
    let o = padu(args, None);
    assert!(!o.status.success(), "padu {args:?} should fail");
    assert!(o.stdout.is_empty(), "nothing on stdout when failing");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

/// Kabupaten Mojokerto's 1.55 (2020): policies enacted, a few services interactive.
fn mojokerto() -> String {
    let mut text = String::from("indikator,level\n");
    for n in 1..=47 {
        let level = if (1..=11).contains(&n) || [21, 22].contains(&n) || (32..=44).contains(&n) {
            2
        } else {
            1
        };
        text.push_str(&format!("{n},{level}\n"));
    }
    text
}

const SPBE: &str = "permenpanrb-59-2020";

fn steps(plan: &Json) -> &Vec<Json> {
    plan["steps"].as_array().expect("steps")
}

#[test]
fn json_has_exactly_the_contract_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "mojokerto.csv", &mojokerto());
    let plan = json(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "2.6",
    ]);
    let keys: Vec<&str> = plan
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "feasible",
            "proven_optimal",
            "reached_display",
            "reached_index",
            "steps",
            "target",
            "total_effort"
        ]
    );
    assert_eq!(plan["feasible"], Json::Bool(true));
    assert_eq!(plan["proven_optimal"], Json::Bool(true));
    assert_eq!(plan["target"].as_f64(), Some(2.6));
    assert_eq!(plan["reached_display"], "2.60");
    assert!(plan["reached_index"].as_f64().is_some_and(|x| x >= 2.6));
    let mut total = 0;
    for step in steps(&plan) {
        let keys: Vec<&str> = step
            .as_object()
            .expect("step")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["effort", "from", "indicator", "lead_opd", "period", "to"]
        );
        assert_eq!(step["to"].as_u64(), step["from"].as_u64().map(|f| f + 1));
        assert!(matches!(step["period"].as_u64(), Some(1 | 2)));
        assert!(step["lead_opd"].is_null());
        total += step["effort"].as_u64().expect("effort");
    }
    assert_eq!(plan["total_effort"].as_u64(), Some(total));
    // The same plan for the predikat's name.
    let by_name = json(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "Baik",
    ]);
    assert_eq!(by_name, plan);
}

#[test]
fn the_text_report_is_indonesian_with_steps_per_period() {
    let out = padu(
        &[
            "plan",
            "--instrument",
            SPBE,
            "--levels",
            "-",
            "--target",
            "2,6",
        ],
        Some(&mojokerto()),
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for expected in [
        "Rencana Pencapaian Target Indeks SPBE (PermenPAN-RB 59/2020)",
        "Indeks saat ini   : 1,55 (Kurang)",
        "Target            : 2,60 (Baik)",
        "Kekurangan        : 1,05",
        "Indeks tercapai   : 2,60 (Baik)",
        "hari orang (perkiraan biaya Rp",
        "2 periode, paling banyak 1 level per indikator per periode",
        "ya, terbukti upaya paling kecil",
        "Periode 1 (upaya ",
        "Periode 2 (upaya ",
        "OPD utama",
        "Dinas Komunikasi dan Informatika",
        "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE IP/Pemda",
    ] {
        assert!(text.contains(expected), "missing «{expected}»:\n{text}");
    }
}

#[test]
fn an_unreachable_target_says_so_and_exits_zero() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "mojokerto.csv", &mojokerto());
    let args = [
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "4.5",
        "--periods",
        "1",
    ];
    let plan = json(&args);
    assert_eq!(plan["feasible"], Json::Bool(false));
    // One level for every indicator in one period.
    assert_eq!(plan["max_reachable_index"].as_f64(), Some(2.55));
    assert_eq!(plan["reached_index"], plan["max_reachable_index"]);
    assert_eq!(steps(&plan).len(), 47);
    let text = ok(&args);
    assert!(
        text.contains("Target tidak dapat dicapai dengan batasan ini. Indeks tertinggi yang dapat dicapai: 2,55 (Cukup)"),
        "{text}"
    );
}

#[test]
fn a_budget_alone_asks_for_the_highest_index_within_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "mojokerto.csv", &mojokerto());
    let plan = json(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--budget",
        "100",
    ]);
    assert!(plan["target"].is_null());
    assert_eq!(plan["feasible"], Json::Bool(true));
    assert!(plan["total_effort"].as_u64().is_some_and(|e| e <= 100));
    assert!(plan["reached_index"].as_f64().is_some_and(|x| x > 1.55));
    // With a target as well: the target within the budget, or as close as the budget allows.
    let plan = json(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "2.6",
        "--budget",
        "100",
    ]);
    assert_eq!(plan["feasible"], Json::Bool(false));
    assert!(plan["total_effort"].as_u64().is_some_and(|e| e <= 100));
}

#[test]
fn a_pemdas_efforts_change_the_plan() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "mojokerto.csv", &mojokerto());
    let base = [
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "1.58",
    ];
    let plan = json(&base);
    let default_total = plan["total_effort"].as_u64().expect("total");
    // Service 45 (3 %) at level 2 for a single day: now the cheapest way to gain 0.03.
    let efforts = write(dir.path(), "upaya.csv", "indikator;level;upaya\n45;2;1\n");
    let mut args = base.to_vec();
    args.extend(["--effort", &efforts]);
    let plan = json(&args);
    let steps = steps(&plan);
    assert_eq!(steps.len(), 1, "{plan}");
    assert_eq!(steps[0]["indicator"].as_u64(), Some(45));
    assert_eq!(plan["total_effort"].as_u64(), Some(1));
    assert!(default_total > 1);
}

#[test]
fn switching_links_off_never_costs_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "mojokerto.csv", &mojokerto());
    let base = [
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "3.2",
    ];
    let with = json(&base);
    let mut args = base.to_vec();
    args.push("--no-links");
    let without = json(&args);
    let effort = |p: &Json| p["total_effort"].as_u64().expect("total");
    assert!(effort(&without) <= effort(&with));
}

#[test]
fn decimals_and_external_indicators_under_8_2026() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from("indikator,nilai\n");
    for n in 1..=20 {
        text.push_str(&format!("{n},1.26\n"));
    }
    let levels = write(dir.path(), "pemdi.csv", &text);
    let plan = json(&[
        "plan",
        "--instrument",
        "permenpanrb-8-2026",
        "--levels",
        &levels,
        "--target",
        "Cukup",
    ]);
    assert_eq!(plan["feasible"], Json::Bool(true));
    for step in steps(&plan) {
        assert!(![5, 6, 7, 18].contains(&step["indicator"].as_u64().unwrap_or(0)));
    }
    let first = &steps(&plan)[0];
    assert_eq!(
        (first["from"].as_f64(), first["to"].as_u64()),
        (Some(1.26), Some(2))
    );
    let text = ok(&[
        "plan",
        "--instrument",
        "permenpanrb-8-2026",
        "--levels",
        &levels,
        "--target",
        "Cukup",
    ]);
    assert!(text.contains("1,26"), "{text}");
    assert!(
        text.contains("Tidak direncanakan (dikecualikan, dikunci, atau berindeks eksternal): indikator 5, 6, 7, 18"),
        "{text}"
    );
}

#[test]
fn every_problem_is_listed_in_indonesian() {
    let dir = tempfile::tempdir().expect("temp dir");
    let levels = write(dir.path(), "salah.csv", "indikator,level\n1,9\n");
    let efforts = write(
        dir.path(),
        "upaya.csv",
        "indikator,level,upaya\n3,1,5\n4,2,dua\n",
    );
    let err = failing(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--effort",
        &efforts,
        "--target",
        "Bagus",
        "--periods",
        "0",
        "--pin",
        "1,x",
    ]);
    for expected in [
        "Rencana tidak dapat dibuat (",
        "--periods: \"0\" harus bilangan bulat paling sedikit 1",
        "--pin: \"x\" bukan nomor indikator",
        "--target: target \"Bagus\" bukan angka indeks maupun predikat",
        "salah.csv: baris 2: level 9 di luar skala 1-5",
        "salah.csv: indikator 2-47 belum diisi",
        "upaya.csv: baris 2: level 1 tidak sah",
        "upaya.csv: baris 3: upaya \"dua\" bukan bilangan bulat positif",
    ] {
        assert!(err.contains(expected), "missing «{expected}»:\n{err}");
    }
    let err = failing(&["plan", "--instrument", SPBE, "--levels", &levels]);
    assert!(
        err.contains("berikan --target (indeks atau predikat) atau --budget"),
        "{err}"
    );
    let err = failing(&[
        "plan",
        "--instrument",
        SPBE,
        "--levels",
        &levels,
        "--target",
        "6",
    ]);
    assert!(err.contains("target 6 di luar skala indeks 1-5"), "{err}");
}
