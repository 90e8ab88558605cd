//! The vocabularies of the catalog, kept as data: the licences a dataset may carry (CKAN's
//! `license_id`s with Indonesian titles), the access classes (klasifikasi risiko) and the
//! update frequencies of the Satu Data portals.

use serde::{Deserialize, Serialize};

/// A licence of the catalog's list (`license_list` of the CKAN API later serves it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct License {
    /// CKAN's `license_id`.
    pub id: &'static str,
    /// Its title in Bahasa Indonesia.
    pub title: &'static str,
    pub url: &'static str,
    /// Whether it is an open licence (CKAN's `isopen`).
    pub open: bool,
}

/// The licences a dataset may carry.
pub const LICENSES: [License; 6] = [
    License {
        id: "CC-BY-4.0",
        title: "Creative Commons Atribusi 4.0 Internasional",
        url: "https://creativecommons.org/licenses/by/4.0/",
        open: true,
    },
    License {
        id: "CC-BY-SA-4.0",
        title: "Creative Commons Atribusi-BerbagiSerupa 4.0 Internasional",
        url: "https://creativecommons.org/licenses/by-sa/4.0/",
        open: true,
    },
    License {
        id: "CC0-1.0",
        title: "Creative Commons Nol 1.0 (Domain Publik)",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
        open: true,
    },
    License {
        id: "ODbL-1.0",
        title: "Open Data Commons Lisensi Basis Data Terbuka 1.0",
        url: "https://opendatacommons.org/licenses/odbl/1-0/",
        open: true,
    },
    License {
        id: "other-open",
        title: "Lisensi terbuka lainnya",
        url: "",
        open: true,
    },
    License {
        id: "other-closed",
        title: "Lisensi tertutup lainnya",
        url: "",
        open: false,
    },
];

/// The licence `id` of [`LICENSES`].
pub fn license(id: &str) -> Option<&'static License> {
    LICENSES.iter().find(|l| l.id == id)
}

/// Klasifikasi risiko: only Terbuka data is public; CKAN's `private` is "not Terbuka".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Terbuka,
    Terbatas,
    Tertutup,
}

impl Access {
    pub const ALL: [Access; 3] = [Access::Terbuka, Access::Terbatas, Access::Tertutup];

    pub fn code(self) -> &'static str {
        match self {
            Access::Terbuka => "terbuka",
            Access::Terbatas => "terbatas",
            Access::Tertutup => "tertutup",
        }
    }

    pub fn from_code(code: &str) -> Option<Access> {
        Access::ALL.into_iter().find(|a| a.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Access::Terbuka => "Terbuka",
            Access::Terbatas => "Terbatas",
            Access::Tertutup => "Tertutup",
        }
    }

    /// CKAN's `private`.
    pub fn private(self) -> bool {
        self != Access::Terbuka
    }
}

/// Jadwal pemutakhiran: how often the data is updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Harian,
    Mingguan,
    Bulanan,
    Triwulanan,
    EmpatBulanan,
    Semesteran,
    Tahunan,
    DuaTahunan,
    AdHoc,
}

impl Frequency {
    pub const ALL: [Frequency; 9] = [
        Frequency::Harian,
        Frequency::Mingguan,
        Frequency::Bulanan,
        Frequency::Triwulanan,
        Frequency::EmpatBulanan,
        Frequency::Semesteran,
        Frequency::Tahunan,
        Frequency::DuaTahunan,
        Frequency::AdHoc,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Frequency::Harian => "harian",
            Frequency::Mingguan => "mingguan",
            Frequency::Bulanan => "bulanan",
            Frequency::Triwulanan => "triwulanan",
            Frequency::EmpatBulanan => "empat_bulanan",
            Frequency::Semesteran => "semesteran",
            Frequency::Tahunan => "tahunan",
            Frequency::DuaTahunan => "dua_tahunan",
            Frequency::AdHoc => "ad_hoc",
        }
    }

    pub fn from_code(code: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Frequency::Harian => "Harian",
            Frequency::Mingguan => "Mingguan",
            Frequency::Bulanan => "Bulanan",
            Frequency::Triwulanan => "Triwulanan",
            Frequency::EmpatBulanan => "Empat Bulanan",
            Frequency::Semesteran => "Semesteran",
            Frequency::Tahunan => "Tahunan",
            Frequency::DuaTahunan => "Dua Tahunan",
            Frequency::AdHoc => "Ad-hoc",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_and_licences_are_unique() {
        for a in Access::ALL {
            assert_eq!(Access::from_code(a.code()), Some(a));
        }
        for f in Frequency::ALL {
            assert_eq!(Frequency::from_code(f.code()), Some(f));
        }
        let mut ids: Vec<_> = LICENSES.iter().map(|l| l.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), LICENSES.len());
        assert!(license("CC-BY-4.0").is_some_and(|l| l.open));
        assert!(license("other-closed").is_some_and(|l| !l.open));
        assert!(license("cc-by").is_none());
        assert!(!Access::Terbuka.private());
        assert!(Access::Tertutup.private());
    }
}
