//! Who may see and change what on a shared PostgreSQL database, enforced by
//! the server itself: three group roles granted per table, and row-level
//! security that limits a login to the houses of its regions.
//!
//! - `suivi_reader`: reads every table (reports, exports, listings).
//! - `suivi_analyst`: a reader that also writes the data (houses,
//!   associations, observations, targets, plans and actions, assessments,
//!   events, import batches) and appends to the audit log, which it can
//!   neither change nor delete.
//! - `suivi_admin`: an analyst that also writes the catalogue (regions,
//!   provinces, indicators, rules, period locks, plan templates, dimensions,
//!   regional scopes), undoes imports made by others (a trigger on `batch`;
//!   analysts undo their own only) and owns the tables, so it runs schema
//!   migrations.
//!
//! Regional scope: the rows of `suivi_scope` (login, region code). A login
//! with rows there sees and changes only the houses of those regions and
//! the rows that hang off them (any table with a `house_id` column, or a
//! foreign key to a table so limited); a login without rows (the central
//! team) sees all. Admins see all. The login is PostgreSQL's `session_user`,
//! which `SET ROLE` cannot change.

use anyhow::Result;
use postgres::{Client, Transaction};

use crate::messages::Msg;

pub const READER: &str = "suivi_reader";
pub const ANALYST: &str = "suivi_analyst";
pub const ADMIN: &str = "suivi_admin";
pub const GROUPS: [&str; 3] = [READER, ANALYST, ADMIN];

/// Tables only administrators write: the catalogue and the bookkeeping.
const CATALOGUE: &[&str] = &[
    "region",
    "province",
    "indicator",
    "rule",
    "period_lock",
    "plan_template_axis",
    "dimension",
    "suivi_schema",
    "suivi_scope",
];

/// Tables analysts may add to but never change: the audit log.
const APPEND_ONLY: &[&str] = &["audit"];

/// The policies this module creates, dropped and made again on every run.
const POLICY_ROWS: &str = "suivi_region_scope";
const POLICY_ADMIN: &str = "suivi_admin_all";

/// An identifier quoted for SQL (`"name"`, inner quotes doubled).
pub fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// What `init_roles` did.
#[derive(Debug)]
pub struct InitReport {
    pub database: String,
    pub tables: usize,
    /// Tables limited by region, in the order they were set up.
    pub scoped: Vec<String>,
}

/// The SQL test of whether the session's login has no regional scope.
const UNSCOPED: &str = "NOT EXISTS (SELECT 1 FROM suivi_scope WHERE login = session_user)";

