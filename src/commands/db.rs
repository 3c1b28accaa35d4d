//! `suivi db init-roles|grant`: roles and regional scope on a shared
//! PostgreSQL database (see `store::pg_roles`).

use anyhow::Result;

use crate::cli::{DbCmd, DbGrantArgs, DbRevokeArgs, DbRole};
use crate::context::Ctx;
use crate::messages::Msg;
use crate::store::{pg_connect, pg_roles};

pub fn run(ctx: &Ctx, cmd: DbCmd) -> Result<()> {
    match cmd {
        // Either store to either store; the other commands are PostgreSQL's.
        DbCmd::Copy(a) => copy(ctx, &a),
        DbCmd::InitRoles => {
            let r = pg_roles::init_roles(&mut server(ctx)?)?;
            crate::output::line(
                &Msg::RolesReady {
                    database: r.database,
                    tables: r.tables,
                    scoped: r.scoped.join(", "),
                }
                .to_string(),
            )
        }
        DbCmd::Grant(a) => grant(&mut server(ctx)?, &a),
        DbCmd::Revoke(a) => revoke(&mut server(ctx)?, &a),
    }
}

/// The PostgreSQL server of `--db`; a SQLite file is refused (roles are the server's).
fn server(ctx: &Ctx) -> Result<postgres::Client> {
    let url = ctx.db_path.to_string_lossy().into_owned();
    if !pg_connect::is_url(&url) {
        return Err(crate::error::usage(
            Msg::RolesNeedPostgres { path: url }.to_string(),
        ));
    }
    pg_connect::connect(&url)
}

/// `db copy SOURCE TARGET`: either store to either store.
fn copy(ctx: &Ctx, a: &crate::cli::DbCopyArgs) -> Result<()> {
    use crate::store::{self, Db};
    let from = store::shown(&a.source);
    let to = store::shown(&a.target);
    let source = Db::open_existing(&a.source)?;
    let file = store::pg_url(&a.target).is_none();
    // A new file it could not set up is removed by `create`, and so is one
    // half copied when Ctrl-C stops the copy, until it is `finished`.
    let mut target = Db::create(&a.target)?;
    let copied = match store::copy::copy(&source.conn, &target.conn, &ctx.author, &from) {
        Ok(c) => c,
        Err(e) => {
            // What was created is not left behind to block a retry: a new
            // file is removed, a PostgreSQL database loses the schema.
            if file {
                drop(target);
                crate::fsout::remove_with_journal(&a.target);
            } else {
                let _ = store::copy::discard(&target.conn);
            }
            return Err(e);
        }
    };
    // The copy is whole: from here an interrupt leaves it.
    target.finished();
    let rows = copied.iter().map(|(_, n)| n).sum();
    let observations = copied
        .iter()
        .find(|(t, _)| t == "observation")
        .map_or(0, |(_, n)| *n);
    crate::output::line(
        &Msg::DbCopied {
            from,
            to,
            rows,
            observations,
        }
        .to_string(),
    )
}

fn revoke(client: &mut postgres::Client, a: &DbRevokeArgs) -> Result<()> {
    let report = pg_roles::revoke(client, &a.login)?;
    let m = if report.groups.is_empty() {
        Msg::RevokedNothing {
            login: a.login.clone(),
            database: report.database,
        }
    } else {
        Msg::Revoked {
            login: a.login.clone(),
            groups: report.groups.join(", "),
            database: report.database,
        }
    };
    crate::output::line(&m.to_string())
}

fn grant(client: &mut postgres::Client, a: &DbGrantArgs) -> Result<()> {
    let level = match a.role {
        DbRole::Reader => pg_roles::Level::Reader,
        DbRole::Analyst => pg_roles::Level::Analyst,
        DbRole::Admin => pg_roles::Level::Admin,
    };
    let known = pg_roles::regions(client)?;
    let mut chosen: Vec<crate::store::region::Region> = Vec::new();
    for input in &a.regions {
        let Some(r) = crate::store::region::find(&known, input) else {
            let names: Vec<&str> = known
                .iter()
                .flat_map(|r| [r.code.as_str(), r.name_fr.as_str()])
                .collect();
            return Err(crate::error::usage(
                Msg::UnknownRegionFlag {
                    input: input.clone(),
                    closest: crate::messages::near(names, input),
                    known: known
                        .iter()
                        .map(|r| format!("{} {}", r.code, r.name_fr))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
                .to_string(),
            ));
        };
        if !chosen.iter().any(|c| c.code == r.code) {
            chosen.push(r);
        }
    }
    let codes: Vec<String> = chosen.iter().map(|r| r.code.clone()).collect();
    let report = pg_roles::grant(client, &a.login, level, &codes)?;
    if report.created {
        crate::output::line(
            &Msg::LoginCreated {
                login: a.login.clone(),
            }
            .to_string(),
        )?;
    }
    let m = if chosen.is_empty() {
        Msg::GrantedAll {
            login: a.login.clone(),
            group: level.group().to_string(),
            database: report.database,
        }
    } else {
        Msg::GrantedRegions {
            login: a.login.clone(),
            group: level.group().to_string(),
            database: report.database,
            regions: chosen
                .iter()
                .map(|r| format!("{} {}", r.code, r.name_fr))
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    crate::output::line(&m.to_string())
}
