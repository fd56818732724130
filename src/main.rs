use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(rx::cli::run() as u8)
}