/// Creates (or brings up to date) the three group roles, their grants on
/// every table of the schema, the scope table and the row-level security
/// policies, in one transaction. Run again after a schema upgrade.
pub fn init_roles(client: &mut Client) -> Result<InitReport> {
    let mut tx = client.transaction()?;
    check_can_manage_roles(&mut tx)?;
    let schema: String = tx.query_one("SELECT current_schema()::text", &[])?.get(0);
    let database: String = tx.query_one("SELECT current_database()::text", &[])?.get(0);
    let has_house: bool = tx
        .query_one("SELECT to_regclass('house') IS NOT NULL", &[])?
        .get(0);
    if !has_house {
        return Err(crate::messages::err(Msg::RolesNoSchema { database }));
    }
    let superuser: bool = tx
        .query_one(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
            &[],
        )?
        .get(0);
    for role in GROUPS {
        let exists: bool = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
                &[&role],
            )?
            .get(0);
        if !exists {
            // Roles belong to the whole cluster: another database's
            // init-roles may be creating the same one right now.
            tx.batch_execute(&format!(
                "DO $$ BEGIN CREATE ROLE {} NOLOGIN; \
                 EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
                ident(role)
            ))?;
        }
    }
    tx.batch_execute(&format!(
        "GRANT {READER} TO {ANALYST}; GRANT {ANALYST} TO {ADMIN};"
    ))?;
    if !superuser {
        // Whoever sets the roles up stays able to manage the tables once
        // suivi_admin owns them.
        tx.batch_execute(&format!("GRANT {ADMIN} TO CURRENT_USER"))?;
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS suivi_scope (
             login       TEXT COLLATE \"C\" NOT NULL,
             region_code TEXT COLLATE \"C\" NOT NULL REFERENCES region(code),
             PRIMARY KEY (login, region_code)
         )",
    )?;
    let s = ident(&schema);
    tx.batch_execute(&format!(
        "GRANT USAGE ON SCHEMA {s} TO {READER}; GRANT CREATE ON SCHEMA {s} TO {ADMIN};"
    ))?;
    let tables: Vec<String> = tx
        .query(
            "SELECT table_name::text FROM information_schema.tables
              WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
              ORDER BY table_name",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for t in &tables {
        let q = ident(t);
        tx.batch_execute(&format!(
            "ALTER TABLE {q} OWNER TO {ADMIN};
             REVOKE ALL ON {q} FROM {READER}, {ANALYST};
             GRANT ALL ON {q} TO {ADMIN};
             GRANT SELECT ON {q} TO {READER};"
        ))?;
        let writes = if CATALOGUE.contains(&t.as_str()) {
            None
        } else if APPEND_ONLY.contains(&t.as_str()) {
            Some("INSERT")
        } else {
            Some("INSERT, UPDATE, DELETE")
        };
        if let Some(w) = writes {
            tx.batch_execute(&format!("GRANT {w} ON {q} TO {ANALYST}"))?;
        }
    }
    tx.batch_execute(&format!(
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {ANALYST}"
    ))?;
    // The reference checks of observations (migrations/pg/004) run as their
    // owner, like a foreign key's: the tables' owner now.
    tx.batch_execute(&format!(
        "DO $$ DECLARE f regprocedure; BEGIN
           FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                     WHERE p.pronamespace = current_schema()::regnamespace
                       AND p.proname IN ('suivi_observation_references',
                           'suivi_observation_changed_references', 'suivi_observed_rows_stay',
                           'suivi_id_stays')
           LOOP EXECUTE format('ALTER FUNCTION %s OWNER TO {ADMIN}', f); END LOOP;
         END $$"
    ))?;

    guard_undo(&mut tx)?;
    // Everyone reads only their own scope rows (the policies below read them).
    set_policies(&mut tx, "suivi_scope", "login = session_user", None)?;
    // Houses of the login's regions.
    set_policies(
        &mut tx,
        "house",
        &format!(
            "{UNSCOPED} OR region_id IN (SELECT r.id FROM region r JOIN suivi_scope s \
             ON s.region_code = r.code WHERE s.login = session_user)"
        ),
        None,
    )?;
    let mut scoped = vec!["house".to_string()];
    // Then every table that hangs off a limited one, until none is left.
    let links = links(&mut tx)?;
    loop {
        let next = links.iter().find(|l| {
            !scoped.contains(&l.table)
                && l.table != "suivi_scope"
                && (scoped.contains(&l.parent) || l.parent.is_empty())
        });
        let Some(l) = next else { break };
        let (parent, parent_col) = if l.parent.is_empty() {
            ("house", "id")
        } else {
            (l.parent.as_str(), l.parent_column.as_str())
        };
        let test = format!(
            "{} IN (SELECT {} FROM {})",
            ident(&l.column),
            ident(parent_col),
            ident(parent)
        );
        let test = if l.nullable {
            format!("{} IS NULL OR {test}", ident(&l.column))
        } else {
            test
        };
        set_policies(&mut tx, &l.table, &format!("{UNSCOPED} OR {test}"), None)?;
        scoped.push(l.table.clone());
    }
    // The values an import replaced, kept for undo: those of visible
    // observations (no foreign key links them).
    set_policies(
        &mut tx,
        "observation_previous",
        &format!("{UNSCOPED} OR observation_id IN (SELECT id FROM observation)"),
        None,
    )?;
    scoped.push("observation_previous".to_string());
    audit_policies(&mut tx)?;
    scoped.push("audit".to_string());
    tx.commit()?;
    Ok(InitReport {
        database,
        tables: tables.len(),
        scoped,
    })
}

