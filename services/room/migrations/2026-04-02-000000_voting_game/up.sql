-- The voting party game: per-room timing and questions, rounds with stored deadlines,
-- anonymous answers and votes. Points are votes received, so they cannot drift from votes.

CREATE TABLE voting_games (
    room_id uuid PRIMARY KEY REFERENCES rooms (id) ON DELETE CASCADE,
    answer_seconds integer NOT NULL CHECK (answer_seconds BETWEEN 1 AND 600),
    vote_seconds integer NOT NULL CHECK (vote_seconds BETWEEN 1 AND 600),
    -- Chosen once at the start, distinct, one per round.
    questions jsonb NOT NULL DEFAULT '[]',
    -- 'ai', 'bank' or 'mixed': where the questions came from.
    question_source text NOT NULL DEFAULT 'bank',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE game_rounds (
    id uuid PRIMARY KEY,
    room_id uuid NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    round_number integer NOT NULL CHECK (round_number >= 1),
    question text NOT NULL,
    status text NOT NULL CHECK (status IN ('answering', 'voting', 'results')),
    started_at timestamptz NOT NULL DEFAULT now(),
    -- The stored deadline of the current phase (NULL in results). Every replica's sweeper
    -- advances due rounds with a conditional UPDATE, so a phase changes exactly once.
    ends_at timestamptz,
    CONSTRAINT game_rounds_room_number_key UNIQUE (room_id, round_number)
);
CREATE INDEX game_rounds_due_idx ON game_rounds (ends_at) WHERE status IN ('answering', 'voting');

CREATE TABLE game_answers (
    id uuid PRIMARY KEY,
    round_id uuid NOT NULL REFERENCES game_rounds (id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    -- The author's name when answering, so results and leaderboards survive a departure.
    author_name text NOT NULL,
    content text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 500),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT game_answers_round_user_key UNIQUE (round_id, user_id),
    -- Target of the votes' foreign key, which pins a vote's author to the answer's.
    CONSTRAINT game_answers_round_id_user_key UNIQUE (round_id, id, user_id)
);

CREATE TABLE game_votes (
    id uuid PRIMARY KEY,
    round_id uuid NOT NULL REFERENCES game_rounds (id) ON DELETE CASCADE,
    voter_id uuid NOT NULL,
    answer_id uuid NOT NULL,
    author_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT game_votes_round_voter_key UNIQUE (round_id, voter_id),
    CONSTRAINT game_votes_not_own_answer CHECK (voter_id <> author_id),
    CONSTRAINT game_votes_answer_fkey FOREIGN KEY (round_id, answer_id, author_id)
        REFERENCES game_answers (round_id, id, user_id) ON DELETE CASCADE
);
CREATE INDEX game_votes_answer_idx ON game_votes (answer_id);
