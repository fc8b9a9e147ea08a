//! QR data URI → pixels. Pure, bounded and reading no files:
//! - the input is capped at [`MAX_INPUT_BYTES`] before anything is decoded;
//! - the pixel size comes from the caller (widget size × pixels per point), clamped to
//!   [`MIN_SIDE_PX`]..=[`MAX_SIDE_PX`]; the SVG's own width/height only set the aspect ratio
//!   (a declared 1e8 × 1e8 would otherwise abort the process on allocation);
//! - `<image href>` is never resolved, neither paths nor data URIs;
//! - filters, patterns and masks are refused (a QR has none; they can make rendering slow);
//! - the render is snapped to the QR's module grid, so that every module is a whole number of
//!   pixels and the code stays crisp at any size, with a 4-module white quiet zone.

use base64::Engine as _;
use resvg::{tiny_skia, usvg};

/// A WhatsApp QR SVG is a few KB; this is generous and bounds parse and render time.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;
pub const MIN_SIDE_PX: u32 = 64;
pub const MAX_SIDE_PX: u32 = 4096;
/// How far outside the canvas (in pixels, either way) a shape may reach: well inside the
/// 16.16 fixed-point range (32767) of tiny-skia's scan converter, far beyond any QR.
const MAX_SHAPE_PX: f32 = 16_384.0;
/// Modules of white around the code, as the QR standard asks.
pub const QUIET_ZONE: u32 = 4;

/// An opaque RGBA image, `side` × `side`.
#[derive(Clone, PartialEq, Eq)]
pub struct QrImage {
    pub side: u32,
    pub rgba: Vec<u8>,
    /// Modules per side when the grid was found (21..=177); `None` for a plain render.
    pub modules: Option<u32>,
}

impl std::fmt::Debug for QrImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrImage").field("side", &self.side).field("modules", &self.modules).finish()
    }
}

impl QrImage {
    /// One byte of luminance per pixel, for decoders such as `rqrr`.
    pub fn luma(&self) -> Vec<u8> {
        self.rgba.chunks_exact(4).map(|p| luminance(p[0], p[1], p[2])).collect()
    }

