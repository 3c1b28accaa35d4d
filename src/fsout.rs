//! The one writer of files. Every file suivi writes (exports, reports, templates,
//! rejects, backups, the demo) goes through [`write_file`]: the bytes go to a
//! temporary file in the target folder, created readable by its owner only, are
//! synced to the disk, then renamed over the target. So a failure (full disk,
//! permission, size limit) leaves no file and no half-written one, and:
//!
//! - an existing symbolic link is never followed: suivi refuses to write through it;
//! - the database (and its `-journal`, `-wal`, `-shm` companions) and the file
//!   being read are never written over, compared by device and inode (so another
//!   name for the same file is caught) and by name (for a companion not there yet);
//! - anything that is not a regular file (a folder, a FIFO, a device) is refused;
//! - a write interrupted by Ctrl-C, `kill` or a closed terminal removes its
//!   temporary file before the process ends ([`remove_temporaries_on_interrupt`]).

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::messages::Msg;

/// Files that must never be written over, with why (for the message).
static PROTECTED: Mutex<Vec<(PathBuf, Role)>> = Mutex::new(Vec::new());

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The permissions of the files suivi writes: owner only, like the database,
/// unless `--mode` says otherwise.
static MODE: AtomicU32 = AtomicU32::new(0o600);

/// Sets the permissions of the files written from now on (`--mode`).
pub fn set_mode(mode: u32) {
    MODE.store(mode & 0o777, Ordering::Relaxed);
}

/// Reads `--mode`: octal permissions such as `600` or `0640`. Files that anyone
/// may change are refused: what suivi writes holds names and figures.
pub fn parse_mode(text: &str) -> Result<u32, String> {
    let digits = text.trim().trim_start_matches("0o");
    let mode = u32::from_str_radix(digits, 8)
        .ok()
        .filter(|m| *m <= 0o777 && !digits.is_empty())
        .ok_or_else(|| {
            format!("\"{text}\" is not a file mode: give octal permissions such as 600 or 640")
        })?;
    if mode & 0o002 != 0 {
        return Err(format!(
            "{text}: files that anyone may change are not written (drop the last digit's write bit, e.g. 644)"
        ));
    }
    if mode & 0o600 != 0o600 {
        return Err(format!(
            "{text}: the owner must be able to read and write the file (e.g. 600, 640)"
        ));
    }
    Ok(mode)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Database,
    Input,
}

/// A write refused or failed; the message is one sentence for a person.
#[derive(Debug)]
pub enum WriteError {
    Symlink(PathBuf),
    Database(PathBuf),
    Input(PathBuf),
    NotAFile(PathBuf),
    Exists(PathBuf),
    /// The OS error is said in words (`io_sentence`), not chained: its text
    /// ends with an error code.
    Io {
        path: PathBuf,
        err: io::Error,
    },
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = |p: &Path| p.display().to_string();
        let m = match self {
            WriteError::Symlink(p) => Msg::WriteSymlink { path: path(p) },
            WriteError::Database(p) => Msg::WriteIsDatabase { path: path(p) },
            WriteError::Input(p) => Msg::WriteIsInput { path: path(p) },
            WriteError::NotAFile(p) => Msg::WriteNotAFile { path: path(p) },
            WriteError::Exists(p) => Msg::WriteExists { path: path(p) },
            WriteError::Io { path: p, err } => Msg::CannotWrite {
                path: path(p),
                why: io_sentence(err),
            },
        };
        write!(f, "{m}")
    }
}

impl std::error::Error for WriteError {}

impl WriteError {
    /// Why, without the file's name nor "nothing was written", for a
    /// sentence of its own.
    pub fn why(&self) -> String {
        match self {
            WriteError::Io { err, .. } => io_sentence(err),
            other => other.to_string(),
        }
    }

    pub(crate) fn io(path: &Path, source: io::Error) -> WriteError {
        WriteError::Io {
            path: path.to_path_buf(),
            err: source,
        }
    }

    /// A write of `path` that failed: the refusal carried inside the I/O
    /// error (a check made just before the rename), or the I/O error itself.
    fn of(path: &Path, e: io::Error) -> WriteError {
        match e.downcast::<WriteError>() {
            Ok(w) => w,
            Err(e) => WriteError::io(path, e),
        }
    }
}

