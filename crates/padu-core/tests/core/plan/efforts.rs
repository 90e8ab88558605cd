//! Default efforts in the instrument data (`[[efforts]]`) and a Pemda's overrides (CSV).

use padu_core::plan::{Effort, parse_effort_csv};
use padu_core::{Catalog, EffortModel, PlanOptions, Problems, Source, Value, plan};

use crate::support::{ALL, MINI, PEMDI_2026, SPBE_2018, SPBE_2020, instrument, levels};

const FILE: &str = "tambahan/uji-mini.toml";

const MINI_EFFORTS: &str = "
[[efforts]]
scale = \"proses\"
level = 2
days = 5

[[efforts]]
scale = \"proses\"
level = 3
days = 10
rupiah = 20000000
";

fn load(text: &str) -> Result<Catalog, Problems> {
    Catalog::with_extra(vec![Source::new(FILE, text)])
}

#[test]
fn every_embedded_instrument_has_a_default_for_every_step() {
    for id in ALL {
        let i = instrument(id);
        assert!(EffortModel::from_instrument(i).missing().is_empty(), "{id}");
    }
    // 59/2020: enacting a policy is cheaper than building a service, level by level.
    let spbe = instrument(SPBE_2020);
    let model = EffortModel::from_instrument(spbe);
    assert_eq!(model.step(1, 2).map(|e| e.days), Some(5));
    assert_eq!(model.step(1, 5).map(|e| e.days), Some(30));
    assert_eq!(model.step(32, 4).map(|e| e.days), Some(60));
    for level in 2..=5 {
        let policy = model.step(1, level).expect("default");
        let service = model.step(32, level).expect("default");
        assert!(policy.days < service.days, "level {level}");
        assert!(policy.rupiah.is_some() && service.rupiah.is_some());
    }
    // 5/2018 starts at 0, so its first step reaches 1; 8/2026 has one scale.
    assert!(
        EffortModel::from_instrument(instrument(SPBE_2018))
            .step(1, 1)
            .is_some()
    );
    assert!(
        EffortModel::from_instrument(instrument(PEMDI_2026))
            .step(1, 1)
            .is_none()
    );
}

#[test]
fn efforts_are_optional_but_complete_once_written() {
    let catalog = load(MINI).unwrap_or_else(|p| panic!("{p}"));
    let mini = catalog.instrument("uji-mini").expect("loaded");
    assert!(mini.efforts.is_empty());
    let with = load(&format!("{MINI}{MINI_EFFORTS}")).unwrap_or_else(|p| panic!("{p}"));
    let mini = with.instrument("uji-mini").expect("loaded");
    let model = EffortModel::from_instrument(mini);
    assert_eq!(
        model.step(3, 3),
        Some(Effort {
            days: 10,
            rupiah: Some(20_000_000)
        })
    );
}

