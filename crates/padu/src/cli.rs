//! Command-line arguments. Help texts are in Bahasa Indonesia, the users' language.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "padu",
    version,
    about = "Padu: evaluasi SPBE dan Indeks Pemerintah Digital untuk Pemerintah Daerah",
    long_about = None
)]
pub struct Cli {
    /// Direktori berkas instrumen tambahan (*.toml); berkas bernama sama dengan berkas bawaan
    /// menggantikannya.
    #[arg(long, global = true, env = "PADU_INSTRUMENTS_DIR", value_name = "DIR")]
    pub instruments_dir: Option<PathBuf>,

    /// Berkas konfigurasi TOML (bawaan: padu.toml bila ada). Variabel lingkungan PADU_*
    /// (PADU_DATA_DIR, PADU_BIND, PADU_DATABASE_URL, ...) mengesampingkan isinya.
    #[arg(long, global = true, env = "PADU_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Bertindak atas nama pengguna ini (laporan, ekspor, impor): izinnya diperiksa seperti di
    /// halaman dan log audit mencatat namanya. Tanpa opsi ini perintah bertindak sebagai sistem
    /// (`cli`).
    #[arg(long = "as", global = true, env = "PADU_AS", value_name = "USERNAME")]
    pub as_user: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Daftar instrumen evaluasi yang tersedia.
    Instruments,
    /// Struktur dan crosswalk satu instrumen.
    #[command(subcommand)]
    Instrument(InstrumentCommand),
    /// Daftar model referensi Arsitektur SPBE (RAB, RAL, RAD, RAA, RAI, RAK).
    ReferenceModels,
    /// Pohon satu model referensi Arsitektur SPBE.
    #[command(subcommand)]
    ReferenceModel(ReferenceModelCommand),
    /// Menghitung indeks dari nilai setiap indikator (berkas CSV).
    Score(ScoreArgs),
    /// Rencana kenaikan level dengan upaya paling kecil untuk mencapai target indeks.
    Plan(PlanArgs),
    /// Menjalankan server web Padu.
    Serve {
        /// Mengisi basis data kosong dengan data demo (provinsi, kabupaten/kota, OPD, pengguna).
        #[arg(long)]
        demo: bool,
    },
    /// Menerapkan migrasi basis data yang belum diterapkan.
    Migrate,
    /// Memeriksa konfigurasi sebelum server dijalankan.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Menanyakan /readyz server yang berjalan (untuk HEALTHCHECK kontainer); keluar 0 bila siap.
    Healthcheck {
        /// Alamat server (bawaan: alamat `bind` dari konfigurasi).
        #[arg(long, value_name = "HOST:PORT")]
        address: Option<String>,
    },
    /// Mengelola akun pengguna.
    #[command(subcommand)]
    User(UserCommand),
    /// Memeriksa log audit.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Mencadangkan basis data dan berkas bukti dukung ke direktori baru FILE; server boleh
    /// tetap berjalan.
    Backup {
        /// Direktori cadangan yang dibuat (belum boleh ada).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Memulihkan cadangan ke basis data kosong (SQLite atau PostgreSQL) dan penyimpanan bukti.
    Restore {
        /// Direktori cadangan dari `padu backup`.
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Mengganti seluruh isi basis data tujuan yang tidak kosong.
        #[arg(long)]
        force: bool,
    },
    /// Laporan resmi sebuah periode.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Ekspor lembar kerja atau rencana aksi sebuah periode.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Impor lembar kerja atau hasil evaluasi resmi ke sebuah periode (pratinjau tanpa --apply).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Data sintetis untuk uji beban dan peringkat (bukan untuk basis data Pemda).
    #[command(subcommand)]
    Generate(GenerateCommand),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Memuat konfigurasi seperti `padu serve` (bawaan, padu.toml, PADU_*) dan melaporkan
    /// setiap masalahnya; keluar 0 dengan ringkasan bila semuanya benar.
    Check {
        /// Memeriksa juga apakah `serve --demo` boleh dijalankan dengan konfigurasi ini.
        #[arg(long)]
        demo: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Basis data berskala nasional: instansi, OPD, evaluasi 2021-2026 dengan seluruh indikator
    /// bernilai dan metadata bukti dukung.
    Scale {
        /// Jumlah instansi yang dievaluasi (termasuk provinsi).
        #[arg(long, default_value_t = 650)]
        instansi: u32,
        /// Jumlah provinsi di antaranya.
        #[arg(long, default_value_t = 38)]
        provinces: u32,
        /// OPD per instansi.
        #[arg(long, default_value_t = 40)]
        opd: u32,
        /// Bukti dukung per indikator per periode.
        #[arg(long, default_value_t = 2)]
        evidence: u32,
        /// Tetap menambahkan walau basis data sudah berisi periode.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Laporan Evaluasi Mandiri (PDF): sampul, ringkasan, setiap indikator, rencana aksi.
    Pdf {
        /// Id periode.
        #[arg(long, value_name = "ID")]
        period: i64,
        /// Berkas keluaran.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Lembar Kerja Evaluasi (Excel), dapat diisi lalu diimpor kembali.
    Xlsx {
        #[arg(long, value_name = "ID")]
        period: i64,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Rencana aksi; .xlsx atau .pdf menurut nama berkas keluaran.
    ActionPlan {
        #[arg(long, value_name = "ID")]
        period: i64,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Lembar kerja yang diekspor dari periode ini dan diisi di luar Padu.
    Xlsx {
        #[arg(long, value_name = "ID")]
        period: i64,
        /// Berkas .xlsx.
        file: PathBuf,
        /// Terapkan perubahan (tanpa ini hanya pratinjau).
        #[arg(long)]
        apply: bool,
    },
    /// Hasil evaluasi resmi Kementerian PANRB (XLSX atau CSV): nilai final setiap indikator.
    Official {
        #[arg(long, value_name = "ID")]
        period: i64,
        /// Berkas .xlsx atau .csv.
        file: PathBuf,
        #[arg(long)]
        apply: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Menambah pengguna; kata sandi dibaca dari masukan standar.
    Add {
        #[arg(long)]
        username: String,
        /// admin_instansi, koordinator, operator_opd, asesor_internal, pimpinan,
        /// asesor_eksternal, admin_provinsi atau superadmin.
        #[arg(long)]
        role: String,
        /// Id instansi tempat pengguna ditempatkan.
        #[arg(long)]
        instansi: Option<i64>,
        /// Id OPD (wajib untuk operator_opd).
        #[arg(long)]
        opd: Option<i64>,
        /// Nama lengkap (bawaan: nama pengguna).
        #[arg(long)]
        name: Option<String>,
        /// Membaca kata sandi dari baris pertama masukan standar.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Mengatur "hanya SSO": kata sandi lokal pengguna tidak lagi dapat dipakai untuk masuk
    /// (pengguna masuk lewat penyedia identitas OpenID Connect saja).
    SsoOnly {
        #[arg(long)]
        username: String,
        /// Mengizinkan kata sandi lokal lagi.
        #[arg(long)]
        off: bool,
    },
    /// Mengganti kata sandi pengguna; semua sesi dan token pengguna itu berakhir.
    ResetPassword {
        #[arg(long)]
        username: String,
        /// Membaca kata sandi baru dari baris pertama masukan standar.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Memeriksa rantai hash log audit dan melaporkan tautan rusak yang pertama.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum InstrumentCommand {
    /// Menampilkan domain, aspek, indikator, bobot, predikat dan level satu instrumen.
    Show {
        /// Id instrumen, mis. permenpanrb-8-2026.
        id: String,
        /// Tampilkan rincian satu indikator: kriteria dan bukti dukung per level.
        #[arg(long, alias = "indicator", value_name = "NOMOR")]
        indikator: Option<u16>,
    },
    /// Menampilkan crosswalk antara dua instrumen (indikator mana mengisi indikator mana).
    Crosswalk {
        /// Instrumen asal, mis. permenpanrb-59-2020.
        from: String,
        /// Instrumen tujuan, mis. permenpanrb-8-2026.
        to: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReferenceModelCommand {
    /// Menampilkan level teratas sebuah model (mis. RAB), atau satu simpul (mis. RAB.01.02)
    /// dengan jalurnya dari akar dan simpul di bawahnya.
    Show {
        /// Kode model atau kode simpul lengkap.
        code: String,
    },
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Id instrumen, mis. permenpanrb-59-2020.
    #[arg(long)]
    pub instrument: String,
    /// Berkas CSV dengan kepala kolom `indikator,level`; `-` membaca dari masukan standar.
    #[arg(long, value_name = "FILE")]
    pub levels: PathBuf,
    /// Bentuk keluaran.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Numbers are read as text so every problem is reported at once, in Indonesian.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Id instrumen, mis. permenpanrb-59-2020.
    #[arg(long)]
    pub instrument: String,
    /// Nilai saat ini: berkas CSV `indikator,level`; `-` membaca dari masukan standar.
    #[arg(long, value_name = "FILE")]
    pub levels: PathBuf,
    /// Target indeks (mis. 2.6 atau 2,6) atau nama predikat (mis. Baik).
    #[arg(long, value_name = "TARGET")]
    pub target: Option<String>,
    /// Upaya per langkah level: CSV `indikator,level,upaya` (hari orang); baris yang tidak
    /// ditulis memakai upaya bawaan instrumen.
    #[arg(long, value_name = "FILE")]
    pub effort: Option<PathBuf>,
    /// Jumlah periode hingga tenggat (mis. dua semester).
    #[arg(
        long,
        value_name = "N",
        default_value = "2",
        allow_hyphen_values = true
    )]
    pub periods: String,
    /// Paling banyak level yang dinaikkan satu indikator dalam satu periode.
    #[arg(
        long,
        value_name = "K",
        default_value = "1",
        allow_hyphen_values = true
    )]
    pub per_period: String,
    /// Batas total upaya (hari orang); tanpa --target: indeks tertinggi dalam batas ini.
    #[arg(long, value_name = "HARI", allow_hyphen_values = true)]
    pub budget: Option<String>,
    /// Abaikan tautan kebijakan-penerapan (kebijakan lebih dulu dari penerapannya).
    #[arg(long)]
    pub no_links: bool,
    /// Indikator yang tidak dinaikkan, mis. 5,12.
    #[arg(long, value_name = "NOMOR")]
    pub exclude: Option<String>,
    /// Indikator yang dikunci pada nilai sekarang, mis. 45-47.
    #[arg(long, value_name = "NOMOR")]
    pub pin: Option<String>,
    /// Indikator berindeks eksternal (8/2026) yang ikut direncanakan, mis. 5,18.
    #[arg(long, value_name = "NOMOR")]
    pub include_external: Option<String>,
    /// Bentuk keluaran.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Laporan yang mudah dibaca, dalam Bahasa Indonesia.
    Text,
    /// Satu objek JSON untuk skrip dan aplikasi lain.
    Json,
}