/// The reason of an I/O failure in words, without the OS error code.
pub fn io_sentence(e: &io::Error) -> String {
    use io::ErrorKind as K;
    let m = match e.kind() {
        K::StorageFull => Msg::IoDiskFull,
        K::PermissionDenied => Msg::IoPermissionDenied,
        K::ReadOnlyFilesystem => Msg::IoReadOnlyFs,
        K::NotFound => Msg::IoNotFound,
        K::FileTooLarge => Msg::IoFileTooLarge,
        K::QuotaExceeded => Msg::IoQuotaExceeded,
        K::IsADirectory => Msg::IoIsAFolder,
        K::NotADirectory => Msg::IoNotAFolder,
        K::InvalidFilename => Msg::IoNameTooLong,
        _ => {
            // The OS text without its "(os error N)" tail, said as the system's.
            let text = e.to_string();
            Msg::IoOther {
                text: match text.find(" (os error") {
                    Some(i) => text[..i].to_string(),
                    None => text,
                },
            }
        }
    };
    m.to_string()
}

/// Registers a file that must never be written over: the database (its journal
/// companions are added) or the input being read.
pub fn protect(path: &Path, role: Role) {
    let mut list = PROTECTED.lock().unwrap_or_else(|p| p.into_inner());
    let mut add = |p: PathBuf| {
        if !list.iter().any(|(q, _)| *q == p) {
            list.push((p, role));
        }
    };
    add(path.to_path_buf());
    if role == Role::Database {
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut name: OsString = path.as_os_str().to_owned();
            name.push(suffix);
            add(PathBuf::from(name));
        }
    }
}

/// The checks made before writing `path`; public so a writer that cannot go
/// through [`write_file`] (the SQLite backup) makes the same ones.
pub fn check_target(path: &Path) -> Result<(), WriteError> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(WriteError::io(path, e)),
    };
    if let Some(m) = &meta {
        if m.file_type().is_symlink() {
            return Err(WriteError::Symlink(path.to_path_buf()));
        }
        if !m.is_file() {
            return Err(WriteError::NotAFile(path.to_path_buf()));
        }
    }
    let list = PROTECTED.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let target_name = resolved_name(path);
    for (protected, role) in &list {
        let same_inode = match (&meta, fs::metadata(protected)) {
            (Some(m), Ok(p)) => same_file(m, &p),
            _ => false,
        };
        let same_name = target_name.is_some() && target_name == resolved_name(protected);
        if same_inode || same_name {
            return Err(match role {
                Role::Database => WriteError::Database(path.to_path_buf()),
                Role::Input => WriteError::Input(path.to_path_buf()),
            });
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// The path with its folder resolved (links and `..` in the folder followed), the
/// file name kept: two names for one future file compare equal.
fn resolved_name(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(parent).ok()?.join(name))
}

/// Temporary files being written, for [`remove_temporaries_on_interrupt`]'s
/// handler: each slot a path as a C string, or null. The strings are never
/// freed (a handler may read one at any moment; a process writes few files).
#[cfg(unix)]
static PENDING: [std::sync::atomic::AtomicPtr<libc::c_char>; 8] =
    [const { std::sync::atomic::AtomicPtr::new(std::ptr::null_mut()) }; 8];

/// A temporary file's place in [`PENDING`] while it is being written.
struct Pending(Option<usize>);

impl Pending {
    fn register(path: &Path) -> Pending {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            use std::sync::atomic::Ordering::SeqCst;
            let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
                return Pending(None);
            };
            let text = c.into_raw();
            for (i, slot) in PENDING.iter().enumerate() {
                if slot
                    .compare_exchange(std::ptr::null_mut(), text, SeqCst, SeqCst)
                    .is_ok()
                {
                    return Pending(Some(i));
                }
            }
            // SAFETY: `text` came from `CString::into_raw` above and was not shared.
            drop(unsafe { std::ffi::CString::from_raw(text) });
        }
        Pending(None)
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(i) = self.0 {
            PENDING[i].store(std::ptr::null_mut(), std::sync::atomic::Ordering::SeqCst);
        }
    }
}

/// A new SQLite file being built in place (`Db::create`'s until the caller
/// says it is finished: `init`, `db copy`, `demo`): removed with its journal
/// if the process is interrupted while this lives.
pub struct BuiltInPlace {
    _file: Pending,
    _journal: Pending,
}

/// Marks `path`, a new SQLite file this process builds, to be removed (with
/// its `-journal`) if Ctrl-C, `kill` or a closed terminal stops the process
/// before the returned guard is dropped.
pub fn remove_if_interrupted(path: &Path) -> BuiltInPlace {
    BuiltInPlace {
        _file: Pending::register(path),
        _journal: Pending::register(&journal_of(path)),
    }
}

/// The rollback journal SQLite keeps beside the database file `path` while
/// it writes.
pub fn journal_of(path: &Path) -> PathBuf {
    let mut journal = path.as_os_str().to_owned();
    journal.push("-journal");
    PathBuf::from(journal)
}

