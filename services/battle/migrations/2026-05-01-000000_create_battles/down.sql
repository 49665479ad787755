DROP TABLE battle_logs;
DROP TABLE battle_participants;
DROP TABLE battle_enemies;
DROP TABLE battles;
DROP TABLE battle_templates;
