//! Rebuilds when the demo corpus changes: `include_dir!` alone does not notice new files.
fn main() {
    println!("cargo:rerun-if-changed=data/demo");
    println!("cargo:rerun-if-changed=assets");
}
