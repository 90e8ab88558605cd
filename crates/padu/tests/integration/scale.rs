//! `padu generate scale`: synthetic national-scale data, refused on a database that already
//! holds evaluations.

use crate::server::run;

#[test]
fn scale_data_is_generated_once_into_an_empty_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let args = [
        "generate",
        "scale",
        "--instansi",
        "12",
        "--provinces",
        "2",
        "--opd",
        "3",
        "--evidence",
        "1",
    ];
    let (ok, out, err) = run(dir.path(), &args, "");
    assert!(ok, "{out}{err}");
    // 1 nasional + 12; 6 years of 47 (2021-2025) or 20 (2026) indicators each
    assert!(
        out.contains("13 instansi, 36 OPD, 72 periode, 3060 indikator periode"),
        "{out}"
    );
    let (ok, out, err) = run(dir.path(), &args, "");
    assert!(
        !ok && err.contains("sudah berisi periode evaluasi"),
        "{out}{err}"
    );
    let (ok, out, err) = run(dir.path(), &["audit", "verify"], "");
    assert!(ok, "the audit chain is untouched: {out}{err}");
}
