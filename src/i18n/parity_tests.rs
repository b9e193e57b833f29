//! Every locale parses, and has exactly English's messages, attributes and variables.
//!
//! `fl!` checks the code against the English file only; this test checks the other files against
//! English, so a translation cannot miss a message, keep a stale one, or use a variable the code
//! does not pass.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// A message's shape: whether it has a value, its attributes, and the variables it uses
/// (through the messages it references too).
#[derive(Debug, PartialEq)]
struct Shape {
    value: bool,
    attributes: BTreeSet<String>,
    variables: BTreeSet<String>,
}

/// What one message uses directly: variables, and the messages it references.
#[derive(Default)]
struct Uses {
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
}

fn pattern_uses(pattern: &Pattern<&str>, uses: &mut Uses) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_uses(expression, uses);
        }
    }
}

fn expression_uses(expression: &Expression<&str>, uses: &mut Uses) {
    match expression {
        Expression::Inline(inline) => inline_uses(inline, uses),
        Expression::Select { selector, variants } => {
            inline_uses(selector, uses);
            for variant in variants {
                pattern_uses(&variant.value, uses);
            }
        }
    }
}

fn inline_uses(inline: &InlineExpression<&str>, uses: &mut Uses) {
    match inline {
        InlineExpression::VariableReference { id } => {
            uses.variables.insert(id.name.to_owned());
        }
        InlineExpression::MessageReference { id, .. } => {
            uses.references.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. }
        | InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for argument in arguments
                .positional
                .iter()
                .chain(arguments.named.iter().map(|n| &n.value))
            {
                inline_uses(argument, uses);
            }
        }
        InlineExpression::Placeable { expression } => expression_uses(expression, uses),
        _ => {}
    }
}

/// Parses one file into message shapes, or the parser's errors.
fn shapes(path: &Path) -> Result<BTreeMap<String, Shape>, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let resource = fluent_syntax::parser::parse(source.as_str()).map_err(|(_, errors)| {
        errors
            .iter()
            .map(|e| format!("{}: parse error {e:?}", path.display()))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let mut direct: BTreeMap<String, (bool, BTreeSet<String>, Uses)> = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let mut uses = Uses::default();
            if let Some(value) = &message.value {
                pattern_uses(value, &mut uses);
            }
            for attribute in &message.attributes {
                pattern_uses(&attribute.value, &mut uses);
            }
            let attributes = message.attributes.iter().map(|a| a.id.name.to_owned()).collect();
            let again = direct.insert(
                message.id.name.to_owned(),
                (message.value.is_some(), attributes, uses),
            );
            // Fluent keeps the first and drops the second: one screen would show another's text.
            if again.is_some() {
                return Err(format!(
                    "{}: {} is defined twice",
                    path.display(),
                    message.id.name
                ));
            }
        }
    }
    let mut result = BTreeMap::new();
    for (id, (value, attributes, _)) in &direct {
        // The variables of the message and, transitively, of the messages it references.
        let mut variables = BTreeSet::new();
        let mut seen = BTreeSet::new();
        let mut todo = vec![id.clone()];
        while let Some(next) = todo.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            if let Some((_, _, uses)) = direct.get(&next) {
                variables.extend(uses.variables.iter().cloned());
                todo.extend(uses.references.iter().cloned());
            }
        }
        result.insert(
            id.clone(),
            Shape {
                value: *value,
                attributes: attributes.clone(),
                variables,
            },
        );
    }
    Ok(result)
}

fn locale_files() -> Vec<(String, PathBuf)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("locales/ exists")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| {
            let code = entry.file_name().to_string_lossy().into_owned();
            (code, entry.path().join("pnp_live.ftl"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_locale_parses_and_matches_english() {
    let files = locale_files();
    assert!(files.iter().any(|(code, _)| code == "en"), "no locales/en");
    let mut problems = Vec::new();
    let mut parsed = BTreeMap::new();
    for (code, path) in &files {
        match shapes(path) {
            Ok(shapes) => {
                parsed.insert(code.clone(), shapes);
            }
            Err(e) => problems.push(e),
        }
    }
    if let Some(english) = parsed.get("en") {
        for (code, messages) in parsed.iter().filter(|(code, _)| *code != "en") {
            for (id, reference) in english {
                let Some(shape) = messages.get(id) else {
                    problems.push(format!("{code}: message `{id}` is missing"));
                    continue;
                };
                if shape.value != reference.value {
                    problems.push(format!(
                        "{code}: `{id}` has a value where English has none, or none where English has one"
                    ));
                }
                for attribute in reference.attributes.difference(&shape.attributes) {
                    problems.push(format!("{code}: `{id}` misses attribute `.{attribute}`"));
                }
                for attribute in shape.attributes.difference(&reference.attributes) {
                    problems.push(format!(
                        "{code}: `{id}` has attribute `.{attribute}` that English lacks"
                    ));
                }
                for variable in shape.variables.difference(&reference.variables) {
                    problems.push(format!(
                        "{code}: `{id}` uses `${variable}`, which the code does not pass"
                    ));
                }
                for variable in reference.variables.difference(&shape.variables) {
                    problems.push(format!(
                        "{code}: `{id}` does not use `${variable}`, which English uses"
                    ));
                }
            }
            for id in messages.keys().filter(|id| !english.contains_key(*id)) {
                problems.push(format!("{code}: message `{id}` is not in English"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} locale problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
