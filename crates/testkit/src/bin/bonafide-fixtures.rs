//! Writes the bundled fixture data: `cargo run -p bonafide-testkit --bin bonafide-fixtures [DIR]`
//! (default `fixtures/data`). A test in this crate keeps the committed copies current.

fn main() -> std::io::Result<()> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fixtures/data".to_owned()),
    );
    std::fs::create_dir_all(&out)?;
    for (name, bytes) in bonafide_testkit::fixtures::fixture_files() {
        std::fs::write(out.join(name), bytes)?;
        println!("wrote {}", out.join(name).display());
    }
    Ok(())
}
