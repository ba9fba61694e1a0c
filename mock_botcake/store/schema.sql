-- The fake's state. Rows keep insertion order through their rowid, which is the order the API lists
-- them in (fidelity 7.10). Ids are the API's own ids; (page_id, id) keys keep pages apart.
CREATE TABLE pages (
    page_id         TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    access_token    TEXT NOT NULL UNIQUE,
    token_timestamp INTEGER NOT NULL
);
CREATE TABLE folders (
    page_id   TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id        INTEGER NOT NULL,
    name      TEXT NOT NULL,
    parent_id INTEGER,
    PRIMARY KEY (page_id, id)
);
CREATE INDEX folders_by_parent ON folders (page_id, parent_id);
CREATE TABLE flows (
    page_id    TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id         INTEGER NOT NULL,
    name       TEXT NOT NULL,
    parent_id  INTEGER,
    is_removed INTEGER NOT NULL,
    PRIMARY KEY (page_id, id)
);
CREATE INDEX flows_by_parent ON flows (page_id, parent_id);
CREATE TABLE keywords (
    page_id      TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,
    flow_id      INTEGER,
    is_activated INTEGER NOT NULL,
    PRIMARY KEY (page_id, id)
);
CREATE INDEX keywords_by_id ON keywords (id);
CREATE TABLE ice_breakers (
    page_id TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id      INTEGER NOT NULL,
    flow_id INTEGER,
    title   TEXT NOT NULL,
    PRIMARY KEY (page_id, id)
);
CREATE TABLE main_menu (
    page_id TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id      INTEGER NOT NULL,
    type    TEXT NOT NULL,
    title   TEXT NOT NULL,
    flow_id INTEGER,
    url     TEXT,
    PRIMARY KEY (page_id, id)
);
CREATE TABLE tools (
    page_id      TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    id           INTEGER NOT NULL,
    name         TEXT NOT NULL,
    type         TEXT NOT NULL,
    is_published INTEGER NOT NULL,
    PRIMARY KEY (page_id, id)
);
CREATE TABLE flow_statistics (
    page_id            TEXT NOT NULL,
    flow_id            INTEGER NOT NULL,
    delivery           INTEGER NOT NULL DEFAULT 0,
    is_clicked         INTEGER NOT NULL DEFAULT 0,
    seen               INTEGER NOT NULL DEFAULT 0,
    sent               INTEGER NOT NULL DEFAULT 0,
    total_phone_number INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (page_id, flow_id),
    FOREIGN KEY (page_id, flow_id) REFERENCES flows (page_id, id) ON DELETE CASCADE
);
CREATE TABLE sends (
    id          INTEGER PRIMARY KEY,
    page_id     TEXT NOT NULL REFERENCES pages (page_id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    psid        TEXT NOT NULL,
    flow_id     INTEGER,
    data        TEXT,
    message_tag TEXT,
    payload     TEXT,
    received_at TEXT NOT NULL
);
CREATE INDEX sends_by_page ON sends (page_id, id);
