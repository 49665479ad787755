ALTER TABLE asset_versions ADD COLUMN thumbnail_key TEXT;