/// Removes a database file this process made and could not finish, with its
/// journal, when they are there.
pub fn remove_with_journal(path: &Path) {
    let _ = fs::remove_file(path);
    let _ = fs::remove_file(journal_of(path));
}

/// A temporary file beside a target, known to the interrupt handler until
/// this is dropped (once the file was renamed or removed).
struct Temp {
    path: PathBuf,
    _pending: Pending,
}

impl AsRef<Path> for Temp {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

/// Makes Ctrl-C (SIGINT), SIGTERM and SIGHUP remove the temporary files being
/// written before the process ends as the signal would have ended it (a
/// signal the process was started ignoring stays ignored). Call it once, early.
pub fn remove_temporaries_on_interrupt() {
    #[cfg(unix)]
    for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
        // SAFETY: sigaction with zeroed structures read or filled here; the
        // handler only calls async-signal-safe functions on strings that are
        // never freed.
        unsafe {
            let mut before: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, std::ptr::null(), &mut before) != 0
                || before.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            let mut handler: libc::sigaction = std::mem::zeroed();
            handler.sa_sigaction = on_interrupt as *const () as libc::sighandler_t;
            handler.sa_flags = libc::SA_RESTART;
            libc::sigemptyset(&mut handler.sa_mask);
            libc::sigaction(sig, &handler, std::ptr::null_mut());
        }
    }
}

#[cfg(unix)]
extern "C" fn on_interrupt(sig: libc::c_int) {
    for slot in &PENDING {
        let path = slot.load(std::sync::atomic::Ordering::SeqCst);
        if !path.is_null() {
            // SAFETY: a NUL-terminated string that is never freed.
            unsafe { libc::unlink(path) };
        }
    }
    // SAFETY: async-signal-safe; the default action ends the process.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// A temporary file beside `path`, created 0600 and never over an existing file.
fn create_temp(path: &Path) -> Result<(File, Temp), WriteError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.suivi-{}-{n}.tmp", std::process::id()));
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        // Known to the interrupt handler before it exists: a signal right
        // after the file is made removes it too.
        let pending = Pending::register(&tmp);
        match opts.open(&tmp) {
            Ok(f) => {
                // Exactly the mode asked for, whatever the umask.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    let mode = MODE.load(Ordering::Relaxed);
                    if let Err(e) = f.set_permissions(fs::Permissions::from_mode(mode)) {
                        let _ = fs::remove_file(&tmp);
                        return Err(WriteError::io(path, e));
                    }
                }
                return Ok((
                    f,
                    Temp {
                        path: tmp,
                        _pending: pending,
                    },
                ));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(WriteError::io(path, e)),
        }
    }
}

/// Whether `path`'s folder takes a new file now (it exists, is writable,
/// has room for one), tried by making and removing a temporary file there:
/// for a file that will be written later, once what it holds is known.
pub fn try_folder(path: &Path) -> Result<(), WriteError> {
    check_target(path)?;
    let (file, tmp) = create_temp(path)?;
    drop(file);
    let _ = fs::remove_file(&tmp);
    Ok(())
}

/// Writes a file whole or not at all (see the module documentation); `fill`
/// writes the content. Replaces an existing regular file.
pub fn write_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), WriteError> {
    prepare_file(path, fill)?.place()
}

/// A file written whole and synced under its temporary name, not yet in
/// place: [`Prepared::place`] renames it over its target; dropped, it is removed.
/// For a file that must be complete before something else is done (an
/// import's rejects file, before the import commits), and in place after.
pub struct Prepared {
    target: PathBuf,
    tmp: Option<Temp>,
}

impl Prepared {
    /// Puts the file in place (replacing an existing regular file).
    pub fn place(mut self) -> Result<(), WriteError> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let path = self.target.as_path();
        let result = (|| {
            // The checks again, just before the rename: the target may have become a link.
            check_target(path).map_err(io::Error::other)?;
            fs::rename(&tmp, path)?;
            sync_dir(path);
            Ok(())
        })();
        result.map_err(|e: io::Error| {
            let _ = fs::remove_file(&tmp);
            WriteError::of(path, e)
        })
    }
}

