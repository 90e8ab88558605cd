//! Evidence uploads and downloads: the bytes go to the content-addressed file store (streamed,
//! sniffed, capped), the record and its link to the indicator to the database.

use bytes::Bytes;
use futures_util::Stream;
use padu_core::Instrument;
use padu_core::access::{Action, Target, allows};
use padu_files::{ContentHash, Download, FilesError, Stored};
use padu_store::Who;
use padu_store::evaluation::{Evidence, EvidenceKind, LinkedEvidence, NewEvidence, ReadableBy};

use crate::evaluation::{EDITABLE, PeriodContext, indicator_for, parse_value};
use crate::kit::app::App;
use crate::kit::error::{AppError, FieldError};
use crate::kit::principal::Caller;
use crate::kit::validate::{disallowed, has_forbidden_control};

/// What a failing client stream yields (a multipart error, a dropped connection).
type ClientError = Box<dyn std::error::Error + Send + Sync>;

/// What comes with an uploaded file.
#[derive(Debug, Clone, Default)]
pub struct UploadMeta {
    pub file_name: String,
    /// The level the file supports, as typed (`2`).
    pub level: String,
    pub effective_date: Option<String>,
    pub expiry_date: Option<String>,
    /// An instansi-wide document (a Perbup, an SK Bupati), readable and reusable by every OPD
    /// of the instansi.
    pub instansi_wide: bool,
}

/// The level an evidence item supports: a whole level from 2 (level 1 needs no evidence) up
/// to the top of the scale.
fn evidence_level(ctx: &PeriodContext, raw: &str) -> Result<u32, AppError> {
    let value = parse_value(raw.trim(), "level")?;
    let level = value
        .whole()
        .ok_or_else(|| AppError::field("level", "Level bukti dukung harus bilangan bulat"))?;
    let (low, high) = (
        ctx.instrument.values.min_level().max(1),
        ctx.instrument.values.max_level(),
    );
    if (low..=high).contains(&level) {
        Ok(level)
    } else {
        Err(AppError::field(
            "level",
            format!("Level bukti dukung harus antara {low} dan {high}"),
        ))
    }
}

