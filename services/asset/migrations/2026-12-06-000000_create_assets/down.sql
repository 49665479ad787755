DROP TABLE asset_versions;
DROP TABLE assets;
