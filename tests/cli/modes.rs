//! The permissions of the files suivi writes: owner only unless `--mode`.

use crate::harness::*;

#[test]
fn written_files_take_the_mode_asked_for_and_never_a_world_writable_one() {
    let s = Suivi::new().with_houses();
    let private = s.path("maisons.csv");
    s.cmd(&["export", "houses", "--out", private.to_str().unwrap()])
        .stderr_contains("maisons.csv")
        .run();
    assert_eq!(mode(&private), 0o600);
    let shared = s.path("maisons-groupe.csv");
    s.cmd(&[
        "--mode",
        "640",
        "export",
        "houses",
        "--out",
        shared.to_str().unwrap(),
    ])
    .stderr_contains("maisons-groupe.csv")
    .run();
    assert_eq!(mode(&shared), 0o640);
    let open = s.path("ouvert.csv");
    s.cmd(&[
        "--mode",
        "666",
        "export",
        "houses",
        "--out",
        open.to_str().unwrap(),
    ])
    .status(2)
    .stderr_contains("anyone may change")
    .run();
    assert!(!open.exists());
    s.cmd(&["--mode", "rw", "export", "houses"])
        .status(2)
        .stderr_contains("not a file mode")
        .run();
}