fn check_dates(meta: &UploadMeta) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for (field, value) in [
        ("effective_date", &meta.effective_date),
        ("expiry_date", &meta.expiry_date),
    ] {
        if let Some(v) = value
            .as_deref()
            .filter(|v| padu_core::date::parse_iso(v).is_none())
        {
            errors.push(FieldError {
                field: field.into(),
                message: format!("Tanggal \"{v}\" harus berbentuk TTTT-BB-HH"),
            });
        }
    }
    if let (Some(a), Some(b)) = (&meta.effective_date, &meta.expiry_date)
        && errors.is_empty()
        && b < a
    {
        errors.push(FieldError {
            field: "expiry_date".into(),
            message: "Tanggal kedaluwarsa sebelum tanggal berlaku".into(),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// A file name fit to keep and to show: the last path segment, no control or format characters
/// (a right-to-left override would show `invoice\u{202E}fdp.exe` as "invoiceexe.pdf"), no
/// leading dots or spaces (not hidden, not `..`), at most 200 characters.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = padu_core::text::strip_hidden(last)
        .chars()
        .take(200)
        .collect();
    // Dots and spaces may alternate (". .htaccess"): strip them together.
    let cleaned = cleaned
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end()
        .to_string();
    if cleaned.is_empty() {
        "berkas".to_string()
    } else {
        cleaned
    }
}

/// Maps the file store's refusals to the user's error, logging storage faults.
pub fn files_error(err: FilesError) -> AppError {
    match err {
        FilesError::TooLarge { .. } => AppError::PayloadTooLarge(err.to_string()),
        FilesError::Empty | FilesError::TypeNotAllowed { .. } => {
            AppError::field("file", err.to_string().trim_end_matches('.'))
        }
        FilesError::Interrupted(_) => AppError::BadRequest(err.to_string()),
        FilesError::NotFound | FilesError::InvalidHash => AppError::NotFound("Berkas"),
        other => AppError::Internal(format!("file store: {other}")),
    }
}

/// Checks what does not depend on the upload's fields, before a byte is stored: the caller may
/// edit the indicator now, and it takes evidence.
pub async fn check_upload(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
) -> Result<PeriodContext, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    if indicator.is_external() {
        return Err(AppError::Conflict(
            "indikator ini dinilai dari indeks eksternal dan tidak memakai bukti dukung".into(),
        ));
    }
    if !pi.status.editable() {
        return Err(AppError::Conflict(format!(
            "indikator berstatus {}; bukti dukung tidak dapat ditambahkan sekarang",
            pi.status.label().to_lowercase()
        )));
    }
    Ok(ctx)
}

/// Checks the fields that come with a file (dates, the level it supports).
pub fn check_meta(ctx: &PeriodContext, meta: &UploadMeta) -> Result<u32, AppError> {
    check_dates(meta)?;
    if meta.level.trim().is_empty() {
        return Err(AppError::field(
            "level",
            "Level yang didukung berkas wajib dipilih",
        ));
    }
    evidence_level(ctx, &meta.level)
}

/// Streams a file into the store (sniffed, hashed, capped): nothing is kept when it is refused.
pub async fn put_file<S, E>(app: &App, file_name: &str, stream: S) -> Result<Stored, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: Into<ClientError>,
{
    app.files
        .put(&clean_file_name(file_name), stream)
        .await
        .map_err(files_error)
}

/// Removes a file that this upload newly stored, when its record is refused.
pub async fn discard(app: &App, stored: &Stored) {
    if !stored.deduplicated
        && let Err(e) = app.files.delete(&stored.sha256).await
    {
        tracing::warn!(error = %e, "could not remove the file of a refused upload");
    }
}

/// Records a stored file as evidence of the indicator for `level`; on refusal the file is
/// discarded, so a refused upload leaves nothing behind.
pub async fn record_upload(
    app: &App,
    caller: &Caller,
    ctx: &PeriodContext,
    number: u16,
    meta: &UploadMeta,
    level: u32,
    stored: &Stored,
) -> Result<Evidence, AppError> {
    let new = NewEvidence {
        instansi_id: ctx.instansi.id,
        kind: EvidenceKind::File,
        name: clean_file_name(&meta.file_name),
        sha256: Some(stored.sha256.as_str().to_string()),
        size: i64::try_from(stored.size).ok(),
        content_type: Some(stored.content_type.to_string()),
        url: None,
        uploaded_by: Some(caller.user.id),
        effective_date: meta.effective_date.clone(),
        expiry_date: meta.expiry_date.clone(),
        instansi_wide: meta.instansi_wide,
    };
    let who = Who::user(&caller.user);
    match app
        .store
        .add_evidence(&who, ctx.period.id, number, &EDITABLE, new, level)
        .await
    {
        Ok((evidence, _)) => Ok(evidence),
        Err(err) => {
            discard(app, stored).await;
            Err(err.into())
        }
    }
}

/// The whole upload when the fields are known before the bytes (an HTML form that puts the
/// level before the file input): check, stream, record.
pub async fn upload_evidence<S, E>(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    meta: &UploadMeta,
    stream: S,
) -> Result<(Evidence, Stored), AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Send,
    E: Into<ClientError>,
{
    let ctx = check_upload(app, caller, period_id, number).await?;
    let level = check_meta(&ctx, meta)?;
    let stored = put_file(app, &meta.file_name, stream).await?;
    let evidence = record_upload(app, caller, &ctx, number, meta, level, &stored).await?;
    Ok((evidence, stored))
}

/// Whether the caller may read evidence item `evidence` (of an instansi the caller may see):
/// an instansi-wide document, one the caller uploaded, or one linked to an indicator whose work
/// the caller may read (a role reading the whole instansi's work reads all of it; an operator,
/// what is linked to an indicator its OPD leads or contributes to).
pub async fn may_read_evidence(
    app: &App,
    caller: &Caller,
    evidence: &Evidence,
    province: Option<i64>,
) -> Result<bool, AppError> {
    let actor = caller.actor();
    if evidence.instansi_wide
        || evidence.uploaded_by == Some(caller.user.id)
        || allows(
            &actor,
            Action::ReadIndicatorWork,
            &Target::instansi(evidence.instansi_id, province),
        )
    {
        return Ok(true);
    }
    Ok(app
        .store
        .evidence_opds(evidence.id)
        .await?
        .into_iter()
        .any(|opd| {
            allows(
                &actor,
                Action::ReadIndicatorWork,
                &Target::opd(evidence.instansi_id, province, opd),
            )
        }))
}

/// An evidence file's bytes, when the caller may read the evidence ([`may_read_evidence`]; 403
/// for who sees only the instansi, 404 for anyone else).
pub async fn download(
    app: &App,
    caller: &Caller,
    evidence_id: i64,
) -> Result<(Evidence, Download), AppError> {
    let evidence = app
        .store
        .evidence(evidence_id)
        .await?
        .ok_or(AppError::NotFound("Bukti dukung"))?;
    let inst = crate::org::instansi_for(app, caller, evidence.instansi_id, Action::ViewInstansi)
        .await
        .map_err(|e| e.not_found_as("Bukti dukung"))?;
    if !may_read_evidence(app, caller, &evidence, inst.province()).await? {
        return Err(AppError::Forbidden);
    }
    let Some(hash) = evidence.sha256.as_deref() else {
        return Err(AppError::NotFound(
            "Berkas bukti dukung (bukti ini berupa tautan)",
        ));
    };
    let hash = ContentHash::parse(hash).map_err(files_error)?;
    let download = app.files.get(&hash).await.map_err(files_error)?;
    Ok((evidence, download))
}

/// The level an evidence item supports, as typed: a whole level on the instrument's scale, from
/// the first level that takes evidence (1, or the floor when it is higher) to the top.
pub(super) fn evidence_level_of(
    instrument: &Instrument,
    raw: &str,
    field: &str,
) -> Result<u32, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::field(
            field,
            "Pilih level yang didukung bukti ini",
        ));
    }
    let level = parse_value(raw, field)?
        .whole()
        .ok_or_else(|| AppError::field(field, "Level bukti dukung harus bilangan bulat"))?;
    let (low, high) = (
        instrument.values.min_level().max(1),
        instrument.values.max_level(),
    );
    if (low..=high).contains(&level) {
        Ok(level)
    } else {
        Err(AppError::field(
            field,
            format!("Level bukti dukung harus antara {low} dan {high}"),
        ))
    }
}