    /// The image as a PNG file (greyscale, 8 bits), for saving.
    pub fn to_png(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.side, self.side);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("writing to a Vec cannot fail");
        writer.write_image_data(&self.luma()).expect("the data matches the header");
        writer.finish().expect("writing to a Vec cannot fail");
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QrError {
    TooLarge,
    BadBase64,
    /// What was sent instead: "PNG", "JPEG", "GIF", "SVGZ", "text" or a MIME type.
    NotSvg(String),
    /// usvg's reason (in English: it comes from the library).
    InvalidSvg(String),
    /// Filters, patterns or masks: a QR has none, and they can make rendering slow.
    Unsupported,
    /// Shapes far outside the canvas.
    OutOfBounds,
    Blank,
    /// The rasterizing task ended without a result.
    Stopped,
}

/// In the app's language (the catalogue's `qr-error-*` messages).
impl std::fmt::Display for QrError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::tr;
        let text = match self {
            QrError::TooLarge => tr!("qr-error-too-large", kb = (MAX_INPUT_BYTES / 1024).to_string()),
            QrError::BadBase64 => tr!("qr-error-bad-base64"),
            QrError::NotSvg(format) => tr!("qr-error-not-svg", format = format.as_str()),
            QrError::InvalidSvg(detail) => tr!("qr-error-invalid-svg", detail = detail.as_str()),
            QrError::Unsupported => tr!("qr-error-unsupported"),
            QrError::OutOfBounds => tr!("qr-error-out-of-bounds"),
            QrError::Blank => tr!("qr-error-blank"),
            QrError::Stopped => tr!("qr-error-stopped"),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for QrError {}

/// Decodes `data:image/svg+xml;base64,...` (also `;utf8,` / percent-encoded, raw base64 or
/// raw SVG text, which gateways have been seen to send) into SVG bytes, checking the cap first.
pub fn svg_bytes(uri: &str) -> Result<Vec<u8>, QrError> {
    // base64 is 4/3 of the bytes it carries; refuse before allocating for a decode.
    if uri.len() > MAX_INPUT_BYTES / 3 * 4 + 256 {
        return Err(QrError::TooLarge);
    }
    let uri = uri.trim();
    let bytes = if let Some(rest) = uri.strip_prefix("data:") {
        let (header, payload) = rest.split_once(',').ok_or(QrError::BadBase64)?;
        let mut parts = header.split(';');
        let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let is_base64 = parts.any(|p| p.trim().eq_ignore_ascii_case("base64"));
        if !mime.is_empty() && mime != "image/svg+xml" && mime != "text/plain" {
            return Err(QrError::NotSvg(describe_mime(&mime)));
        }
        if is_base64 { decode_base64(payload)? } else { percent_decode(payload) }
    } else if uri.starts_with('<') {
        uri.as_bytes().to_vec()
    } else {
        decode_base64(uri)?
    };
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(QrError::TooLarge);
    }
    check_is_svg(&bytes)?;
    Ok(bytes)
}

/// Rasterizes a QR data URI to at most `side_px` × `side_px` pixels (clamped).
pub fn rasterize(uri: &str, side_px: u32) -> Result<QrImage, QrError> {
    rasterize_svg(&svg_bytes(uri)?, side_px)
}

pub fn rasterize_svg(svg: &[u8], side_px: u32) -> Result<QrImage, QrError> {
    if svg.len() > MAX_INPUT_BYTES {
        return Err(QrError::TooLarge);
    }
    check_is_svg(svg)?;
    let tree = usvg::Tree::from_data(svg, &safe_options()).map_err(|e| QrError::InvalidSvg(e.to_string()))?;
    // A QR is plain filled shapes. Filters, patterns and masks can make rendering take seconds
    // (a blur under nested scales did, found by the property tests), and a QR needs none.
    if !tree.filters().is_empty() || !tree.patterns().is_empty() || !tree.masks().is_empty() {
        return Err(QrError::Unsupported);
    }
    let side = side_px.clamp(MIN_SIDE_PX, MAX_SIDE_PX);
    // Render large enough that each module spans several pixels before snapping to the grid.
    let probe_side = side.max(512);
    let probe = render(&tree, probe_side)?;
    match find_grid(&probe, probe_side) {
        Some(grid) => Ok(grid.draw(side)),
        None => {
            let plain = if probe_side == side { probe } else { render(&tree, side)? };
            let mut rgba = Vec::with_capacity(plain.len() * 4);
            for &l in &plain {
                rgba.extend_from_slice(&[l, l, l, 255]);
            }
            Ok(QrImage { side, rgba, modules: None })
        }
    }
}

fn safe_options() -> usvg::Options<'static> {
    usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Renders the tree scaled to fit `side` × `side` on white; returns luminance per pixel.
fn render(tree: &usvg::Tree, side: u32) -> Result<Vec<u8>, QrError> {
    let mut pixmap = tiny_skia::Pixmap::new(side, side).ok_or(QrError::Blank)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let size = tree.size();
    let scale = side as f32 / size.width().max(size.height());
    if !scale.is_finite() || scale <= 0.0 {
        return Err(QrError::Blank);
    }
    let dx = (side as f32 - size.width() * scale) / 2.0;
    let dy = (side as f32 - size.height() * scale) / 2.0;
    // Shapes far outside the canvas (found by the property tests: nested scale() to 1e13
    // units) drive tiny-skia's fixed-point scan converter past its range. A QR's shapes lie
    // on its canvas; allow a wide margin and refuse the rest.
    let bbox = tree.root().abs_stroke_bounding_box();
    let far = |v: f32, offset: f32| {
        !(v * scale + offset).abs().is_finite() || (v * scale + offset).abs() > MAX_SHAPE_PX
    };
    if far(bbox.left(), dx) || far(bbox.right(), dx) || far(bbox.top(), dy) || far(bbox.bottom(), dy) {
        return Err(QrError::OutOfBounds);
    }
    let transform = tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(tree, transform, &mut pixmap.as_mut());
    // Opaque over white, so premultiplied values are the colour.
    Ok(pixmap.data().chunks_exact(4).map(|p| luminance(p[0], p[1], p[2])).collect())
}

fn luminance(r: u8, g: u8, b: u8) -> u8 {
    ((r as u32 * 299 + g as u32 * 587 + b as u32 * 114) / 1000) as u8
}

/// The module matrix read back from a render.
struct Grid {
    n: u32,
    dark: Vec<bool>,
}

impl Grid {
    /// Whole pixels per module, with the quiet zone, as large as fits in `side`.
    fn draw(&self, side: u32) -> QrImage {
        let total = self.n + 2 * QUIET_ZONE;
        let k = (side / total).max(1);
        let out = total * k;
        let mut rgba = vec![255u8; (out * out * 4) as usize];
        for my in 0..self.n {
            for mx in 0..self.n {
                if !self.dark[(my * self.n + mx) as usize] {
                    continue;
                }
                for y in (my + QUIET_ZONE) * k..(my + QUIET_ZONE + 1) * k {
                    let row = (y * out) as usize * 4;
                    for x in (mx + QUIET_ZONE) * k..(mx + QUIET_ZONE + 1) * k {
                        let i = row + x as usize * 4;
                        rgba[i..i + 3].copy_from_slice(&[0, 0, 0]);
                    }
                }
            }
        }
        QrImage { side: out, rgba, modules: Some(self.n) }
    }
}

/// Finds the QR's module grid in a render: the dark bounding box, the module size from the
/// top-left finder pattern (7 modules wide), a valid version size (21 + 4k), and the three
/// finder patterns where they must be. Anything else is not treated as a QR.
fn find_grid(luma: &[u8], side: u32) -> Option<Grid> {
    let s = side as usize;
    let dark = |x: usize, y: usize| luma[y * s + x] < 128;
    let (mut left, mut top, mut right, mut bottom) = (s, s, 0, 0);
    for y in 0..s {
        for x in 0..s {
            if dark(x, y) {
                left = left.min(x);
                right = right.max(x);
                top = top.min(y);
                bottom = bottom.max(y);
            }
        }
    }
    if right <= left || bottom <= top {
        return None;
    }
    let (w, h) = ((right - left + 1) as f32, (bottom - top + 1) as f32);
    if (w - h).abs() > w * 0.02 {
        return None;
    }
    // The finder's top edge: the longest dark run from the left edge on the first rows.
    let run =
        (top..(top + 3).min(bottom)).map(|y| (left..=right).take_while(|&x| dark(x, y)).count()).max()?;
    let module_est = run as f32 / 7.0;
    if module_est < 2.0 {
        return None;
    }
    let n_est = w / module_est;
    let n = ((n_est - 21.0) / 4.0).round() * 4.0 + 21.0;
    if !(21.0..=177.0).contains(&n) || (n - n_est).abs() > 1.0 {
        return None;
    }
    let n = n as u32;
    let module = w / n as f32;
    let mut matrix = vec![false; (n * n) as usize];
    for my in 0..n {
        for mx in 0..n {
            let x = (left as f32 + (mx as f32 + 0.5) * module) as usize;
            let y = (top as f32 + (my as f32 + 0.5) * module) as usize;
            matrix[(my * n + mx) as usize] = dark(x.min(s - 1), y.min(s - 1));
        }
    }
    let grid = Grid { n, dark: matrix };
    let finders = [(0, 0), (n - 7, 0), (0, n - 7)];
    finders.iter().all(|&(fx, fy)| grid.has_finder(fx, fy)).then_some(grid)
}

impl Grid {
    fn has_finder(&self, fx: u32, fy: u32) -> bool {
        (0..7).all(|dy| {
            (0..7).all(|dx| {
                let ring = dx.min(dy).min(6 - dx).min(6 - dy);
                let want = ring != 1; // outer ring dark, next ring light, 3×3 centre dark
                self.dark[((fy + dy) * self.n + fx + dx) as usize] == want
            })
        })
    }
}

fn decode_base64(payload: &str) -> Result<Vec<u8>, QrError> {
    let cleaned: String = payload.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let cleaned = cleaned.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(cleaned.trim_end_matches('=')))
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cleaned.trim_end_matches('=')))
        .map_err(|_| QrError::BadBase64)
}

