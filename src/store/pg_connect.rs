//! Connecting to PostgreSQL the way libpq (psql, pg_dump) does: the same
//! connection URLs, environment variables (`PGHOST`, `PGPORT`, `PGUSER`,
//! `PGDATABASE`, `PGPASSWORD`, `PGPASSFILE`, `PGSSLMODE`, `PGSSLROOTCERT`,
//! `PGCONNECT_TIMEOUT`, `PGAPPNAME`), password file and TLS modes, so that a
//! URL that works with `psql` works with suivi.
//!
//! A password never appears in a message: errors name the URL through
//! [`redact`]. TLS is rustls (no system library to load at start-up), with
//! libpq's modes and CA file conventions.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;

use crate::domain::date::Date;
use crate::messages::Msg;

/// libpq's `sslmode`. `allow` is read as `prefer` (both settle for a plain
/// connection when the server offers no TLS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Option<SslMode> {
        Some(match s {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// Where the server is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Host {
    /// A host name or IP address, reached over TCP.
    Tcp(String),
    /// The folder of the server's Unix socket (`.s.PGSQL.PORT` in it).
    Socket(PathBuf),
}

/// Everything a connection needs, after the URL, the environment and the
/// password file have had their say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub user: String,
    pub password: Option<String>,
    pub host: Host,
    pub port: u16,
    pub dbname: String,
    pub sslmode: SslMode,
    /// The CA file given (`sslrootcert=` or `PGSSLROOTCERT`), if any.
    pub sslrootcert: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub application_name: String,
    pub options: Option<String>,
}

impl Target {
    /// The server as a person would name it: `host:port`, or the socket file.
    pub fn place(&self) -> String {
        match &self.host {
            Host::Tcp(h) if h.contains(':') => format!("[{h}]:{}", self.port),
            Host::Tcp(h) => format!("{h}:{}", self.port),
            Host::Socket(dir) => dir
                .join(format!(".s.PGSQL.{}", self.port))
                .display()
                .to_string(),
        }
    }

    /// The CA file TLS verification reads: the one given, else
    /// `~/.postgresql/root.crt`. `system` means the system's trusted CAs.
    fn root_cert(&self, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        self.sslrootcert.clone().or_else(|| {
            home(env).map(|h| {
                h.join(".postgresql/root.crt")
                    .to_string_lossy()
                    .into_owned()
            })
        })
    }
}