#[test]
fn broken_efforts_are_all_reported_with_the_file() {
    let broken = format!(
        "{MINI}
[[efforts]]
scale = \"layanan\"
level = 2
days = 5

[[efforts]]
scale = \"proses\"
level = 1
days = 3

[[efforts]]
scale = \"proses\"
level = 2
days = 0

[[efforts]]
scale = \"proses\"
level = 7
days = 4

[[efforts]]
scale = \"proses\"
level = 3
days = 4
rupiah = -1
"
    );
    let problems = load(&broken).expect_err("rejected");
    let text = problems.to_string();
    for expected in [
        "upaya skala layanan level 2: menunjuk skala \"layanan\" yang tidak ada",
        "upaya skala proses level 1: level 1 adalah tingkat terendah",
        "upaya skala proses level 2: upaya 0 hari tidak sah",
        "upaya skala proses level 7: level 7 di luar skala 1-3",
        "upaya skala proses level 3: biaya (rupiah) tidak boleh negatif",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    assert!(
        problems.iter().all(|p| p.location.starts_with(FILE)),
        "{text}"
    );
    assert_eq!(
        problems.len(),
        5,
        "a bad step is not also reported missing: {text}"
    );
    let half = format!("{MINI}\n[[efforts]]\nscale = \"proses\"\nlevel = 3\ndays = 4\n");
    let text = load(&half).expect_err("rejected").to_string();
    assert!(
        text.contains("tambahan/uji-mini.toml: upaya skala proses: upaya level 2 belum ada"),
        "{text}"
    );
    let twice = format!("{MINI}{MINI_EFFORTS}{MINI_EFFORTS}");
    let text = load(&twice).expect_err("rejected").to_string();
    assert!(
        text.contains("upaya skala proses level 2: ditulis lebih dari sekali"),
        "{text}"
    );
}

#[test]
fn without_defaults_the_plan_asks_for_an_effort_file() {
    let catalog = load(MINI).unwrap_or_else(|p| panic!("{p}"));
    let mini = catalog.instrument("uji-mini").expect("loaded");
    let current = levels(mini, &[1, 1, 1]);
    let options = PlanOptions {
        target: Some(Value(200)),
        ..PlanOptions::default()
    };
    let defaults = EffortModel::from_instrument(mini);
    let problems = plan(mini, &current, &defaults, &options).expect_err("no efforts");
    assert!(problems.mentions("tidak memuat upaya bawaan"), "{problems}");
    let problems = parse_effort_csv(mini, &defaults, "indikator,level,upaya\n1,2,4\n")
        .expect_err("incomplete");
    assert!(
        problems.mentions("upaya indikator 1-3 belum lengkap"),
        "{problems}"
    );
    let full = "indikator,level,upaya\n1,2,4\n1,3,4\n2,2,4\n2,3,4\n3,2,9\n3,3,9\n";
    let model = parse_effort_csv(mini, &defaults, full).unwrap_or_else(|p| panic!("{p}"));
    let result = plan(mini, &current, &model, &options).expect("plans");
    // 0.6 from indicators 1 and 2 to level 2 falls short; 3 to level 3 alone costs 18.
    assert!(result.feasible);
    assert_eq!(result.total_effort, 16);
}

#[test]
fn a_pemda_overrides_some_steps_and_keeps_the_defaults_for_the_rest() {
    let spbe = instrument(SPBE_2020);
    let defaults = EffortModel::from_instrument(spbe);
    let text = "\u{feff}indikator;level;upaya;rupiah\n12;2;8;15.000.000\n45;4;90;\n";
    let model = parse_effort_csv(spbe, &defaults, text).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(
        model.step(12, 2),
        Some(Effort {
            days: 8,
            rupiah: Some(15_000_000)
        })
    );
    assert_eq!(
        model.step(45, 4),
        Some(Effort {
            days: 90,
            rupiah: None
        })
    );
    assert_eq!(model.step(12, 3), defaults.step(12, 3));
}

#[test]
fn every_row_problem_is_reported_in_indonesian() {
    let spbe = instrument(SPBE_2020);
    let defaults = EffortModel::from_instrument(spbe);
    let text =
        "indikator,level,upaya\n48,2,5\n3,1,5\n4,2,0\n5,2,2.5\n6,2,lima\n7,2,5\n7,2,6\nx,2,5\n";
    let problems = parse_effort_csv(spbe, &defaults, text).expect_err("rejected");
    let text = problems.to_string();
    for expected in [
        "baris 2: indikator 48 tidak ada pada instrumen permenpanrb-59-2020 (nomor 1-47)",
        "baris 3: level 1 tidak sah: upaya ditulis untuk level yang dicapai, 2-5",
        "baris 4: upaya \"0\" harus lebih dari 0 hari",
        "baris 5: upaya \"2.5\" harus bilangan bulat hari orang",
        "baris 6: upaya \"lima\" bukan bilangan bulat positif",
        "baris 8: upaya indikator 7 level 2 sudah tertulis di baris 7",
        "baris 9: nomor indikator \"x\" bukan bilangan bulat",
    ] {
        assert!(text.contains(expected), "missing «{expected}» in:\n{text}");
    }
    assert_eq!(problems.len(), 7, "{text}");
    let problems = parse_effort_csv(spbe, &defaults, "nomor,nilai\n1,2\n").expect_err("header");
    assert!(
        problems.mentions("kepala kolom harus memuat kolom \"indikator\", \"level\" dan \"upaya\"")
    );
}
