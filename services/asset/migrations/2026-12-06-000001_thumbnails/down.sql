ALTER TABLE asset_versions DROP COLUMN thumbnail_key;
