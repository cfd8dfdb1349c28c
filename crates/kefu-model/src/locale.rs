//! Locale tags (BCP 47): their language, their writing direction, and the closest of a
//! site's locales to a visitor's.

/// The language subtag of `tag`, e.g. `zh` of `zh-CN`.
pub fn language(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or_default()
}

/// `rtl` for the languages written right to left, else `ltr`: the value of `dir`.
pub fn direction(tag: &str) -> &'static str {
    const RTL: [&str; 9] = ["ar", "ckb", "fa", "he", "ps", "sd", "ug", "ur", "yi"];
    let language = language(tag);
    if RTL.iter().any(|rtl| rtl.eq_ignore_ascii_case(language)) { "rtl" } else { "ltr" }
}

/// Of `available`, the one for `wanted`: the same tag, else the same language.
pub fn closest<'a>(wanted: &str, available: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let same_language = |tag: &&str| language(tag).eq_ignore_ascii_case(language(wanted));
    available
        .clone()
        .into_iter()
        .find(|tag| tag.eq_ignore_ascii_case(wanted))
        .or_else(|| available.into_iter().find(same_language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directions_and_closest_locales() {
        assert_eq!(direction("ar-EG"), "rtl");
        assert_eq!(direction("he"), "rtl");
        assert_eq!(direction("zh-CN"), "ltr");
        assert_eq!(direction("en"), "ltr");
        let site = ["zh-CN", "en"];
        assert_eq!(closest("zh-cn", site), Some("zh-CN"));
        assert_eq!(closest("zh-Hans", site), Some("zh-CN"));
        assert_eq!(closest("en-GB", site), Some("en"));
        assert_eq!(closest("fr", site), None);
    }
}
