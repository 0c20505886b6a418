//! `sortie test` and `sortie run`: bad input, output (one block per file with parallel
//! files), and the spec folders against httpbin.

mod cli;
mod interrupt;
mod memory;
mod output_blocks;
mod specs_httpbin;
