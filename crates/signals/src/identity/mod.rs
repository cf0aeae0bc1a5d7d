//! Identity signals: documents that do not hold together, and identity
//! attributes (documents, files, photos, résumés, contacts) shared by
//! applications under other names.

pub mod contact;
pub mod documents;
pub mod profile;
pub mod reuse;
