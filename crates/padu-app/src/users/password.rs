//! Argon2id password hashes, computed off the async runtime on a small pool of their own.
//!
//! Each Argon2id computation works in 19 MiB. Allocated and freed for every hash on the
//! runtime's blocking threads (hundreds of them at a busy sign-in hour), the allocator kept such
//! blocks per thread: the load benchmark saw the server grow from 37 MB to about 600 MB after
//! 320 sign-ins. Hashes now run on a fixed pool of one thread per core (at most four), which
//! bounds the CPU that sign-ins take from page requests, and each thread keeps its working
//! memory between hashes (see [`compute`]), so the memory taken is one block per pool thread
//! whatever the allocator does.

use std::cell::RefCell;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::kit::error::AppError;

/// Shortest password accepted (ASVS 2.1.1).
pub const MIN_LENGTH: usize = 12;
/// Longest password accepted (a guard against hashing megabytes).
pub const MAX_LENGTH: usize = 256;
/// The password of every account of `padu serve --demo`, published in the README: refused as
/// anyone's own password.
pub const DEMO: &str = "Padu#Demo2026";

/// Words anyone guessing a Pemda's passwords tries first, beside the instansi's and OPD names,
/// the username and the years around now ([`weakness`] adds those).
const PEMDA_WORDS: &[&str] = &[
    "padu",
    "spbe",
    "pemdi",
    "pemda",
    "pemkab",
    "pemkot",
    "pemprov",
    "kabupaten",
    "kota",
    "provinsi",
    "dinas",
    "badan",
    "kantor",
    "bagian",
    "sekretariat",
    "diskominfo",
    "kominfo",
    "bappeda",
    "inspektorat",
    "bupati",
    "walikota",
    "gubernur",
    "sekda",
    "admin",
    "administrator",
    "operator",
    "asesor",
    "koordinator",
    "pimpinan",
    "evaluasi",
    "indeks",
    "digital",
    "pemerintah",
    "indonesia",
    "merdeka",
    "rahasia",
    "katasandi",
    "sandi",
    "password",
    "masuk",
    "selamat",
    "bismillah",
    "jawa",
    "timur",
    "tengah",
    "barat",
];

/// Problems with a new password, in Indonesian (`None` when acceptable): its length, the
/// username in it, the published demo password, and a guessability estimate (zxcvbn, fed with
/// `context`: the names of the user's instansi and OPDs, which the caller gives, plus
/// [`PEMDA_WORDS`], the username and the years around `year`) at most 10^10 guesses (zxcvbn's score below 4).
pub fn weakness(password: &str, username: &str, context: &[String], year: i32) -> Option<String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Some(format!("Kata sandi paling sedikit {MIN_LENGTH} karakter."));
    }
    if length > MAX_LENGTH {
        return Some(format!("Kata sandi paling banyak {MAX_LENGTH} karakter."));
    }
    if password.trim().is_empty() {
        return Some("Kata sandi tidak boleh hanya berisi spasi.".into());
    }
    if !username.is_empty() && password.to_lowercase().contains(&username.to_lowercase()) {
        return Some("Kata sandi tidak boleh memuat nama pengguna.".into());
    }
    if password.eq_ignore_ascii_case(DEMO) {
        return Some(
            "Kata sandi ini adalah kata sandi demo yang dipublikasikan; pilih yang lain.".into(),
        );
    }
    let years: Vec<String> = (year - 10..=year + 5).map(|y| y.to_string()).collect();
    let mut words: Vec<&str> = PEMDA_WORDS.to_vec();
    words.push(username);
    words.extend(username.split(['.', '_', '-']).filter(|w| w.len() >= 3));
    words.extend(years.iter().map(String::as_str));
    let lowered: Vec<String> = context.iter().map(|w| w.to_lowercase()).collect();
    for name in &lowered {
        words.push(name);
        words.extend(
            name.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() >= 3),
        );
    }
    let estimate = zxcvbn::zxcvbn(password, &words);
    if estimate.score() >= zxcvbn::Score::Four {
        return None;
    }
    let why = estimate
        .feedback()
        .and_then(|f| f.warning())
        .map(warning_in_indonesian)
        .unwrap_or("susunannya mudah ditebak");
    Some(format!(
        "Kata sandi terlalu mudah ditebak ({why}). Gunakan beberapa kata yang tidak saling \
         berhubungan, bukan nama instansi, OPD, tahun atau kata umum."
    ))
}