/// Undoing someone else's import is for administrators: a trigger refuses
/// (as a privilege error, the whole undo rolled back) marking as undone a
/// batch whose author is not the session's login, unless that login is a
/// member of suivi_admin (superusers are members of every role).
fn guard_undo(tx: &mut Transaction<'_>) -> Result<()> {
    let columns: i64 = tx
        .query_one(
            "SELECT count(*) FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = 'batch'
                AND column_name IN ('by', 'undone_at')",
            &[],
        )?
        .get(0);
    if columns != 2 {
        return Ok(());
    }
    tx.batch_execute(&format!(
        "CREATE OR REPLACE FUNCTION suivi_guard_batch_undo() RETURNS trigger
         LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.undone_at IS NOT NULL AND OLD.undone_at IS NULL
                AND OLD.\"by\" IS DISTINCT FROM session_user::text
                AND NOT pg_has_role(session_user, '{ADMIN}', 'MEMBER') THEN
                 RAISE EXCEPTION 'only an administrator may undo an import made by someone else'
                     USING ERRCODE = 'insufficient_privilege';
             END IF;
             RETURN NEW;
         END $$;
         DROP TRIGGER IF EXISTS suivi_guard_batch_undo ON batch;
         CREATE TRIGGER suivi_guard_batch_undo BEFORE UPDATE ON batch
             FOR EACH ROW EXECUTE FUNCTION suivi_guard_batch_undo();"
    ))?;
    Ok(())
}

/// A column of `table` that points at a row of `parent`: a one-column
/// foreign key, or a `house_id` column (`parent` empty: the house).
#[derive(Debug)]
struct Link {
    table: String,
    column: String,
    parent: String,
    parent_column: String,
    nullable: bool,
}

/// Every link, `house_id` columns first, then foreign keys by table and column.
fn links(tx: &mut Transaction<'_>) -> Result<Vec<Link>> {
    let mut out: Vec<Link> = tx
        .query(
            "SELECT table_name::text, column_name::text, is_nullable = 'YES'
               FROM information_schema.columns c
              WHERE table_schema = current_schema() AND column_name = 'house_id'
                AND EXISTS (SELECT 1 FROM information_schema.tables t
                             WHERE t.table_schema = c.table_schema
                               AND t.table_name = c.table_name
                               AND t.table_type = 'BASE TABLE')
              ORDER BY table_name",
            &[],
        )?
        .iter()
        .map(|r| Link {
            table: r.get(0),
            column: r.get(1),
            parent: String::new(),
            parent_column: String::new(),
            nullable: r.get(2),
        })
        .collect();
    let fks = tx.query(
        "SELECT child.relname::text, a.attname::text, parent.relname::text, pa.attname::text,
                NOT a.attnotnull
           FROM pg_constraint k
           JOIN pg_class child ON child.oid = k.conrelid
           JOIN pg_class parent ON parent.oid = k.confrelid
           JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
           JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[1]
          WHERE k.contype = 'f' AND cardinality(k.conkey) = 1
            AND child.relnamespace = current_schema()::regnamespace
            AND child.relname <> parent.relname
          ORDER BY 1, 2",
        &[],
    )?;
    for r in fks {
        let table: String = r.get(0);
        if out.iter().any(|l| l.table == table && l.parent.is_empty()) {
            continue;
        }
        out.push(Link {
            table,
            column: r.get(1),
            parent: r.get(2),
            parent_column: r.get(3),
            nullable: r.get(4),
        });
    }
    Ok(out)
}