/// Links an evidence item the instansi already has (uploaded for another indicator or an
/// earlier period) to this indicator for `level`, without uploading it again.
pub async fn link_existing_evidence(
    app: &App,
    caller: &Caller,
    period_id: i64,
    number: u16,
    evidence_id: i64,
    level: &str,
) -> Result<i64, AppError> {
    let (ctx, pi) = indicator_for(app, caller, period_id, number, Action::EditIndicator).await?;
    let indicator = ctx
        .instrument
        .indicator(number)
        .ok_or(AppError::NotFound("Indikator"))?;
    if indicator.is_external() {
        return Err(AppError::Conflict(
            "indikator ini dinilai dari indeks eksternal dan tidak memakai bukti dukung".into(),
        ));
    }
    let level = evidence_level_of(&ctx.instrument, level, "level")?;
    match app.store.evidence(evidence_id).await? {
        // linking would give the caller's OPD the evidence to read: only what it may read
        Some(e)
            if e.instansi_id == ctx.instansi.id
                && may_read_evidence(app, caller, &e, ctx.instansi.province()).await? => {}
        _ => {
            return Err(AppError::field(
                "evidence",
                "Pilih bukti dukung milik instansi ini",
            ));
        }
    }
    if !pi.status.editable() {
        return Err(AppError::Conflict(format!(
            "indikator berstatus {}; bukti dukung tidak dapat ditambahkan sekarang",
            pi.status.label().to_lowercase()
        )));
    }
    Ok(app
        .store
        .link_evidence(
            &caller.who(),
            period_id,
            number,
            &EDITABLE,
            evidence_id,
            level,
        )
        .await?)
}

/// The evidence linked to indicator `number` of the period of `ctx`.
pub async fn linked(
    app: &App,
    ctx: &PeriodContext,
    number: u16,
) -> Result<Vec<LinkedEvidence>, AppError> {
    Ok(app.store.indicator_evidence(ctx.period.id, number).await?)
}

/// At most this many evidence items are offered for reuse, or answered, at once: the newest,
/// or the newest whose name contains the search.
pub const SEARCH_SHOWN: u64 = 100;