/// Whether `s` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// The URL with its password (in the user part or as `password=`) replaced
/// by `***`; anything that is not a PostgreSQL URL is returned unchanged.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").filter(|_| is_url(url)) else {
        return url.to_string();
    };
    let rest_start = scheme_end + 3;
    let rest = &url[rest_start..];
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..auth_end];
    let mut out = url[..rest_start].to_string();
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.find(':') {
                Some(colon) => {
                    out.push_str(&userinfo[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(userinfo),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let tail = &rest[auth_end..];
    match tail.find('?') {
        Some(q) => {
            out.push_str(&tail[..=q]);
            let params: Vec<String> = tail[q + 1..]
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k == "password" => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
        None => out.push_str(tail),
    }
    out
}

fn bad_url(url: &str, why: String) -> anyhow::Error {
    crate::error::usage(
        Msg::PgBadUrl {
            url: redact(url),
            why,
        }
        .to_string(),
    )
}

/// `%XX` escapes decoded; a malformed escape or bytes that are not UTF-8 are refused.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn home(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("HOME").filter(|h| !h.is_empty()).map(PathBuf::from)
}

/// The libpq default when no host is given: the Unix socket folder of
/// Debian's and most Linux packages, else `/tmp` (PostgreSQL's own default).
fn default_socket_dir() -> PathBuf {
    let debian = Path::new("/var/run/postgresql");
    if debian.is_dir() {
        debian.to_path_buf()
    } else {
        PathBuf::from("/tmp")
    }
}

/// The name of the operating-system user running suivi: libpq's default login.
fn os_user() -> Option<String> {
    // SAFETY: getpwuid_r writes into the buffer and record we own; the
    // returned pointer is only read while they live.
    unsafe {
        let mut pwd: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 4096];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = libc::getpwuid_r(
            libc::geteuid(),
            &mut pwd,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
        );
        if rc != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        std::ffi::CStr::from_ptr(pwd.pw_name)
            .to_str()
            .ok()
            .map(str::to_string)
    }
}

/// Reads a connection URL as libpq does, with `env` standing for the
/// environment (tests pass their own), but not the password file yet.
pub fn parse(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Target> {
    let Some((_, rest)) = url.split_once("://").filter(|_| is_url(url)) else {
        return Err(bad_url(url, Msg::PgUrlScheme.to_string()));
    };
    let (before_query, query) = match rest.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (rest, None),
    };
    let (authority, path) = match before_query.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (before_query, None),
    };
    let decode = |part: &str| -> Result<String> {
        percent_decode(part).ok_or_else(|| {
            bad_url(
                url,
                Msg::PgUrlEscape {
                    part: part.to_string(),
                }
                .to_string(),
            )
        })
    };
    let (userinfo, hostport) = match authority.rfind('@') {
        Some(at) => (Some(&authority[..at]), &authority[at + 1..]),
        None => (None, authority),
    };
    let mut user = None;
    let mut password = None;
    if let Some(info) = userinfo {
        let (u, p) = match info.split_once(':') {
            Some((u, p)) => (u, Some(p)),
            None => (info, None),
        };
        if !u.is_empty() {
            user = Some(decode(u)?);
        }
        if let Some(p) = p {
            password = Some(decode(p)?);
        }
    }
    if hostport.contains(',') {
        return Err(bad_url(url, Msg::PgUrlManyHosts.to_string()));
    }
    let (host_part, port_part) = if let Some(stripped) = hostport.strip_prefix('[') {
        let Some((h, after)) = stripped.split_once(']') else {
            return Err(bad_url(url, Msg::PgUrlBracket.to_string()));
        };
        (h.to_string(), after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (decode(h)?, Some(p)),
            None => (decode(hostport)?, None),
        }
    };
    let mut host = (!host_part.is_empty()).then_some(host_part);
    let mut port = port_part.filter(|p| !p.is_empty()).map(str::to_string);
    let mut dbname = path.filter(|p| !p.is_empty()).map(decode).transpose()?;
    let mut sslmode = None;
    let mut sslrootcert = None;
    let mut connect_timeout = None;
    let mut application_name = None;
    let mut options = None;
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = decode(v)?;
        match k {
            "host" => host = Some(v),
            "port" => port = Some(v),
            "user" => user = Some(v),
            "password" => password = Some(v),
            "dbname" => dbname = Some(v),
            "sslmode" => sslmode = Some(v),
            "sslrootcert" => sslrootcert = Some(v),
            "connect_timeout" => connect_timeout = Some(v),
            "application_name" => application_name = Some(v),
            "options" => options = Some(v),
            _ => {
                return Err(bad_url(
                    url,
                    Msg::PgUrlParameter {
                        name: k.to_string(),
                    }
                    .to_string(),
                ));
            }
        }
    }
    let host = host
        .or_else(|| env("PGHOST").filter(|h| !h.is_empty()))
        .map(|h| {
            if h.starts_with('/') {
                Host::Socket(PathBuf::from(h))
            } else {
                Host::Tcp(h)
            }
        })
        .unwrap_or_else(|| Host::Socket(default_socket_dir()));
    let port_text = port
        .or_else(|| env("PGPORT").filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "5432".to_string());
    let port = port_text
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| bad_url(url, Msg::PgUrlPort { port: port_text }.to_string()))?;
    let user = user
        .or_else(|| env("PGUSER").filter(|u| !u.is_empty()))
        .or_else(os_user)
        .ok_or_else(|| bad_url(url, Msg::PgUrlNoUser.to_string()))?;
    let dbname = dbname
        .or_else(|| env("PGDATABASE").filter(|d| !d.is_empty()))
        .unwrap_or_else(|| user.clone());
    let sslrootcert = sslrootcert.or_else(|| env("PGSSLROOTCERT").filter(|c| !c.is_empty()));
    // As libpq (16 and later): the system's authorities vouch for any public
    // name, so `sslrootcert=system` means verify-full, and a weaker mode is refused.
    let system = sslrootcert.as_deref() == Some("system");
    let mode_text = sslmode
        .or_else(|| env("PGSSLMODE").filter(|m| !m.is_empty()))
        .unwrap_or_else(|| if system { "verify-full" } else { "prefer" }.to_string());
    let sslmode = SslMode::parse(&mode_text).ok_or_else(|| {
        bad_url(
            url,
            Msg::PgUrlSslMode {
                mode: mode_text.clone(),
            }
            .to_string(),
        )
    })?;
    if system && sslmode != SslMode::VerifyFull {
        return Err(bad_url(
            url,
            Msg::PgSystemRootWeakMode { mode: mode_text }.to_string(),
        ));
    }
    let connect_timeout = match connect_timeout.or_else(|| env("PGCONNECT_TIMEOUT")) {
        Some(t) if !t.is_empty() => {
            let secs = t
                .parse::<u64>()
                .map_err(|_| bad_url(url, Msg::PgUrlTimeout { value: t.clone() }.to_string()))?;
            // libpq: 0 waits forever, and less than 2 seconds means 2.
            (secs > 0).then(|| Duration::from_secs(secs.max(2)))
        }
        _ => None,
    };
    let password = password.or_else(|| env("PGPASSWORD").filter(|p| !p.is_empty()));
    let application_name = application_name
        .or_else(|| env("PGAPPNAME").filter(|a| !a.is_empty()))
        .unwrap_or_else(|| "suivi".to_string());
    Ok(Target {
        user,
        password,
        host,
        port,
        dbname,
        sslmode,
        sslrootcert,
        connect_timeout,
        application_name,
        options,
    })
}

/// One field of a `.pgpass` line, with `\:` and `\\` unescaped; `None` past the end.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            ':' if fields.len() < 4 => fields.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

/// The password of the first line of a `.pgpass` file that matches, as libpq
/// reads it: `hostname:port:database:username:password`, `*` matches
/// anything in the first four fields, `\` escapes `:` and `\`, `#` starts a
/// comment line. A Unix socket in the default folder matches `localhost`.
pub fn pgpass_lookup(content: &str, t: &Target) -> Option<String> {
    let host = match &t.host {
        Host::Tcp(h) => h.clone(),
        Host::Socket(dir) if dir == &default_socket_dir() => "localhost".to_string(),
        Host::Socket(dir) => dir.to_string_lossy().into_owned(),
    };
    let port = t.port.to_string();
    let wanted = [host.as_str(), &port, &t.dbname, &t.user];
    content
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            if fields.len() < 5 {
                return None;
            }
            let matches = fields
                .iter()
                .zip(wanted)
                .all(|(f, w)| f.as_str() == "*" || f.as_str() == w);
            matches.then(|| fields[4].clone())
        })
}

