-- Accounts the cafe seed's client registered without a password (a development-only mode):
-- the only accounts `POST /api/v1/auth/token` hands a token to without checking a password.
ALTER TABLE users ADD COLUMN passwordless BOOLEAN NOT NULL DEFAULT false;
