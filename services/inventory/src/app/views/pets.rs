//! Pets and pet sets.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Stats;
use crate::db::models::{EquippedPet, Pet};
use crate::domain::items::SetType;

/// A pet (eggs hide species, focus and bonuses).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PetView {
    /// Id.
    pub id: Uuid,
    /// Species (`null` for eggs).
    pub species: Option<String>,
    /// Focus (`null` for eggs).
    pub focus: Option<String>,
    /// Name (`Mystery Egg` for eggs).
    pub name: Option<String>,
    /// Still an egg.
    pub is_egg: bool,
    /// Level.
    pub level: i32,
    /// XP into the level.
    pub exp: i64,
    /// XP the level needs.
    pub exp_max: i64,
    /// Attack given to the owner.
    pub attack_bonus: i32,
    /// Defense given to the owner.
    pub defense_bonus: i32,
    /// HP given to the owner.
    pub hp_bonus: i32,
    /// The egg's catalog entry.
    pub catalog_id: Option<String>,
    /// When it hatched.
    pub hatched_at: Option<DateTime<Utc>>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl From<&Pet> for PetView {
    fn from(p: &Pet) -> Self {
        if p.is_egg {
            return PetView {
                id: p.id,
                species: None,
                focus: None,
                name: Some("Mystery Egg".to_owned()),
                is_egg: true,
                level: p.level,
                exp: p.exp,
                exp_max: p.exp_max,
                attack_bonus: 0,
                defense_bonus: 0,
                hp_bonus: 0,
                catalog_id: p.catalog_id.clone(),
                hatched_at: None,
                created_at: p.created_at,
            };
        }
        PetView {
            id: p.id,
            species: p.species.clone(),
            focus: p.focus.clone(),
            name: p.name.clone(),
            is_egg: false,
            level: p.level,
            exp: p.exp,
            exp_max: p.exp_max,
            attack_bonus: p.attack_bonus,
            defense_bonus: p.defense_bonus,
            hp_bonus: p.hp_bonus,
            catalog_id: p.catalog_id.clone(),
            hatched_at: p.hatched_at,
            created_at: p.created_at,
        }
    }
}

/// A pet set's three slots (`null` when empty).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct PetSetView {
    /// The set's id (its type).
    pub id: String,
    /// `attack` or `defense`.
    pub set_type: String,
    /// Slot 1.
    pub pet_1: Option<PetView>,
    /// Slot 2.
    pub pet_2: Option<PetView>,
    /// Slot 3.
    pub pet_3: Option<PetView>,
}

impl PetSetView {
    /// The set `set_type` from the player's equipped pets; with the hatched pets' bonuses.
    pub fn build(set_type: SetType, equipped: &[(EquippedPet, Pet)]) -> (Self, Stats) {
        let mut view = PetSetView {
            id: set_type.as_str().to_owned(),
            set_type: set_type.as_str().to_owned(),
            ..Default::default()
        };
        let mut stats = Stats::default();
        for (slot, pet) in equipped
            .iter()
            .filter(|(s, _)| s.set_type == set_type.as_str())
        {
            if !pet.is_egg {
                stats.add(pet.attack_bonus, pet.defense_bonus, pet.hp_bonus);
            }
            let target = match slot.slot {
                1 => &mut view.pet_1,
                2 => &mut view.pet_2,
                _ => &mut view.pet_3,
            };
            *target = Some(PetView::from(pet));
        }
        (view, stats)
    }
}