/// The password file's password for `t`, if the file exists, is a regular
/// file and only its owner may read it (libpq ignores it otherwise, and so
/// does suivi, with a warning).
fn pgpass_password(t: &Target, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let path = env("PGPASSFILE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| home(env).map(|h| h.join(".pgpass")))?;
    let meta = std::fs::metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            let _ = crate::output::warn(
                &Msg::PgPassFileOpen {
                    path: path.display().to_string(),
                }
                .to_string(),
            );
            return None;
        }
    }
    let content = std::fs::read_to_string(&path).ok()?;
    pgpass_lookup(&content, t)
}

/// Opens a connection to the database `url` names (see the module's doc).
/// Errors are sentences of the catalogue that name the URL without its password.
pub fn connect(url: &str) -> Result<postgres::Client> {
    let env = |k: &str| std::env::var(k).ok();
    let mut target = parse(url, &env)?;
    if target.password.is_none() {
        target.password = pgpass_password(&target, &env);
    }
    connect_target(url, &target, &env)
}

fn config(t: &Target) -> postgres::Config {
    let mut c = postgres::Config::new();
    c.user(&t.user)
        .dbname(&t.dbname)
        .port(t.port)
        .application_name(&t.application_name);
    match &t.host {
        Host::Tcp(h) => c.host(h),
        Host::Socket(dir) => c.host_path(dir),
    };
    if let Some(p) = &t.password {
        c.password(p);
    }
    if let Some(o) = &t.options {
        c.options(o);
    }
    if let Some(d) = t.connect_timeout {
        c.connect_timeout(d);
    }
    c
}

/// Why the server's certificate was refused, once the handshake met it.
type VerifySlot = Arc<Mutex<Option<CertRefusal>>>;

/// Why a server's certificate was refused, in the terms its administrator
/// acts on: each has its own sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
enum CertRefusal {
    /// Not signed by the authority of the CA file (or its signature is wrong).
    NotTrusted,
    /// Made out to another host name (under `verify-full`).
    WrongHost,
    /// Names no host in its subjectAltName, only (perhaps) in its CN.
    NoHostName,
    /// Past its end of validity, on this day.
    Expired(Date),
    /// Valid only from this day on.
    NotYetValid(Date),
    /// An authority's certificate (CA:TRUE) presented as the server's own.
    AuthorityAsServer,
    /// An old format or algorithm: X.509 v1, SHA-1, a key type rustls refuses.
    Outdated,
    /// An intermediate authority the server sends is past its end of validity.
    AuthorityExpired(Date),
    /// An intermediate authority the server sends is valid only from this day on.
    AuthorityNotYetValid(Date),
}

impl CertRefusal {
    /// The refusal behind rustls' verdict on a server certificate.
    fn of(e: &rustls::Error) -> CertRefusal {
        use rustls::CertificateError as C;
        let day = |t: &rustls::pki_types::UnixTime| {
            Date::from_days((t.as_secs() / 86_400).try_into().unwrap_or(i64::MAX))
        };
        let rustls::Error::InvalidCertificate(c) = e else {
            return CertRefusal::NotTrusted;
        };
        match c {
            C::NotValidForNameContext { presented, .. } if presented.is_empty() => {
                CertRefusal::NoHostName
            }
            C::NotValidForName | C::NotValidForNameContext { .. } => CertRefusal::WrongHost,
            C::ExpiredContext { not_after, .. } => CertRefusal::Expired(day(not_after)),
            C::NotValidYetContext { not_before, .. } => CertRefusal::NotYetValid(day(not_before)),
            #[allow(deprecated)] // what rustls still reports for some refusals
            C::UnsupportedSignatureAlgorithm
            | C::UnsupportedSignatureAlgorithmContext { .. }
            | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. } => CertRefusal::Outdated,
            C::Other(other) => match other.0.downcast_ref::<webpki::Error>() {
                Some(webpki::Error::CaUsedAsEndEntity) => CertRefusal::AuthorityAsServer,
                Some(webpki::Error::UnsupportedCertVersion) => CertRefusal::Outdated,
                _ => CertRefusal::NotTrusted,
            },
            _ => CertRefusal::NotTrusted,
        }
    }

    /// The sentence for this refusal by the server of `url` at `host`.
    fn message(self, url: String, host: String) -> Msg {
        match self {
            CertRefusal::NotTrusted => Msg::PgCertNotTrusted { url },
            CertRefusal::WrongHost => Msg::PgCertWrongHost { url, host },
            CertRefusal::NoHostName => Msg::PgCertNoHostName { url, host },
            CertRefusal::Expired(day) => Msg::PgCertExpired {
                url,
                day: day.to_string(),
            },
            CertRefusal::NotYetValid(day) => Msg::PgCertNotYetValid {
                url,
                day: day.to_string(),
            },
            CertRefusal::AuthorityAsServer => Msg::PgCertIsAuthority { url },
            CertRefusal::Outdated => Msg::PgCertOutdated { url },
            CertRefusal::AuthorityExpired(day) => Msg::PgCertAuthorityExpired {
                url,
                day: day.to_string(),
            },
            CertRefusal::AuthorityNotYetValid(day) => Msg::PgCertAuthorityNotYetValid {
                url,
                day: day.to_string(),
            },
        }
    }
}

