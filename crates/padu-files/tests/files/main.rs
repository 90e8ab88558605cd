//! The padu-files suite. Upload tests run on the local directory and, when
//! `PADU_TEST_S3_ENDPOINT` names an S3-compatible server (see `s3-test-server`), on S3 too.

use peak_alloc::PeakAlloc;

mod kinds;
mod maintenance;
mod memory;
mod s3;
mod support;
mod upload;

/// Counts heap use, for `memory`.
#[global_allocator]
static PEAK: PeakAlloc = PeakAlloc;
