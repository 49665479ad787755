DELETE FROM catalog_items c
    WHERE c.kind IN ('character', 'weapon')
    AND NOT EXISTS (SELECT 1 FROM items i WHERE i.catalog_id = c.id);
ALTER TABLE catalog_items DROP CONSTRAINT catalog_items_gacha_check;
ALTER TABLE catalog_items DROP CONSTRAINT catalog_items_kind_check;
ALTER TABLE catalog_items ADD CONSTRAINT catalog_items_kind_check
    CHECK (kind IN ('equipment', 'egg', 'food', 'potion', 'furniture'));
