DROP TABLE pulls;
DROP TABLE pity;
DROP TABLE banner_versions;
DROP TABLE banners;
