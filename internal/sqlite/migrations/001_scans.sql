-- Every request for a unit's link. No address is stored: visitor is a keyed
-- hash under the day's salt.
CREATE TABLE scans (
	id      INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL, -- Unix milliseconds
	day     TEXT    NOT NULL, -- YYYY-MM-DD in Thailand
	code    TEXT    NOT NULL,
	token   TEXT    NOT NULL,
	device  TEXT    NOT NULL,
	bot     INTEGER NOT NULL,
	visitor TEXT    NOT NULL
);
-- No index: every scan pays for one on insert, and the report reads them all.

-- The visitor salt of the current day; past days' salts are deleted.
CREATE TABLE salts (
	day  TEXT PRIMARY KEY,
	salt BLOB NOT NULL
);
