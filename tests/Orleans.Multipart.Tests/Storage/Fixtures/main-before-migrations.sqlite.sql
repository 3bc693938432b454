-- The same, on SQLite: the silo of main before migrations, sqlite3 .dump (BEGIN/COMMIT removed: the test runs it in its own transaction).
PRAGMA foreign_keys=OFF;
CREATE TABLE buckets (
    name TEXT COLLATE BINARY PRIMARY KEY,
    rule INTEGER NOT NULL,
    created_ms BIGINT NOT NULL,
    anonymous_write INTEGER NOT NULL DEFAULT 0);
INSERT INTO buckets VALUES('legacy',0,1796516337333,0);
CREATE TABLE uploads (
    upload_id TEXT COLLATE BINARY PRIMARY KEY,
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
    state INTEGER NOT NULL,
    initiated_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    exclusive_key TEXT COLLATE BINARY NULL,
    completed_etag TEXT NULL,
    completed_size BIGINT NULL,
    completed_parts INTEGER NULL,
    completed_checksum TEXT NULL);
INSERT INTO uploads VALUES('01a248b7db55d9691e540a47ed067610','legacy','done.bin',1,1796516338517,'{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":0,"checksumType":0,"customerAlgorithm":null,"customerKeyMd5":null}',NULL,'42d33973926db3ebf8f1b066200706bb-2',5243880,2,'0:0:2:rP9bSg==');
INSERT INTO uploads VALUES('01a248b7dd9c35cb601924181d44e2d2','legacy','open.bin',0,1796516339100,'{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}',NULL,NULL,NULL,NULL,NULL);
INSERT INTO uploads VALUES('01a248b7dddd65b6c43280d462adbebf','legacy','aborted.bin',2,1796516339165,'{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE parts (
    source_id TEXT COLLATE BINARY NOT NULL,
    part_number INTEGER NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    blob_id TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (source_id, part_number));
INSERT INTO parts VALUES('01a248b7db55d9691e540a47ed067610',1,5242880,'08b46181d7094b5ece88bb389c7499af','3f46feb1f9bd672f95eb6ac06d48d7b7',1796516338796,'0:67XDxA==');
INSERT INTO parts VALUES('01a248b7db55d9691e540a47ed067610',2,1000,'9a278b74b834cba37bbc20e4c85bc7fd','b8a0a0d07fc7b401d216f06177389186',1796516338827,'0:Mdy4CA==');
INSERT INTO parts VALUES('01a248b7dd9c35cb601924181d44e2d2',1,100,'aed563ecafb4bcc5654c597a421547b2','c9dbccddf469024e3a7e01da4beb107d',1796516339138,'0:Xg5djw==');
INSERT INTO parts VALUES('01a248b7dea0f5b07ef3de7b84cf5745',1,24,'67e4c25ecb8ee0e28ae840fdf40fafc5','be58061b6796af6e9834ce85f8835a29',1796516339360,'0:RSF8sg==');
CREATE TABLE objects (
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
    source_id TEXT NOT NULL,
    size BIGINT NOT NULL,
    etag TEXT NOT NULL,
    parts_count INTEGER NOT NULL,
    modified_ms BIGINT NOT NULL,
    settings TEXT NOT NULL,
    checksum TEXT NULL,
    PRIMARY KEY (bucket, object_key));
INSERT INTO objects VALUES('legacy','done.bin','01a248b7db55d9691e540a47ed067610',5243880,'42d33973926db3ebf8f1b066200706bb-2',2,1796516338961,'{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":0,"checksumType":0,"customerAlgorithm":null,"customerKeyMd5":null}','0:0:2:rP9bSg==');
INSERT INTO objects VALUES('legacy','plain.txt','01a248b7dea0f5b07ef3de7b84cf5745',24,'67e4c25ecb8ee0e28ae840fdf40fafc5',0,1796516339360,'{"contentType":"text/plain","cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}','0:1:0:RSF8sg==');
CREATE TABLE garbage (
    blob_id TEXT PRIMARY KEY,
    since_ms BIGINT NOT NULL);
INSERT INTO garbage VALUES('58062dd771338422f52bf63bb0eba925',1796516339283);
INSERT INTO garbage VALUES('dda02df9ace2774504fd9d214b5b0271',1796516339344);
CREATE TABLE key_guards (
    bucket TEXT COLLATE BINARY NOT NULL,
    object_key TEXT COLLATE BINARY NOT NULL,
    writes BIGINT NOT NULL,
    PRIMARY KEY (bucket, object_key));
INSERT INTO key_guards VALUES('legacy','plain.txt',3);
INSERT INTO key_guards VALUES('legacy','done.bin',1);
CREATE TABLE schema_version (
    id INTEGER PRIMARY KEY,
    version INTEGER NOT NULL);
