-- Every request for a unit's link. No address is stored: visitor is a keyed
-- hash under the day's salt. Each row is inserted once, by the server that
-- answered the request.
CREATE TABLE scans (
	id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	at      timestamptz NOT NULL,
	day     text        NOT NULL, -- YYYY-MM-DD in Thailand
	code    text        NOT NULL,
	token   text        NOT NULL,
	device  text        NOT NULL,
	bot     boolean     NOT NULL,
	visitor text        NOT NULL
);

-- The visitor salt of the current day, shared by every server; past days'
-- salts are deleted when their day ends.
CREATE TABLE salts (
	day  text  PRIMARY KEY,
	salt bytea NOT NULL
);