/// Row-level security on `table`: rows where `using` holds are read (and
/// changed), rows where `check` holds (else `using`) are written; everything
/// for administrators.
fn set_policies(
    tx: &mut Transaction<'_>,
    table: &str,
    using: &str,
    check: Option<&str>,
) -> Result<()> {
    let t = ident(table);
    let check = check.unwrap_or(using);
    tx.batch_execute(&format!(
        "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;
         DROP POLICY IF EXISTS {POLICY_ROWS} ON {t};
         DROP POLICY IF EXISTS {POLICY_ADMIN} ON {t};
         CREATE POLICY {POLICY_ROWS} ON {t} USING ({using}) WITH CHECK ({check});
         CREATE POLICY {POLICY_ADMIN} ON {t} TO {ADMIN} USING (true) WITH CHECK (true);"
    ))?;
    Ok(())
}

/// The audit log, by the regions each entry kept when it was written (so that
/// a house or action a region removed stays in its log, a house moved away
/// leaves its move there, and a code reused in another region does not bring
/// the old house's history). A login reads the entries about its regions'
/// houses, those about no house, and its own (an undo of its import reads all
/// of the batch's, whatever its regions are now). It adds entries in its own
/// name, to its own batches, about its regions' houses or about no house.
/// Administrators: everything.
fn audit_policies(tx: &mut Transaction<'_>) -> Result<()> {
    let scope = "ARRAY(SELECT region_code FROM suivi_scope WHERE login = session_user)";
    let regions = "string_to_array(region_code, ' ')";
    let own = "\"by\" = session_user::text";
    let about_a_house = super::audit::ENTITIES_ABOUT_A_HOUSE
        .iter()
        .map(|e| format!("'{e}'"))
        .collect::<Vec<_>>()
        .join(", ");
    // Analysts only add entries (APPEND_ONLY): reading is `using`, adding `check`.
    set_policies(
        tx,
        "audit",
        &format!("{UNSCOPED} OR region_code IS NULL OR {regions} && {scope} OR {own}"),
        Some(&format!(
            "{own}
             AND (batch_id IS NULL
                  OR batch_id IN (SELECT id FROM batch WHERE \"by\" = session_user::text))
             AND ({UNSCOPED} OR {regions} <@ {scope}
                  OR (region_code IS NULL AND entity NOT IN ({about_a_house})))"
        )),
    )
}

/// Roles can be created and granted only by a superuser or a role with CREATEROLE.
fn check_can_manage_roles(tx: &mut Transaction<'_>) -> Result<()> {
    let row = tx.query_one(
        "SELECT current_user::text, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user",
        &[],
    )?;
    let allowed: bool = row.get(1);
    if !allowed {
        return Err(crate::messages::err(Msg::RolesNotAllowed {
            user: row.get(0),
        }));
    }
    Ok(())
}

/// The role `grant` makes a login a member of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Reader,
    Analyst,
    Admin,
}

impl Level {
    pub fn group(self) -> &'static str {
        match self {
            Level::Reader => READER,
            Level::Analyst => ANALYST,
            Level::Admin => ADMIN,
        }
    }
}

/// The regions of the database, by code.
pub fn regions(client: &mut Client) -> Result<Vec<crate::store::region::Region>> {
    Ok(client
        .query(
            "SELECT code, iso, name_fr, name_ar, seat FROM region ORDER BY code",
            &[],
        )?
        .iter()
        .map(|r| crate::store::region::Region {
            code: r.get(0),
            iso: r.get(1),
            name_fr: r.get(2),
            name_ar: r.get(3),
            seat: r.get(4),
        })
        .collect())
}

/// What `grant` did.
#[derive(Debug)]
pub struct GrantReport {
    /// The login did not exist and was created (without a password).
    pub created: bool,
    pub database: String,
}

/// What `revoke` did.
#[derive(Debug)]
pub struct RevokeReport {
    /// The suivi group roles the login was a member of (now none).
    pub groups: Vec<&'static str>,
    pub database: String,
}

