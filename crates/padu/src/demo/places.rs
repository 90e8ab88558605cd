//! The 38 kabupaten/kota of Provinsi Jawa Timur as data: their names and kode wilayah
//! (Kemendagri: 35.01 Kabupaten Pacitan ... 35.29 Kabupaten Sumenep, 35.71 Kota Kediri ... 35.79
//! Kota Batu), the final index of their 2023-2025 evaluations (PermenPAN-RB 59/2020) and how far
//! their 2026 evaluation (8/2026) has come.
//!
//! Two figures are published and used exactly: Kabupaten Pasuruan 2.47 "Cukup" (2023) and Kota
//! Mojokerto 4.26 "Memuaskan" (2023). Every other figure is synthetic: a believable spread
//! (1.51-4.31), mostly rising with a few setbacks, across every predikat band. Kabupaten
//! Trenggalek's history is not here: it is seeded through the application's use cases
//! (`evaluation.rs`), as before.

use padu_core::access::InstansiKind;

/// How far a kabupaten/kota's 2026 evaluation has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The self-assessment has not started (it opens after the demo's date).
    Belum,
    /// OPDs enter their self-assessed values; nothing submitted yet.
    Mandiri,
    /// Submitted, returned and accepted indicators side by side; a few drafts left.
    Penilaian,
    /// Every indicator accepted and given its final value.
    Final,
}

/// One kabupaten/kota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub kind: InstansiKind,
    pub name: &'static str,
    pub kode: &'static str,
    /// Final index (hundredths) of 2023, 2024 and 2025; `None` for Kabupaten Trenggalek.
    pub history: Option<[u32; 3]>,
    pub stage: Stage,
}

impl Place {
    /// The name without "Kabupaten"/"Kota", in lower case and without spaces, "kota" in front
    /// for a kota: `pacitan`, `kotabatu` (Kabupaten and Kota Kediri are `kediri` and
    /// `kotakediri`). Account names are `admin.<short>` and `sekda.<short>`.
    pub fn short_name(&self) -> String {
        let (prefix, bare) = match self.kind {
            InstansiKind::Kota => ("kota", self.name.trim_start_matches("Kota ")),
            _ => ("", self.name.trim_start_matches("Kabupaten ")),
        };
        let bare: String = bare
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        format!("{prefix}{bare}")
    }

    /// "Kabupaten Pacitan" -> "Pacitan", "Kota Batu" -> "Kota Batu": how an account is named.
    pub fn label(&self) -> &'static str {
        self.name.strip_prefix("Kabupaten ").unwrap_or(self.name)
    }
}

use InstansiKind::{Kabupaten as Kab, Kota};
use Stage::{Belum, Final, Mandiri, Penilaian};

const fn place(
    kind: InstansiKind,
    name: &'static str,
    kode: &'static str,
    history: [u32; 3],
    stage: Stage,
) -> Place {
    Place {
        kind,
        name,
        kode,
        history: Some(history),
        stage,
    }
}

/// Kabupaten Trenggalek, the demo's fully populated kabupaten.
pub const TRENGGALEK: Place = Place {
    kind: Kab,
    name: "Kabupaten Trenggalek",
    kode: "35.03",
    history: None,
    stage: Penilaian,
};

