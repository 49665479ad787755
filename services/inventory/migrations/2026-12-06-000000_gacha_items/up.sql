-- Gacha-only catalog entries: characters and weapons with a star rating of 3-5 (rarity rare,
-- epic or legendary), obtained only from gacha pulls, never sold in the shop.
ALTER TABLE catalog_items DROP CONSTRAINT catalog_items_kind_check;
ALTER TABLE catalog_items ADD CONSTRAINT catalog_items_kind_check
    CHECK (kind IN ('equipment', 'egg', 'food', 'potion', 'furniture', 'character', 'weapon'));
ALTER TABLE catalog_items ADD CONSTRAINT catalog_items_gacha_check
    CHECK (kind NOT IN ('character', 'weapon') OR (
        item_type = kind
        AND NOT in_shop
        AND price_gold IS NULL
        AND price_gems IS NULL
        AND NOT stackable
        AND rarity IN ('rare', 'epic', 'legendary')
    ));
