-- Another service's own name for an asset it stored (`<service>:<key>`): storing again under
-- a live asset's key answers with that asset instead of making a second one.
ALTER TABLE assets ADD COLUMN service_key TEXT CHECK (char_length(service_key) BETWEEN 1 AND 260);
CREATE UNIQUE INDEX assets_service_key_idx ON assets (service_key)
    WHERE service_key IS NOT NULL AND deleted_at IS NULL;
-- Complete versions share content-addressed objects (`blobs/<sha256>`): the purge asks whether
-- any other asset still references one before deleting it.
CREATE INDEX asset_versions_storage_key_idx ON asset_versions (storage_key);
