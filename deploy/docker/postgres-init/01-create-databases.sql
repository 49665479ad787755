-- The official postgres image runs this once, when it initialises an empty
-- data volume. It creates one database per service that has one (the
-- gateway has none). Each service's `migrate` then creates its own schema.
CREATE DATABASE auth;
CREATE DATABASE inventory;
CREATE DATABASE gacha;
CREATE DATABASE battle;
CREATE DATABASE room;
CREATE DATABASE leaderboard;
CREATE DATABASE ai;
CREATE DATABASE asset;
