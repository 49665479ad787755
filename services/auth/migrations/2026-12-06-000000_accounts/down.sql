DROP TABLE known_devices;
DROP TABLE email_tokens;
DROP INDEX refresh_tokens_expires_at_idx;
DROP INDEX sessions_revoked_at_idx;
ALTER TABLE sessions
    DROP CONSTRAINT sessions_ip_length,
    DROP CONSTRAINT sessions_user_agent_length,
    DROP COLUMN last_used_at,
    DROP COLUMN ip,
    DROP COLUMN user_agent;
ALTER TABLE users DROP COLUMN email_verified_at;