fn warning_in_indonesian(warning: zxcvbn::feedback::Warning) -> &'static str {
    use zxcvbn::feedback::Warning as W;
    match warning {
        W::StraightRowsOfKeysAreEasyToGuess | W::ShortKeyboardPatternsAreEasyToGuess => {
            "deretan tombol papan ketik mudah ditebak"
        }
        W::RepeatsLikeAaaAreEasyToGuess | W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => {
            "pengulangan seperti \"aaa\" atau \"abcabc\" mudah ditebak"
        }
        W::ThisIsATop10Password | W::ThisIsATop100Password | W::ThisIsACommonPassword => {
            "ini kata sandi yang sangat umum"
        }
        W::ThisIsSimilarToACommonlyUsedPassword => "mirip kata sandi yang umum dipakai",
        W::SequencesLikeAbcAreEasyToGuess => "urutan seperti abc atau 6543 mudah ditebak",
        W::RecentYearsAreEasyToGuess | W::DatesAreOftenEasyToGuess => {
            "tahun dan tanggal mudah ditebak"
        }
        W::AWordByItselfIsEasyToGuess => "satu kata saja mudah ditebak",
        W::NamesAndSurnamesByThemselvesAreEasyToGuess | W::CommonNamesAndSurnamesAreEasyToGuess => {
            "nama orang atau tempat mudah ditebak"
        }
    }
}

/// A stored hash that asks for more working memory than this (KiB) is not computed.
const MAX_MEMORY_KIB: u32 = 64 * 1024;

thread_local! {
    /// This thread's Argon2 working memory, kept from one hash to the next.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Computes an Argon2 output in this thread's kept working memory (grown when `params` need
/// more, never shrunk).
fn compute(
    argon: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
    out: &mut [u8],
) -> Result<(), argon2::Error> {
    MEMORY.with_borrow_mut(|memory| {
        let need = params.block_count();
        if memory.len() < need {
            memory.resize(need, Block::new());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..need])
    })
}

/// Hashes with Argon2id (m=19456 KiB, t=2, p=1: the crate's and OWASP's defaults) and a random
/// 16-byte salt, as a PHC string.
pub fn hash_blocking(password: &str) -> Result<String, String> {
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt = [0u8; Salt::RECOMMENDED_LENGTH];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    compute(&argon, &params, password.as_bytes(), &salt, &mut out).map_err(|e| e.to_string())?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
        salt: Some(Salt::new(&salt).map_err(|e| e.to_string())?),
        hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the stored PHC string's hash (compared in constant time).
fn matches(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = parsed.version.map_or(Ok(Version::V0x13), Version::try_from) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB {
        return false;
    }
    let argon = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    compute(&argon, &params, password.as_bytes(), salt, &mut out).is_ok()
        && Output::new(&out).is_ok_and(|computed| &computed == expected)
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads' queue.
fn pool() -> &'static std::sync::mpsc::Sender<Job> {
    static POOL: std::sync::OnceLock<std::sync::mpsc::Sender<Job>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let (sender, receiver) = std::sync::mpsc::channel::<Job>();
        let receiver = std::sync::Arc::new(std::sync::Mutex::new(receiver));
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        for i in 0..threads {
            let receiver = std::sync::Arc::clone(&receiver);
            let spawned = std::thread::Builder::new()
                .name(format!("padu-argon2-{i}"))
                .spawn(move || {
                    loop {
                        // the lock is held only while taking the next job
                        let job = match receiver.lock() {
                            Ok(guard) => guard.recv(),
                            Err(poisoned) => poisoned.into_inner().recv(),
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => break,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "password hashing thread not started");
            }
        }
        sender
    })
}

/// Runs `work` on the hashing pool and waits for its answer without blocking the runtime.
async fn on_pool<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    pool().send(job).ok()?;
    rx.await.ok()
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move || hash_blocking(&password))
        .await
        .ok_or_else(|| AppError::Internal("password hashing pool unavailable".into()))?
        .map_err(AppError::Internal)
}

/// A hash of nothing in particular, verified against when the user does not exist so that a
/// wrong username takes as long as a wrong password.
fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_blocking("padu-decoy-password").unwrap_or_default())
}

