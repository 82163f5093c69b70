-- The Fever API key (MD5 of 'name:password', which the protocol fixes) is itself a credential: a
-- copy of this table (a backup, a replica) let anyone sign in as every reader with a Fever app.
-- The store now keeps SHA-256 of the key, as lower-case hex of the key's 32 ASCII hex digits, as
-- it keeps only digests of passwords and tokens; AppPasswordStore hashes on create and on lookup.
ALTER TABLE app_passwords ALTER COLUMN fever_key SET DATA TYPE CHAR(64);
UPDATE app_passwords SET fever_key = LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8(RTRIM(fever_key)))));