fn connect_target(
    url: &str,
    t: &Target,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<postgres::Client> {
    let mut cfg = config(t);
    // libpq never uses TLS over a Unix socket: the kernel is the channel.
    let mode = match t.host {
        Host::Socket(_) => SslMode::Disable,
        Host::Tcp(_) => t.sslmode,
    };
    if mode == SslMode::Disable {
        cfg.ssl_mode(postgres::config::SslMode::Disable);
        return connect_each(t, &cfg, postgres::NoTls)
            .map_err(|e| crate::messages::err(connect_error(url, t, &e, None)));
    }
    cfg.ssl_mode(if mode == SslMode::Prefer {
        postgres::config::SslMode::Prefer
    } else {
        postgres::config::SslMode::Require
    });
    let tls_setup = |why: String| {
        crate::messages::err(Msg::PgTlsFailed {
            url: redact(url),
            why,
        })
    };
    // Which CA file verifies the server: libpq checks the chain whenever the
    // file exists (also under `prefer` and `require`), and insists on it for
    // the verify modes.
    let root = t.root_cert(env);
    let mut roots = rustls::RootCertStore::empty();
    let verify = match root.as_deref() {
        Some("system") => {
            let found = rustls_native_certs::load_native_certs();
            if found.certs.is_empty() {
                let why = found.errors.iter().map(|e| e.to_string()).collect();
                return Err(tls_setup(why));
            }
            roots.add_parsable_certificates(found.certs);
            true
        }
        Some(path) if Path::new(path).is_file() => {
            use rustls::pki_types::{CertificateDer, pem::PemObject};
            let unreadable = || {
                crate::messages::err(Msg::PgRootCertUnreadable {
                    path: path.to_string(),
                })
            };
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(path)
                .map_err(|_| unreadable())?
                .collect::<std::result::Result<_, _>>()
                .map_err(|_| unreadable())?;
            // libpq (OpenSSL) refuses a chain whose authority is out of its
            // dates; rustls does not look at an authority's dates: those
            // out of them are left out here, and a file with none left is
            // refused with its date.
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let (current, stale): (Vec<_>, Vec<_>) = certs
                .into_iter()
                .partition(|c| validity(c).is_none_or(|(from, to)| from <= now && now <= to));
            if current.is_empty()
                && let Some((from, to)) = stale.first().and_then(|c| validity(c))
            {
                let day = |secs: i64| Date::from_days(secs.div_euclid(86_400)).to_string();
                let path = path.to_string();
                return Err(crate::messages::err(if now > to {
                    Msg::PgRootCertExpired { path, day: day(to) }
                } else {
                    Msg::PgRootCertNotYetValid {
                        path,
                        day: day(from),
                    }
                }));
            }
            let (added, _) = roots.add_parsable_certificates(current);
            if added == 0 {
                return Err(unreadable());
            }
            true
        }
        _ => {
            if matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull) {
                return Err(crate::messages::err(Msg::PgRootCertMissing {
                    path: root.unwrap_or_else(|| "~/.postgresql/root.crt".to_string()),
                }));
            }
            false
        }
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = if verify {
        let v = rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .map_err(|e| tls_setup(e.to_string()))?;
        Some(v)
    } else {
        None
    };
    let slot: VerifySlot = Arc::new(Mutex::new(None));
    let verifier = Verifier {
        chain,
        check_name: mode == SslMode::VerifyFull,
        seen: slot.clone(),
        provider: provider.clone(),
    };
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_setup(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls);
    connect_each(t, &cfg, tls)
        .map_err(|e| crate::messages::err(connect_error(url, t, &e, Some(&slot))))
}

/// When a certificate is valid, from and to, in seconds since 1970: its
/// tbsCertificate's `validity` (RFC 5280, 4.1), read from the DER bytes.
/// None when the bytes are not such a certificate.
fn validity(der: &[u8]) -> Option<(i64, i64)> {
    // One DER element: (tag, contents, what follows).
    fn element(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
        let (&tag, b) = b.split_first()?;
        let (&first, mut b) = b.split_first()?;
        let len = if first < 0x80 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || b.len() < n {
                return None;
            }
            let len = b[..n]
                .iter()
                .fold(0usize, |l, &x| (l << 8) | usize::from(x));
            b = &b[n..];
            len
        };
        (b.len() >= len).then(|| (tag, &b[..len], &b[len..]))
    }
    // UTCTime (YYMMDDHHMMSSZ, 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ).
    fn time(tag: u8, t: &[u8]) -> Option<i64> {
        let t = std::str::from_utf8(t).ok()?.strip_suffix('Z')?;
        let (year, rest) = match (tag, t.len()) {
            (0x17, 12) => {
                let yy: i64 = t.get(..2)?.parse().ok()?;
                (if yy < 50 { 2000 + yy } else { 1900 + yy }, t.get(2..)?)
            }
            (0x18, 14) => (t.get(..4)?.parse().ok()?, t.get(4..)?),
            _ => return None,
        };
        let n = |i: usize| rest.get(i..i + 2)?.parse::<i64>().ok();
        let day = Date::parse(&format!("{year:04}-{:02}-{:02}", n(0)?, n(2)?)).ok()?;
        Some(day.to_days() * 86_400 + n(4)? * 3_600 + n(6)? * 60 + n(8)?)
    }
    let (_, cert, _) = element(der)?;
    let (_, tbs, _) = element(cert)?;
    let mut rest = tbs;
    // [0] version, then serial number, signature algorithm and issuer.
    if rest.first() == Some(&0xA0) {
        rest = element(rest)?.2;
    }
    for _ in 0..3 {
        rest = element(rest)?.2;
    }
    let (_, validity, _) = element(rest)?;
    let (tag, from, rest) = element(validity)?;
    let from = time(tag, from)?;
    let (tag, to, _) = element(rest)?;
    Some((from, time(tag, to)?))
}