impl Drop for Prepared {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// [`write_file`] up to the rename: the file is written and synced under
/// its temporary name.
pub fn prepare_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Prepared, WriteError> {
    check_target(path)?;
    let (file, tmp) = create_temp(path)?;
    let result = (|| {
        let mut w = BufWriter::new(file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(Prepared {
            target: path.to_path_buf(),
            tmp: Some(tmp),
        }),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(WriteError::of(path, e))
        }
    }
}

/// [`write_file`] of bytes already in memory.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_file(path, |w| w.write_all(bytes))
}

/// [`write_file`] whose content writer may fail for reasons of its own (a
/// database read, a value refused): the file is then not written and that error
/// is returned; an I/O error while writing gets the one-sentence message.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut failure = None;
    let written = write_file(path, |w| match fill(w) {
        Ok(()) => Ok(()),
        Err(e) => match e.downcast::<io::Error>() {
            Ok(io) => Err(io),
            Err(other) => {
                failure = Some(other);
                Err(io::Error::other(Msg::IoContentFailed.to_string()))
            }
        },
    });
    match (written, failure) {
        (_, Some(e)) => Err(e),
        (Err(e), None) => Err(e.into()),
        (Ok(()), None) => Ok(()),
    }
}

/// Makes a new file (never replacing one) through `make`, which receives a
/// temporary path beside it to fill (the SQLite backup writes to a path); the
/// temporary file is linked to `path` only once complete, or removed.
pub fn create_new_with(
    path: &Path,
    make: impl FnOnce(&Path) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    check_target(path)?;
    if fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(path.to_path_buf()).into());
    }
    let (file, tmp) = create_temp(path)?;
    drop(file);
    // The SQLite backup writes a journal beside its file while it runs.
    let _journal = Pending::register(&journal_of(&tmp.path));
    let result = (|| -> anyhow::Result<()> {
        make(tmp.as_ref())?;
        File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| WriteError::io(path, e))?;
        check_target(path)?;
        // A hard link never replaces an existing file, unlike rename.
        fs::hard_link(&tmp, path).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                WriteError::io(path, e)
            }
        })?;
        sync_dir(path);
        Ok(())
    })();
    let _ = fs::remove_file(&tmp);
    result
}

/// Syncs the folder so the rename survives a power cut; best effort.
fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        write_bytes(&p, b"a,b\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"a,b\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // Replaced whole, and no temporary file is left behind.
        write_bytes(&p, b"c\n").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"c\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_prepared_file_is_at_its_target_only_once_placed_and_gone_if_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rejets.csv");
        write_bytes(&p, b"old\n").unwrap();
        let names = || -> Vec<String> {
            let mut n: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            n.sort();
            n
        };
        let prepared = prepare_file(&p, |w| w.write_all(b"new\n")).unwrap();
        // Written and synced beside the target, which is untouched until placed.
        assert_eq!(fs::read(&p).unwrap(), b"old\n");
        assert_eq!(names().len(), 2, "{:?}", names());
        prepared.place().unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"new\n");
        assert_eq!(names(), ["rejets.csv"]);
        // Dropped without being placed (the import failed): nothing is left.
        drop(prepare_file(&p, |w| w.write_all(b"never\n")).unwrap());
        assert_eq!(fs::read(&p).unwrap(), b"new\n");
        assert_eq!(names(), ["rejets.csv"]);
    }

    #[test]
    fn a_failed_fill_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.csv");
        let err = write_file(&p, |_| Err(io::Error::from(io::ErrorKind::StorageFull)));
        let msg = err.unwrap_err().to_string();
        assert!(
            msg.contains("the disk is full; nothing was written"),
            "{msg}"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_and_protected_files() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep").unwrap();
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let msg = write_bytes(&link, b"x").unwrap_err().to_string();
        assert!(msg.contains("is a symbolic link"), "{msg}");
        assert_eq!(fs::read(&victim).unwrap(), b"keep");

        let db = dir.path().join("protected.db");
        fs::write(&db, "db").unwrap();
        protect(&db, Role::Database);
        let msg = write_bytes(&db, b"x").unwrap_err().to_string();
        assert!(msg.contains("is the database itself"), "{msg}");
        // Another name for it, and a journal that does not exist yet.
        let hard = dir.path().join("other-name.csv");
        fs::hard_link(&db, &hard).unwrap();
        assert!(matches!(
            write_bytes(&hard, b"x"),
            Err(WriteError::Database(_))
        ));
        let journal = dir.path().join("sub/../protected.db-journal");
        fs::create_dir(dir.path().join("sub")).unwrap();
        assert!(matches!(
            write_bytes(&journal, b"x"),
            Err(WriteError::Database(_))
        ));
        assert_eq!(fs::read(&db).unwrap(), b"db");
    }

    #[test]
    fn create_new_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("copy.db");
        create_new_with(&p, |tmp| Ok(fs::write(tmp, "one")?)).unwrap();
        let err = create_new_with(&p, |tmp| Ok(fs::write(tmp, "two")?)).unwrap_err();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(fs::read(&p).unwrap(), b"one");
        // A failed make leaves no file, so a retry works.
        let q = dir.path().join("failed.db");
        assert!(create_new_with(&q, |_| anyhow::bail!("boom")).is_err());
        assert!(!q.exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
