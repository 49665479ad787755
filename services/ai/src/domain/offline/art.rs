//! Offline `character_art`: a mirrored pixel-art figure on a two-tone gradient, its colours
//! taken from colour words in the prompt (else from the seed), encoded as an RGB PNG.

use super::Rng;
use super::words::COLOURS;

/// Cells across the picture; the figure takes the middle 12 of them.
const GRID: u32 = 16;
const FIGURE: u32 = 12;

/// Paints the portrait for `prompt` as a `size` x `size` PNG (`size` a multiple of 16).
pub fn portrait(rng: &mut Rng, prompt: &str, size: u32) -> Result<Vec<u8>, png::EncodingError> {
    let lower = prompt.to_lowercase();
    let mut named = COLOURS
        .iter()
        .filter(|(word, _)| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == *word)
        })
        .map(|(_, rgb)| *rgb);
    let body = named.next().unwrap_or_else(|| random_colour(rng));
    let accent = named.next().unwrap_or_else(|| random_colour(rng));
    let sky_top = random_colour(rng).map(|c| c / 3 + 150);
    let sky_bottom = random_colour(rng).map(|c| c / 4 + 40);

    // Half the figure, mirrored: 0 empty, 1 body, 2 accent, 3 outline-dark eyes.
    let half = FIGURE / 2;
    let mut cells = vec![0u8; (FIGURE * FIGURE) as usize];
    for y in 0..FIGURE {
        for x in 0..half {
            // Denser toward the centre column so the figure reads as one shape.
            let centre_bias = (x * 100 / half) as usize;
            let roll = rng.below(100);
            let v = if roll < 20 + centre_bias / 2 {
                1
            } else if roll < 32 + centre_bias / 2 {
                2
            } else {
                0
            };
            cells[(y * FIGURE + x) as usize] = v;
            cells[(y * FIGURE + FIGURE - 1 - x) as usize] = v;
        }
    }
    let eye_row = 3 + rng.below(3) as u32;
    let eye_col = 2 + rng.below(2) as u32;
    cells[(eye_row * FIGURE + eye_col) as usize] = 3;
    cells[(eye_row * FIGURE + FIGURE - 1 - eye_col) as usize] = 3;

    let cell = (size / GRID).max(1);
    let offset = (GRID - FIGURE) / 2;
    let mut pixels = Vec::with_capacity((size * size * 3) as usize);
    for py in 0..size {
        let t = py * 255 / size.max(1);
        let sky = mix(sky_top, sky_bottom, t);
        for px in 0..size {
            let (cx, cy) = (px / cell, py / cell);
            let inside =
                (offset..offset + FIGURE).contains(&cx) && (offset..offset + FIGURE).contains(&cy);
            let colour = if inside {
                match cells[((cy - offset) * FIGURE + (cx - offset)) as usize] {
                    1 => body,
                    2 => accent,
                    3 => [20, 20, 24],
                    _ => sky,
                }
            } else {
                sky
            };
            pixels.extend_from_slice(&colour);
        }
    }

    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

fn random_colour(rng: &mut Rng) -> [u8; 3] {
    let bits = rng.next_u64();
    [bits as u8, (bits >> 8) as u8, (bits >> 16) as u8]
}

fn mix(a: [u8; 3], b: [u8; 3], t: u32) -> [u8; 3] {
    let f = |x: u8, y: u8| ((u32::from(x) * (255 - t) + u32::from(y) * t) / 255) as u8;
    [f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2])]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_decodes_and_uses_the_prompt_colour() {
        let bytes = portrait(&mut Rng::new(9), "a blue knight", 64).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (64, 64));
        let blue = [50u8, 90, 210];
        assert!(
            buf.chunks(3).any(|p| p == blue),
            "the figure is painted blue"
        );
    }

    #[test]
    fn different_prompts_paint_different_pictures() {
        let a = portrait(&mut Rng::new(1), "a", 64).unwrap();
        let b = portrait(&mut Rng::new(2), "a", 64).unwrap();
        assert_ne!(a, b);
    }
}
