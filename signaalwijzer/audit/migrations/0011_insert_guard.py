"""PostgreSQL: a new access event takes the next number and the present time; the partition functions hardened.

Since migration 0008 the primary key is ``(id, at)``, so the database itself no longer kept ids unique, and a
row could be inserted with the number and time of the past: behind the last verified anchor, where incremental
verification does not walk, or into a month past retention, which is then dropped without it in its export
(review of decision 49). A row trigger now refuses a new row whose id is not the one the sequence just gave
(``currval`` in the same session: an id typed by hand, or one not taken from the sequence, is refused) or whose
time lies more than 31 days before or a day after the database's clock (events are written when they happen;
a page's read events wait at most for the page). The functions of migration 0008 now search ``pg_catalog``
first and ``pg_temp`` last and name their tables with the schema; making months goes on past a month whose
events sit in the default partition (it is reported by the job); dropping a month waits at most 5 s for its
locks instead of queueing every writer of the log behind it.
"""

from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION audit_accessevent_insert_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM currval('public.audit_accessevent_id_seq') THEN
        RAISE EXCEPTION 'the access log takes new rows only, numbered by its sequence';
    END IF;
    IF NEW.at < clock_timestamp() - interval '31 days' OR NEW.at > clock_timestamp() + interval '1 day' THEN
        RAISE EXCEPTION 'an access event is written when it happens, not at %', NEW.at;
    END IF;
    RETURN NEW;
END;
$$;
DROP TRIGGER IF EXISTS audit_accessevent_insert_guard ON public.audit_accessevent;
CREATE TRIGGER audit_accessevent_insert_guard
    BEFORE INSERT ON public.audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_insert_guard();

CREATE OR REPLACE FUNCTION audit_accessevent_guard_partition(partition regclass) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp SET TimeZone = 'UTC' AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_trigger
        WHERE tgrelid = partition AND tgname = 'audit_accessevent_no_truncate'
    ) THEN
        EXECUTE format(
            'CREATE TRIGGER audit_accessevent_no_truncate BEFORE TRUNCATE ON %s '
            'FOR EACH STATEMENT EXECUTE FUNCTION public.audit_accessevent_append_only()',
            partition
        );
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_ensure_partitions(months_ahead integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET TimeZone = 'UTC' AS $$
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
        CONTINUE WHEN to_regclass('public.' || quote_ident(name)) IS NOT NULL;
        BEGIN
            EXECUTE format(
                'CREATE TABLE public.%I PARTITION OF public.audit_accessevent FOR VALUES FROM (%L) TO (%L)',
                name, month_start, month_start + interval '1 month'
            );
            PERFORM audit_accessevent_guard_partition(('public.' || quote_ident(name))::regclass);
            -- Default privileges may give a role rights on the new month that it lacks on the log itself
            -- (`audit grants` takes UPDATE, DELETE and TRUNCATE from the application role): take them here.
            FOR grantee, privilege IN
                SELECT a.grantee::regrole::text, a.privilege_type
                FROM pg_class c, aclexplode(c.relacl) a
                WHERE c.oid = ('public.' || quote_ident(name))::regclass
                  AND a.grantee <> c.relowner AND a.grantee <> 0
                  AND a.privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE')
            LOOP
                IF NOT has_table_privilege(grantee, 'public.audit_accessevent', privilege) THEN
                    EXECUTE format('REVOKE %s ON public.%I FROM %s', privilege, name, grantee);
                END IF;
            END LOOP;
            made := made + 1;
        EXCEPTION
            WHEN invalid_object_definition THEN
                -- The month lies inside the partition of the rows from before partitioning: nothing to make.
                NULL;
            WHEN check_violation THEN
                -- Events of this month wait in the default partition; the job reports them. Go on.
                RAISE WARNING 'no partition for %: its events are in the default partition', name;
        END;
    END LOOP;
    RETURN made;
END;
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_partition_end(partition regclass) RETURNS timestamptz
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp SET TimeZone = 'UTC' AS $$
    SELECT substring(pg_get_expr(c.relpartbound, c.oid) FROM 'TO \(''([^'']+)''\)')::timestamptz
    FROM pg_class c JOIN pg_inherits i ON i.inhrelid = c.oid
    WHERE c.oid = partition AND i.inhparent = 'public.audit_accessevent'::regclass
$$;

CREATE OR REPLACE FUNCTION audit_accessevent_drop_partition(partition text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET TimeZone = 'UTC' AS $$
DECLARE
    relation regclass := to_regclass('public.' || quote_ident(partition));
    ends timestamptz;
BEGIN
    IF relation IS NULL OR NOT EXISTS (
        SELECT 1 FROM pg_inherits
        WHERE inhrelid = relation AND inhparent = 'public.audit_accessevent'::regclass
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
    -- Detaching locks the log (and the tables its foreign keys point to): rather fail and retry later than
    -- hold every writer of the log behind a long transaction.
    PERFORM set_config('lock_timeout', '5s', true);
    EXECUTE format('ALTER TABLE public.audit_accessevent DETACH PARTITION %s', relation);
    EXECUTE format('DROP TABLE %s', relation);
END;
$$;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_review_events_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
