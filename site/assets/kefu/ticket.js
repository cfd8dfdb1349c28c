/*! kefu tickets: the ticket form and the outbox, loaded on demand. */
// The panel imports this module when the visitor opens the ticket view; the loader imports
// it on any page load while a ticket waits to be sent (its mark in localStorage). The
// decisions (the form's checks, bodies, retries) are the wasm's; this file keeps the
// outbox in IndexedDB, where attachments fit as blobs, and holds the Web Lock that keeps
// two tabs from sending at once.
import init, * as wasm from "./kefu_ticket.js";

const STORE = "outbox";
let db = null;
const open = () =>
  (db ||= new Promise((resolve, reject) => {
    const request = indexedDB.open("kefu", 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  }).catch((err) => { db = null; throw err; }));
// One request in its own transaction, resolved once the transaction is durable.
const run = (mode, fn) =>
  open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const request = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  }));

const store = {
  all: () => run("readonly", (s) => s.getAll()),
  put: (record) => run("readwrite", (s) => s.put(record)),
  remove: (key) => run("readwrite", (s) => s.delete(key)),
  // Another tab sending holds the lock: this one skips its pass and tries again later.
  lock: (name, fn) => (navigator.locks ? navigator.locks.request(name, { ifAvailable: true }, (lock) => lock && fn()) : fn()),
};

let started = null;
/** Starts the outbox (once per page): it delivers what waits. `emit(name, detail)` tells the page. */
export const deliver = (emit, onError) =>
  (started ||= init({ module_or_path: new URL("kefu_ticket_bg.wasm", import.meta.url) }).then(() => {
    wasm.onError(onError);
    wasm.start(store, emit);
    return wasm;
  }).catch((err) => { started = null; throw err; }));

/** Sends an article's "was this helpful?" to the site's feedback endpoint, if it has one. */
export const feedback = (emit, onError, data, site, url, helpful) =>
  deliver(emit, onError).then(() => wasm.feedback(data, site, url, helpful, location.href));

/** Mounts the ticket form in `container`; resolves to { unmount() }. */
export const mount = (emit, onError, container, data, site, context) =>
  deliver(emit, onError).then(() => wasm.mount(container, data, site, context));
