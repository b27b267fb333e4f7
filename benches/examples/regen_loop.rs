//! Runs the in-memory regen of today's excerpt + the 2018 document N times (default 20), for
//! profiling (`perf record`) and for CPU-time comparisons under `/usr/bin/time` on a shared
//! machine, where CPU seconds move less with the load than criterion's wall-clock medians.
//!
//! `cargo run --release -p tcgen-benches --example regen_loop -- 20`

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tcgen_benches::regen::{regen_editions_in_memory, DOCS, EXCERPT, OVERRIDES};

fn main() -> Result<(), String> {
    let runs: usize = match std::env::args().nth(1) {
        Some(arg) => arg
            .parse()
            .map_err(|_| format!("the number of runs must be a whole number, not `{arg}`"))?,
        None => 20,
    };
    let started = std::time::Instant::now();
    for _ in 0..runs {
        std::hint::black_box(regen_editions_in_memory(EXCERPT, DOCS, OVERRIDES)?);
    }
    let per_run = started.elapsed() / u32::try_from(runs.max(1)).map_err(|e| e.to_string())?;
    println!("{runs} runs, {per_run:?} wall per run");
    Ok(())
}
