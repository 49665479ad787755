DROP TABLE game_votes;
DROP TABLE game_answers;
DROP TABLE game_rounds;
DROP TABLE voting_games;
