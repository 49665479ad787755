DROP TABLE battle_attack_keys;
