DROP TABLE key_save_games;