/// A search longer than this (characters) is cut.
pub const SEARCH_MAX: usize = 200;

/// Evidence of an instansi found by name.
#[derive(Debug, Clone, Default)]
pub struct EvidenceSearch {
    pub items: Vec<Evidence>,
    /// What the name was searched for, as used (trimmed, cut; empty: the newest).
    pub search: String,
    /// More items match than are answered.
    pub more: bool,
}

/// Whose evidence `caller` may find in instansi `inst`: all of it for who reads the work of the
/// whole instansi, otherwise (an operator) the instansi-wide documents, its own uploads and
/// what is linked to an indicator its OPD leads or contributes to.
fn readable_by(caller: &Caller, inst: &padu_store::Instansi) -> Option<ReadableBy> {
    (!allows(&caller.actor(), Action::ReadIndicatorWork, &inst.target())).then_some(ReadableBy {
        user_id: caller.user.id,
        opd_id: caller.user.opd_id,
    })
}

async fn search_in(
    app: &App,
    instansi_id: i64,
    readable: Option<ReadableBy>,
    search: &str,
    except: &[i64],
    limit: u64,
    offset: u64,
) -> Result<EvidenceSearch, AppError> {
    // A search is not a submission: characters no text may hold are dropped, not refused.
    let search: String = search
        .trim()
        .chars()
        .filter(|c| !padu_core::text::is_forbidden_in_text(*c))
        .take(SEARCH_MAX)
        .collect();
    let mut items = app
        .store
        .search_evidence(instansi_id, &search, except, limit + 1, offset, readable)
        .await?;
    let more = items.len() as u64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(EvidenceSearch {
        items,
        search,
        more,
    })
}

/// Evidence of the instansi of `ctx` that `caller` could link again to an indicator (what it
/// may read): not among `linked`, named like `search`, newest first, at most [`SEARCH_SHOWN`].
pub async fn reusable(
    app: &App,
    caller: &Caller,
    ctx: &PeriodContext,
    search: &str,
    linked: &[i64],
) -> Result<EvidenceSearch, AppError> {
    let readable = readable_by(caller, &ctx.instansi);
    search_in(
        app,
        ctx.instansi.id,
        readable,
        search,
        linked,
        SEARCH_SHOWN,
        0,
    )
    .await
}

/// The evidence of instansi `instansi_id` named like `search`, newest first: `limit` (1 to
/// [`SEARCH_SHOWN`]) items from the `offset`-th, of what the caller may read, for anyone who
/// may see the instansi (404 for anyone else).
pub async fn search(
    app: &App,
    caller: &Caller,
    instansi_id: i64,
    search: &str,
    limit: u64,
    offset: u64,
) -> Result<EvidenceSearch, AppError> {
    let mut problems = Vec::new();
    if !(1..=SEARCH_SHOWN).contains(&limit) {
        problems.push(FieldError {
            field: "limit".into(),
            message: format!("Jumlah per halaman harus antara 1 dan {SEARCH_SHOWN}"),
        });
    }
    if offset > MAX_OFFSET {
        problems.push(FieldError {
            field: "offset".into(),
            message: format!("Posisi awal paling besar {MAX_OFFSET}"),
        });
    }
    if has_forbidden_control(search) {
        problems.push(disallowed("q", "Pencarian"));
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let inst = crate::org::instansi_for(app, caller, instansi_id, Action::ViewInstansi)
        .await
        .map_err(|e| match e {
            AppError::Forbidden => AppError::NotFound("Instansi"),
            other => other,
        })?;
    let readable = readable_by(caller, &inst);
    search_in(app, inst.id, readable, search, &[], limit, offset).await
}

/// The largest offset a paged read accepts.
pub const MAX_OFFSET: u64 = 1_000_000;

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_file_name("C:\\\\Users\\\\x\\\\SK Bupati.pdf"),
            "SK Bupati.pdf"
        );
        assert_eq!(clean_file_name("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(clean_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(
            clean_file_name("\u{FEFF}SK\u{200B} Bupati.pdf"),
            "SK Bupati.pdf"
        );
        assert_eq!(clean_file_name("..."), "berkas");
        assert_eq!(clean_file_name(".htaccess"), "htaccess");
        assert_eq!(clean_file_name(&"x".repeat(500)).len(), 200);
    }
}
