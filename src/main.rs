//! The `pnp-live` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    pnp_live::cli::main(pnp_live::cli::Cli::parse())
}
