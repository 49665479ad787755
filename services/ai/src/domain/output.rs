//! What a generator hands back for a job, before it is stored.

/// Generated content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Party prompts (`question_set`).
    Questions(Vec<String>),
    /// Prose (`item_description`, `character_bio`).
    Text(String),
    /// A PNG image (`character_art`).
    Image {
        /// The encoded PNG.
        png: Vec<u8>,
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

/// The eight bytes every PNG starts with.
pub const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Most bytes of an image we keep.
pub const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;

/// Width and height from a PNG's IHDR, if `bytes` is a PNG at all.
pub fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || bytes[..8] != PNG_SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}
