ALTER TABLE users DROP COLUMN passwordless;
