//! How the process asks glibc for memory.
//!
//! glibc serves a large allocation (128 KiB and up) with its own mapping and unmaps it when it
//! is freed, but after the first such free it raises that threshold to the freed block's size
//! (up to 32 MiB). From then on the server's many short-lived medium blocks (request bodies,
//! rendered pages, SQLite's buffers) come from per-thread arenas, which fragment and rarely give
//! memory back: in the load benchmark's deadline-day mix the server grew from 95 to 135 MB,
//! with a slower p99. A fixed threshold (which also turns the adjustment off) kept it at 107 MB
//! with p99 37 ms instead of 128 ms (`bench/README.md`).

/// The fixed threshold: glibc's own starting value.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Fixes glibc's mmap threshold. Call it first thing in `main`, before other threads start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn configure() {
    // SAFETY: mallopt only sets a tuning parameter of the allocator; it is called at start-up
    // before any other thread exists, takes no pointers, and a refusal (0) leaves glibc's
    // default behaviour, which is correct, only larger.
    let accepted = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) };
    debug_assert_eq!(accepted, 1, "glibc accepts M_MMAP_THRESHOLD");
}

/// Other platforms keep their allocator's defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn configure() {}
