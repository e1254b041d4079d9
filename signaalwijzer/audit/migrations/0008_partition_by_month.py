"""PostgreSQL: the access log becomes a table partitioned by month (issue 19, decision 49).

The rows already there stay where they are: the old table is attached as the first partition
(``audit_accessevent_before``, from the beginning to the first month without rows), or dropped when it is empty.
Every month after it gets a partition of its own (``audit_accessevent_YYYYMM``, UTC months), made ahead by
``audit_accessevent_ensure_partitions(months)`` — the scheduler's job "audit-partitions" calls it daily — and a
default partition catches an event whose month has none yet, so no event is ever refused.

The append-only guarantee holds per partition: the row trigger of migration 0002 is defined on the partitioned
table, so PostgreSQL puts it on every partition; TRUNCATE skips row triggers and a partition can be truncated on
its own, so every partition gets the statement trigger of migration 0005 as well.

Two functions run with the owner's rights (SECURITY DEFINER), so an application role that does not own the
tables (``audit grants``) can create months ahead and, for retention, drop a month — but only one whose end lies
at least five years back, whatever the application asks.

SQLite (development, ``make test``) keeps one plain table: it has no partitions, and nothing else changes.
"""

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION audit_accessevent_guard_partition(partition regclass) RETURNS void
LANGUAGE plpgsql SET search_path = public SET TimeZone = 'UTC' AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = partition AND tgname = 'audit_accessevent_no_truncate'
    ) THEN
        EXECUTE format(
            'CREATE TRIGGER audit_accessevent_no_truncate BEFORE TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only()',
            partition
        );
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_ensure_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET TimeZone = 'UTC' AS $$
DECLARE
    first_month timestamptz := date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    month_start timestamptz;
    name text;
    grantee text;
    privilege text;
    made integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead < 0 OR months_ahead > 24 THEN
        RAISE EXCEPTION 'months ahead must be 0 to 24';
    END IF;
    FOR step IN 0..months_ahead LOOP
        month_start := first_month + make_interval(months => step);
        name := 'audit_accessevent_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYYMM');
        CONTINUE WHEN to_regclass(name) IS NOT NULL;
        BEGIN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF audit_accessevent FOR VALUES FROM (%L) TO (%L)',
                name, month_start, month_start + interval '1 month'
            );
            PERFORM audit_accessevent_guard_partition(name::regclass);
            -- Default privileges may give a role rights on the new month that it lacks on the log itself
            -- (`audit grants` takes UPDATE, DELETE and TRUNCATE from the application role): take them here.
            FOR grantee, privilege IN
                SELECT a.grantee::regrole::text, a.privilege_type
                FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = name::regclass AND a.grantee <> c.relowner AND a.grantee <> 0
                  AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
            LOOP
                IF NOT has_table_privilege(grantee, 'audit_accessevent', privilege) THEN
                    EXECUTE format('REVOKE %s ON %I FROM %s', privilege, name, grantee);
                END IF;
            END LOOP;
            made := made + 1;
        EXCEPTION WHEN invalid_object_definition THEN
            -- The month lies inside the partition of the rows from before partitioning: nothing to make.
            NULL;
        END;
    END LOOP;
    RETURN made;
