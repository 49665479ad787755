ALTER TABLE scores
    ALTER COLUMN game_mode TYPE TEXT COLLATE "default",
    ALTER COLUMN player_name TYPE TEXT COLLATE "default";
