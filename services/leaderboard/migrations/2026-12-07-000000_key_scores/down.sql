DROP TABLE key_scores;
