-- Catalogue 1.4: the web reader's accounts and sign-in sessions, written once for both engines.
-- The store never sees a password or a session token: the web gateway sends a salted slow hash of
-- the password and the SHA-256 of the session token (so a copy of this table opens no session).

-- One password per user; users made by an operator (createUser) have none until one is set.
CREATE TABLE user_passwords (
  user_id       BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash VARCHAR(512) NOT NULL,
  updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- token_hash: 64 hex digits of SHA-256(token). csrf_token: issued with the session, checked by the
-- gateway on every change the reader makes. Expired rows are purged when the user signs in again.
CREATE TABLE user_sessions (
  token_hash CHAR(64) PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token VARCHAR(128) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, expires_at);