/// The server's certificate checked as libpq's `sslmode` says: not at all
/// (`prefer`, `require` without a CA file), its chain up to the CA file
/// (`verify-ca`, and `prefer`/`require` when the file exists), or its chain
/// and the host name (`verify-full`). The first refusal is kept for the
/// message.
#[derive(Debug)]
struct Verifier {
    chain: Option<Arc<rustls::client::WebPkiServerVerifier>>,
    check_name: bool,
    seen: VerifySlot,
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl rustls::client::danger::ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError;
        let Some(chain) = &self.chain else {
            return Ok(rustls::client::danger::ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Ok(v) => Ok(v),
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_name => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            Err(e) => {
                let mut refusal = CertRefusal::of(&e);
                // webpki checks the dates of the server's own certificate
                // before any other: a date refusal that goes away without
                // the intermediates is an intermediate authority's.
                if let CertRefusal::Expired(day) | CertRefusal::NotYetValid(day) = refusal
                    && !intermediates.is_empty()
                    && chain
                        .verify_server_cert(end_entity, &[], server_name, ocsp_response, now)
                        .err()
                        .map(|e| CertRefusal::of(&e))
                        != Some(refusal)
                {
                    refusal = match refusal {
                        CertRefusal::Expired(_) => CertRefusal::AuthorityExpired(day),
                        _ => CertRefusal::AuthorityNotYetValid(day),
                    };
                }
                if let Ok(mut s) = self.seen.lock() {
                    s.get_or_insert(refusal);
                }
                Err(e)
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Connects to each address the host name resolves to in turn (`localhost`:
/// `::1`, then `127.0.0.1`), as libpq does, until one answers; the error
/// kept is the first of a server that answered (a wrong password, a
/// certificate refused), not a later address where nothing listens.
fn connect_each<T>(
    t: &Target,
    cfg: &postgres::Config,
    tls: T,
) -> std::result::Result<postgres::Client, postgres::Error>
where
    T: postgres::tls::MakeTlsConnect<postgres::Socket> + Clone + 'static + Send,
    T::TlsConnect: Send,
    T::Stream: Send,
    <T::TlsConnect as postgres::tls::TlsConnect<postgres::Socket>>::Future: Send,
{
    use std::net::ToSocketAddrs;
    let Host::Tcp(name) = &t.host else {
        return cfg.connect(tls);
    };
    if name.parse::<std::net::IpAddr>().is_ok() {
        return cfg.connect(tls);
    }
    let addrs: Vec<std::net::IpAddr> = match (name.as_str(), t.port).to_socket_addrs() {
        Ok(a) => a.map(|a| a.ip()).collect(),
        // The client says the host is unknown in its own words.
        Err(_) => return cfg.connect(tls),
    };
    let mut last = None;
    for ip in addrs {
        let mut one = cfg.clone();
        one.hostaddr(ip);
        match one.connect(tls.clone()) {
            Ok(c) => return Ok(c),
            Err(e) => {
                let nobody = e.as_db_error().is_none()
                    && matches!(
                        e.to_string().as_str(),
                        "error connecting to server" | "timeout waiting for server"
                    );
                if !nobody {
                    return Err(e);
                }
                last = Some(e);
            }
        }
    }
    match last {
        Some(e) => Err(e),
        None => cfg.connect(tls),
    }
}

/// The sentence for a connection that failed, from what the server or the
/// network said.
fn connect_error(url: &str, t: &Target, e: &postgres::Error, slot: Option<&VerifySlot>) -> Msg {
    use postgres::error::SqlState;
    let url = redact(url);
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_CATALOG_NAME {
            return Msg::PgNoDatabase {
                url,
                db: t.dbname.clone(),
            };
        }
        if *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
            && db.message().contains("no encryption")
        {
            return Msg::PgTlsRequired { url };
        }
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return Msg::PgLoginRefused {
                url,
                user: t.user.clone(),
            };
        }
        if *code == SqlState::TOO_MANY_CONNECTIONS || *code == SqlState::CANNOT_CONNECT_NOW {
            return Msg::PgServerBusy { url };
        }
        return Msg::PgConnRefused {
            url,
            why: db.message().to_string(),
        };
    }
    if let Some(refusal) = slot.and_then(|s| s.lock().ok().and_then(|s| *s)) {
        let host = match &t.host {
            Host::Tcp(h) => h.clone(),
            Host::Socket(d) => d.display().to_string(),
        };
        return refusal.message(url, host);
    }
    let top = e.to_string();
    let causes: Vec<String> = {
        let mut v = Vec::new();
        let mut src = std::error::Error::source(e);
        while let Some(s) = src {
            v.push(s.to_string());
            src = s.source();
        }
        v
    };
    let cause = causes.join(": ");
    if top.contains("TLS") {
        if cause.contains("server does not support TLS") {
            return Msg::PgTlsUnsupported { url };
        }
        return Msg::PgTlsFailed { url, why: cause };
    }
    if top.contains("authentication") || cause.contains("password missing") {
        return if cause.contains("password missing") {
            Msg::PgNoPassword {
                url,
                user: t.user.clone(),
            }
        } else {
            Msg::PgLoginRefused {
                url,
                user: t.user.clone(),
            }
        };
    }
    if cause.contains("lookup address")
        && let Host::Tcp(h) = &t.host
    {
        return Msg::PgUnknownHost {
            url,
            host: h.clone(),
        };
    }
    if top.contains("timeout") || cause.contains("timed out") {
        return Msg::PgTimeout {
            url,
            place: t.place(),
        };
    }
    Msg::PgUnreachable {
        url,
        place: t.place(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn the_systems_authorities_mean_verify_full() {
        let t = p("postgres://ana@db.example/suivi?sslrootcert=system");
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        for weak in ["disable", "prefer", "require", "verify-ca"] {
            let url = format!("postgres://ana@db.example/suivi?sslrootcert=system&sslmode={weak}");
            let e = parse(&url, &env_of(&[("HOME", "/home/ana")])).unwrap_err();
            assert!(e.to_string().contains(weak), "{e}");
        }
    }

    /// What the verifier makes of a server certificate of fixtures/tls,
    /// given `root` as the authority file, under `verify-full` for `host`,
    /// on day `day` (days since 1970); `sent` is what the server sends: its
    /// certificate, then any intermediate authorities.
    fn verdict(root: &str, sent: &[&str], host: &str, day: u64) -> Option<CertRefusal> {
        use rustls::pki_types::{CertificateDer, ServerName, UnixTime, pem::PemObject};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls");
        let cert = |name: &str| CertificateDer::from_pem_file(dir.join(name)).unwrap();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(cert(root)).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let chain = rustls::client::WebPkiServerVerifier::builder_with_provider(
            Arc::new(roots),
            provider.clone(),
        )
        .build()
        .unwrap();
        let seen: VerifySlot = Arc::new(Mutex::new(None));
        let verifier = Verifier {
            chain: Some(chain),
            check_name: true,
            seen: seen.clone(),
            provider,
        };
        let name = ServerName::try_from(host.to_string()).unwrap();
        let now = UnixTime::since_unix_epoch(Duration::from_secs(day * 86_400));
        let intermediates: Vec<_> = sent[1..].iter().map(|c| cert(c)).collect();
        let verified = rustls::client::danger::ServerCertVerifier::verify_server_cert(
            &verifier,
            &cert(sent[0]),
            &intermediates,
            &name,
            &[],
            now,
        );
        let refusal = *seen.lock().unwrap();
        assert_eq!(verified.is_ok(), refusal.is_none(), "{verified:?}");
        refusal
    }

    #[test]
    fn a_certificate_says_when_it_is_valid() {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/tls");
        let at = |iso: &str, secs: i64| Date::parse(iso).unwrap().to_days() * 86_400 + secs;
        let der = |name: &str| CertificateDer::from_pem_file(dir.join(name)).unwrap();
        // UTCTime then GeneralizedTime (from 2050 on).
        let hms = 22 * 3_600 + 42 * 60 + 58;
        assert_eq!(
            validity(&der("ca.pem")),
            Some((at("2026-11-30", hms), at("2126-11-06", hms)))
        );
        assert_eq!(
            validity(&der("expired-ca.pem")),
            Some((at("2020-01-01", 0), at("2021-01-01", 0)))
        );
        let whole = der("ca.pem");
        assert_eq!(validity(&whole[..whole.len() / 3]), None);
        assert_eq!(validity(b"not a certificate"), None);
        // A time of 12 bytes that are not 12 characters: refused, not cut inside one.
        let mut odd = whole.to_vec();
        let at = odd.windows(13).position(|w| w == b"261130224258Z").unwrap();
        odd[at..at + 4].copy_from_slice("1é1".as_bytes());
        assert_eq!(validity(&odd), None);
        assert_eq!(validity(&[]), None);
    }

    #[test]
    fn each_refused_server_certificate_says_why() {
        let day = |iso: &str| Date::parse(iso).unwrap().to_days() as u64;
        let date = |iso: &str| Date::parse(iso).unwrap();
        let today = day("2027-06-30");
        let local = "localhost";
        assert_eq!(verdict("ca.pem", &["server.pem"], local, today), None);
        assert_eq!(
            verdict("ca.pem", &["cn-only.pem"], local, today),
            Some(CertRefusal::NoHostName)
        );
        assert_eq!(
            verdict("ca.pem", &["cn-only.pem"], "127.0.0.1", today),
            Some(CertRefusal::NoHostName)
        );
        assert_eq!(
            verdict("ca.pem", &["server.pem"], "127.0.0.1", today),
            Some(CertRefusal::WrongHost)
        );
        assert_eq!(
            verdict("ca.pem", &["sha1.pem"], local, today),
            Some(CertRefusal::Outdated)
        );
        assert_eq!(
            verdict("self-signed.pem", &["self-signed.pem"], local, today),
            Some(CertRefusal::AuthorityAsServer)
        );
        assert_eq!(
            verdict("self-signed.pem", &["server.pem"], local, today),
            Some(CertRefusal::NotTrusted)
        );
        assert_eq!(
            verdict("ca.pem", &["server.pem"], local, day("2127-01-01")),
            Some(CertRefusal::Expired(date("2126-11-06")))
        );
        assert_eq!(
            verdict("ca.pem", &["server.pem"], local, day("2025-01-01")),
            Some(CertRefusal::NotYetValid(date("2026-11-30")))
        );
        // Through an intermediate authority valid one year, the server's
        // certificate a hundred: the intermediate's dates are its own.
        let through = ["chain-server.pem", "chain-intermediate.pem"];
        assert_eq!(verdict("chain-root.pem", &through, local, today), None);
        assert_eq!(
            verdict("chain-root.pem", &through, local, day("2028-06-30")),
            Some(CertRefusal::AuthorityExpired(date("2027-11-30")))
        );
        assert_eq!(
            verdict("chain-root.pem", &through, local, day("2127-01-01")),
            Some(CertRefusal::Expired(date("2126-11-06")))
        );
        assert_eq!(
            verdict("chain-root.pem", &["chain-server.pem"], local, today),
            Some(CertRefusal::NotTrusted)
        );

        // Each has its own sentence, which names what to do.
        let url = "postgresql://ana@db.example/suivi";
        let said = |r: CertRefusal, host: &str, lang| {
            r.message(url.to_string(), host.to_string()).text(lang)
        };
        use crate::cli::Lang::{En, Fr};
        for (refusal, host, en, fr) in [
            (
                CertRefusal::NotTrusted,
                "db.example",
                "not signed by a trusted",
                "pas signé",
            ),
            (
                CertRefusal::WrongHost,
                "db.example",
                "not made out to \"db.example\"",
                "« db.example »",
            ),
            (
                CertRefusal::NoHostName,
                "db.example",
                "subjectAltName = DNS:db.example",
                "DNS:db.example",
            ),
            (
                CertRefusal::NoHostName,
                "10.0.0.5",
                "subjectAltName = IP:10.0.0.5",
                "IP:10.0.0.5",
            ),
            (
                CertRefusal::NoHostName,
                "::1",
                "subjectAltName = IP:::1",
                "IP:::1",
            ),
            (CertRefusal::Outdated, "db.example", "SHA-256", "SHA-256"),
            (
                CertRefusal::AuthorityAsServer,
                "db.example",
                "server certificate it signs",
                "CA:TRUE",
            ),
            (
                CertRefusal::Expired(date("2126-11-06")),
                "db.example",
                "expired on 2126-11-06",
                "a expiré le 06/11/2126",
            ),
            (
                CertRefusal::NotYetValid(date("2026-11-30")),
                "db.example",
                "valid only from 2026-11-30",
                "à partir du 30/11/2026",
            ),
            (
                CertRefusal::AuthorityExpired(date("2027-11-30")),
                "db.example",
                "intermediate authority",
                "a expiré le 30/11/2027",
            ),
            (
                CertRefusal::AuthorityNotYetValid(date("2027-11-30")),
                "db.example",
                "intermediate authority",
                "à partir du 30/11/2027",
            ),
        ] {
            let text = said(refusal, host, En);
            assert!(text.contains(en) && text.contains(url), "{text}");
            let text = said(refusal, host, Fr);
            assert!(text.contains(fr) && text.contains(url), "{text}");
        }
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn p(url: &str) -> Target {
        parse(url, &env_of(&[("HOME", "/home/ana")])).unwrap()
    }

    #[test]
    fn urls_read_like_libpq() {
        let t = p("postgres://ana@db.example.org/suivi");
        assert_eq!(t.user, "ana");
        assert_eq!(t.host, Host::Tcp("db.example.org".into()));
        assert_eq!(t.port, 5432);
        assert_eq!(t.dbname, "suivi");
        assert_eq!(t.sslmode, SslMode::Prefer);
        assert_eq!(t.password, None);

        let t = p(
            "postgresql://ana:s%3Acr%40t@10.0.0.5:6543/nat?sslmode=verify-full&sslrootcert=/etc/ca.pem",
        );
        assert_eq!(t.password.as_deref(), Some("s:cr@t"));
        assert_eq!(t.host, Host::Tcp("10.0.0.5".into()));
        assert_eq!(t.port, 6543);
        assert_eq!(t.dbname, "nat");
        assert_eq!(t.sslmode, SslMode::VerifyFull);
        assert_eq!(t.sslrootcert.as_deref(), Some("/etc/ca.pem"));

        let t = p("postgresql://postgres@/postgres?host=/tmp/pgdev");
        assert_eq!(t.host, Host::Socket("/tmp/pgdev".into()));
        assert_eq!(t.place(), "/tmp/pgdev/.s.PGSQL.5432");

        let t = p("postgresql://u@%2Fvar%2Frun%2Fpg:5433/d");
        assert_eq!(t.host, Host::Socket("/var/run/pg".into()));
        assert_eq!(t.port, 5433);

        let t = p("postgres://u@[::1]:5000/d");
        assert_eq!(t.host, Host::Tcp("::1".into()));
        assert_eq!(t.place(), "[::1]:5000");
    }

    #[test]
    fn the_environment_fills_what_the_url_leaves_out() {
        let env = env_of(&[
            ("PGHOST", "pg.local"),
            ("PGPORT", "5999"),
            ("PGUSER", "omar"),
            ("PGPASSWORD", "pw"),
            ("PGSSLMODE", "require"),
        ]);
        let t = parse("postgres://", &env).unwrap();
        assert_eq!(t.host, Host::Tcp("pg.local".into()));
        assert_eq!(t.port, 5999);
        assert_eq!(t.user, "omar");
        // The database defaults to the user's name.
        assert_eq!(t.dbname, "omar");
        assert_eq!(t.password.as_deref(), Some("pw"));
        assert_eq!(t.sslmode, SslMode::Require);
        // The URL wins over the environment.
        let t = parse("postgres://ana:x@h:1/db?sslmode=disable", &env).unwrap();
        assert_eq!(
            (t.user.as_str(), t.password.as_deref(), t.port, t.sslmode),
            ("ana", Some("x"), 1, SslMode::Disable)
        );
        // With no user anywhere, the operating-system user.
        let t = parse("postgres://h/db", &env_of(&[])).unwrap();
        assert_eq!(Some(t.user), os_user());
    }

    #[test]
    fn malformed_urls_are_refused_without_the_password() {
        for bad in [
            "mysql://a@b/c",
            "postgres://a:secret@h:99999/d",
            "postgres://a:secret@h/d?sslmode=sometimes",
            "postgres://a:secret@h/d?colour=blue",
            "postgres://a:secret@h/d%zz",
            "postgres://a:secret@h1,h2/d",
        ] {
            let e = parse(bad, &env_of(&[])).unwrap_err().to_string();
            assert!(!e.contains("secret"), "{e}");
        }
    }

    #[test]
    fn redaction_hides_every_password() {
        assert_eq!(
            redact("postgres://ana:s3cret@h:5432/db"),
            "postgres://ana:***@h:5432/db"
        );
        assert_eq!(
            redact("postgresql://ana:p@ss@h/db?password=x&sslmode=require"),
            "postgresql://ana:***@h/db?password=***&sslmode=require"
        );
        assert_eq!(redact("postgres://ana@h/db"), "postgres://ana@h/db");
        assert_eq!(redact("postgres://h"), "postgres://h");
        assert_eq!(redact("suivi.db"), "suivi.db");
        assert_eq!(redact("/tmp/a:b@c.db"), "/tmp/a:b@c.db");
    }

    #[test]
    fn pgpass_first_matching_line_wins() {
        let t = p("postgres://ana@db.example.org:5432/suivi");
        let file = "# comment\n\
                    other.host:5432:suivi:ana:wrong\n\
                    db.example.org:5432:suivi:omar:wrong\n\
                    db.example.org:*:suivi:ana:right\n\
                    *:*:*:*:fallback\n";
        assert_eq!(pgpass_lookup(file, &t).as_deref(), Some("right"));
        let t2 = p("postgres://zoe@elsewhere/x");
        assert_eq!(pgpass_lookup(file, &t2).as_deref(), Some("fallback"));
        assert_eq!(pgpass_lookup("h:1:d:u\n", &t), None);
    }

    #[test]
    fn pgpass_escapes_and_sockets() {
        // `\:` and `\\` stand for themselves; the password may hold colons.
        let t = Target {
            user: "a:b".into(),
            ..p("postgres://x@h/db")
        };
        let file = "h:5432:db:a\\:b:pa\\\\ss:word\n";
        assert_eq!(pgpass_lookup(file, &t).as_deref(), Some("pa\\ss:word"));
        // A socket in another folder matches that folder's path.
        let t = p("postgres://u@/db?host=/tmp/pgdev");
        assert_eq!(
            pgpass_lookup("localhost:5432:db:u:no\n/tmp/pgdev:5432:db:u:yes\n", &t).as_deref(),
            Some("yes")
        );
        // The default socket folder matches `localhost`.
        let t = Target {
            host: Host::Socket(default_socket_dir()),
            ..t
        };
        assert_eq!(
            pgpass_lookup("localhost:5432:db:u:local\n", &t).as_deref(),
            Some("local")
        );
    }

    #[test]
    fn pgpass_readable_by_others_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pass");
        std::fs::write(&file, "*:*:*:*:pw\n").unwrap();
        let path = file.to_string_lossy().into_owned();
        let env = env_of(&[("PGPASSFILE", path.as_str())]);
        let t = p("postgres://u@h/db");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(pgpass_password(&t, &env).as_deref(), Some("pw"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(pgpass_password(&t, &env), None);
    }

    /// Against the server of `SUIVI_TEST_PG` (a URL over a Unix socket, as
    /// `.ci/run` sets it); skipped without it.
    #[test]
    fn connects_and_names_what_went_wrong() {
        let Ok(url) = std::env::var("SUIVI_TEST_PG") else {
            return;
        };
        let mut c = connect(&url).unwrap();
        let one: i32 = c.query_one("SELECT 1", &[]).unwrap().get(0);
        assert_eq!(one, 1);
        let t = parse(&url, &|k| std::env::var(k).ok()).unwrap();
        let Host::Socket(dir) = &t.host else {
            return;
        };
        let dir = dir.display().to_string();
        let e = connect(&format!(
            "postgresql://{}@/pgedge_no_such_db?host={dir}",
            t.user
        ))
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("pgedge_no_such_db") && e.contains("does not exist"),
            "{e}"
        );
        let e = connect(&format!(
            "postgresql://pgedge_nobody:secret@/postgres?host={dir}"
        ))
        .err()
        .unwrap()
        .to_string();
        assert!(
            e.contains("refused the login") && !e.contains("secret"),
            "{e}"
        );
        let e = connect(&format!("postgresql://u@/d?host={dir}&port=1"))
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("cannot reach") && e.contains(".s.PGSQL.1"),
            "{e}"
        );
        let e = connect("postgresql://u@127.0.0.1:1/d?connect_timeout=3")
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains("cannot reach") && e.contains("127.0.0.1:1"),
            "{e}"
        );
    }
}
