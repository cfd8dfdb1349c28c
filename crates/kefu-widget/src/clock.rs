//! Time in the browser: now, the visitor's zone, and any zone's offset at an instant from
//! `Intl.DateTimeFormat` (the browser's own zone data, so the widget ships none). A zone
//! the browser does not know is `None`, never an exception: the constructor is called
//! with `catch`, since a bad `timeZone` throws a RangeError.

use js_sys::{Array, Object, Reflect};
use kefu_model::time::{Date, Instant, Offsets};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An `Intl.DateTimeFormat`.
    type ZoneFormat;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<ZoneFormat, JsValue>;

    #[wasm_bindgen(method, js_name = formatToParts)]
    fn format_to_parts(this: &ZoneFormat, date: &js_sys::Date) -> Array;

    #[wasm_bindgen(method, js_name = resolvedOptions)]
    fn resolved_options(this: &ZoneFormat) -> Object;
}

/// Offsets from the browser, one formatter per zone (a page knows a handful of zones: a
/// list, not a map, keeps hashing code out of the module).
#[derive(Default)]
pub struct BrowserZones {
    formats: RefCell<Vec<(String, Option<ZoneFormat>)>>,
}

impl BrowserZones {
    /// Calls `f` with the formatter of `zone`, made on first use; `None` for a zone the
    /// browser does not know.
    fn with_format<T>(&self, zone: &str, f: impl FnOnce(&ZoneFormat) -> Option<T>) -> Option<T> {
        let mut formats = self.formats.borrow_mut();
        let index = match formats.iter().position(|(z, _)| z == zone) {
            Some(index) => index,
            None => {
                let options = Object::new();
                for (key, value) in [
                    ("timeZone", zone),
                    ("hourCycle", "h23"),
                    ("year", "numeric"),
                    ("month", "numeric"),
                    ("day", "numeric"),
                    ("hour", "numeric"),
                    ("minute", "numeric"),
                    ("second", "numeric"),
                ] {
                    let _ = Reflect::set(&options, &key.into(), &value.into());
                }
                formats.push((zone.to_string(), ZoneFormat::new("en-US", &options).ok()));
                formats.len() - 1
            }
        };
        formats[index].1.as_ref().and_then(f)
    }
}

impl Offsets for BrowserZones {
    fn offset(&self, zone: &str, at: Instant) -> Option<i32> {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64 * 1000.0));
        let parts = self.with_format(zone, |format| Some(format.format_to_parts(&date)))?;
        let mut fields = [0i64; 6]; // year, month, day, hour, minute, second
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            let index = ["year", "month", "day", "hour", "minute", "second"].iter().position(|k| *k == kind);
            if let Some(index) = index {
                fields[index] = Reflect::get(&part, &"value".into()).ok()?.as_string()?.parse().ok()?;
            }
        }
        let date = Date::new(fields[0] as i32, fields[1] as u8, fields[2] as u8)?;
        let wall = date.days() * 86_400 + fields[3] * 3600 + fields[4] * 60 + fields[5];
        i32::try_from(wall - at).ok()
    }
}

/// Now, in seconds since 1970.
pub fn now() -> Instant {
    (js_sys::Date::now() / 1000.0) as Instant
}

/// The visitor's zone, as the browser knows it; UTC when it says nothing.
pub fn visitor_zone() -> String {
    let options = Object::new();
    ZoneFormat::new("en-US", &options)
        .ok()
        .and_then(|f| Reflect::get(&f.resolved_options(), &"timeZone".into()).ok()?.as_string())
        .unwrap_or_else(|| "UTC".into())
}
