//! A tenant's custom ATS fields, mapped into the contract by configuration
//! (`[[service.inbound]] fields = { "Field name" = "contract.path" }`).

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Put `value` at the contract path the tenant maps any of `names` to. Only
/// text, numbers and booleans are taken; a path through a list is not.
pub(crate) fn apply<'a>(
    mapped: &mut Value,
    names: impl IntoIterator<Item = &'a str>,
    value: &Value,
    fields: &BTreeMap<String, String>,
) {
    let Some(path) = names.into_iter().find_map(|name| fields.get(name)) else {
        return;
    };
    let value = match value {
        Value::String(text) if text.trim().is_empty() => return,
        Value::String(_) | Value::Bool(_) => value.clone(),
        Value::Number(n) => Value::String(n.to_string()),
        _ => return,
    };
    let parts: Vec<&str> = path.split('.').map(str::trim).collect();
    let Some((last, parents)) = parts.split_last() else {
        return;
    };
    if parts.iter().any(|p| p.is_empty()) {
        return;
    }
    let mut node = mapped;
    for part in parents {
        let Value::Object(map) = node else {
            return;
        };
        let child = map
            .entry((*part).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            return;
        }
        node = child;
    }
    if let Value::Object(map) = node {
        map.insert((*last).to_owned(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_land_on_their_path_and_nothing_else_moves() {
        let fields = BTreeMap::from([
            (
                "Country".to_owned(),
                "candidate.claimed_location.country".to_owned(),
            ),
            ("Docs".to_owned(), "documents.kind".to_owned()),
        ]);
        let mut mapped = json!({ "candidate": { "full_name": "A B" }, "documents": [] });
        apply(
            &mut mapped,
            ["country", "Country"],
            &json!("Canada"),
            &fields,
        );
        apply(&mut mapped, ["Docs"], &json!("passport"), &fields);
        apply(&mut mapped, ["Country"], &json!({ "nested": 1 }), &fields);
        apply(&mut mapped, ["Unmapped"], &json!("x"), &fields);
        assert_eq!(
            mapped,
            json!({ "candidate": { "full_name": "A B", "claimed_location": { "country": "Canada" } },
                    "documents": [] })
        );
    }
}
