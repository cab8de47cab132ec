//! Hostile input, as a careless user or an attacker would give it: every case
//! ends with a non-zero exit and a French message naming the place, or with a
//! correct output; never a panic or an abort; earlier outputs byte-identical;
//! no confidential value and no content of a file outside the project in any
//! output or message.
//!
//! One module per kind of input; `support` holds the shared assertions.

mod common;

#[path = "hostile/support.rs"]
mod support;

#[path = "hostile/apply.rs"]
mod apply;
#[path = "hostile/blueprints.rs"]
mod blueprints;
#[path = "hostile/markdown.rs"]
mod markdown;
#[path = "hostile/outputs.rs"]
mod outputs;
#[path = "hostile/paths.rs"]
mod paths;
#[path = "hostile/returned.rs"]
mod returned;
#[path = "hostile/workbooks.rs"]
mod workbooks;
#[path = "hostile/yaml.rs"]
mod yaml;