END;
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_partition_end(partition regclass) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = public SET TimeZone = 'UTC' AS $$
    SELECT substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz
    FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
    WHERE c.oid = partition AND i.inhparent = 'audit_accessevent'::regclass
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_drop_partition(partition text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET TimeZone = 'UTC' AS $$
DECLARE
    relation regclass := to_regclass(partition);
    ends timestamptz;
BEGIN
    IF relation IS NULL OR NOT EXISTS (
        SELECT 1 FROM pg_inherits
        WHERE inhrelid = relation AND inhparent = 'audit_accessevent'::regclass
    ) THEN
        RAISE EXCEPTION 'not a partition of the access log';
    END IF;
    ends := audit_accessevent_partition_end(relation);
    IF ends IS NULL THEN
        RAISE EXCEPTION 'the default partition is never dropped';
    END IF;
    IF ends > now() - interval '5 years' THEN
        RAISE EXCEPTION 'the access log is kept at least five years; this partition ends %', ends;
    END IF;
    EXECUTE format('ALTER TABLE audit_accessevent DETACH PARTITION %s', relation);
    EXECUTE format('DROP TABLE %s', relation);
END;
$$;

REVOKE ALL ON FUNCTION audit_accessevent_ensure_partitions(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_accessevent_drop_partition(text) FROM PUBLIC;
"""

CONVERT = r"""
DO $$
DECLARE
    old_rows bigint;
    next_id bigint;
    before_end timestamptz;
BEGIN
    PERFORM set_config('TimeZone', 'UTC', true);
    ALTER TABLE audit_accessevent RENAME TO audit_accessevent_before;
    DROP TRIGGER audit_accessevent_append_only ON audit_accessevent_before;
    ALTER TABLE audit_accessevent_before DROP CONSTRAINT audit_accessevent_pkey;
    ALTER INDEX access_event_case_at RENAME TO audit_accessevent_before_case_at;
    ALTER INDEX audit_accessevent_at_2cb776fd RENAME TO audit_accessevent_before_at;
    ALTER INDEX audit_accessevent_organisation_id_20b02aa4 RENAME TO audit_accessevent_before_organisation;
    ALTER INDEX audit_accessevent_user_id_368a285a RENAME TO audit_accessevent_before_user;

    SELECT count(*), coalesce(max(id), 0) + 1,
           date_trunc('month', max(at) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 month'
    INTO old_rows, next_id, before_end
    FROM audit_accessevent_before;
    -- The old table's identity sequence goes with its identity; ids go on from where they were.
    ALTER TABLE audit_accessevent_before ALTER COLUMN id DROP IDENTITY;
    EXECUTE format('CREATE SEQUENCE audit_accessevent_id_seq START %s', next_id);

    CREATE TABLE audit_accessevent (LIKE audit_accessevent_before INCLUDING DEFAULTS)
        PARTITION BY RANGE (at);
    ALTER TABLE audit_accessevent ALTER COLUMN id SET DEFAULT nextval('audit_accessevent_id_seq');
    ALTER SEQUENCE audit_accessevent_id_seq OWNED BY audit_accessevent.id;
    -- A unique key on a partitioned table must hold the partition key; ids are unique by the sequence.
    ALTER TABLE audit_accessevent ADD CONSTRAINT audit_accessevent_pkey PRIMARY KEY (id, at);
    CREATE INDEX access_event_case_at ON audit_accessevent (case_id, at DESC);
    CREATE INDEX audit_accessevent_at_2cb776fd ON audit_accessevent (at);
    CREATE INDEX audit_accessevent_organisation_id_20b02aa4 ON audit_accessevent (organisation_id);
    CREATE INDEX audit_accessevent_user_id_368a285a ON audit_accessevent (user_id);
    ALTER TABLE audit_accessevent
        ADD CONSTRAINT audit_accessevent_organisation_id_20b02aa4_fk_accounts_
        FOREIGN KEY (organisation_id) REFERENCES accounts_organisation (id) DEFERRABLE INITIALLY DEFERRED;
    ALTER TABLE audit_accessevent
        ADD CONSTRAINT audit_accessevent_user_id_368a285a_fk_accounts_user_id
        FOREIGN KEY (user_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
    CREATE TRIGGER audit_accessevent_append_only
        BEFORE UPDATE OR DELETE ON audit_accessevent
        FOR EACH ROW EXECUTE FUNCTION audit_accessevent_append_only();
    CREATE TRIGGER audit_accessevent_no_truncate
        BEFORE TRUNCATE ON audit_accessevent
        FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_append_only();

    IF old_rows = 0 THEN
        DROP TABLE audit_accessevent_before;
    ELSE
        -- The constraint lets ATTACH skip its scan of the old rows; the matching indexes are attached, not
        -- rebuilt, except the primary key, which now includes the time.
        EXECUTE format(
            'ALTER TABLE audit_accessevent_before ADD CONSTRAINT audit_accessevent_before_range '
            'CHECK (at IS NOT NULL AND at < %L)', before_end
        );
        EXECUTE format(
            'ALTER TABLE audit_accessevent ATTACH PARTITION audit_accessevent_before '
            'FOR VALUES FROM (MINVALUE) TO (%L)', before_end
        );
        ALTER TABLE audit_accessevent_before DROP CONSTRAINT audit_accessevent_before_range;
    END IF;
    CREATE TABLE audit_accessevent_default PARTITION OF audit_accessevent DEFAULT;
    PERFORM audit_accessevent_guard_partition('audit_accessevent_default'::regclass);
    PERFORM audit_accessevent_ensure_partitions(3);
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTIONS, params=None)
        schema_editor.execute(CONVERT, params=None)


class Migration(migrations.Migration):
    # One transaction: the log is never half converted.
    atomic = True
    dependencies = [("audit", "0007_chain_existing_reviews")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
