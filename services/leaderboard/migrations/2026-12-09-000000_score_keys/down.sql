DROP TABLE score_keys;
