//! With files running in parallel and `--verbose`, the output of one file is one contiguous
//! block: no two files' lines interleave.

use crate::support::{sortie, Reply, TempDir, TestServer};

#[test]
fn four_files_in_parallel_print_one_block_each() {
    // Each request waits a little, so the four files' requests overlap in time.
    let server = TestServer::start(|_, _| {
        std::thread::sleep(std::time::Duration::from_millis(15));
        Reply::json(serde_json::json!({"ok": true}))
    });
    let dir = TempDir::new("output-blocks");
    let names = ["alpha", "bravo", "charlie", "delta"];
    for name in names {
        let mut spec = String::new();
        for n in 0..6 {
            spec.push_str(&format!(
                "GET {}\nHTTP 200\n\n",
                server.url(&format!("/{name}/{n}"))
            ));
        }
        // The last entry of each file fails, so its failure is part of its block too.
        spec.push_str(&format!(
            "GET {}\nHTTP 201\n",
            server.url(&format!("/{name}/last"))
        ));
        std::fs::write(dir.join(format!("{name}.hurl")), spec).unwrap();
    }
    let out = sortie()
        .args([
            "test",
            dir.to_str().unwrap(),
            "--jobs",
            "4",
            "--verbose",
            "--no-progress",
            "--max-time",
            "10",
        ])
        .output()
        .expect("run sortie");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert_eq!(server.count(), 4 * 7, "{stderr}");
    // Which file each line belongs to, for the lines that name one: requests (`> GET
    // …/alpha/0`) and failures (`--> …/alpha.hurl:…`).
    let owners: Vec<&str> = stderr
        .lines()
        .filter_map(|line| {
            names
                .iter()
                .copied()
                .find(|n| line.contains(&format!("/{n}")))
        })
        .collect();
    assert_eq!(
        owners.len(),
        4 * (7 + 1),
        "7 requests and one failure per file:\n{stderr}"
    );
    // Each file's lines form one run: a file seen before never comes back.
    let mut seen: Vec<&str> = Vec::new();
    for owner in owners {
        if seen.last() != Some(&owner) {
            assert!(
                !seen.contains(&owner),
                "the lines of {owner} are split:\n{stderr}"
            );
            seen.push(owner);
        }
    }
    assert_eq!(seen.len(), 4, "{stderr}");
}
