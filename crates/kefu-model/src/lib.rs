//! kefu's pure model: the part of kefu that both the generator and the widget run.
//!
//! No parsers, files, network or DOM: the generator parses and validates what authors
//! write (`kefu-core`) and encodes the result with [`codec`]; the widget decodes it and
//! runs the same code. Time, storage and network enter as arguments.

pub mod clarity;
pub mod codec;
pub mod contact;
pub mod describe;
pub mod endpoint;
pub mod flow;
pub mod hours;
pub mod locale;
pub mod outbox;
pub mod ticket;
pub mod time;
pub mod widget;
pub mod words;

pub use widget::WidgetData;
pub use words::Words;
