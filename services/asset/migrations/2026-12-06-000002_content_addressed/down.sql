DROP INDEX asset_versions_storage_key_idx;
DROP INDEX assets_service_key_idx;
ALTER TABLE assets DROP COLUMN service_key;
