//! Any bytes as an index root (a small site's, which holds its shards): opening it is an
//! error or an engine, and the engine answers queries without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|root: &[u8]| {
    if let Ok(engine) = kefu_search::Engine::new(root) {
        for query in ["refund", "refu", "refnud policy", "退款", "包裹没到", "TP钱包 12", "a b c d e f g h"] {
            let _ = engine.search(query, 8);
        }
    }
});
