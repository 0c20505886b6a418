//! Contract benchmark: validates 10,000 responses against a JSON Schema (compiled once, and
//! looked up in the run's cache each time, as `matchesSchema` does) and through OpenAPI
//! response checks (route match, body parse, validation), and prints the time per response.
//!
//! Run with `cargo bench --bench contract`. Figures only: nothing here asserts on time.

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};
use sortie::contract::{
    validate_many, CompiledSchema, OpenApi, ResponseInput, SchemaCache, SchemaSource,
    SchemaViolation,
};

const COUNT: usize = 10_000;

/// One instance in ten is invalid (bad email, negative age), for the error path.
fn instance(i: usize) -> Value {
    let bad = i.is_multiple_of(10);
    json!({
        "name": format!("person {i}"),
        "email": if bad { "nope".to_string() } else { format!("p{i}@example.com") },
        "age": if bad { -1 } else { (i % 100) as i64 },
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "born": "1990-01-02T03:04:05Z",
        "tags": ["admin", "staff"]
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/contract");
    let schema_path = fixtures.join("schemas/person.draft4.json");
    let instances: Vec<Value> = (0..COUNT).map(instance).collect();

    let start = Instant::now();
    let compiled = CompiledSchema::compile(&SchemaSource::File(&schema_path))?;
    println!(
        "compile the schema once: {:.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    let direct: usize = instances.iter().map(|v| compiled.validate(v).len()).sum();
    report("JSON Schema, compiled schema", start, direct);

    let cache = SchemaCache::new();
    let start = Instant::now();
    let results = validate_many(&cache, &SchemaSource::File(&schema_path), &instances)?;
    report(
        "matchesSchema file,…; (run cache hit each time)",
        start,
        count(&results),
    );

    let text = std::fs::read_to_string(&schema_path)?;
    let source = SchemaSource::Text {
        text: &text,
        base_dir: None,
    };
    let start = Instant::now();
    let results = validate_many(&cache, &source, &instances)?;
    report(
        "matchesSchema inline schema (run cache)",
        start,
        count(&results),
    );

    let start = Instant::now();
    let api = OpenApi::load(&fixtures.join("openapi/petstore.v30.yaml"))?;
    let schemas = api.compile_all()?;
    println!(
        "load + compile the OpenAPI document's {schemas} response schemas: {:.2} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("X-Total-Count".to_string(), "1".to_string()),
    ];
    let bodies: Vec<String> = (0..COUNT)
        .map(|i| {
            let skill = if i.is_multiple_of(10) { "none" } else { "lazy" };
            json!([{"id": i, "name": "Tom", "petType": "cat", "huntingSkill": skill}]).to_string()
        })
        .collect();
    let inputs: Vec<ResponseInput<'_>> = bodies
        .iter()
        .map(|body| ResponseInput {
            method: "GET",
            url: "http://127.0.0.1:8080/v1/pets?limit=1",
            status: 200,
            headers: &headers,
            body: body.as_bytes(),
        })
        .collect();
    let start = Instant::now();
    let checks = api.check_responses(&inputs)?;
    let violations = checks.iter().map(|c| c.violations().len()).sum();
    report(
        "--openapi response check (match, parse, validate)",
        start,
        violations,
    );
    Ok(())
}

fn count(results: &[Vec<SchemaViolation>]) -> usize {
    results.iter().map(Vec::len).sum()
}

fn report(what: &str, start: Instant, violations: usize) {
    let elapsed = start.elapsed();
    println!(
        "{what}: {COUNT} responses in {:.1} ms ({:.2} µs each), {violations} violations",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e6 / COUNT as f64
    );
}
