/// The parser and the runner make many small allocations: mimalloc serves them in a fraction
/// of the system allocator's time.
#[global_allocator]
static GLOBAL: sortie::alloc::Mimalloc = sortie::alloc::Mimalloc;

fn main() -> std::process::ExitCode {
    sortie::cli::main()
}
