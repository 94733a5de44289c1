//! The `palisade` binary: all logic lives in [`palisade::cli`].

fn main() {
    std::process::exit(palisade::cli::main());
}
