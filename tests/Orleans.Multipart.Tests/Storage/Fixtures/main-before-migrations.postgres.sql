-- A PostgreSQL database created and filled by the silo of main before migrations (hand-written schema
-- version 3): pg_dump --inserts, psql meta-commands and session settings removed. Rows: a bucket, a
-- completed multipart upload with CRC32 checksums, an open one, an aborted one, a replaced object,
-- garbage blobs, Orleans grain state, reminder and membership.
--
-- PostgreSQL database dump
--

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

--
-- Name: omp_garbage_blob_unreferenced(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.omp_garbage_blob_unreferenced() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM parts WHERE blob_id = NEW.blob_id) THEN
        RAISE EXCEPTION 'blob % is named by a part: it cannot be garbage', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: omp_part_blob_not_garbage(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.omp_part_blob_not_garbage() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM garbage WHERE blob_id = NEW.blob_id) THEN
        RAISE EXCEPTION 'blob % is garbage: no part may name it again', NEW.blob_id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: omp_part_blob_released(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.omp_part_blob_released() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM parts WHERE blob_id = OLD.blob_id) THEN
        INSERT INTO garbage (blob_id, since_ms) VALUES (OLD.blob_id, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
        ON CONFLICT (blob_id) DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

--
-- Name: buckets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.buckets (
    name text NOT NULL COLLATE pg_catalog."C",
    rule integer NOT NULL,
    created_ms bigint NOT NULL,
    anonymous_write integer DEFAULT 0 NOT NULL
);

--
-- Name: garbage; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.garbage (
    blob_id text NOT NULL,
    since_ms bigint NOT NULL
);

--
-- Name: key_guards; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.key_guards (
    bucket text NOT NULL COLLATE pg_catalog."C",
    object_key text NOT NULL COLLATE pg_catalog."C",
    writes bigint NOT NULL
);

--
-- Name: objects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.objects (
    bucket text NOT NULL COLLATE pg_catalog."C",
    object_key text NOT NULL COLLATE pg_catalog."C",
    source_id text NOT NULL,
    size bigint NOT NULL,
    etag text NOT NULL,
    parts_count integer NOT NULL,
    modified_ms bigint NOT NULL,
    settings text NOT NULL,
    checksum text
);

--
-- Name: orleans_membership; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleans_membership (
    deployment_id text NOT NULL,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer NOT NULL,
    suspect_times text,
    start_time timestamp with time zone NOT NULL,
    i_am_alive_time timestamp with time zone NOT NULL
);

--
-- Name: orleans_membership_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleans_membership_version (
    deployment_id text NOT NULL,
    version integer NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: orleans_reminders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleans_reminders (
    service_id text NOT NULL,
    grain_id text NOT NULL,
    reminder_name text NOT NULL,
    start_time timestamp with time zone NOT NULL,
    period bigint NOT NULL,
    grain_hash integer NOT NULL,
    version integer NOT NULL
);

--
-- Name: orleans_storage; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleans_storage (
    service_id text NOT NULL,
    grain_type text NOT NULL,
    grain_id_n0 bigint NOT NULL,
    grain_id_n1 bigint NOT NULL,
    grain_id_ext text NOT NULL,
    grain_type_hash integer NOT NULL,
    grain_id_hash integer NOT NULL,
    payload bytea,
    version integer NOT NULL,
    modified_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: orleansquery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.orleansquery (
    querykey text NOT NULL,
    querytext text NOT NULL
);

--
-- Name: parts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.parts (
    source_id text NOT NULL COLLATE pg_catalog."C",
    part_number integer NOT NULL,
    size bigint NOT NULL,
    etag text NOT NULL,
    blob_id text NOT NULL,
    created_ms bigint NOT NULL,
    checksum text
);

--
-- Name: schema_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_version (
    id integer NOT NULL,
    version integer NOT NULL
);

--
-- Name: uploads; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.uploads (
    upload_id text NOT NULL COLLATE pg_catalog."C",
    bucket text NOT NULL COLLATE pg_catalog."C",
    object_key text NOT NULL COLLATE pg_catalog."C",
    state integer NOT NULL,
    initiated_ms bigint NOT NULL,
    settings text NOT NULL,
    exclusive_key text COLLATE pg_catalog."C",
    completed_etag text,
    completed_size bigint,
    completed_parts integer,
    completed_checksum text
);

--
-- Data for Name: buckets; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.buckets VALUES ('legacy', 0, 1796516329872, 0);

--
-- Data for Name: garbage; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.garbage VALUES ('9c22b587eb631e35e045d1f5d68e582a', 1796516334644);
INSERT INTO public.garbage VALUES ('4a96af7dac62d5d1b3c1eb0ff6695692', 1796516335017);
INSERT INTO public.garbage VALUES ('c7826ed14f28a97ff2f5e91f216b6805', 1796516335061);

--
-- Data for Name: key_guards; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.key_guards VALUES ('legacy', 'done.bin', 1);
INSERT INTO public.key_guards VALUES ('legacy', 'plain.txt', 4);

--
-- Data for Name: objects; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.objects VALUES ('legacy', 'done.bin', '01a248b7cc4697b57ebcde766485f559', 5243880, '42d33973926db3ebf8f1b066200706bb-2', 2, 1796516334879, '{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":0,"checksumType":0,"customerAlgorithm":null,"customerKeyMd5":null}', '0:0:2:rP9bSg==');
INSERT INTO public.objects VALUES ('legacy', 'plain.txt', '01a248b7cdef68b7c595b4d3fea277eb', 24, '67e4c25ecb8ee0e28ae840fdf40fafc5', 0, 1796516335087, '{"contentType":"text/plain","cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}', '0:1:0:RSF8sg==');

--
-- Data for Name: orleans_membership; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleans_membership VALUES ('fixture', '127.0.0.1', 19011, 155521118, 'Silo_a1e5b', 'vm', 3, 19111, NULL, '2026-12-06 00:18:38.524122+00', '2026-12-06 00:19:04.121072+00');

--
-- Data for Name: orleans_membership_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleans_membership_version VALUES ('fixture', 2, '2026-12-06 00:18:41.632291+00');

--
-- Data for Name: orleans_reminders; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleans_reminders VALUES ('orleans-multipart', 'upload-expiry/default', 'sweep-expired-uploads-every-3600s', '2026-12-06 01:18:41.929742+00', 3600000, -1419219303, 0);

--
-- Data for Name: orleans_storage; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleans_storage VALUES ('orleans-multipart', 'bucket-settings', 0, 0, 'legacy', 1503773568, -1643565648, '\x7b22246964223a2231222c222474797065223a224f726c65616e732e4d756c7469706172742e477261696e732e4275636b657453657474696e67732c204f726c65616e732e4d756c7469706172742e477261696e73222c224d69677261746564223a747275657d', 1, '2026-12-06 00:18:50.004179+00');

--
-- Data for Name: orleansquery; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.orleansquery VALUES ('ReadFromStorageKey', 'SELECT payload AS PayloadBinary, version AS Version FROM orleans_storage WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
    AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS text), '''')');
INSERT INTO public.orleansquery VALUES ('WriteToStorageKey', 'WITH written AS (
    INSERT INTO orleans_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_type_hash, grain_id_hash, payload, version)
    VALUES (@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, COALESCE(CAST(@GrainIdExtensionString AS text), ''''), @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1)
    ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO UPDATE
        SET payload = excluded.payload, version = orleans_storage.version + 1, modified_at = now()
        WHERE orleans_storage.version = CAST(@GrainStateVersion AS integer)
    RETURNING version)
SELECT COALESCE((SELECT version FROM written), CAST(@GrainStateVersion AS integer)) AS NewGrainStateVersion');
INSERT INTO public.orleansquery VALUES ('ClearStorageKey', 'WITH cleared AS (
    UPDATE orleans_storage SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
    AND grain_id_ext = COALESCE(CAST(@GrainIdExtensionString AS text), '''') AND version = CAST(@GrainStateVersion AS integer)
    RETURNING version)
SELECT COALESCE((SELECT version FROM cleared), CAST(@GrainStateVersion AS integer)) AS NewGrainStateVersion');
INSERT INTO public.orleansquery VALUES ('UpsertReminderRowKey', 'INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash, version = orleans_reminders.version + 1
RETURNING version AS Version');
INSERT INTO public.orleansquery VALUES ('ReadReminderRowsKey', 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId');
INSERT INTO public.orleansquery VALUES ('ReadReminderRowKey', 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName');
INSERT INTO public.orleansquery VALUES ('ReadRangeRows1Key', 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash');
INSERT INTO public.orleansquery VALUES ('ReadRangeRows2Key', 'SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version FROM orleans_reminders WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)');
INSERT INTO public.orleansquery VALUES ('DeleteReminderRowKey', 'WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName AND version = CAST(@Version AS integer)
    RETURNING 1)
SELECT CAST(COUNT(*) AS integer) FROM deleted');
INSERT INTO public.orleansquery VALUES ('DeleteReminderRowsKey', 'DELETE FROM orleans_reminders WHERE service_id = @ServiceId');
INSERT INTO public.orleansquery VALUES ('InsertMembershipVersionKey', 'WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version) VALUES (@DeploymentId, 0)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT CAST(COUNT(*) AS integer) FROM created');
INSERT INTO public.orleansquery VALUES ('MembershipReadAllKey', 'SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId');
INSERT INTO public.orleansquery VALUES ('MembershipReadRowKey', 'SELECT v.version AS Version, m.address AS Address, m.port AS Port, m.generation AS Generation, m.silo_name AS SiloName,
m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort, m.suspect_times AS SuspectTimes,
m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime
FROM orleans_membership_version v LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId');
INSERT INTO public.orleansquery VALUES ('InsertMembershipKey', 'WITH advanced AS (
    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
        AND NOT EXISTS (SELECT 1 FROM orleans_membership WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
inserted AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
    SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM advanced
    RETURNING 1)
SELECT CAST(COUNT(*) AS integer) FROM inserted');
INSERT INTO public.orleansquery VALUES ('UpdateMembershipKey', 'WITH advanced AS (
    UPDATE orleans_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = @DeploymentId AND version = @Version
        AND EXISTS (SELECT 1 FROM orleans_membership WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation)
    RETURNING deployment_id),
updated AS (
    UPDATE orleans_membership SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation AND EXISTS (SELECT 1 FROM advanced)
    RETURNING 1)
SELECT CAST(COUNT(*) AS integer) FROM updated');
INSERT INTO public.orleansquery VALUES ('UpdateIAmAlivetimeKey', 'UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation');
INSERT INTO public.orleansquery VALUES ('DeleteMembershipTableEntriesKey', 'DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;');
INSERT INTO public.orleansquery VALUES ('GatewaysQueryKey', 'SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0');
INSERT INTO public.orleansquery VALUES ('CleanupDefunctSiloEntriesKey', 'DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3');
INSERT INTO public.orleansquery VALUES ('CleanupDefunctSiloEntryKey', 'DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation AND status = 6');

--
-- Data for Name: parts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.parts VALUES ('01a248b7cc4697b57ebcde766485f559', 1, 5242880, '08b46181d7094b5ece88bb389c7499af', 'c95d1743b273a10c7d03ab7d79ea1add', 1796516334824, '0:67XDxA==');
INSERT INTO public.parts VALUES ('01a248b7cc4697b57ebcde766485f559', 2, 1000, '9a278b74b834cba37bbc20e4c85bc7fd', 'adf8932d7f662e0d13d687efd666ef37', 1796516334844, '0:Mdy4CA==');
INSERT INTO public.parts VALUES ('01a248b7cd5cf7b887fb82aae816d9ae', 1, 100, 'aed563ecafb4bcc5654c597a421547b2', '55ebe87ee3cc9ebe97565af2fda355ca', 1796516334971, '0:Xg5djw==');
INSERT INTO public.parts VALUES ('01a248b7cdef68b7c595b4d3fea277eb', 1, 24, '67e4c25ecb8ee0e28ae840fdf40fafc5', 'f2fd18b92f1c59436221c8cd513692d7', 1796516335087, '0:RSF8sg==');

--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_version VALUES (1, 3);

--
-- Data for Name: uploads; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.uploads VALUES ('01a248b7bb64baf72d66202bffc1b8d2', 'legacy', 'done.bin', 0, 1796516330340, '{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":1,"checksumType":0,"customerAlgorithm":null,"customerKeyMd5":null}', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.uploads VALUES ('01a248b7cc4697b57ebcde766485f559', 'legacy', 'done.bin', 1, 1796516334662, '{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":0,"checksumType":0,"customerAlgorithm":null,"customerKeyMd5":null}', NULL, '42d33973926db3ebf8f1b066200706bb-2', 5243880, 2, '0:0:2:rP9bSg==');
INSERT INTO public.uploads VALUES ('01a248b7cd5cf7b887fb82aae816d9ae', 'legacy', 'open.bin', 0, 1796516334940, '{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}', NULL, NULL, NULL, NULL, NULL);
INSERT INTO public.uploads VALUES ('01a248b7cd8a68ed687cb9756a3f8bab', 'legacy', 'aborted.bin', 2, 1796516334986, '{"contentType":null,"cacheControl":null,"contentDisposition":null,"contentEncoding":null,"expires":null,"storageClass":null,"encrypted":false,"metadata":{},"contentLanguage":null,"checksumAlgorithm":null,"checksumType":null,"customerAlgorithm":null,"customerKeyMd5":null}', NULL, NULL, NULL, NULL, NULL);

--
-- Name: buckets buckets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.buckets
    ADD CONSTRAINT buckets_pkey PRIMARY KEY (name);

--
-- Name: garbage garbage_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.garbage
    ADD CONSTRAINT garbage_pkey PRIMARY KEY (blob_id);

--
-- Name: key_guards key_guards_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.key_guards
    ADD CONSTRAINT key_guards_pkey PRIMARY KEY (bucket, object_key);

--
-- Name: objects objects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.objects
    ADD CONSTRAINT objects_pkey PRIMARY KEY (bucket, object_key);

--
-- Name: orleans_membership orleans_membership_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleans_membership
    ADD CONSTRAINT orleans_membership_pkey PRIMARY KEY (deployment_id, address, port, generation);

--
-- Name: orleans_membership_version orleans_membership_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleans_membership_version
    ADD CONSTRAINT orleans_membership_version_pkey PRIMARY KEY (deployment_id);

--
-- Name: orleans_reminders orleans_reminders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleans_reminders
    ADD CONSTRAINT orleans_reminders_pkey PRIMARY KEY (service_id, grain_id, reminder_name);

--
-- Name: orleans_storage orleans_storage_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleans_storage
    ADD CONSTRAINT orleans_storage_pkey PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext);

--
-- Name: orleansquery orleansquery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleansquery
    ADD CONSTRAINT orleansquery_pkey PRIMARY KEY (querykey);

--
-- Name: parts parts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parts
    ADD CONSTRAINT parts_pkey PRIMARY KEY (source_id, part_number);

--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (id);

--
-- Name: uploads uploads_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.uploads
    ADD CONSTRAINT uploads_pkey PRIMARY KEY (upload_id);

--
-- Name: garbage_since; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX garbage_since ON public.garbage USING btree (since_ms);

--
-- Name: orleans_reminders_hash; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orleans_reminders_hash ON public.orleans_reminders USING btree (service_id, grain_hash);

--
-- Name: parts_blob; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX parts_blob ON public.parts USING btree (blob_id);

--
-- Name: uploads_exclusive; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX uploads_exclusive ON public.uploads USING btree (bucket, exclusive_key) WHERE ((state = 0) AND (exclusive_key IS NOT NULL));

--
-- Name: uploads_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX uploads_open ON public.uploads USING btree (bucket, object_key, upload_id) WHERE (state = 0);

--
-- Name: uploads_open_initiated; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX uploads_open_initiated ON public.uploads USING btree (initiated_ms) WHERE (state = 0);

--
-- Name: garbage garbage_blob_unreferenced; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER garbage_blob_unreferenced BEFORE INSERT ON public.garbage FOR EACH ROW EXECUTE FUNCTION public.omp_garbage_blob_unreferenced();

--
-- Name: parts parts_blob_not_garbage; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parts_blob_not_garbage BEFORE INSERT OR UPDATE OF blob_id ON public.parts FOR EACH ROW EXECUTE FUNCTION public.omp_part_blob_not_garbage();

--
-- Name: parts parts_release_blob; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER parts_release_blob AFTER DELETE OR UPDATE OF blob_id ON public.parts FOR EACH ROW EXECUTE FUNCTION public.omp_part_blob_released();

--
-- Name: orleans_membership orleans_membership_deployment_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.orleans_membership
    ADD CONSTRAINT orleans_membership_deployment_id_fkey FOREIGN KEY (deployment_id) REFERENCES public.orleans_membership_version(deployment_id);

--
-- PostgreSQL database dump complete
--

