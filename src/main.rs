//! The desktop app arrives with the next commit; this step lands the library and simulator.
fn main() {
    eprintln!("witi-connect: the desktop UI is not built yet; run `cargo run --bin witi-sim` for the simulator.");
    std::process::exit(2);
}
