//! Renders `assets/icon.svg` to the PNG the window uses: `cargo run --example render_icon`.

use resvg::{tiny_skia, usvg};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let svg = std::fs::read(dir.join("icon.svg"))?;
    let tree = usvg::Tree::from_data(&svg, &usvg::Options::default())?;
    for side in [256u32, 64] {
        let mut pixmap = tiny_skia::Pixmap::new(side, side).ok_or("pixmap")?;
        let scale = side as f32 / tree.size().width();
        resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
        let path = dir.join(format!("icon-{side}.png"));
        pixmap.save_png(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
