//! TLS to PostgreSQL (`sslmode=require`, `verify-ca`, `verify-full`) against a
//! throwaway cluster of our own with a self-signed authority
//! (`scripts/pg-cluster start DIR --tls`). Runs where PostgreSQL tests run
//! (`SUIVI_TEST_PG` set, see `pg_roles`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Suivi, pg_server};

/// A cluster started by `scripts/pg-cluster`, stopped when dropped (also when
/// a test fails).
pub struct Cluster {
    pub dir: PathBuf,
    pub url: String,
    _parent: tempfile::TempDir,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-cluster")
}

impl Cluster {
    pub fn start(tls: bool) -> Cluster {
        let parent = tempfile::tempdir().expect("temp dir");
        // The server may run as the `postgres` user: it must reach the folder.
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o755))
                .unwrap();
        }
        let dir = parent.path().join("pg");
        let mut c = Command::new("bash");
        c.arg(script()).arg("start").arg(&dir);
        if tls {
            c.arg("--tls");
        }
        let out = c.output().expect("run scripts/pg-cluster");
        let cluster = Cluster {
            dir: dir.clone(),
            url: String::from_utf8_lossy(&out.stdout).trim().to_string(),
            _parent: parent,
        };
        assert!(
            out.status.success(),
            "scripts/pg-cluster start failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cluster
    }

    /// The server's log (connections are logged on a TLS cluster).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("data/server.log")).unwrap_or_default()
    }

    pub fn port(&self) -> String {
        std::fs::read_to_string(self.dir.join("port"))
            .unwrap()
            .trim()
            .to_string()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(script())
            .arg("stop")
            .arg(&self.dir)
            .output();
    }
}

/// An authority file whose only certificate is out of its dates is refused
/// with its date, before any connection (libpq refuses such a chain too).
#[test]
fn an_expired_authority_file_is_refused_with_its_date() {
    let s = Suivi::empty();
    let ca = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls/expired-ca.pem");
    let url = format!(
        "postgresql://ana@127.0.0.1:1/suivi?sslmode=verify-full&sslrootcert={}",
        ca.display()
    );
    s.cmd(&["--db", &url, "house", "list"])
        .status(1)
        .stderr_contains("expired-ca.pem a expiré le 01/01/2021")
        .run();
    s.cmd(&["--db", &url, "--lang", "en", "house", "list"])
        .status(1)
        .stderr_contains("expired-ca.pem expired on 2021-01-01: ask whoever runs the server")
        .run();
}

#[test]
fn tls_modes_verify_what_they_promise() {
    if pg_server("tls_modes_verify_what_they_promise").is_none() {
        return;
    }
    let c = Cluster::start(true);
    let s = Suivi::empty();
    let port = c.port();
    let ca = c.dir.join("ca.pem").display().to_string();
    let other = c.dir.join("other-ca.pem").display().to_string();
    let url =
        |host: &str, query: &str| format!("postgresql://postgres@{host}:{port}/postgres?{query}");
    // The URL the script printed, verified in full.
    let full = format!("{}?sslmode=verify-full&sslrootcert={ca}", c.url);

    // The right authority and host name: the schema is created over TLS.
    s.cmd(&["--db", &full, "init"]).stdout_contains("").run();
    s.cmd(&[
        "--db", &full, "--lang", "en", "house", "list", "--format", "json",
    ])
    .stdout("[]\n")
    .run();
    assert!(c.log().contains("SSL enabled"), "{}", c.log());

    // `require` encrypts without checking the certificate; so does
    // `verify-ca` checking the authority but not the name.
    for query in [
        "sslmode=require".to_string(),
        format!("sslmode=verify-ca&sslrootcert={ca}"),
    ] {
        s.cmd(&[
            "--db",
            &url("127.0.0.1", &query),
            "house",
            "list",
            "--format",
            "json",
        ])
        .stdout("[]\n")
        .run();
    }

    // A wrong authority, a host name the certificate is not made out to, no
    // authority file at all, a plain connection the server refuses: one
    // sentence each, exit 1.
    let wrong_ca = url(
        "localhost",
        &format!("sslmode=verify-full&sslrootcert={other}"),
    );
    s.cmd(&["--db", &wrong_ca, "--lang", "en", "house", "list"])
        .status(1)
        .stderr_contains("is not signed by a trusted authority")
        .run();
    let wrong_host = url(
        "127.0.0.1",
        &format!("sslmode=verify-full&sslrootcert={ca}"),
    );
    s.cmd(&["--db", &wrong_host, "--lang", "en", "house", "list"])
        .status(1)
        .stderr_contains("is not made out to \"127.0.0.1\"")
        .run();
    let missing = url(
        "localhost",
        "sslmode=verify-full&sslrootcert=/nonexistent/ca.pem",
    );
    s.cmd(&["--db", &missing, "--lang", "en", "house", "list"])
        .status(1)
        .stderr_contains("/nonexistent/ca.pem does not exist")
        .run();
    s.cmd(&[
        "--db",
        &url("localhost", "sslmode=disable"),
        "--lang",
        "en",
        "house",
        "list",
    ])
    .status(1)
    .stderr_contains("accepts only encrypted connections")
    .run();
    // The password never shows, whatever went wrong.
    let with_password = format!(
        "postgresql://postgres:hunter2@127.0.0.1:{port}/postgres?sslmode=verify-full&sslrootcert={ca}"
    );
    let err = s.fails(&["--db", &with_password, "house", "list"], 1);
    assert!(
        !err.contains("hunter2") && err.contains("postgres:***@"),
        "{err}"
    );
}

