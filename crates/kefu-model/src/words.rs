//! The words a locale's pages and widget show, by key: one set per language, read by the
//! templates and the widget alike (`site/words/<locale>.toml`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A locale's words by key. Serialised as a map, so that templates read `t.contact_us`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Words(BTreeMap<String, String>);

impl Words {
    /// The word `key`; the key itself when it is missing, so that a gap shows instead of
    /// breaking the page.
    pub fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The word `key` with `{n}` replaced by `n`.
    pub fn count(&self, key: &str, n: usize) -> String {
        self.t(key).replace("{n}", &n.to_string())
    }

    /// The word `key`, if there is one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// Every key, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Sets the word `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0.insert(key.into(), value.into());
    }

    /// Takes every word of `other`, replacing the ones already here.
    pub fn overlay(&mut self, other: &Words) {
        self.0.extend(other.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// The keys of `complete` that this set lacks.
    pub fn missing<'a>(&self, complete: &'a Words) -> Vec<&'a str> {
        complete.keys().filter(|k| !self.0.contains_key(*k)).collect()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Words {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Words(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_overlays_and_gaps() {
        let english: Words = [("close", "Close"), ("found", "{n} found"), ("back", "Back")].into_iter().collect();
        let mut arabic: Words = [("close", "إغلاق")].into_iter().collect();
        assert_eq!(arabic.missing(&english), ["back", "found"]);
        let mut shown = english.clone();
        shown.overlay(&arabic);
        assert_eq!(shown.t("close"), "إغلاق");
        assert_eq!(shown.count("found", 3), "3 found");
        assert_eq!(shown.t("nope"), "nope");
        arabic.insert("back", "رجوع");
        assert_eq!(arabic.missing(&english), ["found"]);
    }
}