/// All 38, in the order of their kode wilayah.
pub const PLACES: [Place; 38] = [
    place(Kab, "Kabupaten Pacitan", "35.01", [231, 258, 274], Mandiri),
    place(
        Kab,
        "Kabupaten Ponorogo",
        "35.02",
        [262, 285, 303],
        Penilaian,
    ),
    TRENGGALEK,
    place(
        Kab,
        "Kabupaten Tulungagung",
        "35.04",
        [288, 310, 324],
        Penilaian,
    ),
    place(Kab, "Kabupaten Blitar", "35.05", [245, 271, 290], Mandiri),
    place(Kab, "Kabupaten Kediri", "35.06", [270, 295, 312], Penilaian),
    place(Kab, "Kabupaten Malang", "35.07", [295, 321, 338], Penilaian),
    place(Kab, "Kabupaten Lumajang", "35.08", [212, 244, 263], Mandiri),
    place(Kab, "Kabupaten Jember", "35.09", [205, 236, 257], Belum),
    place(Kab, "Kabupaten Banyuwangi", "35.10", [362, 388, 405], Final),
    place(Kab, "Kabupaten Bondowoso", "35.11", [196, 227, 249], Belum),
    place(Kab, "Kabupaten Situbondo", "35.12", [218, 241, 266], Belum),
    place(
        Kab,
        "Kabupaten Probolinggo",
        "35.13",
        [226, 252, 271],
        Mandiri,
    ),
    // published: 2.47 "Cukup" in 2023
    place(
        Kab,
        "Kabupaten Pasuruan",
        "35.14",
        [247, 276, 298],
        Penilaian,
    ),
    place(Kab, "Kabupaten Sidoarjo", "35.15", [348, 371, 392], Final),
    place(
        Kab,
        "Kabupaten Mojokerto",
        "35.16",
        [239, 264, 286],
        Mandiri,
    ),
    place(Kab, "Kabupaten Jombang", "35.17", [257, 280, 301], Mandiri),
    place(Kab, "Kabupaten Nganjuk", "35.18", [221, 249, 268], Mandiri),
    place(Kab, "Kabupaten Madiun", "35.19", [234, 260, 279], Mandiri),
    place(
        Kab,
        "Kabupaten Magetan",
        "35.20",
        [266, 291, 307],
        Penilaian,
    ),
    place(Kab, "Kabupaten Ngawi", "35.21", [243, 267, 261], Mandiri),
    place(
        Kab,
        "Kabupaten Bojonegoro",
        "35.22",
        [281, 305, 327],
        Penilaian,
    ),
    place(Kab, "Kabupaten Tuban", "35.23", [252, 248, 274], Mandiri),
    place(
        Kab,
        "Kabupaten Lamongan",
        "35.24",
        [305, 329, 346],
        Penilaian,
    ),
    place(Kab, "Kabupaten Gresik", "35.25", [318, 344, 363], Penilaian),
    place(Kab, "Kabupaten Bangkalan", "35.26", [162, 194, 221], Belum),
    place(Kab, "Kabupaten Sampang", "35.27", [151, 178, 204], Belum),
    place(Kab, "Kabupaten Pamekasan", "35.28", [187, 216, 242], Belum),
    place(Kab, "Kabupaten Sumenep", "35.29", [174, 203, 233], Belum),
    place(Kota, "Kota Kediri", "35.71", [335, 357, 374], Penilaian),
    place(Kota, "Kota Blitar", "35.72", [312, 336, 355], Penilaian),
    place(Kota, "Kota Malang", "35.73", [371, 393, 412], Final),
    place(Kota, "Kota Probolinggo", "35.74", [298, 322, 341], Mandiri),
    place(Kota, "Kota Pasuruan", "35.75", [276, 301, 319], Mandiri),
    // published: 4.26 "Memuaskan" in 2023
    place(Kota, "Kota Mojokerto", "35.76", [426, 428, 431], Penilaian),
    place(Kota, "Kota Madiun", "35.77", [383, 402, 418], Final),
    place(Kota, "Kota Surabaya", "35.78", [408, 421, 430], Final),
    place(Kota, "Kota Batu", "35.79", [322, 347, 366], Penilaian),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_province_has_29_kabupaten_and_9_kota_with_their_kode_in_order() {
        let kab = PLACES.iter().filter(|p| p.kind == Kab).count();
        assert_eq!((kab, PLACES.len() - kab), (29, 9));
        let kode: Vec<&str> = PLACES.iter().map(|p| p.kode).collect();
        let want: Vec<String> = (1..=29)
            .chain(71..=79)
            .map(|n| format!("35.{n:02}"))
            .collect();
        assert_eq!(kode, want);
        for p in PLACES {
            let prefix = if p.kind == Kota {
                "Kota "
            } else {
                "Kabupaten "
            };
            assert!(p.name.starts_with(prefix), "{}", p.name);
        }
    }

    #[test]
    fn short_names_are_unique_and_follow_one_scheme() {
        let mut names: Vec<String> = PLACES.iter().map(Place::short_name).collect();
        assert_eq!(names[0], "pacitan");
        assert_eq!(names[37], "kotabatu");
        assert_eq!(names[5], "kediri");
        assert_eq!(names[29], "kotakediri");
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 38);
    }

    #[test]
    fn the_published_figures_are_in_the_table() {
        let of = |name: &str| {
            PLACES
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.history)
                .expect("history")
        };
        assert_eq!(of("Kabupaten Pasuruan")[0], 247);
        assert_eq!(of("Kota Mojokerto")[0], 426);
        let all: Vec<u32> = PLACES.iter().filter_map(|p| p.history).flatten().collect();
        assert!(all.iter().all(|v| (150..=431).contains(v)), "{all:?}");
    }
}