#[test]
fn passwords_come_from_the_url_pgpassword_or_pgpass_and_never_show() {
    if pg_server("passwords_come_from_the_url_pgpassword_or_pgpass_and_never_show").is_none() {
        return;
    }
    let c = Cluster::start(true);
    let s = Suivi::empty();
    let port = c.port();
    let owner = format!("{}?sslmode=require", c.url);
    s.ok(&["--db", &owner, "init"]);
    s.ok(&["--db", &owner, "db", "init-roles"]);
    // `password_user` must give its password (the cluster's pg_hba.conf).
    let mut admin = suivi::store::pg_connect::connect(&owner).unwrap();
    admin
        .batch_execute("CREATE ROLE password_user LOGIN PASSWORD 'correct horse'")
        .unwrap();
    s.ok(&[
        "--db",
        &owner,
        "db",
        "grant",
        "password_user",
        "--role",
        "reader",
    ]);
    let home = s.path("home");
    std::fs::create_dir_all(&home).unwrap();
    let home = home.display().to_string();
    let url = format!("postgresql://password_user@localhost:{port}/postgres?sslmode=require");
    let run = |url: &str| {
        s.cmd(&[
            "--db", url, "--lang", "en", "house", "list", "--format", "json",
        ])
        .env("HOME", home.as_str())
        .env_remove("PGPASSWORD")
        .env_remove("PGPASSFILE")
    };
    // None anywhere: the server asks for one, and suivi says where to put it.
    run(&url)
        .status(1)
        .stderr_contains("asks for a password for \"password_user\": put it in ~/.pgpass")
        .run();
    // A wrong one in the URL: refused, and not printed.
    let wrong =
        format!("postgresql://password_user:tr0ub4dor@localhost:{port}/postgres?sslmode=require");
    let err = run(&wrong)
        .status(1)
        .stderr_contains("PostgreSQL refused the login \"password_user\"")
        .run()
        .stderr;
    assert!(
        !err.contains("tr0ub4dor") && err.contains("password_user:***@"),
        "{err}"
    );
    // PGPASSWORD.
    run(&url)
        .env("PGPASSWORD", "correct horse")
        .stdout("[]\n")
        .run();
    // ~/.pgpass: only when its owner alone may read it.
    let pgpass = format!("{home}/.pgpass");
    std::fs::write(
        &pgpass,
        format!("# suivi\nlocalhost:{port}:postgres:someone_else:nope\nlocalhost:*:*:password_user:correct horse\n"),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
        run(&url)
            .status(1)
            .stderr_contains("can be read by others than its owner: it is ignored")
            .run();
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    run(&url).stdout("[]\n").run();
}