fn percent_decode(payload: &str) -> Vec<u8> {
    let bytes = payload.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) =
                (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

fn describe_mime(mime: &str) -> String {
    match mime {
        "image/png" => "PNG".into(),
        "image/jpeg" | "image/jpg" => "JPEG".into(),
        "image/gif" => "GIF".into(),
        other => crate::api::parse::short(other),
    }
}

/// Refuses what is plainly not SVG with a clear name for what it is.
fn check_is_svg(bytes: &[u8]) -> Result<(), QrError> {
    let head = &bytes[..bytes.len().min(512)];
    if head.starts_with(b"\x89PNG") {
        return Err(QrError::NotSvg("PNG".into()));
    }
    if head.starts_with(b"\xFF\xD8\xFF") {
        return Err(QrError::NotSvg("JPEG".into()));
    }
    if head.starts_with(b"GIF8") {
        return Err(QrError::NotSvg("GIF".into()));
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        return Err(QrError::NotSvg("SVGZ".into()));
    }
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<')
        || !text.to_ascii_lowercase().contains("<svg")
            && !text.starts_with("<?xml")
            && !text.starts_with("<!")
    {
        return Err(QrError::NotSvg("text".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim_qr(payload: &str) -> String {
        crate::simulator::qr_data_uri(payload)
    }

    fn decode(img: &QrImage) -> String {
        let luma = img.luma();
        let s = img.side as usize;
        let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(s, s, |x, y| luma[y * s + x]);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR expected");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn a_simulator_qr_decodes_back_at_several_sizes_with_whole_pixel_modules() {
        let uri = sim_qr("2@token-ABCdef0123456789");
        for side in [200, 280, 333, 512, 1000] {
            let img = rasterize(&uri, side).unwrap();
            assert!(img.side <= side.max(MIN_SIDE_PX), "{side}: {}", img.side);
            let n = img.modules.expect("grid found");
            assert_eq!(img.side % (n + 2 * QUIET_ZONE), 0, "whole pixels per module");
            assert_eq!(decode(&img), "2@token-ABCdef0123456789");
        }
    }

    #[test]
    fn the_png_decodes_back_to_the_same_qr() {
        let img = rasterize(&sim_qr("png-check"), 300).unwrap();
        let bytes = img.to_png();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (img.side, img.side));
        assert_eq!(&buf[..info.buffer_size()], &img.luma()[..]);
    }

    #[test]
    fn only_black_and_white_pixels_after_snapping() {
        let img = rasterize(&sim_qr("crisp"), 300).unwrap();
        assert!(img.rgba.chunks_exact(4).all(|p| (p[0] == 0 || p[0] == 255) && p[3] == 255));
    }

    #[test]
    fn declared_size_is_ignored() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100000000" height="100000000" viewBox="0 0 10 10"><rect x="2" y="2" width="6" height="6"/></svg>"#;
        let img = rasterize_svg(svg.as_bytes(), 256).unwrap();
        assert_eq!(img.side, 256);
        assert_eq!(img.modules, None);
    }

    #[test]
    fn wrong_content_gives_clear_errors() {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        assert_eq!(rasterize("data:image/svg+xml;base64,@@@", 100), Err(QrError::BadBase64));
        assert_eq!(
            rasterize(&format!("data:image/png;base64,{}", b64(b"\x89PNG....")), 100),
            Err(QrError::NotSvg("PNG".into()))
        );
        assert_eq!(
            rasterize(&format!("data:image/svg+xml;base64,{}", b64(b"\x89PNG....")), 100),
            Err(QrError::NotSvg("PNG".into()))
        );
        assert_eq!(
            rasterize(&format!("data:image/svg+xml;base64,{}", b64(b"hello")), 100),
            Err(QrError::NotSvg("text".into()))
        );
        assert!(matches!(
            rasterize(&format!("data:image/svg+xml;base64,{}", b64(b"<svg><unclosed")), 100),
            Err(QrError::InvalidSvg(_))
        ));
        let huge = format!("data:image/svg+xml;base64,{}", "A".repeat(MAX_INPUT_BYTES * 2));
        assert_eq!(rasterize(&huge, 100), Err(QrError::TooLarge));
    }

    #[test]
    fn raw_base64_and_raw_svg_are_accepted() {
        let uri = sim_qr("raw");
        let b64 = uri.split_once(',').unwrap().1;
        assert_eq!(decode(&rasterize(b64, 300).unwrap()), "raw");
        let svg = String::from_utf8(svg_bytes(&uri).unwrap()).unwrap();
        assert_eq!(decode(&rasterize(&svg, 300).unwrap()), "raw");
    }
}
