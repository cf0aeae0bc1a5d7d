//! Time reading one list file, without the cache: `load_time FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("a list file");
    let started = std::time::Instant::now();
    let loaded = bonafide_sanctions::load(std::path::Path::new(&path), None).expect("loads");
    eprintln!(
        "{} parties in {:?}",
        loaded.list.parties.len(),
        started.elapsed()
    );
}
