-- Board and player names compare byte by byte. Under the database's default collation
-- (C.UTF-8 here, a locale elsewhere) every comparison in an index descent goes through the
-- locale machinery, and each submission descends three indexes keyed on these columns.
-- Equality is unchanged; nothing orders by these names.
ALTER TABLE scores
    ALTER COLUMN game_mode TYPE TEXT COLLATE "C",
    ALTER COLUMN player_name TYPE TEXT COLLATE "C";
