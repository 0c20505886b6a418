/// The parser and the runner make many small allocations: mimalloc serves them in a fraction
/// of the system allocator's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sortie::cli::main()
}
