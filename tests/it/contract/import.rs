//! `sortie import openapi`: the Swagger Petstore (3.0 YAML and 3.1 JSON, written from the
//! published sample) loads for `--openapi` and imports into specs `sortie check` accepts; an
//! httpbin document imports into specs that pass against httpbin with `--openapi`.

use std::path::Path;

use super::{fixture, sortie_in};
use crate::support::{httpbin, TempDir};

fn spec_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_petstore_loads_and_imports_into_specs_sortie_check_accepts() {
    let bin = httpbin();
    for (document, title) in [
        ("public/petstore-3.0.yaml", "swagger-petstore-openapi-3.0"),
        ("public/petstore-3.1.json", "swagger-petstore-openapi-3.1"),
    ] {
        let dir = TempDir::new("import-petstore");
        let doc = fixture(document);
        let doc = doc.to_str().unwrap();
        // The document loads: every response schema compiles, its 19 operations counted.
        dir.write("one.hurl", "GET {{base}}/get\nHTTP 200\n");
        let base = format!("base={}", bin.url(""));
        let out = sortie_in(
            &dir,
            &["test", "one.hurl", "--variable", &base, "--openapi", doc],
        );
        out.assert_code(0);
        out.err_has(
            "contract: 0/19 operations, 0/64 documented responses exercised, 1 undocumented request\n",
        );

        let out = sortie_in(&dir, &["import", "openapi", doc]);
        out.assert_code(0);
        // Without --out: a folder named after the document's title.
        let folder = dir.path(title);
        assert_eq!(
            spec_names(&folder),
            ["pet.sortie", "store.sortie", "user.hurl", "variables.env"],
            "{}",
            out.stderr
        );
        out.err_has(&format!(
            "check every response against the document: add --openapi {doc}\n"
        ));
        let out = sortie_in(&dir, &["check", title]);
        out.assert_code(0);
        let pet = std::fs::read_to_string(folder.join("pet.sortie")).unwrap();
        assert!(
            pet.contains("# Find pet by ID.\nGET {{base_url}}/pet/"),
            "{pet}"
        );
        // The API key scheme is a connection; the implicit OAuth flow a TODO.
        assert!(
            pet.contains("[Connection api_key]\ntype: api-key\n"),
            "{pet}"
        );
        assert!(
            pet.contains("# TODO: PUT /pet uses an OAuth 2.0 flow"),
            "{pet}"
        );
        assert_eq!(pet.matches("\nHTTP 200\n").count(), 8, "{pet}");
        // Again: the files are there now.
        let out = sortie_in(&dir, &["import", "openapi", doc]);
        out.assert_code(1);
        out.err_has("already exists: choose another --out folder, or --force to overwrite");
        sortie_in(&dir, &["import", "openapi", doc, "--force"]).assert_code(0);
    }
}

#[test]
fn an_imported_httpbin_document_runs_and_conforms() {
    let bin = httpbin();
    let dir = TempDir::new("import-httpbin");
    let doc =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/openapi/httpbin.openapi.json");
    let doc = doc.to_str().unwrap();
    let out = sortie_in(&dir, &["import", "openapi", doc, "--out", "specs"]);
    out.assert_code(0);
    dir.write("specs/doc.bin", "binary part\n");
    let base = format!("base_url={}", bin.url(""));
    let out = sortie_in(
        &dir,
        &[
            "test",
            "specs",
            "--variables-file",
            "specs/variables.env",
            "--variable",
            &base,
            "--variable",
            "basicauth_username=user",
            "--variable",
            "basicauth_password=passwd",
            "--variable",
            "bearerauth_token=any",
            "--variable",
            "apikeyheader_api_key=any",
            "--variable",
            "apikeyquery_api_key=any",
            "--openapi",
            doc,
        ],
    );
    out.assert_code(0);
    out.err_has("entries:  10 passed, 0 failed");
    out.err_has("contract: 10/10 operations, 10/13 documented responses exercised, 0 undocumented requests\n");
}

#[test]
fn what_cannot_be_imported_is_an_input_error() {
    let dir = TempDir::new("import-errors");
    dir.write(
        "swagger.json",
        r#"{"swagger": "2.0", "info": {"title": "x"}, "paths": {}}"#,
    );
    dir.write(
        "nothing.yaml",
        "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
    );
    dir.write("garbage.yaml", "openapi: [\n");
    for (file, message) in [
        ("swagger.json", "unsupported OpenAPI version 2.0"),
        ("nothing.yaml", "the document has no operation"),
        ("garbage.yaml", "the document is neither JSON nor YAML"),
        ("missing.yaml", "cannot read"),
    ] {
        let out = sortie_in(&dir, &["import", "openapi", file, "--out", "out"]);
        out.assert_code(2);
        out.err_has(message);
        out.err_has(file);
        assert!(!dir.path("out").exists());
    }
}