/// Checks a password against a stored hash (or against the decoy when `hash` is `None`).
pub async fn verify(password: String, hash: Option<String>) -> bool {
    on_pool(move || {
        let stored = hash.unwrap_or_else(|| decoy().to_string());
        matches(&password, &stored)
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_salted() {
        let a = hash_blocking("kata-sandi-panjang").expect("hash");
        let b = hash_blocking("kata-sandi-panjang").expect("hash");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "random salt");
    }

    #[test]
    fn hashes_agree_with_the_argon2_crates_own_hasher_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        // stored by earlier versions of Padu, which let the crate hash
        let theirs = Argon2::default()
            .hash_password(b"Trenggalek#2026")
            .expect("hash")
            .to_string();
        assert!(matches("Trenggalek#2026", &theirs));
        assert!(!matches("Trenggalek#2027", &theirs));
        let ours = hash_blocking("Trenggalek#2026").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("a PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"Trenggalek#2026", &parsed)
                .is_ok()
        );
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        // other parameters, as an administrator may have chosen: the working memory grows
        let small = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 3, 1, None).expect("params"),
        )
        .hash_password(b"sandi-lain-panjang")
        .expect("hash")
        .to_string();
        assert!(matches("sandi-lain-panjang", &small));
        let big = ours.replace("m=19456", "m=1048576");
        assert!(
            !matches("Trenggalek#2026", &big),
            "a 1 GiB hash is not computed"
        );
    }

    fn trenggalek() -> Vec<String> {
        [
            "Kabupaten Trenggalek",
            "Dinas Komunikasi dan Informatika",
            "Dinas Kesehatan",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn weak_passwords_are_explained() {
        let context = trenggalek();
        let weak = |p: &str| weakness(p, "budi.santoso", &context, 2026);
        assert!(weak("pendek").is_some_and(|m| m.contains("paling sedikit 12")));
        assert!(weak("budi.santoso99!").is_some_and(|m| m.contains("nama pengguna")));
        assert!(weak(&"x".repeat(300)).is_some_and(|m| m.contains("paling banyak")));
        assert!(weak(&" ".repeat(12)).is_some_and(|m| m.contains("spasi")));
        assert!(weak("padu#demo2026").is_some_and(|m| m.contains("demo")));
        // what the attack report saw accepted, and what a Pemda's staff would try
        for guessable in [
            "1234567890ab",
            "password1234",
            "trenggalek2026",
            "Trenggalek#2026",
            "Diskominfo2026!",
            "qwertyuiop12",
            "aaaaaaaaaaaa",
            "KabupatenTrenggalek",
            "dinaskesehatan1",
            "diskominfo123",
            "Kata#Sandi2026",
        ] {
            assert!(
                weak(guessable).is_some_and(|m| m.contains("terlalu mudah ditebak")),
                "{guessable} should be refused"
            );
        }
        for strong in [
            "kuda-lari-mangga-biru",
            "Sawah hijau di lereng Wilis",
            "Tersembunyi#2026x",
            "Rahasia#Sekali2026",
            "Dinkes#Trenggalek1",
            "Penilai#Baru2026",
            "Rahasia-Uji#2026-Tgl",
            "Uji#Lereng#Wilis#2026",
            "Sawah#Hijau#Lereng#Wilis",
            "Kepegawaian#Wilis#Ceria",
        ] {
            assert_eq!(weak(strong), None, "{strong} should be accepted");
        }
    }

    #[tokio::test]
    async fn verify_accepts_only_the_right_password() {
        let h = hash("Trenggalek#2026".into()).await.expect("hash");
        assert!(verify("Trenggalek#2026".into(), Some(h.clone())).await);
        assert!(!verify("salah".into(), Some(h)).await);
        assert!(!verify("apa saja".into(), None).await);
        assert!(!verify("x".into(), Some("bukan-hash".into())).await);
    }

    #[tokio::test]
    async fn many_hashes_at_once_all_finish_on_the_pool() {
        let jobs: Vec<_> = (0..12)
            .map(|i| tokio::spawn(hash(format!("Trenggalek#{i:04}"))))
            .collect();
        for job in jobs {
            let h = job.await.expect("task").expect("hash");
            assert!(h.starts_with("$argon2id$"));
        }
    }
}
