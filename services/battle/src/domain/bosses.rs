//! The JumpJumpJump boss gallery: 22 bosses (our own names and titles), whose names the
//! battle pool's raids also use, so beating a raid marks its gallery boss as defeated.

use common::art::{EncodingError, Rng, portrait};

/// One gallery boss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GalleryBoss {
    /// Its index, 0..=21 (the image number).
    pub index: i32,
    /// Its name.
    pub name: &'static str,
    /// Its "notorious title".
    pub title: &'static str,
}

const fn boss(index: i32, name: &'static str, title: &'static str) -> GalleryBoss {
    GalleryBoss { index, name, title }
}

/// The gallery, by index.
pub const GALLERY: [GalleryBoss; 22] = [
    boss(0, "Grubnash", "The Mud-Caked Warden"),
    boss(1, "Vorthak", "The Cinder Tyrant"),
    boss(2, "Myrrhex", "Queen of the Hollow Deep"),
    boss(3, "Ossivar", "The Bone Cartographer"),
    boss(4, "Ghalbrim", "Storm Made Flesh"),
    boss(5, "Sister Quell", "The Veiled Matriarch"),
    boss(6, "Thrummok", "The Walking Avalanche"),
    boss(7, "Nixilla", "Mistress of a Thousand Needles"),
    boss(8, "Brazzlegut", "The Ever-Hungry"),
    boss(9, "Caldera Jax", "The Magma Duelist"),
    boss(10, "Whisperwing", "The Silent Eclipse"),
    boss(11, "Korrigan Vale", "The Rusted Baron"),
    boss(12, "Umbrathis", "Eater of Lanterns"),
    boss(13, "Pellucid", "The Glass Leviathan"),
    boss(14, "Hexatrix", "Weaver of Crooked Fates"),
    boss(15, "Drongo Blackreef", "Terror of the Tidal Caves"),
    boss(16, "Sablethorn", "The Briar Monarch"),
    boss(17, "Ixtal", "The Clockwork Sun"),
    boss(18, "Murkmaw", "The Swamp That Walks"),
    boss(19, "Zephyrine", "The Howling Tempest"),
    boss(20, "Obsidius Rex", "Lord of the Black Spire"),
    boss(21, "Aeonfall", "The Last Star"),
];

/// The gallery boss at `index`.
pub fn by_index(index: i64) -> Option<&'static GalleryBoss> {
    usize::try_from(index).ok().and_then(|i| GALLERY.get(i))
}

/// `/api/bosses/images/NN` (two digits), as the seed links each image.
pub fn image_path(index: i32) -> String {
    format!("/api/bosses/images/{index:02}")
}

/// The image's file name in the asset store, `boss_NN.png`.
pub fn image_file(index: i32) -> String {
    format!("boss_{index:02}.png")
}

/// The key battle stores boss `index`'s image under in the asset service, `boss:{index}`.
pub fn image_key(index: i32) -> String {
    format!("boss:{index}")
}

/// Width and height of a gallery image, in pixels.
pub const IMAGE_SIZE: u32 = 256;

/// Boss `boss`'s portrait as a PNG: painted from its name and title with a generator seeded
/// by its key, so every replica and every start paints the same bytes.
pub fn paint(boss: &GalleryBoss) -> Result<Vec<u8>, EncodingError> {
    let mut rng = Rng::from_bytes(image_key(boss.index).as_bytes());
    portrait(
        &mut rng,
        &format!("{}, {}", boss.name, boss.title),
        IMAGE_SIZE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gallery_has_22_distinct_bosses_in_index_order() {
        for (i, b) in GALLERY.iter().enumerate() {
            assert_eq!(b.index as usize, i);
        }
        let mut names: Vec<_> = GALLERY.iter().map(|b| b.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 22);
        assert!(by_index(22).is_none() && by_index(-1).is_none());
        assert_eq!(image_path(3), "/api/bosses/images/03");
        assert_eq!(image_file(21), "boss_21.png");
        assert_eq!(image_key(7), "boss:7");
    }

    #[test]
    fn each_boss_paints_its_own_png_and_always_the_same() {
        let first = paint(&GALLERY[0]).unwrap();
        assert_eq!(first, paint(&GALLERY[0]).unwrap());
        assert_ne!(first, paint(&GALLERY[1]).unwrap());
        assert!(first.starts_with(b"\x89PNG\r\n\x1a\n"));
        // IHDR: width and height, big-endian, at bytes 16..24.
        assert_eq!(&first[16..24], &[0, 0, 1, 0, 0, 0, 1, 0]);
    }
}
