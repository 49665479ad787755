DROP TABLE battle_attacks;