/// The database, once its suivi roles exist, and whether `login` is already
/// a role of this server; a name that cannot be a login is refused. In the
/// transaction of `grant` or `revoke`.
fn login_target(tx: &mut Transaction<'_>, login: &str) -> Result<(String, bool)> {
    if GROUPS.contains(&login) || login.starts_with("pg_") || login.trim().is_empty() {
        return Err(crate::error::usage(
            Msg::GrantNotALogin {
                login: login.to_string(),
            }
            .to_string(),
        ));
    }
    check_can_manage_roles(tx)?;
    let database: String = tx.query_one("SELECT current_database()::text", &[])?.get(0);
    let ready: bool = tx
        .query_one(
            "SELECT to_regclass('suivi_scope') IS NOT NULL
                AND (SELECT count(*) FROM pg_roles WHERE rolname = ANY($1)) = 3",
            &[&GROUPS.to_vec()],
        )?
        .get(0);
    if !ready {
        return Err(crate::messages::err(Msg::GrantNeedsInit { database }));
    }
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&login],
        )?
        .get(0);
    Ok((database, exists))
}

/// The suivi group roles `login` is a member of, in the order of [`GROUPS`].
fn groups_of(tx: &mut Transaction<'_>, login: &str) -> Result<Vec<&'static str>> {
    let names: Vec<String> = tx
        .query(
            "SELECT g.rolname::text FROM pg_auth_members m
               JOIN pg_roles g ON g.oid = m.roleid
               JOIN pg_roles u ON u.oid = m.member
              WHERE u.rolname = $1",
            &[&login],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(GROUPS
        .iter()
        .copied()
        .filter(|g| names.iter().any(|n| n == g))
        .collect())
}

/// Takes every suivi group role and the regional scope away from `login`
/// (which stays, for other databases). Idempotent; an unknown login is refused.
pub fn revoke(client: &mut Client, login: &str) -> Result<RevokeReport> {
    let mut tx = client.transaction()?;
    let (database, exists) = login_target(&mut tx, login)?;
    if !exists {
        return Err(crate::messages::rejected(Msg::RevokeUnknownLogin {
            login: login.to_string(),
        }));
    }
    let l = ident(login);
    let groups = groups_of(&mut tx, login)?;
    for g in &groups {
        tx.batch_execute(&format!("REVOKE {g} FROM {l}"))?;
    }
    tx.execute("DELETE FROM suivi_scope WHERE login = $1", &[&login])?;
    tx.commit()?;
    Ok(RevokeReport { groups, database })
}

/// Makes `login` (created if missing, able to log in, without a password) a
/// member of exactly one suivi group role, and sets its regional scope to
/// `region_codes` (none: every region). Idempotent.
pub fn grant(
    client: &mut Client,
    login: &str,
    level: Level,
    region_codes: &[String],
) -> Result<GrantReport> {
    let mut tx = client.transaction()?;
    let (database, exists) = login_target(&mut tx, login)?;
    let l = ident(login);
    if !exists {
        tx.batch_execute(&format!("CREATE ROLE {l} LOGIN"))?;
    }
    let groups = groups_of(&mut tx, login)?;
    for g in GROUPS {
        let member = groups.contains(&g);
        if g == level.group() && !member {
            tx.batch_execute(&format!("GRANT {g} TO {l}"))?;
        } else if g != level.group() && member {
            tx.batch_execute(&format!("REVOKE {g} FROM {l}"))?;
        }
    }
    tx.execute("DELETE FROM suivi_scope WHERE login = $1", &[&login])?;
    for code in region_codes {
        tx.execute(
            "INSERT INTO suivi_scope (login, region_code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&login, code],
        )?;
    }
    tx.commit()?;
    Ok(GrantReport {
        created: !exists,
        database,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn identifiers_and_literals_are_quoted() {
        assert_eq!(super::ident("ana"), "\"ana\"");
        assert_eq!(super::ident("a\"b"), "\"a\"\"b\"");
    }
}
