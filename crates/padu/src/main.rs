//! The `padu` command: wiring only. Each command lives in `commands/`.

mod allocator;
mod cli;
mod commands;
mod config;
mod demo;
mod private;
mod table;

use std::process::ExitCode;

use clap::Parser;

/// Prints a status line for the operator. A server keeps running when nobody reads its output
/// any more (a closed pipe), so write errors are ignored here, unlike `println!`.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
pub(crate) use say;

fn main() -> ExitCode {
    allocator::configure();
    private::restrict_new_files();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error:#}");
            ExitCode::FAILURE
        }
    }
}
