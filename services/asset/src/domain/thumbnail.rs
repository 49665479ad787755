//! Thumbnails of uploaded images, decoded under limits so a small file claiming huge
//! dimensions (a decompression bomb) is refused instead of allocated.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

/// Longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 256;

/// Largest source image decoded, per side.
pub const MAX_SOURCE_SIDE: u32 = 8192;

/// Most memory the decoder may allocate.
pub const MAX_DECODE_BYTES: u64 = 128 * 1024 * 1024;

/// Content types thumbnails are made for.
pub fn supports(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// The file name a version's thumbnail is served under; never equal to a version's own name.
pub fn thumbnail_name(filename: &str) -> String {
    format!("thumb-{filename}.png")
}

/// A PNG at most [`THUMB_SIDE`] on its longest side, keeping the aspect ratio.
pub fn thumbnail(bytes: &[u8]) -> Result<Vec<u8>, image::ImageError> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let image = reader.decode()?;
    let thumb = image.thumbnail(THUMB_SIDE, THUMB_SIDE);
    let mut out = Cursor::new(Vec::new());
    thumb.write_to(&mut out, ImageFormat::Png)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgba};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_pixel(w, h, Rgba([200u8, 10, 10, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn thumbnails_keep_the_aspect_ratio_within_the_bound() {
        let thumb = image::load_from_memory(&thumbnail(&png(1024, 512)).unwrap()).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (256, 128));
    }

    fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
        let img = ImageBuffer::from_pixel(w, h, Rgba([10u8, 200, 10, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, format).unwrap();
        out.into_inner()
    }

    #[test]
    fn gif_and_webp_sources_get_png_thumbnails() {
        for (format, content_type) in [
            (ImageFormat::Gif, "image/gif"),
            (ImageFormat::WebP, "image/webp"),
        ] {
            assert!(supports(content_type));
            let thumb = thumbnail(&encoded(600, 300, format)).unwrap();
            assert_eq!(image::guess_format(&thumb).unwrap(), ImageFormat::Png);
            let thumb = image::load_from_memory(&thumb).unwrap();
            assert_eq!(
                (thumb.width(), thumb.height()),
                (256, 128),
                "{content_type}"
            );
        }
    }

    #[test]
    fn a_header_claiming_huge_dimensions_is_refused_before_allocating() {
        let mut bomb = png(1, 1);
        // IHDR width and height (bytes 16..24) rewritten to 100000 x 100000.
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(thumbnail(&bomb).is_err());
        assert!(thumbnail(b"not an image").is_err());
    }
}
