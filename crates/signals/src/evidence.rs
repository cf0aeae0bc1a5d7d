//! Small helpers to build evidence maps.

use serde_json::Value;

/// A place as a person says it: "Shanghai, CN".
pub(crate) fn place(city: Option<&str>, region: Option<&str>, country: Option<&str>) -> Value {
    let parts: Vec<&str> = [city, region, country]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        Value::Null
    } else {
        Value::String(parts.join(", "))
    }
}