INSERT INTO schema_version VALUES(1,3);
CREATE TABLE OrleansQuery (
    QueryKey TEXT PRIMARY KEY,
    QueryText TEXT NOT NULL);
INSERT INTO OrleansQuery VALUES('ReadFromStorageKey',replace('SELECT payload AS PayloadBinary, version AS Version FROM orleans_storage WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1\n    AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')','\n',char(10)));
INSERT INTO OrleansQuery VALUES('WriteToStorageKey',replace('INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_type_hash, grain_id_hash, payload, version)\nVALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(@GrainIdExtensionString, ''''), @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1)\nON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE\n    SET payload = excluded.payload, version = version + 1\n    WHERE version = @GrainStateVersion;\nSELECT CASE WHEN changes() > 0 THEN (SELECT version FROM orleans_storage WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1\n    AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''')) ELSE @GrainStateVersion END AS NewGrainStateVersion;','\n',char(10)));
INSERT INTO OrleansQuery VALUES('ClearStorageKey',replace('UPDATE orleans_storage SET payload = NULL, version = version + 1 WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1\n    AND grain_id_ext = COALESCE(@GrainIdExtensionString, '''') AND version = @GrainStateVersion;\nSELECT CASE WHEN changes() > 0 THEN @GrainStateVersion + 1 ELSE @GrainStateVersion END AS NewGrainStateVersion;','\n',char(10)));
INSERT INTO OrleansQuery VALUES('UpsertReminderRowKey',replace('INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)\nVALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)\nON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE\n    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = version + 1;\nSELECT version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName;','\n',char(10)));
INSERT INTO OrleansQuery VALUES('ReadReminderRowsKey','SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId');
INSERT INTO OrleansQuery VALUES('ReadReminderRowKey','SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName');
INSERT INTO OrleansQuery VALUES('ReadRangeRows1Key','SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash');
INSERT INTO OrleansQuery VALUES('ReadRangeRows2Key','SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)');
INSERT INTO OrleansQuery VALUES('DeleteReminderRowKey',replace('DELETE FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = @Version;\nSELECT changes();','\n',char(10)));
INSERT INTO OrleansQuery VALUES('DeleteReminderRowsKey','DELETE FROM orleans_reminders WHERE service_id = @ServiceId');
CREATE TABLE orleans_storage (
    service_id TEXT NOT NULL,
    grain_type TEXT NOT NULL,
    grain_id_n0 INTEGER NOT NULL,
    grain_id_n1 INTEGER NOT NULL,
    grain_id_ext TEXT NOT NULL,
    grain_type_hash INTEGER NOT NULL,
    grain_id_hash INTEGER NOT NULL,
    payload BLOB NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext));
INSERT INTO orleans_storage VALUES('orleans-multipart','bucket-settings',0,0,'legacy',1503773568,-1643565648,X'7b22246964223a2231222c222474797065223a224f726c65616e732e4d756c7469706172742e477261696e732e4275636b657453657474696e67732c204f726c65616e732e4d756c7469706172742e477261696e73222c224d69677261746564223a747275657d',1);
CREATE TABLE orleans_reminders (
    service_id TEXT NOT NULL,
    grain_id TEXT NOT NULL,
    reminder_name TEXT NOT NULL,
    start_time TEXT NOT NULL,
    period INTEGER NOT NULL,
    grain_hash INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name));
INSERT INTO orleans_reminders VALUES('orleans-multipart','upload-expiry/default','sweep-expired-uploads-every-3600s','2026-12-06 01:18:41.938958',3600000,-1419219303,0);
CREATE INDEX uploads_open ON uploads (bucket, object_key, upload_id) WHERE state = 0;
CREATE UNIQUE INDEX uploads_exclusive ON uploads (bucket, exclusive_key) WHERE state = 0 AND exclusive_key IS NOT NULL;
CREATE INDEX parts_blob ON parts (blob_id);
CREATE INDEX garbage_since ON garbage (since_ms);
CREATE INDEX uploads_open_initiated ON uploads (initiated_ms) WHERE state = 0;
CREATE TRIGGER parts_release_blob AFTER DELETE ON parts
WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
BEGIN
    INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER parts_release_replaced_blob AFTER UPDATE OF blob_id ON parts
WHEN NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id)
BEGIN
    INSERT OR IGNORE INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT ON parts
WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
END;
CREATE TRIGGER parts_replacement_not_garbage BEFORE UPDATE OF blob_id ON parts
WHEN EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is garbage: no part may name it again');
END;
CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON garbage
WHEN EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id)
BEGIN
    SELECT RAISE(ABORT, 'blob is named by a part: it cannot be garbage');
END;
CREATE INDEX orleans_reminders_hash ON orleans_reminders (service_id, grain_hash);
